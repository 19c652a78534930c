//! Clock offset learned from server Date headers (the date formats
//! themselves are in [`crate::wire::dates`]).
//!
//! A browser's clock can be minutes or hours off. AWS refuses signatures
//! more than 15 minutes from its own time, and expiry checks of tokens and
//! credentials go wrong the same way. [`ClockSkew`] keeps the server-minus-
//! local offset seen in replies; everything time-sensitive asks it for
//! [`ClockSkew::now_ms`] instead of the raw local time. A page has one
//! (`Platform::clock`): every client and every signer of the page reads and
//! teaches the same offset.
//!
//! The rules of learning:
//! - only a reply of an AWS endpoint (`https`, a host under one of
//!   [`AWS_DOMAINS`]) or of an endpoint configured with
//!   [`ClockSkew::configure`] (a client's, a call's `endpoint`) teaches; any
//!   other server's clock is not AWS's;
//! - a reply with an `Age` header was served from a cache: its `Date` is
//!   older by `Age` seconds, so the server time it tells is `Date + Age`,
//!   and it is weaker evidence than a reply served by the origin: it
//!   teaches only while nothing has been learned yet;
//! - an offset within [`SKEW_NOISE_MS`] of the current one is noise.
//!
//! In a browser the `Date` header of a cross-origin reply is readable only
//! when the server lists it in `Access-Control-Expose-Headers`; the S3
//! `RequestTimeTooSkewed` body (`ServerTime`) and the "Signature expired"
//! messages carry the server time too and are used as fallbacks.
use crate::prelude::*;

use core::cell::{Cell, RefCell};

use crate::error::{CognitoError, ErrorKind};
use crate::sigv4::split_url;
use crate::wire::dates::{parse_age, parse_amz_date, parse_http_date};
use crate::wire::http::HttpResponse;

/// Offsets closer than this to the current estimate are treated as noise
/// (`Date` has one-second resolution and the reply took time to arrive).
pub const SKEW_NOISE_MS: f64 = 2_000.0;
/// A difference between signing time and server time this large makes a
/// `SignatureDoesNotMatch` count as a clock problem (AWS allows 15 minutes).
pub const LARGE_SKEW_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Server times before 2001-01-01 are taken as broken and ignored.
const EARLIEST_PLAUSIBLE_MS: f64 = 978_307_200_000.0;
/// The domains of AWS endpoints (commercial, China, dual-stack, function
/// URLs): their replies carry AWS's clock.
pub const AWS_DOMAINS: [&str; 4] = [".amazonaws.com", ".amazonaws.com.cn", ".api.aws", ".on.aws"];
/// Most configured origins kept; the oldest goes first (a page configures
/// a handful).
const MAX_CONFIGURED: usize = 16;

/// What the current offset was learned from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// Nothing yet: the offset is zero.
    #[default]
    None,
    /// A cached reply (`Age`).
    Cached,
    /// A reply of the origin server.
    Direct,
}

/// Server-minus-local clock offset, learned from Date headers.
///
/// Interior mutability (`Cell`s): one value shared by every call of a
/// single-threaded page. Starts at zero.
#[derive(Debug, Default)]
pub struct ClockSkew {
    offset_ms: Cell<f64>,
    evidence: Cell<Evidence>,
    /// Origins (`scheme://host[:port]`) of the configured endpoints.
    configured: RefCell<Vec<String>>,
}

/// Whether `url` is an AWS endpoint: `https` and a host under one of
/// [`AWS_DOMAINS`].
pub fn is_aws_endpoint(url: &str) -> bool {
    split_url(url).is_ok_and(|u| {
        u.scheme == "https" && AWS_DOMAINS.iter().any(|domain| u.host.ends_with(domain))
    })
}

impl ClockSkew {
    /// A clock with no offset yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets replies of `endpoint`'s origin teach the offset (a client's
    /// custom endpoint, the `endpoint` of a call). A URL that does not
    /// parse is ignored.
    pub fn configure(&self, endpoint: &str) {
        let Ok(origin) = split_url(endpoint).map(|u| u.origin()) else {
            return;
        };
        let mut configured = self.configured.borrow_mut();
        if !configured.contains(&origin) {
            if configured.len() == MAX_CONFIGURED {
                configured.remove(0);
            }
            configured.push(origin);
        }
    }

