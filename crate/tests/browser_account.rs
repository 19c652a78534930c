//! Browser tests of the account calls through the exported JS API against
//! the local stack: `signUp` (public client and client with a secret),
//! `UsernameExistsException`, input refused before any request,
//! `confirmSignUp` followed by `signIn`; codes that die after repeated
//! failures; password reset and change; the profile (attributes, their
//! verification, deletion); `deleteUser` leaving nothing in storage. Run by
//! `scripts/test-browser`.
//!
//! Every test signs up its own user (the stack's state persists between
//! the tests of a run), named after the test and the time.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::wire::json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "Signup-passw0rd!";

/// The newest sign-up confirmation code the stack "delivered" to
/// `username`, read from its outbox (`GET /_stack/outbox?username=…`).
async fn confirmation_code(stack: &Stack, username: &str) -> String {
    outbox_code(stack, username, "sign-up").await
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

/// `{ username, code }`, with `extra` fields.
fn username_code(username: &str, code: &str, extra: &[(&str, &str)]) -> JsValue {
    let mut pairs = vec![("username", username), ("code", code)];
    pairs.extend_from_slice(extra);
    js(&Value::string_map(pairs))
}

/// A code that is not `code`.
fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// Signs a new user up with [`PASSWORD`] and confirms it; returns its name.
async fn confirmed_user_here(stack: &Stack, client: &JsCognitoClient, prefix: &str) -> String {
    confirmed_user(stack, client, prefix, PASSWORD).await
}

/// Signs `username` in with `password`, asserting success.
async fn sign_in_as(client: &JsCognitoClient, username: &str, password: &str) {
    let result = resolve(client.sign_in(credentials_of(username, password)))
        .await
        .unwrap_or_else(|e| panic!("sign-in of {username} failed: {}", describe(&e)));
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
}

#[wasm_bindgen_test]
async fn codes_die_after_repeated_failures() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = new_username("limit");
    sign_up(&client, &username).await;
    let delivery = ok(
        "resendSignUpCode",
        client.resend_sign_up_code(js(&Value::string_map([("username", username.as_str())]))),
    )
    .await;
    assert_eq!(
        get_str(&get(&delivery, "codeDelivery"), "deliveryMedium"),
        "EMAIL"
    );
    let code = confirmation_code(&stack, &username).await;
    for _ in 0..5 {
        assert_rejected(
            resolve(client.confirm_sign_up(username_code(&username, wrong(&code), &[]))).await,
            "CodeMismatchException",
        );
    }
    // The right code no longer works either.
    let error = assert_rejected(
        resolve(client.confirm_sign_up(username_code(&username, &code, &[]))).await,
        "LimitExceededException",
    );
    assert!(!describe(&error).contains(&code));
}

#[wasm_bindgen_test]
async fn a_forgotten_password_is_reset_with_the_code() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = confirmed_user_here(&stack, &client, "reset").await;
    let user = js(&Value::string_map([("username", username.as_str())]));
    let sent = ok("forgotPassword", client.forgot_password(user.clone())).await;
    assert_eq!(
        get_str(&get(&sent, "codeDelivery"), "deliveryMedium"),
        "EMAIL"
    );
    let code = outbox_code(&stack, &username, "forgot-password").await;
    const NEW: &str = "Reset-passw0rd!";
    // The pool's policy, then the code.
    assert_rejected(
        resolve(client.confirm_forgot_password(username_code(
            &username,
            &code,
            &[("newPassword", "weak")],
        )))
        .await,
        "InvalidPasswordException",
    );
    assert_rejected(
        resolve(client.confirm_forgot_password(username_code(
            &username,
            wrong(&code),
            &[("newPassword", NEW)],
        )))
        .await,
        "CodeMismatchException",
    );
    let done = ok(
        "confirmForgotPassword",
        client.confirm_forgot_password(username_code(&username, &code, &[("newPassword", NEW)])),
    )
    .await;
    assert!(done.is_undefined());
    // A code serves once.
    assert_rejected(
        resolve(client.confirm_forgot_password(username_code(
            &username,
            &code,
            &[("newPassword", "Other-passw0rd!")],
        )))
        .await,
        "ExpiredCodeException",
    );
    assert_rejected(
        resolve(client.sign_in(credentials_of(&username, PASSWORD))).await,
        "NotAuthorizedException",
    );
    sign_in_as(&client, &username, NEW).await;
    // An unconfirmed user cannot sign in.
    let unconfirmed = new_username("unconfirmed");
    sign_up(&client, &unconfirmed).await;
    assert_rejected(
        resolve(client.sign_in(credentials_of(&unconfirmed, PASSWORD))).await,
        "UserNotConfirmedException",
    );
}

