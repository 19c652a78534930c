//! The account calls as data (`cognito::account`): each request's shape
//! (target, body, AccessToken or SecretHash), the input refused before any
//! request, the reply parsers, the TOTP `otpauth://` URI, and the MFA_SETUP
//! requests of `cognito::challenge`.

use cognito_wasm::cognito::account::{
    totp_uri, AccountReply, AccountRequest, CodeDelivery, MfaPreference, MfaSetting, TotpSetup,
};
use cognito_wasm::cognito::challenge::{self, ChallengeAnswer, NextStep, PendingChallenge};
use cognito_wasm::config::{Config, ValidConfig};
use cognito_wasm::crypto::srp::DeviceVerifier;
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use serde_json::{json, Value};

/// SECRET_HASH of username `test`, client id `123abd`, secret
/// `clientSecret` (docs/architecture.md, "SECRET_HASH").
const KNOWN_SECRET_HASH: &str = "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=";
const POOL: &str = "eu-west-1_xRwxzdsSL";

fn config(secret: bool) -> ValidConfig {
    Config {
        client_secret: secret.then(|| "clientSecret".to_owned()),
        ..Config::new(POOL, "123abd")
    }
    .validate()
    .unwrap()
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).expect("JSON body")
}

fn target(r: &HttpRequest) -> String {
    r.headers
        .iter()
        .find(|(k, _)| k == "X-Amz-Target")
        .expect("X-Amz-Target")
        .1
        .trim_start_matches("AWSCognitoIdentityProviderService.")
        .to_owned()
}

fn reply(status: u16, text: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: text.as_bytes().to_vec(),
    }
}

