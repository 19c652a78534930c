//! Montgomery arithmetic modulo N on 32-bit limbs in plain Rust: the wasm32
//! exponentiation for JavaScript engines whose own BigInt is slow (see
//! [`super::engine`], which picks it per engine). Also built natively for
//! the unit tests, which check it against the crypto-bigint backend.
//!
//! wasm has a 64-bit multiply but no 64×64→128-bit one, so the limbs are
//! 32 bits and each partial product fits a `u64` with its carries. N ends in
//! 64 one bits, so −N⁻¹ mod 2³² is 1 and the Montgomery quotient digit is
//! the low limb itself. The multiplication is the coarsely integrated
//! operand scanning form (one pass per limb of `b` that multiplies and
//! reduces together); the final subtraction, the window lookups and the
//! exponent's digits use masks, not branches, on secret values. Powers of
//! the generator 2 multiply by each window's 2^digit with a shift and one
//! limb-by-N subtraction instead of a table and a multiplication (the
//! shift's amount is the digit; no branch on it).
use crate::prelude::*;

use super::MODULUS_HEX;

/// Limbs of a number below N (3072 / 32).
pub const LIMBS: usize = 96;

/// A number below N as little-endian 32-bit limbs.
pub type Limbs = [u32; LIMBS];

/// Exponent bits per window (and multiplications saved by the table).
const WINDOW: u32 = 5;

/// Entries of the window table.
const TABLE: usize = 1 << WINDOW;

/// N as limbs, read from [`MODULUS_HEX`] at compile time.
const N: Limbs = limbs_of_hex(MODULUS_HEX);

// The quotient digit below relies on N ≡ −1 mod 2³².
const _: () = assert!(N[0] == u32::MAX);

/// Little-endian limbs of exactly `4 · LIMBS` hex digits (compile time).
const fn limbs_of_hex(hex: &str) -> Limbs {
    let digits = hex.as_bytes();
    assert!(digits.len() == 8 * LIMBS);
    let mut out = [0u32; LIMBS];
    let mut i = 0;
    while i < digits.len() {
        let c = digits[digits.len() - 1 - i];
        let value = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("MODULUS_HEX is lower-case hex"),
        };
        out[i / 8] |= (value as u32) << (4 * (i % 8));
        i += 1;
    }
    out
}

/// `low + top·2³⁰⁷²` minus N when that is at least N (its value is below
/// 2N), else the value itself: a number below N.
fn reduce_once(low: &Limbs, top: u32) -> Limbs {
    let mut diff = [0u32; LIMBS];
    let mut borrow = 0u64;
    for ((d, &l), &n) in diff.iter_mut().zip(low).zip(&N) {
        let s = u64::from(l).wrapping_sub(u64::from(n)).wrapping_sub(borrow);
        *d = s as u32;
        borrow = s >> 63;
    }
    // Keep the difference unless it borrowed past the top limb.
    let keep_low = u32::from(top == 0) & (borrow as u32);
    let mask = 0u32.wrapping_sub(keep_low);
    let mut out = [0u32; LIMBS];
    for ((o, &l), &d) in out.iter_mut().zip(low).zip(&diff) {
        *o = (l & mask) | (d & !mask);
    }
    out
}

/// a·b·2⁻³⁰⁷² mod N, for a, b below N.
pub fn mont_mul(a: &Limbs, b: &Limbs) -> Limbs {
    let mut t = [0u32; LIMBS];
    let mut top = 0u32;
    for &bi in b {
        let bi = u64::from(bi);
        let first = u64::from(t[0]) + u64::from(a[0]) * bi;
        let mut carry_ab = first >> 32;
        // The quotient digit m = t₀·(−N⁻¹) mod 2³² = t₀, and t₀ + m·N₀ = m·2³².
        let m = first & 0xffff_ffff;
        let mut carry_mn = m;
        for j in 1..LIMBS {
            let s = u64::from(t[j]) + u64::from(a[j]) * bi + carry_ab;
            carry_ab = s >> 32;
            let r = (s & 0xffff_ffff) + m * u64::from(N[j]) + carry_mn;
            carry_mn = r >> 32;
            t[j - 1] = r as u32;
        }
        let s = u64::from(top) + carry_ab + carry_mn;
        t[LIMBS - 1] = s as u32;
        top = (s >> 32) as u32;
    }
    reduce_once(&t, top)
}

