//! `CognitoError` on the JS side: a real `Error` subclass (defined in
//! `js/cognito_error.js`) with `name`, `message` and `retryable`.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::error::CognitoError;

#[wasm_bindgen(module = "/js/cognito_error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeCognitoError)]
    fn make_cognito_error(name: &str, message: &str, retryable: bool) -> JsValue;

    #[wasm_bindgen(js_name = isCognitoError)]
    fn is_cognito_error_js(value: &JsValue) -> bool;
}

/// The JS `CognitoError` for `error`.
pub fn to_js(error: CognitoError) -> JsValue {
    make_cognito_error(&error.name, &error.message, error.retryable)
}

/// Whether `value` is a JS `CognitoError` made by this library.
pub fn is_cognito_error(value: &JsValue) -> bool {
    is_cognito_error_js(value)
}

/// A JS value thrown by code the library called (a credential provider, a
/// fetch) as a `CognitoError`: a `CognitoError` keeps its fields; another
/// `Error` keeps its `name` (`fallback_name` for a plain `Error`) and its
/// message after `context`, not retryable; anything else becomes
/// `fallback_name` with `context` as the message.
pub fn from_js(value: &JsValue, fallback_name: &str, context: &str) -> CognitoError {
    let text = |key: &str| {
        Reflect::get(value, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    };
    if !value.is_object() {
        return CognitoError::new(fallback_name, context, false);
    }
    if is_cognito_error(value) {
        // Already ours: keep it as it was.
        let retryable = Reflect::get(value, &JsValue::from_str("retryable"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let name = text("name").unwrap_or_else(|| fallback_name.to_owned());
        return CognitoError::new(name, text("message").unwrap_or_default(), retryable);
    }
    // A bare `Error` says nothing; its message is kept below.
    let name = text("name")
        .filter(|n| n != "Error")
        .unwrap_or_else(|| fallback_name.to_owned());
    let message = match text("message") {
        Some(m) => format!("{context}: {m}"),
        None => context.to_owned(),
    };
    CognitoError::new(name, message, false)
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
