//! Clock offset learned from server Date headers (the date formats
//! themselves are in [`crate::wire::dates`]).
//!
//! A browser's clock can be minutes or hours off. AWS refuses signatures
//! more than 15 minutes from its own time, and expiry checks of tokens and
//! credentials go wrong the same way. [`ClockSkew`] keeps the server-minus-
//! local offset seen in replies; everything time-sensitive asks it for
//! [`ClockSkew::now_ms`] instead of the raw local time.
//!
//! In a browser the `Date` header of a cross-origin reply is readable only
//! when the server lists it in `Access-Control-Expose-Headers`; the S3
//! `RequestTimeTooSkewed` body (`ServerTime`) and the "Signature expired"
//! messages carry the server time too and are used as fallbacks.

use std::cell::Cell;

use crate::error::{CognitoError, ErrorKind};
use crate::wire::dates::{parse_amz_date, parse_http_date};
use crate::wire::http::HttpResponse;

/// Offsets closer than this to the current estimate are treated as noise
/// (`Date` has one-second resolution and the reply took time to arrive).
pub const SKEW_NOISE_MS: f64 = 2_000.0;
/// A difference between signing time and server time this large makes a
/// `SignatureDoesNotMatch` count as a clock problem (AWS allows 15 minutes).
pub const LARGE_SKEW_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Server times before 2001-01-01 are taken as broken and ignored.
const EARLIEST_PLAUSIBLE_MS: f64 = 978_307_200_000.0;

/// Server-minus-local clock offset, learned from Date headers.
///
/// Interior mutability (a `Cell`): one value shared by every call of a
/// single-threaded client. Starts at zero.
#[derive(Debug, Default)]
pub struct ClockSkew {
    offset_ms: Cell<f64>,
}

impl ClockSkew {
    /// A clock with no offset yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Learns from a reply's `Date` header, received at local time
    /// `local_now_ms`. Replies that carry an `Age` header (served from a
    /// cache) and unreadable dates are ignored. Returns whether the offset
    /// changed.
    pub fn observe(&self, response: &HttpResponse, local_now_ms: f64) -> bool {
        if response.header("age").is_some() {
            return false;
        }
        match response.header("date").and_then(parse_http_date) {
            Some(server_ms) => self.observe_server_time(server_ms, local_now_ms),
            None => false,
        }
    }

    /// Learns from a server time known by other means (an error body).
    /// Returns whether the offset changed.
    pub fn observe_server_time(&self, server_ms: f64, local_now_ms: f64) -> bool {
        if !server_ms.is_finite() || !local_now_ms.is_finite() || server_ms < EARLIEST_PLAUSIBLE_MS
        {
            return false;
        }
        let measured = server_ms - local_now_ms;
        if (measured - self.offset_ms.get()).abs() <= SKEW_NOISE_MS {
            return false;
        }
        self.offset_ms.set(measured);
        true
    }

    /// The server's time now, given the local time: `local + offset`.
    pub fn now_ms(&self, local_now_ms: f64) -> f64 {
        local_now_ms + self.offset_ms.get()
    }

    /// Current server-minus-local offset in milliseconds.
    pub fn offset_ms(&self) -> f64 {
        self.offset_ms.get()
    }

    /// Sets the offset (restoring a saved value, tests). Non-finite values
    /// reset it to zero.
    pub fn set_offset_ms(&self, offset_ms: f64) {
        self.offset_ms.set(if offset_ms.is_finite() {
            offset_ms
        } else {
            0.0
        });
    }
}

/// True when the error says the request time was refused:
/// `RequestTimeTooSkewed`, `RequestExpired`, `RequestInTheFuture`, or an
/// `InvalidSignatureException` / `SignatureDoesNotMatch` / `AuthFailure`
/// whose message talks about the time ("Signature expired", "not yet
/// current", …). A bare `SignatureDoesNotMatch` is a clock problem only when
/// the clock is known to be far off: see [`is_clock_skew_refusal`].
pub fn is_clock_skew_error(e: &CognitoError) -> bool {
    match e.kind {
        ErrorKind::RequestTimeTooSkewed
        | ErrorKind::RequestExpired
        | ErrorKind::RequestInTheFuture => true,
        ErrorKind::InvalidSignatureException
        | ErrorKind::SignatureDoesNotMatch
        | ErrorKind::AuthFailure => message_mentions_time(&e.message),
        _ => false,
    }
}

/// [`is_clock_skew_error`], or a signature refusal for a request signed at
/// `signed_time_ms` while the (corrected) server time was
/// `server_now_ms`, more than [`LARGE_SKEW_MS`] apart.
pub fn is_clock_skew_refusal(e: &CognitoError, signed_time_ms: f64, server_now_ms: f64) -> bool {
    if is_clock_skew_error(e) {
        return true;
    }
    matches!(
        e.kind,
        ErrorKind::SignatureDoesNotMatch | ErrorKind::InvalidSignatureException
    ) && (server_now_ms - signed_time_ms).abs() > LARGE_SKEW_MS
}

