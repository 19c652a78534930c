//! Cognito's SRP-6a client (USER_SRP_AUTH / PASSWORD_VERIFIER).
//!
//! Byte for byte what amazon-cognito-identity-js's `AuthenticationHelper`
//! computes (docs/architecture.md, "SRP"): group N (3072 bits), g = 2, SHA-256,
//! k = H(padHex(N) ‖ padHex(g)), u = H(padHex(A) ‖ padHex(B)),
//! x = H(padHex(salt) ‖ H(poolName ‖ userId ‖ ":" ‖ password)),
//! S = (B − k·gˣ)^(a + u·x) mod N, key = HKDF(padHex(S), padHex(u)), and the
//! claim signature is an HMAC over poolName ‖ userId ‖ secret block ‖ timestamp.
//! The big-number work goes through [`crate::crypto::bigint`].
use crate::prelude::*;

use core::fmt;

use crate::crypto::sha256::Sha256;

use crate::crypto::bigint::{modulus_be_bytes, Exponent, ModN, PowSteps};
use crate::crypto::hmac::hmac_sha256;
use crate::error::CognitoError;
use crate::wire::dates::{civil_from_days, write_digits};
use crate::wire::encoding::{base64_decode, base64_encode, hex_decode, hex_encode, Base64Alphabet};

/// Bytes of CSPRNG output that make the secret `a`: 256 bits, the least RFC
/// 5054 (§2.5.4) asks for, and the strength of the 3072-bit group (about
/// 128 bits against discrete logarithms bounded by the exponent's size).
/// The server only checks A mod N ≠ 0. amazon-cognito-identity-js draws 128
/// bytes; 32 make A's exponentiation a quarter as long and the claim's
/// exponent a + u·x (u and x are 256 bits) half as long.
pub const SECRET_BYTES: usize = 32;

/// Longest secret `a` accepted by [`SrpSession::from_secret_hex`], in bytes
/// (the reference vectors use amazon-cognito-identity-js's 128).
const MAX_SECRET_BYTES: usize = 128;

/// HKDF `info` of Cognito's key derivation.
const HKDF_INFO: &[u8] = b"Caldera Derived Key";
/// Longest `SALT` accepted, in hex digits (Cognito sends 32).
const MAX_SALT_HEX: usize = 1024;
/// Longest `SRP_B` accepted, in hex digits (N has 768).
const MAX_B_HEX: usize = 1024;
/// Longest `SECRET_BLOCK` accepted, in base64 characters (Cognito sends ~1 700).
const MAX_SECRET_BLOCK_B64: usize = 64 * 1024;
/// Longest `USER_ID_FOR_SRP` accepted, in bytes.
const MAX_USER_ID: usize = 4096;

/// One SRP sign-in attempt: holds the secret `a` (never printed).
pub struct SrpSession {
    a: Exponent,
    k: ModN,
    /// padHex(A) as bytes (for u).
    big_a_padded: Vec<u8>,
    /// A as lower-case hex without leading zeros.
    big_a_hex: String,
}

impl fmt::Debug for SrpSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpSession")
            .field("srp_a", &self.big_a_hex)
            .finish_non_exhaustive()
    }
}

/// What the PASSWORD_VERIFIER challenge and the caller supply to sign it.
/// All `*_hex`/`*_b64` fields and `user_id_for_srp` come from the server
/// and are checked; `password` never appears in an error.
#[derive(Clone, Copy)]
pub struct PasswordClaim<'a> {
    /// The user pool id after `_` (see [`pool_name`]).
    pub pool_name: &'a str,
    /// `USER_ID_FOR_SRP` from the challenge.
    pub user_id_for_srp: &'a str,
    /// The user's password.
    pub password: &'a str,
    /// `SALT` from the challenge (hex).
    pub salt_hex: &'a str,
    /// `SRP_B` from the challenge (hex).
    pub srp_b_hex: &'a str,
    /// `SECRET_BLOCK` from the challenge (base64).
    pub secret_block_b64: &'a str,
    /// `TIMESTAMP` sent with the answer (see [`cognito_timestamp`]).
    pub timestamp: &'a str,
}

impl fmt::Debug for PasswordClaim<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordClaim")
            .field("pool_name", &self.pool_name)
            .field("user_id_for_srp", &self.user_id_for_srp)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// The values one challenge derives before signing, as the reference
