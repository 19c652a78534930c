//! Remembered devices through `CognitoClient` against the scripted pool
//! (`client_common/devices.rs`, which checks device proofs the server's
//! way): a new device named by NewDeviceMetadata confirmed right after
//! every kind of sign-in (remembered at once, or on the user's word), a
//! failed confirmation that keeps the sign-in, a confirmation whose outcome
//! is unknown (a lost reply, a timeout, a server error; at sign-in or in
//! rememberDevice) forgotten afterwards so that no orphan stays in the pool,
//! DEVICE_SRP_AUTH answered so that MFA is skipped (marking the device
//! remembered when it stood in for MFA, not after an MFA code); DEVICE_KEY on sign-in and refresh; forgetting; the
//! secret stored per user (or in memory), kept from other users, and
//! removed by forgetDevice and deleteUser; errors.

mod client_common;

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::task::Context;

use base64::Engine;
use client_common::*;
use cognito_wasm::client::{CognitoClient, SessionDevice, SessionEvent, SignInResult};
use cognito_wasm::cognito::challenge::ChallengeAnswer;
use cognito_wasm::config::AuthFlow;
use cognito_wasm::crypto::srp::device_verifier;
use cognito_wasm::session::storage::{KeyValueStore, MemoryStore};
use cognito_wasm::ErrorKind;
use serde_json::{json, Value};

/// The requests of a sign-in from a remembered device: SRP's InitiateAuth
/// and PASSWORD_VERIFIER, then DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.
const DEVICE_SIGN_IN: [&str; 4] = [
    "InitiateAuth",
    "RespondToAuthChallenge",
    "RespondToAuthChallenge",
    "RespondToAuthChallenge",
];

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

/// The next ConfirmDevice refused by name (it does not land: the device
/// stays unconfirmed, and `rememberDevice` confirms it).
fn refuse_next_confirmation(p: &FakePlatform) {
    p.fail_next(
        "ConfirmDevice",
        Failure::aws(400, "InvalidParameterException", "refused"),
    );
}

/// Signs dora in, answering the MFA code when asked; whether it was asked.
fn sign_in_dora(c: &CognitoClient<FakePlatform>) -> bool {
    sign_in_as(c, DORA.0, DORA.1)
}

/// Signs `name` in, answering the MFA code when asked; whether it was asked.
fn sign_in_as(c: &CognitoClient<FakePlatform>, name: &str, password: &str) -> bool {
    match run(c.sign_in(name, password)).unwrap() {
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

/// The secret ConfirmDevice's verifier (`body`) was made from: the stored one.
fn assert_verifier_of(body: &Value, secret: &Value, group_key: &str) {
    let key = secret["deviceKey"].as_str().expect("deviceKey");
    assert_eq!(body["DeviceKey"], key);
    assert_eq!(secret["groupKey"], group_key);
    let password = secret["password"].as_str().expect("password");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(password)
            .unwrap()
            .len(),
        40
    );
    let config = &body["DeviceSecretVerifierConfig"];
    let salt = base64::engine::general_purpose::STANDARD
        .decode(config["Salt"].as_str().unwrap())
        .unwrap();
    let expected = device_verifier(group_key, key, password, &salt).unwrap();
    assert_eq!(
        config["PasswordVerifier"],
        expected.password_verifier.as_str()
    );
    assert_eq!(config["Salt"], expected.salt.as_str());
}

/// Records the names of the session events (with the error's name for
/// `deviceConfirmFailed`).
fn record_events(c: &CognitoClient<FakePlatform>) -> Rc<RefCell<Vec<String>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    c.on_event(Some(Box::new(move |e: &SessionEvent| {
        let name = match e {
            SessionEvent::DeviceConfirmFailed(e) => format!("deviceConfirmFailed:{}", e.name()),
            other => other.name().to_owned(),
        };
        sink.borrow_mut().push(name);
    })));
    seen
}

