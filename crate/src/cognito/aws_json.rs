//! The AWS JSON 1.1 protocol shared by cognito-idp and cognito-identity:
//! a POST with a JSON body and an `X-Amz-Target` header; errors as
//! `{"__type", "message"}` (and the `x-amzn-ErrorType` header).
use crate::prelude::*;

use crate::error::CognitoError;
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::json::{self, Value};

/// Content type of every request.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// Longest server error message kept (characters).
const MAX_MESSAGE_CHARS: usize = 500;

/// A POST of `body` to `endpoint` for the operation `target`
/// (`AWSCognitoIdentityProviderService.InitiateAuth`).
pub fn request(endpoint: &str, target: &str, body: &Value) -> HttpRequest {
    HttpRequest {
        method: "POST".to_owned(),
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type".to_owned(), CONTENT_TYPE.to_owned()),
            ("X-Amz-Target".to_owned(), target.to_owned()),
        ],
        body: body.to_json().into_bytes(),
    }
}

/// The JSON object of a successful (2xx) reply; any other status becomes the
/// service's error ([`error_from_response`]). An empty 2xx body counts as `{}`.
pub fn parse_reply(response: &HttpResponse, operation: &str) -> Result<Value, CognitoError> {
    if !(200..300).contains(&response.status) {
        return Err(error_from_response(response));
    }
    let text = response.text()?;
    if text.trim().is_empty() {
        return Ok(Value::Object(Vec::new()));
    }
    let value = json::parse(text)
        .map_err(|e| CognitoError::invalid_response(text!(operation, " reply: ", e.message)))?;
    if value.as_object().is_none() {
        return Err(CognitoError::invalid_response(text!(
            operation,
            " reply is not a JSON object"
        )));
    }
    Ok(value)
}

/// The error an AWS JSON service reported: the type from the body's
/// `__type` (or `code`), else from the `x-amzn-ErrorType` header, namespace
/// prefix stripped; the body's `message` (or `Message`), else `HTTP <status>`.
/// The body's Content-Type is ignored (emulators send JSON as `text/html`);
/// a body that is not JSON (a proxy's HTML page) only loses its details.
pub fn error_from_response(response: &HttpResponse) -> CognitoError {
    let body = response
        .text()
        .ok()
        .and_then(|t| json::parse(t).ok())
        .filter(|v| v.as_object().is_some());
    let body_type = body
        .as_ref()
        .and_then(|b| b.get_str("__type").or_else(|| b.get_str("code")))
        .filter(|t| !t.trim().is_empty());
    let error_type = body_type
        .or_else(|| response.header("x-amzn-ErrorType"))
        .unwrap_or("");
    let message = body
        .as_ref()
        .and_then(|b| b.get_str("message").or_else(|| b.get_str("Message")))
        .filter(|m| !m.is_empty())
        .map(|m| m.chars().take(MAX_MESSAGE_CHARS).collect::<String>())
        .unwrap_or_else(|| text!("HTTP ", response.status));
    CognitoError::from_aws(error_type, message, response.status)
}

/// The string member `key` of `object`, or an `InvalidResponse` naming the
/// field as `<operation> reply has no <path><key>` (values are never shown).
pub fn required_str<'a>(
    object: &'a Value,
    key: &str,
    operation: &str,
    path: &str,
) -> Result<&'a str, CognitoError> {
    object
        .get_str(key)
        .ok_or_else(|| missing(operation, path, key))
}

