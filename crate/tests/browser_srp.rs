//! The wasm32 big-number backend (the JavaScript engine's BigInt, through
//! crate/js/host.js, with exponentiation there or in wasm Montgomery
//! multiplication, each tested; crypto-bigint with `--features
//! constant-time-srp`) in each browser: the same SRP reference vectors as the native
//! `srp_vectors` test, plus the arithmetic edge cases of `bigint`'s unit
//! tests. Needs no local stack.
#![cfg(target_arch = "wasm32")]

use cognito_wasm::crypto::bigint::{modulus_be_bytes, Exponent, ModN, MODULUS_BYTES, MODULUS_HEX};
use cognito_wasm::crypto::srp::{multiplier_hex, PasswordClaim, SrpSession, SECRET_BYTES};
use cognito_wasm::wire::encoding::hex_encode;
use cognito_wasm::wire::json::{parse, Value};
use cognito_wasm::ErrorKind;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The vectors, embedded at compile time (the browser has no file system).
const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/vectors/srp/cognito-srp.json"
));

fn vectors() -> Value {
    parse(VECTORS).expect("SRP vectors are JSON")
}

fn field<'a>(value: &'a Value, name: &str) -> &'a str {
    value
        .get_str(name)
        .unwrap_or_else(|| panic!("missing {name}"))
}

fn claim(case: &Value) -> PasswordClaim<'_> {
    PasswordClaim {
        pool_name: field(case, "poolName"),
        user_id_for_srp: field(case, "userIdForSrp"),
        password: field(case, "password"),
        salt_hex: field(case, "salt"),
        srp_b_hex: field(case, "srpB"),
        secret_block_b64: field(case, "secretBlock"),
        timestamp: field(case, "timestamp"),
    }
}

/// `value` as [`MODULUS_BYTES`] big-endian bytes.
fn residue_bytes(value: &[u8]) -> [u8; MODULUS_BYTES] {
    let mut out = [0u8; MODULUS_BYTES];
    out[MODULUS_BYTES - value.len()..].copy_from_slice(value);
    out
}

fn n_minus(small: u8) -> Vec<u8> {
    let mut n = modulus_be_bytes().to_vec();
    *n.last_mut().unwrap() -= small;
    n
}

/// Runs `check` with each exponentiation of the build: in the default one,
/// the engine's BigInt and wasm Montgomery multiplication, then whichever
/// the engine gets by itself.
fn each_backend(check: fn()) {
    #[cfg(not(feature = "constant-time-srp"))]
    {
        use cognito_wasm::crypto::bigint::{set_pow_backend, PowBackend};
        for (backend, name) in [
            (PowBackend::EngineBigInt, "BigInt"),
            (PowBackend::Wasm, "wasm"),
            (PowBackend::Auto, "the engine's choice"),
        ] {
            // Shown with a failure's output: which backend it was.
            wasm_bindgen_test::console_log!("pow backend: {name}");
            set_pow_backend(backend);
            check();
        }
    }
    #[cfg(feature = "constant-time-srp")]
    check();
}

#[wasm_bindgen_test]
fn modulus_matches_the_vectors_and_the_native_constant() {
    let vectors = vectors();
    assert_eq!(hex_encode(&modulus_be_bytes()), field(&vectors, "N"));
    assert_eq!(hex_encode(&modulus_be_bytes()), MODULUS_HEX);
    assert!(ModN::from_be_bytes(&modulus_be_bytes()).is_none());
    let mut above = vec![1u8];
    above.extend_from_slice(&modulus_be_bytes());
    assert!(ModN::from_be_bytes(&above).is_none());
    let below = n_minus(1);
    assert_eq!(
        ModN::from_be_bytes(&below).map(|v| v.to_be_bytes().to_vec()),
        Some(below)
    );
}

#[wasm_bindgen_test]
fn leading_zeros_and_empty_input() {
    let mut padded = vec![0u8; 500];
    padded.push(7);
    let seven = ModN::from_be_bytes(&padded).map(|v| v.to_be_bytes());
    assert_eq!(seven, Some(residue_bytes(&[7])));
    assert!(ModN::from_be_bytes(&[]).is_some_and(|z| z.is_zero()));
    assert!(ModN::from_be_bytes(&[0, 0]).is_some_and(|z| z.is_zero()));
    assert!(!ModN::generator().is_zero());
}

#[wasm_bindgen_test]
fn small_arithmetic() {
    each_backend(small_arithmetic_once);
}

