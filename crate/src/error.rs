//! The one error type of the library: a [`ErrorKind`] matched in Rust, a
//! message and whether retrying may help.
//!
//! Inside Rust an error is its kind: code decides with `match e.kind { … }`,
//! never by comparing names. The AWS-style name string (`name` in
//! JavaScript) exists only at the edges: a reply's error type becomes a
//! kind in [`CognitoError::from_aws`], a JavaScript error's name in
//! [`ErrorKind::from_name`], and [`ErrorKind::name`] gives it back. Every
//! name the library produces or decides on is a variant, spelled exactly as
//! the name (as the AWS SDK for Rust spells its error variants), so the
//! variant and the name are one string in the source and in the wasm; any
//! other name is carried by [`ErrorKind::Other`].
use crate::prelude::*;

use core::fmt;

/// Declares [`ErrorKind`] with one variant per listed name and the table
/// [`ErrorKind::from_name`] searches, from a single list.
macro_rules! error_kinds {
    ($( $(#[$doc:meta])* $kind:ident, )*) => {
        /// What failed: one variant per error name the library produces or
        /// decides on, and [`ErrorKind::Other`] for any other name.
        #[derive(Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $( $(#[$doc])* $kind, )*
            /// Any other error name, as received (an AWS error type the
            /// library passes on without deciding on it, such as
            /// `CodeMismatchException` or `NoSuchBucket`). Made only by
            /// [`ErrorKind::from_name`], so a listed name is never here.
            Other(OtherName),
        }

        impl ErrorKind {
            /// Every kind but `Other`, searched by [`ErrorKind::from_name`].
            const NAMED: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The AWS-style name JavaScript sees (`NotAuthorizedException`,
            /// `NetworkError`, …).
            pub fn name(&self) -> &str {
                match self {
                    $(ErrorKind::$kind => stringify!($kind),)*
                    ErrorKind::Other(name) => &name.0,
                }
            }
        }
    };
}

error_kinds! {
    // ----- the library's own -----
    /// The configuration was refused before any request was made.
    InvalidConfig,
    /// A value given by the caller was refused before any request was made
    /// (also Cognito's own name for a refused parameter).
    InvalidParameterException,
    /// The server's reply could not be understood.
    InvalidResponse,
    /// The request did not reach the server or no reply came back.
    NetworkError,
    /// The call needs a signed-in user (or a pending challenge) and there
    /// is none.
    NotSignedIn,
    /// The platform has no source of secure randomness.
    CryptoUnavailable,
    /// A credential provider failed for a reason of its own.
    CredentialsProviderError,
    /// The call was aborted (an `AbortSignal`).
    AbortError,
    /// The call took longer than allowed.
    TimeoutError,
    /// An S3 listing stopped after its page limit.
    TooManyPages,
    /// An error reply that named no error type.
    UnknownError,
    // ----- AWS names the library decides on -----
    /// Wrong credentials, or a token that expired or was revoked (ends the
    /// session when a refresh gets it).
    NotAuthorizedException,
    /// The identity (pool) is unknown: a cached identity id is dropped.
    ResourceNotFoundException,
    /// The operation is turned off (token revocation disabled).
    UnsupportedOperationException,
    /// Cognito throttling.
    TooManyRequestsException,
    /// Throttling (AWS JSON services).
    ThrottlingException,
    /// Throttling (AWS query services).
    Throttling,
    /// Throttling (some AWS services).
    ThrottledException,
    /// Throttling (EC2-style services).
    RequestLimitExceeded,
    /// S3 throttling.
    SlowDown,
    /// DynamoDB throttling: the table's or account's throughput is used up.
    ProvisionedThroughputExceededException,
    /// DynamoDB throttling (on-demand tables).
    RequestThrottledException,
    /// DynamoDB: a transaction on the same item is in progress.
    TransactionInProgressException,
    /// A server error (AWS JSON services); also the name of a 5xx reply
    /// without an error type.
    InternalErrorException,
    /// An S3 server error.
    InternalError,
    /// The service is unavailable (S3, 503).
    ServiceUnavailable,
    /// The request time is too far from the server's.
    RequestTimeTooSkewed,
    /// The request (or its signature) expired.
    RequestExpired,
    /// The request time is in the server's future.
    RequestInTheFuture,
    /// A refused signature (AWS JSON services); a clock problem when its
    /// message talks about the time.
    InvalidSignatureException,
    /// A refused signature (S3).
    SignatureDoesNotMatch,
    /// A refused signature (query services).
    AuthFailure,
    /// S3 closed an idle connection: retryable.
    RequestTimeout,
    // ----- S3 replies without an error body, named after their status -----
    /// HTTP 301 from S3.
    PermanentRedirect,
    /// HTTP 307 from S3.
    TemporaryRedirect,
    /// HTTP 400 from S3.
    BadRequest,
    /// HTTP 401 from S3.
    Unauthorized,
    /// HTTP 403 from S3.
    AccessDenied,
    /// HTTP 404 from S3.
    NotFound,
    /// HTTP 405 from S3.
    MethodNotAllowed,
    /// HTTP 409 from S3.
    Conflict,
    /// HTTP 412 from S3.
    PreconditionFailed,
    /// HTTP 416 from S3.
    InvalidRange,
    /// HTTP 429 from S3.
    TooManyRequests,
    /// HTTP 501 from S3.
    NotImplemented,
}

/// An error name no listed [`ErrorKind`] has, as received.
#[derive(Clone, PartialEq, Eq)]
pub struct OtherName(Box<str>);

impl OtherName {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ErrorKind {
    /// The kind named `name`: a listed kind when its name is exactly
    /// `name`, else [`ErrorKind::Other`] carrying `name`.
    pub fn from_name(name: &str) -> ErrorKind {
        match Self::NAMED.iter().find(|kind| kind.name() == name) {
            Some(kind) => kind.clone(),
            None => ErrorKind::Other(OtherName(name.into())),
        }
    }

    /// Whether this error means "slow down and try again" (throttling and
    /// server errors that ask for it).
    pub fn is_throttling(&self) -> bool {
        use ErrorKind::*;
        matches!(
            self,
            TooManyRequestsException
                | ThrottlingException
                | Throttling
                | ThrottledException
                | RequestLimitExceeded
                | SlowDown
                | ProvisionedThroughputExceededException
                | RequestThrottledException
                | TransactionInProgressException
                | InternalErrorException
                | InternalError
                | ServiceUnavailable
        )
    }
}

impl fmt::Debug for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every failure the library reports. Messages never contain secrets,
/// tokens or passwords.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoError {
    /// What failed; its [`ErrorKind::name`] is the `name` JavaScript sees.
    pub kind: ErrorKind,
    /// Human-readable explanation, safe to show and log.
    pub message: String,
    /// Whether repeating the same call later may succeed.
    pub retryable: bool,
}

impl CognitoError {
    /// Builds an error from its parts.
    #[inline(never)]
    pub fn new(kind: ErrorKind, message: impl Into<String>, retryable: bool) -> Self {
        Self {
            kind,
            message: message.into(),
            retryable,
        }
    }

    /// The AWS-style name (`NotAuthorizedException`, `NetworkError`, …).
    pub fn name(&self) -> &str {
        self.kind.name()
    }

    /// `InvalidConfig`: bad configuration, refused before any request.
    #[inline(never)]
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidConfig, message, false)
    }

    /// `InvalidParameterException`: a bad argument, refused before any request.
    #[inline(never)]
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidParameterException, message, false)
    }

    /// `InvalidResponse`: a reply that could not be parsed or is missing a field.
    #[inline(never)]
    pub fn invalid_response(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidResponse, message, false)
    }

    /// `NetworkError`: the request failed before a reply; retryable.
    #[inline(never)]
    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NetworkError, message, true)
    }

    /// `NotSignedIn`: the call needs a signed-in user.
    #[inline(never)]
    pub fn not_signed_in(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotSignedIn, message, false)
    }

    /// An error reported by an AWS service: `error_type` may carry a
    /// namespace prefix (`com.amazon…#NotAuthorizedException`) or a suffix
    /// after `:` (as in the `x-amzn-ErrorType` header); only the bare name is
    /// kept. Without a name it is `InternalErrorException` (5xx) or
    /// `UnknownError`. Throttling and server errors are marked retryable.
    pub fn from_aws(error_type: &str, message: impl Into<String>, status: u16) -> Self {
        let name = bare_error_name(error_type);
        let kind = if !name.is_empty() {
            ErrorKind::from_name(name)
        } else if status >= 500 {
            ErrorKind::InternalErrorException
        } else {
            ErrorKind::UnknownError
        };
        Self::from_aws_kind(kind, message, status)
    }

    /// An error of `kind` in a reply with HTTP `status`: retryable for
    /// throttling kinds, 429 and 5xx.
    pub fn from_aws_kind(kind: ErrorKind, message: impl Into<String>, status: u16) -> Self {
        let retryable = status >= 500 || status == 429 || kind.is_throttling();
        Self::new(kind, message, retryable)
    }
}