fn parse(request: &AccountRequest, text: &str) -> AccountReply {
    request
        .parse(&reply(200, text), POOL, "carol")
        .unwrap_or_else(|e| panic!("{request:?}: {e:?}"))
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn calls_for_the_signed_in_user_carry_the_access_token() {
    use AccountRequest::*;
    let cases: Vec<(AccountRequest, &str, Value, bool)> = vec![
        (
            ChangePassword {
                old_password: "Old-passw0rd!".into(),
                new_password: "New-passw0rd!".into(),
            },
            "ChangePassword",
            json!({"PreviousPassword": "Old-passw0rd!", "ProposedPassword": "New-passw0rd!"}),
            false,
        ),
        (GetUserAttributes, "GetUser", json!({}), true),
        (GetMfaPreference, "GetUser", json!({}), true),
        (
            UpdateUserAttributes(pairs(&[("email", "c@example.com"), ("name", "Carol")])),
            "UpdateUserAttributes",
            json!({"UserAttributes": [{"Name": "email", "Value": "c@example.com"},
                                      {"Name": "name", "Value": "Carol"}]}),
            false,
        ),
        (
            SendAttributeVerificationCode("email".into()),
            "GetUserAttributeVerificationCode",
            json!({"AttributeName": "email"}),
            false,
        ),
        (
            VerifyAttribute {
                name: "email".into(),
                code: "123456".into(),
            },
            "VerifyUserAttribute",
            json!({"AttributeName": "email", "Code": "123456"}),
            false,
        ),
        (
            DeleteUserAttributes(vec!["name".into(), "custom:team".into()]),
            "DeleteUserAttributes",
            json!({"UserAttributeNames": ["name", "custom:team"]}),
            true,
        ),
        (DeleteUser, "DeleteUser", json!({}), false),
        (SetUpTotp, "AssociateSoftwareToken", json!({}), false),
        (
            VerifyTotpSetup {
                code: "012345".into(),
                friendly_name: Some("my phone".into()),
            },
            "VerifySoftwareToken",
            json!({"UserCode": "012345", "FriendlyDeviceName": "my phone"}),
            false,
        ),
        (
            VerifyTotpSetup {
                code: "012345".into(),
                friendly_name: None,
            },
            "VerifySoftwareToken",
            json!({"UserCode": "012345"}),
            false,
        ),
        (
            SetMfaPreference(MfaPreference {
                totp: Some(MfaSetting::Preferred),
                sms: None,
                email: Some(MfaSetting::Disabled),
            }),
            "SetUserMFAPreference",
            json!({"SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
                   "EmailMfaSettings": {"Enabled": false, "PreferredMfa": false}}),
            true,
        ),
        (
            SetMfaPreference(MfaPreference {
                sms: Some(MfaSetting::Enabled),
                ..MfaPreference::default()
            }),
            "SetUserMFAPreference",
            json!({"SMSMfaSettings": {"Enabled": true, "PreferredMfa": false}}),
            true,
        ),
        (ListDevices, "ListDevices", json!({"Limit": 60}), true),
        (
            RememberDevice("eu-west-1_0b1c".into()),
            "UpdateDeviceStatus",
            json!({"DeviceKey": "eu-west-1_0b1c", "DeviceRememberedStatus": "remembered"}),
            true,
        ),
        (
            ForgetDevice("eu-west-1_0b1c".into()),
            "ForgetDevice",
            json!({"DeviceKey": "eu-west-1_0b1c"}),
            false,
        ),
        (
            ConfirmDevice {
                device_key: "eu-west-1_0b1c".into(),
                verifier: DeviceVerifier {
                    password_verifier: "AQID".into(),
                    salt: "BAU=".into(),
                },
                name: Some("Laptop".into()),
            },
            "ConfirmDevice",
            json!({"DeviceKey": "eu-west-1_0b1c", "DeviceName": "Laptop",
                   "DeviceSecretVerifierConfig": {"PasswordVerifier": "AQID", "Salt": "BAU="}}),
            false,
        ),
    ];
    for (request, operation, mut fields, idempotent) in cases {
        assert!(request.needs_access_token(), "{request:?}");
        assert_eq!(request.idempotent(), idempotent, "{request:?}");
        // The client secret changes nothing: the token names the user.
        let r = request.build(&config(true), "acc.ess.tok").unwrap();
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("POST", "https://cognito-idp.eu-west-1.amazonaws.com/")
        );
        assert_eq!(target(&r), operation);
        assert_eq!(request.operation(), operation);
        fields["AccessToken"] = json!("acc.ess.tok");
        assert_eq!(body(&r), fields, "{operation}");
    }
}

#[test]
fn calls_naming_a_user_carry_the_secret_hash() {
    let forgot = AccountRequest::ForgotPassword {
        username: "test".into(),
    };
    assert!(!forgot.needs_access_token() && !forgot.idempotent());
    let r = forgot.build(&config(false), "").unwrap();
    assert_eq!(target(&r), "ForgotPassword");
    assert_eq!(body(&r), json!({"ClientId": "123abd", "Username": "test"}));
    let r = forgot.build(&config(true), "").unwrap();
    assert_eq!(
        body(&r),
        json!({"ClientId": "123abd", "Username": "test", "SecretHash": KNOWN_SECRET_HASH})
    );
    let confirm = AccountRequest::ConfirmForgotPassword {
        username: "test".into(),
        code: "654321".into(),
        new_password: "New-passw0rd!".into(),
    };
    assert!(!confirm.needs_access_token());
    let r = confirm.build(&config(true), "ignored").unwrap();
    assert_eq!(target(&r), "ConfirmForgotPassword");
    assert_eq!(
        body(&r),
        json!({"ClientId": "123abd", "Username": "test", "SecretHash": KNOWN_SECRET_HASH,
               "ConfirmationCode": "654321", "Password": "New-passw0rd!"})
    );
    // The sign-up family goes through the same requests.
    let r = AccountRequest::ResendSignUpCode {
        username: "test".into(),
    }
    .build(&config(true), "")
    .unwrap();
    assert_eq!(target(&r), "ResendConfirmationCode");
    assert_eq!(body(&r)["SecretHash"], KNOWN_SECRET_HASH);
}

