//! When to repeat a failed call and how long to wait: capped exponential
//! backoff with jitter.

use crate::error::{CognitoError, ErrorKind};

/// Most attempts of one call (the first try included).
pub const MAX_ATTEMPTS: u32 = 4;
/// Backoff ceiling of the first retry (ms); it doubles per retry.
pub const BASE_DELAY_MS: u32 = 100;
/// Backoff ceiling never exceeds this (ms).
pub const MAX_DELAY_MS: u32 = 2_000;

/// How safe a call is to repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryMode {
    /// Safe to repeat: retried on throttling, 5xx and network failures
    /// (InitiateAuth, GetId, GetCredentialsForIdentity, GlobalSignOut,
    /// RevokeToken).
    Idempotent,
    /// Not safe to repeat once processed (RespondToAuthChallenge: the SRP
    /// secret block is single-use): retried only when throttled, which
    /// happens before processing.
    ThrottlingOnly,
    /// Never repeated.
    Never,
}

/// Whether `error` (from attempt number `attempt`, 0-based) should be retried.
/// `status` is the HTTP status when a reply came back.
pub fn should_retry(
    mode: RetryMode,
    error: &CognitoError,
    status: Option<u16>,
    attempt: u32,
) -> bool {
    if attempt + 1 >= MAX_ATTEMPTS {
        return false;
    }
    match mode {
        RetryMode::Idempotent => error.retryable,
        RetryMode::ThrottlingOnly => status == Some(429) || is_throttled(&error.kind),
        RetryMode::Never => false,
    }
}

/// Whether `kind` says the request was refused for its rate, before it was
/// processed, whatever the HTTP status (S3's `SlowDown` comes with 503).
/// Server errors are not in it, although [`ErrorKind::is_throttling`] makes
/// them retryable: they may come after the request was processed.
fn is_throttled(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TooManyRequestsException
            | ErrorKind::ThrottlingException
            | ErrorKind::Throttling
            | ErrorKind::ThrottledException
            | ErrorKind::RequestLimitExceeded
            | ErrorKind::SlowDown
            | ErrorKind::RequestThrottledException
            | ErrorKind::TooManyRequests
    )
}

/// Whether a call that failed with `error` may have been processed all the
/// same: no reply came (a network failure, a timeout), the reply was a
/// server error, or a success reply could not be read. A refusal the server
/// named, and throttling (which comes before processing), mean it was not.
pub fn outcome_unknown(error: &CognitoError) -> bool {
    (error.retryable && !is_throttled(&error.kind)) || error.kind == ErrorKind::InvalidResponse
}

/// Wait before retry number `attempt + 1`: "equal jitter" — half the
/// ceiling `min(MAX_DELAY_MS, BASE_DELAY_MS · 2^attempt)` plus a random part
/// of the other half (`random` from the platform's random source).
pub fn backoff_ms(attempt: u32, random: u32) -> u32 {
    let ceiling = BASE_DELAY_MS
        .checked_shl(attempt.min(16))
        .unwrap_or(MAX_DELAY_MS)
        .min(MAX_DELAY_MS);
    let half = ceiling / 2;
    half + random % (ceiling - half + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn idempotent_calls_retry_retryable_errors() {
        let throttled = CognitoError::from_aws("TooManyRequestsException", "", 400);
        let server = CognitoError::from_aws("", "", 503);
        let network = CognitoError::network("offline");
        let final_ = CognitoError::from_aws("NotAuthorizedException", "", 400);
        for (e, s) in [
            (&throttled, Some(400)),
            (&server, Some(503)),
            (&network, None),
        ] {
            assert!(should_retry(RetryMode::Idempotent, e, s, 0));
            assert!(should_retry(RetryMode::Idempotent, e, s, MAX_ATTEMPTS - 2));
            assert!(!should_retry(RetryMode::Idempotent, e, s, MAX_ATTEMPTS - 1));
        }
        assert!(!should_retry(RetryMode::Idempotent, &final_, Some(400), 0));
    }

    #[test]
    fn an_outcome_is_unknown_without_a_readable_reply_or_after_a_server_error() {
        let unknown = [
            CognitoError::network("offline"),
            CognitoError::new(ErrorKind::TimeoutError, "late", true),
            CognitoError::from_aws("", "", 503),
            CognitoError::from_aws("InternalErrorException", "", 500),
            CognitoError::from_aws("InternalErrorException", "", 400),
            CognitoError::invalid_response("not JSON"),
        ];
        for e in &unknown {
            assert!(outcome_unknown(e), "{e}");
        }
        let refused = [
            CognitoError::from_aws("TooManyRequestsException", "", 400),
            CognitoError::from_aws("ThrottlingException", "", 400),
            CognitoError::from_aws("InvalidParameterException", "", 400),
            CognitoError::from_aws("NotAuthorizedException", "", 400),
            CognitoError::new(ErrorKind::AbortError, "aborted", false),
        ];
        for e in &refused {
            assert!(!outcome_unknown(e), "{e}");
        }
    }

    #[test]
    fn challenge_answers_retry_only_throttling() {
        let throttled = CognitoError::from_aws("TooManyRequestsException", "", 400);
        let bare_429 = CognitoError::from_aws("", "", 429);
        let server = CognitoError::from_aws("InternalErrorException", "", 500);
        let network = CognitoError::network("offline");
        assert!(should_retry(
            RetryMode::ThrottlingOnly,
            &throttled,
            Some(400),
            0
        ));
        assert!(should_retry(
            RetryMode::ThrottlingOnly,
            &bare_429,
            Some(429),
            0
        ));
        assert!(!should_retry(
            RetryMode::ThrottlingOnly,
            &server,
            Some(500),
            0
        ));
        assert!(!should_retry(RetryMode::ThrottlingOnly, &network, None, 0));
        // Throttled by name, whatever the status: refused before processing.
        let slow_down = CognitoError::from_aws("SlowDown", "", 503);
        assert!(should_retry(
            RetryMode::ThrottlingOnly,
            &slow_down,
            Some(503),
            0
        ));
        let unavailable = CognitoError::from_aws("ServiceUnavailable", "", 503);
        assert!(!should_retry(
            RetryMode::ThrottlingOnly,
            &unavailable,
            Some(503),
            0
        ));
        assert!(!should_retry(RetryMode::Never, &throttled, Some(400), 0));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_ms(0, 0), 50);
        assert_eq!(backoff_ms(0, 50), 100);
        assert_eq!(backoff_ms(1, 0), 100);
        assert_eq!(backoff_ms(3, 0), 400);
        assert_eq!(backoff_ms(10, 0), MAX_DELAY_MS / 2);
        assert_eq!(
            backoff_ms(40, u32::MAX),
            MAX_DELAY_MS / 2 + u32::MAX % (MAX_DELAY_MS / 2 + 1)
        );
    }

    proptest! {
        #[test]
        fn backoff_stays_within_bounds(attempt in any::<u32>(), random in any::<u32>()) {
            let d = backoff_ms(attempt, random);
            let ceiling = BASE_DELAY_MS.saturating_mul(1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX)).min(MAX_DELAY_MS);
            prop_assert!(d >= ceiling / 2 && d <= ceiling);
        }
    }
}