/// vectors list them (lower-case hex, `u` without leading zeros).
#[doc(hidden)]
pub struct ChallengeValues {
    /// u = H(padHex(A) ‖ padHex(B)).
    pub u_hex: String,
    /// The 16-byte HKDF key.
    pub hkdf_key_hex: String,
}

/// A new [`SrpSession`] whose A = g^a is under way: [`SrpStart::step`]
/// does a bounded part of the exponentiation, so that a caller can give the
/// event loop a turn between parts; [`SrpStart::finish`] does the rest.
/// Holds the secret `a` (never printed).
pub struct SrpStart {
    a: Exponent,
    big_a: PowSteps,
}

impl fmt::Debug for SrpStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpStart").finish_non_exhaustive()
    }
}

impl SrpStart {
    /// At most `max_windows` windows of A's exponentiation (at least one);
    /// `true` when it is done.
    pub fn step(&mut self, max_windows: u32) -> bool {
        self.big_a.step(max_windows)
    }

    /// The session, computing what [`SrpStart::step`] left of A.
    pub fn finish(self) -> Result<SrpSession, CognitoError> {
        let big_a = self.big_a.result();
        if big_a.is_zero() {
            return Err(CognitoError::invalid_parameter("SRP A is 0 mod N"));
        }
        let big_a_bytes = big_a.to_be_bytes();
        let k = ModN::from_be_bytes(&multiplier())
            .ok_or_else(|| CognitoError::invalid_parameter("SRP k is not below N"))?;
        Ok(SrpSession {
            a: self.a,
            k,
            big_a_padded: pad_bytes(&big_a_bytes),
            big_a_hex: minimal_hex(&big_a_bytes),
        })
    }
}

/// The math of one PASSWORD_VERIFIER answer under way (from
/// [`SrpSession::claim_steps`], inputs checked): g^x, then
/// S = (B − k·g^x)^(a + u·x). [`ClaimSteps::step`] does a bounded part of
/// it; [`ClaimSteps::signature`] does the rest and signs. Holds secrets
/// (never printed).
pub struct ClaimSteps {
    u: [u8; 32],
    big_b: ModN,
    k: ModN,
    exponent: Exponent,
    /// g^x while under way (`None` once S has started).
    g_x: Option<PowSteps>,
    /// S once started.
    premaster: Option<PowSteps>,
    /// poolName ‖ userId ‖ secret block ‖ timestamp: what the key signs.
    message: Vec<u8>,
}

impl fmt::Debug for ClaimSteps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClaimSteps").finish_non_exhaustive()
    }
}

impl ClaimSteps {
    /// At most `max_windows` windows of one of the two exponentiations (at
    /// least one); `true` when both are done.
    pub fn step(&mut self, max_windows: u32) -> bool {
        if let Some(g_x) = self.g_x.as_mut() {
            if g_x.step(max_windows) {
                if let Some(g_x) = self.g_x.take() {
                    let base = self.big_b.sub(&self.k.mul(&g_x.result()));
                    self.premaster = Some(base.pow_steps(&self.exponent));
                }
            }
            return false;
        }
        self.premaster
            .as_mut()
            .is_none_or(|premaster| premaster.step(max_windows))
    }

    /// The HKDF key, computing what [`ClaimSteps::step`] left.
    fn key(mut self) -> Result<Derived, CognitoError> {
        while !self.step(u32::MAX) {}
        let premaster = self
            .premaster
            .map(PowSteps::result)
            .ok_or_else(|| CognitoError::invalid_parameter("SRP premaster not computed"))?;
        let key = hkdf_16(
            &pad_bytes(&self.u),
            &pad_bytes(&premaster.to_be_bytes()),
            HKDF_INFO,
        );
        Ok(Derived {
            u: self.u,
            key,
            message: self.message,
        })
    }

    /// PASSWORD_CLAIM_SIGNATURE (base64), computing what
    /// [`ClaimSteps::step`] left.
    pub fn signature(self) -> Result<String, CognitoError> {
        let derived = self.key()?;
        let signature = hmac_sha256(&derived.key, &[&derived.message]);
        Ok(base64_encode(&signature, Base64Alphabet::Standard, true))
    }
}

