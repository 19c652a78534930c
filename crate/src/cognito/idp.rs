//! cognito-idp (user pool) request and response shapes: InitiateAuth,
//! RespondToAuthChallenge, GlobalSignOut and RevokeToken.
//!
//! Builders return [`HttpRequest`] values; parsers take the
//! [`HttpResponse`]. SECRET_HASH is added whenever the app client has a
//! secret.
use crate::prelude::*;

use core::fmt;

use crate::cognito::aws_json;
use crate::config::ValidConfig;
use crate::crypto::secret_hash::secret_hash;
use crate::error::CognitoError;
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::json::Value;

/// `X-Amz-Target` prefix of the user pool service.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

fn request(config: &ValidConfig, operation: &str, body: Value) -> HttpRequest {
    aws_json::request(
        config.idp_endpoint(),
        &text!(TARGET_PREFIX, operation),
        &body,
    )
}

/// `(SECRET_HASH, value)` for `username` when the client has a secret.
fn secret_hash_entry(config: &ValidConfig, username: &str) -> Option<(String, String)> {
    config.client_secret().map(|secret| {
        (
            "SECRET_HASH".to_owned(),
            secret_hash(secret, username, config.client_id()),
        )
    })
}

fn initiate_auth(
    config: &ValidConfig,
    flow: &str,
    mut parameters: Vec<(String, String)>,
    secret_hash_username: Option<&str>,
) -> HttpRequest {
    if let Some(entry) = secret_hash_username.and_then(|u| secret_hash_entry(config, u)) {
        parameters.push(entry);
    }
    request(
        config,
        "InitiateAuth",
        Value::object([
            ("AuthFlow", Value::from(flow)),
            ("ClientId", Value::from(config.client_id())),
            ("AuthParameters", Value::string_map(parameters)),
        ]),
    )
}

/// `pairs`, then `DEVICE_KEY` when a device is given.
fn with_device(pairs: &[(&str, &str)], device_key: Option<&str>) -> Vec<(String, String)> {
    let mut parameters = Vec::new();
    for (key, value) in pairs {
        parameters.push((key.to_string(), value.to_string()));
    }
    if let Some(device_key) = device_key {
        parameters.push(("DEVICE_KEY".to_owned(), device_key.to_owned()));
    }
    parameters
}

/// InitiateAuth `USER_SRP_AUTH` with `SRP_A` (hex), and the `DEVICE_KEY`
/// of the user's remembered device when there is one.
pub fn initiate_auth_srp(
    config: &ValidConfig,
    username: &str,
    srp_a_hex: &str,
    device_key: Option<&str>,
) -> HttpRequest {
    let parameters = with_device(&[("USERNAME", username), ("SRP_A", srp_a_hex)], device_key);
    initiate_auth(config, "USER_SRP_AUTH", parameters, Some(username))
}

/// InitiateAuth `USER_PASSWORD_AUTH` (the password travels to Cognito),
/// with the remembered device's `DEVICE_KEY` when there is one.
pub fn initiate_auth_password(
    config: &ValidConfig,
    username: &str,
    password: &str,
    device_key: Option<&str>,
) -> HttpRequest {
    let parameters = with_device(
        &[("USERNAME", username), ("PASSWORD", password)],
        device_key,
    );
    initiate_auth(config, "USER_PASSWORD_AUTH", parameters, Some(username))
}

/// InitiateAuth `REFRESH_TOKEN_AUTH`. `username` (the tokens'
/// `username`/`cognito:username`) is needed for SECRET_HASH when the client
/// has a secret; `device_key`, the device the refresh token was issued to,
/// when the pool tracks devices (Cognito refuses the refresh without it).
pub fn initiate_auth_refresh(
    config: &ValidConfig,
    refresh_token: &str,
    username: Option<&str>,
    device_key: Option<&str>,
) -> HttpRequest {
    let parameters = with_device(&[("REFRESH_TOKEN", refresh_token)], device_key);
    initiate_auth(config, "REFRESH_TOKEN_AUTH", parameters, username)
}

/// RespondToAuthChallenge. `responses` must hold `USERNAME`; SECRET_HASH is
/// computed from it when the client has a secret.
pub fn respond_to_auth_challenge(
    config: &ValidConfig,
    challenge_name: &str,
    session: Option<&str>,
    mut responses: Vec<(String, String)>,
) -> HttpRequest {
    let username = responses
        .iter()
        .find(|(k, _)| k == "USERNAME")
        .map(|(_, v)| v.clone());
    if let Some(entry) = username.and_then(|u| secret_hash_entry(config, &u)) {
        responses.push(entry);
    }
    let mut body = vec![
        ("ChallengeName", Value::from(challenge_name)),
        ("ClientId", Value::from(config.client_id())),
        ("ChallengeResponses", Value::string_map(responses)),
    ];
    if let Some(session) = session {
        body.push(("Session", Value::from(session)));
    }
    request(config, "RespondToAuthChallenge", Value::object(body))
}

