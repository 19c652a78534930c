//! The settings file: its names (`config.json` next to `index.html`, else
//! the committed `config.example.json`) and how its text is read.

use cognito_wasm::config::AuthFlow;
use cognito_wasm::wire::json::{self, Value};

use crate::data_settings::DataSettings;
use crate::settings::Settings;

/// The file written for the local stack (or by hand for real AWS).
pub const CONFIG_FILE: &str = "config.json";
/// The committed example, always built into the site.
pub const EXAMPLE_FILE: &str = "config.example.json";

/// The settings in a config file's text, or why it is not one.
pub fn parse_settings(text: &str) -> Result<Settings, String> {
    // A dev server may answer a missing file with index.html.
    let value = json::parse(text)
        .map_err(|_| "not JSON (a dev server answers a missing file with index.html)".to_owned())?;
    if value.as_object().is_none() {
        return Err("not a JSON object".to_owned());
    }
    Ok(settings_from_json(&value))
}

/// Reads the file's fields (`region`, `userPoolId`, `clientId`,
/// `identityPoolId`, `bucket`, `prefix`, `authFlow`, `endpoints.{cognitoIdp,
/// cognitoIdentity, s3}`) and the data panels' (`table`,
/// `tablePartitionKey`, `policy`, `identityIds`); missing ones stay empty.
pub fn settings_from_json(value: &Value) -> Settings {
    let text = |v: &Value, key: &str| v.get_str(key).unwrap_or_default().to_owned();
    let endpoints = value.get("endpoints").cloned().unwrap_or(Value::Null);
    Settings {
        region: text(value, "region"),
        user_pool_id: text(value, "userPoolId"),
        client_id: text(value, "clientId"),
        identity_pool_id: text(value, "identityPoolId"),
        bucket: text(value, "bucket"),
        prefix: text(value, "prefix"),
        idp_endpoint: text(&endpoints, "cognitoIdp"),
        identity_endpoint: text(&endpoints, "cognitoIdentity"),
        s3_endpoint: text(&endpoints, "s3"),
        auth_flow: value
            .get_str("authFlow")
            .and_then(|f| AuthFlow::parse(f).ok())
            .unwrap_or_default(),
        data: DataSettings::from_json(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_stack_config_shape() {
        // What scripts/stack-config writes.
        let text = r#"{"region": "eu-west-1", "userPoolId": "eu-west-1_AbCdEfGhI", "clientId": "abc123",
            "identityPoolId": "eu-west-1:0f8c5ad3-5f31-4477-a1b2-0123456789ab", "bucket": "demo-bucket",
            "prefix": "public/", "endpoints": {"cognitoIdp": "http://127.0.0.1:4566",
            "cognitoIdentity": "http://127.0.0.1:4566", "s3": "http://127.0.0.1:4566"}}"#;
        let s = parse_settings(text).unwrap();
        assert_eq!(s.user_pool_id, "eu-west-1_AbCdEfGhI");
        assert_eq!(s.identity_endpoint, "http://127.0.0.1:4566");
        assert_eq!(s.s3_endpoint, "http://127.0.0.1:4566");
        assert_eq!(s.auth_flow, AuthFlow::UserSrpAuth);
        assert!(s.problems().is_empty(), "{:?}", s.problems());
    }

    #[test]
    fn the_committed_example_is_valid() {
        let s = parse_settings(include_str!("../config.example.json")).unwrap();
        assert!(s.problems().is_empty(), "{:?}", s.problems());
        assert!(
            s.idp_endpoint.is_empty() && s.s3_endpoint.is_empty(),
            "the example targets AWS"
        );
        assert_eq!(
            s.config().validate().unwrap().idp_endpoint(),
            "https://cognito-idp.eu-west-1.amazonaws.com/"
        );
    }

    #[test]
    fn refuses_what_is_not_a_config() {
        assert!(parse_settings("<!doctype html><html></html>")
            .unwrap_err()
            .starts_with("not JSON"));
        assert_eq!(parse_settings("[1]").unwrap_err(), "not a JSON object");
        let partial =
            parse_settings(r#"{"authFlow": "USER_PASSWORD_AUTH", "endpoints": 3}"#).unwrap();
        assert_eq!(partial.auth_flow, AuthFlow::UserPasswordAuth);
        assert!(partial.user_pool_id.is_empty() && partial.s3_endpoint.is_empty());
    }
}
