//! Browser tests of MFA enrolment through the exported JS API against the
//! local stack: an authenticator app (TOTP) set up, verified and preferred,
//! then asked for at the next sign-in; the MFA_SETUP challenge of a pool
//! that requires MFA answered through `nextStep` and `respondToChallenge`;
//! devices listed and refused by name; the new device of an MFA sign-in
//! confirmed by the sign-in itself: on the opt-in pool still asking for MFA
//! until remembered (UpdateDeviceStatus alone), then skipping MFA
//! (DEVICE_SRP_AUTH answered in the page), refreshed with its DEVICE_KEY,
//! then forgotten; on the always-remember pool skipping MFA at the next
//! sign-in without rememberDevice; deleteUser leaving no device secret in
//! storage; a device un-remembered behind the client's back remembered
//! again by rememberDevice, and the flag corrected by a sign-in asked for
//! MFA; a sign-in by email on the email pool (USER_PASSWORD_AUTH, Cognito
//! naming the user otherwise) finding its remembered device; a sign-in
//! aborted during ConfirmDevice leaving no device in the pool; a sign-in
//! whose ConfirmDevice's outcome is unknown (its reply cut short after the
//! pool confirmed it, a timeout, a 500) signed in all the same, the failure
//! told, nothing stored and the device forgotten afterwards; a device
//! remembered behind the client's back (or its flag cleared here) marked
//! remembered by the sign-in its DEVICE_SRP_AUTH let skip MFA. TOTP codes
//! are computed here (RFC 6238, HMAC-SHA1 written out below, checked
//! against the RFC's vectors).
//! Run by `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::wire::http::HttpRequest;
use cognito_wasm::wire::json::{self, Value};
use js_sys::{Date, Function, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "Mfa-test-passw0rd!";

// ----- RFC 6238 --------------------------------------------------------------

/// SHA-1 (FIPS 180-4).
fn sha1(message: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut data = message.to_vec();
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&((message.len() as u64) * 8).to_be_bytes());
    for block in data.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// HMAC-SHA1 (RFC 2104).
fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..20].copy_from_slice(&sha1(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let mut inner = pad(0x36);
    inner.extend_from_slice(message);
    let mut outer = pad(0x5c);
    outer.extend_from_slice(&sha1(&inner));
    sha1(&outer)
}

/// RFC 4648 base32 (upper case, no padding) to bytes.
fn base32_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {c}"),
        };
        buffer = buffer << 5 | u32::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

/// The `digits`-digit TOTP of `key` at `unix_seconds` (30-second steps).
fn totp_at(key: &[u8], unix_seconds: u64, digits: u32) -> String {
    let mac = hmac_sha1(key, &(unix_seconds / 30).to_be_bytes());
    let offset = (mac[19] & 15) as usize;
    let value = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff;
    format!(
        "{:0width$}",
        value % 10u32.pow(digits),
        width = digits as usize
    )
}

/// The 6-digit code of the base32 `secret` now.
fn totp_now(secret: &str) -> String {
    totp_at(&base32_decode(secret), (Date::now() / 1000.0) as u64, 6)
}

/// A 6-digit code that is not the current one (nor the neighbouring ones
/// the server also accepts).
fn wrong_totp(secret: &str) -> String {
    let key = base32_decode(secret);
    let now = (Date::now() / 1000.0) as u64;
    let near: Vec<String> = [now - 30, now, now + 30]
        .iter()
        .map(|t| totp_at(&key, *t, 6))
        .collect();
    (0..10u32)
        .map(|d| format!("{d}{d}{d}{d}{d}{d}"))
        .find(|c| !near.contains(c))
        .expect("a wrong code")
}

/// `deleteUser`, then nothing of the pool's users is left in storage
/// (tokens, device secrets, names pointing at devices).
async fn delete_user_leaving_nothing(client: &JsCognitoClient, pool_id: &str) {
    ok("deleteUser", client.delete_user()).await;
    let left = stored_keys(&format!("cognito-wasm.{pool_id}."));
    assert!(left.is_empty(), "left in storage: {left:?}");
}

#[wasm_bindgen_test]
fn the_totp_helper_matches_rfc_6238() {
    // RFC 6238 appendix B, SHA-1 key.
    let key = b"12345678901234567890";
    for (t, code) in [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1234567890, "89005924"),
        (20000000000, "65353130"),
    ] {
        assert_eq!(totp_at(key, t, 8), code, "T = {t}");
    }
    assert_eq!(base32_decode("GEZDGNBVGY3TQOJQ"), b"1234567890");
}

// ----- helpers -----------------------------------------------------------

/// `{ code }`, the answer to an MFA challenge.
fn code_answer(code: &str) -> JsValue {
    js(&Value::string_map([("code", code)]))
}

