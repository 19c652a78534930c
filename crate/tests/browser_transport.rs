//! Browser tests of the transport: one clock offset per page, learned from
//! the stack and used by every signer; cancellation (`signal`) and
//! timeouts (`timeoutMs`) of network calls, which leave the session as it
//! was. Against the local stack's clock (`/_stack/clock`) and delayed
//! endpoint (`/_stack/delay/<ms>/`). Run by `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::js::sign::sign_request;
use cognito_wasm::wire::http::HttpRequest;
use cognito_wasm::wire::json::Value;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An object every test may read (the public folder).
const README: &str = "public/readme.txt";

/// Moves the stack's clock `seconds` from the machine's.
async fn set_stack_clock(stack: &Stack, seconds: i64) {
    let reply = BrowserPlatform
        .send(HttpRequest {
            method: "POST".into(),
            url: format!("{}/_stack/clock", stack.endpoint),
            // No header: a request the page sends without a preflight.
            headers: vec![],
            body: format!("{{\"offsetSeconds\": {seconds}}}").into_bytes(),
        })
        .await
        .expect("the stack's clock");
    assert_eq!(reply.status, 200, "{:?}", reply.text());
}

/// A password-flow client whose Cognito endpoints answer after `delay_ms`,
/// with `extra` options.
fn delayed_client(stack: &Stack, delay_ms: u32, extra: Vec<(&str, Value)>) -> JsCognitoClient {
    let slow = format!("{}/_stack/delay/{delay_ms}/", stack.endpoint);
    let mut options = vec![
        ("authFlow", Value::from("USER_PASSWORD_AUTH")),
        (
            "endpoints",
            Value::string_map([
                ("cognitoIdp", slow.as_str()),
                ("cognitoIdentity", slow.as_str()),
            ]),
        ),
    ];
    options.extend(extra);
    JsCognitoClient::new(client_options(stack, &stack.client_id, options)).expect("client")
}

fn new_abort_controller() -> JsValue {
    let class: Function = Reflect::get(&js_sys::global(), &"AbortController".into())
        .expect("AbortController")
        .dyn_into()
        .expect("a class");
    Reflect::construct(&class, &Array::new()).expect("a controller")
}

fn abort(controller: &JsValue) {
    let abort: Function = Reflect::get(controller, &"abort".into())
        .expect("abort")
        .dyn_into()
        .expect("a function");
    abort.call0(controller).expect("aborted");
}

/// `{ signal }` of `controller`, with `pairs` added.
fn with_signal(controller: &JsValue, pairs: &[(&str, JsValue)]) -> JsValue {
    let options = Object::new();
    let signal = Reflect::get(controller, &"signal".into()).expect("signal");
    Reflect::set(&options, &"signal".into(), &signal).expect("set");
    for (key, value) in pairs {
        Reflect::set(&options, &(*key).into(), value).expect("set");
    }
    options.into()
}

/// A GET of `url` with `headers`, through the browser's fetch: the status.
async fn status_of_get(url: &str, headers: Vec<(String, String)>) -> u16 {
    BrowserPlatform
        .send(HttpRequest {
            method: "GET".into(),
            url: url.to_owned(),
            headers,
            body: Vec::new(),
        })
        .await
        .expect("a reply")
        .status
}

/// Signs a wrong password in with a fresh client: the reply (refused) is
/// enough to teach the page the stack's clock.
async fn learn_the_stack_clock(stack: &Stack) {
    let client = new_client(stack, true);
    let result =
        resolve(client.sign_in(credentials_of(&stack.demo_username, "Wrong-passw0rd!"))).await;
    assert_rejected(result, "NotAuthorizedException");
}

#[wasm_bindgen_test]
async fn one_clock_offset_for_every_client_and_signer() {
    let stack = stack();
    set_stack_clock(&stack, 0).await;
    let credentials = user_credentials(&stack).await;
    // The stack's clock is 20 minutes ahead of the page's: a URL signed
    // with the page's own time would be expired (900 s) on arrival, and a
    // signed header past the 15-minute skew.
    set_stack_clock(&stack, 1200).await;
    learn_the_stack_clock(&stack).await;

    let object_url = format!("{}/{}/{README}", stack.endpoint, stack.bucket);
    let request = Object::new();
    Reflect::set(&request, &"url".into(), &object_url.as_str().into()).expect("set");
    let sign_options = Object::new();
    for (key, value) in [
        ("credentials", credentials.clone()),
        ("region", stack.region.as_str().into()),
        ("service", "s3".into()),
    ] {
        Reflect::set(&sign_options, &key.into(), &value).expect("set");
    }
    let signed = sign_request(request.into(), sign_options.into()).expect("signed");
    let headers_object = get(&signed, "headers");
    let headers = Object::entries(headers_object.unchecked_ref())
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            )
        })
        .collect();
    let signed_status = status_of_get(&get_str(&signed, "url"), headers).await;

    // Back in time, and the page learns it back, before any assertion.
    set_stack_clock(&stack, 0).await;
    learn_the_stack_clock(&stack).await;
    assert_eq!(signed_status, 200, "signRequest used the page's offset");
}

