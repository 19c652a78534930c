//! Hex and URI (RFC 3986) encoding helpers shared by SRP and SigV4.
use crate::prelude::*;

use crate::error::CognitoError;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex of `bytes`.
pub fn hex_encode(bytes: &[u8]) -> String {
    // Written by index into a zeroed buffer: two stores per byte, no
    // per-byte push (SigV4 hex-encodes several digests per signature).
    let mut out = vec![0u8; bytes.len() * 2];
    let digits: &mut [u8] = &mut out;
    for (i, &b) in bytes.iter().enumerate() {
        digits[2 * i] = HEX[(b >> 4) as usize];
        digits[2 * i + 1] = HEX[(b & 15) as usize];
    }
    // Only ASCII digits and letters were written: this never falls back.
    String::from_utf8(out).unwrap_or_default()
}

/// Lower-case hex of a SHA-256 digest, on the stack.
pub fn hex_32(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (i, &b) in bytes.iter().enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 15) as usize];
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
    let bad = || CognitoError::invalid_response(text!(what, " is not hex"));
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
    let mut out = Vec::with_capacity(input.len() * 3 / 2);
    for &b in input.as_bytes() {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if unreserved || (keep_slash && b == b'/') {
            out.push(b);
        } else {
            out.extend_from_slice(&[
                b'%',
                HEX[(b >> 4) as usize].to_ascii_uppercase(),
                HEX[(b & 15) as usize].to_ascii_uppercase(),
            ]);
        }
    }
    // Only ASCII was written: this never falls back.
    String::from_utf8(out).unwrap_or_default()
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

/// Which base64 alphabet: standard (`+/`) or URL-safe (`-_`, RFC 4648 §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Alphabet {
    /// `A-Z a-z 0-9 + /`.
    Standard,
    /// `A-Z a-z 0-9 - _`.
    UrlSafe,
}

impl Base64Alphabet {
    fn symbols(self) -> &'static [u8; 64] {
        match self {
            Base64Alphabet::Standard => {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            }
            Base64Alphabet::UrlSafe => {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            }
        }
    }

    fn value(self, symbol: u8) -> Option<u32> {
        let v = match symbol {
            b'A'..=b'Z' => symbol - b'A',
            b'a'..=b'z' => symbol - b'a' + 26,
            b'0'..=b'9' => symbol - b'0' + 52,
            b'+' if self == Base64Alphabet::Standard => 62,
            b'/' if self == Base64Alphabet::Standard => 63,
            b'-' if self == Base64Alphabet::UrlSafe => 62,
            b'_' if self == Base64Alphabet::UrlSafe => 63,
            _ => return None,
        };
        Some(u32::from(v))
    }
}