    /// Whether a reply of `url` may teach the offset: an AWS endpoint or a
    /// configured one.
    pub fn may_learn_from(&self, url: &str) -> bool {
        is_aws_endpoint(url)
            || split_url(url).is_ok_and(|u| self.configured.borrow().contains(&u.origin()))
    }

    /// Learns from the `Date` (and `Age`) of a reply of `url`, received at
    /// local time `local_now_ms`, by the rules of the module. Returns
    /// whether the offset changed.
    pub fn observe(&self, url: &str, response: &HttpResponse, local_now_ms: f64) -> bool {
        let Some(date_ms) = response.header("date").and_then(parse_http_date) else {
            return false;
        };
        if !self.may_learn_from(url) {
            return false;
        }
        match response.header("age") {
            None => self.learn(date_ms, local_now_ms, Evidence::Direct),
            Some(age) => match parse_age(age) {
                Some(age_ms) if self.evidence.get() == Evidence::None => {
                    self.learn(date_ms + age_ms, local_now_ms, Evidence::Cached)
                }
                _ => false,
            },
        }
    }

    /// Learns from a server time known by other means (the error body of
    /// a reply that may teach). Returns whether the offset changed.
    pub fn observe_server_time(&self, server_ms: f64, local_now_ms: f64) -> bool {
        self.learn(server_ms, local_now_ms, Evidence::Direct)
    }