#[test]
fn plainly_wrong_input_is_refused_naming_the_field() {
    use AccountRequest::*;
    let cases: Vec<(AccountRequest, &str)> = vec![
        (
            ForgotPassword {
                username: "".into(),
            },
            "username is empty",
        ),
        (
            ConfirmForgotPassword {
                username: "carol".into(),
                code: "12 34".into(),
                new_password: "New-passw0rd!".into(),
            },
            "code contains white space or control characters",
        ),
        (
            ConfirmForgotPassword {
                username: "carol".into(),
                code: "1234".into(),
                new_password: "".into(),
            },
            "newPassword is empty",
        ),
        (
            ChangePassword {
                old_password: "".into(),
                new_password: "New-passw0rd!".into(),
            },
            "oldPassword is empty",
        ),
        (
            ChangePassword {
                old_password: "Old-passw0rd!".into(),
                new_password: "New\npassw0rd!".into(),
            },
            "newPassword contains control characters",
        ),
        (UpdateUserAttributes(vec![]), "attributes is empty"),
        (
            UpdateUserAttributes(pairs(&[("bad name", "x")])),
            "attributes name contains white space or control characters",
        ),
        (SendAttributeVerificationCode("".into()), "name is empty"),
        (
            VerifyAttribute {
                name: "email".into(),
                code: "".into(),
            },
            "code is empty",
        ),
        (DeleteUserAttributes(vec![]), "names is empty"),
        (
            DeleteUserAttributes(vec!["name".into(), "".into()]),
            "names is empty",
        ),
        (
            VerifyTotpSetup {
                code: "12345".into(),
                friendly_name: None,
            },
            "code is not 6 digits",
        ),
        (
            VerifyTotpSetup {
                code: "12345a".into(),
                friendly_name: None,
            },
            "code is not 6 digits",
        ),
        (
            VerifyTotpSetup {
                code: "123456".into(),
                friendly_name: Some("".into()),
            },
            "friendlyName is empty",
        ),
        (
            SetMfaPreference(MfaPreference::default()),
            "setMfaPreference names no MFA type",
        ),
        (ForgetDevice("".into()), "deviceKey is empty"),
        (
            RememberDevice("a b".into()),
            "deviceKey contains white space or control characters",
        ),
        (
            ConfirmDevice {
                device_key: "eu-west-1_d".into(),
                verifier: DeviceVerifier {
                    password_verifier: "AQID".into(),
                    salt: "BAU=".into(),
                },
                name: Some("".into()),
            },
            "deviceName is empty",
        ),
    ];
    for (request, message) in cases {
        let e = request.check().unwrap_err();
        assert_eq!(
            (e.name(), e.message.as_str()),
            ("InvalidParameterException", message),
            "{request:?}"
        );
        assert_eq!(request.build(&config(false), "t").unwrap_err(), e);
    }
}

#[test]
fn debug_output_names_the_operation_only() {
    let request = AccountRequest::ConfirmForgotPassword {
        username: "carol".into(),
        code: "654321".into(),
        new_password: "New-passw0rd!".into(),
    };
    assert_eq!(format!("{request:?}"), "ConfirmForgotPassword");
    let setup = TotpSetup {
        secret_code: "JBSWY3DPEHPK3PXP".into(),
        uri: "otpauth://totp/x".into(),
    };
    assert!(!format!("{:?}", AccountReply::Totp(setup)).contains("JBSWY3DPEHPK3PXP"));
}

