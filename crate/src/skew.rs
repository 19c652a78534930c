//! Clock offset learned from server Date headers, and the wire date formats
//! it reads and writes (`x-amz-date`, HTTP `Date`, ISO 8601).
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

use crate::error::CognitoError;
use crate::http::HttpResponse;

/// Offsets closer than this to the current estimate are treated as noise
/// (`Date` has one-second resolution and the reply took time to arrive).
pub const SKEW_NOISE_MS: f64 = 2_000.0;
/// A difference between signing time and server time this large makes a
/// `SignatureDoesNotMatch` count as a clock problem (AWS allows 15 minutes).
pub const LARGE_SKEW_MS: f64 = 5.0 * 60.0 * 1000.0;
/// Server times before 2001-01-01 are taken as broken and ignored.
const EARLIEST_PLAUSIBLE_MS: f64 = 978_307_200_000.0;
/// 9999-12-31T23:59:59.999Z, the last instant the formats here can write.
const LATEST_MS: f64 = 253_402_300_799_999.0;
const DAY_MS: i64 = 86_400_000;

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
    match e.name.as_str() {
        "RequestTimeTooSkewed" | "RequestExpired" | "RequestInTheFuture" => true,
        "InvalidSignatureException" | "SignatureDoesNotMatch" | "AuthFailure" => {
            message_mentions_time(&e.message)
        }
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
        e.name.as_str(),
        "SignatureDoesNotMatch" | "InvalidSignatureException"
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
    .any(|needle| crate::text::find(&m, needle).is_some())
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

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// UTC calendar fields of a Unix time.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
}

fn civil_from_ms(time_ms: f64) -> Option<Civil> {
    if !time_ms.is_finite() || !(0.0..=LATEST_MS).contains(&time_ms) {
        return None;
    }
    let ms = time_ms.floor() as i64;
    let days = ms.div_euclid(DAY_MS);
    let secs = ms.rem_euclid(DAY_MS) / 1000;
    let (year, month, day) = civil_from_days(days);
    Some(Civil {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
    })
}

/// `x-amz-date` form of a Unix time in ms: `20150830T123600Z` (seconds
/// truncated). `InvalidParameterException` for times before 1970, after
/// 9999 or not finite.
pub fn format_amz_date(time_ms: f64) -> Result<String, CognitoError> {
    let text = amz_date_bytes(time_ms)?;
    // Only ASCII digits, 'T' and 'Z': this never falls back.
    Ok(String::from_utf8(text.to_vec()).unwrap_or_default())
}

/// [`format_amz_date`] as ASCII bytes in a fixed buffer (no allocation:
/// this runs for every signature).
pub fn amz_date_bytes(time_ms: f64) -> Result<[u8; 16], CognitoError> {
    let c = civil_from_ms(time_ms)
        .ok_or_else(|| CognitoError::invalid_parameter("signing time is not a valid date"))?;
    let mut text = *b"00000000T000000Z";
    write_digits(&mut text[0..4], c.year);
    write_digits(&mut text[4..6], c.month.into());
    write_digits(&mut text[6..8], c.day.into());
    write_digits(&mut text[9..11], c.hour);
    write_digits(&mut text[11..13], c.minute);
    write_digits(&mut text[13..15], c.second);
    Ok(text)
}

/// Writes `n` (0 ≤ n < 10^len; `civil_from_ms` keeps years to four
/// digits) into `out` as exactly `out.len()` decimal digits.
fn write_digits(out: &mut [u8], n: i64) {
    let mut n = n;
    for digit in out.iter_mut().rev() {
        *digit = b'0' + n.rem_euclid(10) as u8;
        n /= 10;
    }
}

/// ISO 8601 UTC form of a Unix time in ms: `2015-08-30T12:36:00.000Z`.
pub fn format_iso8601(time_ms: f64) -> Option<String> {
    let c = civil_from_ms(time_ms)?;
    let millis = (time_ms.floor() as i64).rem_euclid(1000);
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, millis
    ))
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Unix ms of validated UTC fields (leap second 60 accepted as 59).
fn to_ms(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<f64> {
    let year = i64::from(year);
    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second <= 60;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second.min(59));
    Some(secs as f64 * 1000.0)
}

/// Parses `x-amz-date` (`20150830T123600Z`) to Unix ms.
pub fn parse_amz_date(s: &str) -> Option<f64> {
    if s.len() != 16 || s.get(8..9)? != "T" || s.get(15..)? != "Z" {
        return None;
    }
    to_ms(
        digits(s.get(0..4)?)?,
        digits(s.get(4..6)?)?,
        digits(s.get(6..8)?)?,
        digits(s.get(9..11)?)?,
        digits(s.get(11..13)?)?,
        digits(s.get(13..15)?)?,
    )
}