/// GlobalSignOut: invalidates every token issued to the user.
pub fn global_sign_out(config: &ValidConfig, access_token: &str) -> HttpRequest {
    request(
        config,
        "GlobalSignOut",
        Value::object([("AccessToken", Value::from(access_token))]),
    )
}

/// RevokeToken: revokes a refresh token and the tokens issued from it.
pub fn revoke_token(config: &ValidConfig, refresh_token: &str) -> HttpRequest {
    let mut body = vec![
        ("Token", Value::from(refresh_token)),
        ("ClientId", Value::from(config.client_id())),
    ];
    if let Some(secret) = config.client_secret() {
        body.push(("ClientSecret", Value::from(secret)));
    }
    request(config, "RevokeToken", Value::object(body))
}

/// The tokens of a successful authentication (`AuthenticationResult`).
#[derive(Clone, PartialEq)]
pub struct AuthTokens {
    /// ID token (JWT).
    pub id_token: String,
    /// Access token (JWT).
    pub access_token: String,
    /// Refresh token; absent from REFRESH_TOKEN_AUTH replies unless rotation is on.
    pub refresh_token: Option<String>,
    /// `ExpiresIn`: lifetime of the ID and access tokens in seconds.
    pub expires_in_seconds: Option<f64>,
    /// `NewDeviceMetadata`: the pool tracks devices and this sign-in used
    /// none it knows.
    pub new_device: Option<NewDevice>,
}

/// A device Cognito has just started tracking (`NewDeviceMetadata`); it
/// is remembered once confirmed (ConfirmDevice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDevice {
    /// `DeviceKey`.
    pub key: String,
    /// `DeviceGroupKey`.
    pub group_key: String,
}

impl fmt::Debug for AuthTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthTokens")
            .field("id_token", &"<redacted>")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_in_seconds", &self.expires_in_seconds)
            .field("new_device", &self.new_device)
            .finish()
    }
}

/// A challenge the user must answer before getting tokens.
#[derive(Clone, PartialEq)]
pub struct Challenge {
    /// `ChallengeName` (`PASSWORD_VERIFIER`, `NEW_PASSWORD_REQUIRED`, `SMS_MFA`, …).
    pub name: String,
    /// `Session`, to send back with the answer.
    pub session: Option<String>,
    /// `ChallengeParameters` (string values only).
    pub parameters: Vec<(String, String)>,
}

impl Challenge {
    /// A challenge parameter.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.parameters.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Challenge")
            .field("name", &self.name)
            .field("session", &self.session.as_ref().map(|_| "<redacted>"))
            .field("parameter_names", &names)
            .finish()
    }
}

/// What InitiateAuth or RespondToAuthChallenge answered.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthReply {
    /// Signed in: tokens.
    Authenticated(AuthTokens),
    /// One more step.
    Challenge(Challenge),
}

/// Parses an InitiateAuth or RespondToAuthChallenge reply (`operation`
/// names it in errors). Error statuses become the service's error.
pub fn parse_auth_reply(
    response: &HttpResponse,
    operation: &str,
) -> Result<AuthReply, CognitoError> {
    let body = aws_json::parse_reply(response, operation)?;
    if let Some(result) = body.get("AuthenticationResult").filter(|v| !v.is_null()) {
        let path = "AuthenticationResult.";
        let id_token = aws_json::required_str(result, "IdToken", operation, path)?;
        let access_token = aws_json::required_str(result, "AccessToken", operation, path)?;
        let refresh_token = result
            .get_str("RefreshToken")
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        let expires_in_seconds = result.get_f64("ExpiresIn").filter(|n| n.is_finite());
        let metadata = result.get("NewDeviceMetadata");
        let device_field = |key| {
            metadata
                .and_then(|m| m.get_str(key))
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let new_device = match (device_field("DeviceKey"), device_field("DeviceGroupKey")) {
            (Some(key), Some(group_key)) => Some(NewDevice { key, group_key }),
            _ => None,
        };
        return Ok(AuthReply::Authenticated(AuthTokens {
            id_token: id_token.to_owned(),
            access_token: access_token.to_owned(),
            refresh_token,
            expires_in_seconds,
            new_device,
        }));
    }
    let name = body
        .get_str("ChallengeName")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| aws_json::missing(operation, "", "AuthenticationResult or ChallengeName"))?;
    let parameters = body
        .get("ChallengeParameters")
        .and_then(Value::as_object)
        .unwrap_or_default()
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
        .collect();
    Ok(AuthReply::Challenge(Challenge {
        name: name.to_owned(),
        session: body
            .get_str("Session")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        parameters,
    }))
}