/// A client of the stack's pool that requires MFA (`mfaPool`), keeping its
/// session where `storage` says (`memory`, `session`, `local`).
fn mfa_pool_client(stack: &Stack, storage: &str) -> (JsCognitoClient, String) {
    pool_client(stack, "mfaPool", storage)
}

/// A client of the stack's pool named `name` in STACK_JSON (`mfaPool`,
/// `mfaAlwaysPool`), keeping its session where `storage` says.
fn pool_client(stack: &Stack, name: &str, storage: &str) -> (JsCognitoClient, String) {
    pool_client_with(stack, name, storage, vec![])
}

/// [`pool_client`] with `extra` options.
fn pool_client_with(
    stack: &Stack,
    name: &str,
    storage: &str,
    extra: Vec<(&str, Value)>,
) -> (JsCognitoClient, String) {
    let Some(text) = option_env!("STACK_JSON") else {
        panic!("build the browser tests with STACK_JSON set");
    };
    let line = json::parse(text).expect("STACK_JSON is not JSON");
    let pool = line
        .get(name)
        .unwrap_or_else(|| panic!("STACK_JSON has no {name}"));
    let pool_id = pool.get_str("userPoolId").expect("userPoolId");
    let mut pairs = vec![
        ("userPoolId", Value::from(pool_id)),
        (
            "clientId",
            Value::from(pool.get_str("clientId").expect("clientId")),
        ),
        (
            "endpoints",
            Value::string_map([("cognitoIdp", stack.endpoint.as_str())]),
        ),
        ("storage", Value::from(storage)),
    ];
    pairs.extend(extra);
    let client = JsCognitoClient::new(js(&Value::object(pairs)))
        .unwrap_or_else(|e| panic!("client options refused: {}", describe(&e)));
    (client, pool_id.to_owned())
}

// ----- tests ---------------------------------------------------------------

#[wasm_bindgen_test]
async fn an_authenticator_app_is_enrolled_then_asked_for() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = confirmed_user(&stack, &client, "totp", PASSWORD).await;
    assert_rejected(resolve(client.set_up_totp()).await, "NotSignedIn");
    ok(
        "signIn",
        client.sign_in(credentials_of(&username, PASSWORD)),
    )
    .await;
    let setup = ok("setUpTotp", client.set_up_totp()).await;
    let secret = get_str(&setup, "secretCode");
    assert_eq!(secret.len(), 32);
    assert_eq!(
        get_str(&setup, "uri"),
        format!(
            "otpauth://totp/{pool}:{username}?secret={secret}&issuer={pool}",
            pool = stack.user_pool_id
        )
    );
    let verify = |code: &str| client.verify_totp_setup(code_answer(code));
    assert_rejected(resolve(verify("12345")).await, "InvalidParameterException");
    assert_rejected(
        resolve(verify(&wrong_totp(&secret))).await,
        "EnableSoftwareTokenMFAException",
    );
    ok("verifyTotpSetup", verify(&totp_now(&secret))).await;
    let preference = |value: &[(&str, &str)]| {
        client.set_mfa_preference(js(&Value::string_map(value.iter().copied())))
    };
    assert_rejected(
        resolve(preference(&[("totp", "always")])).await,
        "InvalidParameterException",
    );
    assert_rejected(resolve(preference(&[])).await, "InvalidParameterException");
    ok("setMfaPreference", preference(&[("totp", "preferred")])).await;
    let got = ok("getMfaPreference", client.get_mfa_preference()).await;
    assert_eq!(
        (
            get_str(&got, "totp"),
            get_str(&got, "sms"),
            get_str(&got, "email")
        ),
        ("preferred".into(), "disabled".into(), "disabled".into())
    );
    // The next sign-in asks for a code from the app.
    let other = new_client(&stack, false);
    let result = ok("signIn", other.sign_in(credentials_of(&username, PASSWORD))).await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(false));
    assert_eq!(
        get_str(&get(&result, "nextStep"), "challenge"),
        "SOFTWARE_TOKEN_MFA"
    );
    assert_rejected(
        resolve(other.respond_to_challenge(code_answer(&wrong_totp(&secret)))).await,
        "CodeMismatchException",
    );
    let result = ok(
        "respondToChallenge",
        other.respond_to_challenge(code_answer(&totp_now(&secret))),
    )
    .await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    // Disabled again: the next sign-in needs no code.
    ok("setMfaPreference", preference(&[("totp", "disabled")])).await;
    let got = ok("getMfaPreference", client.get_mfa_preference()).await;
    assert_eq!(get_str(&got, "totp"), "disabled");
    let third = new_client(&stack, false);
    let result = ok("signIn", third.sign_in(credentials_of(&username, PASSWORD))).await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn mfa_setup_is_answered_through_next_step() {
    let stack = stack();
    let (client, pool_id) = mfa_pool_client(&stack, "memory");
    let username = confirmed_user(&stack, &client, "setup", PASSWORD).await;
    let result = ok(
        "signIn",
        client.sign_in(credentials_of(&username, PASSWORD)),
    )
    .await;
    let step = get(&result, "nextStep");
    assert_eq!(
        get_str(&step, "challenge"),
        "MFA_SETUP",
        "{}",
        describe(&step)
    );
    let setup = get(&step, "totpSetup");
    let secret = get_str(&setup, "secretCode");
    assert!(
        get_str(&setup, "uri").starts_with(&format!(
            "otpauth://totp/{pool_id}:{username}?secret={secret}"
        )),
        "{}",
        get_str(&setup, "uri")
    );
    assert_rejected(
        resolve(client.respond_to_challenge(js(&Value::object::<&str>([])))).await,
        "InvalidParameterException",
    );
    assert_rejected(
        resolve(client.respond_to_challenge(code_answer(&wrong_totp(&secret)))).await,
        "EnableSoftwareTokenMFAException",
    );
    let result = ok(
        "respondToChallenge",
        client.respond_to_challenge(code_answer(&totp_now(&secret))),
    )
    .await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    assert_eq!(get_str(&client.current_user(), "username"), username);
    // Enrolled: the next sign-in asks for a code from the app.
    let (other, _) = mfa_pool_client(&stack, "memory");
    let result = ok("signIn", other.sign_in(credentials_of(&username, PASSWORD))).await;
    assert_eq!(
        get_str(&get(&result, "nextStep"), "challenge"),
        "SOFTWARE_TOKEN_MFA"
    );
}

