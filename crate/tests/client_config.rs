//! Configuration checks: everything refused before any request, and what a
//! valid configuration resolves to.

mod client_common;

use client_common::{client, FakePlatform};
use cognito_wasm::client::CognitoClient;
use cognito_wasm::config::{AuthFlow, Config, StorageKind};
use cognito_wasm::ErrorKind;

const POOL: &str = "eu-west-1_xRwxzdsSL";
const IDENTITY_POOL: &str = "eu-west-1:3cfccb96-1a2b-4c3d-8e9f-0123456789ab";

fn base() -> Config {
    Config::new(POOL, "abc123client")
}

fn refused(config: Config) -> String {
    let e = config.validate().unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidConfig, "{}", e.message);
    assert!(!e.retryable);
    e.message
}

#[test]
fn defaults_resolve_from_the_user_pool_id() {
    let v = base().validate().unwrap();
    assert_eq!(v.region(), "eu-west-1");
    assert_eq!(v.user_pool_id(), POOL);
    assert_eq!(v.client_id(), "abc123client");
    assert_eq!(v.pool_name(), "xRwxzdsSL");
    assert_eq!(
        v.provider_name(),
        "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_xRwxzdsSL"
    );
    assert_eq!(
        v.idp_endpoint(),
        "https://cognito-idp.eu-west-1.amazonaws.com/"
    );
    assert_eq!(
        v.identity_endpoint(),
        "https://cognito-identity.eu-west-1.amazonaws.com/"
    );
    assert_eq!(v.auth_flow(), AuthFlow::UserSrpAuth);
    assert_eq!(v.storage(), StorageKind::Memory);
    assert_eq!(v.refresh_margin_ms(), 300_000.0);
    assert_eq!(v.identity_pool_id(), None);
    assert_eq!(v.client_secret(), None);
    assert_eq!(
        v.storage_prefix(),
        "cognito-wasm.eu-west-1_xRwxzdsSL.abc123client"
    );
}

#[test]
fn full_configuration() {
    let v = Config {
        identity_pool_id: Some(IDENTITY_POOL.into()),
        region: Some("eu-west-1".into()),
        client_secret: Some("shh".into()),
        auth_flow: AuthFlow::UserPasswordAuth,
        cognito_idp_endpoint: Some("http://127.0.0.1:5000".into()),
        cognito_identity_endpoint: Some("https://proxy.example.com/identity".into()),
        storage: StorageKind::Local,
        refresh_margin_seconds: Some(0.0),
        ..base()
    }
    .validate()
    .unwrap();
    assert_eq!(v.identity_pool_id(), Some(IDENTITY_POOL));
    assert_eq!(v.client_secret(), Some("shh"));
    assert_eq!(v.idp_endpoint(), "http://127.0.0.1:5000/");
    assert_eq!(v.identity_endpoint(), "https://proxy.example.com/identity");
    assert_eq!(v.refresh_margin_ms(), 0.0);
    assert_eq!(v.storage(), StorageKind::Local);
    // The secret never shows in Debug output.
    let config = Config {
        client_secret: Some("shh-very-secret".into()),
        ..base()
    };
    assert!(!format!("{config:?}").contains("shh-very-secret"));
    assert!(!format!("{:?}", config.validate().unwrap()).contains("shh-very-secret"));
}

#[test]
fn malformed_user_pool_ids() {
    for bad in [
        "",
        "eu-west-1",
        "eu-west-1_",
        "_abc",
        "euwest1_abc",
        "eu-west-1_ab-c",
        "eu-west-1_ab_c",
        "EU-WEST-1_abc",
        "eu-west-1 _abc",
        "eu-west-1_abc ",
    ] {
        let message = refused(Config::new(bad, "client"));
        assert!(message.starts_with("userPoolId"), "{bad}: {message}");
    }
}

