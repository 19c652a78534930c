//! Substring search for the few places that look for a string in a string
//! (XML markers, echoed secrets, clock-skew phrases, `://`), without core's
//! two-way `StrSearcher` and its wasm (BENCHMARKS.md §5). The needles are a few bytes
//! long; a plain scan is as fast for them. Likewise the last ASCII byte of a
//! string without core's reverse char searchers. And text built from
//! pieces ([`text!`]) without `core::fmt`.
use crate::prelude::*;

/// A part of the text [`text!`] builds: a string, a character, or a whole
/// number (written in decimal, as `format!("{}")` writes it).
pub(crate) trait Piece {
    /// Appends `self` to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

/// Unsigned whole numbers, in decimal.
macro_rules! unsigned_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                push_decimal(out, u64::from(*self));
            }
        }
    )*};
}
unsigned_pieces!(u8, u16, u32, u64);

impl Piece for usize {
    fn push_to(&self, out: &mut String) {
        push_decimal(out, *self as u64);
    }
}

/// Signed whole numbers, in decimal with a `-` when negative.
macro_rules! signed_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                if *self < 0 {
                    out.push('-');
                }
                push_decimal(out, u64::from(self.unsigned_abs()));
            }
        }
    )*};
}
signed_pieces!(i32, i64);

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

/// The text of its [`Piece`]s one after the other: what `format!` makes of
/// `{}` placeholders, without `core::fmt`'s `format` and its argument tables
/// (a smaller download: BENCHMARKS.md §9, "Messages without `core::fmt`").
/// Used by the code in the npm package; code outside it keeps `format!`.
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out = $crate::prelude::String::new();
        $($crate::wire::text::Piece::push_to(&$piece, &mut out);)*
        out
    }};
}
pub(crate) use text;

/// The number of characters in `s`, as `s.chars().count()` gives it,
/// without core's word-at-a-time counter (the texts counted are short).
pub(crate) fn char_count(s: &str) -> usize {
    // Every character has exactly one byte that is not a continuation
    // byte (0b10xx_xxxx).
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
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

/// `parts` joined with nothing between them, as `[..].concat()` gives it,
/// without core's generic join (one more copy of it in the wasm).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The byte offset of the first `needle` in `text` (0 for an empty needle),
/// as `str::find` gives it. A match of valid UTF-8 in valid UTF-8 starts and
/// ends on character boundaries.
pub(crate) fn find(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle)
}

/// `text` with every `needle` replaced by `with`, left to right as
/// `str::replace` does; an empty needle changes nothing.
pub(crate) fn replace(text: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    if !needle.is_empty() {
        while let Some(i) = find(rest, needle) {
            out.push_str(rest.get(..i).unwrap_or(""));
            out.push_str(with);
            rest = rest.get(i + needle.len()..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

/// `text` split at its last ASCII `byte` (the byte itself in neither part),
/// as `str::rsplit_once` with that char gives it, without core's reverse
/// char searcher.
pub(crate) fn rsplit_once(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == byte)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// What follows the last ASCII `byte` in `text`, or all of `text` without one.
pub(crate) fn after_last(text: &str, byte: u8) -> &str {
    rsplit_once(text, byte).map_or(text, |(_, after)| after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_writes_what_format_writes() {
        let name = "region";
        let owned = String::from("eu-west-1");
        assert_eq!(
            text!("the ", name, " ", &owned, " of ", 3u8, '/', 7usize),
            format!("the {name} {owned} of {}/{}", 3u8, 7usize)
        );
        for n in [0u64, 9, 10, 99, 100, 1_000_000, u64::MAX] {
            assert_eq!(text!(n), n.to_string());
        }
        for n in [0i64, -1, 1, -10, i64::MIN, i64::MAX] {
            assert_eq!(text!(n), n.to_string());
        }
        assert_eq!(
            text!(i32::MIN, u32::MAX, u16::MAX),
            format!("{}{}{}", i32::MIN, u32::MAX, u16::MAX)
        );
    }

    #[test]
    fn parses_and_counts_like_core() {
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
        for s in ["", "a", "é", "日本", "🦀x", "a\u{10ffff}b"] {
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
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
        fn char_count_agrees_with_core(s in "\\PC{0,40}") {
            prop_assert_eq!(char_count(&s), s.chars().count());
        }

        #[test]
        fn numbers_agree_with_format(n in any::<i64>(), u in any::<u64>()) {
            prop_assert_eq!(text!(n), format!("{n}"));
            prop_assert_eq!(text!(u), format!("{u}"));
        }
    }

    #[test]
    fn finds_like_str_find() {
        for (text, needle) in [
            ("", ""),
            ("abc", ""),
            ("", "a"),
            ("<?xml?><a/>", "?>"),
            ("a]]b]]>c]]>", "]]>"),
            ("https://h:1/p", "://"),
            ("ab", "abc"),
            ("café ☕ x", "☕"),
            ("aaab", "aab"),
        ] {
            assert_eq!(find(text, needle), text.find(needle), "{text} {needle}");
        }
    }

    #[test]
    fn replaces_like_str_replace() {
        for (text, needle) in [
            ("token abcd and abcdabcd", "abcd"),
            ("aaaa", "aa"),
            ("no match", "xyz"),
            ("", "abcd"),
            ("é☕é", "☕"),
        ] {
            assert_eq!(replace(text, needle, "<r>"), text.replace(needle, "<r>"));
        }
        assert_eq!(replace("abc", "", "-"), "abc");
    }

    #[test]
    fn splits_at_the_last_byte_like_rsplit_once() {
        for text in ["", ":", "a:b:c", "abc", "é:☕:", "#x#"] {
            for byte in [b':', b'#'] {
                assert_eq!(rsplit_once(text, byte), text.rsplit_once(byte as char));
                assert_eq!(
                    after_last(text, byte),
                    text.rsplit(byte as char).next().unwrap_or(text)
                );
            }
        }
    }

    proptest! {
        #[test]
        fn agrees_with_std(text in "[ab☕]{0,12}", needle in "[ab☕]{1,3}") {
            prop_assert_eq!(find(&text, &needle), text.find(needle.as_str()));
            prop_assert_eq!(replace(&text, &needle, "x"), text.replace(needle.as_str(), "x"));
            prop_assert_eq!(rsplit_once(&text, b'a'), text.rsplit_once('a'));
        }
    }
}