fn small_arithmetic_once() {
    let g = ModN::generator();
    let two_to_ten = g.pow(&Exponent::from_be_bytes(&[10]).unwrap());
    assert_eq!(two_to_ten.to_be_bytes(), residue_bytes(&[4, 0]));
    let three = ModN::from_be_bytes(&[3]).unwrap();
    // 3^5 = 243 through the table path (base ≠ 2).
    let three_to_five = three.pow(&Exponent::from_be_bytes(&[5]).unwrap());
    assert_eq!(three_to_five.to_be_bytes(), residue_bytes(&[243]));
    assert_eq!(g.sub(&three).to_be_bytes().to_vec(), n_minus(1));
    let minus_one = ModN::from_be_bytes(&n_minus(1)).unwrap();
    assert_eq!(minus_one.mul(&minus_one).to_be_bytes(), residue_bytes(&[1]));
    let one = residue_bytes(&[1]);
    assert_eq!(
        three
            .pow(&Exponent::from_be_bytes(&[]).unwrap())
            .to_be_bytes(),
        one
    );
    assert_eq!(
        g.pow(&Exponent::from_be_bytes(&[]).unwrap()).to_be_bytes(),
        one
    );
    // (N − 1)^odd = N − 1, with every window digit 31.
    let odd = Exponent::from_be_bytes(&[0xff; 136]).unwrap();
    assert_eq!(minus_one.pow(&odd).to_be_bytes().to_vec(), n_minus(1));
}

#[wasm_bindgen_test]
fn exponent_sums_agree_with_split_powers() {
    each_backend(exponent_sums_agree_with_split_powers_once);
}

fn exponent_sums_agree_with_split_powers_once() {
    // 2^(5 + 3·4) = 2^17
    let e = Exponent::from_be_bytes(&[5])
        .unwrap()
        .add_product(
            &Exponent::from_be_bytes(&[3]).unwrap(),
            &Exponent::from_be_bytes(&[4]).unwrap(),
        )
        .unwrap();
    assert_eq!(
        ModN::generator().pow(&e).to_be_bytes(),
        residue_bytes(&[2, 0, 0])
    );
    // Both paths of modPow (shifts for 2, a table otherwise) on the largest
    // exponent: b^(a + h·h) = b^a · (b^h)^h.
    let a = Exponent::from_be_bytes(&[0xff; 128]).unwrap();
    let h = Exponent::from_be_bytes(&[0xfe; 32]).unwrap();
    let e = a.add_product(&h, &h).unwrap();
    let three = ModN::from_be_bytes(&[3]).unwrap();
    for base in [ModN::generator(), three] {
        let direct = base.pow(&e).to_be_bytes();
        let split = base.pow(&a).mul(&base.pow(&h).pow(&h)).to_be_bytes();
        assert_eq!(direct, split);
    }
    assert!(Exponent::from_be_bytes(&[0xff; 137]).is_none());
    let big = Exponent::from_be_bytes(&[0xff; 136]).unwrap();
    assert!(big.add_product(&h, &h).is_none());
}

#[wasm_bindgen_test]
fn every_srp_case_matches_the_reference() {
    each_backend(every_srp_case_matches_the_reference_once);
}

fn every_srp_case_matches_the_reference_once() {
    let vectors = vectors();
    let cases = vectors.get("cases").and_then(Value::as_array).unwrap();
    assert_eq!(cases.len(), 5);
    for case in cases {
        let id = field(case, "userIdForSrp");
        let session = SrpSession::from_secret_hex(field(case, "smallA")).unwrap();
        assert_eq!(session.srp_a_hex(), field(case, "srpA"), "A for {id}");
        assert_eq!(multiplier_hex(), field(case, "k"), "k for {id}");
        let input = claim(case);
        let values = session.challenge_values(&input).unwrap();
        assert_eq!(values.u_hex, field(case, "u"), "u for {id}");
        assert_eq!(values.hkdf_key_hex, field(case, "hkdfKey"), "key for {id}");
        assert_eq!(
            session.password_claim(&input).unwrap(),
            field(case, "passwordClaimSignature"),
            "signature for {id}"
        );
        let wrong = PasswordClaim {
            password: "not the password",
            ..input
        };
        assert_ne!(
            session.password_claim(&wrong).unwrap(),
            field(case, "passwordClaimSignature")
        );
    }
}

#[wasm_bindgen_test]
fn stepped_math_matches_the_whole() {
    each_backend(stepped_math_matches_the_whole_once);
}