/// a²·2⁻³⁰⁷² mod N, for a below N: about a quarter fewer limb products
/// than [`mont_mul`] (each cross product once, then doubled), then the
/// reduction on its own.
pub fn mont_sqr(a: &Limbs) -> Limbs {
    let mut t = [0u32; 2 * LIMBS];
    // The cross products a[i]·a[j], i < j.
    for i in 0..LIMBS {
        let ai = u64::from(a[i]);
        let mut carry = 0u64;
        for j in i + 1..LIMBS {
            let s = u64::from(t[i + j]) + ai * u64::from(a[j]) + carry;
            t[i + j] = s as u32;
            carry = s >> 32;
        }
        t[i + LIMBS] = carry as u32;
    }
    // Doubled (their sum is below 2⁶¹⁴³), plus the squares a[i]².
    let mut shifted_out = 0u32;
    for w in t.iter_mut() {
        let word = *w;
        *w = (word << 1) | shifted_out;
        shifted_out = word >> 31;
    }
    let mut carry = 0u64;
    for (i, &ai) in a.iter().enumerate() {
        let square = u64::from(ai) * u64::from(ai);
        let low = u64::from(t[2 * i]) + (square & 0xffff_ffff) + carry;
        t[2 * i] = low as u32;
        let high = u64::from(t[2 * i + 1]) + (square >> 32) + (low >> 32);
        t[2 * i + 1] = high as u32;
        carry = high >> 32;
    }
    // Montgomery reduction, one limb at a time (the quotient digit is the
    // low limb itself, as in mont_mul); `overflow` is what passed the top
    // of the window at i + LIMBS, added one limb higher next time.
    let mut overflow = 0u64;
    for i in 0..LIMBS {
        let m = u64::from(t[i]);
        let mut carry = 0u64;
        for j in 0..LIMBS {
            let s = u64::from(t[i + j]) + m * u64::from(N[j]) + carry;
            t[i + j] = s as u32;
            carry = s >> 32;
        }
        let s = u64::from(t[i + LIMBS]) + carry + overflow;
        t[i + LIMBS] = s as u32;
        overflow = s >> 32;
    }
    let mut high = [0u32; LIMBS];
    high.copy_from_slice(&t[LIMBS..]);
    reduce_once(&high, overflow as u32)
}

/// t·2^d mod N, for t below N and d ≤ 32 (in Montgomery form or not: a
/// power of two, as a plain factor, keeps the form). The same operations
/// for every d.
fn shift_reduce(t: &Limbs, d: u32) -> Limbs {
    // t·2^d < N·2^d, and N is within 2³⁰⁰⁸ of 2³⁰⁷²: the part q of t·2^d
    // above 2³⁰⁷² (below 2^d) is its quotient by N, or one less. So
    // t·2^d − q·N is below 2N.
    let limb = |j: usize| u64::from(t.get(j).copied().unwrap_or(0));
    // Bits [32j − d, 32j + 32 − d) of t: limb j of t·2^d (j = LIMBS: q).
    let shifted = |j: usize| {
        let below = if j == 0 { 0 } else { limb(j - 1) };
        (((limb(j) << 32) | below) >> (32 - d)) & 0xffff_ffff
    };
    let q = shifted(LIMBS);
    let mut low = [0u32; LIMBS];
    let mut carry = 0u64;
    let mut borrow = 0u64;
    for (j, (out, &n)) in low.iter_mut().zip(&N).enumerate() {
        let p = q * u64::from(n) + carry;
        carry = p >> 32;
        let s = shifted(j)
            .wrapping_sub(p & 0xffff_ffff)
            .wrapping_sub(borrow);
        *out = s as u32;
        borrow = s >> 63;
    }
    // What is left above 2³⁰⁷² after subtracting q·N: 0 or 1.
    let top = q.wrapping_sub(carry).wrapping_sub(borrow) as u32;
    reduce_once(&low, top)
}

/// x·2³⁰⁷² mod N (x in Montgomery form), for x below N.
fn to_montgomery(x: &Limbs) -> Limbs {
    let mut t = *x;
    for _ in 0..LIMBS {
        t = shift_reduce(&t, 32);
    }
    t
}

/// 2³⁰⁷² mod N: 1 in Montgomery form (2³⁰⁷² − N, as N > 2³⁰⁷¹).
fn montgomery_one() -> Limbs {
    let mut out = [0u32; LIMBS];
    let mut borrow = 0u64;
    for (o, &n) in out.iter_mut().zip(&N) {
        let s = 0u64.wrapping_sub(u64::from(n)).wrapping_sub(borrow);
        *o = s as u32;
        borrow = s >> 63;
    }
    out
}

