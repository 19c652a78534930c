//! Shared helpers of the browser tests: the local stack's description
//! (STACK_JSON, read at compile time), its request counter, option objects
//! and promise/JS-object helpers.
#![allow(dead_code)]

use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::js::error::is_cognito_error;
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::wire::json::{self, Value};
use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The local stack, as `tests/stack/serve` described it.
pub struct Stack {
    pub endpoint: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub client_id_with_secret: String,
    pub client_secret: String,
    pub identity_pool_id: String,
    pub bucket: String,
    pub demo_username: String,
    pub demo_password: String,
    pub newbie_username: String,
    pub newbie_password: String,
    /// The demo user's identity id: their own folder is `private/<id>/`.
    pub demo_identity_id: String,
}

/// The stack of this test run (panics with a hint when STACK_JSON was not
/// set at build time).
pub fn stack() -> Stack {
    let Some(text) = option_env!("STACK_JSON") else {
        panic!("build the browser tests with STACK_JSON set to the local stack's JSON line");
    };
    let v = json::parse(text).expect("STACK_JSON is not JSON");
    let s = |path: &[&str]| -> String {
        let mut at = &v;
        for key in path {
            at = at
                .get(key)
                .unwrap_or_else(|| panic!("STACK_JSON has no {path:?}"));
        }
        at.as_str()
            .unwrap_or_else(|| panic!("STACK_JSON {path:?} is not a string"))
            .to_owned()
    };
    Stack {
        endpoint: s(&["endpoint"]),
        region: s(&["region"]),
        user_pool_id: s(&["userPoolId"]),
        client_id: s(&["clientId"]),
        client_id_with_secret: s(&["clientIdWithSecret"]),
        client_secret: s(&["clientSecret"]),
        identity_pool_id: s(&["identityPoolId"]),
        bucket: s(&["bucket"]),
        demo_username: s(&["users", "demo", "username"]),
        demo_password: s(&["users", "demo", "password"]),
        demo_identity_id: s(&["identityIds", "demo"]),
        newbie_username: s(&["users", "newPassword", "username"]),
        newbie_password: s(&["users", "newPassword", "password"]),
    }
}

/// A JS value from JSON text.
pub fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("valid JSON")
}

/// Options of `new CognitoClient` for the stack's pools and `client_id`,
/// plus `extra` fields.
pub fn client_options(stack: &Stack, client_id: &str, extra: Vec<(&str, Value)>) -> JsValue {
    let mut pairs = vec![
        ("userPoolId", Value::from(stack.user_pool_id.as_str())),
        ("clientId", Value::from(client_id)),
        (
            "identityPoolId",
            Value::from(stack.identity_pool_id.as_str()),
        ),
        (
            "endpoints",
            Value::string_map([
                ("cognitoIdp", stack.endpoint.as_str()),
                ("cognitoIdentity", stack.endpoint.as_str()),
            ]),
        ),
    ];
    pairs.extend(extra);
    js(&Value::object(pairs))
}

/// A client for the public app client; `password_flow` selects
/// USER_PASSWORD_AUTH instead of SRP.
pub fn new_client(stack: &Stack, password_flow: bool) -> JsCognitoClient {
    let extra = if password_flow {
        vec![("authFlow", Value::from("USER_PASSWORD_AUTH"))]
    } else {
        vec![]
    };
    JsCognitoClient::new(client_options(stack, &stack.client_id, extra))
        .unwrap_or_else(|e| panic!("client options refused: {}", describe(&e)))
}

/// `{ username, password }`.
pub fn credentials_of(username: &str, password: &str) -> JsValue {
    js(&Value::string_map([
        ("username", username),
        ("password", password),
    ]))
}

/// Signs the demo user in (asserting success).
pub async fn sign_in_demo(stack: &Stack, client: &JsCognitoClient) {
    let result =
        resolve(client.sign_in(credentials_of(&stack.demo_username, &stack.demo_password)))
            .await
            .unwrap_or_else(|e| panic!("demo sign-in failed: {}", describe(&e)));
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
}