/// What [`ClaimSteps`] yields: the scrambler u, the HMAC key and the
/// message it signs.
struct Derived {
    u: [u8; 32],
    key: [u8; 16],
    message: Vec<u8>,
}

impl SrpSession {
    /// From [`SECRET_BYTES`] (32) bytes of CSPRNG output; computes A.
    pub fn new(random: &[u8]) -> Result<Self, CognitoError> {
        Self::start(random)?.finish()
    }

    /// [`SrpSession::new`] with A still to compute ([`SrpStart`]).
    pub fn start(random: &[u8]) -> Result<SrpStart, CognitoError> {
        if random.len() != SECRET_BYTES {
            return Err(CognitoError::invalid_parameter(
                "SRP needs exactly 32 random bytes",
            ));
        }
        Self::start_secret(random)
    }

    /// From a chosen secret `a` as hex (1 to 128 bytes), for test vectors.
    #[doc(hidden)]
    pub fn from_secret_hex(a_hex: &str) -> Result<Self, CognitoError> {
        let bytes = hex_decode(a_hex, "secret")
            .map_err(|_| CognitoError::invalid_parameter("secret is not hex"))?;
        if bytes.is_empty() || bytes.len() > MAX_SECRET_BYTES {
            return Err(CognitoError::invalid_parameter(
                "secret must be 1 to 128 bytes",
            ));
        }
        Self::start_secret(&bytes)?.finish()
    }

    fn start_secret(a_bytes: &[u8]) -> Result<SrpStart, CognitoError> {
        let a = Exponent::from_be_bytes(a_bytes)
            .ok_or_else(|| CognitoError::invalid_parameter("secret is too long"))?;
        let big_a = ModN::generator().pow_steps(&a);
        Ok(SrpStart { a, big_a })
    }

    /// SRP_A as lower-case hex without leading zeros (as
    /// amazon-cognito-identity-js sends it).
    pub fn srp_a_hex(&self) -> String {
        self.big_a_hex.clone()
    }

    /// PASSWORD_CLAIM_SIGNATURE (base64) for the PASSWORD_VERIFIER challenge.
    pub fn password_claim(&self, input: &PasswordClaim<'_>) -> Result<String, CognitoError> {
        self.claim_steps(input)?.signature()
    }

    /// u and the HKDF key for a challenge, for the reference vectors.
    #[doc(hidden)]
    pub fn challenge_values(
        &self,
        input: &PasswordClaim<'_>,
    ) -> Result<ChallengeValues, CognitoError> {
        let derived = self.claim_steps(input)?.key()?;
        Ok(ChallengeValues {
            u_hex: minimal_hex(&derived.u),
            hkdf_key_hex: hex_encode(&derived.key),
        })
    }

    /// Checks the inputs and starts the SRP math of a PASSWORD_VERIFIER
    /// answer ([`ClaimSteps`]; [`SrpSession::password_claim`] runs it whole).
    pub fn claim_steps(&self, input: &PasswordClaim<'_>) -> Result<ClaimSteps, CognitoError> {
        let secret_block = decode_secret_block(input.secret_block_b64)?;
        check_caller_values(input)?;
        let salt = decode_hex_field(input.salt_hex, "SALT", MAX_SALT_HEX)?;
        let b_bytes = decode_hex_field(input.srp_b_hex, "SRP_B", MAX_B_HEX)?;
        let big_b = ModN::from_be_bytes(&b_bytes)
            .ok_or_else(|| CognitoError::invalid_response("SRP_B is not below N"))?;
        if big_b.is_zero() {
            return Err(CognitoError::invalid_response("SRP_B is 0 mod N"));
        }

        let u: [u8; 32] = sha256(&[&self.big_a_padded, &pad_bytes(&big_b.to_be_bytes())]);
        if u.iter().all(|&b| b == 0) {
            return Err(CognitoError::invalid_response("SRP u is 0"));
        }
        let x = private_key(
            input.pool_name,
            input.user_id_for_srp,
            input.password,
            &salt,
        );

        let internal = || CognitoError::invalid_parameter("SRP exponent out of range");
        let x_exp = Exponent::from_be_bytes(&x).ok_or_else(internal)?;
        let u_exp = Exponent::from_be_bytes(&u).ok_or_else(internal)?;
        let exponent = self.a.add_product(&u_exp, &x_exp).ok_or_else(internal)?;
        let message = [
            input.pool_name.as_bytes(),
            input.user_id_for_srp.as_bytes(),
            &secret_block,
            input.timestamp.as_bytes(),
        ]
        .concat();
        Ok(ClaimSteps {
            u,
            big_b,
            k: self.k.clone(),
            exponent,
            g_x: Some(ModN::generator().pow_steps(&x_exp)),
            premaster: None,
            message,
        })
    }
}

