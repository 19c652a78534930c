//! Native backend of [`crate::crypto::bigint`]: `crypto-bigint`, constant-time
//! Montgomery arithmetic with the Montgomery parameters of N computed at
//! compile time (no division code at run time). Exponentiation is
//! constant-time in the exponent's value and takes time proportional to its
//! public bit bound only.

use crypto_bigint::modular::ConstMontyForm;
use crypto_bigint::{nlimbs, Limb, Uint, Word, U3072};

use self::group::GroupPrime;
use super::{MAX_EXPONENT_BITS, MODULUS_BYTES, MODULUS_HEX};

/// The backend's compile-time Montgomery parameters of N (kept private).
mod group {
    use crypto_bigint::{impl_modulus, U3072};

    impl_modulus!(
        GroupPrime,
        U3072,
        super::super::MODULUS_HEX,
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
#[derive(Clone)]
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

    /// [`ModN::pow`] behind the resumable interface of the wasm backend
    /// ([`PowSteps`]); here the first step does all of it.
    pub fn pow_steps(&self, exponent: &Exponent) -> PowSteps {
        PowSteps::Pending(self.clone(), exponent.clone())
    }
}

/// A [`ModN::pow`] under way. This backend does it whole, in the first
/// [`PowSteps::step`] (crypto-bigint's exponentiation is not resumable).
pub enum PowSteps {
    /// Not computed yet: the base and the exponent.
    Pending(ModN, Exponent),
    /// The power.
    Done(ModN),
}

impl PowSteps {
    /// Computes the power (whatever `max_windows`); `true`: nothing is left.
    pub fn step(&mut self, max_windows: u32) -> bool {
        let _ = max_windows;
        if let Self::Pending(base, exponent) = self {
            *self = Self::Done(base.pow(exponent));
        }
        true
    }

    /// The power.
    pub fn result(self) -> ModN {
        match self {
            Self::Pending(base, exponent) => base.pow(&exponent),
            Self::Done(power) => power,
        }
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
        let bits = super::bytes_bound(bytes.len())?;
        Some(Self {
            value: uint_from_be(bytes)?,
            bits,
        })
    }

    /// `self + u · x` (over the integers, not reduced); `None` if the result's
    /// bound would exceed [`MAX_EXPONENT_BITS`].
    pub fn add_product(&self, u: &Exponent, x: &Exponent) -> Option<Self> {
        let bits = super::add_product_bound(self.bits, u.bits, x.bits)?;
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
