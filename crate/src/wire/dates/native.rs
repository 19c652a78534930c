//! The Rust ISO 8601 and HTTP date parsers behind [`super::parse_iso8601`]
//! and [`super::parse_http_date`] in native builds (the browser build uses
//! the JavaScript engine's instead: `engine.rs`). No panics on any input.
use crate::prelude::*;

use super::{digits, to_ms};

/// [`super::parse_iso8601`] of trimmed text.
pub fn iso8601_ms(s: &str) -> Option<f64> {
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

/// [`super::parse_http_date`] of trimmed text.
pub fn http_date_ms(s: &str) -> Option<f64> {
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