#[test]
fn malformed_identity_pool_ids() {
    for bad in [
        "",
        "eu-west-1",
        "eu-west-1:",
        "eu-west-1:not-a-uuid",
        "eu-west-1_3cfccb96-1a2b-4c3d-8e9f-0123456789ab",
        "eu-west-1:3cfccb96-1a2b-4c3d-8e9f-0123456789a",
        "eu-west-1:3cfccb96-1a2b-4c3d-8e9f-0123456789ag",
        ":3cfccb96-1a2b-4c3d-8e9f-0123456789ab",
    ] {
        let message = refused(Config {
            identity_pool_id: Some(bad.into()),
            ..base()
        });
        assert!(message.starts_with("identityPoolId"), "{bad}: {message}");
    }
}

#[test]
fn region_mismatches() {
    let message = refused(Config {
        identity_pool_id: Some("cn-north-1:3cfccb96-1a2b-4c3d-8e9f-0123456789ab".into()),
        ..base()
    });
    assert_eq!(
        message,
        "identity pool region cn-north-1 is in another AWS partition than the user pool's region eu-west-1"
    );
    let message = refused(Config {
        region: Some("us-east-1".into()),
        ..base()
    });
    assert_eq!(
        message,
        "region us-east-1 does not match the user pool's region eu-west-1"
    );
    refused(Config {
        region: Some("Europe".into()),
        ..base()
    });
}

#[test]
fn client_id_and_secret() {
    assert_eq!(refused(Config::new(POOL, "")), "clientId is empty");
    refused(Config::new(POOL, "has space"));
    refused(Config::new(POOL, "x".repeat(129)));
    assert!(Config::new(POOL, "a_b+c9").validate().is_ok());
    refused(Config {
        client_secret: Some(String::new()),
        ..base()
    });
}

#[test]
fn endpoints_must_be_https_unless_loopback() {
    for ok in [
        "https://cognito-idp.eu-west-1.amazonaws.com",
        "https://example.com:8443/path/",
        "http://127.0.0.1:5000",
        "http://localhost:4566/",
        "http://[::1]:9000",
        "HTTP://LOCALHOST:1",
    ] {
        let v = Config {
            cognito_idp_endpoint: Some(ok.into()),
            cognito_identity_endpoint: Some(ok.into()),
            ..base()
        }
        .validate();
        assert!(v.is_ok(), "{ok}: {:?}", v.err());
    }
    for bad in [
        "http://example.com",
        "http://10.0.0.1:5000",
        "http://localhost.example.com",
        "http://127.0.0.1@example.com/",
        "ftp://localhost",
        "localhost:5000",
        "https://",
        "https://user:password@example.com/",
        "https://example.com/?q=1",
        "https://exa mple.com",
        "",
    ] {
        let message = refused(Config {
            cognito_idp_endpoint: Some(bad.into()),
            ..base()
        });
        assert!(
            message.starts_with("endpoints.cognitoIdp"),
            "{bad}: {message}"
        );
        assert!(!message.contains("password"), "the URL is not echoed");
        let message = refused(Config {
            cognito_identity_endpoint: Some(bad.into()),
            ..base()
        });
        assert!(
            message.starts_with("endpoints.cognitoIdentity"),
            "{bad}: {message}"
        );
    }
}

#[test]
fn refresh_margin_must_be_a_non_negative_number() {
    for bad in [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let message = refused(Config {
            refresh_margin_seconds: Some(bad),
            ..base()
        });
        assert!(message.starts_with("refreshMarginSeconds"));
    }
    let v = Config {
        refresh_margin_seconds: Some(12.5),
        ..base()
    }
    .validate()
    .unwrap();
    assert_eq!(v.refresh_margin_ms(), 12_500.0);
}

