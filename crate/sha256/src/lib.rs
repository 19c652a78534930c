//! SHA-256 (FIPS 180-4), the hash under cognito-wasm's SigV4, HMAC,
//! SECRET_HASH and SRP: no dependencies, no allocation, no panics.
//!
//! A crate of its own so that the release profile can compile it for speed
//! while the library around it is compiled for size. Written rather than
//! taken from `sha2`, whose generic `Digest` front end and
//! x86-instruction-shaped portable rounds cost the wasm more, and sign
//! slower in the browsers, than these lines (cognito-wasm's BENCHMARKS.md
//! §9, "SHA-256 written here"). `sha2` stays the reference it is tested
//! against (a native dev-dependency).
//!
//! The rounds follow the standard's §6.2.2: sixteen at a time, unrolled, the
//! eight working variables renamed from round to round instead of moved,
//! and the message schedule kept in a ring of sixteen words.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(test)]
extern crate std;

/// SHA-256's block size in bytes.
pub const BLOCK: usize = 64;

/// The initial hash value (§5.3.3): the first 32 bits of the fractional
/// parts of the square roots of the first eight primes.
const INITIAL: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The round constants (§4.2.2), sixteen per row: the first 32 bits of the
/// fractional parts of the cube roots of the first sixty-four primes.
const K: [[u32; 16]; 4] = [
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174,
    ],
    [
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc,
        0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967,
    ],
    [
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
        0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624,
        0xf40e3585, 0x106aa070,
    ],
    [
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
        0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
        0xbef9a3f7, 0xc67178f2,
    ],
];

/// A SHA-256 under way. No `Debug`: it may have absorbed a secret (an HMAC
/// key's block).
#[derive(Clone)]
pub struct Sha256 {
    /// The intermediate hash value H.
    state: [u32; 8],
    /// Bytes of the current block not yet compressed (`filled` of them).
    block: [u8; BLOCK],
    filled: usize,
    /// The message's length so far, in bytes.
    length: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    /// An empty message's hash under way.
    pub const fn new() -> Self {
        Self {
            state: INITIAL,
            block: [0; BLOCK],
            filled: 0,
            length: 0,
        }
    }

    /// The SHA-256 of `data`.
    pub fn digest(data: &[u8]) -> [u8; 32] {
        let mut hash = Self::new();
        hash.update(data);
        hash.finalize()
    }

    /// Adds `data` to the message: whole blocks are compressed straight
    /// from `data`, the rest is kept for the next call.
    pub fn update(&mut self, data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        let mut data = data;
        if self.filled > 0 {
            let take = data.len().min(BLOCK - self.filled);
            let (head, rest) = data.split_at(take);
            if let Some(slot) = self.block.get_mut(self.filled..self.filled + take) {
                slot.copy_from_slice(head);
            }
            self.filled += take;
            data = rest;
            if self.filled < BLOCK {
                return;
            }
            compress(&mut self.state, &self.block);
            self.filled = 0;
        }
        let mut blocks = data.chunks_exact(BLOCK);
        for block in &mut blocks {
            if let Ok(block) = block.try_into() {
                compress(&mut self.state, block);
            }
        }
        let rest = blocks.remainder();
        if let Some(slot) = self.block.get_mut(..rest.len()) {
            slot.copy_from_slice(rest);
        }
        self.filled = rest.len();
    }

    /// The hash of the message (§5.1.1's padding: a 1 bit, zeros, and the
    /// length in bits as 64 bits big-endian).
    pub fn finalize(mut self) -> [u8; 32] {
        let bits = self.length.wrapping_mul(8);
        let filled = self.filled;
        self.block[filled % BLOCK] = 0x80;
        if let Some(rest) = self.block.get_mut(filled + 1..) {
            rest.fill(0);
        }
        if filled >= BLOCK - 8 {
            compress(&mut self.state, &self.block);
            self.block = [0; BLOCK];
        }
        self.block[BLOCK - 8..].copy_from_slice(&bits.to_be_bytes());
        compress(&mut self.state, &self.block);
        let mut out = [0u8; 32];
        for (bytes, word) in out.chunks_exact_mut(4).zip(self.state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

/// Σ0 (§4.1.2).
#[inline(always)]
fn big_sigma0(x: u32) -> u32 {
    x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22)
}

/// Σ1.
#[inline(always)]
fn big_sigma1(x: u32) -> u32 {
    x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25)
}

/// σ0.
#[inline(always)]
fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}

/// σ1.
#[inline(always)]
fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}

/// Ch(x, y, z), written with one operation fewer.
#[inline(always)]
fn choose(x: u32, y: u32, z: u32) -> u32 {
    z ^ (x & (y ^ z))
}

/// Maj(x, y, z), written with one operation fewer.
#[inline(always)]
fn majority(x: u32, y: u32, z: u32) -> u32 {
    (x & y) | (z & (x | y))
}

