//! HMAC-SHA256 (RFC 2104) over the crate's SHA-256 ([`super::sha256`]): the
//! key padded to one 64-byte block (hashed first when longer),
//! H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)).
//! Written here rather than taken from the `hmac` crate, whose generic
//! wrappers cost the wasm more than these lines (BENCHMARKS.md §9). The
//! state after the key's block can be cloned, so a key used many times
//! (SigV4's derived key) is absorbed once.
use super::sha256::{Sha256, BLOCK};

/// An HMAC-SHA256 under way: both hashes have absorbed their padded key.
/// No `Debug`: its state is derived from the key.
#[derive(Clone)]
pub struct HmacSha256 {
    inner: Sha256,
    outer: Sha256,
}

impl HmacSha256 {
    /// An HMAC keyed with `key` (any length).
    pub fn new(key: &[u8]) -> Self {
        let mut block = [0u8; BLOCK];
        if key.len() > BLOCK {
            block[..32].copy_from_slice(&Sha256::digest(key));
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let pad = |byte: u8| {
            let mut padded = block;
            for b in &mut padded {
                *b ^= byte;
            }
            let mut hash = Sha256::new();
            hash.update(&padded);
            padded.fill(0);
            core::hint::black_box(&padded);
            hash
        };
        let mac = Self {
            inner: pad(0x36),
            outer: pad(0x5c),
        };
        // The key's copies are overwritten, and the overwrites observed (so
        // not elided).
        block.fill(0);
        core::hint::black_box(&block);
        mac
    }

    /// Adds `data` to the message.
    pub fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    /// The MAC of the message so far.
    pub fn finalize(self) -> [u8; 32] {
        let mut outer = self.outer;
        outer.update(&self.inner.finalize());
        outer.finalize()
    }
}

/// HMAC-SHA256 of the concatenation of `parts` under `key`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = HmacSha256::new(key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use crate::wire::encoding::hex_encode;

    /// RFC 4231's test cases 1, 2, 3, 6 and 7 (keys shorter than, equal
    /// to and longer than a block; long data).
    #[test]
    fn rfc_4231_cases() {
        let cases: [(&[u8], &[u8], &str); 5] = [
            (
                &[0x0b; 20],
                b"Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                &[0xaa; 20],
                &[0xdd; 50],
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            ),
            (
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (key, data, mac) in cases {
            assert_eq!(hex_encode(&hmac_sha256(key, &[data])), mac);
        }
        // Case 2 again, its message in two parts.
        assert_eq!(
            hex_encode(&hmac_sha256(
                b"Jefe",
                &[b"what do ya want ", b"for nothing?"]
            )),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    proptest::proptest! {
        /// The same MAC as the `hmac` crate for keys around the block size
        /// and messages fed in pieces.
        #[test]
        fn agrees_with_the_hmac_crate(
            key in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            pieces in proptest::collection::vec(proptest::collection::vec(proptest::num::u8::ANY, 0..150), 0..4),
        ) {
            use ::hmac::Mac;
            let mut reference = ::hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            let mut ours = HmacSha256::new(&key);
            for piece in &pieces {
                reference.update(piece);
                ours.update(piece);
            }
            let expected: [u8; 32] = reference.finalize().into_bytes().into();
            proptest::prop_assert_eq!(ours.clone().finalize(), expected);
            let parts: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
            proptest::prop_assert_eq!(hmac_sha256(&key, &parts), expected);
        }
    }
}