#[test]
fn on_a_pool_that_always_remembers_the_sign_in_confirms_the_device() {
    let p = platform(false);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    // The device is confirmed before the session starts: its secret is
    // stored by the time `signedIn` is told (an abort of the sign-in during
    // ConfirmDevice leaves the session as it was).
    let stored_at_sign_in = Rc::new(RefCell::new(None));
    let (seen, in_store) = (stored_at_sign_in.clone(), store.clone());
    c.on_event(Some(Box::new(move |e: &SessionEvent| {
        if matches!(e, SessionEvent::SignedIn) {
            *seen.borrow_mut() = Some(stored_device(&in_store).is_some());
        }
    })));
    assert!(sign_in_dora(&c), "a new device asks for MFA");
    assert_eq!(*stored_at_sign_in.borrow(), Some(true));
    let events = record_events(&c);
    // PASSWORD_VERIFIER, the MFA code, then ConfirmDevice at once.
    assert_eq!(
        p.ops(),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge",
            "ConfirmDevice"
        ]
    );
    let device = p.devices().pop().expect("a device");
    assert!(device.confirmed && device.remembered);
    let confirm = &bodies(&p, "ConfirmDevice")[0];
    assert!(confirm["AccessToken"].is_string());
    assert!(confirm.get("DeviceName").is_none());
    let secret = stored_device(&store).expect("device stored for dora");
    assert_verifier_of(confirm, &secret, &device.group_key);
    assert_eq!(secret["remembered"], true);
    assert_eq!(
        c.session_device(),
        Some(SessionDevice {
            key: device.key.clone(),
            remembered: true
        })
    );
    // Remembered as far as this client knows: rememberDevice still says so
    // to Cognito (the device may have been un-remembered elsewhere).
    p.clear_log();
    assert_eq!(run(c.remember_device(Some("Laptop"))).unwrap(), device.key);
    assert_eq!(p.ops(), ["UpdateDeviceStatus"]);

    // The next sign-in skips MFA without rememberDevice having been called.
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    assert!(!sign_in_dora(&c), "the remembered device skips MFA");
    assert_eq!(p.ops(), DEVICE_SIGN_IN, "no ConfirmDevice: no new device");
    assert_eq!(p.devices().len(), 1);
    assert_eq!(*events.borrow(), ["signedOut", "signedIn"]);
}

#[test]
fn every_kind_of_sign_in_confirms_its_new_device() {
    let p = platform(false);
    p.add_user(User {
        new_password_required: true,
        ..User::new("carol", "Temp-Passw0rd!", "sub-carol")
    });
    // USER_PASSWORD_AUTH without a challenge.
    let c = client(password_config(), &p, None);
    sign_in_alice(&c);
    assert_eq!(p.ops(), ["InitiateAuth", "ConfirmDevice"]);
    assert_eq!(c.session_device().map(|d| d.remembered), Some(true));
    // SRP, then a new password.
    let c = client(config(), &p, None);
    p.clear_log();
    let step = run(c.sign_in("carol", "Temp-Passw0rd!")).unwrap();
    assert!(matches!(step, SignInResult::NextStep(_)));
    assert_eq!(p.ops(), ["InitiateAuth", "RespondToAuthChallenge"]);
    let answer = ChallengeAnswer {
        new_password: Some("N3w-Passw0rd!".into()),
        attributes: vec![("name".into(), "Carol".into())],
        ..ChallengeAnswer::default()
    };
    assert_eq!(
        run(c.respond_to_challenge(answer)).unwrap(),
        SignInResult::SignedIn
    );
    assert_eq!(
        p.ops(),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge",
            "ConfirmDevice"
        ]
    );
    assert_eq!(c.session_device().map(|d| d.remembered), Some(true));
    // A refresh names no new device: nothing more.
    p.clear_log();
    run(c.get_tokens_force_refresh()).unwrap();
    assert_eq!(p.ops(), ["InitiateAuth"]);
    // Without device tracking, no ConfirmDevice.
    let untracked = FakePlatform::new();
    let c = client(config(), &untracked, None);
    sign_in_alice(&c);
    assert_eq!(untracked.ops(), ["InitiateAuth", "RespondToAuthChallenge"]);
}