#[wasm_bindgen_test]
async fn devices_are_listed_and_unknown_ones_refused() {
    let stack = stack();
    let client = new_client(&stack, false);
    assert_rejected(resolve(client.list_devices()).await, "NotSignedIn");
    sign_in_demo(&stack, &client).await;
    let devices = ok("listDevices", client.list_devices()).await;
    assert!(js_sys::Array::is_array(&devices));
    let unknown = JsValue::from_str("eu-west-1_00000000-0000-0000-0000-000000000000");
    assert_rejected(
        resolve(client.forget_device(unknown.clone())).await,
        "ResourceNotFoundException",
    );
    reset_counts(&stack).await;
    // The demo pool tracks no devices: there is none to remember or forget.
    assert_rejected(
        resolve(client.remember_device(JsValue::UNDEFINED)).await,
        "InvalidParameterException",
    );
    assert_rejected(
        resolve(client.remember_device(JsValue::from_f64(1.0))).await,
        "InvalidParameterException",
    );
    assert_rejected(
        resolve(client.forget_device(JsValue::UNDEFINED)).await,
        "InvalidParameterException",
    );
    assert_eq!(counts(&stack).await.total(), 0);
}

/// Checks the stack counted `confirm` ConfirmDevice and `update`
/// UpdateDeviceStatus requests since its counts were reset.
async fn assert_device_calls(stack: &Stack, confirm: u32, update: u32) {
    let counted = counts(stack).await;
    assert_eq!(
        counted.of("AWSCognitoIdentityProviderService.ConfirmDevice"),
        confirm,
        "{counted:?}"
    );
    assert_eq!(
        counted.of("AWSCognitoIdentityProviderService.UpdateDeviceStatus"),
        update,
        "{counted:?}"
    );
}

/// `sessionStorage`.
fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage")
}

