//! Browser tests of sign-in, challenges, tokens, credentials and sign-out,
//! through the exported JS API (and the Rust core where a platform must be
//! wrapped), against the local stack. Run by `scripts/test-browser`.
//!
//! The stack's state persists between the tests of a run: only
//! `new_password_required_is_answered` completes the `newPassword` user's
//! challenge.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use std::cell::RefCell;
use std::rc::Rc;

use browser_common::*;
use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::client::{CognitoClient, SignInResult};
use cognito_wasm::config::{AuthFlow, Config};
use cognito_wasm::error::CognitoError;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::wire::json::Value;
use js_sys::{Date, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Checks a `Credentials` object's shape; returns its access key id.
fn check_credentials(credentials: &JsValue) -> String {
    let key = get_str(credentials, "accessKeyId");
    assert!(!key.is_empty());
    assert!(!get_str(credentials, "secretAccessKey").is_empty());
    assert!(!get_str(credentials, "sessionToken").is_empty());
    assert!(!get_str(credentials, "identityId").is_empty());
    let expiration: Date = get(credentials, "expiration")
        .dyn_into()
        .expect("expiration is a Date");
    assert!(expiration.get_time() > Date::now());
    key
}

/// A sign-in whose signal aborts one task after it started (while its SRP
/// math runs in slices; where the engine runs `scheduler.yield()`
/// continuations first, while InitiateAuth is out) rejects with
/// `AbortError`, and the same client then signs in.
#[wasm_bindgen_test]
async fn a_sign_in_aborted_between_srp_slices_rejects_and_the_next_one_works() {
    let stack = stack();
    let client = new_client(&stack, false);
    let run = Function::new_with_args(
        "client, username, password",
        "return (async () => {
           const controller = new AbortController();
           const first = client.signIn({ username, password, signal: controller.signal });
           const channel = new MessageChannel();
           channel.port1.onmessage = () => { controller.abort(); channel.port1.close(); };
           channel.port2.postMessage(0);
           let aborted;
           try { await first; aborted = 'signed in'; } catch (e) { aborted = e.name; }
           const second = await client.signIn({ username, password });
           return { aborted, signedIn: second.signedIn };
         })();",
    );
    let result: Promise = run
        .call3(
            &JsValue::UNDEFINED,
            &JsValue::from(client),
            &JsValue::from_str(&stack.demo_username),
            &JsValue::from_str(&stack.demo_password),
        )
        .expect("called")
        .dyn_into()
        .expect("a promise");
    let result = resolve(result)
        .await
        .unwrap_or_else(|e| panic!("second sign-in failed: {}", describe(&e)));
    assert_eq!(get_str(&result, "aborted"), "AbortError");
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn srp_sign_in_takes_four_requests_to_first_credentials() {
    let stack = stack();
    let client = new_client(&stack, false);
    assert!(client.current_user().is_null());
    // The SRP secret prepared ahead is the one the stack then verifies.
    let prepared = client.prepare_sign_in().expect("prepareSignIn");
    wasm_bindgen_futures::JsFuture::from(prepared)
        .await
        .expect("prepareSignIn settles");
    reset_counts(&stack).await;
    sign_in_demo(&stack, &client).await;
    let user = client.current_user();
    assert_eq!(get_str(&user, "username"), stack.demo_username);
    assert!(!get_str(&user, "sub").is_empty());
    assert_eq!(
        get_str(&get(&user, "idTokenClaims"), "token_use"),
        "id",
        "claims are a plain object"
    );
    assert_eq!(
        get_str(&get(&user, "accessTokenClaims"), "token_use"),
        "access"
    );
    let first = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    let key = check_credentials(&first);
    let c = counts(&stack).await;
    assert_eq!(
        (
            c.of(INITIATE_AUTH),
            c.of(RESPOND),
            c.of(GET_ID),
            c.of(GET_CREDENTIALS),
            c.total()
        ),
        (1, 1, 1, 1, 4),
        "{c:?}"
    );
    let second = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    assert_eq!(get_str(&second, "accessKeyId"), key);
    assert_eq!(
        counts(&stack).await.total(),
        4,
        "a second getCredentials makes no request"
    );
}