/// The first 16 bytes of HKDF-SHA256 (RFC 5869) of `ikm` under `salt`
/// and `info`: PRK = HMAC(salt, ikm), then the first output block
/// T(1) = HMAC(PRK, info ‖ 0x01), cut to 16 bytes. Two HMACs over the
/// crate's own; the `hkdf` crate did the same in more of the wasm
/// (BENCHMARKS.md §9).
fn hkdf_16(salt: &[u8], ikm: &[u8], info: &[u8]) -> [u8; 16] {
    let prk = hmac_sha256(salt, &[ikm]);
    let block = hmac_sha256(&prk, &[info, &[1]]);
    let mut key = [0u8; 16];
    key.copy_from_slice(&block[..16]);
    key
}

/// x = H(padHex(salt) ‖ H(poolName ‖ userId ‖ ":" ‖ password)).
fn private_key(pool_name: &str, user_id: &str, password: &str, salt: &[u8]) -> [u8; 32] {
    let identity = sha256(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.as_bytes(),
    ]);
    sha256(&[&pad_bytes(salt), &identity])
}

/// Bytes of CSPRNG output behind a device's random password (as
/// amazon-cognito-identity-js draws them).
pub const DEVICE_PASSWORD_BYTES: usize = 40;
/// Bytes of CSPRNG output behind a device verifier's salt.
pub const DEVICE_SALT_BYTES: usize = 16;

/// A device's random password: [`DEVICE_PASSWORD_BYTES`] random bytes in
/// standard base64.
pub fn device_password(random: &[u8; DEVICE_PASSWORD_BYTES]) -> String {
    base64_encode(random, Base64Alphabet::Standard, true)
}

/// ConfirmDevice's `DeviceSecretVerifierConfig`, both standard base64 of
/// padHex bytes: `PasswordVerifier` = g^x mod N and `Salt`, with
/// x = H(padHex(salt) ‖ H(groupKey ‖ deviceKey ‖ ":" ‖ password)) — the
/// user SRP's x with the device group key as the pool name and the device
/// key as the user (DEVICE_SRP_AUTH then signs with [`PasswordClaim`] the
/// same way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceVerifier {
    /// `PasswordVerifier`.
    pub password_verifier: String,
    /// `Salt`.
    pub salt: String,
}

/// The verifier of the device `device_key` (group `group_key`) for its
/// random `password` and `salt` ([`DEVICE_SALT_BYTES`] random bytes).
pub fn device_verifier(
    group_key: &str,
    device_key: &str,
    password: &str,
    salt: &[u8],
) -> Result<DeviceVerifier, CognitoError> {
    if group_key.is_empty() || device_key.is_empty() || password.is_empty() || salt.is_empty() {
        return Err(CognitoError::invalid_parameter(
            "a device verifier needs a group key, a device key, a password and a salt",
        ));
    }
    let x = private_key(group_key, device_key, password, salt);
    let x = Exponent::from_be_bytes(&x)
        .ok_or_else(|| CognitoError::invalid_parameter("SRP exponent out of range"))?;
    let verifier = ModN::generator().pow(&x).to_be_bytes();
    let b64 = |bytes: &[u8]| base64_encode(&pad_bytes(bytes), Base64Alphabet::Standard, true);
    Ok(DeviceVerifier {
        password_verifier: b64(&verifier),
        salt: b64(salt),
    })
}

/// Refuses empty or oversized values before any work.
fn check_caller_values(input: &PasswordClaim<'_>) -> Result<(), CognitoError> {
    if input.password.is_empty() {
        return Err(CognitoError::invalid_parameter("password is empty"));
    }
    if input.pool_name.is_empty() {
        return Err(CognitoError::invalid_parameter("user pool name is empty"));
    }
    if input.timestamp.is_empty() {
        return Err(CognitoError::invalid_parameter("TIMESTAMP is empty"));
    }
    if input.user_id_for_srp.is_empty() {
        return Err(CognitoError::invalid_response("USER_ID_FOR_SRP is empty"));
    }
    if input.user_id_for_srp.len() > MAX_USER_ID {
        return Err(CognitoError::invalid_response(
            "USER_ID_FOR_SRP is too long",
        ));
    }
    Ok(())
}