#[test]
fn on_an_opt_in_pool_the_device_is_confirmed_then_remembered_on_request() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    assert_eq!(c.session_device(), None);
    assert!(sign_in_dora(&c), "a new device asks for MFA");
    assert_eq!(p.ops().last().map(String::as_str), Some("ConfirmDevice"));
    let new = p
        .devices()
        .pop()
        .expect("NewDeviceMetadata issued a device");
    assert!(new.confirmed && !new.remembered, "waits for the user");
    let secret = stored_device(&store).expect("device stored for dora");
    assert_verifier_of(&bodies(&p, "ConfirmDevice")[0], &secret, &new.group_key);
    assert_eq!(secret["remembered"], false);
    let session_device = |remembered| {
        Some(SessionDevice {
            key: new.key.clone(),
            remembered,
        })
    };
    assert_eq!(c.session_device(), session_device(false));

    // Tracked, not remembered: the next sign-in asks for MFA again, and
    // names no new device.
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    assert!(
        sign_in_dora(&c),
        "a device not remembered does not skip MFA"
    );
    assert_eq!(
        bodies(&p, "InitiateAuth")[0]["AuthParameters"]["DEVICE_KEY"],
        new.key.as_str()
    );
    assert!(!p.ops().contains(&"ConfirmDevice".to_owned()));
    assert_eq!(p.devices().len(), 1);
    assert_eq!(c.session_device(), session_device(false));

    // rememberDevice: UpdateDeviceStatus alone.
    p.clear_log();
    let key = run(c.remember_device(Some("Laptop"))).unwrap();
    assert_eq!(key, new.key);
    assert_eq!(p.ops(), ["UpdateDeviceStatus"]);
    assert_eq!(
        bodies(&p, "UpdateDeviceStatus")[0],
        json!({"AccessToken": bodies(&p, "UpdateDeviceStatus")[0]["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered"})
    );
    let server_side = p.devices().pop().unwrap();
    assert!(server_side.confirmed && server_side.remembered);
    assert_eq!(stored_device(&store).unwrap()["remembered"], true);
    assert_eq!(c.session_device(), session_device(true));

    // Signed out, the device stays; the next sign-in skips MFA.
    run(c.sign_out(false)).unwrap();
    assert!(stored_device(&store).is_some());
    p.clear_log();
    assert!(!sign_in_dora(&c), "the remembered device skips MFA");
    assert_eq!(p.ops(), DEVICE_SIGN_IN);
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
    assert_eq!(p.devices().len(), 1, "no new device");

    // Refreshes carry the device key (the pool refuses them otherwise).
    p.clear_log();
    run(c.get_tokens_force_refresh()).unwrap();
    let refresh = &bodies(&p, "InitiateAuth")[0];
    assert_eq!(refresh["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(refresh["AuthParameters"]["DEVICE_KEY"], key.as_str());

    // Remembered already: remembering it again is one UpdateDeviceStatus.
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
fn a_failed_confirmation_keeps_the_sign_in_and_is_told() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    let events = record_events(&c);
    // Refused by name: it did not land, nothing to forget.
    refuse_next_confirmation(&p);
    assert!(sign_in_dora(&c));
    assert_eq!(
        *events.borrow(),
        ["signedIn", "deviceConfirmFailed:InvalidParameterException"]
    );
    assert!(c.current_user().is_some(), "signed in all the same");
    assert!(
        stored_device(&store).is_none(),
        "no secret without a verifier"
    );
    let new = p.devices().pop().unwrap();
    assert!(!new.confirmed);
    p.clear_log();
    run(c.forget_abandoned_device());
    assert!(p.ops().is_empty(), "{:?}", p.ops());
    assert_eq!(
        c.session_device(),
        Some(SessionDevice {
            key: new.key.clone(),
            remembered: false
        })
    );
    // rememberDevice confirms it now (named), then marks it remembered.
    p.clear_log();
    assert_eq!(run(c.remember_device(Some("Laptop"))).unwrap(), new.key);
    assert_eq!(p.ops(), ["ConfirmDevice", "UpdateDeviceStatus"]);
    assert_eq!(bodies(&p, "ConfirmDevice")[0]["DeviceName"], "Laptop");
    let server_side = p.devices().pop().unwrap();
    assert!(server_side.confirmed && server_side.remembered);
    assert_eq!(server_side.name.as_deref(), Some("Laptop"));
    assert_eq!(stored_device(&store).unwrap()["remembered"], true);
    run(c.sign_out(false)).unwrap();
    assert!(!sign_in_dora(&c), "remembered: MFA skipped");

    // An always-remembering pool: one ConfirmDevice, no UpdateDeviceStatus.
    let p = platform(false);
    let c = client(config(), &p, None);
    p.fail_next(
        "ConfirmDevice",
        Failure::aws(400, "InvalidParameterException", "no"),
    );
    assert!(sign_in_dora(&c));
    p.clear_log();
    run(c.remember_device(None)).unwrap();
    assert_eq!(p.ops(), ["ConfirmDevice"]);
}

#[test]
fn another_users_session_gets_nothing_of_the_device() {
    let p = platform(false);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    assert!(sign_in_dora(&c));
    let doras = stored_device(&store).expect("dora's device");
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    sign_in_alice(&c);
    assert!(bodies(&p, "InitiateAuth")[0]["AuthParameters"]
        .get("DEVICE_KEY")
        .is_none());
    assert!(
        bodies(&p, "RespondToAuthChallenge")[0]["ChallengeResponses"]
            .get("DEVICE_KEY")
            .is_none()
    );
    // Alice's own new device, confirmed and stored under her name.
    let alices = p.devices().pop().unwrap();
    assert_eq!(alices.username, "alice");
    assert_ne!(alices.key, doras["deviceKey"].as_str().unwrap());
    let session = c.session_device().unwrap();
    assert_eq!(session.key, alices.key);
    let alice_entry = format!("cognito-wasm.{POOL}.{CLIENT}.device.alice");
    let stored: Value = serde_json::from_str(&store.get(&alice_entry).unwrap()).unwrap();
    assert_eq!(stored["deviceKey"], alices.key.as_str());
    assert_eq!(stored_device(&store), Some(doras), "dora's untouched");
    // Alice's deletion removes her secret only.
    run(c.delete_user()).unwrap();
    assert!(store.get(&alice_entry).is_none());
    assert!(stored_device(&store).is_some());
    assert!(!sign_in_dora(&c), "dora's device still skips MFA");
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
    assert_eq!(
        p.ops().last().map(String::as_str),
        Some("ConfirmDevice"),
        "confirmed and remembered at once"
    );
    assert_eq!(c.session_device().map(|d| d.remembered), Some(true));
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

/// Gives `name` to `username` as an alias (taken from whoever had it).
fn give_alias(p: &FakePlatform, username: &str, name: &str) {
    for user in p.server.borrow_mut().users.iter_mut() {
        user.aliases.retain(|a| a != name);
        if user.username == username {
            user.aliases.push(name.to_owned());
        }
    }
}

/// The DEVICE_KEY of the first InitiateAuth logged.
fn device_key_sent(p: &FakePlatform) -> Option<String> {
    bodies(p, "InitiateAuth")[0]["AuthParameters"]["DEVICE_KEY"]
        .as_str()
        .map(str::to_owned)
}

#[test]
fn a_sign_in_by_alias_finds_the_users_device() {
    for config in [password_config(), config()] {
        let password_auth = config.auth_flow == AuthFlow::UserPasswordAuth;
        let p = platform(true);
        give_alias(&p, DORA.0, "dora@example.com");
        let store = Rc::new(MemoryStore::new());
        let c = client(config, &p, Some(store.clone()));
        assert!(sign_in_as(&c, "dora@example.com", DORA.1), "a new device");
        run(c.remember_device(None)).unwrap();
        // Stored under the user's name, listing the alias it was used with.
        let secret = stored_device(&store).expect("stored for dora");
        assert_eq!(secret["names"], json!(["dora@example.com"]));
        let key = p.devices().pop().unwrap().key;
        run(c.sign_out(false)).unwrap();
        p.clear_log();
        // By the alias again: the device is sent, and MFA skipped.
        assert!(!sign_in_as(&c, "dora@example.com", DORA.1), "MFA skipped");
        assert_eq!(device_key_sent(&p).as_deref(), Some(key.as_str()));
        assert_eq!(p.devices().len(), 1, "no new device");
        assert_eq!(c.session_device().map(|d| d.key), Some(key.clone()));
        // By the user name too. A name never used here (another letter
        // case): the password flow cannot know it yet (a new device, to
        // remember), SRP finds the device of the user Cognito names; from
        // then on the name finds it in both.
        run(c.sign_out(false)).unwrap();
        assert!(!sign_in_dora(&c));
        give_alias(&p, DORA.0, "Dora");
        run(c.sign_out(false)).unwrap();
        assert_eq!(sign_in_as(&c, "Dora", DORA.1), password_auth);
        run(c.remember_device(None)).unwrap();
        run(c.sign_out(false)).unwrap();
        p.clear_log();
        assert!(!sign_in_as(&c, "Dora", DORA.1), "learned: MFA skipped");
        assert!(device_key_sent(&p).is_some());
        // deleteUser leaves nothing behind, names included.
        run(c.delete_user()).unwrap();
        assert_eq!(store.entries(), vec![], "nothing left in storage");
    }
}

#[test]
fn an_alias_that_moved_to_another_user_gets_nothing_of_the_first() {
    let p = platform(true);
    give_alias(&p, DORA.0, "shared@example.com");
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    assert!(sign_in_as(&c, "shared@example.com", DORA.1));
    run(c.remember_device(None)).unwrap();
    let doras = stored_device(&store).unwrap();
    let dora_key = doras["deviceKey"].as_str().unwrap().to_owned();
    run(c.sign_out(false)).unwrap();
    // An admin gives the alias to alice.
    give_alias(&p, "alice", "shared@example.com");
    p.clear_log();
    assert!(!sign_in_as(&c, "shared@example.com", "alice-Passw0rd!"));
    // The session is alice's, with her own new device; dora's is untouched.
    let alices = p
        .devices()
        .into_iter()
        .find(|d| d.username == "alice")
        .expect("alice's new device");
    let session = c.session_device().expect("alice's device");
    assert_eq!(session.key, alices.key);
    assert_ne!(session.key, dora_key);
    assert_eq!(
        stored_device(&store),
        Some(doras),
        "dora's record untouched"
    );
    // The alias now leads to alice's device, never dora's.
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    assert!(!sign_in_as(&c, "shared@example.com", "alice-Passw0rd!"));
    assert_eq!(device_key_sent(&p).as_deref(), Some(alices.key.as_str()));
    assert_eq!(c.session_device().map(|d| d.key), Some(alices.key.clone()));
    // Dora, by her own name, still skips MFA with her device.
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    assert!(!sign_in_dora(&c));
    assert_eq!(device_key_sent(&p).as_deref(), Some(dora_key.as_str()));
    // Dora's deletion leaves alice's alias alone.
    run(c.delete_user()).unwrap();
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    assert!(!sign_in_as(&c, "shared@example.com", "alice-Passw0rd!"));
    assert_eq!(device_key_sent(&p).as_deref(), Some(alices.key.as_str()));
}

#[test]
fn remember_device_applies_even_when_the_flag_says_remembered() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    assert!(sign_in_dora(&c));
    run(c.remember_device(None)).unwrap();
    assert_eq!(c.session_device().map(|d| d.remembered), Some(true));
    // Un-remembered behind this client's back (another browser, an admin).
    p.server.borrow_mut().devices.list[0].remembered = false;
    p.clear_log();
    run(c.remember_device(None)).unwrap();
    assert_eq!(p.ops(), ["UpdateDeviceStatus"]);
    assert!(p.devices()[0].remembered);
    run(c.sign_out(false)).unwrap();
    assert!(!sign_in_dora(&c), "remembered again: MFA skipped");
}

#[test]
fn a_sign_in_asked_for_mfa_despite_the_device_clears_the_flag() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    assert!(sign_in_dora(&c));
    run(c.remember_device(None)).unwrap();
    run(c.sign_out(false)).unwrap();
    p.server.borrow_mut().devices.list[0].remembered = false;
    assert!(sign_in_dora(&c), "not remembered any more: MFA");
    let key = p.devices()[0].key.clone();
    assert_eq!(
        c.session_device(),
        Some(SessionDevice {
            key: key.clone(),
            remembered: false
        })
    );
    assert_eq!(stored_device(&store).unwrap()["remembered"], false);
    // Another user's MFA leaves dora's flag alone.
    run(c.remember_device(None)).unwrap();
    run(c.sign_out(false)).unwrap();
    p.add_user(User {
        mfa: Some("SOFTWARE_TOKEN_MFA"),
        ..User::new("erin", "erin-Passw0rd!", "sub-erin")
    });
    assert!(sign_in_as(&c, "erin", "erin-Passw0rd!"));
    assert_eq!(stored_device(&store).unwrap()["remembered"], true);
}

/// Polls `future` until `done()` holds (it must not finish before).
fn poll_until<F: Future>(mut future: std::pin::Pin<&mut F>, done: impl Fn() -> bool) {
    let mut cx = Context::from_waker(futures_util::task::noop_waker_ref());
    for _ in 0..100_000 {
        if future.as_mut().poll(&mut cx).is_ready() {
            panic!("finished before it could be dropped");
        }
        if done() {
            return;
        }
    }
    panic!("never got there");
}

#[test]
fn a_sign_in_dropped_during_confirm_device_leaves_no_device() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    let step = run(c.sign_in(DORA.0, DORA.1)).unwrap();
    assert!(matches!(step, SignInResult::NextStep(_)));
    // ConfirmDevice reaches the pool; its reply never comes: the caller
    // aborts meanwhile.
    p.held.borrow_mut().push("ConfirmDevice".into());
    let mut signing_in = Box::pin(c.respond_to_challenge(code_answer("123456")));
    poll_until(signing_in.as_mut(), || {
        p.ops().contains(&"ConfirmDevice".to_owned())
    });
    // Still in flight (not abandoned): left alone.
    run(c.forget_abandoned_device());
    assert!(!p.ops().contains(&"ForgetDevice".to_owned()));
    drop(signing_in);
    p.held.borrow_mut().clear();
    assert!(c.current_user().is_none(), "the session is as it was");
    assert!(stored_device(&store).is_none());
    let orphan = p.devices().pop().expect("the device the pool confirmed");
    assert!(orphan.confirmed);
    // Afterwards, outside the aborted call: ForgetDevice with the sign-in's token.
    p.clear_log();
    run(c.forget_abandoned_device());
    assert_eq!(p.ops(), ["ForgetDevice"]);
    let forget = &bodies(&p, "ForgetDevice")[0];
    assert_eq!(forget["DeviceKey"], orphan.key.as_str());
    assert!(forget["AccessToken"].is_string());
    assert!(p.devices().is_empty(), "no orphan in the pool");
    assert!(c.current_user().is_none());
    assert_eq!(store.entries(), vec![], "nothing stored");
    // Once only; a finished sign-in leaves nothing to forget.
    p.clear_log();
    run(c.forget_abandoned_device());
    assert!(sign_in_dora(&c), "a new device, MFA asked");
    run(c.forget_abandoned_device());
    assert!(!p.ops().contains(&"ForgetDevice".to_owned()));
    assert_eq!(p.devices().len(), 1);
}

