//! Remembered devices through `CognitoClient` against the scripted pool
//! (`client_common/devices.rs`, which checks device proofs the server's
//! way): a new device kept from NewDeviceMetadata, confirmed and remembered,
//! then DEVICE_SRP_AUTH answered so that MFA is skipped; DEVICE_KEY on
//! sign-in and refresh; forgetting; the secret stored per user (or in
//! memory) and removed by forgetDevice and deleteUser; errors.

mod client_common;

use std::rc::Rc;

use base64::Engine;
use client_common::*;
use cognito_wasm::client::{CognitoClient, SessionDevice, SignInResult};
use cognito_wasm::crypto::srp::device_verifier;
use cognito_wasm::session::storage::{KeyValueStore, MemoryStore};
use cognito_wasm::ErrorKind;
use serde_json::{json, Value};

const DORA: (&str, &str) = ("dora", "dora-Passw0rd!");

/// A platform whose pool tracks devices, with `dora`, who has TOTP MFA.
fn platform(on_prompt: bool) -> FakePlatform {
    let p = FakePlatform::new();
    p.track_devices(on_prompt);
    p.add_user(User {
        mfa: Some("SOFTWARE_TOKEN_MFA"),
        ..User::new(DORA.0, DORA.1, "sub-dora")
    });
    p
}

fn device_entry() -> String {
    format!("cognito-wasm.{POOL}.{CLIENT}.device.{}", DORA.0)
}

fn stored_device(store: &MemoryStore) -> Option<Value> {
    store
        .get(&device_entry())
        .map(|t| serde_json::from_str(&t).expect("device JSON"))
}

/// Signs dora in, answering the MFA code when asked; whether it was asked.
fn sign_in_dora(c: &CognitoClient<FakePlatform>) -> bool {
    match run(c.sign_in(DORA.0, DORA.1)).unwrap() {
        SignInResult::SignedIn => false,
        SignInResult::NextStep(step) => {
            assert_eq!(step.challenge, "SOFTWARE_TOKEN_MFA");
            let done = run(c.respond_to_challenge(code_answer("123456"))).unwrap();
            assert_eq!(done, SignInResult::SignedIn);
            true
        }
    }
}

/// The request bodies of `op` so far.
fn bodies(p: &FakePlatform, op: &str) -> Vec<Value> {
    p.log()
        .into_iter()
        .filter(|l| l.op == op)
        .map(|l| l.body)
        .collect()
}

