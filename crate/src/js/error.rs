//! `CognitoError` on the JS side: a real `Error` subclass (defined in
//! `js/cognito_error.js`) with `name`, `message` and `retryable`.
use crate::prelude::*;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::error::{CognitoError, ErrorKind};

#[wasm_bindgen(module = "/js/cognito_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeCognitoError)]
    fn make_cognito_error(name: &str, message: &str, retryable: bool) -> JsValue;

    #[wasm_bindgen(js_name = isCognitoError)]
    fn is_cognito_error_js(value: &JsValue) -> bool;
}

/// The JS `CognitoError` for `error`.
pub fn to_js(error: CognitoError) -> JsValue {
    make_cognito_error(error.name(), &error.message, error.retryable)
}

/// Whether `value` is a JS `CognitoError` made by this library.
pub fn is_cognito_error(value: &JsValue) -> bool {
    is_cognito_error_js(value)
}

/// Messages of the `TypeError` that `fetch` throws when no reply came, by
/// browser (the list the AWS SDK for JavaScript retries on, in
/// `@smithy/service-error-classification`).
const FETCH_FAILURES: [&str; 5] = [
    "Failed to fetch",
    "NetworkError when attempting to fetch resource.",
    "The Internet connection appears to be offline.",
    "Load failed",
    "Network request failed",
];

/// A JS value thrown by code the library called (a credential provider, a
/// fetch) as a `CognitoError`:
/// - a `CognitoError` keeps its name, message and `retryable`;
/// - `fetch`'s "no reply" `TypeError` (`FETCH_FAILURES`) is a
///   `NetworkError`;
/// - an error named as one of the library's kinds (`AbortError`,
///   `TimeoutError`, `NotAuthorizedException`, …) keeps that kind;
/// - another error whose name ends in `Error` (JavaScript's `TypeError`,
///   `RangeError`, …, or an application's class: a bug or a refusal in the
///   called code, whose name says how code failed rather than what) is
///   `fallback`, its name and message in the message;
/// - an error with any other name (an AWS SDK error such as
///   `ExpiredTokenException`) keeps that name;
/// - anything else (not an object) is `fallback` with `context` as message.
///
/// Messages start with `context`. Network errors, timeouts and throttling
/// are retryable.
pub fn from_js(value: &JsValue, fallback: ErrorKind, context: &str) -> CognitoError {
    let text = |key: &str| {
        Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    };
    if !value.is_object() {
        return CognitoError::new(fallback, context, false);
    }
    if is_cognito_error(value) {
        // Already ours: keep it as it was.
        let retryable = Reflect::get(value, &JsValue::from_str("retryable"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let kind = text("name").map_or(fallback, |n| ErrorKind::from_name(&n));
        return CognitoError::new(kind, text("message").unwrap_or_default(), retryable);
    }
    let name = text("name");
    let message = text("message");
    let (kind, detail) = match (name.as_deref(), message) {
        (Some("TypeError"), Some(m)) if FETCH_FAILURES.contains(&m.as_str()) => {
            (ErrorKind::NetworkError, Some(m))
        }
        // A bare `Error` says nothing but its message.
        (None | Some("Error"), m) => (fallback, m),
        (Some(name), m) => match ErrorKind::from_name(name) {
            ErrorKind::Other(_) if name.ends_with("Error") => (
                fallback,
                Some(match m {
                    Some(m) => format!("{name}: {m}"),
                    None => name.to_owned(),
                }),
            ),
            kind => (kind, m),
        },
    };
    let mut message = context.to_owned();
    if let Some(detail) = detail {
        message.push_str(": ");
        message.push_str(&detail);
    }
    let retryable =
        matches!(kind, ErrorKind::NetworkError | ErrorKind::TimeoutError) || kind.is_throttling();
    CognitoError::new(kind, message, retryable)
}

/// Whether `value` is a `CognitoError` thrown by cognito-wasm (every
/// rejected promise and thrown error of the library is one).
#[wasm_bindgen(js_name = isCognitoError, unchecked_return_type = "value is CognitoError")]
pub fn is_cognito_error_export(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
) -> bool {
    is_cognito_error(&value)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Error names of the library itself; AWS error types (`NotAuthorizedException`, `AccessDenied`, …) are passed through. */
export type CognitoErrorName =
  | "InvalidConfig" | "InvalidParameterException" | "NetworkError" | "InvalidResponse" | "NotSignedIn"
  | "NotAuthorizedException" | "UserNotFoundException" | "UserNotConfirmedException"
  | "PasswordResetRequiredException" | "ResourceNotFoundException" | "TooManyRequestsException"
  | "UsernameExistsException" | "InvalidPasswordException" | "CodeMismatchException" | "ExpiredCodeException"
  | "LimitExceededException"
  | "AccessDenied" | "SignatureDoesNotMatch" | "NoSuchBucket" | "NoSuchKey"
  | (string & {});

/** What every rejected promise and thrown error of cognito-wasm is: an `Error` (check with `isCognitoError`). Messages never contain secrets, tokens or passwords. */
export interface CognitoError extends Error {
  /** The AWS error type without namespace, or one of the library's own names. */
  name: CognitoErrorName;
  message: string;
  /** Whether repeating the same call later may succeed (throttling, 5xx, network). */
  retryable: boolean;
}
"#;