/// The failures that leave unknown whether ConfirmDevice landed, and
/// whether it did (`Failure::Lost`: served, then the reply lost).
fn unknown_outcomes() -> Vec<(Failure, bool, &'static str)> {
    vec![
        (
            Failure::Lost(cognito_wasm::CognitoError::network("connection reset")),
            true,
            "NetworkError",
        ),
        (
            Failure::Lost(cognito_wasm::CognitoError::new(
                ErrorKind::TimeoutError,
                "no reply in time",
                true,
            )),
            true,
            "TimeoutError",
        ),
        (Failure::Network, false, "NetworkError"),
        (
            Failure::aws(500, "InternalErrorException", "try later"),
            false,
            "InternalErrorException",
        ),
        (Failure::aws(503, "", ""), false, "InternalErrorException"),
        (
            Failure::Reply(200, "<html>".into(), vec![]),
            false,
            "InvalidResponse",
        ),
    ]
}

#[test]
fn a_confirmation_whose_outcome_is_unknown_leaves_no_device() {
    for (failure, lands, name) in unknown_outcomes() {
        let p = platform(true);
        let store = Rc::new(MemoryStore::new());
        let c = client(config(), &p, Some(store.clone()));
        let events = record_events(&c);
        p.fail_next("ConfirmDevice", failure.clone());
        assert!(sign_in_dora(&c));
        // The sign-in stands; the failure is told.
        let told = format!("deviceConfirmFailed:{name}");
        assert_eq!(*events.borrow(), ["signedIn", told.as_str()], "{failure:?}");
        assert!(c.current_user().is_some(), "{failure:?}");
        assert!(stored_device(&store).is_none(), "{failure:?}");
        let device = p.devices().pop().expect("the new device");
        assert_eq!(device.confirmed, lands, "{failure:?}");
        // Afterwards (the JS layer runs it after the call): ForgetDevice
        // with the sign-in's token, whether ConfirmDevice landed or not.
        p.clear_log();
        run(c.forget_abandoned_device());
        assert_eq!(p.ops(), ["ForgetDevice"], "{failure:?}");
        let forget = &bodies(&p, "ForgetDevice")[0];
        assert_eq!(forget["DeviceKey"], device.key.as_str());
        assert!(p.devices().is_empty(), "no orphan: {failure:?}");
        assert!(c.current_user().is_some(), "still signed in: {failure:?}");
        assert_eq!(store.get(&device_entry()), None);
        // Once only.
        p.clear_log();
        run(c.forget_abandoned_device());
        assert!(p.ops().is_empty(), "{failure:?}");
        // The device is gone: this session cannot remember it; the next
        // sign-in gets a new one, confirmed, the only one in the pool.
        let gone = run(c.remember_device(None)).unwrap_err();
        assert_eq!(
            gone.kind,
            ErrorKind::ResourceNotFoundException,
            "{failure:?}"
        );
        run(c.sign_out(false)).unwrap();
        assert!(sign_in_dora(&c), "a new device, MFA asked");
        let devices = p.devices();
        assert_eq!(devices.len(), 1, "{failure:?}");
        assert!(devices[0].confirmed && devices[0].key != device.key);
        assert_eq!(
            stored_device(&store).unwrap()["deviceKey"],
            devices[0].key.as_str()
        );
        run(c.remember_device(None)).unwrap();
        run(c.sign_out(false)).unwrap();
        assert!(!sign_in_dora(&c), "remembered: MFA skipped");
    }
}

