//! The wire date formats: `x-amz-date` (`20150830T123600Z`), HTTP `Date`
//! (RFC 7231 IMF-fixdate and its obsolete forms) and ISO 8601 as S3 and
//! Cognito send it. Times are milliseconds since the Unix epoch (`f64`, as
//! `Date.now()` gives them); nothing here panics on any input.
use crate::prelude::*;

use crate::error::CognitoError;
use crate::wire::decimal::parse_u64;

// The ISO 8601 and HTTP date parsers: the JavaScript engine's (a regular
// expression and `Date`, in `crate/js/host.js`) in the browser build,
// smaller there (BENCHMARKS.md §7); the Rust ones natively. Both accept the
// same text and give the same times (`crate/tests/wire_fixtures`, run by
// `cargo test` and by the browser tests in browser_wire.rs).
#[cfg(target_arch = "wasm32")]
mod engine;
#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(target_arch = "wasm32")]
use engine as backend;
#[cfg(not(target_arch = "wasm32"))]
use native as backend;

/// 9999-12-31T23:59:59.999Z, the last instant the formats here can write.
const LATEST_MS: f64 = 253_402_300_799_999.0;
const DAY_MS: i64 = 86_400_000;

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

/// The (year, month 1–12, day 1–31) of a day count since 1970-01-01 in
/// the proleptic Gregorian calendar (H. Hinnant's `civil_from_days`), for
/// any `days` up to `i64::MAX − 719 468`.
///
/// The products are `wrapping_mul`, exact here: `era · 146 097` is at most
/// `|z|`, `era · 400` less, and the other factors are below 146 097. A
/// checked `i64` multiply, as debug builds make `*`, is a call to the
/// 128-bit `__multi3` in wasm, which JavaScriptCore was seen to miscompute
/// in the debug test builds (BENCHMARKS.md §7, "SRP in WebKit"); this runs
/// just before every SRP claim (its TIMESTAMP), so the debug test builds
/// now run the instructions the package ships.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era.wrapping_mul(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (yoe.wrapping_mul(365) + yoe / 4 - yoe / 100);
    let mp = (doy.wrapping_mul(5) + 2) / 153;
    let day = (doy - (mp.wrapping_mul(153) + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era.wrapping_mul(400) + i64::from(month <= 2);
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
pub(crate) fn write_digits(out: &mut [u8], n: i64) {
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
    let mut text = *b"0000-00-00T00:00:00.000Z";
    write_digits(&mut text[0..4], c.year);
    write_digits(&mut text[5..7], c.month.into());
    write_digits(&mut text[8..10], c.day.into());
    write_digits(&mut text[11..13], c.hour);
    write_digits(&mut text[14..16], c.minute);
    write_digits(&mut text[17..19], c.second);
    write_digits(&mut text[20..23], millis);
    // Only ASCII digits and separators: this never falls back.
    Some(String::from_utf8(text.to_vec()).unwrap_or_default())
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_u64(s).and_then(|n| u32::try_from(n).ok())
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
/// (`2009-10-12T17:50:30.000Z`; fraction of 1 to 9 digits optional; `Z`,
/// `+hh:mm` or `-hh:mm`; surrounding whitespace allowed) to Unix ms.
pub fn parse_iso8601(s: &str) -> Option<f64> {
    backend::iso8601_ms(s.trim())
}

/// Parses an HTTP `Date` header in IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`; the weekday is not checked; `UTC` for
/// `GMT` accepted; surrounding whitespace allowed) to Unix ms.
pub fn parse_http_date(s: &str) -> Option<f64> {
    backend::http_date_ms(s.trim())
}

/// Parses an HTTP `Age` header (RFC 9111 delta-seconds: digits only) to
/// milliseconds. A value too large for the formats here is capped at
/// `LATEST_MS`; anything else (a sign, a fraction, spaces inside) is
/// `None`.
pub fn parse_age(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digits beyond what a `u64` holds are still a (huge) age.
    Some(parse_u64(s).map_or(LATEST_MS, |secs| (secs as f64 * 1000.0).min(LATEST_MS)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn parses_ages() {
        assert_eq!(parse_age("0"), Some(0.0));
        assert_eq!(parse_age(" 3600 "), Some(3_600_000.0));
        assert_eq!(parse_age("99999999999999999999999"), Some(LATEST_MS));
        for bad in ["", "-1", "1.5", "+3", "1 2", "abc"] {
            assert_eq!(parse_age(bad), None, "{bad:?}");
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
        // The ends of the range: no overflow (the debug build would panic).
        for days in [i64::MIN, i64::MAX - 719_468] {
            let (_, month, day) = civil_from_days(days);
            assert!((1..=12).contains(&month) && (1..=31).contains(&day));
        }
    }

    proptest! {
        #[test]
        fn date_parsers_never_panic(s in "\\PC*") {
            let _ = parse_http_date(&s);
            let _ = parse_iso8601(&s);
            let _ = parse_amz_date(&s);
            let _ = parse_age(&s);
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