#[test]
fn js_names_of_the_enums() {
    assert_eq!(
        AuthFlow::parse("USER_SRP_AUTH").unwrap(),
        AuthFlow::UserSrpAuth
    );
    assert_eq!(
        AuthFlow::parse("USER_PASSWORD_AUTH").unwrap(),
        AuthFlow::UserPasswordAuth
    );
    assert_eq!(
        AuthFlow::parse("user_srp_auth").unwrap_err().kind,
        ErrorKind::InvalidConfig
    );
    assert_eq!(AuthFlow::UserPasswordAuth.as_str(), "USER_PASSWORD_AUTH");
    for kind in [
        StorageKind::Memory,
        StorageKind::Session,
        StorageKind::Local,
    ] {
        assert_eq!(StorageKind::parse(kind.as_str()).unwrap(), kind);
    }
    assert_eq!(
        StorageKind::parse("cookie").unwrap_err().kind,
        ErrorKind::InvalidConfig
    );
}

#[test]
fn issuer_rules() {
    let aws = base().validate().unwrap();
    assert!(aws.issuer_matches("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_xRwxzdsSL"));
    assert!(!aws.issuer_matches("http://localhost:5000/eu-west-1_xRwxzdsSL"));
    assert!(!aws.issuer_matches("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other"));
    let emulator = Config {
        cognito_idp_endpoint: Some("http://localhost:5000".into()),
        ..base()
    }
    .validate()
    .unwrap();
    assert!(emulator.issuer_matches("http://localhost:5000/eu-west-1_xRwxzdsSL"));
    assert!(
        emulator.issuer_matches("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_xRwxzdsSL")
    );
    assert!(!emulator.issuer_matches("http://localhost:5000/xeu-west-1_xRwxzdsSL"));
    assert!(!emulator.issuer_matches("eu-west-1_xRwxzdsSL"));
}

#[test]
fn the_client_refuses_a_bad_configuration_before_any_request() {
    let p = FakePlatform::new();
    let e = CognitoClient::new(Config::new("nope", "c"), p.clone(), None).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidConfig);
    assert_eq!(p.count(), 0);
    let c = client(client_common::config(), &p, None);
    assert_eq!(c.config().region(), "us-east-1");
}

#[test]
fn an_identity_pool_in_another_region_is_called_there() {
    let v = Config {
        identity_pool_id: Some("us-east-1:3cfccb96-1a2b-4c3d-8e9f-0123456789ab".into()),
        ..base()
    }
    .validate()
    .unwrap();
    assert_eq!(v.region(), "eu-west-1");
    assert_eq!(
        v.identity_endpoint(),
        "https://cognito-identity.us-east-1.amazonaws.com/"
    );
    assert_eq!(
        v.idp_endpoint(),
        "https://cognito-idp.eu-west-1.amazonaws.com/"
    );
    // The Logins key names the user pool, in its own region.
    assert_eq!(
        v.provider_name(),
        format!("cognito-idp.eu-west-1.amazonaws.com/{POOL}")
    );
}

#[test]
fn china_and_govcloud_partitions_get_their_domains() {
    let cn = Config {
        identity_pool_id: Some("cn-northwest-1:3cfccb96-1a2b-4c3d-8e9f-0123456789ab".into()),
        ..Config::new("cn-north-1_AbC123", "client1")
    }
    .validate()
    .unwrap();
    assert_eq!(
        cn.idp_endpoint(),
        "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
    );
    assert_eq!(
        cn.identity_endpoint(),
        "https://cognito-identity.cn-northwest-1.amazonaws.com.cn/"
    );
    assert_eq!(
        cn.provider_name(),
        "cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC123"
    );
    assert!(cn.issuer_matches("https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC123"));
    assert!(!cn.issuer_matches("https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_AbC123"));
    let gov = Config {
        identity_pool_id: Some("us-gov-west-1:3cfccb96-1a2b-4c3d-8e9f-0123456789ab".into()),
        ..Config::new("us-gov-west-1_AbC123", "client1")
    }
    .validate()
    .unwrap();
    assert_eq!(
        gov.idp_endpoint(),
        "https://cognito-idp.us-gov-west-1.amazonaws.com/"
    );
    assert_eq!(
        gov.identity_endpoint(),
        "https://cognito-identity.us-gov-west-1.amazonaws.com/"
    );
    assert!(
        gov.issuer_matches("https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbC123")
    );
}