#[test]
fn remember_devices_confirmation_whose_outcome_is_unknown_leaves_no_device() {
    for (failure, lands, name) in unknown_outcomes() {
        let p = platform(true);
        let store = Rc::new(MemoryStore::new());
        let c = client(config(), &p, Some(store.clone()));
        // The sign-in's confirmation refused: rememberDevice confirms it.
        refuse_next_confirmation(&p);
        assert!(sign_in_dora(&c));
        p.fail_next("ConfirmDevice", failure.clone());
        let e = run(c.remember_device(Some("Laptop"))).unwrap_err();
        assert_eq!(e.name(), name, "{failure:?}");
        assert!(stored_device(&store).is_none(), "{failure:?}");
        let device = p.devices().pop().expect("the device");
        assert_eq!(device.confirmed, lands, "{failure:?}");
        p.clear_log();
        run(c.forget_abandoned_device());
        assert_eq!(p.ops(), ["ForgetDevice"], "{failure:?}");
        assert_eq!(
            bodies(&p, "ForgetDevice")[0]["DeviceKey"],
            device.key.as_str()
        );
        assert!(p.devices().is_empty(), "no orphan: {failure:?}");
        assert!(c.current_user().is_some());
    }
}

#[test]
fn a_failure_after_confirm_device_forgets_nothing() {
    // UpdateDeviceStatus (after rememberDevice's ConfirmDevice) lost: the
    // device is confirmed and stored; nothing is forgotten.
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    refuse_next_confirmation(&p);
    assert!(sign_in_dora(&c));
    for _ in 0..4 {
        p.fail_next("UpdateDeviceStatus", Failure::Network);
    }
    let e = run(c.remember_device(None)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NetworkError);
    assert!(stored_device(&store).is_some());
    p.clear_log();
    run(c.forget_abandoned_device());
    assert!(p.ops().is_empty(), "{:?}", p.ops());
    assert!(p.devices()[0].confirmed);
    run(c.remember_device(None)).unwrap();
    assert_eq!(stored_device(&store).unwrap()["remembered"], true);
}