#[test]
fn the_totp_uri_names_the_pool_and_the_user() {
    assert_eq!(
        totp_uri(POOL, "carol", "JBSWY3DPEHPK3PXP"),
        "otpauth://totp/eu-west-1_xRwxzdsSL:carol?secret=JBSWY3DPEHPK3PXP&issuer=eu-west-1_xRwxzdsSL"
    );
    // Characters that would end the label or the query are encoded.
    assert_eq!(
        totp_uri("p:1", "c@x.com&y", "AB"),
        "otpauth://totp/p%3A1:c%40x.com%26y?secret=AB&issuer=p%3A1"
    );
    match parse(
        &AccountRequest::SetUpTotp,
        r#"{"SecretCode":"JBSWY3DPEHPK3PXP"}"#,
    ) {
        AccountReply::Totp(setup) => {
            assert_eq!(setup.secret_code, "JBSWY3DPEHPK3PXP");
            assert_eq!(setup.uri, totp_uri(POOL, "carol", "JBSWY3DPEHPK3PXP"));
        }
        other => panic!("{other:?}"),
    }
    let e = AccountRequest::SetUpTotp
        .parse(&reply(200, "{}"), POOL, "carol")
        .unwrap_err();
    assert_eq!(e.message, "AssociateSoftwareToken reply has no SecretCode");
}