/// Checks a reply that carries nothing (GlobalSignOut, RevokeToken).
pub fn parse_empty_reply(response: &HttpResponse, operation: &str) -> Result<(), CognitoError> {
    aws_json::parse_reply(response, operation).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::wire::http::test_reply;
    use proptest::prelude::*;

    #[test]
    fn parses_authentication_result() {
        let r = parse_auth_reply(
            &test_reply(
                200,
                r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600,"TokenType":"Bearer"},"ChallengeParameters":{}}"#,
            ),
            "InitiateAuth",
        )
        .unwrap();
        let AuthReply::Authenticated(t) = r else {
            panic!("expected tokens")
        };
        assert_eq!((t.id_token.as_str(), t.access_token.as_str()), ("i", "a"));
        assert_eq!(t.refresh_token.as_deref(), Some("r"));
        assert_eq!(t.expires_in_seconds, Some(3600.0));
        assert_eq!(t.new_device, None);
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("\"a\"") && !dbg.contains("\"r\""), "{dbg}");
    }

    #[test]
    fn parses_new_device_metadata() {
        let r = parse_auth_reply(
            &test_reply(
                200,
                r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","NewDeviceMetadata":{"DeviceKey":"eu-west-1_d","DeviceGroupKey":"-g"}}}"#,
            ),
            "InitiateAuth",
        )
        .unwrap();
        let AuthReply::Authenticated(t) = r else {
            panic!("expected tokens")
        };
        let device = t.new_device.expect("NewDeviceMetadata");
        assert_eq!(
            (device.key.as_str(), device.group_key.as_str()),
            ("eu-west-1_d", "-g")
        );
        // Half a metadata object is none.
        let r = parse_auth_reply(
            &test_reply(
                200,
                r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","NewDeviceMetadata":{"DeviceKey":"eu-west-1_d"}}}"#,
            ),
            "InitiateAuth",
        )
        .unwrap();
        assert!(matches!(r, AuthReply::Authenticated(t) if t.new_device.is_none()));
    }

    #[test]
    fn missing_token_is_named() {
        let e = parse_auth_reply(
            &test_reply(200, r#"{"AuthenticationResult":{"IdToken":"secret-id"}}"#),
            "InitiateAuth",
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidResponse);
        assert_eq!(
            e.message,
            "InitiateAuth reply has no AuthenticationResult.AccessToken"
        );
        let e = parse_auth_reply(&test_reply(200, "{}"), "RespondToAuthChallenge").unwrap_err();
        assert_eq!(
            e.message,
            "RespondToAuthChallenge reply has no AuthenticationResult or ChallengeName"
        );
    }

    #[test]
    fn parses_challenge() {
        let r = parse_auth_reply(
            &test_reply(
                200,
                r#"{"ChallengeName":"SMS_MFA","Session":"opaque-value","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"+*******1234","n":1}}"#,
            ),
            "RespondToAuthChallenge",
        )
        .unwrap();
        let AuthReply::Challenge(c) = r else {
            panic!("expected a challenge")
        };
        assert_eq!(c.name, "SMS_MFA");
        assert_eq!(c.session.as_deref(), Some("opaque-value"));
        assert_eq!(
            c.parameter("CODE_DELIVERY_DESTINATION"),
            Some("+*******1234")
        );
        assert_eq!(c.parameter("n"), None);
        assert!(!format!("{c:?}").contains("opaque-value"));
    }

    #[test]
    fn errors_come_through() {
        let e = parse_auth_reply(
            &test_reply(
                400,
                r#"{"__type":"UserNotConfirmedException","message":"User is not confirmed."}"#,
            ),
            "InitiateAuth",
        )
        .unwrap_err();
        assert_eq!(e.name(), "UserNotConfirmedException");
        assert!(parse_empty_reply(&test_reply(200, "{}"), "GlobalSignOut").is_ok());
        assert_eq!(
            parse_empty_reply(
                &test_reply(400, r#"{"__type":"UnsupportedOperationException"}"#),
                "RevokeToken"
            )
            .unwrap_err()
            .kind,
            ErrorKind::UnsupportedOperationException
        );
    }

    proptest! {
        #[test]
        fn never_panics(status in prop_oneof![Just(200u16), Just(400u16), 0u16..600], body in "\\PC*") {
            let _ = parse_auth_reply(&test_reply(status, &body), "InitiateAuth");
        }

        #[test]
        fn never_panics_on_near_valid_bodies(token in "\\PC*", n in any::<f64>()) {
            let body = Value::object([
                ("AuthenticationResult", Value::object([("IdToken", Value::from(token.as_str())), ("AccessToken", Value::Number(n))])),
                ("ChallengeName", Value::from(token.as_str())),
            ]).to_string();
            let r = parse_auth_reply(&test_reply(200, &body), "InitiateAuth");
            prop_assert!(r.is_err());
        }
    }
}