/// Sets the stored device's `remembered` flag to `remembered` (as another
/// client instance sharing the store would, or an older version).
fn set_stored_flag(store: &MemoryStore, remembered: bool) {
    let mut device = stored_device(store).expect("a stored device");
    device["remembered"] = Value::Bool(remembered);
    store.set(&device_entry(), &device.to_string());
}

#[test]
fn a_device_sign_in_in_place_of_mfa_marks_the_device_remembered() {
    let p = platform(true);
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    assert!(sign_in_dora(&c));
    assert_eq!(stored_device(&store).unwrap()["remembered"], false);
    // Remembered elsewhere (another browser session of the user).
    p.server.borrow_mut().devices.list[0].remembered = true;
    run(c.sign_out(false)).unwrap();
    assert!(
        !sign_in_dora(&c),
        "remembered: DEVICE_SRP_AUTH, MFA skipped"
    );
    assert_eq!(stored_device(&store).unwrap()["remembered"], true);
    assert_eq!(c.session_device().map(|d| d.remembered), Some(true));
    // The flag cleared here, the device still remembered: set again.
    set_stored_flag(&store, false);
    run(c.sign_out(false)).unwrap();
    assert!(!sign_in_dora(&c));
    assert_eq!(stored_device(&store).unwrap()["remembered"], true);
    // Un-remembered elsewhere: MFA asked, the flag cleared (as before).
    p.server.borrow_mut().devices.list[0].remembered = false;
    run(c.sign_out(false)).unwrap();
    assert!(sign_in_dora(&c));
    assert_eq!(stored_device(&store).unwrap()["remembered"], false);
}

#[test]
fn a_device_sign_in_after_an_mfa_code_leaves_the_device_not_remembered() {
    let p = platform(true);
    p.server.borrow_mut().devices.auth_after_mfa = true;
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    assert!(sign_in_dora(&c));
    set_stored_flag(&store, true);
    run(c.sign_out(false)).unwrap();
    p.clear_log();
    assert!(sign_in_dora(&c), "not remembered: MFA asked");
    // PASSWORD_VERIFIER, the MFA code, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
    assert_eq!(
        p.ops(),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge"
        ]
    );
    assert_eq!(stored_device(&store).unwrap()["remembered"], false);
    assert_eq!(c.session_device().map(|d| d.remembered), Some(false));
}
