//! Big-integer arithmetic behind one small interface, for SRP.
//!
//! SRP needs only numbers modulo the fixed 3072-bit group prime N
//! ([`ModN`]) and secret exponents of about 1 030 bits ([`Exponent`]). This
//! file picks the backend; both offer exactly the same items:
//!
//! - native targets (`cargo test`, servers): `montgomery`, crypto-bigint's
//!   constant-time Montgomery arithmetic;
//! - `wasm32` (the browser): `engine`, the JavaScript engine's own BigInt
//!   through `crate/js/host.js`, because it is faster there: wasm lacks a
//!   64×64→128-bit multiply, so crypto-bigint's 3072-bit modular
//!   multiplication compiled to wasm loses to the engine's native BigInt
//!   (BENCHMARKS.md §1 and §5 have the figures), and it keeps crypto-bigint
//!   out of the download.
//!
//! The cargo feature `constant-time-srp` gives the browser build the
//! native backend instead (constant-time, slower there: BENCHMARKS.md §5).
//!
//! The same SRP vectors run against both: natively in `cargo test`, and in
//! headless Chromium in `crate/tests/browser_srp.rs`.
//!
//! # Timing
//!
//! The native backend is constant-time in the secret values. The wasm
//! backend is NOT: its JavaScript performs the same sequence of BigInt
//! operations for every exponent of a given public bit bound (fixed 5-bit
//! windows, a multiplication for every window, zero or not), so the
//! exponent's weight does not show in the operation count, but the
//! engine's BigInt operations themselves take value-dependent time
//! (normalised lengths, a conditional subtraction, table reads through
//! memory). Timing this page's main thread finely is open to script
//! running in the page, and that script could read the password field
//! directly. A process elsewhere on the machine would need a cache side
//! channel: on a single use of `a` (each sign-in draws a new one), or on
//! g^x, which repeats with each sign-in of the same user and password (x
//! is the value worth protecting). amazon-cognito-identity-js and Amplify
//! do the same math with variable-time BigInteger code (sliding windows).
#[cfg(all(target_arch = "wasm32", not(feature = "constant-time-srp")))]
mod engine;
#[cfg(any(test, all(target_arch = "wasm32", not(feature = "constant-time-srp"))))]
mod mont32;
#[cfg(any(not(target_arch = "wasm32"), feature = "constant-time-srp"))]
mod montgomery;

#[cfg(all(target_arch = "wasm32", not(feature = "constant-time-srp")))]
pub use engine::{
    modulus_be_bytes, pow_backend, set_pow_backend, Exponent, ModN, PowBackend, PowSteps,
};
#[cfg(any(not(target_arch = "wasm32"), feature = "constant-time-srp"))]
pub use montgomery::{modulus_be_bytes, Exponent, ModN, PowSteps};

/// N, the 3072-bit prime of the SRP group Cognito uses (RFC 3526 group 15),
/// as big-endian hex (the wasm backend's copy is in `crate/js/host.js`).
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

/// The bit bound of an exponent read from `len` big-endian bytes, or `None`
/// past [`MAX_EXPONENT_BITS`]. Shared by both backends.
fn bytes_bound(len: usize) -> Option<u32> {
    let bits = u32::try_from(len).ok()?.checked_mul(8)?;
    (bits <= MAX_EXPONENT_BITS).then_some(bits)
}

/// The bit bound of `a + u · x` for operands bounded by `a`, `u` and `x`
/// bits, or `None` past [`MAX_EXPONENT_BITS`]. Shared by both backends.
fn add_product_bound(a: u32, u: u32, x: u32) -> Option<u32> {
    let bits = a.max(u.checked_add(x)?).checked_add(1)?;
    (bits <= MAX_EXPONENT_BITS).then_some(bits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use crate::wire::encoding::{hex_decode, hex_encode};

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
