//! Sign-up, confirmation and new codes: the request shapes of
//! `cognito::sign_up`, the flows of `CognitoClient` against the scripted
//! server (sign-up → refused sign-in → confirmation → sign-in), SECRET_HASH,
//! input refused before any request, retries and redaction.

mod client_common;

use client_common::*;
use cognito_wasm::client::SignInResult;
use cognito_wasm::cognito::account::CodeDelivery;
use cognito_wasm::cognito::sign_up::{self, SignUp};
use cognito_wasm::config::{Config, ValidConfig};
use cognito_wasm::wire::http::HttpRequest;
use serde_json::{json, Value};

/// The SECRET_HASH known value (docs/architecture.md, "SECRET_HASH"): username `test`, client id
/// `123abd`, secret `clientSecret`.
const KNOWN_SECRET_HASH: &str = "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=";

const PASSWORD: &str = "Carol-passw0rd!";

fn known_config(secret: bool) -> ValidConfig {
    Config {
        client_secret: secret.then(|| "clientSecret".to_owned()),
        ..Config::new("eu-west-1_xRwxzdsSL", "123abd")
    }
    .validate()
    .unwrap()
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).expect("JSON body")
}

fn target(r: &HttpRequest) -> &str {
    &r.headers
        .iter()
        .find(|(k, _)| k == "X-Amz-Target")
        .expect("X-Amz-Target")
        .1
}

fn carol() -> SignUp {
    SignUp {
        username: "carol".into(),
        password: PASSWORD.into(),
        attributes: vec![("email".into(), "carol@example.com".into())],
        ..SignUp::default()
    }
}

// ----- request shapes ----------------------------------------------------

#[test]
fn sign_up_request() {
    let input = SignUp {
        username: "test".into(),
        password: "pa\"ss\\word".into(),
        attributes: vec![
            ("email".into(), "t@example.com".into()),
            ("name".into(), "Test".into()),
        ],
        validation_data: vec![("invite".into(), "x1".into())],
        client_metadata: vec![("source".into(), "web".into())],
    };
    let r = sign_up::sign_up(&known_config(false), &input).unwrap();
    assert_eq!(
        (r.method.as_str(), r.url.as_str()),
        ("POST", "https://cognito-idp.eu-west-1.amazonaws.com/")
    );
    assert_eq!(target(&r), "AWSCognitoIdentityProviderService.SignUp");
    assert_eq!(
        body(&r),
        json!({"ClientId": "123abd", "Username": "test", "Password": "pa\"ss\\word",
               "UserAttributes": [{"Name": "email", "Value": "t@example.com"},
                                  {"Name": "name", "Value": "Test"}],
               "ValidationData": [{"Name": "invite", "Value": "x1"}],
               "ClientMetadata": {"source": "web"}})
    );
    // Optional lists are left out when empty; SecretHash with a secret.
    let minimal = SignUp {
        username: "test".into(),
        password: "pw".into(),
        ..SignUp::default()
    };
    let r = sign_up::sign_up(&known_config(true), &minimal).unwrap();
    assert_eq!(
        body(&r),
        json!({"ClientId": "123abd", "Username": "test", "SecretHash": KNOWN_SECRET_HASH,
               "Password": "pw"})
    );
}

#[test]
fn confirm_and_resend_requests() {
    let r = sign_up::confirm_sign_up(&known_config(false), "test", "123456").unwrap();
    assert_eq!(
        target(&r),
        "AWSCognitoIdentityProviderService.ConfirmSignUp"
    );
    assert_eq!(
        body(&r),
        json!({"ClientId": "123abd", "Username": "test", "ConfirmationCode": "123456"})
    );
    let r = sign_up::confirm_sign_up(&known_config(true), "test", "123456").unwrap();
    assert_eq!(body(&r)["SecretHash"], KNOWN_SECRET_HASH);
    let r = sign_up::resend_confirmation_code(&known_config(false), "test").unwrap();
    assert_eq!(
        target(&r),
        "AWSCognitoIdentityProviderService.ResendConfirmationCode"
    );
    assert_eq!(body(&r), json!({"ClientId": "123abd", "Username": "test"}));
    let r = sign_up::resend_confirmation_code(&known_config(true), "test").unwrap();
    assert_eq!(body(&r)["SecretHash"], KNOWN_SECRET_HASH);
}

// ----- flows against the scripted server ----------------------------------

#[test]
fn sign_up_then_confirm_then_sign_in() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let result = run(c.sign_up(&carol())).unwrap();
    assert!(!result.user_confirmed);
    assert_eq!(result.user_sub, "sub-carol");
    assert_eq!(
        result.code_delivery,
        Some(CodeDelivery {
            destination: Some("c***@e***".into()),
            delivery_medium: Some("EMAIL".into()),
            attribute_name: Some("email".into()),
        })
    );
    assert!(!c.is_signed_in(), "sign-up does not sign in");
    // Not confirmed yet: the pool refuses the sign-in by name.
    let e = run(c.sign_in("carol", PASSWORD)).unwrap_err();
    assert_eq!(e.name(), "UserNotConfirmedException");
    let code = p.last_code("carol").expect("a code was sent");
    run(c.confirm_sign_up("carol", &code)).unwrap();
    assert!(!p.is_unconfirmed("carol"));
    assert_eq!(
        run(c.sign_in("carol", PASSWORD)).unwrap(),
        SignInResult::SignedIn
    );
    assert_eq!(c.current_user().unwrap().sub, "sub-carol");
    assert_eq!(
        p.ops(),
        [
            "SignUp",
            "InitiateAuth",
            "ConfirmSignUp",
            "InitiateAuth",
            "RespondToAuthChallenge"
        ]
    );
    // Confirming twice: the pool's refusal comes through.
    let e = run(c.confirm_sign_up("carol", &code)).unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
}