/// Keys of `sessionStorage` that start with `prefix`.
fn stored_keys(prefix: &str) -> Vec<String> {
    let storage = session_storage();
    (0..storage.length().expect("length"))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// A client of the MFA pool keeping its session in `sessionStorage`, which
/// holds nothing of that pool's yet (another test's session would be
/// restored).
fn fresh_session_client(stack: &Stack) -> (JsCognitoClient, String) {
    fresh_client_of(stack, "mfaPool")
}

/// [`fresh_session_client`] for the pool named `name` in STACK_JSON.
fn fresh_client_of(stack: &Stack, name: &str) -> (JsCognitoClient, String) {
    let pool_id = {
        let (_, pool_id) = pool_client(stack, name, "memory");
        pool_id
    };
    for key in stored_keys(&format!("cognito-wasm.{pool_id}.")) {
        session_storage().remove_item(&key).expect("removeItem");
    }
    pool_client(stack, name, "session")
}

/// The `sessionStorage` entry of `username`'s remembered device (under
/// `cognito-wasm.<pool>.<client>.device.<username>`).
fn stored_device(pool_id: &str, username: &str) -> Option<Value> {
    let suffix = format!(".device.{username}");
    let keys: Vec<String> = stored_keys(&format!("cognito-wasm.{pool_id}."))
        .into_iter()
        .filter(|k| k.ends_with(&suffix))
        .collect();
    assert!(keys.len() <= 1, "{keys:?}");
    let text = session_storage()
        .get_item(keys.first()?)
        .expect("getItem")?;
    Some(json::parse(&text).expect("device JSON"))
}

/// Signs `username` in on the MFA pool, answering the TOTP code of `secret`
/// when asked; whether it was asked.
async fn mfa_sign_in(client: &JsCognitoClient, username: &str, secret: &str) -> bool {
    let result = ok("signIn", client.sign_in(credentials_of(username, PASSWORD))).await;
    if get(&result, "signedIn").as_bool() == Some(true) {
        return false;
    }
    let step = get(&result, "nextStep");
    assert_eq!(
        get_str(&step, "challenge"),
        "SOFTWARE_TOKEN_MFA",
        "{}",
        describe(&step)
    );
    let result = ok(
        "respondToChallenge",
        client.respond_to_challenge(code_answer(&totp_now(secret))),
    )
    .await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    true
}

/// A new user of the MFA pool enrolled through MFA_SETUP on `client`
/// (signed in afterwards); returns its name and TOTP secret.
async fn enrolled_user(stack: &Stack, client: &JsCognitoClient, prefix: &str) -> (String, String) {
    let username = confirmed_user(stack, client, prefix, PASSWORD).await;
    let result = ok(
        "signIn",
        client.sign_in(credentials_of(&username, PASSWORD)),
    )
    .await;
    let step = get(&result, "nextStep");
    assert_eq!(get_str(&step, "challenge"), "MFA_SETUP");
    let secret = get_str(&get(&step, "totpSetup"), "secretCode");
    let result = ok(
        "respondToChallenge",
        client.respond_to_challenge(code_answer(&totp_now(&secret))),
    )
    .await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    (username, secret)
}

#[wasm_bindgen_test]
async fn a_remembered_device_skips_mfa_until_forgotten() {
    let stack = stack();
    let (client, pool_id) = fresh_session_client(&stack);
    reset_counts(&stack).await;
    let (username, secret) = enrolled_user(&stack, &client, "device").await;
    // The sign-in confirmed its new device; the pool waits for the user's word.
    let counted = counts(&stack).await;
    assert_eq!(
        counted.of("AWSCognitoIdentityProviderService.ConfirmDevice"),
        1,
        "{counted:?}"
    );
    let stored = stored_device(&pool_id, &username).expect("device secret stored");
    assert_eq!(
        stored.get("remembered").and_then(Value::as_bool),
        Some(false)
    );
    let devices = ok("listDevices", client.list_devices()).await;
    let devices = js_sys::Array::from(&devices);
    assert_eq!(devices.length(), 1);
    assert_eq!(get(&devices.get(0), "remembered").as_bool(), Some(false));
    // Named after the browser, as the sign-in confirmed it.
    let navigator = get(&js_sys::global(), "navigator");
    assert_eq!(
        get_str(&devices.get(0), "name"),
        get_str(&navigator, "userAgent")
    );

    // Tracked, not remembered: the next sign-in still asks for MFA.
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    reset_counts(&stack).await;
    assert!(
        mfa_sign_in(&client, &username, &secret).await,
        "a device not remembered skipped MFA"
    );
    let counted = counts(&stack).await;
    assert_eq!(
        counted.of("AWSCognitoIdentityProviderService.ConfirmDevice"),
        0,
        "the device is known: no new one, {counted:?}"
    );

    reset_counts(&stack).await;
    let key = ok(
        "rememberDevice",
        client.remember_device(JsValue::from_str("Laptop")),
    )
    .await
    .as_string()
    .expect("the device key");
    // Confirmed already: UpdateDeviceStatus alone.
    assert_device_calls(&stack, 0, 1).await;
    let stored = stored_device(&pool_id, &username).expect("device secret stored");
    assert_eq!(stored.get_str("deviceKey"), Some(key.as_str()));
    assert_eq!(
        stored.get("remembered").and_then(Value::as_bool),
        Some(true)
    );
    let devices = ok("listDevices", client.list_devices()).await;
    let devices = js_sys::Array::from(&devices);
    assert_eq!(devices.length(), 1);
    let listed = devices.get(0);
    assert_eq!(get_str(&listed, "deviceKey"), key);
    assert_eq!(get(&listed, "remembered").as_bool(), Some(true));

    // Signed out, the device stays; the next sign-in skips MFA.
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    assert!(stored_device(&pool_id, &username).is_some());
    reset_counts(&stack).await;
    assert!(
        !mfa_sign_in(&client, &username, &secret).await,
        "MFA was asked"
    );
    // PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
    assert_eq!(counts(&stack).await.of(RESPOND), 3);
    // The pool refuses this refresh token's refresh without its DEVICE_KEY.
    reset_counts(&stack).await;
    ok(
        "getTokens",
        client.get_tokens(js(&Value::object([("forceRefresh", Value::Bool(true))]))),
    )
    .await;
    assert_eq!(counts(&stack).await.of(INITIATE_AUTH), 1);

    // Forgotten: gone from the pool and from storage; MFA again.
    ok("forgetDevice", client.forget_device(JsValue::UNDEFINED)).await;
    assert!(stored_device(&pool_id, &username).is_none());
    let devices = ok("listDevices", client.list_devices()).await;
    assert_eq!(js_sys::Array::from(&devices).length(), 0);
    assert_rejected(
        resolve(client.forget_device(JsValue::from_str(&key))).await,
        "ResourceNotFoundException",
    );
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    assert!(
        mfa_sign_in(&client, &username, &secret).await,
        "MFA asked again"
    );
}

#[wasm_bindgen_test]
async fn on_a_pool_that_always_remembers_the_second_sign_in_skips_mfa() {
    let stack = stack();
    let (client, pool_id) = fresh_client_of(&stack, "mfaAlwaysPool");
    reset_counts(&stack).await;
    let (username, secret) = enrolled_user(&stack, &client, "always").await;
    assert_device_calls(&stack, 1, 0).await;
    let stored = stored_device(&pool_id, &username).expect("device secret stored");
    assert_eq!(
        stored.get("remembered").and_then(Value::as_bool),
        Some(true)
    );
    let devices = ok("listDevices", client.list_devices()).await;
    let devices = js_sys::Array::from(&devices);
    assert_eq!(devices.length(), 1);
    assert_eq!(get(&devices.get(0), "remembered").as_bool(), Some(true));

    // rememberDevice never called: the next sign-in skips MFA.
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    reset_counts(&stack).await;
    assert!(
        !mfa_sign_in(&client, &username, &secret).await,
        "MFA was asked"
    );
    let counted = counts(&stack).await;
    // PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER; no new device.
    assert_eq!(counted.of(RESPOND), 3, "{counted:?}");
    assert_eq!(
        counted.of("AWSCognitoIdentityProviderService.ConfirmDevice"),
        0
    );
    // Remembered as far as the client knows: rememberDevice still says so
    // (one UpdateDeviceStatus: it may have been un-remembered elsewhere).
    reset_counts(&stack).await;
    let key = ok("rememberDevice", client.remember_device(JsValue::UNDEFINED))
        .await
        .as_string()
        .expect("the device key");
    assert_eq!(stored.get_str("deviceKey"), Some(key.as_str()));
    assert_device_calls(&stack, 0, 1).await;
    delete_user_leaving_nothing(&client, &pool_id).await;
}

#[wasm_bindgen_test]
async fn delete_user_leaves_no_device_secret() {
    let stack = stack();
    let (client, pool_id) = fresh_session_client(&stack);
    let (username, _) = enrolled_user(&stack, &client, "devdel").await;
    ok("rememberDevice", client.remember_device(JsValue::UNDEFINED)).await;
    assert!(stored_device(&pool_id, &username).is_some());
    delete_user_leaving_nothing(&client, &pool_id).await;
}

const UPDATE_DEVICE_STATUS: &str = "AWSCognitoIdentityProviderService.UpdateDeviceStatus";
const CONFIRM_DEVICE: &str = "AWSCognitoIdentityProviderService.ConfirmDevice";
const FORGET_DEVICE: &str = "AWSCognitoIdentityProviderService.ForgetDevice";

/// The stored device's `remembered` flag.
fn remembered_flag(pool_id: &str, username: &str) -> Option<bool> {
    stored_device(pool_id, username)?
        .get("remembered")
        .and_then(Value::as_bool)
}

/// UpdateDeviceStatus `not_remembered` sent straight to the stack with the
/// client's access token: the device un-remembered behind the client's
/// back (as another browser of the user would).
async fn unremember_elsewhere(stack: &Stack, client: &JsCognitoClient, key: &str) {
    set_status_elsewhere(stack, client, key, "not_remembered").await;
}

/// UpdateDeviceStatus `status` sent straight to the stack with the
/// client's access token, behind the client's back.
async fn set_status_elsewhere(stack: &Stack, client: &JsCognitoClient, key: &str, status: &str) {
    let tokens = ok("getTokens", client.get_tokens(JsValue::UNDEFINED)).await;
    let body = Value::string_map([
        ("AccessToken", get_str(&tokens, "accessToken")),
        ("DeviceKey", key.to_owned()),
        ("DeviceRememberedStatus", status.to_owned()),
    ]);
    let reply = BrowserPlatform
        .send(HttpRequest {
            method: "POST".to_owned(),
            url: stack.endpoint.clone(),
            headers: vec![
                (
                    "Content-Type".to_owned(),
                    "application/x-amz-json-1.1".to_owned(),
                ),
                ("X-Amz-Target".to_owned(), UPDATE_DEVICE_STATUS.to_owned()),
            ],
            body: body.to_string().into_bytes(),
        })
        .await
        .expect("UpdateDeviceStatus sent");
    assert_eq!(reply.status, 200, "{:?}", reply.text());
}

#[wasm_bindgen_test]
async fn a_device_unremembered_elsewhere_is_remembered_again_on_request() {
    let stack = stack();
    let (client, pool_id) = fresh_session_client(&stack);
    let (username, secret) = enrolled_user(&stack, &client, "stale").await;
    let key = ok("rememberDevice", client.remember_device(JsValue::UNDEFINED))
        .await
        .as_string()
        .expect("the device key");
    assert_eq!(remembered_flag(&pool_id, &username), Some(true));
    // Un-remembered behind the client's back; the flag still says remembered.
    unremember_elsewhere(&stack, &client, &key).await;
    assert_eq!(remembered_flag(&pool_id, &username), Some(true));
    reset_counts(&stack).await;
    ok("rememberDevice", client.remember_device(JsValue::UNDEFINED)).await;
    assert_device_calls(&stack, 0, 1).await;
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    assert!(
        !mfa_sign_in(&client, &username, &secret).await,
        "remembered again: MFA skipped"
    );

    // Un-remembered again: the next sign-in, asked for MFA despite the
    // device, corrects the flag; rememberDevice then remembers it.
    unremember_elsewhere(&stack, &client, &key).await;
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    assert!(mfa_sign_in(&client, &username, &secret).await, "MFA asked");
    assert_eq!(remembered_flag(&pool_id, &username), Some(false));
    ok("rememberDevice", client.remember_device(JsValue::UNDEFINED)).await;
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    assert!(!mfa_sign_in(&client, &username, &secret).await);
    ok("deleteUser", client.delete_user()).await;
}

#[wasm_bindgen_test]
async fn a_sign_in_by_email_finds_the_remembered_device() {
    let stack = stack();
    let (memory, pool_id) = pool_client(&stack, "mfaEmailPool", "memory");
    drop(memory);
    for key in stored_keys(&format!("cognito-wasm.{pool_id}.")) {
        session_storage().remove_item(&key).expect("removeItem");
    }
    let (client, _) = pool_client_with(
        &stack,
        "mfaEmailPool",
        "session",
        vec![("authFlow", Value::from("USER_PASSWORD_AUTH"))],
    );
    // Signed up by email; Cognito names the user by a generated id.
    let email = format!("{}@example.com", new_username("alias"));
    ok(
        "signUp",
        client.sign_up(js(&Value::object([
            ("username", Value::from(email.as_str())),
            ("password", Value::from(PASSWORD)),
            ("attributes", Value::string_map([("email", email.as_str())])),
        ]))),
    )
    .await;
    let outbox = send(
        "GET",
        &format!("{}/_stack/outbox?userPoolId={pool_id}", stack.endpoint),
        vec![],
    )
    .await;
    let messages = json::parse(outbox.text().expect("UTF-8")).expect("outbox JSON");
    let code = messages
        .as_array()
        .expect("outbox list")
        .iter()
        .rev()
        .find(|m| m.get_str("destination") == Some(email.as_str()))
        .and_then(|m| m.get_str("code"))
        .expect("the sign-up code")
        .to_owned();
    ok(
        "confirmSignUp",
        client.confirm_sign_up(js(&Value::string_map([
            ("username", email.as_str()),
            ("code", code.as_str()),
        ]))),
    )
    .await;
    let result = ok("signIn", client.sign_in(credentials_of(&email, PASSWORD))).await;
    let step = get(&result, "nextStep");
    assert_eq!(get_str(&step, "challenge"), "MFA_SETUP");
    let secret = get_str(&get(&step, "totpSetup"), "secretCode");
    let result = ok(
        "respondToChallenge",
        client.respond_to_challenge(code_answer(&totp_now(&secret))),
    )
    .await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    let username = get_str(&client.current_user(), "username");
    assert_ne!(username, email, "Cognito's own name for the user");
    ok("rememberDevice", client.remember_device(JsValue::UNDEFINED)).await;
    assert_eq!(remembered_flag(&pool_id, &username), Some(true));

    // By the email again: the device is found, and MFA skipped.
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    reset_counts(&stack).await;
    assert!(
        !mfa_sign_in(&client, &email, &secret).await,
        "MFA asked on the remembered device"
    );
    let counted = counts(&stack).await;
    // DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER; no new device.
    assert_eq!(counted.of(RESPOND), 2, "{counted:?}");
    assert_eq!(counted.of(CONFIRM_DEVICE), 0, "{counted:?}");
    delete_user_leaving_nothing(&client, &pool_id).await;
}

#[wasm_bindgen_test]
async fn a_sign_in_aborted_during_confirm_device_leaves_no_device() {
    let stack = stack();
    let (client, pool_id) = fresh_session_client(&stack);
    let (username, secret) = enrolled_user(&stack, &client, "abort").await;
    // The enrolment's device forgotten: the next sign-in gets a new one.
    to_mfa_with_a_new_device(&client, &username).await;
    // ConfirmDevice reaches the pool, its reply is held back; the caller
    // aborts meanwhile.
    arm_fault(
        &stack,
        "ConfirmDevice",
        "delay",
        1,
        &[("delayMs", Value::Number(4000.0))],
    )
    .await;
    reset_counts(&stack).await;
    let controller = Function::new_no_args("return new AbortController()")
        .call0(&JsValue::UNDEFINED)
        .expect("an AbortController");
    let answer = code_answer(&totp_now(&secret));
    Reflect::set(&answer, &"signal".into(), &get(&controller, "signal")).expect("set signal");
    let pending = client.respond_to_challenge(answer);
    until_counted(&stack, CONFIRM_DEVICE, 1).await;
    get(&controller, "abort")
        .dyn_into::<Function>()
        .expect("abort")
        .call0(&controller)
        .expect("aborted");
    assert_rejected(resolve(pending).await, "AbortError");
    assert!(client.current_user().is_null(), "the session is as it was");
    assert!(stored_device(&pool_id, &username).is_none());
    // ForgetDevice follows, outside the aborted call.
    until_counted(&stack, FORGET_DEVICE, 1).await;
    clear_faults(&stack).await;
    // Signed in again (a new device): the pool lists that one alone.
    assert!(mfa_sign_in(&client, &username, &secret).await);
    let devices = ok("listDevices", client.list_devices()).await;
    assert_eq!(js_sys::Array::from(&devices).length(), 1, "no orphan");
    ok("deleteUser", client.delete_user()).await;
}

/// Forgets the signed-in user's device, signs out and signs `username` in
/// again up to the MFA code (a sign-in that will be offered a new device).
async fn to_mfa_with_a_new_device(client: &JsCognitoClient, username: &str) {
    ok("forgetDevice", client.forget_device(JsValue::UNDEFINED)).await;
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    let result = ok("signIn", client.sign_in(credentials_of(username, PASSWORD))).await;
    assert_eq!(
        get_str(&get(&result, "nextStep"), "challenge"),
        "SOFTWARE_TOKEN_MFA"
    );
}

/// The names of the errors `deviceConfirmFailed` told on `client`.
fn device_confirm_failures(client: &JsCognitoClient) -> Rc<RefCell<Vec<String>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
        assert!(cognito_wasm::js::error::is_cognito_error(&error));
        sink.borrow_mut().push(get_str(&error, "name"));
    })
    .into_js_value();
    client
        .on(JsValue::from_str("deviceConfirmFailed"), listener)
        .unwrap_or_else(|e| panic!("on: {}", describe(&e)));
    seen
}