#[test]
fn a_remembered_device_skips_mfa_and_is_forgotten() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    assert_eq!(c.session_device(), None);
    assert!(sign_in_dora(&c), "a new device asks for MFA");
    let new = p
        .devices()
        .pop()
        .expect("NewDeviceMetadata issued a device");
    assert!(!new.confirmed);
    let session_device = |remembered| {
        Some(SessionDevice {
            key: new.key.clone(),
            remembered,
        })
    };
    assert_eq!(c.session_device(), session_device(false));

    p.clear_log();
    let key = run(c.remember_device(Some("Laptop"))).unwrap();
    assert_eq!(key, new.key);
    assert_eq!(p.ops(), ["ConfirmDevice", "UpdateDeviceStatus"]);
    let confirm = &bodies(&p, "ConfirmDevice")[0];
    assert_eq!(confirm["DeviceKey"], key.as_str());
    assert_eq!(confirm["DeviceName"], "Laptop");
    assert!(confirm["AccessToken"].is_string());
    let config = &confirm["DeviceSecretVerifierConfig"];
    assert_eq!(
        bodies(&p, "UpdateDeviceStatus")[0],
        json!({"AccessToken": confirm["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered"})
    );
    // The stored secret is the one behind the verifier Cognito got.
    let secret = stored_device(&store).expect("device stored for dora");
    assert_eq!(secret["deviceKey"], key.as_str());
    assert_eq!(secret["groupKey"], new.group_key.as_str());
    let password = secret["password"].as_str().expect("password");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(password)
            .unwrap()
            .len(),
        40
    );
    let salt = base64::engine::general_purpose::STANDARD
        .decode(config["Salt"].as_str().unwrap())
        .unwrap();
    let expected = device_verifier(&new.group_key, &key, password, &salt).unwrap();
    assert_eq!(
        config["PasswordVerifier"],
        expected.password_verifier.as_str()
    );
    assert_eq!(config["Salt"], expected.salt.as_str());
    let server_side = p.devices().pop().unwrap();
    assert!(server_side.confirmed && server_side.remembered);
    assert_eq!(c.session_device(), session_device(true));

    // Signed out, the device stays; the next sign-in skips MFA.
    run(c.sign_out(false)).unwrap();
    assert!(stored_device(&store).is_some());
    p.clear_log();
    assert!(!sign_in_dora(&c), "the remembered device skips MFA");
    assert_eq!(
        p.ops(),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge"
        ]
    );
    let challenges: Vec<Value> = bodies(&p, "RespondToAuthChallenge")
        .iter()
        .map(|b| b["ChallengeName"].clone())
        .collect();
    assert_eq!(
        challenges,
        [
            "PASSWORD_VERIFIER",
            "DEVICE_SRP_AUTH",
            "DEVICE_PASSWORD_VERIFIER"
        ]
    );
    assert_eq!(
        bodies(&p, "InitiateAuth")[0]["AuthParameters"]["DEVICE_KEY"],
        key.as_str()
    );
    assert_eq!(p.devices().len(), 1, "no new device");

    // Refreshes carry the device key (the pool refuses them otherwise).
    p.clear_log();
    run(c.get_tokens_force_refresh()).unwrap();
    let refresh = &bodies(&p, "InitiateAuth")[0];
    assert_eq!(refresh["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(refresh["AuthParameters"]["DEVICE_KEY"], key.as_str());

    // Remembering it again only marks it remembered.
    p.clear_log();
    assert_eq!(run(c.remember_device(None)).unwrap(), key);
    assert_eq!(p.ops(), ["UpdateDeviceStatus"]);

    // Forgotten: gone from the pool and the store; MFA again.
    p.clear_log();
    run(c.forget_device(None)).unwrap();
    assert_eq!(bodies(&p, "ForgetDevice")[0]["DeviceKey"], key.as_str());
    assert!(stored_device(&store).is_none());
    assert!(p.devices().is_empty());
    assert_eq!(c.session_device(), session_device(false));
    run(c.sign_out(false)).unwrap();
    assert!(sign_in_dora(&c), "MFA asked again");
}

#[test]
fn a_new_devices_key_goes_with_every_refresh() {
    let p = FakePlatform::new();
    p.track_devices(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    sign_in_alice(&c);
    let key = p.devices().pop().expect("a new device").key;
    let stored: Value = serde_json::from_str(
        &store
            .get(&format!("cognito-wasm.{POOL}.{CLIENT}.tokens"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(stored["deviceKey"], key.as_str());
    // Restored from storage by another client, the key still goes along.
    let other = client(config(), &p, Some(store.clone()));
    p.clear_log();
    run(other.get_tokens_force_refresh()).unwrap();
    assert_eq!(
        bodies(&p, "InitiateAuth")[0]["AuthParameters"]["DEVICE_KEY"],
        key.as_str()
    );
}

#[test]
fn password_auth_sends_the_device_key_and_memory_keeps_the_device() {
    let p = platform(false);
    // No store: the device secret is kept in memory, as the tokens are.
    let c = client(password_config(), &p, None);
    assert!(sign_in_dora(&c));
    p.clear_log();
    run(c.remember_device(None)).unwrap();
    assert_eq!(
        p.ops(),
        ["ConfirmDevice"],
        "remembered at once: no UpdateDeviceStatus"
    );
    assert!(bodies(&p, "ConfirmDevice")[0].get("DeviceName").is_none());
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    assert!(!sign_in_dora(&c));
    let key = p.devices().pop().unwrap().key;
    assert_eq!(
        bodies(&p, "InitiateAuth")[0]["AuthParameters"]["DEVICE_KEY"],
        key.as_str()
    );
    // Another client (nothing shared) asks for MFA.
    let other = client(password_config(), &p, None);
    assert!(sign_in_dora(&other));
}

#[test]
fn without_a_device_nothing_is_sent() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let e = run(c.remember_device(None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotSignedIn);
    let e = run(c.forget_device(Some("a b"))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    assert_eq!(
        e.message,
        "deviceKey contains white space or control characters"
    );
    assert_eq!(p.count(), 0);
    sign_in_alice(&c);
    assert_eq!(c.session_device(), None);
    p.clear_log();
    for e in [
        run(c.remember_device(None)).unwrap_err(),
        run(c.forget_device(None)).unwrap_err(),
    ] {
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
        assert!(
            e.message.contains("does not track devices"),
            "{}",
            e.message
        );
    }
    assert_eq!(p.count(), 0);
    // Refreshes without a device carry no DEVICE_KEY.
    run(c.get_tokens_force_refresh()).unwrap();
    assert!(bodies(&p, "InitiateAuth")[0]["AuthParameters"]
        .get("DEVICE_KEY")
        .is_none());
    // Another device's key is the pool's to refuse.
    let e = run(c.forget_device(Some("us-east-1_unknown"))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResourceNotFoundException);
}

#[test]
fn a_refused_device_proof_forgets_the_stored_device() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    sign_in_dora(&c);
    run(c.remember_device(None)).unwrap();
    run(c.sign_out(false)).unwrap();
    let mut secret = stored_device(&store).unwrap();
    secret["password"] = json!("d3JvbmcgcGFzc3dvcmQ=");
    store.set(&device_entry(), &secret.to_string());
    let e = run(c.sign_in(DORA.0, DORA.1)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert!(stored_device(&store).is_none());
    assert!(sign_in_dora(&c), "MFA again, and a new device offered");
    assert_eq!(p.devices().len(), 2);
}

#[test]
fn an_echoed_device_password_is_redacted() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    // USER_PASSWORD_AUTH: the first RespondToAuthChallenge is DEVICE_SRP_AUTH.
    let c = client(password_config(), &p, Some(store.clone()));
    sign_in_dora(&c);
    run(c.remember_device(None)).unwrap();
    run(c.sign_out(false)).unwrap();
    let password = stored_device(&store).unwrap()["password"]
        .as_str()
        .unwrap()
        .to_owned();
    p.fail_next(
        "RespondToAuthChallenge",
        Failure::aws(400, "InvalidParameterException", &format!("bad {password}")),
    );
    let e = run(c.sign_in(DORA.0, DORA.1)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    assert_eq!(e.message, "bad <redacted>");
    assert!(!format!("{e:?}").contains(&password));
    assert!(
        stored_device(&store).is_some(),
        "kept: the proof was not refused"
    );
}

#[test]
fn delete_user_removes_the_device_secret() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    sign_in_dora(&c);
    run(c.remember_device(None)).unwrap();
    assert!(stored_device(&store).is_some());
    run(c.delete_user()).unwrap();
    assert_eq!(store.entries(), vec![], "nothing left in storage");
}