#[test]
fn a_new_code_replaces_the_old_one() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    run(c.sign_up(&carol())).unwrap();
    let first = p.last_code("carol").unwrap();
    let delivery = run(c.resend_sign_up_code("carol")).unwrap().unwrap();
    assert_eq!(delivery.delivery_medium.as_deref(), Some("EMAIL"));
    let second = p.last_code("carol").unwrap();
    assert_ne!(first, second);
    let e = run(c.confirm_sign_up("carol", &first)).unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    assert!(!e.message.contains(&first), "{}", e.message);
    run(c.confirm_sign_up("carol", &second)).unwrap();
    // A confirmed user gets no new code.
    let e = run(c.resend_sign_up_code("carol")).unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
    assert_eq!(p.count(), 5);
}

#[test]
fn secret_hash_on_every_call_when_the_client_has_a_secret() {
    let p = FakePlatform::new();
    p.server.borrow_mut().client_secret = Some("s3cr3t".into());
    let c = client(
        Config {
            client_secret: Some("s3cr3t".into()),
            ..config()
        },
        &p,
        None,
    );
    run(c.sign_up(&carol())).unwrap();
    run(c.resend_sign_up_code("carol")).unwrap();
    run(c.confirm_sign_up("carol", &p.last_code("carol").unwrap())).unwrap();
    assert_eq!(
        run(c.sign_in("carol", PASSWORD)).unwrap(),
        SignInResult::SignedIn
    );
    let hash = cognito_wasm::crypto::secret_hash::secret_hash("s3cr3t", "carol", CLIENT);
    for logged in &p.log()[..3] {
        assert_eq!(logged.body["SecretHash"], hash.as_str(), "{}", logged.op);
    }
    // Without the secret the pool refuses (the server checks the hash).
    let plain = client(config(), &p, None);
    let e = run(plain.sign_up(&SignUp {
        username: "dave".into(),
        ..carol()
    }))
    .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
}

// ----- errors --------------------------------------------------------------

#[test]
fn the_pools_refusals_come_by_name() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let e = run(c.sign_up(&SignUp {
        username: "alice".into(),
        ..carol()
    }))
    .unwrap_err();
    assert_eq!(e.name(), "UsernameExistsException");
    assert!(!e.retryable);
    let e = run(c.sign_up(&SignUp {
        password: "weakpassword".into(),
        ..carol()
    }))
    .unwrap_err();
    assert_eq!(e.name(), "InvalidPasswordException");
    let e = run(c.confirm_sign_up("nobody", "123456")).unwrap_err();
    assert_eq!(e.name(), "UserNotFoundException");
    let e = run(c.resend_sign_up_code("nobody")).unwrap_err();
    assert_eq!(e.name(), "UserNotFoundException");
}

#[test]
fn plainly_wrong_input_is_refused_before_any_request() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let cases = [
        SignUp {
            username: String::new(),
            ..carol()
        },
        SignUp {
            username: "carol smith".into(),
            ..carol()
        },
        SignUp {
            password: String::new(),
            ..carol()
        },
        SignUp {
            attributes: vec![(String::new(), "x".into())],
            ..carol()
        },
        SignUp {
            validation_data: vec![("bad name".into(), "x".into())],
            ..carol()
        },
    ];
    for input in &cases {
        let e = run(c.sign_up(input)).unwrap_err();
        assert_eq!(e.name(), "InvalidParameterException", "{input:?}");
        assert!(!e.message.contains(PASSWORD), "{}", e.message);
    }
    for (username, code) in [
        ("", "123456"),
        ("carol", ""),
        ("carol", "12 34"),
        ("a b", "1"),
    ] {
        let e = run(c.confirm_sign_up(username, code)).unwrap_err();
        assert_eq!(e.name(), "InvalidParameterException");
    }
    let e = run(c.resend_sign_up_code("")).unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
    assert_eq!(p.count(), 0, "no request was sent");
}

#[test]
fn echoed_passwords_and_codes_are_redacted() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    p.fail_next(
        "SignUp",
        Failure::aws(
            400,
            "InvalidPasswordException",
            &format!("bad password {PASSWORD}"),
        ),
    );
    let e = run(c.sign_up(&carol())).unwrap_err();
    assert_eq!(e.message, "bad password <redacted>");
    p.fail_next(
        "ConfirmSignUp",
        Failure::aws(400, "CodeMismatchException", "code 987654 is wrong"),
    );
    let e = run(c.confirm_sign_up("carol", "987654")).unwrap_err();
    assert_eq!(e.message, "code <redacted> is wrong");
}

#[test]
fn sign_up_is_repeated_only_when_throttled() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    // A network failure: the user may exist by now, so no second SignUp.
    p.fail_next("SignUp", Failure::Network);
    let e = run(c.sign_up(&carol())).unwrap_err();
    assert_eq!(e.name(), "NetworkError");
    assert!(e.message.starts_with("SignUp: "), "{}", e.message);
    assert_eq!(p.count(), 1);
    // Throttled: refused before processing, so repeated.
    p.fail_next(
        "SignUp",
        Failure::aws(400, "TooManyRequestsException", "Rate exceeded"),
    );
    run(c.sign_up(&carol())).unwrap();
    assert_eq!(p.ops(), ["SignUp", "SignUp", "SignUp"]);
    assert_eq!(p.sleeps.borrow().len(), 1);
}
