//! Request shapes of the cognito-idp and cognito-identity builders (target
//! header, body fields, SECRET_HASH) and parsing of their replies.

use cognito_wasm::cognito::identity;
use cognito_wasm::cognito::idp::{self, AuthReply};
use cognito_wasm::config::{Config, ValidConfig};
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::ErrorKind;
use serde_json::{json, Value};

/// The SECRET_HASH known value (docs/architecture.md, "SECRET_HASH"): username `test`, client id
/// `123abd`, secret `clientSecret`.
const KNOWN_SECRET_HASH: &str = "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=";

fn plain() -> ValidConfig {
    Config {
        identity_pool_id: Some("eu-west-1:3cfccb96-1a2b-4c3d-8e9f-0123456789ab".into()),
        ..Config::new("eu-west-1_xRwxzdsSL", "123abd")
    }
    .validate()
    .unwrap()
}

fn with_secret() -> ValidConfig {
    Config {
        client_secret: Some("clientSecret".into()),
        ..Config::new("eu-west-1_xRwxzdsSL", "123abd")
    }
    .validate()
    .unwrap()
}

fn target(r: &HttpRequest) -> &str {
    &r.headers
        .iter()
        .find(|(k, _)| k == "X-Amz-Target")
        .expect("X-Amz-Target")
        .1
}

fn body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).expect("JSON body")
}

fn assert_common(r: &HttpRequest, url: &str, target_name: &str) {
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, url);
    assert_eq!(target(r), target_name);
    assert!(r
        .headers
        .contains(&("Content-Type".into(), "application/x-amz-json-1.1".into())));
}

const IDP: &str = "https://cognito-idp.eu-west-1.amazonaws.com/";
const IDENTITY: &str = "https://cognito-identity.eu-west-1.amazonaws.com/";

#[test]
fn initiate_auth_srp() {
    let r = idp::initiate_auth_srp(&plain(), "test", "abc123", None);
    assert_common(&r, IDP, "AWSCognitoIdentityProviderService.InitiateAuth");
    assert_eq!(
        body(&r),
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "123abd",
               "AuthParameters": {"USERNAME": "test", "SRP_A": "abc123"}})
    );
    let r = idp::initiate_auth_srp(&with_secret(), "test", "abc123", None);
    assert_eq!(body(&r)["AuthParameters"]["SECRET_HASH"], KNOWN_SECRET_HASH);
    let r = idp::initiate_auth_srp(&plain(), "test", "abc123", Some("eu-west-1_d"));
    assert_eq!(
        body(&r)["AuthParameters"],
        json!({"USERNAME": "test", "SRP_A": "abc123", "DEVICE_KEY": "eu-west-1_d"})
    );
}

#[test]
fn initiate_auth_password() {
    let r = idp::initiate_auth_password(&with_secret(), "test", "pa\"ss\\word", None);
    assert_common(&r, IDP, "AWSCognitoIdentityProviderService.InitiateAuth");
    assert_eq!(
        body(&r),
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "123abd",
               "AuthParameters": {"USERNAME": "test", "PASSWORD": "pa\"ss\\word",
                                  "SECRET_HASH": KNOWN_SECRET_HASH}})
    );
    let r = idp::initiate_auth_password(&plain(), "test", "pw", Some("eu-west-1_d"));
    assert_eq!(
        body(&r)["AuthParameters"],
        json!({"USERNAME": "test", "PASSWORD": "pw", "DEVICE_KEY": "eu-west-1_d"})
    );
}

#[test]
fn initiate_auth_refresh() {
    let r = idp::initiate_auth_refresh(&plain(), "refresh-tok", Some("test"), None);
    assert_eq!(
        body(&r),
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "123abd",
               "AuthParameters": {"REFRESH_TOKEN": "refresh-tok"}})
    );
    let r = idp::initiate_auth_refresh(&with_secret(), "refresh-tok", Some("test"), None);
    assert_eq!(body(&r)["AuthParameters"]["SECRET_HASH"], KNOWN_SECRET_HASH);
    let r = idp::initiate_auth_refresh(&plain(), "refresh-tok", None, Some("eu-west-1_d"));
    assert_eq!(
        body(&r)["AuthParameters"],
        json!({"REFRESH_TOKEN": "refresh-tok", "DEVICE_KEY": "eu-west-1_d"})
    );
}

#[test]
fn respond_to_auth_challenge() {
    let responses = vec![
        ("USERNAME".to_owned(), "test".to_owned()),
        ("SMS_MFA_CODE".to_owned(), "123456".to_owned()),
    ];
    let r =
        idp::respond_to_auth_challenge(&with_secret(), "SMS_MFA", Some("sess"), responses.clone());
    assert_common(
        &r,
        IDP,
        "AWSCognitoIdentityProviderService.RespondToAuthChallenge",
    );
    assert_eq!(
        body(&r),
        json!({"ChallengeName": "SMS_MFA", "ClientId": "123abd",
               "ChallengeResponses": {"USERNAME": "test", "SMS_MFA_CODE": "123456",
                                      "SECRET_HASH": KNOWN_SECRET_HASH},
               "Session": "sess"})
    );
    let r = idp::respond_to_auth_challenge(&plain(), "SMS_MFA", None, responses);
    let b = body(&r);
    assert!(b.get("Session").is_none());
    assert!(b["ChallengeResponses"].get("SECRET_HASH").is_none());
}