/// Strips a namespace prefix (`…#Name`) and a header suffix (`Name:http://…`).
fn bare_error_name(error_type: &str) -> &str {
    let after_hash = crate::wire::text::after_last(error_type, b'#');
    after_hash.split(':').next().unwrap_or(after_hash).trim()
}

impl fmt::Display for CognitoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.message)
    }
}

impl core::error::Error for CognitoError {}

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
        assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
        assert_eq!(e.name(), "NotAuthorizedException");
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
            CognitoError::from_aws("", "", 503).kind,
            ErrorKind::InternalErrorException
        );
        assert_eq!(
            CognitoError::from_aws(" ", "", 400).kind,
            ErrorKind::UnknownError
        );
        assert!(!CognitoError::from_aws("ResourceNotFoundException", "", 400).retryable);
    }

    #[test]
    fn every_listed_name_round_trips_and_others_are_kept() {
        for kind in ErrorKind::NAMED {
            assert!(!matches!(kind, ErrorKind::Other(_)));
            assert_eq!(&ErrorKind::from_name(kind.name()), kind);
        }
        let other = ErrorKind::from_name("CodeMismatchException");
        assert!(matches!(&other, ErrorKind::Other(n) if n.as_str() == "CodeMismatchException"));
        assert_eq!(other.name(), "CodeMismatchException");
        // Names are compared exactly: another case is another name.
        assert!(matches!(
            ErrorKind::from_name("notauthorizedexception"),
            ErrorKind::Other(_)
        ));
        let e = CognitoError::new(ErrorKind::from_name("SlowDown"), "m", true);
        assert_eq!(e.to_string(), "SlowDown: m");
        assert_eq!(format!("{:?}", e.kind), "SlowDown");
    }
}
