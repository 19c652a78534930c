//! Montgomery arithmetic modulo N in plain Rust, for wasm32: the
//! exponentiation for JavaScript engines whose own BigInt is slow (see
//! [`super::engine`], which picks it per engine). Also built natively for
//! the unit tests, which check it against the crypto-bigint backend.
//!
//! Numbers are stored as 32-bit limbs ([`Limbs`]). wasm has a 64-bit
//! multiply but no 64×64→128-bit one, so the multiplication works on 28-bit
//! limbs held in `u64`s: each product is below 2⁵⁶, and a pass adds its
//! products without carrying, which leaves the carries to one pass at the
//! end ([`mont_mul`] says why the sums fit). The Montgomery radix is
//! R = 2³⁰⁸⁰. N ends in 64 one bits, so −N⁻¹ mod 2²⁸ is 1 and the
//! Montgomery quotient digit is the low limb itself. The final subtraction,
//! the window lookups and the exponent's digits use masks, not branches, on
//! secret values. Powers of the generator 2 multiply by each window's
//! 2^digit with a shift and one limb-by-N subtraction instead of a table
//! and a multiplication (the shift's amount is the digit; no branch on it).
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

/// Limbs of a multiplication's operands: 28 bits each (3080 bits), held
/// in `u64`s so that the products' sums need no carry until the end.
const WIDE: usize = 110;

/// A number below 2³⁰⁸⁰ as little-endian 28-bit limbs, one per `u64`.
type Wide = [u64; WIDE];

/// The Montgomery radix R = 2^(28 · WIDE) = 2³⁰⁸⁰, in bits.
const R_BITS: u32 = 28 * WIDE as u32;

/// The low 28 bits.
const MASK28: u64 = (1 << 28) - 1;

// The quotient digit of mont_mul relies on N ≡ −1 mod 2²⁸.
const _: () = assert!(wide_of(&N)[0] == MASK28);

/// The 28-bit limbs of `a` (compile time as well as run time).
const fn wide_of(a: &Limbs) -> Wide {
    let mut out = [0u64; WIDE];
    let mut k = 0;
    while k < WIDE {
        let bit = 28 * k;
        let i = bit / 32;
        let next = if i + 1 < LIMBS { a[i + 1] as u64 } else { 0 };
        let word = if i < LIMBS { a[i] as u64 } else { 0 };
        out[k] = ((word | (next << 32)) >> (bit % 32)) & MASK28;
        k += 1;
    }
    out
}

/// `t` (limbs of any size, value below 2N) with its carries propagated,
/// as 32-bit limbs and the bit above them, reduced below N.
fn narrow(t: &Wide) -> Limbs {
    let mut out = [0u32; LIMBS];
    let mut carry = 0u64;
    let mut bits = 0u64;
    let mut held = 0u32;
    let mut at = 0;
    for &limb in t {
        let value = limb + carry;
        carry = value >> 28;
        bits |= (value & MASK28) << held;
        held += 28;
        if held >= 32 {
            if let Some(o) = out.get_mut(at) {
                *o = bits as u32;
            }
            at += 1;
            bits >>= 32;
            held -= 32;
        }
    }
    // 3080 bits = 96 limbs and 8 bits: the bit 2³⁰⁷² of a value below 2N.
    reduce_once(&out, bits as u32)
}

/// x·y for limbs whose product is known to fit in 64 bits: the plain wasm
/// multiply in every build. A checked `*` (debug builds, such as the browser
/// tests') calls compiler-builtins' 128-bit multiply instead, and
/// WebKitGTK 2.50.6 now and then computed wrong values in this code with
/// that call in its innermost loop, never without it (BENCHMARKS.md §7,
/// "SRP in WebKit").
#[inline(always)]
fn mul(x: u64, y: u64) -> u64 {
    x.wrapping_mul(y)
}