/// The table entry at `index`, reading every entry (no secret-dependent
/// memory access).
fn select(table: &[Limbs; TABLE], index: u32) -> Limbs {
    let mut out = [0u32; LIMBS];
    for (i, entry) in (0u32..).zip(table) {
        let mask = 0u32.wrapping_sub(u32::from(i == index));
        for (o, &e) in out.iter_mut().zip(entry) {
            *o |= e & mask;
        }
    }
    out
}

/// The window of [`WINDOW`] bits of a big-endian exponent starting at bit
/// `low` (bits past its bytes are 0).
fn digit(exponent_be: &[u8], low: u32) -> u32 {
    let mut value = 0u32;
    for bit in (low..low + WINDOW).rev() {
        let byte = (bit / 8) as usize;
        let b = match exponent_be.len().checked_sub(byte + 1) {
            Some(at) => exponent_be
                .get(at)
                .map_or(0, |&x| u32::from(x >> (bit % 8)) & 1),
            None => 0,
        };
        value = (value << 1) | b;
    }
    value
}

/// base^e mod N for the exponent e of big-endian bytes, bounded by `bits`
/// bits (the bound, not e, decides the sequence of operations): a fixed
/// window, one multiplication per window whatever its digit. (The library
/// runs it as [`PowSteps`]; this whole form is the tests' reference.)
#[cfg(test)]
pub fn pow(base: &Limbs, exponent_be: &[u8], bits: u32) -> Limbs {
    let mut steps = PowSteps::new(base, exponent_be, bits);
    while !steps.step(u32::MAX) {}
    steps.result()
}

/// Table entries [`PowSteps::step`] fills per unit of work (a window costs
/// about [`WINDOW`] + 1 multiplications).
const TABLE_ENTRIES_PER_STEP: usize = WINDOW as usize + 1;

/// [`pow`] as a resumable computation: [`PowSteps::step`] does a bounded
/// amount of it, so that a caller can give the event loop a turn between
/// parts. The same operations in the same order as [`pow`].
pub struct PowSteps {
    /// The window table; entries below `filled` are computed.
    table: [Limbs; TABLE],
    filled: usize,
    /// The accumulator (Montgomery form).
    acc: Limbs,
    /// The exponent's big-endian bytes (a secret).
    exponent: Vec<u8>,
    /// Windows still to process; the next is `remaining − 1`.
    remaining: u32,
    /// Whether the top window has been read into `acc`.
    started: bool,
    /// Whether the base is 2 (the group generator): then each window's
    /// multiplication is a shift, [`shift_reduce`], and there is no table.
    base_two: bool,
}

impl PowSteps {
    /// Starts base^e mod N (as [`pow`]); no multiplication yet. A base of
    /// 2 (public: g^a, g^x) takes the shift path, whose sequence of
    /// operations is again the same for every exponent of the bound.
    pub fn new(base: &Limbs, exponent_be: &[u8], bits: u32) -> Self {
        let one = montgomery_one();
        let mut table = [one; TABLE];
        // Entry 1 holds the base as given until the first step converts it.
        table[1] = *base;
        let mut two = [0u32; LIMBS];
        two[0] = 2;
        // Every limb compared (no early exit on the base, secret for S).
        let base_two = base.iter().zip(&two).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0;
        Self {
            table,
            filled: if base_two { TABLE } else { 1 },
            acc: one,
            exponent: exponent_be.to_vec(),
            remaining: bits.div_ceil(WINDOW),
            started: false,
            base_two,
        }
    }

    /// Does at most `max_windows` units of work (a window of the exponent,
    /// or [`TABLE_ENTRIES_PER_STEP`] table entries; at least one unit);
    /// `true` when nothing is left.
    pub fn step(&mut self, max_windows: u32) -> bool {
        for _ in 0..max_windows.max(1) {
            if self.filled < TABLE {
                let end = (self.filled + TABLE_ENTRIES_PER_STEP).min(TABLE);
                for d in self.filled..end {
                    self.table[d] = if d == 1 {
                        to_montgomery(&self.table[1])
                    } else {
                        mont_mul(&self.table[d - 1], &self.table[1])
                    };
                }
                self.filled = end;
                continue;
            }
            let Some(i) = self.remaining.checked_sub(1) else {
                return true;
            };
            let d = digit(&self.exponent, i * WINDOW);
            if self.started {
                for _ in 0..WINDOW {
                    self.acc = mont_sqr(&self.acc);
                }
            }
            if self.base_two {
                // acc·2^d: 1 in Montgomery form (acc's start) shifted too.
                self.acc = shift_reduce(&self.acc, d);
            } else if self.started {
                self.acc = mont_mul(&self.acc, &select(&self.table, d));
            } else {
                self.acc = select(&self.table, d);
            }
            self.started = true;
            self.remaining = i;
        }
        self.filled == TABLE && self.remaining == 0
    }

