//! Hex and URI (RFC 3986) encoding helpers shared by SRP and SigV4.

use crate::error::CognitoError;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// Bytes of a hex string (either case; an odd length gets a leading zero).
/// `what` names the value in the error message.
pub fn hex_decode(hex: &str, what: &str) -> Result<Vec<u8>, CognitoError> {
    let digits = hex.as_bytes();
    let mut out = Vec::with_capacity(digits.len() / 2 + 1);
    let (head, rest) = if digits.len() % 2 == 1 {
        (Some(digits[0]), &digits[1..])
    } else {
        (None, digits)
    };
    let bad = || CognitoError::invalid_response(format!("{what} is not hex"));
    if let Some(d) = head {
        out.push(hex_digit(d).ok_or_else(bad)?);
    }
    for pair in rest.chunks_exact(2) {
        let hi = hex_digit(pair[0]).ok_or_else(bad)?;
        let lo = hex_digit(pair[1]).ok_or_else(bad)?;
        out.push(hi << 4 | lo);
    }
    Ok(out)
}

fn hex_digit(d: u8) -> Option<u8> {
    match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        b'A'..=b'F' => Some(d - b'A' + 10),
        _ => None,
    }
}

/// RFC 3986 percent-encoding as SigV4 wants it: every byte but the
/// unreserved characters `A-Z a-z 0-9 - . _ ~` is encoded as `%XX` (upper
/// case); `/` is kept when `keep_slash` (object key paths).
pub fn uri_encode(input: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(input.len() * 3 / 2);
    for &b in input.as_bytes() {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if unreserved || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize].to_ascii_uppercase() as char);
            out.push(HEX[(b & 15) as usize].to_ascii_uppercase() as char);
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as space when `plus_is_space`). Invalid
/// escapes are kept as they are; invalid UTF-8 is an `InvalidResponse`.
pub fn percent_decode(input: &str, plus_is_space: bool) -> Result<String, CognitoError> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| CognitoError::invalid_response("percent-encoded text is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hex_round_trip_and_odd_length() {
        assert_eq!(hex_encode(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(hex_decode("00ABff", "x").unwrap(), vec![0, 0xab, 0xff]);
        assert_eq!(hex_decode("abc", "x").unwrap(), vec![0x0a, 0xbc]);
        assert_eq!(
            hex_decode("zz", "SRP_B").unwrap_err().message,
            "SRP_B is not hex"
        );
    }

    #[test]
    fn uri_encoding_follows_rfc3986() {
        assert_eq!(
            uri_encode("a b+c=d&e~f%/g", false),
            "a%20b%2Bc%3Dd%26e~f%25%2Fg"
        );
        assert_eq!(uri_encode("users/é x", true), "users/%C3%A9%20x");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b%2Fc+d", true).unwrap(), "a b/c d");
        assert_eq!(percent_decode("a+b%", false).unwrap(), "a+b%");
        assert_eq!(percent_decode("%C3%A9%2", false).unwrap(), "é%2");
        assert!(percent_decode("%ff", false).is_err());
    }

    proptest! {
        #[test]
        fn encode_then_decode_is_identity(s in ".*") {
            prop_assert_eq!(percent_decode(&uri_encode(&s, false), false).unwrap(), s.clone());
            let bytes = s.as_bytes();
            prop_assert_eq!(hex_decode(&hex_encode(bytes), "x").unwrap(), bytes.to_vec());
        }

        #[test]
        fn decoders_never_panic(s in "\\PC*") {
            let _ = percent_decode(&s, true);
            let _ = hex_decode(&s, "x");
        }
    }
}
