//! `CognitoError` on the JS side: a real `Error` subclass (defined in
//! `js/host.js`) with `name`, `message` and `retryable`.
use wasm_bindgen::prelude::*;

use crate::error::CognitoError;

#[wasm_bindgen(module = "/js/host.js")]
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