    /// The power, out of Montgomery form; finishes whatever
    /// [`PowSteps::step`] left.
    pub fn result(mut self) -> Limbs {
        while !self.step(u32::MAX) {}
        let mut plain_one = [0u32; LIMBS];
        plain_one[0] = 1;
        mont_mul(&self.acc, &plain_one)
    }
}

/// Limbs of exactly `4 · LIMBS` big-endian bytes.
pub fn from_be_bytes(bytes: &[u8; 4 * LIMBS]) -> Limbs {
    let mut out = [0u32; LIMBS];
    for (o, chunk) in out.iter_mut().zip(bytes.rchunks_exact(4)) {
        *o = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    out
}

/// `4 · LIMBS` big-endian bytes of limbs.
pub fn to_be_bytes(limbs: &Limbs) -> [u8; 4 * LIMBS] {
    let mut out = [0u8; 4 * LIMBS];
    for (chunk, l) in out.rchunks_exact_mut(4).zip(limbs) {
        chunk.copy_from_slice(&l.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::montgomery::{Exponent, ModN};
    use super::*;
    use proptest::prelude::*;

    /// The crypto-bigint backend's base^e for the same inputs.
    fn reference(base: &[u8; 384], exponent: &[u8]) -> [u8; 384] {
        let b = ModN::from_be_bytes(base).unwrap();
        b.pow(&Exponent::from_be_bytes(exponent).unwrap())
            .to_be_bytes()
    }

    fn ours(base: &[u8; 384], exponent: &[u8]) -> [u8; 384] {
        let bits = 8 * exponent.len() as u32;
        to_be_bytes(&pow(&from_be_bytes(base), exponent, bits))
    }

    /// A value below N from arbitrary bytes (top byte cleared).
    fn below_n(mut bytes: [u8; 384]) -> [u8; 384] {
        bytes[0] &= 0x7f;
        bytes
    }

    #[test]
    fn edges_match_the_reference() {
        let n = to_be_bytes(&N);
        let mut n_minus_1 = n;
        n_minus_1[383] -= 1;
        let zero = [0u8; 384];
        let mut two = [0u8; 384];
        two[383] = 2;
        for base in [zero, two, n_minus_1, [0x7f; 384]] {
            for exponent in [
                &[][..],
                &[0],
                &[1],
                &[2],
                &[0xff; 32],
                &[0xff; 136],
                &[0x80; 65],
            ] {
                assert_eq!(ours(&base, exponent), reference(&base, exponent));
            }
        }
        // (N−1)² = 1 through the multiplication alone (both factors in
        // Montgomery form: the product is too).
        let m = to_montgomery(&from_be_bytes(&n_minus_1));
        let mut one = [0u32; LIMBS];
        one[0] = 1;
        assert_eq!(mont_mul(&mont_mul(&m, &m), &one), one);
        assert_eq!(mont_sqr(&m), mont_mul(&m, &m));
        for x in [[u32::MAX; LIMBS], montgomery_one(), [0; LIMBS], m] {
            let x = reduce_once(&x, 0);
            assert_eq!(mont_sqr(&x), mont_mul(&x, &x));
        }
    }

    #[test]
    fn shift_limb_of_the_largest_values() {
        // t = N − 1 and t = 2³⁰⁷² − N − 1 … through to_montgomery and back.
        let mut n_minus_1 = N;
        n_minus_1[0] -= 1;
        let mut one = [0u32; LIMBS];
        one[0] = 1;
        for x in [n_minus_1, montgomery_one(), one, [0xffff_ffff >> 1; LIMBS]] {
            assert_eq!(mont_mul(&to_montgomery(&x), &one), x);
        }
    }

    #[test]
    fn stepped_matches_unstepped() {
        let mut base = [0x5au8; 384];
        base[0] = 0x3c;
        let base = from_be_bytes(&base);
        for exponent in [&[][..], &[1], &[0xff; 32], &[0xa5; 65], &[0xff; 136]] {
            let bits = 8 * exponent.len() as u32;
            let whole = pow(&base, exponent, bits);
            for slice in [1, 2, 7, 50] {
                let mut steps = PowSteps::new(&base, exponent, bits);
                let mut calls = 0;
                while !steps.step(slice) {
                    calls += 1;
                }
                // The table takes 6 units, each window one.
                let units = 6 + bits.div_ceil(WINDOW);
                assert!(calls <= units.div_ceil(slice));
                assert_eq!(steps.result(), whole);
            }
            // Stopped part way, result() finishes the rest.
            let mut steps = PowSteps::new(&base, exponent, bits);
            steps.step(3);
            assert_eq!(steps.result(), whole);
        }
    }

    /// The crypto-bigint backend's t·2^d mod N.
    fn reference_shift(t: &Limbs, d: u32) -> Limbs {
        let mut power = [0u8; 384];
        power[383 - (d / 8) as usize] = 1 << (d % 8);
        let product = ModN::from_be_bytes(&to_be_bytes(t))
            .unwrap()
            .mul(&ModN::from_be_bytes(&power).unwrap());
        from_be_bytes(&product.to_be_bytes())
    }

    #[test]
    fn shift_reduce_matches_the_reference_at_the_edges() {
        let mut n_minus_1 = N;
        n_minus_1[0] -= 1;
        let mut one = [0u32; LIMBS];
        one[0] = 1;
        let mut top_bit = [0u32; LIMBS];
        top_bit[LIMBS - 1] = 1 << 31;
        // 2³⁰⁷² − N − 1 … and values whose top part q is largest.
        for t in [
            [0; LIMBS],
            one,
            n_minus_1,
            montgomery_one(),
            top_bit,
            [0x7fff_ffff; LIMBS],
            reduce_once(&[u32::MAX; LIMBS], 0),
        ] {
            for d in 0..=32 {
                assert_eq!(shift_reduce(&t, d), reference_shift(&t, d), "d = {d}");
            }
        }
    }

    #[test]
    fn base_two_takes_the_shift_path_and_matches_the_reference() {
        let mut two = [0u8; 384];
        two[383] = 2;
        let steps = PowSteps::new(&from_be_bytes(&two), &[1], 8);
        assert!(steps.base_two);
        let mut three = two;
        three[383] = 3;
        assert!(!PowSteps::new(&from_be_bytes(&three), &[1], 8).base_two);
        // 2 with other limbs set is not 2.
        let mut high = two;
        high[0] = 2;
        assert!(!PowSteps::new(&from_be_bytes(&high), &[1], 8).base_two);
        for exponent in [
            &[][..],
            &[0],
            &[31],
            &[32],
            &[0xff; 32],
            &[0xff; 65],
            &[0xff; 136],
            &[0x80; 65],
            &[0x1f, 0x00, 0x00, 0x1f],
        ] {
            assert_eq!(ours(&two, exponent), reference(&two, exponent));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn shift_reduce_matches_the_reference(
            fill in proptest::array::uniform32(any::<u32>()),
            spread in any::<u32>(),
            d in 0u32..=32,
        ) {
            let mut t = [0u32; LIMBS];
            for (i, x) in t.iter_mut().enumerate() {
                *x = fill[i % 32] ^ spread.rotate_left(i as u32);
            }
            let t = reduce_once(&t, 0);
            prop_assert_eq!(shift_reduce(&t, d), reference_shift(&t, d));
        }

        #[test]
        fn powers_of_two_match_the_reference(
            exponent in proptest::collection::vec(any::<u8>(), 0..=136),
        ) {
            let mut two = [0u8; 384];
            two[383] = 2;
            prop_assert_eq!(ours(&two, &exponent), reference(&two, &exponent));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]
        #[test]
        fn pow_matches_the_reference(
            base in proptest::array::uniform32(any::<u8>()),
            fill in any::<u8>(),
            exponent in proptest::collection::vec(any::<u8>(), 0..=66),
        ) {
            let mut full = [fill; 384];
            full[352..].copy_from_slice(&base);
            let full = below_n(full);
            prop_assert_eq!(ours(&full, &exponent), reference(&full, &exponent));
        }
    }
}