/// Waits (up to 4 s) until the stack counted `n` calls of `target`.
async fn until_counted(stack: &Stack, target: &str, n: u32) {
    for _ in 0..200 {
        if counts(stack).await.of(target) >= n {
            break;
        }
        BrowserPlatform.sleep(20).await;
    }
    assert_eq!(counts(stack).await.of(target), n, "{target}");
}

/// The longest wait for a reply of the client in the unknown-outcome test (ms).
const SHORT_TIMEOUT_MS: u32 = 1500;

#[wasm_bindgen_test]
async fn a_confirm_device_whose_outcome_is_unknown_leaves_no_device() {
    let stack = stack();
    let pool_id = {
        let (_, pool_id) = pool_client(&stack, "mfaPool", "memory");
        pool_id
    };
    for key in stored_keys(&format!("cognito-wasm.{pool_id}.")) {
        session_storage().remove_item(&key).expect("removeItem");
    }
    let (client, _) = pool_client_with(
        &stack,
        "mfaPool",
        "session",
        vec![("timeoutMs", Value::Number(f64::from(SHORT_TIMEOUT_MS)))],
    );
    let failures = device_confirm_failures(&client);
    let (username, secret) = enrolled_user(&stack, &client, "unknown").await;
    // (fault, what the client sees): the reply cut short after the pool
    // confirmed the device; the reply held back past the client's timeout
    // (the pool confirms it meanwhile, or finds it forgotten); a 500.
    let cases = [
        ("truncated", "NetworkError"),
        ("delay", "TimeoutError"),
        ("500", "InternalFailure"),
    ];
    for (fault, told) in cases {
        // The enrolment's (or the last case's) device forgotten: the next
        // sign-in gets a new one.
        to_mfa_with_a_new_device(&client, &username).await;
        let delay = Value::Number(f64::from(SHORT_TIMEOUT_MS * 2));
        arm_fault(&stack, "ConfirmDevice", fault, 1, &[("delayMs", delay)]).await;
        reset_counts(&stack).await;
        failures.borrow_mut().clear();
        // The sign-in stands; the failure is told.
        let result = ok(
            "respondToChallenge",
            client.respond_to_challenge(code_answer(&totp_now(&secret))),
        )
        .await;
        assert_eq!(get(&result, "signedIn").as_bool(), Some(true), "{fault}");
        assert_eq!(*failures.borrow(), [told], "{fault}");
        assert_eq!(get_str(&client.current_user(), "username"), username);
        assert!(stored_device(&pool_id, &username).is_none(), "{fault}");
        assert_eq!(counts(&stack).await.of(CONFIRM_DEVICE), 1, "{fault}");
        // ForgetDevice follows, whether ConfirmDevice landed or not.
        until_counted(&stack, FORGET_DEVICE, 1).await;
        if fault == "delay" {
            // The held-back ConfirmDevice ends (on a forgotten device).
            BrowserPlatform.sleep(SHORT_TIMEOUT_MS * 2).await;
        }
        clear_faults(&stack).await;
        let devices = ok("listDevices", client.list_devices()).await;
        assert_eq!(js_sys::Array::from(&devices).length(), 0, "orphan: {fault}");
        // The session's device is gone: it cannot be remembered now.
        assert_rejected(
            resolve(client.remember_device(JsValue::UNDEFINED)).await,
            "ResourceNotFoundException",
        );
        assert!(stored_device(&pool_id, &username).is_none(), "{fault}");
        // The next sign-in gets a new device, confirmed and stored.
        ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
        assert!(mfa_sign_in(&client, &username, &secret).await, "{fault}");
        let devices = ok("listDevices", client.list_devices()).await;
        assert_eq!(js_sys::Array::from(&devices).length(), 1, "{fault}");
        assert!(stored_device(&pool_id, &username).is_some(), "{fault}");
    }
    delete_user_leaving_nothing(&client, &pool_id).await;
}