    fn learn(&self, server_ms: f64, local_now_ms: f64, evidence: Evidence) -> bool {
        if !server_ms.is_finite() || !local_now_ms.is_finite() || server_ms < EARLIEST_PLAUSIBLE_MS
        {
            return false;
        }
        self.evidence.set(evidence.max(self.evidence.get()));
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

    const AWS: &str = "https://cognito-idp.us-east-1.amazonaws.com/";

    fn reply_with(headers: &[(&str, &str)]) -> HttpResponse {
        crate::wire::http::test_reply_with(200, headers, "")
    }

    fn reply_with_date(date: &str) -> HttpResponse {
        reply_with(&[("Date", date)])
    }

    #[test]
    fn learns_the_offset_from_date_headers() {
        let skew = ClockSkew::new();
        let local = parse_iso8601("2026-01-01T12:00:00Z").unwrap();
        assert!(!skew.observe(
            AWS,
            &reply_with_date("Thu, 01 Jan 2026 12:00:01 GMT"),
            local
        ));
        assert_eq!(skew.offset_ms(), 0.0);
        assert!(skew.observe(
            AWS,
            &reply_with_date("Thu, 01 Jan 2026 12:20:00 GMT"),
            local
        ));
        assert_eq!(skew.offset_ms(), 20.0 * 60_000.0);
        assert_eq!(skew.now_ms(local), local + 20.0 * 60_000.0);
        // Within the noise band of the learned offset: unchanged.
        assert!(!skew.observe(
            AWS,
            &reply_with_date("Thu, 01 Jan 2026 12:20:01 GMT"),
            local
        ));
        // Back in sync.
        assert!(skew.observe(
            AWS,
            &reply_with_date("Thu, 01 Jan 2026 12:00:00 GMT"),
            local
        ));
        assert_eq!(skew.offset_ms(), 0.0);
        // Missing or broken dates are ignored.
        assert!(!skew.observe(AWS, &reply_with(&[]), local));
        assert!(!skew.observe(AWS, &reply_with_date("nonsense"), local));
        assert!(!skew.observe(
            AWS,
            &reply_with_date("Thu, 01 Jan 1970 00:00:00 GMT"),
            local
        ));
        assert_eq!(skew.offset_ms(), 0.0);
        skew.set_offset_ms(f64::NAN);
        assert_eq!(skew.offset_ms(), 0.0);
    }

    #[test]
    fn only_aws_and_configured_endpoints_teach() {
        let skew = ClockSkew::new();
        let local = parse_iso8601("2026-01-01T12:00:00Z").unwrap();
        let hour_ahead = reply_with_date("Thu, 01 Jan 2026 13:00:00 GMT");
        for other in [
            "https://example.com/",
            "http://cognito-idp.us-east-1.amazonaws.com/",
            "https://amazonaws.com.evil.example/",
            "https://evil-amazonaws.com/",
            "https://example.com/?host=.amazonaws.com",
            "http://127.0.0.1:4566/",
            "not a url",
        ] {
            assert!(!skew.observe(other, &hour_ahead, local), "{other}");
        }
        assert_eq!(skew.offset_ms(), 0.0);
        for aws in [
            "https://bucket.s3.eu-west-1.amazonaws.com/key",
            "https://s3.cn-north-1.amazonaws.com.cn/",
            "https://s3.dualstack.us-east-1.api.aws/",
            "https://abc.lambda-url.us-east-1.on.aws/",
        ] {
            skew.set_offset_ms(0.0);
            assert!(skew.observe(aws, &hour_ahead, local), "{aws}");
        }
        // A configured endpoint teaches, by origin (any path, not another port).
        skew.set_offset_ms(0.0);
        skew.configure("http://127.0.0.1:4566/base/");
        skew.configure("http://127.0.0.1:4566");
        skew.configure("no url");
        assert_eq!(skew.configured.borrow().len(), 1);
        assert!(!skew.observe("http://127.0.0.1:4567/", &hour_ahead, local));
        assert!(skew.observe("http://127.0.0.1:4566/bucket/key", &hour_ahead, local));
        assert_eq!(skew.offset_ms(), 3_600_000.0);
        // The list is bounded; the oldest origin goes first.
        for port in 0..MAX_CONFIGURED as u16 {
            skew.configure(&format!("http://localhost:{}/", 9000 + port));
        }
        assert!(!skew.may_learn_from("http://127.0.0.1:4566/"));
        assert!(skew.may_learn_from("http://localhost:9000/"));
    }

    #[test]
    fn cached_replies_count_their_age_and_never_overrule() {
        let local = parse_iso8601("2026-01-01T12:00:00Z").unwrap();
        // Date 12:10 served 600 s from a cache: the server said 12:20 now.
        let cached = reply_with(&[("Date", "Thu, 01 Jan 2026 12:10:00 GMT"), ("Age", "600")]);
        let skew = ClockSkew::new();
        assert!(skew.observe(AWS, &cached, local));
        assert_eq!(skew.offset_ms(), 20.0 * 60_000.0);
        // A second cached reply is no fresher evidence: ignored.
        let other = reply_with(&[("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), ("Age", "0")]);
        assert!(!skew.observe(AWS, &other, local));
        assert_eq!(skew.offset_ms(), 20.0 * 60_000.0);
        // A direct reply overrules it, and then no cached reply does.
        assert!(skew.observe(
            AWS,
            &reply_with_date("Thu, 01 Jan 2026 12:05:00 GMT"),
            local
        ));
        assert_eq!(skew.offset_ms(), 5.0 * 60_000.0);
        let fresh = ClockSkew::new();
        fresh.observe(
            AWS,
            &reply_with_date("Thu, 01 Jan 2026 12:00:00 GMT"),
            local,
        );
        assert!(
            !fresh.observe(AWS, &cached, local),
            "in sync, from the origin"
        );
        assert_eq!(fresh.offset_ms(), 0.0);
        // An unreadable Age makes the reply useless.
        let bad = reply_with(&[("Date", "Thu, 01 Jan 2026 13:00:00 GMT"), ("Age", "-5")]);
        assert!(!ClockSkew::new().observe(AWS, &bad, local));
        // Error bodies' server times are direct evidence.
        let skew = ClockSkew::new();
        assert!(skew.observe_server_time(local + 3_600_000.0, local));
        assert!(!skew.observe(AWS, &cached, local));
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
