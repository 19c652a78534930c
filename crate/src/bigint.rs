//! Big-integer arithmetic behind one small interface, for SRP.
//!
//! SRP needs only numbers modulo the fixed 3072-bit group prime N
//! ([`ModN`]) and secret exponents of about 1 030 bits ([`Exponent`]). This
//! file is the only place that knows the backend, so it can be swapped (for
//! the browser's own BigInt, say) by re-implementing these few items.
//!
//! Backend: `crypto-bigint`, constant-time Montgomery arithmetic with the
//! Montgomery parameters of N computed at compile time (no division code at
//! run time). Exponentiation is constant-time in the exponent's value and
//! takes time proportional to its public bit bound only.

use crypto_bigint::modular::ConstMontyForm;
use crypto_bigint::{nlimbs, Limb, Uint, Word, U3072};

use self::group::GroupPrime;

/// N, the 3072-bit prime of the SRP group Cognito uses (RFC 3526 group 15),
/// as big-endian hex.
pub const MODULUS_HEX: &str = concat!(
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74",
    "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437",
    "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed",
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05",
    "98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb",
    "9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b",
    "e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf695581718",
    "3995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33",
    "a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7",
    "abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864",
    "d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e2",
    "08e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff",
);

/// Length of N (and of [`ModN::to_be_bytes`]) in bytes.
pub const MODULUS_BYTES: usize = 384;

/// Largest bit bound an [`Exponent`] may have (a + u·x needs at most 1 025).
pub const MAX_EXPONENT_BITS: u32 = 1088;

/// The backend's compile-time Montgomery parameters of N (kept private).
mod group {
    use crypto_bigint::{impl_modulus, U3072};

    impl_modulus!(
        GroupPrime,
        U3072,
        super::MODULUS_HEX,
        "The SRP group prime N."
    );
}

/// Limbs of the exponent type (17 on 64-bit targets, 34 on wasm32).
const EXPONENT_LIMBS: usize = nlimbs!(MAX_EXPONENT_BITS);

/// N as a plain integer.
const MODULUS: U3072 = U3072::from_be_hex(MODULUS_HEX);

type Residue = ConstMontyForm<GroupPrime, { U3072::LIMBS }>;

/// A number modulo N (kept in Montgomery form). No `Debug`: values such as
/// the premaster secret S are secrets.
#[derive(Clone, Copy)]
pub struct ModN(Residue);

impl ModN {
    /// The group generator g = 2.
    pub fn generator() -> Self {
        Self(Residue::new(&U3072::from_u8(2)))
    }

    /// The value of big-endian `bytes` (any length, leading zeros allowed);
    /// `None` when it is not below N. Variable time: for public values.
    pub fn from_be_bytes(bytes: &[u8]) -> Option<Self> {
        let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let value: U3072 = uint_from_be(bytes.get(first..)?)?;
        if value.cmp_vartime(&MODULUS) != core::cmp::Ordering::Less {
            return None;
        }
        Some(Self(Residue::new(&value)))
    }

    /// The value as exactly [`MODULUS_BYTES`] big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; MODULUS_BYTES] {
        let mut out = [0u8; MODULUS_BYTES];
        uint_to_be(&self.0.retrieve(), &mut out);
        out
    }

    /// Whether the value is 0 mod N.
    pub fn is_zero(&self) -> bool {
        *self.0.as_montgomery() == U3072::ZERO
    }

    /// `self · rhs mod N`.
    pub fn mul(&self, rhs: &Self) -> Self {
        Self(self.0.mul(&rhs.0))
    }

    /// `self − rhs mod N`, in `[0, N)`.
    pub fn sub(&self, rhs: &Self) -> Self {
        Self(self.0.sub(&rhs.0))
    }

    /// `self ^ exponent mod N`; constant time for a given bit bound.
    pub fn pow(&self, exponent: &Exponent) -> Self {
        Self(self.0.pow_bounded_exp(&exponent.value, exponent.bits))
    }
}

/// N as big-endian bytes.
pub fn modulus_be_bytes() -> [u8; MODULUS_BYTES] {
    let mut out = [0u8; MODULUS_BYTES];
    uint_to_be(&MODULUS, &mut out);
    out
}

/// A non-negative exponent with a public bound on its bit length (the
/// bound, not the value, decides how long [`ModN::pow`] takes). No `Debug`:
/// exponents are secrets.
#[derive(Clone)]
pub struct Exponent {
    value: Uint<EXPONENT_LIMBS>,
    bits: u32,
}

impl Exponent {
    /// The value of big-endian `bytes`, bounded by `8 · bytes.len()` bits;
    /// `None` if that bound exceeds [`MAX_EXPONENT_BITS`].
    pub fn from_be_bytes(bytes: &[u8]) -> Option<Self> {
        let bits = u32::try_from(bytes.len()).ok()?.checked_mul(8)?;
        if bits > MAX_EXPONENT_BITS {
            return None;
        }
        Some(Self {
            value: uint_from_be(bytes)?,
            bits,
        })
    }

    /// `self + u · x` (over the integers, not reduced); `None` if the result's
    /// bound would exceed [`MAX_EXPONENT_BITS`].
    pub fn add_product(&self, u: &Exponent, x: &Exponent) -> Option<Self> {
        let bits = self.bits.max(u.bits.checked_add(x.bits)?).checked_add(1)?;
        if bits > MAX_EXPONENT_BITS {
            return None;
        }
        // Both operations are exact: the bounds above keep them below 2^bits.
        let value = self.value.wrapping_add(&u.value.wrapping_mul(&x.value));
        Some(Self { value, bits })
    }
}

