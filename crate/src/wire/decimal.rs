//! Whole numbers in decimal text, written ([`push_decimal`]) and read
//! ([`parse_u64`]) without core's formatting machinery and its parser per
//! integer type (BENCHMARKS.md §9, "Messages without `core::fmt`").
use crate::prelude::*;

/// Appends `n` in decimal, without leading zeros.
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    while let Some(digit) = start.checked_sub(1).and_then(|i| digits.get_mut(i)) {
        *digit = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(core::str::from_utf8(digits.get(start..).unwrap_or(&[])).unwrap_or(""));
}

/// The value of `s` as `s.parse::<u64>()` reads it (an optional `+`, then
/// one or more ASCII digits, and no overflow), without core's integer
/// parser, of which the wasm had a copy per integer type.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    let digits = match s.as_bytes() {
        [b'+', rest @ ..] => rest,
        all => all,
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &b in digits {
        let digit = u64::from(b.wrapping_sub(b'0'));
        // Checked before the step, so that no 128-bit multiplication is
        // needed to see an overflow.
        if digit > 9 || n > (u64::MAX - digit) / 10 {
            return None;
        }
        n = n * 10 + digit;
    }
    Some(n)
}

/// [`parse_u64`] for a `usize`.
pub(crate) fn parse_usize(s: &str) -> Option<usize> {
    parse_u64(s).and_then(|n| usize::try_from(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_like_core() {
        for s in [
            "",
            "+",
            "-",
            "0",
            "+0",
            "-0",
            "007",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            " 1",
            "1 ",
            "1_0",
            "++1",
            "٣",
        ] {
            assert_eq!(parse_u64(s), s.parse::<u64>().ok(), "{s:?}");
            assert_eq!(parse_usize(s), s.parse::<usize>().ok(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_u64_agrees_with_core(s in "[+-]?[0-9]{0,22}|[0-9+ a-]{0,6}", n in any::<u64>()) {
            prop_assert_eq!(parse_u64(&s), s.parse::<u64>().ok());
            let text = n.to_string();
            prop_assert_eq!(parse_u64(&text), Some(n));
        }

        #[test]
        fn push_decimal_writes_what_format_writes(n in any::<u64>()) {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            prop_assert_eq!(out, format!("x{n}"));
        }
    }
}