#[test]
fn replies_are_parsed() {
    let get_user = r#"{"Username":"carol","UserAttributes":[
        {"Name":"sub","Value":"5e1f"},{"Name":"email","Value":"c@example.com"},{"Name":"odd"}],
        "PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","UserMFASettingList":["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]}"#;
    assert_eq!(
        parse(&AccountRequest::GetUserAttributes, get_user),
        AccountReply::Attributes(pairs(&[("sub", "5e1f"), ("email", "c@example.com")]))
    );
    assert_eq!(
        parse(&AccountRequest::GetMfaPreference, get_user),
        AccountReply::MfaPreference(MfaPreference {
            totp: Some(MfaSetting::Preferred),
            sms: Some(MfaSetting::Disabled),
            email: Some(MfaSetting::Enabled),
        })
    );
    assert_eq!(
        parse(&AccountRequest::GetMfaPreference, r#"{"Username":"c"}"#),
        AccountReply::MfaPreference(MfaPreference {
            totp: Some(MfaSetting::Disabled),
            sms: Some(MfaSetting::Disabled),
            email: Some(MfaSetting::Disabled),
        })
    );
    let update = AccountRequest::UpdateUserAttributes(pairs(&[("email", "d@example.com")]));
    assert_eq!(
        parse(
            &update,
            r#"{"CodeDeliveryDetailsList":[{"Destination":"d***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}]}"#
        ),
        AccountReply::CodeDeliveries(vec![CodeDelivery {
            destination: Some("d***@e***".into()),
            delivery_medium: Some("EMAIL".into()),
            attribute_name: Some("email".into()),
        }])
    );
    assert_eq!(parse(&update, "{}"), AccountReply::CodeDeliveries(vec![]));
    let forgot = AccountRequest::ForgotPassword {
        username: "carol".into(),
    };
    match parse(
        &forgot,
        r#"{"CodeDeliveryDetails":{"Destination":"c***@e***","DeliveryMedium":"EMAIL"}}"#,
    ) {
        AccountReply::CodeDelivery(Some(d)) => {
            assert_eq!(d.destination.as_deref(), Some("c***@e***"))
        }
        other => panic!("{other:?}"),
    }
    let confirm = AccountRequest::ConfirmDevice {
        device_key: "eu-west-1_d1".into(),
        verifier: DeviceVerifier {
            password_verifier: "AQID".into(),
            salt: "BAU=".into(),
        },
        name: None,
    };
    assert_eq!(
        parse(&confirm, r#"{"UserConfirmationNecessary":true}"#),
        AccountReply::DeviceConfirmed(true)
    );
    assert_eq!(parse(&confirm, "{}"), AccountReply::DeviceConfirmed(false));
    let devices = parse(
        &AccountRequest::ListDevices,
        r#"{"Devices":[{"DeviceKey":"eu-west-1_d1","DeviceAttributes":[
            {"Name":"device_name","Value":"Firefox"},{"Name":"dev:device_remembered_status","Value":"remembered"}],
            "DeviceCreateDate":1700000000,"DeviceLastAuthenticatedDate":1700000100.5},
            {"DeviceKey":"eu-west-1_d2"},{"NoKey":true}]}"#,
    );
    let AccountReply::Devices(list) = devices else {
        panic!("{devices:?}")
    };
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].key, "eu-west-1_d1");
    assert_eq!(list[0].name.as_deref(), Some("Firefox"));
    assert!(list[0].remembered && !list[1].remembered);
    assert_eq!(list[0].created_ms, Some(1_700_000_000_000.0));
    assert_eq!(list[0].last_authenticated_ms, Some(1_700_000_100_500.0));
    assert_eq!(list[1].name, None);
    assert_eq!(
        parse(&AccountRequest::DeleteUser, ""),
        AccountReply::Done,
        "an empty body is {{}}"
    );
    let verify = AccountRequest::VerifyTotpSetup {
        code: "123456".into(),
        friendly_name: None,
    };
    assert_eq!(
        parse(&verify, r#"{"Status":"SUCCESS"}"#),
        AccountReply::Done
    );
    let e = verify
        .parse(&reply(200, r#"{"Status":"ERROR"}"#), POOL, "carol")
        .unwrap_err();
    assert_eq!(e.name(), "EnableSoftwareTokenMFAException");
    // The service's errors by name.
    for name in [
        "CodeMismatchException",
        "ExpiredCodeException",
        "LimitExceededException",
        "InvalidPasswordException",
    ] {
        let e = forgot
            .parse(
                &reply(400, &format!(r#"{{"__type":"{name}","message":"no"}}"#)),
                POOL,
                "carol",
            )
            .unwrap_err();
        assert_eq!(e.name(), name);
    }
}

#[test]
fn mfa_setup_is_answered_after_the_app_is_verified() {
    let c = config(false);
    let r = challenge::associate_software_token(&c, "sess-1");
    assert_eq!(target(&r), "AssociateSoftwareToken");
    assert_eq!(body(&r), json!({"Session": "sess-1"}));
    let r = challenge::verify_software_token(&c, "sess-2", "123456");
    assert_eq!(target(&r), "VerifySoftwareToken");
    assert_eq!(body(&r), json!({"Session": "sess-2", "UserCode": "123456"}));
    assert_eq!(
        challenge::parse_setup_reply(
            &reply(200, r#"{"SecretCode":"ABC","Session":"sess-2"}"#),
            "AssociateSoftwareToken"
        )
        .unwrap(),
        (Some("ABC".to_owned()), "sess-2".to_owned())
    );
    let e = challenge::parse_setup_reply(
        &reply(200, r#"{"Status":"ERROR","Session":"s"}"#),
        "VerifySoftwareToken",
    )
    .unwrap_err();
    assert_eq!(e.name(), "EnableSoftwareTokenMFAException");
    let e = challenge::parse_setup_reply(
        &reply(200, r#"{"Status":"SUCCESS"}"#),
        "VerifySoftwareToken",
    )
    .unwrap_err();
    assert_eq!(e.message, "VerifySoftwareToken reply has no Session");
    let pending = PendingChallenge {
        name: "MFA_SETUP".into(),
        session: Some("sess".into()),
        username: "carol".into(),
        next_step: NextStep {
            challenge: "MFA_SETUP".into(),
            ..NextStep::default()
        },
    };
    let answer = ChallengeAnswer {
        code: Some("123456".into()),
        ..ChallengeAnswer::default()
    };
    // The code was verified already: the answer names the user only.
    assert_eq!(
        challenge::responses(&pending, &answer).unwrap(),
        pairs(&[("USERNAME", "carol")])
    );
    let e = challenge::responses(&pending, &ChallengeAnswer::default()).unwrap_err();
    assert_eq!(e.message, "MFA_SETUP needs a code");
}