/// Reads big-endian bytes into a `Uint`; `None` if they do not fit.
fn uint_from_be<const L: usize>(bytes: &[u8]) -> Option<Uint<L>> {
    if bytes.len() > L * Limb::BYTES {
        return None;
    }
    let mut words: [Word; L] = [0; L];
    for (chunk, word) in bytes.rchunks(Limb::BYTES).zip(words.iter_mut()) {
        *word = chunk.iter().fold(0, |acc, &b| (acc << 8) | Word::from(b));
    }
    Some(Uint::from_words(words))
}

/// Writes a `Uint` as big-endian bytes into `out` (of `L · Limb::BYTES` bytes).
fn uint_to_be<const L: usize>(value: &Uint<L>, out: &mut [u8]) {
    for (chunk, word) in out.rchunks_mut(Limb::BYTES).zip(value.as_words()) {
        for (dst, src) in chunk.iter_mut().zip(word.to_be_bytes()) {
            *dst = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::{hex_decode, hex_encode};

    fn n_minus(small: u8) -> Vec<u8> {
        let mut n = modulus_be_bytes().to_vec();
        if let Some(last) = n.last_mut() {
            *last -= small;
        }
        n
    }

    #[test]
    fn modulus_round_trips_and_is_rejected_as_a_residue() {
        assert_eq!(hex_encode(&modulus_be_bytes()), MODULUS_HEX);
        assert!(ModN::from_be_bytes(&modulus_be_bytes()).is_none());
        let mut above = vec![0u8];
        above.extend_from_slice(&modulus_be_bytes());
        above[0] = 1;
        assert!(ModN::from_be_bytes(&above).is_none());
        let below = n_minus(1);
        assert_eq!(
            ModN::from_be_bytes(&below).map(|v| v.to_be_bytes().to_vec()),
            Some(below)
        );
    }

    #[test]
    fn leading_zeros_and_empty_input() {
        let mut padded = vec![0u8; 500];
        padded.push(7);
        let seven = ModN::from_be_bytes(&padded).map(|v| v.to_be_bytes());
        let mut expected = [0u8; MODULUS_BYTES];
        expected[MODULUS_BYTES - 1] = 7;
        assert_eq!(seven, Some(expected));
        assert!(ModN::from_be_bytes(&[]).is_some_and(|z| z.is_zero()));
        assert!(ModN::from_be_bytes(&[0, 0]).is_some_and(|z| z.is_zero()));
        assert!(!ModN::generator().is_zero());
    }

    #[test]
    fn small_arithmetic() {
        let g = ModN::generator();
        let e = Exponent::from_be_bytes(&[10]).unwrap();
        let mut expected = [0u8; MODULUS_BYTES];
        expected[MODULUS_BYTES - 2..].copy_from_slice(&[4, 0]);
        assert_eq!(g.pow(&e).to_be_bytes(), expected);
        // 2 - 3 = N - 1
        let three = ModN::from_be_bytes(&[3]).unwrap();
        assert_eq!(g.sub(&three).to_be_bytes().to_vec(), n_minus(1));
        // (N - 1)^2 = 1
        let minus_one = ModN::from_be_bytes(&n_minus(1)).unwrap();
        let mut one = [0u8; MODULUS_BYTES];
        one[MODULUS_BYTES - 1] = 1;
        assert_eq!(minus_one.mul(&minus_one).to_be_bytes(), one);
        // x^0 = 1
        assert_eq!(
            three
                .pow(&Exponent::from_be_bytes(&[]).unwrap())
                .to_be_bytes(),
            one
        );
    }

    #[test]
    fn exponent_add_product_and_bounds() {
        // 2^(5 + 3·4) = 2^17
        let e = Exponent::from_be_bytes(&[5])
            .unwrap()
            .add_product(
                &Exponent::from_be_bytes(&[3]).unwrap(),
                &Exponent::from_be_bytes(&[4]).unwrap(),
            )
            .unwrap();
        let mut expected = [0u8; MODULUS_BYTES];
        expected[MODULUS_BYTES - 3] = 2;
        assert_eq!(ModN::generator().pow(&e).to_be_bytes(), expected);

        // Fermat: g^(N-1) = 1 needs a 3072-bit exponent, which is refused.
        assert!(Exponent::from_be_bytes(&[0xff; 137]).is_none());
        let a = Exponent::from_be_bytes(&[0xff; 128]).unwrap();
        let h = Exponent::from_be_bytes(&[0xff; 32]).unwrap();
        assert!(a.add_product(&h, &h).is_some());
        let big = Exponent::from_be_bytes(&[0xff; 136]).unwrap();
        assert!(big.add_product(&h, &h).is_none());
    }

    #[test]
    fn maximal_exponent_sum_is_exact() {
        // (2^1024 - 1) + (2^256 - 1)^2 computed by the exponent type, checked
        // through 2^e = 2^(a) · (2^(h))^(h).
        let a = Exponent::from_be_bytes(&[0xff; 128]).unwrap();
        let h = Exponent::from_be_bytes(&[0xff; 32]).unwrap();
        let e = a.add_product(&h, &h).unwrap();
        let g = ModN::generator();
        let direct = g.pow(&e).to_be_bytes();
        let split = g.pow(&a).mul(&g.pow(&h).pow(&h)).to_be_bytes();
        assert_eq!(direct, split);
        assert_eq!(
            hex_decode(&hex_encode(&direct), "x").unwrap(),
            direct.to_vec()
        );
    }
}
