//! Substring search for the few places that look for a string in a string
//! (XML markers, echoed secrets, clock-skew phrases, `://`), without core's
//! two-way `StrSearcher` and its wasm (BENCHMARKS.md §5). The needles are a few bytes
//! long; a plain scan is as fast for them. Likewise the last ASCII byte of a
//! string without core's reverse char searchers, and its characters
//! counted without core's word-at-a-time counter.
use crate::prelude::*;

/// The number of characters in `s`, as `s.chars().count()` gives it,
/// without core's word-at-a-time counter (the texts counted are short).
pub(crate) fn char_count(s: &str) -> usize {
    // Every character has exactly one byte that is not a continuation
    // byte (0b10xx_xxxx).
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
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

    proptest! {
        #[test]
        fn char_count_agrees_with_core(s in "\\PC{0,40}") {
            prop_assert_eq!(char_count(&s), s.chars().count());
        }
    }

    #[test]
    fn counts_like_core() {
        for s in ["", "a", "é", "日本", "🦀x", "a\u{10ffff}b"] {
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
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
