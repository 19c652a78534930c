//! Browser tests of the MFA challenges whose code is delivered (SMS_MFA,
//! EMAIL_OTP) and of SELECT_MFA_TYPE, through the exported JS API against
//! the local stack, end to end: the factor enabled by the user, the
//! challenge reported by `signIn`'s `nextStep` with where the code went, a
//! wrong code refused with `CodeMismatchException`, the code read from the
//! stack's outbox accepted. Run by `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::wire::json::{self, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "Mfa-codes-passw0rd!";
const PHONE: &str = "+15555550199";

/// A code that is not `code` (same length, every digit changed).
fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + 1) % 10, 10).unwrap_or('0'),
            None => c,
        })
        .collect()
}

/// `{ code }`, the answer to an MFA challenge.
fn code_answer(code: &str) -> JsValue {
    js(&Value::string_map([("code", code)]))
}

/// A new confirmed user of the demo pool with a verified email and a phone
/// number, signed in on `client`; returns its name.
async fn user_with_phone(stack: &Stack, client: &JsCognitoClient, prefix: &str) -> String {
    let username = confirmed_user(stack, client, prefix, PASSWORD).await;
    ok(
        "signIn",
        client.sign_in(credentials_of(&username, PASSWORD)),
    )
    .await;
    ok(
        "updateUserAttributes",
        client.update_user_attributes(js(&Value::string_map([("phone_number", PHONE)]))),
    )
    .await;
    username
}

/// `setMfaPreference` with these `(type, setting)` pairs.
async fn prefer(client: &JsCognitoClient, settings: &[(&str, &str)]) {
    ok(
        "setMfaPreference",
        client.set_mfa_preference(js(&Value::string_map(settings.iter().copied()))),
    )
    .await;
}

/// Signs `username` in on a new client; the result must be a challenge.
async fn challenged(stack: &Stack, username: &str, password: &str) -> (JsCognitoClient, JsValue) {
    let client = new_client(stack, false);
    let result = ok("signIn", client.sign_in(credentials_of(username, password))).await;
    assert_eq!(
        get(&result, "signedIn").as_bool(),
        Some(false),
        "{username}"
    );
    (client, get(&result, "nextStep"))
}

/// Answers the pending code challenge: a wrong code is refused (the
/// challenge stays pending), then `code` signs the user in.
async fn answer_code(client: &JsCognitoClient, code: &str) {
    assert_rejected(
        resolve(client.respond_to_challenge(code_answer(&wrong(code)))).await,
        "CodeMismatchException",
    );
    let result = ok(
        "respondToChallenge",
        client.respond_to_challenge(code_answer(code)),
    )
    .await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(true));
    assert!(client.is_signed_in());
    ok("getTokens", client.get_tokens(JsValue::UNDEFINED)).await;
}

#[wasm_bindgen_test]
async fn an_sms_code_is_asked_for_and_checked() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = user_with_phone(&stack, &client, "sms").await;
    prefer(&client, &[("sms", "preferred")]).await;
    let got = ok("getMfaPreference", client.get_mfa_preference()).await;
    assert_eq!(get_str(&got, "sms"), "preferred");

    let (other, step) = challenged(&stack, &username, PASSWORD).await;
    assert_eq!(get_str(&step, "challenge"), "SMS_MFA");
    assert_eq!(get_str(&step, "codeDeliveryMedium"), "SMS");
    assert_eq!(get_str(&step, "codeDeliveryDestination"), "+*******0199");
    let sent = outbox_message(&stack, &username, "mfa").await;
    assert_eq!(
        (sent.medium.as_str(), sent.destination.as_str()),
        ("SMS", PHONE)
    );
    answer_code(&other, &sent.code).await;
}

#[wasm_bindgen_test]
async fn an_email_code_is_asked_for_by_the_pool_that_requires_mfa() {
    let stack = stack();
    let Some(text) = option_env!("STACK_JSON") else {
        panic!("build the browser tests with STACK_JSON set");
    };
    let line = json::parse(text).expect("STACK_JSON is not JSON");
    let pool = line.get("mfaPool").expect("STACK_JSON has mfaPool");
    let user = pool
        .get("users")
        .and_then(|u| u.get("emailMfa"))
        .expect("mfaPool.users.emailMfa");
    let username = user.get_str("username").expect("emailMfa.username");
    let password = user.get_str("password").expect("emailMfa.password");
    let options = client_options(
        &stack,
        pool.get_str("clientId").expect("mfaPool.clientId"),
        vec![(
            "userPoolId",
            Value::from(pool.get_str("userPoolId").expect("mfaPool.userPoolId")),
        )],
    );
    let client = JsCognitoClient::new(options)
        .unwrap_or_else(|e| panic!("client options refused: {}", describe(&e)));
    let result = ok("signIn", client.sign_in(credentials_of(username, password))).await;
    let step = get(&result, "nextStep");
    assert_eq!(get_str(&step, "challenge"), "EMAIL_OTP");
    assert_eq!(get_str(&step, "codeDeliveryMedium"), "EMAIL");
    let sent = outbox_message(&stack, username, "mfa").await;
    assert_eq!(sent.medium, "EMAIL");
    // Cognito's mask: the first letter of the name and of the domain.
    let (name, domain) = sent.destination.split_once('@').expect("an email address");
    assert_eq!(
        get_str(&step, "codeDeliveryDestination"),
        format!("{}***@{}***", &name[..1], &domain[..1])
    );
    answer_code(&client, &sent.code).await;
}

#[wasm_bindgen_test]
async fn select_mfa_type_lets_the_user_choose() {
    let stack = stack();
    let client = new_client(&stack, false);
    let username = user_with_phone(&stack, &client, "select").await;
    // Two factors, neither preferred: the next sign-in asks which one.
    prefer(&client, &[("sms", "enabled"), ("email", "enabled")]).await;

    let (other, step) = challenged(&stack, &username, PASSWORD).await;
    assert_eq!(get_str(&step, "challenge"), "SELECT_MFA_TYPE");
    let types: Vec<String> = js_sys::Array::from(&get(&step, "mfaTypes"))
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(types, ["SMS_MFA", "EMAIL_OTP"]);
    // A type that was not offered, or none, is refused.
    let choose = |t: &str| other.respond_to_challenge(js(&Value::string_map([("mfaType", t)])));
    assert_rejected(
        resolve(choose("SOFTWARE_TOKEN_MFA")).await,
        "InvalidParameterException",
    );
    assert_rejected(
        resolve(other.respond_to_challenge(js(&Value::object::<&str>([])))).await,
        "InvalidParameterException",
    );
    let result = ok("respondToChallenge", choose("EMAIL_OTP")).await;
    assert_eq!(get(&result, "signedIn").as_bool(), Some(false));
    let step = get(&result, "nextStep");
    assert_eq!(get_str(&step, "challenge"), "EMAIL_OTP");
    assert_eq!(get_str(&step, "codeDeliveryMedium"), "EMAIL");
    let sent = outbox_message(&stack, &username, "mfa").await;
    assert_eq!(sent.medium, "EMAIL");
    answer_code(&other, &sent.code).await;
}
