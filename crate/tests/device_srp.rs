//! Device SRP (remembered devices) against pycognito's values in
//! `fixtures/devices/device-srp.json` (provenance and generator beside it):
//! ConfirmDevice's verifier and salt for a fixed password and salt, and the
//! DEVICE_PASSWORD_VERIFIER signature for a fixed `a`, `B` and time.

use std::sync::OnceLock;

use cognito_wasm::crypto::srp::{
    device_password, device_verifier, PasswordClaim, SrpSession, DEVICE_PASSWORD_BYTES,
};
use cognito_wasm::wire::encoding::hex_decode;
use cognito_wasm::ErrorKind;
use proptest::prelude::*;
use serde_json::Value;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/devices/device-srp.json"
);

fn vectors() -> &'static Value {
    static VALUE: OnceLock<Value> = OnceLock::new();
    VALUE.get_or_init(|| {
        let text = std::fs::read_to_string(VECTORS).expect("device vectors readable");
        serde_json::from_str(&text).expect("device vectors are JSON")
    })
}

fn list(name: &str) -> &'static [Value] {
    let items = vectors()[name].as_array().expect("a list");
    assert!(!items.is_empty(), "{name} is empty");
    items
}

fn field<'a>(case: &'a Value, name: &str) -> &'a str {
    case[name]
        .as_str()
        .unwrap_or_else(|| panic!("missing {name}"))
}

fn bytes(case: &Value, name: &str) -> Vec<u8> {
    hex_decode(field(case, name), name).expect("hex")
}

#[test]
fn the_device_password_is_base64_of_its_random_bytes() {
    for case in list("verifiers") {
        let random: [u8; DEVICE_PASSWORD_BYTES] =
            bytes(case, "passwordRandom").try_into().expect("40 bytes");
        assert_eq!(device_password(&random), field(case, "password"));
    }
}

#[test]
fn confirm_device_verifier_matches_pycognito() {
    for case in list("verifiers") {
        let got = device_verifier(
            field(case, "groupKey"),
            field(case, "deviceKey"),
            field(case, "password"),
            &bytes(case, "saltRandom"),
        )
        .expect("verifier");
        let key = field(case, "deviceKey");
        assert_eq!(
            got.password_verifier,
            field(case, "passwordVerifier"),
            "{key}"
        );
        assert_eq!(got.salt, field(case, "salt"), "{key}");
    }
}

#[test]
fn device_password_verifier_signature_matches_pycognito() {
    for case in list("claims") {
        let srp = SrpSession::from_secret_hex(field(case, "smallA")).expect("a");
        assert_eq!(srp.srp_a_hex(), field(case, "srpA"));
        let claim = PasswordClaim {
            pool_name: field(case, "groupKey"),
            user_id_for_srp: field(case, "deviceKey"),
            password: field(case, "password"),
            salt_hex: field(case, "salt"),
            srp_b_hex: field(case, "srpB"),
            secret_block_b64: field(case, "secretBlock"),
            timestamp: field(case, "timestamp"),
        };
        assert_eq!(
            srp.password_claim(&claim).expect("signature"),
            field(case, "signature")
        );
        // Another password gives another signature.
        let wrong = PasswordClaim {
            password: "not-the-device-password",
            ..claim
        };
        assert_ne!(
            srp.password_claim(&wrong).expect("signature"),
            field(case, "signature")
        );
    }
}

#[test]
fn empty_inputs_are_refused() {
    let salt = [1u8; 16];
    for (group, key, password, salt) in [
        ("", "k", "p", &salt[..]),
        ("g", "", "p", &salt[..]),
        ("g", "k", "", &salt[..]),
        ("g", "k", "p", &[][..]),
    ] {
        let e = device_verifier(group, key, password, salt).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    }
}

proptest! {
    #[test]
    fn device_verifier_never_panics(
        group in "\\PC{0,20}",
        key in "\\PC{0,60}",
        password in "\\PC{0,60}",
        salt in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let _ = device_verifier(&group, &key, &password, &salt);
    }
}