/// A and the claim a window at a time (as the client runs them, in
/// slices), or a few, or stopped part way, give the same values as in one go.
fn stepped_math_matches_the_whole_once() {
    let random = [0x5c; SECRET_BYTES];
    let whole = SrpSession::new(&random).unwrap().srp_a_hex();
    // A's exponent has 256 bits: 52 windows (and the table's work in wasm).
    for (windows, least_steps) in [(1, 51), (3, 17), (10_000, 0)] {
        let mut start = SrpSession::start(&random).unwrap();
        let mut steps = 0;
        while !start.step(windows) {
            steps += 1;
        }
        // crypto-bigint (constant-time-srp) does each power in one step.
        let least = if cfg!(feature = "constant-time-srp") {
            0
        } else {
            least_steps
        };
        assert!(steps >= least, "{steps} steps of {windows}");
        assert_eq!(start.finish().unwrap().srp_a_hex(), whole);
    }
    let vectors = vectors();
    let cases = vectors.get("cases").and_then(Value::as_array).unwrap();
    for case in cases {
        let session = SrpSession::from_secret_hex(field(case, "smallA")).unwrap();
        let expected = field(case, "passwordClaimSignature");
        let mut steps = session.claim_steps(&claim(case)).unwrap();
        let mut count = 0;
        while !steps.step(1) {
            count += 1;
        }
        // g^x (52 windows), then S (a + u·x: 1 025 bits, 205 windows); one
        // step each with crypto-bigint.
        let least = if cfg!(feature = "constant-time-srp") {
            1
        } else {
            256
        };
        assert!(count >= least, "{count} steps");
        assert_eq!(steps.signature().unwrap(), expected);
        let mut part = session.claim_steps(&claim(case)).unwrap();
        for _ in 0..60 {
            part.step(1);
        }
        assert_eq!(part.signature().unwrap(), expected);
    }
}

#[wasm_bindgen_test]
fn random_sessions_make_valid_a_and_b_out_of_range_is_refused() {
    each_backend(random_sessions_make_valid_a_and_b_out_of_range_is_refused_once);
}

fn random_sessions_make_valid_a_and_b_out_of_range_is_refused_once() {
    let vectors = vectors();
    let cases = vectors.get("cases").and_then(Value::as_array).unwrap();
    let case = &cases[0];
    let session = SrpSession::new(&[0xa5; SECRET_BYTES]).unwrap();
    assert!(session.srp_a_hex().len() > 700);
    let above_n = "f".repeat(768);
    let longer = format!("1{MODULUS_HEX}");
    for b in ["0", "00", MODULUS_HEX, above_n.as_str(), longer.as_str()] {
        let input = PasswordClaim {
            srp_b_hex: b,
            ..claim(case)
        };
        let err = session.password_claim(&input).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse, "B = {b:.10}");
    }
}

/// xorshift64: the random inputs of [`random_claims_agree_across_backends`],
/// from a seed its failure message names.
struct Xorshift(u64);

impl Xorshift {
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n)
            .map(|_| {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0 as u8
            })
            .collect()
    }
}

/// Random secrets, salts and B (some with leading zero digits, so shorter
/// and odd-length hex), each claim computed by the engine's BigInt in one
/// go and by the wasm Montgomery code a window at a time while a second
/// session's A advances between the windows (as a sign-in prepares the
/// next attempt's): the same A and the same signature.
#[cfg(not(feature = "constant-time-srp"))]
#[wasm_bindgen_test]
fn random_claims_agree_across_backends() {
    use cognito_wasm::crypto::bigint::{set_pow_backend, PowBackend};
    use cognito_wasm::wire::encoding::{base64_encode, Base64Alphabet};
    let seed = js_sys::Date::now() as u64 | 1;
    let mut rng = Xorshift(seed);
    let claim_with = |backend, a: &str, input: &PasswordClaim, other: &[u8]| {
        set_pow_backend(backend);
        let session = SrpSession::from_secret_hex(a).unwrap();
        let mut next = SrpSession::start(other).unwrap();
        let mut steps = session.claim_steps(input).unwrap();
        loop {
            next.step(1);
            if steps.step(1) {
                break;
            }
        }
        next.finish().unwrap();
        (session.srp_a_hex(), steps.signature().unwrap())
    };
    for round in 0..8 {
        let a = hex_encode(&rng.bytes(SECRET_BYTES));
        let mut salt = rng.bytes(16);
        let mut b = rng.bytes(MODULUS_BYTES);
        b[0] &= 0x7f;
        if round % 2 == 1 {
            salt[0] = 0x0a;
            b[0] = 0;
            b[1] &= 0x0f;
        }
        let (salt, b) = (hex_encode(&salt), hex_encode(&b));
        let (salt, b) = (salt.trim_start_matches('0'), b.trim_start_matches('0'));
        let block = base64_encode(&rng.bytes(96), Base64Alphabet::Standard, true);
        let user = format!("user-{round}");
        let input = PasswordClaim {
            pool_name: "xRwxzdsSL",
            user_id_for_srp: &user,
            password: "Passw0rd!",
            salt_hex: salt,
            srp_b_hex: b,
            secret_block_b64: &block,
            timestamp: "Sun Dec 6 10:00:00 UTC 2026",
        };
        let other = rng.bytes(SECRET_BYTES);
        let reference = claim_with(PowBackend::EngineBigInt, &a, &input, &other);
        let wasm = claim_with(PowBackend::Wasm, &a, &input, &other);
        set_pow_backend(PowBackend::Auto);
        assert!(
            reference == wasm,
            "round {round} of seed {seed}: the backends differ"
        );
    }
}