#[test]
fn sign_out_requests() {
    let r = idp::global_sign_out(&plain(), "access-tok");
    assert_common(&r, IDP, "AWSCognitoIdentityProviderService.GlobalSignOut");
    assert_eq!(body(&r), json!({"AccessToken": "access-tok"}));
    let r = idp::revoke_token(&plain(), "refresh-tok");
    assert_common(&r, IDP, "AWSCognitoIdentityProviderService.RevokeToken");
    assert_eq!(
        body(&r),
        json!({"Token": "refresh-tok", "ClientId": "123abd"})
    );
    let r = idp::revoke_token(&with_secret(), "refresh-tok");
    assert_eq!(
        body(&r),
        json!({"Token": "refresh-tok", "ClientId": "123abd", "ClientSecret": "clientSecret"})
    );
}

#[test]
fn identity_requests() {
    let config = plain();
    let pool = config.identity_pool_id().unwrap();
    let r = identity::get_id(&config, pool, &[]);
    assert_common(&r, IDENTITY, "AWSCognitoIdentityService.GetId");
    assert_eq!(body(&r), json!({"IdentityPoolId": pool}));
    let logins = vec![(config.provider_name(), "id-tok".to_owned())];
    let r = identity::get_id(&config, pool, &logins);
    assert_eq!(
        body(&r),
        json!({"IdentityPoolId": pool,
               "Logins": {"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_xRwxzdsSL": "id-tok"}})
    );
    let r = identity::get_credentials_for_identity(&config, "eu-west-1:id", &logins);
    assert_common(
        &r,
        IDENTITY,
        "AWSCognitoIdentityService.GetCredentialsForIdentity",
    );
    assert_eq!(
        body(&r),
        json!({"IdentityId": "eu-west-1:id",
               "Logins": {"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_xRwxzdsSL": "id-tok"}})
    );
    let r = identity::get_credentials_for_identity(&config, "eu-west-1:id", &[]);
    assert_eq!(body(&r), json!({"IdentityId": "eu-west-1:id"}));
}

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn error_replies() {
    // Prefixed __type, JSON sent as text/html.
    let e = idp::parse_auth_reply(
        &reply(
            400,
            &[("content-type", "text/html; charset=utf-8")],
            r#"{"__type":"com.amazonaws.cognito.identity.idp.model#UserNotFoundException","message":"User does not exist."}"#,
        ),
        "InitiateAuth",
    )
    .unwrap_err();
    assert_eq!(e.name(), "UserNotFoundException");
    assert_eq!(e.message, "User does not exist.");
    // Type only in the header.
    let e = identity::parse_get_id(&reply(
        400,
        &[(
            "X-Amzn-ErrorType",
            "ResourceNotFoundException:http://internal.amazon.com/coral/",
        )],
        "",
    ))
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ResourceNotFoundException);
    // A proxy's HTML 502.
    let e =
        identity::parse_credentials(&reply(502, &[], "<html>Bad Gateway</html>"), "x").unwrap_err();
    assert_eq!(e.kind, ErrorKind::InternalErrorException);
    assert!(e.retryable);
    assert_eq!(e.message, "HTTP 502");
    // Throttling.
    let e = idp::parse_empty_reply(
        &reply(
            400,
            &[],
            r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#,
        ),
        "GlobalSignOut",
    )
    .unwrap_err();
    assert!(e.retryable);
}

#[test]
fn successful_replies() {
    let r = idp::parse_auth_reply(
        &reply(
            200,
            &[],
            r#"{"ChallengeName":"PASSWORD_VERIFIER","Session":"s","ChallengeParameters":{"SALT":"ab","SRP_B":"cd","SECRET_BLOCK":"ef","USER_ID_FOR_SRP":"u","USERNAME":"u"}}"#,
        ),
        "InitiateAuth",
    )
    .unwrap();
    let AuthReply::Challenge(c) = r else {
        panic!("challenge expected")
    };
    assert_eq!(c.name, "PASSWORD_VERIFIER");
    assert_eq!(c.parameter("SRP_B"), Some("cd"));
    assert_eq!(c.parameter("USER_ID_FOR_SRP"), Some("u"));

    let creds = identity::parse_credentials(
        &reply(
            200,
            &[],
            r#"{"IdentityId":"eu-west-1:abc","Credentials":{"AccessKeyId":"ASIA1","SecretKey":"sk","SessionToken":"st","Expiration":1.7e9}}"#,
        ),
        "eu-west-1:abc",
    )
    .unwrap();
    assert_eq!(creds.expiration_ms, 1.7e12);
    assert_eq!(creds.access_key_id, "ASIA1");
    assert_eq!(
        identity::parse_get_id(&reply(200, &[], r#"{"IdentityId":"eu-west-1:abc"}"#)).unwrap(),
        "eu-west-1:abc"
    );
}