#[wasm_bindgen_test]
async fn the_signed_in_user_changes_the_password() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = confirmed_user_here(&stack, &client, "change").await;
    let change = |old: &str, new: &str| {
        client.change_password(js(&Value::string_map([
            ("oldPassword", old),
            ("newPassword", new),
        ])))
    };
    // Signed out: refused before any request.
    reset_counts(&stack).await;
    assert_rejected(
        resolve(change(PASSWORD, "Changed-passw0rd!")).await,
        "NotSignedIn",
    );
    assert_eq!(counts(&stack).await.total(), 0);
    sign_in_as(&client, &username, PASSWORD).await;
    assert_rejected(
        resolve(change(PASSWORD, "weak")).await,
        "InvalidPasswordException",
    );
    assert_rejected(
        resolve(change("Not-the-passw0rd!", "Changed-passw0rd!")).await,
        "NotAuthorizedException",
    );
    ok("changePassword", change(PASSWORD, "Changed-passw0rd!")).await;
    let other = new_client(&stack, false);
    sign_in_as(&other, &username, "Changed-passw0rd!").await;
}

#[wasm_bindgen_test]
async fn the_profile_is_read_edited_and_verified() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = confirmed_user_here(&stack, &client, "profile").await;
    sign_in_as(&client, &username, PASSWORD).await;
    let attributes = ok("getUserAttributes", client.get_user_attributes()).await;
    assert_eq!(
        get_str(&attributes, "email"),
        format!("{username}@example.com")
    );
    assert!(!get_str(&attributes, "sub").is_empty());
    let new_email = format!("new-{username}@example.com");
    let updated = ok(
        "updateUserAttributes",
        client.update_user_attributes(js(&Value::string_map([
            ("name", "Carol"),
            ("email", new_email.as_str()),
        ]))),
    )
    .await;
    let unverified: Vec<String> = js_sys::Array::from(&get(&updated, "unverifiedAttributes"))
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(unverified, ["email"]);
    let deliveries = js_sys::Array::from(&get(&updated, "codeDeliveries"));
    assert_eq!(get_str(&deliveries.get(0), "attributeName"), "email");
    let first = outbox_code(&stack, &username, "verify-email").await;
    let email = JsValue::from_str("email");
    assert_rejected(
        resolve(client.verify_attribute(email.clone(), JsValue::from_str(wrong(&first)))).await,
        "CodeMismatchException",
    );
    // A new code replaces the first.
    let sent = ok(
        "sendAttributeVerificationCode",
        client.send_attribute_verification_code(email.clone()),
    )
    .await;
    assert_eq!(
        get_str(&get(&sent, "codeDelivery"), "attributeName"),
        "email"
    );
    let code = outbox_code(&stack, &username, "verify-email").await;
    ok(
        "verifyAttribute",
        client.verify_attribute(email.clone(), JsValue::from_str(&code)),
    )
    .await;
    let attributes = ok("getUserAttributes", client.get_user_attributes()).await;
    assert_eq!(get_str(&attributes, "email"), new_email);
    assert_eq!(get_str(&attributes, "email_verified"), "true");
    assert_eq!(get_str(&attributes, "name"), "Carol");
    let names = js_sys::Array::of1(&JsValue::from_str("name"));
    ok(
        "deleteUserAttributes",
        client.delete_user_attributes(names.into()),
    )
    .await;
    let attributes = ok("getUserAttributes", client.get_user_attributes()).await;
    assert!(get(&attributes, "name").is_undefined());
    // Plainly wrong arguments: refused before any request.
    reset_counts(&stack).await;
    for promise in [
        client.update_user_attributes(js(&Value::object::<&str>([]))),
        client.update_user_attributes(JsValue::from_str("email")),
        client.send_attribute_verification_code(JsValue::UNDEFINED),
        client.verify_attribute(email.clone(), JsValue::from_str("")),
        client.delete_user_attributes(JsValue::from_str("name")),
        client.delete_user_attributes(js_sys::Array::new().into()),
    ] {
        assert_rejected(resolve(promise).await, "InvalidParameterException");
    }
    assert_eq!(counts(&stack).await.total(), 0, "no request was sent");
}