#[wasm_bindgen_test]
async fn password_sign_in_takes_three_requests_to_first_credentials() {
    let stack = stack();
    let client = new_client(&stack, true);
    reset_counts(&stack).await;
    sign_in_demo(&stack, &client).await;
    let credentials = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    check_credentials(&credentials);
    let c = counts(&stack).await;
    assert_eq!(
        (
            c.of(INITIATE_AUTH),
            c.of(GET_ID),
            c.of(GET_CREDENTIALS),
            c.total()
        ),
        (1, 1, 1, 3),
        "{c:?}"
    );
    let tokens = resolve(client.get_tokens(JsValue::UNDEFINED))
        .await
        .expect("tokens");
    assert_eq!(get_str(&tokens, "idToken").split('.').count(), 3);
    assert_eq!(get_str(&tokens, "accessToken").split('.').count(), 3);
    let expires: Date = get(&tokens, "expiresAt").dyn_into().expect("a Date");
    assert!(expires.get_time() > Date::now());
    assert_eq!(
        counts(&stack).await.total(),
        3,
        "fresh tokens need no request"
    );
}

#[wasm_bindgen_test]
async fn wrong_password_is_not_authorized() {
    let stack = stack();
    let wrong = "Wrong-passw0rd!";
    for password_flow in [false, true] {
        let client = new_client(&stack, password_flow);
        let result = resolve(client.sign_in(credentials_of(&stack.demo_username, wrong))).await;
        let error = assert_rejected(result, "NotAuthorizedException");
        assert_eq!(get(&error, "retryable").as_bool(), Some(false));
        assert!(!get_str(&error, "message").contains(wrong));
        assert!(!client.is_signed_in());
        let tokens = resolve(client.get_tokens(JsValue::UNDEFINED)).await;
        assert_rejected(tokens, "NotSignedIn");
    }
}

/// Arguments from JSON text (which, unlike Rust text, can hold a lone surrogate).
fn from_json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("valid JSON")
}

