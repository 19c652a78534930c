//! HTTP requests and responses as plain values: the sans-IO core builds
//! requests and reads responses; a transport (fetch in the browser, a fake in
//! tests) moves them.
//!
//! Their `Debug` output is safe to log: bodies (passwords, tokens,
//! credentials) appear as their length only, and the values of the headers
//! [`is_secret_header`] names and of the query parameters
//! [`is_secret_query_key`] names (a presigned URL's) as `<redacted>`.
use crate::prelude::*;

use core::fmt;

use crate::error::CognitoError;
use crate::wire::decimal::parse_usize;

/// Headers whose values are credentials: `Authorization`,
/// `X-Amz-Security-Token`, `Cookie` and `Set-Cookie` (any case).
pub fn is_secret_header(name: &str) -> bool {
    [
        "authorization",
        "x-amz-security-token",
        "cookie",
        "set-cookie",
    ]
    .iter()
    .any(|secret| name.eq_ignore_ascii_case(secret))
}

/// Query parameters whose values make a URL a credential: a presigned
/// URL's `X-Amz-Signature` and `X-Amz-Security-Token` (any case).
pub fn is_secret_query_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("x-amz-signature") || key.eq_ignore_ascii_case("x-amz-security-token")
}

/// `url` with the values of secret query parameters replaced.
fn redacted_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let mut out = text!(base, "?");
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((key, _)) if is_secret_query_key(key) => {
                out.push_str(key);
                out.push_str("=<redacted>");
            }
            _ => out.push_str(pair),
        }
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Headers for `Debug`: names, and values unless secret.
struct DebugHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for DebugHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, value)| {
                let value = if is_secret_header(name) {
                    "<redacted>"
                } else {
                    value.as_str()
                };
                (name.as_str(), value)
            }))
            .finish()
    }
}

/// A body for `Debug`: its length only.
struct DebugBody(usize);

impl fmt::Debug for DebugBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// A request the core wants sent. `Debug` hides its secrets (see the
/// module).
#[derive(Clone, PartialEq, Eq)]
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

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redacted_url(&self.url))
            .field("headers", &DebugHeaders(&self.headers))
            .field("body", &DebugBody(self.body.len()))
            .finish()
    }
}

/// A response handed back to the core. `Debug` hides its secrets (see the
/// module).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// Response body.
    pub body: Vec<u8>,
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &DebugHeaders(&self.headers))
            .field("body", &DebugBody(self.body.len()))
            .finish()
    }
}

impl HttpResponse {
    /// The first header with this name, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether some of the body is missing: fewer bytes than its
    /// `Content-Length`. Fetch makes a connection closed mid-body a network
    /// error, but some engines (WebKit) hand the partial body over as
    /// complete. A decoded (compressed) body may differ from its
    /// `Content-Length` too, so callers treat a reply as cut short only when
    /// its body also fails to parse. An empty body (left unread) is never
    /// cut short.
    pub fn cut_short(&self) -> bool {
        !self.body.is_empty()
            && self
                .header("content-length")
                .and_then(|v| parse_usize(v.trim()))
                .is_some_and(|length| self.body.len() < length)
    }

    /// The body as UTF-8 text, or `InvalidResponse`.
    pub fn text(&self) -> Result<&str, CognitoError> {
        core::str::from_utf8(&self.body)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_shorter_than_its_content_length_is_cut_short() {
        let reply = |length: &str, body: &str| HttpResponse {
            status: 200,
            headers: vec![("Content-Length".into(), length.into())],
            body: body.as_bytes().to_vec(),
        };
        assert!(reply("10", "{\"a\":").cut_short());
        assert!(!reply("5", "{\"a\":").cut_short(), "as long as announced");
        assert!(
            !reply("10", "{\"a\":1,\"b\":2}").cut_short(),
            "longer: decoded"
        );
        assert!(!reply("10", "").cut_short(), "an unread body");
        assert!(!reply("ten", "{").cut_short(), "no usable length");
    }

    #[test]
    fn debug_output_hides_bodies_and_credentials() {
        let request = HttpRequest {
            method: "POST".into(),
            url: "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2Fscope&X-Amz-Security-Token=sess-tok&x-amz-signature=f00d#frag".into(),
            headers: vec![
                ("authorization".into(), "AWS4-HMAC-SHA256 Credential=AKID/x, Signature=beef".into()),
                ("X-Amz-Security-Token".into(), "sess-tok".into()),
                ("X-Amz-Target".into(), "AWSCognitoIdentityProviderService.InitiateAuth".into()),
            ],
            body: br#"{"AuthParameters":{"PASSWORD":"hunter2"}}"#.to_vec(),
        };
        let shown = format!("{request:?}");
        for secret in ["hunter2", "sess-tok", "beef", "f00d", "PASSWORD"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for kept in [
            "POST",
            "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKID%2Fscope&X-Amz-Security-Token=<redacted>&x-amz-signature=<redacted>#frag",
            "AWSCognitoIdentityProviderService.InitiateAuth",
            "authorization",
            "<41 bytes>",
        ] {
            assert!(shown.contains(kept), "{kept} missing from {shown}");
        }
        let response = HttpResponse {
            status: 200,
            headers: vec![
                ("Set-Cookie".into(), "sid=abc123".into()),
                ("Date".into(), "Thu, 01 Jan 2026 12:00:00 GMT".into()),
            ],
            body: br#"{"AuthenticationResult":{"IdToken":"eyJ.id.tok"}}"#.to_vec(),
        };
        let shown = format!("{response:?}");
        assert!(
            !shown.contains("abc123") && !shown.contains("eyJ"),
            "{shown}"
        );
        assert!(
            shown.contains("200") && shown.contains("Thu, 01 Jan 2026"),
            "{shown}"
        );
        assert_eq!(redacted_url("https://h/p"), "https://h/p");
    }
}