/// The signed-in demo user's credentials object (password flow).
pub async fn user_credentials(stack: &Stack) -> JsValue {
    let client = new_client(stack, true);
    sign_in_demo(stack, &client).await;
    resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("getCredentials failed: {}", describe(&e)))
}

/// Awaits a promise.
pub async fn resolve(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// A property of a JS object.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A string property (panics when it is not a string).
pub fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

/// `name: message` of an error, for assertion messages.
pub fn describe(error: &JsValue) -> String {
    format!(
        "{}: {}",
        get(error, "name").as_string().unwrap_or_default(),
        get(error, "message").as_string().unwrap_or_default()
    )
}

/// Asserts that `error` is a JS `CognitoError` (an `Error`) named `name`
/// with a boolean `retryable`; returns `retryable`.
pub fn assert_error(error: &JsValue, name: &str) -> bool {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    assert!(
        is_cognito_error(error),
        "not a CognitoError: {}",
        describe(error)
    );
    assert_eq!(
        get(error, "name").as_string().as_deref(),
        Some(name),
        "{}",
        describe(error)
    );
    assert!(get(error, "message").as_string().is_some());
    get(error, "retryable")
        .as_bool()
        .expect("retryable is a boolean")
}

/// Asserts that `result` is a rejection with a `CognitoError` named `name`.
pub fn assert_rejected(result: Result<JsValue, JsValue>, name: &str) -> JsValue {
    match result {
        Ok(v) => panic!("expected {name}, got a value: {v:?}"),
        Err(e) => {
            assert_error(&e, name);
            e
        }
    }
}

/// Sends a request to the stack through the browser platform.
pub async fn send(method: &str, url: &str, headers: Vec<(String, String)>) -> HttpResponse {
    BrowserPlatform
        .send(HttpRequest {
            method: method.to_owned(),
            url: url.to_owned(),
            headers,
            body: Vec::new(),
        })
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"))
}

/// Zeroes the stack's request counter.
pub async fn reset_counts(stack: &Stack) {
    let reply = send(
        "POST",
        &format!("{}/_stack/requests/reset", stack.endpoint),
        vec![],
    )
    .await;
    assert_eq!(reply.status, 200, "counter reset failed");
}

/// Requests counted since the last reset: `(counts by key, total)`.
pub async fn counts(stack: &Stack) -> Counts {
    let reply = send(
        "GET",
        &format!("{}/_stack/requests", stack.endpoint),
        vec![],
    )
    .await;
    assert_eq!(reply.status, 200);
    let v = json::parse(reply.text().expect("UTF-8")).expect("counter JSON");
    Counts(v)
}

/// The stack's request counts.
pub struct Counts(pub Value);

impl Counts {
    /// Requests with this X-Amz-Target (`AWSCognitoIdentityService.GetId`)
    /// or `S3 <METHOD>`.
    pub fn of(&self, key: &str) -> u32 {
        self.0
            .get("counts")
            .and_then(|c| c.get_f64(key))
            .unwrap_or(0.0) as u32
    }

    /// Every counted request.
    pub fn total(&self) -> u32 {
        self.0.get_f64("total").unwrap_or(-1.0) as u32
    }
}

impl std::fmt::Debug for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

pub const INITIATE_AUTH: &str = "AWSCognitoIdentityProviderService.InitiateAuth";
pub const RESPOND: &str = "AWSCognitoIdentityProviderService.RespondToAuthChallenge";
pub const GET_ID: &str = "AWSCognitoIdentityService.GetId";
pub const GET_CREDENTIALS: &str = "AWSCognitoIdentityService.GetCredentialsForIdentity";
pub const S3_GET: &str = "S3 GET";

/// Arms a stack fault (`POST /_stack/faults`): the next `count` calls of
/// `operation` answer as `fault` says, with the fault's `params` (`delayMs`,
/// `offsetSeconds`; tests/stack/README.md, "Faults").
pub async fn arm_fault(
    stack: &Stack,
    operation: &str,
    fault: &str,
    count: u32,
    params: &[(&str, Value)],
) {
    let mut pairs = vec![
        ("operation", Value::from(operation)),
        ("fault", Value::from(fault)),
        ("count", Value::Number(f64::from(count))),
    ];
    pairs.extend(params.iter().cloned());
    let spec = Value::object(pairs);
    let reply = BrowserPlatform
        .send(HttpRequest {
            method: "POST".to_owned(),
            url: format!("{}/_stack/faults", stack.endpoint),
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: spec.to_string().into_bytes(),
        })
        .await
        .unwrap_or_else(|e| panic!("arming {fault} on {operation}: {e}"));
    assert_eq!(reply.status, 200, "arming {fault}: {:?}", reply.text());
}

/// Disarms every stack fault.
pub async fn clear_faults(stack: &Stack) {
    let reply = send(
        "DELETE",
        &format!("{}/_stack/faults", stack.endpoint),
        vec![],
    )
    .await;
    assert_eq!(reply.status, 200, "clearing faults failed");
}

// ----- accounts: users signed up and codes read from the stack's outbox -----

/// A user name no other test (or earlier run) has used.
pub fn new_username(prefix: &str) -> String {
    format!("{prefix}-{}", js_sys::Date::now() as u64)
}

/// Awaits a call that must succeed.
pub async fn ok(what: &str, promise: Promise) -> JsValue {
    resolve(promise)
        .await
        .unwrap_or_else(|e| panic!("{what} failed: {}", describe(&e)))
}

/// `signUp` options for `username` with an email.
pub fn sign_up_options(username: &str, password: &str) -> JsValue {
    js(&Value::object([
        ("username", Value::from(username)),
        ("password", Value::from(password)),
        (
            "attributes",
            Value::string_map([("email", format!("{username}@example.com"))]),
        ),
    ]))
}

/// A message the stack "delivered" (its outbox, `GET /_stack/outbox`).
pub struct OutboxMessage {
    /// The code.
    pub code: String,
    /// `EMAIL` or `SMS`.
    pub medium: String,
    /// The address or phone number, unmasked.
    pub destination: String,
}

/// The newest message for `purpose` (`sign-up`, `forgot-password`,
/// `verify-email`, `mfa`, …) the stack delivered to `username`.
pub async fn outbox_message(stack: &Stack, username: &str, purpose: &str) -> OutboxMessage {
    let reply = send(
        "GET",
        &format!("{}/_stack/outbox?username={username}", stack.endpoint),
        vec![],
    )
    .await;
    assert_eq!(reply.status, 200, "outbox");
    let messages = json::parse(reply.text().expect("UTF-8")).expect("outbox JSON");
    let message = messages
        .as_array()
        .expect("outbox list")
        .iter()
        .rev()
        .find(|m| m.get_str("purpose") == Some(purpose))
        .unwrap_or_else(|| panic!("no {purpose} code for {username} in the outbox"));
    let field = |name: &str| message.get_str(name).unwrap_or_default().to_owned();
    OutboxMessage {
        code: field("code"),
        medium: field("medium"),
        destination: field("destination"),
    }
}

/// The newest code for `purpose` the stack delivered to `username`.
pub async fn outbox_code(stack: &Stack, username: &str, purpose: &str) -> String {
    outbox_message(stack, username, purpose).await.code
}

/// Signs a new user up on `client` (with an email) and confirms it with the
/// code from the outbox; returns its name.
pub async fn confirmed_user(
    stack: &Stack,
    client: &JsCognitoClient,
    prefix: &str,
    password: &str,
) -> String {
    let username = new_username(prefix);
    ok(
        "signUp",
        client.sign_up(sign_up_options(&username, password)),
    )
    .await;
    let code = outbox_code(stack, &username, "sign-up").await;
    ok(
        "confirmSignUp",
        client.confirm_sign_up(js(&Value::string_map([
            ("username", username.as_str()),
            ("code", code.as_str()),
        ]))),
    )
    .await;
    username
}