#[wasm_bindgen_test]
async fn any_text_crosses_into_the_arguments_where_it_was() {
    let stack = stack();
    let client = new_client(&stack, true);
    // A wrong password holding an astral character, an accented one and a
    // lone surrogate (the fields cross packed, each with its length in UTF-16
    // units): the pool refuses it, rather than the reader the fields.
    let demo = Value::from(stack.demo_username.as_str()).to_string();
    let wrong = from_json(&format!(
        r#"{{"username":{demo},"password":"Wrong-\ud83d\ude00\u00e9\ud800-passw0rd"}}"#
    ));
    let error = assert_rejected(
        resolve(client.sign_in(wrong)).await,
        "NotAuthorizedException",
    );
    assert!(!get_str(&error, "message").contains("could not be read"));
    // Such a user name before the password: no such user.
    let nobody =
        from_json(r#"{"username":"nobody-\ud83d\ude00\u00e9","password":"x\ud83d\ude00"}"#);
    let error = describe(
        &resolve(client.sign_in(nobody))
            .await
            .expect_err("signed in"),
    );
    assert!(
        error.starts_with("NotAuthorizedException") || error.starts_with("UserNotFoundException"),
        "{error}"
    );
    // A NUL reaches the code it is in, which the library then refuses by name.
    let code = from_json(r#"{"username":"someone-\ud83d\ude00","code":"12\u00003"}"#);
    let error = assert_rejected(
        resolve(client.confirm_sign_up(code)).await,
        "InvalidParameterException",
    );
    let message = get_str(&error, "message");
    assert!(
        message.contains("code") && message.contains("control characters"),
        "{message}"
    );
}

#[wasm_bindgen_test]
async fn bad_options_are_refused_before_any_request() {
    let stack = stack();
    reset_counts(&stack).await;
    let config_error = |options: JsValue| match JsCognitoClient::new(options) {
        Ok(_) => panic!("options accepted"),
        Err(e) => assert_error(&e, "InvalidConfig"),
    };
    config_error(JsValue::from(42));
    config_error(JsValue::NULL);
    config_error(js(&Value::string_map([(
        "userPoolId",
        stack.user_pool_id.as_str(),
    )])));
    let with =
        |key: &str, value: Value| client_options(&stack, &stack.client_id, vec![(key, value)]);
    config_error(with("userPoolId", Value::from("not-a-pool")));
    config_error(with("userPoolId", Value::Number(7.0)));
    config_error(with("region", Value::from("us-east-1")));
    config_error(with("authFlow", Value::from("CUSTOM_AUTH")));
    config_error(with("storage", Value::from("cookie")));
    config_error(with("refreshMarginSeconds", Value::from("300")));
    // Read as a number by the wasm once checked in JavaScript: a negative
    // one reaches the config's own check.
    config_error(with("refreshMarginSeconds", Value::Number(-1.0)));
    config_error(with(
        "endpoints",
        Value::string_map([("cognitoIdp", "http://example.com/")]),
    ));
    config_error(with("endpoints", Value::from("http://127.0.0.1/")));

    let client = new_client(&stack, false);
    let bad_sign_ins = [
        JsValue::UNDEFINED,
        JsValue::from_str("demo"),
        js(&Value::object([
            ("username", Value::Number(5.0)),
            ("password", Value::from("x")),
        ])),
        js(&Value::string_map([("username", "demo")])),
        credentials_of(&stack.demo_username, ""),
        credentials_of("", "x"),
    ];
    for options in bad_sign_ins {
        assert_rejected(
            resolve(client.sign_in(options)).await,
            "InvalidParameterException",
        );
    }
    assert_rejected(
        resolve(client.respond_to_challenge(js(&Value::object(Vec::<(&str, Value)>::new())))).await,
        "NotSignedIn",
    );
    assert_rejected(
        resolve(client.respond_to_challenge(JsValue::from(1))).await,
        "InvalidParameterException",
    );
    let bad_logins = [
        (JsValue::from_str(""), JsValue::from_str("token")),
        (JsValue::UNDEFINED, JsValue::from_str("token")),
        (JsValue::from_str("accounts.google.com"), JsValue::NULL),
        (JsValue::from(1), JsValue::from(2)),
    ];
    for (provider, token) in bad_logins {
        match client.add_login(provider, token) {
            Ok(()) => panic!("a bad login accepted"),
            Err(e) => assert_error(&e, "InvalidParameterException"),
        };
    }
    for provider in [JsValue::NULL, JsValue::UNDEFINED, JsValue::from(3)] {
        match client.remove_login(provider) {
            Ok(_) => panic!("a non-string provider accepted"),
            Err(e) => assert_error(&e, "InvalidParameterException"),
        };
    }
    match client.on_credentials(JsValue::from_str("not a function")) {
        Ok(()) => panic!("a string accepted as callback"),
        Err(e) => assert_error(&e, "InvalidParameterException"),
    };
    assert_rejected(
        resolve(client.sign_out(JsValue::from_str("global"))).await,
        "InvalidParameterException",
    );
    assert_eq!(
        counts(&stack).await.total(),
        0,
        "no request for bad options"
    );
}

#[wasm_bindgen_test]
async fn new_password_required_is_answered() {
    let stack = stack();
    let client = new_client(&stack, false);
    let result = resolve(client.sign_in(credentials_of(
        &stack.newbie_username,
        &stack.newbie_password,
    )))
    .await
    .unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(get(&result, "signedIn").as_bool(), Some(false));
    let step = get(&result, "nextStep");
    assert_eq!(get_str(&step, "challenge"), "NEW_PASSWORD_REQUIRED");
    assert_eq!(
        get_str(&client.pending_challenge(), "challenge"),
        "NEW_PASSWORD_REQUIRED"
    );
    assert!(!client.is_signed_in());

    reset_counts(&stack).await;
    let empty = js(&Value::object(Vec::<(&str, Value)>::new()));
    assert_rejected(
        resolve(client.respond_to_challenge(empty)).await,
        "InvalidParameterException",
    );
    assert_eq!(
        counts(&stack).await.total(),
        0,
        "refused before any request"
    );

    let new_password = "Changed-passw0rd!";
    let answer = js(&Value::string_map([("newPassword", new_password)]));
    let done = resolve(client.respond_to_challenge(answer))
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(get(&done, "signedIn").as_bool(), Some(true));
    assert!(client.pending_challenge().is_null());
    assert_eq!(
        get_str(&client.current_user(), "username"),
        stack.newbie_username
    );

    // The new password now signs in directly; the old one no longer does.
    let again = new_client(&stack, false);
    let result = resolve(again.sign_in(credentials_of(&stack.newbie_username, new_password)))
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    let old = new_client(&stack, true);
    assert_rejected(
        resolve(old.sign_in(credentials_of(
            &stack.newbie_username,
            &stack.newbie_password,
        )))
        .await,
        "NotAuthorizedException",
    );
}

const REVOKE_TOKEN: &str = "AWSCognitoIdentityProviderService.RevokeToken";
const GLOBAL_SIGN_OUT: &str = "AWSCognitoIdentityProviderService.GlobalSignOut";

/// Signs out, expecting the promise to resolve (the stack revokes the
/// refresh token), and checks that the local state is gone.
async fn sign_out(client: &JsCognitoClient, options: JsValue) {
    if let Err(e) = resolve(client.sign_out(options)).await {
        panic!("signOut failed: {}", describe(&e));
    }
    assert!(!client.is_signed_in());
    assert!(client.current_user().is_null());
}

/// REFRESH_TOKEN_AUTH with `refresh_token` for the public client, sent
/// directly: `(status, __type, message)` of the reply.
async fn refresh_directly(stack: &Stack, refresh_token: &str) -> (u16, String, String) {
    let body = Value::object([
        ("ClientId", Value::from(stack.client_id.as_str())),
        ("AuthFlow", Value::from("REFRESH_TOKEN_AUTH")),
        (
            "AuthParameters",
            Value::string_map([("REFRESH_TOKEN", refresh_token)]),
        ),
    ]);
    let reply = BrowserPlatform
        .send(HttpRequest {
            method: "POST".to_owned(),
            url: format!("{}/", stack.endpoint),
            headers: vec![
                (
                    "Content-Type".to_owned(),
                    "application/x-amz-json-1.1".to_owned(),
                ),
                ("X-Amz-Target".to_owned(), INITIATE_AUTH.to_owned()),
            ],
            body: body.to_string().into_bytes(),
        })
        .await
        .unwrap_or_else(|e| panic!("InitiateAuth: {e}"));
    let v = cognito_wasm::wire::json::parse(reply.text().expect("UTF-8")).expect("JSON reply");
    let field = |k: &str| v.get_str(k).unwrap_or_default().to_owned();
    (reply.status, field("__type"), field("message"))
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage")
}

/// Every `(key, value)` in sessionStorage.
fn stored_entries() -> Vec<(String, String)> {
    let storage = session_storage();
    let length = storage.length().unwrap_or(0);
    (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|k| storage.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect()
}

#[wasm_bindgen_test]
async fn expired_tokens_are_refreshed_from_the_stored_session() {
    let stack = stack();
    session_storage().clear().expect("clear");
    let options = || {
        client_options(
            &stack,
            &stack.client_id,
            vec![("storage", Value::from("session"))],
        )
    };
    let first = JsCognitoClient::new(options()).expect("client");
    sign_in_demo(&stack, &first).await;
    let credentials = resolve(first.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    let secret = get_str(&credentials, "secretAccessKey");
    let session_token = get_str(&credentials, "sessionToken");

    let entries = stored_entries();
    assert!(
        entries.iter().any(|(k, _)| k.ends_with(".identityIds")),
        "{entries:?}"
    );
    for (key, value) in &entries {
        assert!(
            !value.contains(&stack.demo_password),
            "the password is never stored"
        );
        // The user's credentials are kept under their own key only.
        let shared = key.ends_with(".credentials");
        assert_eq!(value.contains(&secret), shared, "{key}");
        assert_eq!(value.contains(&session_token), shared, "{key}");
    }
    let (tokens_key, tokens_json) = entries
        .iter()
        .find(|(k, _)| k.ends_with(".tokens"))
        .cloned()
        .expect("tokens stored");

    // Make the stored tokens expired, as after an hour away.
    let mut stored = cognito_wasm::wire::json::parse(&tokens_json).expect("stored JSON");
    let now = Date::now();
    if let Value::Object(pairs) = &mut stored {
        for (key, value) in pairs.iter_mut() {
            match key.as_str() {
                "expiresAt" => *value = Value::Number(now - 60_000.0),
                "obtainedAt" => *value = Value::Number(now - 3_660_000.0),
                _ => {}
            }
        }
    }
    session_storage()
        .set_item(&tokens_key, &stored.to_string())
        .expect("write");

    let restored = JsCognitoClient::new(options()).expect("client");
    assert!(restored.is_signed_in(), "the session is restored");
    reset_counts(&stack).await;
    let tokens = resolve(restored.get_tokens(JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    let expires: Date = get(&tokens, "expiresAt").dyn_into().expect("Date");
    assert!(expires.get_time() > now + 60_000.0, "fresh tokens");
    let c = counts(&stack).await;
    assert_eq!(
        (c.of(INITIATE_AUTH), c.total()),
        (1, 1),
        "one REFRESH_TOKEN_AUTH: {c:?}"
    );

    // The user's credentials were stored: no request for the same user.
    let again = resolve(restored.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    assert_eq!(
        get_str(&again, "identityId"),
        get_str(&credentials, "identityId")
    );
    assert_eq!(get_str(&again, "secretAccessKey"), secret);
    let c = counts(&stack).await;
    assert_eq!((c.of(GET_ID), c.of(GET_CREDENTIALS)), (0, 0), "{c:?}");

    // The refresh token that just worked is revoked by the sign-out.
    let refresh_token = cognito_wasm::wire::json::parse(&tokens_json)
        .ok()
        .and_then(|v| v.get_str("refreshToken").map(str::to_owned))
        .expect("a stored refresh token");
    sign_out(&restored, JsValue::UNDEFINED).await;
    assert!(
        stored_entries()
            .iter()
            .all(|(k, _)| !k.starts_with("cognito-wasm.")),
        "sign-out clears the stored session"
    );
    assert_eq!(
        refresh_directly(&stack, &refresh_token).await,
        (
            400,
            "NotAuthorizedException".to_owned(),
            "Refresh Token has been revoked".to_owned()
        ),
        "the old refresh token no longer works"
    );
    session_storage().clear().expect("clear");
}

/// The stored tokens with `expiresAt` moved into the past.
fn expired(tokens_json: &str) -> String {
    let mut stored = cognito_wasm::wire::json::parse(tokens_json).expect("stored JSON");
    let now = Date::now();
    if let Value::Object(pairs) = &mut stored {
        for (key, value) in pairs.iter_mut() {
            match key.as_str() {
                "expiresAt" => *value = Value::Number(now - 60_000.0),
                "obtainedAt" => *value = Value::Number(now - 3_660_000.0),
                _ => {}
            }
        }
    }
    stored.to_string()
}

/// A client restored from session storage whose tokens are expired and
/// whose refresh token was revoked: the demo user signed in, signed out
/// (which revokes the refresh token), and the stored copy put back, expired.
async fn restored_with_revoked_refresh(stack: &Stack) -> JsCognitoClient {
    session_storage().clear().expect("clear");
    let options = || {
        client_options(
            stack,
            &stack.client_id,
            vec![("storage", Value::from("session"))],
        )
    };
    let first = JsCognitoClient::new(options()).expect("client");
    sign_in_demo(stack, &first).await;
    let (tokens_key, tokens_json) = stored_entries()
        .into_iter()
        .find(|(k, _)| k.ends_with(".tokens"))
        .expect("tokens stored");
    sign_out(&first, JsValue::UNDEFINED).await;
    session_storage()
        .set_item(&tokens_key, &expired(&tokens_json))
        .expect("write");
    JsCognitoClient::new(options()).expect("client")
}

#[wasm_bindgen_test]
async fn a_revoked_refresh_token_rejects_and_never_gives_guest_credentials() {
    let stack = stack();
    let restored = restored_with_revoked_refresh(&stack).await;
    assert!(restored.is_signed_in());
    reset_counts(&stack).await;
    assert_rejected(
        resolve(restored.get_credentials(JsValue::UNDEFINED)).await,
        "NotAuthorizedException",
    );
    assert!(!restored.is_signed_in(), "the session ended");
    assert!(
        stored_entries().is_empty(),
        "and its stored tokens are gone"
    );
    // The provider an AWS SDK client holds rejects too, every time.
    let provider: Function = restored.credential_provider().dyn_into().expect("fn");
    for _ in 0..2 {
        let promise: Promise = provider
            .call0(&JsValue::NULL)
            .expect("call")
            .dyn_into()
            .expect("promise");
        assert_rejected(resolve(promise).await, "NotAuthorizedException");
    }
    let c = counts(&stack).await;
    assert_eq!(
        (c.of(INITIATE_AUTH), c.of(GET_ID), c.total()),
        (1, 0, 1),
        "one refused refresh, no guest GetId: {c:?}"
    );
    session_storage().clear().expect("clear");
}

#[wasm_bindgen_test]
async fn sign_out_and_a_new_sign_in_leave_no_signing_secrets() {
    use cognito_wasm::js::sign::{forget_session_token, sign_request};
    let stack = stack();
    let client = new_client(&stack, true);
    let signer = || cognito_wasm::js::shared();
    for end in ["signOut", "signIn"] {
        sign_in_demo(&stack, &client).await;
        let credentials = resolve(client.get_credentials(JsValue::UNDEFINED))
            .await
            .expect("credentials");
        let options = js_sys::Object::new();
        for (key, value) in [
            ("credentials", credentials),
            ("region", JsValue::from_str(&stack.region)),
            ("service", JsValue::from_str("s3")),
        ] {
            js_sys::Reflect::set(&options, &JsValue::from_str(key), &value).expect("set");
        }
        let request = js(&Value::string_map([(
            "url",
            format!("{}/{}", stack.endpoint, stack.bucket).as_str(),
        )]));
        sign_request(request, options.into()).expect("signed");
        assert!(signer().signer.cached_keys() > 0);
        if end == "signOut" {
            sign_out(&client, JsValue::UNDEFINED).await;
        } else {
            sign_in_demo(&stack, &client).await;
        }
        assert_eq!(signer().signer.cached_keys(), 0, "{end}: keys dropped");
        assert!(!forget_session_token(), "{end}: no session token kept");
    }
}

/// Listens to every session event of `client`: what was seen (with the
/// credentials' identity id or the error's name), and the unsubscribe
/// functions by event name.
/// What `listen` saw, and the unsubscribe functions by event name.
type Listening = (Rc<RefCell<Vec<String>>>, Vec<(&'static str, Function)>);

fn listen(client: &JsCognitoClient) -> Listening {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let mut unsubscribe = Vec::new();
    for name in [
        "signedIn",
        "signedOut",
        "tokensRefreshed",
        "credentialsRefreshed",
        "sessionExpired",
        "refreshFailed",
    ] {
        let sink = Rc::clone(&seen);
        let listener = Closure::<dyn Fn(JsValue)>::new(move |argument: JsValue| {
            let detail = match name {
                "credentialsRefreshed" => format!(":{}", get_str(&argument, "identityId")),
                "refreshFailed" => {
                    assert!(cognito_wasm::js::error::is_cognito_error(&argument));
                    format!(":{}", get_str(&argument, "name"))
                }
                _ => String::new(),
            };
            sink.borrow_mut().push(format!("{name}{detail}"));
        })
        .into_js_value();
        let off = client
            .on(JsValue::from_str(name), listener)
            .unwrap_or_else(|e| panic!("on({name}): {}", describe(&e)));
        unsubscribe.push((name, off.dyn_into().expect("a function")));
    }
    (seen, unsubscribe)
}

fn force() -> JsValue {
    js(&Value::object([("forceRefresh", Value::Bool(true))]))
}

#[wasm_bindgen_test]
async fn session_events_and_forced_refreshes() {
    let stack = stack();
    let client = new_client(&stack, true);
    let (seen, unsubscribe) = listen(&client);
    let take = || std::mem::take(&mut *seen.borrow_mut());
    sign_in_demo(&stack, &client).await;
    let credentials = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    let identity = get_str(&credentials, "identityId");
    assert_eq!(
        take(),
        [
            "signedIn".to_owned(),
            format!("credentialsRefreshed:{identity}")
        ]
    );
    let tokens = resolve(client.get_tokens(JsValue::UNDEFINED))
        .await
        .expect("tokens");
    reset_counts(&stack).await;
    let forced = resolve(client.get_tokens(force())).await.expect("tokens");
    assert_ne!(get_str(&forced, "idToken"), get_str(&tokens, "idToken"));
    resolve(client.get_credentials(force()))
        .await
        .expect("credentials");
    let c = counts(&stack).await;
    assert_eq!(
        (c.of(INITIATE_AUTH), c.of(GET_CREDENTIALS), c.total()),
        (1, 1, 2),
        "{c:?}"
    );
    assert_eq!(
        take(),
        [
            "tokensRefreshed".to_owned(),
            format!("credentialsRefreshed:{identity}")
        ]
    );
    // Wrong arguments throw CognitoErrors.
    let noop = Closure::<dyn Fn()>::new(|| ()).into_js_value();
    let e = client
        .on(JsValue::from_str("signedUp"), noop.clone())
        .unwrap_err();
    assert!(!assert_error(&e, "InvalidParameterException"));
    let e = client
        .on(JsValue::from_str("signedIn"), JsValue::from(1))
        .unwrap_err();
    assert!(!assert_error(&e, "InvalidParameterException"));
    assert_rejected(
        resolve(client.get_tokens(JsValue::from(1))).await,
        "InvalidParameterException",
    );
    // Unsubscribed: not told.
    let (_, off) = unsubscribe
        .iter()
        .find(|(n, _)| *n == "signedOut")
        .expect("off");
    off.call0(&JsValue::NULL).expect("unsubscribe");
    sign_out(&client, JsValue::UNDEFINED).await;
    assert!(take().is_empty());

    // A revoked refresh token: refreshFailed (with the error) then
    // sessionExpired.
    let restored = restored_with_revoked_refresh(&stack).await;
    let (seen, _unsubscribe) = listen(&restored);
    assert_rejected(
        resolve(restored.get_credentials(JsValue::UNDEFINED)).await,
        "NotAuthorizedException",
    );
    assert_eq!(
        *seen.borrow(),
        ["refreshFailed:NotAuthorizedException", "sessionExpired"]
    );
    session_storage().clear().expect("clear");
}

#[wasm_bindgen_test]
async fn concurrent_get_credentials_share_one_chain() {
    let stack = stack();
    let client = new_client(&stack, true);
    sign_in_demo(&stack, &client).await;
    reset_counts(&stack).await;
    let promises: Vec<Promise> = (0..3)
        .map(|_| client.get_credentials(JsValue::UNDEFINED))
        .collect();
    let mut keys = Vec::new();
    for p in promises {
        keys.push(get_str(
            &resolve(p).await.expect("credentials"),
            "accessKeyId",
        ));
    }
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    let c = counts(&stack).await;
    assert_eq!(
        (c.of(GET_ID), c.of(GET_CREDENTIALS), c.total()),
        (1, 1, 2),
        "{c:?}"
    );

    // The same for guests.
    let guest = new_client(&stack, true);
    reset_counts(&stack).await;
    let a = guest.get_credentials(JsValue::UNDEFINED);
    let b = guest.get_guest_credentials(JsValue::UNDEFINED);
    let a = resolve(a).await.expect("guest");
    let b = resolve(b).await.expect("guest");
    assert_eq!(get_str(&a, "accessKeyId"), get_str(&b, "accessKeyId"));
    assert_eq!(counts(&stack).await.total(), 2);
}

#[wasm_bindgen_test]
async fn provider_and_listener_hand_out_the_same_credentials() {
    let stack = stack();
    let client = new_client(&stack, true);
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let record = seen.clone();
    let listener = Closure::<dyn Fn(JsValue)>::new(move |c: JsValue| {
        record.borrow_mut().push(get_str(&c, "accessKeyId"));
    });
    client
        .on_credentials(listener.as_ref().clone())
        .expect("listener");
    sign_in_demo(&stack, &client).await;
    let provider: Function = client.credential_provider().dyn_into().expect("a function");
    let returned: Promise = provider
        .call0(&JsValue::UNDEFINED)
        .expect("called")
        .dyn_into()
        .expect("a promise");
    let from_provider = resolve(returned).await.expect("credentials");
    let key = check_credentials(&from_provider);
    assert_eq!(
        *seen.borrow(),
        vec![key.clone()],
        "the listener saw them once"
    );
    let again = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    assert_eq!(get_str(&again, "accessKeyId"), key);
    assert_eq!(seen.borrow().len(), 1, "cached credentials are not new");

    // The AWS SDK asks the provider for new credentials with
    // `{ forceRefresh: true }`: one GetCredentialsForIdentity, new keys.
    reset_counts(&stack).await;
    let force = js_sys::Object::new();
    js_sys::Reflect::set(&force, &"forceRefresh".into(), &JsValue::TRUE).expect("set");
    let forced: Promise = provider
        .call1(&JsValue::UNDEFINED, &force)
        .expect("called")
        .dyn_into()
        .expect("a promise");
    let forced = resolve(forced).await.expect("new credentials");
    assert_ne!(get_str(&forced, "accessKeyId"), key, "new keys");
    let c = counts(&stack).await;
    assert_eq!((c.of(GET_CREDENTIALS), c.total()), (1, 1), "{c:?}");
    assert_eq!(seen.borrow().len(), 2, "the listener saw the new ones");

    // A caller's signal reaches the call: an aborted one rejects at once.
    let aborted = Function::new_no_args(
        "const s = AbortSignal.abort(); return { signal: s, forceRefresh: true };",
    )
    .call0(&JsValue::UNDEFINED)
    .expect("options");
    reset_counts(&stack).await;
    let result: Promise = provider
        .call1(&JsValue::UNDEFINED, &aborted)
        .expect("called")
        .dyn_into()
        .expect("a promise");
    assert_rejected(resolve(result).await, "AbortError");
    assert_eq!(counts(&stack).await.total(), 0, "no request");
    let kept = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    assert_eq!(
        get_str(&kept, "accessKeyId"),
        get_str(&forced, "accessKeyId")
    );
    client.on_credentials(JsValue::NULL).expect("removed");
    drop(listener);
}

#[wasm_bindgen_test]
async fn sign_out_clears_state() {
    let stack = stack();
    let client = new_client(&stack, false);
    sign_in_demo(&stack, &client).await;
    let user = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    let user_identity = get_str(&user, "identityId");
    reset_counts(&stack).await;
    sign_out(&client, JsValue::UNDEFINED).await;
    let c = counts(&stack).await;
    assert_eq!(
        (c.of(REVOKE_TOKEN), c.total()),
        (1, 1),
        "one RevokeToken: {c:?}"
    );
    assert_rejected(
        resolve(client.get_tokens(JsValue::UNDEFINED)).await,
        "NotSignedIn",
    );
    // Never a silent drop to the guest role: guest credentials are asked for.
    assert_rejected(
        resolve(client.get_credentials(JsValue::UNDEFINED)).await,
        "NotSignedIn",
    );
    let guest = resolve(client.get_guest_credentials(JsValue::UNDEFINED))
        .await
        .expect("guest credentials");
    assert_ne!(get_str(&guest, "identityId"), user_identity, "now a guest");
    assert_ne!(
        get_str(&guest, "accessKeyId"),
        get_str(&user, "accessKeyId")
    );

    // A global sign-out ends the session too, without a RevokeToken.
    sign_in_demo(&stack, &client).await;
    reset_counts(&stack).await;
    sign_out(&client, js(&Value::object([("global", Value::Bool(true))]))).await;
    let c = counts(&stack).await;
    assert_eq!(
        (c.of(GLOBAL_SIGN_OUT), c.of(REVOKE_TOKEN), c.total()),
        (1, 0, 1),
        "{c:?}"
    );
}

#[wasm_bindgen_test]
async fn two_clients_side_by_side() {
    let stack = stack();
    let public = new_client(&stack, false);
    let confidential = JsCognitoClient::new(client_options(
        &stack,
        &stack.client_id_with_secret,
        vec![
            ("clientSecret", Value::from(stack.client_secret.as_str())),
            ("authFlow", Value::from("USER_PASSWORD_AUTH")),
        ],
    ))
    .expect("client with a secret");
    sign_in_demo(&stack, &public).await;
    sign_in_demo(&stack, &confidential).await;
    let client_of =
        |c: &JsCognitoClient| get_str(&get(&c.current_user(), "accessTokenClaims"), "client_id");
    assert_eq!(client_of(&public), stack.client_id);
    assert_eq!(client_of(&confidential), stack.client_id_with_secret);
    let kept = resolve(confidential.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    resolve(public.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");

    sign_out(&public, JsValue::UNDEFINED).await;
    assert!(
        confidential.is_signed_in(),
        "the other client keeps its session"
    );
    reset_counts(&stack).await;
    let again = resolve(confidential.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    assert_eq!(
        get_str(&again, "accessKeyId"),
        get_str(&kept, "accessKeyId")
    );
    resolve(confidential.get_tokens(JsValue::UNDEFINED))
        .await
        .expect("tokens");
    assert_eq!(counts(&stack).await.total(), 0, "nothing to fetch again");
}

/// The browser platform, recording every request body.
#[derive(Clone, Default)]
struct Recording {
    bodies: Rc<RefCell<Vec<Vec<u8>>>>,
}

impl Platform for Recording {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        self.bodies.borrow_mut().push(request.body.clone());
        BrowserPlatform.send(request).await
    }

    fn now_ms(&self) -> f64 {
        BrowserPlatform.now_ms()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        BrowserPlatform.random_bytes(buf)
    }

    async fn sleep(&self, ms: u32) {
        BrowserPlatform.sleep(ms).await
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[wasm_bindgen_test]
async fn srp_request_bodies_never_contain_the_password() {
    let stack = stack();
    let password = stack.demo_password.as_bytes();
    for flow in [AuthFlow::UserSrpAuth, AuthFlow::UserPasswordAuth] {
        let mut config = Config::new(stack.user_pool_id.as_str(), stack.client_id.as_str());
        config.identity_pool_id = Some(stack.identity_pool_id.clone());
        config.cognito_idp_endpoint = Some(stack.endpoint.clone());
        config.cognito_identity_endpoint = Some(stack.endpoint.clone());
        config.auth_flow = flow;
        let platform = Recording::default();
        let client = CognitoClient::new(config, platform.clone(), None).expect("client");
        let result = client
            .sign_in(&stack.demo_username, &stack.demo_password)
            .await
            .expect("sign-in");
        assert_eq!(result, SignInResult::SignedIn);
        client.get_credentials().await.expect("credentials");
        let bodies = platform.bodies.borrow();
        let with_password = bodies.iter().filter(|b| contains(b, password)).count();
        match flow {
            AuthFlow::UserSrpAuth => {
                assert_eq!(bodies.len(), 4);
                assert_eq!(with_password, 0, "SRP never sends the password");
            }
            // The recorder does see a password when one is sent.
            AuthFlow::UserPasswordAuth => assert_eq!(with_password, 1),
        }
    }
}