/// Parses an ISO 8601 timestamp as S3 and STS write it
/// (`2009-10-12T17:50:30.000Z`; fraction optional; `Z`, `+hh:mm` or
/// `-hh:mm`) to Unix ms.
pub fn parse_iso8601(s: &str) -> Option<f64> {
    let s = s.trim();
    let (date, time) = s.split_once(['T', 't'])?;
    let mut d = date.splitn(3, '-');
    let (year, month, day) = (d.next()?, d.next()?, d.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let (clock, offset_min) = split_zone(time)?;
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut t = hms.splitn(3, ':');
    let (h, m, sec) = (t.next()?, t.next()?, t.next()?);
    if h.len() != 2 || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    let base = to_ms(
        digits(year)?,
        digits(month)?,
        digits(day)?,
        digits(h)?,
        digits(m)?,
        digits(sec)?,
    )?;
    let millis = match fraction {
        Some(f) => {
            digits(f)?;
            let first3: String = f.chars().chain("000".chars()).take(3).collect();
            f64::from(digits(&first3)?)
        }
        None => 0.0,
    };
    Some(base + millis - f64::from(offset_min) * 60_000.0)
}

/// Splits `hh:mm:ss[.fff]` from its zone; returns the zone offset in minutes.
fn split_zone(time: &str) -> Option<(&str, i32)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let sign_at = time.bytes().rposition(|b| b == b'+' || b == b'-')?;
    let (clock, zone) = time.split_at_checked(sign_at)?;
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let (zh, zm) = zone.get(1..)?.split_once(':')?;
    if zh.len() != 2 || zm.len() != 2 {
        return None;
    }
    let (zh, zm) = (digits(zh)?, digits(zm)?);
    if zh > 23 || zm > 59 {
        return None;
    }
    Some((clock, sign * (zh * 60 + zm) as i32))
}

/// Parses an HTTP `Date` header in IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`; the weekday is not checked) to Unix ms.
pub fn parse_http_date(s: &str) -> Option<f64> {
    let s = s.trim();
    let rest = match s.split_once(',') {
        Some((_, rest)) => rest,
        None => s,
    };
    let mut parts = rest.split_ascii_whitespace();
    let (day, month, year, clock, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || !(zone == "GMT" || zone == "UTC") {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as u32 + 1;
    if day.len() > 2 || year.len() != 4 {
        return None;
    }
    let mut t = clock.splitn(3, ':');
    let (h, m, sec) = (t.next()?, t.next()?, t.next()?);
    if h.len() != 2 || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    to_ms(
        digits(year)?,
        month,
        digits(day)?,
        digits(h)?,
        digits(m)?,
        digits(sec)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reply_with_date(date: &str) -> HttpResponse {
        crate::http::test_reply_with(200, &[("Date", date)], "")
    }

    #[test]
    fn formats_and_parses_amz_dates() {
        let t = parse_iso8601("2015-08-30T12:36:00Z").unwrap();
        assert_eq!(t, 1_440_938_160_000.0);
        assert_eq!(format_amz_date(t).unwrap(), "20150830T123600Z");
        assert_eq!(format_amz_date(t + 999.9).unwrap(), "20150830T123600Z");
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(t));
        assert_eq!(format_amz_date(0.0).unwrap(), "19700101T000000Z");
        assert_eq!(
            format_amz_date(951_782_400_000.0).unwrap(),
            "20000229T000000Z"
        );
        assert!(format_amz_date(-1.0).is_err());
        assert!(format_amz_date(f64::NAN).is_err());
        assert!(format_amz_date(f64::INFINITY).is_err());
        assert!(format_amz_date(LATEST_MS + 1.0).is_err());
        assert_eq!(format_amz_date(LATEST_MS).unwrap(), "99991231T235959Z");
        assert_eq!(parse_amz_date("20150230T123600Z"), None);
        assert_eq!(parse_amz_date("2015083OT123600Z"), None);
    }

    #[test]
    fn parses_iso8601_as_s3_sends_it() {
        assert_eq!(
            parse_iso8601("2009-10-12T17:50:30.000Z"),
            Some(1_255_369_830_000.0)
        );
        assert_eq!(
            parse_iso8601("2009-10-12T17:50:30.5Z"),
            Some(1_255_369_830_500.0)
        );
        assert_eq!(
            parse_iso8601("2009-10-12T19:50:30+02:00"),
            Some(1_255_369_830_000.0)
        );
        assert_eq!(
            parse_iso8601("2009-10-12T15:20:30-02:30"),
            Some(1_255_369_830_000.0)
        );
        assert_eq!(
            format_iso8601(1_255_369_830_123.0).as_deref(),
            Some("2009-10-12T17:50:30.123Z")
        );
        for bad in [
            "",
            "2009-10-12",
            "2009-13-12T17:50:30Z",
            "2009-02-29T17:50:30Z",
            "2009-10-12T24:00:00Z",
            "2009-10-12T17:50:30",
            "2009-10-12T17:50:30.Z",
            "2009-10-12T17:50:30+2:00",
            "09-10-12T17:50:30Z",
            "2009-10-12T17:50:30.00xZ",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(
            parse_http_date("Thu, 26 Nov 2026 04:57:53 GMT"),
            parse_iso8601("2026-11-26T04:57:53Z")
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("Sun, 31 Nov 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("garbage"), None);
    }

    #[test]
    fn civil_conversions_agree_over_a_wide_range() {
        for days in (-800_000i64..3_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
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
        fn date_parsers_never_panic(s in "\\PC*") {
            let _ = parse_http_date(&s);
            let _ = parse_iso8601(&s);
            let _ = parse_amz_date(&s);
            let _ = server_time_from_message(&s);
        }

        #[test]
        fn iso_round_trip(ms in 0u64..253_402_300_799_999u64) {
            let ms = ms as f64;
            let iso = format_iso8601(ms).unwrap();
            prop_assert_eq!(parse_iso8601(&iso), Some(ms));
            let amz = format_amz_date(ms).unwrap();
            prop_assert_eq!(parse_amz_date(&amz), Some((ms / 1000.0).floor() * 1000.0));
        }

        #[test]
        fn formatting_never_panics(ms in proptest::num::f64::ANY) {
            let _ = format_amz_date(ms);
            let _ = format_iso8601(ms);
        }
    }
}