/// `InvalidResponse`: `<operation> reply has no <path><key>`.
pub fn missing(operation: &str, path: &str, key: &str) -> CognitoError {
    CognitoError::invalid_response(text!(operation, " reply has no ", path, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    use crate::wire::http::test_reply_with as reply;

    #[test]
    fn request_shape() {
        let r = request(
            "https://cognito-idp.eu-west-1.amazonaws.com/",
            "AWSCognitoIdentityProviderService.InitiateAuth",
            &Value::string_map([("ClientId", "c")]),
        );
        assert_eq!(r.method, "POST");
        assert_eq!(r.url, "https://cognito-idp.eu-west-1.amazonaws.com/");
        assert_eq!(
            r.headers,
            vec![
                (
                    "Content-Type".to_owned(),
                    "application/x-amz-json-1.1".to_owned()
                ),
                (
                    "X-Amz-Target".to_owned(),
                    "AWSCognitoIdentityProviderService.InitiateAuth".to_owned()
                ),
            ]
        );
        assert_eq!(r.body, br#"{"ClientId":"c"}"#);
    }

    #[test]
    fn prefixed_type_in_body() {
        let e = error_from_response(&reply(
            400,
            &[("Content-Type", "text/html")],
            r#"{"__type":"com.amazonaws.cognito.identity.idp.model#NotAuthorizedException","message":"Incorrect username or password."}"#,
        ));
        assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
        assert_eq!(e.message, "Incorrect username or password.");
        assert!(!e.retryable);
    }

    #[test]
    fn header_only_type() {
        let e = error_from_response(&reply(
            400,
            &[(
                "X-Amzn-ErrorType",
                "UserNotFoundException:http://internal.amazon.com/",
            )],
            "",
        ));
        assert_eq!(e.name(), "UserNotFoundException");
        assert_eq!(e.message, "HTTP 400");
        let e = error_from_response(&reply(
            400,
            &[("x-amzn-errortype", "ResourceNotFoundException")],
            r#"{"Message":"Identity pool not found"}"#,
        ));
        assert_eq!(e.kind, ErrorKind::ResourceNotFoundException);
        assert_eq!(e.message, "Identity pool not found");
    }

    #[test]
    fn non_json_server_error() {
        let e = error_from_response(&reply(503, &[], "<html>Service Unavailable</html>"));
        assert_eq!(e.kind, ErrorKind::InternalErrorException);
        assert_eq!(e.message, "HTTP 503");
        assert!(e.retryable);
        let e = error_from_response(&reply(429, &[], "\u{1}"));
        assert!(e.retryable);
    }

    #[test]
    fn throttling_is_retryable() {
        let e = error_from_response(&reply(
            400,
            &[],
            r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#,
        ));
        assert_eq!(e.kind, ErrorKind::TooManyRequestsException);
        assert!(e.retryable);
    }

    #[test]
    fn long_messages_are_cut() {
        let long = "x".repeat(5000);
        let e = error_from_response(&reply(
            400,
            &[],
            &format!(r#"{{"__type":"A","message":"{long}"}}"#),
        ));
        assert_eq!(e.message.len(), MAX_MESSAGE_CHARS);
    }

    #[test]
    fn successful_replies() {
        assert_eq!(
            parse_reply(&reply(200, &[], ""), "GlobalSignOut").unwrap(),
            Value::Object(vec![])
        );
        let v = parse_reply(&reply(200, &[], r#"{"IdentityId":"x"}"#), "GetId").unwrap();
        assert_eq!(v.get_str("IdentityId"), Some("x"));
        let e = parse_reply(&reply(200, &[], "[1]"), "GetId").unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidResponse);
        let e = parse_reply(&reply(200, &[], "{oops"), "GetId").unwrap_err();
        assert!(e.message.starts_with("GetId reply: invalid JSON"));
        let e = parse_reply(
            &reply(
                400,
                &[],
                r#"{"__type":"InvalidParameterException","message":"m"}"#,
            ),
            "GetId",
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
        let missing = required_str(&v, "Nope", "GetId", "").unwrap_err();
        assert_eq!(missing.message, "GetId reply has no Nope");
    }

    proptest! {
        #[test]
        fn error_parsing_never_panics(status in 0u16..1000, body in proptest::collection::vec(any::<u8>(), 0..200), header in "\\PC*") {
            let r = HttpResponse { status, headers: vec![("x-amzn-ErrorType".into(), header)], body };
            let e = error_from_response(&r);
            prop_assert!(!e.name().is_empty());
            let _ = parse_reply(&r, "Op");
        }
    }
}
