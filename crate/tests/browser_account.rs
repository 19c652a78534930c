//! Browser tests of sign-up through the exported JS API against the local
//! stack: `signUp` (public client and client with a secret),
//! `UsernameExistsException`, input refused before any request, and
//! `confirmSignUp` followed by `signIn`. Run by `scripts/test-browser`.
//!
//! Every test signs up its own user (the stack's state persists between
//! the tests of a run), named after the test and the time.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::wire::json::{self, Value};
use js_sys::Date;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "Signup-passw0rd!";

/// A user name no other test (or earlier run) has used.
fn new_username(prefix: &str) -> String {
    format!("{prefix}-{}", Date::now() as u64)
}

/// `signUp` options for `username` with an email.
fn sign_up_options(username: &str, password: &str) -> JsValue {
    js(&Value::object([
        ("username", Value::from(username)),
        ("password", Value::from(password)),
        (
            "attributes",
            Value::string_map([("email", format!("{username}@example.com"))]),
        ),
    ]))
}

/// The newest sign-up confirmation code the stack "delivered" to
/// `username`, read from its outbox (`GET /_stack/outbox?username=…`).
async fn confirmation_code(stack: &Stack, username: &str) -> String {
    let reply = send(
        "GET",
        &format!("{}/_stack/outbox?username={username}", stack.endpoint),
        vec![],
    )
    .await;
    assert_eq!(reply.status, 200, "outbox");
    let messages = json::parse(reply.text().expect("UTF-8")).expect("outbox JSON");
    let messages = messages.as_array().expect("outbox list");
    messages
        .iter()
        .rev()
        .find(|m| m.get_str("purpose") == Some("sign-up"))
        .and_then(|m| m.get_str("code"))
        .unwrap_or_else(|| panic!("no sign-up code for {username} in the outbox"))
        .to_owned()
}

/// Signs `username` up on `client`, asserting the result's shape.
async fn sign_up(client: &JsCognitoClient, username: &str) {
    let result = resolve(client.sign_up(sign_up_options(username, PASSWORD)))
        .await
        .unwrap_or_else(|e| panic!("signUp failed: {}", describe(&e)));
    assert_eq!(get(&result, "userConfirmed").as_bool(), Some(false));
    assert!(!get_str(&result, "userSub").is_empty());
    let delivery = get(&result, "codeDelivery");
    if !delivery.is_undefined() {
        assert!(!get_str(&delivery, "deliveryMedium").is_empty());
    }
}

#[wasm_bindgen_test]
async fn sign_up_registers_an_unconfirmed_user() {
    let stack = stack();
    let client = new_client(&stack, false);
    reset_counts(&stack).await;
    sign_up(&client, &new_username("signup")).await;
    let c = counts(&stack).await;
    assert_eq!(
        (c.of("AWSCognitoIdentityProviderService.SignUp"), c.total()),
        (1, 1),
        "{c:?}"
    );
    assert!(!client.is_signed_in(), "signing up does not sign in");
}

#[wasm_bindgen_test]
async fn sign_up_with_a_client_secret() {
    let stack = stack();
    let client = JsCognitoClient::new(client_options(
        &stack,
        &stack.client_id_with_secret,
        vec![("clientSecret", Value::from(stack.client_secret.as_str()))],
    ))
    .unwrap_or_else(|e| panic!("client options refused: {}", describe(&e)));
    sign_up(&client, &new_username("secret")).await;
}

#[wasm_bindgen_test]
async fn an_existing_username_is_refused_by_name() {
    let stack = stack();
    let client = new_client(&stack, false);
    let error = assert_rejected(
        resolve(client.sign_up(sign_up_options(&stack.demo_username, PASSWORD))).await,
        "UsernameExistsException",
    );
    assert!(!describe(&error).contains(PASSWORD));
    // Twice the same new user: the second is refused too.
    let username = new_username("twice");
    sign_up(&client, &username).await;
    assert_rejected(
        resolve(client.sign_up(sign_up_options(&username, PASSWORD))).await,
        "UsernameExistsException",
    );
}

#[wasm_bindgen_test]
async fn plainly_wrong_input_is_refused_before_any_request() {
    let stack = stack();
    let client = new_client(&stack, false);
    reset_counts(&stack).await;
    for options in [
        sign_up_options("", PASSWORD),
        sign_up_options("two words", PASSWORD),
        sign_up_options("someone", ""),
        js(&Value::string_map([("username", "someone")])),
        JsValue::from_str("someone"),
    ] {
        let error = assert_rejected(
            resolve(client.sign_up(options)).await,
            "InvalidParameterException",
        );
        assert!(!describe(&error).contains(PASSWORD));
    }
    assert_rejected(
        resolve(client.confirm_sign_up(js(&Value::string_map([
            ("username", "someone"),
            ("code", ""),
        ]))))
        .await,
        "InvalidParameterException",
    );
    assert_rejected(
        resolve(client.resend_sign_up_code(js(&Value::string_map([("username", "")])))).await,
        "InvalidParameterException",
    );
    assert_eq!(counts(&stack).await.total(), 0, "no request was sent");
}

#[wasm_bindgen_test]
async fn confirm_sign_up_then_sign_in() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = new_username("confirm");
    sign_up(&client, &username).await;
    let code = confirmation_code(&stack, &username).await;
    // Not yet confirmed: sign-in is refused; a wrong code is refused.
    assert_rejected(
        resolve(client.sign_in(credentials_of(&username, PASSWORD))).await,
        "UserNotConfirmedException",
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_rejected(
        resolve(client.confirm_sign_up(js(&Value::string_map([
            ("username", username.as_str()),
            ("code", wrong),
        ]))))
        .await,
        "CodeMismatchException",
    );
    let confirmed = resolve(client.confirm_sign_up(js(&Value::string_map([
        ("username", username.as_str()),
        ("code", code.as_str()),
    ]))))
    .await
    .unwrap_or_else(|e| panic!("confirmSignUp failed: {}", describe(&e)));
    assert!(confirmed.is_undefined());
    let result = resolve(client.sign_in(credentials_of(&username, PASSWORD)))
        .await
        .unwrap_or_else(|e| panic!("sign-in after confirmation failed: {}", describe(&e)));
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    assert_eq!(get_str(&client.current_user(), "username"), username);
}