/// Base64 of `bytes` in `alphabet`, with `=` padding when `pad`.
pub fn base64_encode(bytes: &[u8], alphabet: Base64Alphabet, pad: bool) -> String {
    let symbols = alphabet.symbols();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = b(0) << 16 | b(1) << 8 | b(2);
        for i in 0..=chunk.len() {
            out.push(symbols[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes of base64 `text` in `alphabet`, or `None` if it is not
/// canonical base64: no whitespace, unused low bits zero, and complete `=`
/// padding required when `padding_required`, otherwise optional (one or two
/// `=` after a partial group, as the `base64` crate's `Indifferent` mode).
pub fn base64_decode(
    text: &str,
    alphabet: Base64Alphabet,
    padding_required: bool,
) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let data = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(bytes);
    let pads = bytes.len() - data.len();
    let partial = data.len() % 4; // symbols of the last, partial group
    let bad_padding = match (partial, pads) {
        (1, _) => true,  // 6 bits cannot make a byte
        (0, 0) => false, // whole groups, no padding
        (0, _) => true,  // padding without a partial group
        (_, _) if partial + pads > 4 => true,
        _ => padding_required && partial + pads != 4,
    };
    if bad_padding {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for chunk in data.chunks(4) {
        let mut n = 0u32;
        for (i, &symbol) in chunk.iter().enumerate() {
            n |= alphabet.value(symbol)? << (18 - 6 * i);
        }
        let [_, b0, b1, b2] = n.to_be_bytes();
        let kept = chunk.len() - 1; // 4 symbols → 3 bytes, 3 → 2, 2 → 1
        let group = [b0, b1, b2];
        // The bits below the kept bytes must be zero (canonical encoding).
        if group
            .get(kept..)
            .is_some_and(|rest| rest.iter().any(|&b| b != 0))
        {
            return None;
        }
        out.extend_from_slice(group.get(..kept)?);
    }
    Some(out)
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

    #[test]
    fn base64_known_values() {
        use Base64Alphabet::*;
        assert_eq!(base64_encode(b"", Standard, true), "");
        assert_eq!(base64_encode(b"f", Standard, true), "Zg==");
        assert_eq!(base64_encode(b"fo", Standard, true), "Zm8=");
        assert_eq!(base64_encode(b"foobar", Standard, true), "Zm9vYmFy");
        assert_eq!(base64_encode(&[0xfb, 0xff], Standard, true), "+/8=");
        assert_eq!(base64_encode(&[0xfb, 0xff], UrlSafe, false), "-_8");
        assert_eq!(base64_decode("Zm8=", Standard, true), Some(b"fo".to_vec()));
        assert_eq!(base64_decode("Zm8", Standard, true), None);
        assert_eq!(base64_decode("Zm8", UrlSafe, false), Some(b"fo".to_vec()));
        assert_eq!(base64_decode("Pz4=", UrlSafe, false), Some(b"?>".to_vec()));
        assert_eq!(base64_decode("aQ=", UrlSafe, false), Some(b"i".to_vec()));
        assert_eq!(base64_decode("a_4==", UrlSafe, false), None);
        for bad in [
            "Zm9=", "Z", "Zg=", "Zg===", "====", "Zm8=Zm8=", "Zm 8", "-_8=",
        ] {
            assert_eq!(base64_decode(bad, Standard, true), None, "{bad}");
        }
    }

    /// The `base64` crate's engines with the same settings.
    fn reference(alphabet: Base64Alphabet, padding_required: bool) -> impl base64::Engine {
        use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode};
        let config = base64::engine::GeneralPurposeConfig::new()
            .with_encode_padding(padding_required)
            .with_decode_padding_mode(if padding_required {
                DecodePaddingMode::RequireCanonical
            } else {
                DecodePaddingMode::Indifferent
            });
        let alphabet = match alphabet {
            Base64Alphabet::Standard => base64::alphabet::STANDARD,
            Base64Alphabet::UrlSafe => base64::alphabet::URL_SAFE,
        };
        GeneralPurpose::new(&alphabet, config)
    }

    proptest! {
        #[test]
        fn base64_agrees_with_the_base64_crate(
            bytes in prop::collection::vec(any::<u8>(), 0..40),
            text in "[A-Za-z0-9+/_=-]{0,12}",
            url in any::<bool>(),
            pad in any::<bool>(),
        ) {
            use base64::Engine as _;
            let alphabet = if url { Base64Alphabet::UrlSafe } else { Base64Alphabet::Standard };
            let engine = reference(alphabet, pad);
            let encoded = base64_encode(&bytes, alphabet, pad);
            prop_assert_eq!(&encoded, &engine.encode(&bytes));
            prop_assert_eq!(base64_decode(&encoded, alphabet, pad), Some(bytes));
            prop_assert_eq!(base64_decode(&text, alphabet, pad), engine.decode(&text).ok(), "{}", text);
        }

        #[test]
        fn base64_decoding_never_panics(s in "\\PC*") {
            let _ = base64_decode(&s, Base64Alphabet::Standard, true);
            let _ = base64_decode(&s, Base64Alphabet::UrlSafe, false);
        }

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