/// a·b·2⁻³⁰⁸⁰ mod N, for a, b below N: Montgomery multiplication on 28-bit
/// limbs with the carries left in the `u64`s until the end.
///
/// Why it cannot overflow: every limb of a, b, N and of the quotient digit
/// m is below 2²⁸, so each product is below 2⁵⁶; the limb of t at a given
/// place receives at most two products from each of the 110 passes (a·bᵢ
/// and m·N), below 220 · 2⁵⁶ < 2^63.79, plus the carry of one limb shifted
/// out (below 2³⁶): below 2⁶⁴.
pub fn mont_mul(a: &Limbs, b: &Limbs) -> Limbs {
    let a = wide_of(a);
    let b = wide_of(b);
    // N's 28-bit limbs, made here from its 32-bit ones (which the download
    // holds anyway) rather than kept as a second table.
    let n = wide_of(&N);
    let mut t = [0u64; WIDE];
    for &bi in &b {
        let first = t[0] + mul(a[0], bi);
        // The quotient digit m = t₀·(−N⁻¹) mod 2²⁸ = t₀ mod 2²⁸; then
        // t₀ + m·N₀ ≡ 0 mod 2²⁸, and what is above moves down one limb.
        let m = first & MASK28;
        let carry = (first + mul(m, n[0])) >> 28;
        t[0] = t[1] + mul(a[1], bi) + mul(m, n[1]) + carry;
        // The rest four limbs at a time (108 = 4 · 27): written out, the
        // loop runs faster in JavaScriptCore (BENCHMARKS.md §7).
        let mut j = 2;
        while j + 4 <= WIDE {
            t[j - 1] = t[j] + mul(a[j], bi) + mul(m, n[j]);
            t[j] = t[j + 1] + mul(a[j + 1], bi) + mul(m, n[j + 1]);
            t[j + 1] = t[j + 2] + mul(a[j + 2], bi) + mul(m, n[j + 2]);
            t[j + 2] = t[j + 3] + mul(a[j + 3], bi) + mul(m, n[j + 3]);
            j += 4;
        }
        t[WIDE - 1] = 0;
    }
    narrow(&t)
}

/// a²·2⁻³⁰⁸⁰ mod N, for a below N (a multiplication: one written apart
/// for squaring measured no faster in JavaScriptCore, BENCHMARKS.md §7).
pub fn mont_sqr(a: &Limbs) -> Limbs {
    mont_mul(a, a)
}

/// t·2^d mod N, for t below N and d ≤ 32 (a larger d counts as 32; in
/// Montgomery form or not: a power of two, as a plain factor, keeps the
/// form). The same operations for every d.
fn shift_reduce(t: &Limbs, d: u32) -> Limbs {
    let d = d.min(32);
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
        // Below 2⁶⁴: q and n are below 2³², the carry too.
        let p = mul(q, u64::from(n)) + carry;
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

/// x·R mod N (x in Montgomery form), for x below N.
fn to_montgomery(x: &Limbs) -> Limbs {
    let mut t = *x;
    for _ in 0..LIMBS {
        t = shift_reduce(&t, 32);
    }
    shift_reduce(&t, R_BITS - 32 * LIMBS as u32)
}

/// R mod N: 1 in Montgomery form (2³⁰⁸⁰ mod N, from 2³⁰⁷² − N, as
/// N > 2³⁰⁷¹).
fn montgomery_one() -> Limbs {
    let mut low = [0u32; LIMBS];
    let mut borrow = 0u64;
    for (o, &n) in low.iter_mut().zip(&N) {
        let s = 0u64.wrapping_sub(u64::from(n)).wrapping_sub(borrow);
        *o = s as u32;
        borrow = s >> 63;
    }
    shift_reduce(&low, R_BITS - 32 * LIMBS as u32)
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
    fn mont_mul_of_the_largest_operands_matches_the_reference() {
        // N − 1 and other values with every 28-bit limb at its largest: the
        // most the lazy carries' sums can reach.
        let mut n_minus_1 = N;
        n_minus_1[0] -= 1;
        let all_ones = reduce_once(&[u32::MAX; LIMBS], 0);
        let mut one = [0u32; LIMBS];
        one[0] = 1;
        for a in [n_minus_1, all_ones, montgomery_one(), one] {
            for b in [n_minus_1, all_ones, montgomery_one(), one, [0; LIMBS]] {
                let product = mont_mul(&mont_mul(&to_montgomery(&a), &to_montgomery(&b)), &one);
                let expected = ModN::from_be_bytes(&to_be_bytes(&a))
                    .unwrap()
                    .mul(&ModN::from_be_bytes(&to_be_bytes(&b)).unwrap());
                assert_eq!(to_be_bytes(&product), expected.to_be_bytes());
            }
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
        fn mont_mul_matches_the_reference(
            x in proptest::array::uniform32(any::<u32>()),
            y in proptest::array::uniform32(any::<u32>()),
            spread in any::<u32>(),
        ) {
            // Limbs from all of 0..=u32::MAX, reduced below N.
            let mut a = [0u32; LIMBS];
            let mut b = [0u32; LIMBS];
            for i in 0..LIMBS {
                a[i] = x[i % 32] ^ spread.rotate_left(i as u32);
                b[i] = y[(i * 7) % 32].wrapping_add(spread);
            }
            let (a, b) = (reduce_once(&a, 0), reduce_once(&b, 0));
            let mut one = [0u32; LIMBS];
            one[0] = 1;
            let product = mont_mul(&mont_mul(&to_montgomery(&a), &to_montgomery(&b)), &one);
            let expected = ModN::from_be_bytes(&to_be_bytes(&a))
                .unwrap()
                .mul(&ModN::from_be_bytes(&to_be_bytes(&b)).unwrap());
            prop_assert_eq!(to_be_bytes(&product), expected.to_be_bytes());
            prop_assert_eq!(mont_sqr(&a), mont_mul(&a, &a));
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