/// One block into the hash value (§6.2.2).
fn compress(state: &mut [u32; 8], block: &[u8; BLOCK]) {
    let mut w = [0u32; 16];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes(bytes.try_into().unwrap_or_default());
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;

    // One round, t, with constant k and schedule word wt: T1 and T2, then
    // d + T1 becomes the new e and T1 + T2 the new a. The other six
    // variables move one place, which the next round's argument order does.
    macro_rules! round {
        ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $k:expr, $wt:expr) => {
            let t1 = $h
                .wrapping_add(big_sigma1($e))
                .wrapping_add(choose($e, $f, $g))
                .wrapping_add($k)
                .wrapping_add($wt);
            let t2 = big_sigma0($a).wrapping_add(majority($a, $b, $c));
            $d = $d.wrapping_add(t1);
            $h = t1.wrapping_add(t2);
        };
    }
    // W_t for t < 16: the block's own words.
    macro_rules! given {
        ($i:expr) => {
            w[$i]
        };
    }
    // W_t for t ≥ 16, in place of W_{t-16} in the ring:
    // σ1(W_{t-2}) + W_{t-7} + σ0(W_{t-15}) + W_{t-16}.
    macro_rules! scheduled {
        ($i:expr) => {{
            w[$i] = small_sigma1(w[($i + 14) & 15])
                .wrapping_add(w[($i + 9) & 15])
                .wrapping_add(small_sigma0(w[($i + 1) & 15]))
                .wrapping_add(w[$i]);
            w[$i]
        }};
    }
    // Sixteen rounds with the constants `ks` and the words from `word!`.
    macro_rules! sixteen_rounds {
        ($ks:expr, $word:ident) => {
            round!(a, b, c, d, e, f, g, h, $ks[0], $word!(0));
            round!(h, a, b, c, d, e, f, g, $ks[1], $word!(1));
            round!(g, h, a, b, c, d, e, f, $ks[2], $word!(2));
            round!(f, g, h, a, b, c, d, e, $ks[3], $word!(3));
            round!(e, f, g, h, a, b, c, d, $ks[4], $word!(4));
            round!(d, e, f, g, h, a, b, c, $ks[5], $word!(5));
            round!(c, d, e, f, g, h, a, b, $ks[6], $word!(6));
            round!(b, c, d, e, f, g, h, a, $ks[7], $word!(7));
            round!(a, b, c, d, e, f, g, h, $ks[8], $word!(8));
            round!(h, a, b, c, d, e, f, g, $ks[9], $word!(9));
            round!(g, h, a, b, c, d, e, f, $ks[10], $word!(10));
            round!(f, g, h, a, b, c, d, e, $ks[11], $word!(11));
            round!(e, f, g, h, a, b, c, d, $ks[12], $word!(12));
            round!(d, e, f, g, h, a, b, c, $ks[13], $word!(13));
            round!(c, d, e, f, g, h, a, b, $ks[14], $word!(14));
            round!(b, c, d, e, f, g, h, a, $ks[15], $word!(15));
        };
    }

    let [first, rest @ ..] = &K;
    sixteen_rounds!(first, given);
    for ks in rest {
        sixteen_rounds!(ks, scheduled);
    }

    for (word, add) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *word = word.wrapping_add(add);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use sha2::Digest as _;
    use std::string::String;
    use std::vec::Vec;

    fn hex_encode(bytes: &[u8]) -> String {
        bytes.iter().map(|b| std::format!("{b:02x}")).collect()
    }

    /// FIPS 180-2's examples (one block, two blocks, a million `a`s) and
    /// the empty message.
    #[test]
    fn standard_examples() {
        let cases: [(&[u8], &str); 4] = [
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
            (
                &[b'a'; 1_000_000],
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
            ),
        ];
        for (message, hash) in cases {
            assert_eq!(hex_encode(&Sha256::digest(message)), hash);
        }
    }

    /// Every length around the padding's edges (55, 56, 63, 64 bytes, …)
    /// against `sha2`.
    #[test]
    fn every_length_up_to_three_blocks() {
        let message: Vec<u8> = (0..200u32).map(|i| (i * 31 + 7) as u8).collect();
        for len in 0..message.len() {
            let expected: [u8; 32] = sha2::Sha256::digest(&message[..len]).into();
            assert_eq!(Sha256::digest(&message[..len]), expected, "length {len}");
        }
    }

    proptest! {
        /// Any message, fed in any pieces, hashes as `sha2` hashes it whole.
        #[test]
        fn pieces_agree_with_sha2(
            message in proptest::collection::vec(any::<u8>(), 0..400),
            cuts in proptest::collection::vec(0usize..400, 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(message.len())).collect();
            cuts.sort_unstable();
            let mut hash = Sha256::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([message.len()]) {
                hash.update(&message[from..cut]);
                from = cut;
            }
            let expected: [u8; 32] = sha2::Sha256::digest(&message).into();
            prop_assert_eq!(hash.clone().finalize(), expected);
            prop_assert_eq!(hash.finalize(), expected);
        }
    }
}
