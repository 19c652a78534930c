//! Display helpers: sizes, UTC times, remaining time, shortened secrets.

use cognito_wasm::wire::dates::format_iso8601;

/// Bytes as a human size (`512 B`, `1.5 KiB`, `12 MiB`).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = UNITS[0];
    for next in UNITS.iter().skip(1) {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    if value < 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// A time (Unix ms) as `2025-01-31 12:34:56 UTC`.
pub fn utc_time(ms: f64) -> String {
    match format_iso8601(ms) {
        Some(iso) => {
            let trimmed = iso.trim_end_matches('Z');
            let no_fraction = trimmed.split('.').next().unwrap_or(trimmed);
            format!("{} UTC", no_fraction.replacen('T', " ", 1))
        }
        None => "—".to_owned(),
    }
}

/// A time (Unix ms) in ISO 8601, for `<time datetime>`.
pub fn iso_time(ms: f64) -> String {
    format_iso8601(ms).unwrap_or_default()
}

/// Time left as `1h 02m 03s` / `4m 05s` / `12s`, or `expired`.
pub fn remaining(ms: f64) -> String {
    if !ms.is_finite() || ms <= 0.0 {
        return "expired".to_owned();
    }
    let total = (ms / 1000.0).floor() as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}h {m:02}m {s:02}s")
    } else if m > 0 {
        format!("{m}m {s:02}s")
    } else {
        format!("{s}s")
    }
}

/// The first `keep` characters of a secret-ish value, then `…` and its
/// length: enough to recognise it, not enough to use it.
pub fn shorten(value: &str, keep: usize) -> String {
    let count = value.chars().count();
    if count <= keep.saturating_mul(2) {
        return format!("…({count} chars)");
    }
    let head: String = value.chars().take(keep).collect();
    format!("{head}…({count} chars)")
}

/// Text cut to `max` characters with a note of what was left out.
pub fn truncate(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}\n… ({} more characters not shown)", count - max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(20 * 1024 * 1024), "20 MiB");
        assert_eq!(human_size(u64::MAX), "16384 PiB");
    }

    #[test]
    fn times() {
        assert_eq!(utc_time(0.0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_time(1_700_000_000_123.0), "2023-11-14 22:13:20 UTC");
        assert_eq!(remaining(0.0), "expired");
        assert_eq!(remaining(-5.0), "expired");
        assert_eq!(remaining(f64::NAN), "expired");
        assert_eq!(remaining(12_500.0), "12s");
        assert_eq!(remaining(245_000.0), "4m 05s");
        assert_eq!(remaining(3_723_000.0), "1h 02m 03s");
    }

    #[test]
    fn shortening_never_shows_a_whole_value() {
        assert_eq!(shorten("abcdefghijklmnopqrstuvwxyz", 4), "abcd…(26 chars)");
        assert_eq!(shorten("short", 4), "…(5 chars)");
        assert_eq!(shorten("", 4), "…(0 chars)");
        assert_eq!(shorten("ééééééééééé", 2), "éé…(11 chars)");
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 2), "ab\n… (4 more characters not shown)");
    }
}
