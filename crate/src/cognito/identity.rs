//! cognito-identity (identity pool) request and response shapes: GetId and
//! GetCredentialsForIdentity.
use crate::prelude::*;

use crate::cognito::aws_json;
use crate::config::ValidConfig;
use crate::error::CognitoError;
use crate::session::Credentials;
use crate::wire::dates::parse_iso8601;
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::json::Value;

/// `X-Amz-Target` prefix of the identity pool service.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

fn request(
    config: &ValidConfig,
    operation: &str,
    mut body: Vec<(&str, Value)>,
    logins: &[(String, String)],
) -> HttpRequest {
    if !logins.is_empty() {
        body.push(("Logins", Value::string_map(logins.iter().cloned())));
    }
    aws_json::request(
        config.identity_endpoint(),
        &text!(TARGET_PREFIX, operation),
        &Value::object(body),
    )
}

/// GetId for `identity_pool_id` with the Logins map (empty: a guest).
pub fn get_id(
    config: &ValidConfig,
    identity_pool_id: &str,
    logins: &[(String, String)],
) -> HttpRequest {
    request(
        config,
        "GetId",
        vec![("IdentityPoolId", Value::from(identity_pool_id))],
        logins,
    )
}

/// GetCredentialsForIdentity for `identity_id` with the same Logins map.
pub fn get_credentials_for_identity(
    config: &ValidConfig,
    identity_id: &str,
    logins: &[(String, String)],
) -> HttpRequest {
    request(
        config,
        "GetCredentialsForIdentity",
        vec![("IdentityId", Value::from(identity_id))],
        logins,
    )
}

/// The `IdentityId` of a GetId reply.
pub fn parse_get_id(response: &HttpResponse) -> Result<String, CognitoError> {
    let body = aws_json::parse_reply(response, "GetId")?;
    let id = aws_json::required_str(&body, "IdentityId", "GetId", "")?;
    if id.is_empty() {
        return Err(aws_json::missing("GetId", "", "IdentityId"));
    }
    Ok(id.to_owned())
}

/// The credentials of a GetCredentialsForIdentity reply. `Expiration` is
/// epoch **seconds** (possibly fractional); a numeric or ISO 8601 string
/// (older emulators) is accepted too. The reply's `IdentityId` wins over `requested_identity_id`.
pub fn parse_credentials(
    response: &HttpResponse,
    requested_identity_id: &str,
) -> Result<Credentials, CognitoError> {
    const OP: &str = "GetCredentialsForIdentity";
    let body = aws_json::parse_reply(response, OP)?;
    let creds = body
        .get("Credentials")
        .filter(|c| c.as_object().is_some())
        .ok_or_else(|| aws_json::missing(OP, "", "Credentials"))?;
    let path = "Credentials.";
    let text = |key: &str| -> Result<String, CognitoError> {
        match aws_json::required_str(creds, key, OP, path)? {
            "" => Err(aws_json::missing(OP, path, key)),
            s => Ok(s.to_owned()),
        }
    };
    let expiration_s = match creds.get("Expiration") {
        Some(Value::Number(n)) => Some(*n),
        Some(Value::String(s)) => crate::wire::json::parse_number(s.trim())
            .or_else(|| parse_iso8601(s).map(|ms| ms / 1000.0)),
        _ => None,
    }
    .filter(|n| n.is_finite() && *n > 0.0)
    .ok_or_else(|| aws_json::missing(OP, path, "Expiration (epoch seconds)"))?;
    Ok(Credentials {
        access_key_id: text("AccessKeyId")?,
        secret_access_key: text("SecretKey")?,
        session_token: text("SessionToken")?,
        expiration_ms: expiration_s * 1000.0,
        identity_id: body
            .get_str("IdentityId")
            .filter(|id| !id.is_empty())
            .unwrap_or(requested_identity_id)
            .to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::wire::http::test_reply;
    use proptest::prelude::*;

    #[test]
    fn credentials_with_fractional_seconds() {
        let c = parse_credentials(
            &test_reply(
                200,
                r#"{"IdentityId":"eu-west-1:abc","Credentials":{"AccessKeyId":"AK","SecretKey":"SK","SessionToken":"ST","Expiration":1700000090.25}}"#,
            ),
            "eu-west-1:req",
        )
        .unwrap();
        assert_eq!(c.access_key_id, "AK");
        assert_eq!(c.secret_access_key, "SK");
        assert_eq!(c.session_token, "ST");
        assert_eq!(c.expiration_ms, 1_700_000_090_250.0);
        assert_eq!(c.identity_id, "eu-west-1:abc");
    }

    #[test]
    fn missing_fields_are_named_without_values() {
        let e = parse_credentials(
            &test_reply(
                200,
                r#"{"Credentials":{"AccessKeyId":"AK","SecretKey":"TOPSECRET","Expiration":1}}"#,
            ),
            "x",
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "GetCredentialsForIdentity reply has no Credentials.SessionToken"
        );
        assert!(!e.message.contains("TOPSECRET"));
        let c = parse_credentials(
            &test_reply(200, r#"{"Credentials":{"AccessKeyId":"AK","SecretKey":"S","SessionToken":"T","Expiration":"2024-01-01T00:00:00.500Z"}}"#),
            "x",
        )
        .unwrap();
        assert_eq!(c.expiration_ms, 1_704_067_200_500.0);
        let e = parse_credentials(
            &test_reply(200, r#"{"Credentials":{"AccessKeyId":"AK","SecretKey":"S","SessionToken":"T","Expiration":"soon"}}"#),
            "x",
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidResponse);
        assert!(e.message.contains("Expiration"));
        let c = parse_credentials(
            &test_reply(200, r#"{"Credentials":{"AccessKeyId":"AK","SecretKey":"S","SessionToken":"T","Expiration":"1700000000"}}"#),
            "req",
        )
        .unwrap();
        assert_eq!(c.identity_id, "req");
        assert_eq!(
            parse_get_id(&test_reply(200, "{}")).unwrap_err().message,
            "GetId reply has no IdentityId"
        );
        assert_eq!(
            parse_get_id(&test_reply(200, r#"{"IdentityId":"r:1"}"#)).unwrap(),
            "r:1"
        );
    }

    #[test]
    fn errors_come_through() {
        let e = parse_get_id(&test_reply(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"IdentityPool 'x' not found."}"#,
        ))
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::ResourceNotFoundException);
        let e = parse_credentials(&test_reply(500, "oops"), "x").unwrap_err();
        assert!(e.retryable);
    }

    proptest! {
        #[test]
        fn never_panics(status in prop_oneof![Just(200u16), 0u16..600], body in "\\PC*") {
            let _ = parse_get_id(&test_reply(status, &body));
            let _ = parse_credentials(&test_reply(status, &body), "x");
        }
    }
}