#[wasm_bindgen_test]
async fn delete_user_leaves_nothing_in_storage() {
    let stack = stack();
    let options = |client_id: &str| {
        client_options(&stack, client_id, vec![("storage", Value::from("local"))])
    };
    let client = JsCognitoClient::new(options(&stack.client_id)).expect("client");
    let username = confirmed_user_here(&stack, &client, "delete").await;
    sign_in_as(&client, &username, PASSWORD).await;
    let storage = web_sys_storage();
    let prefix = format!("cognito-wasm.{}.{}", stack.user_pool_id, stack.client_id);
    let stored = || -> Vec<String> {
        (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(&prefix))
            .collect()
    };
    assert!(!stored().is_empty(), "the session is stored");
    ok("deleteUser", client.delete_user()).await;
    assert!(!client.is_signed_in());
    assert_eq!(stored(), Vec::<String>::new());
    // A client made now finds no session; the user is gone.
    let fresh = JsCognitoClient::new(options(&stack.client_id)).expect("client");
    assert!(!fresh.is_signed_in());
    assert_rejected(
        resolve(fresh.sign_in(credentials_of(&username, PASSWORD))).await,
        "UserNotFoundException",
    );
    assert_rejected(resolve(client.delete_user()).await, "NotSignedIn");
}

/// The page's `localStorage`.
fn web_sys_storage() -> LocalStorage {
    LocalStorage(
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage"))
            .expect("localStorage"),
    )
}

/// The few `Storage` calls the test needs, through `Reflect`.
struct LocalStorage(JsValue);

impl LocalStorage {
    fn length(&self) -> Option<u32> {
        js_sys::Reflect::get(&self.0, &JsValue::from_str("length"))
            .ok()?
            .as_f64()
            .map(|n| n as u32)
    }

    fn key(&self, i: u32) -> Result<Option<String>, JsValue> {
        let key: js_sys::Function =
            js_sys::Reflect::get(&self.0, &JsValue::from_str("key"))?.into();
        Ok(key.call1(&self.0, &JsValue::from(i))?.as_string())
    }
}

#[wasm_bindgen_test]
async fn confirm_sign_up_signs_in_with_its_session() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = new_username("session");
    sign_up(&client, &username).await;
    let code = confirmation_code(&stack, &username).await;
    reset_counts(&stack).await;
    let result = ok(
        "confirmSignUp",
        client.confirm_sign_up(js(&Value::object([
            ("username", Value::from(username.as_str())),
            ("code", Value::from(code.as_str())),
            ("signIn", Value::Bool(true)),
        ]))),
    )
    .await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    assert_eq!(get_str(&client.current_user(), "username"), username);
    let c = counts(&stack).await;
    assert_eq!(
        (
            c.of("AWSCognitoIdentityProviderService.ConfirmSignUp"),
            c.of("AWSCognitoIdentityProviderService.InitiateAuth"),
            c.total()
        ),
        (1, 1, 2),
        "no password round: {c:?}"
    );
}