#[wasm_bindgen_test]
async fn a_device_remembered_elsewhere_is_marked_remembered_at_sign_in() {
    let stack = stack();
    let (client, pool_id) = fresh_session_client(&stack);
    let (username, secret) = enrolled_user(&stack, &client, "elsewhere").await;
    // Confirmed by the sign-in; the opt-in pool waits for the user's word.
    assert_eq!(remembered_flag(&pool_id, &username), Some(false));
    let key = stored_device(&pool_id, &username)
        .and_then(|d| d.get_str("deviceKey").map(str::to_owned))
        .expect("the device key");
    // Remembered behind the client's back (another browser session).
    set_status_elsewhere(&stack, &client, &key, "remembered").await;
    assert_eq!(remembered_flag(&pool_id, &username), Some(false));
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    reset_counts(&stack).await;
    assert!(
        !mfa_sign_in(&client, &username, &secret).await,
        "remembered: MFA skipped"
    );
    // PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
    assert_eq!(counts(&stack).await.of(RESPOND), 3);
    assert_eq!(remembered_flag(&pool_id, &username), Some(true));

    // The flag cleared here, the device still remembered: set again.
    let entry = stored_keys(&format!("cognito-wasm.{pool_id}."))
        .into_iter()
        .find(|k| k.ends_with(&format!(".device.{username}")))
        .expect("the device entry");
    let text = session_storage()
        .get_item(&entry)
        .expect("getItem")
        .expect("stored");
    let cleared = text.replace("\"remembered\":true", "\"remembered\":false");
    assert_ne!(cleared, text);
    session_storage()
        .set_item(&entry, &cleared)
        .expect("setItem");
    assert_eq!(remembered_flag(&pool_id, &username), Some(false));
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    assert!(!mfa_sign_in(&client, &username, &secret).await);
    assert_eq!(remembered_flag(&pool_id, &username), Some(true));

    // Un-remembered elsewhere: MFA asked, the flag cleared (as before).
    unremember_elsewhere(&stack, &client, &key).await;
    ok("signOut", client.sign_out(JsValue::UNDEFINED)).await;
    assert!(mfa_sign_in(&client, &username, &secret).await, "MFA asked");
    assert_eq!(remembered_flag(&pool_id, &username), Some(false));
    delete_user_leaving_nothing(&client, &pool_id).await;
}
