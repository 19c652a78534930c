//! The one error type of the library: an AWS-style `name`, a message and
//! whether retrying may help.

use std::fmt;

/// Every failure the library reports.
///
/// `name` is the AWS error type without its namespace prefix
/// (`NotAuthorizedException`, `AccessDenied`, …) or one of the library's own
/// names (see the associated constants). Messages never contain secrets,
/// tokens or passwords.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoError {
    /// AWS error type or library error name.
    pub name: String,
    /// Human-readable explanation, safe to show and log.
    pub message: String,
    /// Whether repeating the same call later may succeed.
    pub retryable: bool,
}

impl CognitoError {
    /// The configuration was refused before any request was made.
    pub const INVALID_CONFIG: &'static str = "InvalidConfig";
    /// The request did not reach the server or no reply came back.
    pub const NETWORK_ERROR: &'static str = "NetworkError";
    /// The server's reply could not be understood.
    pub const INVALID_RESPONSE: &'static str = "InvalidResponse";
    /// The call needs a signed-in user and there is none.
    pub const NOT_SIGNED_IN: &'static str = "NotSignedIn";
    /// A value given by the caller was refused before any request was made.
    pub const INVALID_PARAMETER: &'static str = "InvalidParameterException";

    /// Builds an error from its parts.
    #[inline(never)]
    pub fn new(name: impl Into<String>, message: impl Into<String>, retryable: bool) -> Self {
        Self {
            name: name.into(),
            message: message.into(),
            retryable,
        }
    }

    /// `InvalidConfig`: bad configuration, refused before any request.
    #[inline(never)]
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new(Self::INVALID_CONFIG, message, false)
    }

    /// `InvalidParameterException`: a bad argument, refused before any request.
    #[inline(never)]
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(Self::INVALID_PARAMETER, message, false)
    }

    /// `InvalidResponse`: a reply that could not be parsed or is missing a field.
    #[inline(never)]
    pub fn invalid_response(message: impl Into<String>) -> Self {
        Self::new(Self::INVALID_RESPONSE, message, false)
    }

    /// `NetworkError`: the request failed before a reply; retryable.
    #[inline(never)]
    pub fn network(message: impl Into<String>) -> Self {
        Self::new(Self::NETWORK_ERROR, message, true)
    }

    /// `NotSignedIn`: the call needs a signed-in user.
    #[inline(never)]
    pub fn not_signed_in(message: impl Into<String>) -> Self {
        Self::new(Self::NOT_SIGNED_IN, message, false)
    }

    /// An error reported by an AWS service: `error_type` may carry a
    /// namespace prefix (`com.amazon…#NotAuthorizedException`) or a suffix
    /// after `:` (as in the `x-amzn-ErrorType` header); only the bare name is
    /// kept. Throttling and server errors are marked retryable.
    pub fn from_aws(error_type: &str, message: impl Into<String>, status: u16) -> Self {
        let name = bare_error_name(error_type);
        let name = if name.is_empty() {
            if status >= 500 {
                "InternalErrorException"
            } else {
                "UnknownError"
            }
        } else {
            name
        };
        let retryable = status >= 500 || status == 429 || is_throttling(name);
        Self::new(name, message, retryable)
    }
}

/// Strips a namespace prefix (`…#Name`) and a header suffix (`Name:http://…`).
pub fn bare_error_name(error_type: &str) -> &str {
    let after_hash = crate::wire::text::after_last(error_type, b'#');
    after_hash.split(':').next().unwrap_or(after_hash).trim()
}

/// Error names that mean "slow down and try again".
fn is_throttling(name: &str) -> bool {
    matches!(
        name,
        "TooManyRequestsException"
            | "ThrottlingException"
            | "Throttling"
            | "ThrottledException"
            | "RequestLimitExceeded"
            | "SlowDown"
            | "InternalErrorException"
            | "InternalError"
            | "ServiceUnavailable"
    )
}

impl fmt::Display for CognitoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl std::error::Error for CognitoError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixed_names_are_stripped() {
        let e = CognitoError::from_aws(
            "com.amazonaws.cognito.identity.idp.model#NotAuthorizedException",
            "Incorrect username or password.",
            400,
        );
        assert_eq!(e.name, "NotAuthorizedException");
        assert!(!e.retryable);
        assert_eq!(
            bare_error_name("NotAuthorizedException:http://internal.amazon.com/coral/"),
            "NotAuthorizedException"
        );
    }

    #[test]
    fn throttling_and_server_errors_are_retryable() {
        assert!(CognitoError::from_aws("TooManyRequestsException", "", 400).retryable);
        assert!(CognitoError::from_aws("", "", 503).retryable);
        assert_eq!(
            CognitoError::from_aws("", "", 503).name,
            "InternalErrorException"
        );
        assert!(!CognitoError::from_aws("ResourceNotFoundException", "", 400).retryable);
    }
}
