//! Speed-tuned shortcuts of the canonical stages, kept apart from the
//! spec's main path. Each answers "is this already in canonical form?" so
//! the main path can borrow instead of rebuilding, or batches work; each
//! must agree with the plain computation it skips (tested here and, over
//! whole requests, against a plain reference signer in
//! `crate/tests/sigv4_fast.rs`).

use super::key::HmacSha256;

/// Whether `s` is already what `uri_encode(decode(s), keep_slash)` gives:
/// only unreserved bytes (and `/` when `keep_slash`) and upper-case `%XX`
/// escapes of ASCII bytes that must stay escaped. Lets the common,
/// already-canonical path and query skip decoding and re-encoding.
pub(super) fn is_canonical_encoding(s: &str, keep_slash: bool) -> bool {
    let plain = |b: u8| is_unreserved(b) || (keep_slash && b == b'/');
    let upper_hex = |b: u8| b.is_ascii_digit() || (b'A'..=b'F').contains(&b);
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if plain(b) {
            i += 1;
            continue;
        }
        match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if upper_hex(h) && upper_hex(l) => {
                let decoded = (hex_value(h) << 4) | hex_value(l);
                if decoded >= 0x80 || plain(decoded) {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    true
}

/// RFC 3986 unreserved: letters, digits, `-._~`.
pub(super) fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Value of an upper-case hex digit (checked by the caller).
fn hex_value(d: u8) -> u8 {
    if d.is_ascii_digit() {
        d - b'0'
    } else {
        d.wrapping_sub(b'A').wrapping_add(10)
    }
}

/// Whether a header value is already trimmed with single spaces (what the
/// canonical header value would be, unchanged).
pub(super) fn is_canonical_header_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    // Most values (tokens, hashes, dates) have no space or control byte.
    if all_above_space(bytes) {
        return true;
    }
    let mut previous_space = true;
    for &b in bytes {
        match b {
            b' ' if previous_space => return false,
            b' ' => previous_space = true,
            b'\t' | b'\n' | b'\x0c' | b'\r' => return false,
            _ => previous_space = false,
        }
    }
    !previous_space || bytes.is_empty()
}

/// Whether every byte is above `' '`, eight bytes at a time (a session
/// token, the longest header value, is checked at every signature).
pub(super) fn all_above_space(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(word);
        // Sets a byte's high bit when that byte is below 0x21 (bytes of
        // 0x80 and above are never flagged: `!x` clears them).
        if x.wrapping_sub(ONES * 0x21) & !x & HIGH != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|&b| b > b' ')
}

/// Feeds `pieces` to `mac` gathered into one stack buffer first: one HMAC
/// update instead of one per piece (the string to sign comes in a dozen
/// short pieces). Same result as updating with each piece in turn.
pub(super) fn feed_gathered(mac: &mut HmacSha256, pieces: &[&str]) {
    let mut buffer = [0u8; 256];
    let mut len = 0;
    for piece in pieces {
        match buffer.get_mut(len..len + piece.len()) {
            Some(slot) => {
                slot.copy_from_slice(piece.as_bytes());
                len += piece.len();
            }
            None => {
                mac.update(buffer.get(..len).unwrap_or(&[]));
                mac.update(piece.as_bytes());
                len = 0;
            }
        }
    }
    mac.update(buffer.get(..len).unwrap_or(&[]));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use crate::wire::encoding::{percent_decode, uri_encode};
    use proptest::prelude::*;

    /// The plain collapsing the header-value check must agree with.
    fn collapsed(value: &str) -> String {
        value.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn canonical_checks_on_known_cases() {
        assert!(is_canonical_encoding("users%2Falice%2F", false));
        assert!(!is_canonical_encoding("users%2falice", false)); // lower-case hex
        assert!(!is_canonical_encoding("a%41", false)); // %41 is 'A': unreserved
        assert!(!is_canonical_encoding("a%C3%A9", false)); // non-ASCII: decoded first
        assert!(!is_canonical_encoding("a+b", false));
        assert!(!is_canonical_encoding("a%2", false));
        assert!(is_canonical_encoding("/a/b", true));
        assert!(!is_canonical_encoding("/a%2Fb", true)); // decodes to a slash
        assert!(is_canonical_header_value("a b"));
        assert!(is_canonical_header_value(""));
        assert!(!is_canonical_header_value(" a"));
        assert!(!is_canonical_header_value("a "));
        assert!(!is_canonical_header_value("a  b"));
        assert!(!is_canonical_header_value("a\tb"));
    }

    proptest! {
        #[test]
        fn all_above_space_is_the_byte_loop(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            prop_assert_eq!(all_above_space(&bytes), bytes.iter().all(|&b| b > b' '));
        }

        #[test]
        fn all_above_space_finds_any_low_byte(len in 1usize..40, at in 0usize..40, low in 0u8..=0x20) {
            let mut bytes = vec![b'~'; len];
            let at = at % len;
            bytes[at] = low;
            prop_assert!(!all_above_space(&bytes));
            bytes[at] = 0x21;
            prop_assert!(all_above_space(&bytes));
        }

        #[test]
        fn canonical_encoding_check_agrees_with_decode_encode(
            s in "[a-zA-Z0-9%/+~._ -]{0,12}|(%[0-9A-Fa-f]{2}|[a-z/]){0,6}",
            keep_slash in any::<bool>(),
        ) {
            if is_canonical_encoding(&s, keep_slash) {
                let slow = uri_encode(&percent_decode(&s, false).unwrap(), keep_slash);
                prop_assert_eq!(slow, s.clone());
            }
        }

        #[test]
        fn header_value_check_agrees_with_collapsing(v in "[ a\t\r\nb]{0,10}|.{0,10}") {
            prop_assert_eq!(is_canonical_header_value(&v), collapsed(&v) == v);
        }

        #[test]
        fn gathered_feeding_is_feeding_each_piece(
            pieces in proptest::collection::vec("[a-z]{0,120}", 0..8),
        ) {
            let key = [7u8; 32];
            let mut gathered = HmacSha256::new(&key);
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            feed_gathered(&mut gathered, &pieces);
            let mut each = HmacSha256::new(&key);
            for piece in &pieces {
                each.update(piece.as_bytes());
            }
            prop_assert_eq!(gathered.finalize(), each.finalize());
        }
    }
}