/// A non-empty hex value from the server, at most `max_digits` long.
fn decode_hex_field(hex: &str, what: &str, max_digits: usize) -> Result<Vec<u8>, CognitoError> {
    if hex.is_empty() {
        return Err(CognitoError::invalid_response(text!(what, " is empty")));
    }
    if hex.len() > max_digits {
        return Err(CognitoError::invalid_response(text!(what, " is too long")));
    }
    hex_decode(hex, what)
}

/// The server's `SECRET_BLOCK` (standard base64).
fn decode_secret_block(b64: &str) -> Result<Vec<u8>, CognitoError> {
    if b64.is_empty() {
        return Err(CognitoError::invalid_response("SECRET_BLOCK is empty"));
    }
    if b64.len() > MAX_SECRET_BLOCK_B64 {
        return Err(CognitoError::invalid_response("SECRET_BLOCK is too long"));
    }
    base64_decode(b64, Base64Alphabet::Standard, true)
        .ok_or_else(|| CognitoError::invalid_response("SECRET_BLOCK is not base64"))
}

/// k = H(padHex(N) ‖ padHex(g)).
fn multiplier() -> [u8; 32] {
    sha256(&[&pad_bytes(&modulus_be_bytes()), &[2]])
}

/// k as lower-case hex without leading zeros, for the reference vectors.
#[doc(hidden)]
pub fn multiplier_hex() -> String {
    minimal_hex(&multiplier())
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize()
}

/// The bytes behind padHex of the non-negative number `magnitude`
/// (big-endian, leading zeros allowed): minimal, with a 0 byte in front
/// when the top bit is set; 0 is one 0 byte.
fn pad_bytes(magnitude: &[u8]) -> Vec<u8> {
    let first = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len());
    let digits = magnitude.get(first..).unwrap_or_default();
    let mut out = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|&b| b >= 0x80) {
        out.push(0);
    }
    out.extend_from_slice(digits);
    out
}

/// padHex of the non-negative number `magnitude` (big-endian bytes): the
/// hex of Java's `BigInteger.toByteArray()`, as Cognito's SRP hashes it
/// (`80` → `0080`, `abc` → `0abc`, `0` → `00`).
pub fn pad_hex(magnitude: &[u8]) -> String {
    hex_encode(&pad_bytes(magnitude))
}

/// padHex of −`magnitude` (two's complement, as Java's
/// `BigInteger.toByteArray()`); SRP never needs it, the reference vectors
/// list it.
#[doc(hidden)]
pub fn pad_hex_negative(magnitude: &[u8]) -> String {
    let positive = pad_bytes(magnitude);
    if positive.iter().all(|&b| b == 0) {
        return hex_encode(&positive);
    }
    // Two's complement: invert and add one, from the least significant byte.
    let mut bytes: Vec<u8> = positive.iter().map(|b| !b).collect();
    for byte in bytes.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            break;
        }
    }
    // Drop 0xff bytes that only repeat the sign of the next byte.
    let redundant = bytes
        .windows(2)
        .take_while(|w| matches!(w, [0xff, next] if *next >= 0x80))
        .count();
    hex_encode(bytes.get(redundant..).unwrap_or_default())
}