fn message_mentions_time(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "signature expired",
        "not yet current",
        "skew",
        "request time",
        "clock",
    ]
    .iter()
    .any(|needle| crate::wire::text::find(&m, needle).is_some())
}

/// The server time in an AWS "Signature expired" / "not yet current"
/// message: the `x-amz-date` value after the last `(`, as in
/// `… (20150830T125100Z - 15 min.)`.
pub fn server_time_from_message(message: &str) -> Option<f64> {
    message
        .split('(')
        .skip(1)
        .filter_map(|after| parse_amz_date(after.get(..16)?))
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::dates::parse_iso8601;
    use proptest::prelude::*;

    fn reply_with_date(date: &str) -> HttpResponse {
        crate::wire::http::test_reply_with(200, &[("Date", date)], "")
    }

    #[test]
    fn learns_the_offset_from_date_headers() {
        let skew = ClockSkew::new();
        let local = parse_iso8601("2026-01-01T12:00:00Z").unwrap();
        assert!(!skew.observe(&reply_with_date("Thu, 01 Jan 2026 12:00:01 GMT"), local));
        assert_eq!(skew.offset_ms(), 0.0);
        assert!(skew.observe(&reply_with_date("Thu, 01 Jan 2026 12:20:00 GMT"), local));
        assert_eq!(skew.offset_ms(), 20.0 * 60_000.0);
        assert_eq!(skew.now_ms(local), local + 20.0 * 60_000.0);
        // Within the noise band of the learned offset: unchanged.
        assert!(!skew.observe(&reply_with_date("Thu, 01 Jan 2026 12:20:01 GMT"), local));
        // Back in sync.
        assert!(skew.observe(&reply_with_date("Thu, 01 Jan 2026 12:00:00 GMT"), local));
        assert_eq!(skew.offset_ms(), 0.0);
        // Cached replies, missing or broken dates are ignored.
        let mut cached = reply_with_date("Thu, 01 Jan 2026 13:00:00 GMT");
        cached.headers.push(("Age".into(), "3600".into()));
        assert!(!skew.observe(&cached, local));
        assert!(!skew.observe(&reply_with_date("nonsense"), local));
        assert!(!skew.observe(&reply_with_date("Thu, 01 Jan 1970 00:00:00 GMT"), local));
        assert_eq!(skew.offset_ms(), 0.0);
        skew.set_offset_ms(f64::NAN);
        assert_eq!(skew.offset_ms(), 0.0);
    }

    #[test]
    fn recognises_clock_skew_errors() {
        let e = |name: &str, msg: &str| CognitoError::from_aws(name, msg, 403);
        assert!(is_clock_skew_error(&e(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large."
        )));
        assert!(is_clock_skew_error(&e(
            "InvalidSignatureException",
            "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z (20150830T125100Z - 15 min.)"
        )));
        assert!(is_clock_skew_error(&e(
            "InvalidSignatureException",
            "Signature not yet current: 20150830T123600Z is still later than 20150830T122600Z (20150830T121100Z + 15 min.)"
        )));
        assert!(is_clock_skew_error(&e("RequestExpired", "")));
        assert!(!is_clock_skew_error(&e(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method."
        )));
        assert!(!is_clock_skew_error(&e("AccessDenied", "Access Denied")));
        let plain = e("SignatureDoesNotMatch", "does not match");
        assert!(!is_clock_skew_refusal(&plain, 0.0, 60_000.0));
        assert!(is_clock_skew_refusal(&plain, 0.0, LARGE_SKEW_MS + 1.0));
        assert!(!is_clock_skew_refusal(
            &e("AccessDenied", ""),
            0.0,
            LARGE_SKEW_MS * 10.0
        ));
    }

    #[test]
    fn reads_server_time_from_expiry_messages() {
        assert_eq!(
            server_time_from_message(
                "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z (20150830T125100Z - 15 min.)"
            ),
            parse_iso8601("2015-08-30T12:51:00Z")
        );
        assert_eq!(
            server_time_from_message(
                "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z (20150830T125100Z - 15 min.) (request id: 1)"
            ),
            parse_iso8601("2015-08-30T12:51:00Z")
        );
        assert_eq!(server_time_from_message("no time here"), None);
        assert_eq!(server_time_from_message("cut (2015"), None);
    }

    proptest! {
        #[test]
        fn server_time_parser_never_panics(s in "\\PC*") {
            let _ = server_time_from_message(&s);
        }
    }
}
