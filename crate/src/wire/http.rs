//! HTTP requests and responses as plain values: the sans-IO core builds
//! requests and reads responses; a transport (fetch in the browser, a fake in
//! tests) moves them.

use crate::error::CognitoError;

/// A request the core wants sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Header names and values, in the order to send them.
    pub headers: Vec<(String, String)>,
    /// Request body (empty for GET).
    pub body: Vec<u8>,
}

/// A response handed back to the core.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// Response body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header with this name, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 text, or `InvalidResponse`.
    pub fn text(&self) -> Result<&str, CognitoError> {
        std::str::from_utf8(&self.body)
            .map_err(|_| CognitoError::invalid_response("response body is not UTF-8"))
    }
}

/// A reply with `status`, no headers and `body`, for unit tests.
#[cfg(test)]
pub(crate) fn test_reply(status: u16, body: &str) -> HttpResponse {
    test_reply_with(status, &[], body)
}

/// A reply with `status`, `headers` and `body`, for unit tests.
#[cfg(test)]
pub(crate) fn test_reply_with(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}