/// Lower-case hex without leading zero digits (`0` for zero), like
/// JavaScript's `BigInteger.toString(16)`.
fn minimal_hex(bytes: &[u8]) -> String {
    let hex = hex_encode(bytes);
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `EEE MMM d HH:mm:ss UTC yyyy` for a Unix time in milliseconds (UTC,
/// English names, day not zero-padded, year as a plain number), e.g.
/// `Tue Feb 1 03:04:05 UTC 2000`. A non-finite time counts as 0.
pub fn cognito_timestamp(epoch_ms: f64) -> String {
    let ms = if epoch_ms.is_finite() {
        epoch_ms.floor() as i64 // saturates far outside any real date
    } else {
        0
    };
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let second_of_day = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS
        .get((days + 4).rem_euclid(7) as usize)
        .unwrap_or(&"Sun");
    let month_name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .unwrap_or(&"Jan");
    let mut time = *b"00:00:00";
    write_digits(&mut time[0..2], second_of_day / 3600);
    write_digits(&mut time[3..5], second_of_day / 60 % 60);
    write_digits(&mut time[6..8], second_of_day % 60);
    let time = core::str::from_utf8(&time).unwrap_or_default();
    text!(weekday, " ", month_name, " ", day, " ", time, " UTC ", year)
}

/// The part of a user pool id after `_` (`eu-west-1_xRwxzdsSL` →
/// `xRwxzdsSL`).
pub fn pool_name(user_pool_id: &str) -> Result<&str, CognitoError> {
    match user_pool_id.split_once('_') {
        Some((region, name)) if !region.is_empty() && !name.is_empty() && !name.contains('_') => {
            Ok(name)
        }
        _ => Err(CognitoError::invalid_config(
            "user pool id must look like <region>_<id>",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    #[test]
    fn pad_bytes_follows_java() {
        assert_eq!(pad_bytes(&[]), vec![0]);
        assert_eq!(pad_bytes(&[0, 0]), vec![0]);
        assert_eq!(pad_bytes(&[0, 0x7f]), vec![0x7f]);
        assert_eq!(pad_bytes(&[0, 0x80]), vec![0, 0x80]);
        assert_eq!(pad_hex(&[0x0a, 0xbc]), "0abc");
    }

    #[test]
    fn hkdf_16_is_the_start_of_rfc_5869s_outputs() {
        let ikm = [0x0b; 22];
        // A.1: salt 00..0c, info f0..f9.
        let salt: Vec<u8> = (0..=0x0c).collect();
        let info: Vec<u8> = (0xf0..=0xf9).collect();
        assert_eq!(
            hex_encode(&hkdf_16(&salt, &ikm, &info)),
            "3cb25f25faacd57a90434f64d0362f2a"
        );
        // A.3: no salt (HashLen zero bytes, the same HMAC key) and no info.
        assert_eq!(
            hex_encode(&hkdf_16(&[], &ikm, &[])),
            "8da4e775a563c18f715f802a063c5a31"
        );
    }

    #[test]
    fn minimal_hex_strips_leading_zero_digits() {
        assert_eq!(minimal_hex(&[0, 0x0f, 0x10]), "f10");
        assert_eq!(minimal_hex(&[0, 0]), "0");
    }

    #[test]
    fn pool_names() {
        assert_eq!(pool_name("eu-west-1_xRwxzdsSL").unwrap(), "xRwxzdsSL");
        for bad in ["", "eu-west-1", "_abc", "eu-west-1_", "a_b_c"] {
            assert_eq!(
                pool_name(bad).unwrap_err().kind,
                ErrorKind::InvalidConfig,
                "{bad}"
            );
        }
    }

    #[test]
    fn new_wants_32_bytes_and_debug_hides_the_secret() {
        assert!(SrpSession::new(&[1; 31]).is_err());
        assert!(SrpSession::new(&[1; 33]).is_err());
        assert!(SrpSession::new(&[1; 128]).is_err());
        assert!(SrpSession::from_secret_hex(&"ab".repeat(128)).is_ok());
        assert!(SrpSession::from_secret_hex(&"ab".repeat(129)).is_err());
        let session = SrpSession::new(&[0xab; 32]).unwrap();
        let shown = format!("{session:?}");
        assert!(shown.contains(&session.srp_a_hex()));
        assert!(!shown.contains("abababab"));
        assert!(!shown.contains("Exponent"));
    }

    #[test]
    fn timestamp_basics() {
        assert_eq!(cognito_timestamp(0.0), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(cognito_timestamp(-1.0), "Wed Dec 31 23:59:59 UTC 1969");
        assert_eq!(cognito_timestamp(f64::NAN), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(
            cognito_timestamp(951_782_400_999.9),
            "Tue Feb 29 00:00:00 UTC 2000"
        );
    }

    proptest! {
        #[test]
        fn timestamp_never_panics(ms in proptest::num::f64::ANY) {
            prop_assert!(cognito_timestamp(ms).contains(" UTC "));
        }

        #[test]
        fn pool_name_never_panics(id in "\\PC*") {
            let _ = pool_name(&id);
        }
    }
}