#[wasm_bindgen_test]
async fn an_aborted_signal_sends_nothing() {
    let stack = stack();
    let client = new_client(&stack, true);
    sign_in_demo(&stack, &client).await;
    let controller = new_abort_controller();
    abort(&controller);
    reset_counts(&stack).await;
    let e = assert_rejected(
        resolve(client.get_credentials(with_signal(&controller, &[]))).await,
        "AbortError",
    );
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));
    let sign_in = with_signal(
        &controller,
        &[
            ("username", stack.demo_username.as_str().into()),
            ("password", stack.demo_password.as_str().into()),
        ],
    );
    assert_rejected(resolve(client.sign_in(sign_in)).await, "AbortError");
    assert_eq!(counts(&stack).await.total(), 0, "nothing was sent");
    // A signal that is not one is refused.
    let bad = js(&Value::object(vec![("signal", Value::from("abort"))]));
    assert_rejected(
        resolve(client.get_credentials(bad)).await,
        "InvalidParameterException",
    );
    assert!(client.is_signed_in());
    resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage")
}

/// Signs the demo user in with `storage: 'session'` and makes the stored
/// tokens expired; returns the storage key and the stored JSON.
async fn stored_expired_session(stack: &Stack) -> (String, String) {
    session_storage().clear().expect("clear");
    let options = client_options(
        stack,
        &stack.client_id,
        vec![
            ("storage", Value::from("session")),
            ("authFlow", Value::from("USER_PASSWORD_AUTH")),
        ],
    );
    let client = JsCognitoClient::new(options).expect("client");
    sign_in_demo(stack, &client).await;
    let storage = session_storage();
    let key = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .find(|k| k.ends_with(".tokens"))
        .expect("tokens stored");
    let text = storage.get_item(&key).ok().flatten().expect("stored");
    let mut stored = cognito_wasm::wire::json::parse(&text).expect("JSON");
    let now = js_sys::Date::now();
    if let Value::Object(pairs) = &mut stored {
        for (name, value) in pairs.iter_mut() {
            match name.as_str() {
                "expiresAt" => *value = Value::Number(now - 60_000.0),
                "obtainedAt" => *value = Value::Number(now - 3_660_000.0),
                _ => {}
            }
        }
    }
    let expired = stored.to_string();
    storage.set_item(&key, &expired).expect("write");
    (key, expired)
}

#[wasm_bindgen_test]
async fn a_timed_out_or_aborted_refresh_leaves_the_session() {
    let stack = stack();
    let (key, expired) = stored_expired_session(&stack).await;
    let stored = || session_storage().get_item(&key).ok().flatten();
    let session = || vec![("storage", Value::from("session"))];

    // Timeout: each attempt of the refresh gives up after 300 ms (the
    // endpoint answers after 3 s); the retries end with TimeoutError.
    let mut options = session();
    options.push(("timeoutMs", Value::from(300.0)));
    let hasty = delayed_client(&stack, 3000, options);
    assert!(hasty.is_signed_in());
    let started = js_sys::Date::now();
    let e = assert_rejected(
        resolve(hasty.get_tokens(JsValue::UNDEFINED)).await,
        "TimeoutError",
    );
    assert_eq!(get(&e, "retryable").as_bool(), Some(true));
    let waited = js_sys::Date::now() - started;
    assert!(waited < 3000.0, "did not wait for the reply: {waited} ms");
    assert!(
        hasty.is_signed_in(),
        "a timed-out refresh keeps the session"
    );
    assert_eq!(stored().as_deref(), Some(expired.as_str()));

    // Abort during the refresh: rejected at once, session as it was.
    let client = delayed_client(&stack, 1500, session());
    let controller = new_abort_controller();
    let pending = client.get_tokens(with_signal(&controller, &[]));
    BrowserPlatform.sleep(300).await;
    let started = js_sys::Date::now();
    abort(&controller);
    let e = assert_rejected(resolve(pending).await, "AbortError");
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));
    assert!(js_sys::Date::now() - started < 500.0, "rejected at once");
    assert!(
        client.is_signed_in(),
        "an aborted refresh keeps the session"
    );
    assert_eq!(stored().as_deref(), Some(expired.as_str()));

    // The session still refreshes.
    let tokens = resolve(client.get_tokens(JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    let expires: js_sys::Date = get(&tokens, "expiresAt").dyn_into().expect("Date");
    assert!(expires.get_time() > js_sys::Date::now() + 60_000.0);
    assert_ne!(stored().as_deref(), Some(expired.as_str()));

    // A bad timeoutMs is a configuration error.
    let bad = client_options(
        &stack,
        &stack.client_id,
        vec![("timeoutMs", Value::from(0.0))],
    );
    let e = JsCognitoClient::new(bad).err().expect("refused");
    assert_error(&e, "InvalidConfig");
}
