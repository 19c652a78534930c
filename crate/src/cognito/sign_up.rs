//! cognito-idp sign-up shapes: SignUp, ConfirmSignUp and
//! ResendConfirmationCode.
//!
//! Each builder checks its input first (a plainly wrong value is an
//! `InvalidParameterException` naming the field, never its value) and adds
//! `SecretHash` when the app client has a secret. None of these calls is
//! signed or needs a token: they name the user instead.

use std::fmt;

use crate::cognito::aws_json;
use crate::cognito::idp::TARGET_PREFIX;
use crate::config::ValidConfig;
use crate::crypto::secret_hash::secret_hash;
use crate::error::CognitoError;
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::json::Value;

/// What SignUp sends: a new user of the pool.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SignUp {
    /// The new user's name (or email / phone number where the pool signs
    /// users in with those).
    pub username: String,
    /// The password; the pool's password policy applies.
    pub password: String,
    /// User attributes (`email`, `name`, `custom:…`).
    pub attributes: Vec<(String, String)>,
    /// `ValidationData`: name/value pairs for a pre-sign-up Lambda trigger.
    pub validation_data: Vec<(String, String)>,
    /// `ClientMetadata`: passed to the pool's Lambda triggers.
    pub client_metadata: Vec<(String, String)>,
}

impl fmt::Debug for SignUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(k, _)| k.clone()).collect()
        };
        f.debug_struct("SignUp")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("attribute_names", &names(&self.attributes))
            .field("validation_data_names", &names(&self.validation_data))
            .field("client_metadata_names", &names(&self.client_metadata))
            .finish()
    }
}

/// Where and how a confirmation code was sent (`CodeDeliveryDetails`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeDelivery {
    /// The masked destination (`d***@e***`, `+*******1234`).
    pub destination: Option<String>,
    /// `EMAIL` or `SMS`.
    pub delivery_medium: Option<String>,
    /// The attribute the code verifies (`email`, `phone_number`).
    pub attribute_name: Option<String>,
}

/// What SignUp answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignUpResult {
    /// Whether the user is confirmed already (a pre-sign-up trigger may
    /// confirm users); otherwise ConfirmSignUp must follow.
    pub user_confirmed: bool,
    /// The new user's `sub`.
    pub user_sub: String,
    /// Where the confirmation code went, when one was sent.
    pub code_delivery: Option<CodeDelivery>,
}

/// Longest user name Cognito accepts (characters).
const MAX_USERNAME: usize = 128;
/// Longest password Cognito accepts (characters).
const MAX_PASSWORD: usize = 256;
/// Longest confirmation code Cognito accepts (characters).
const MAX_CODE: usize = 2048;
/// Longest attribute name Cognito accepts (characters).
const MAX_ATTRIBUTE_NAME: usize = 32;
/// Longest attribute value Cognito accepts (characters).
const MAX_ATTRIBUTE_VALUE: usize = 2048;

/// Checks that `value` has 1 to `max` characters and no white space or
/// control characters (the pattern Cognito applies to user names, codes and
/// attribute names). The error names `field`, never the value.
pub fn check_token(field: &str, value: &str, max: usize) -> Result<(), CognitoError> {
    check_length(field, value, max)?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CognitoError::invalid_parameter(format!(
            "{field} contains white space or control characters"
        )));
    }
    Ok(())
}

/// Checks a password: 1 to 256 characters, no control characters (spaces
/// are the pool's policy to judge). The error never shows the password.
pub fn check_password(field: &str, password: &str) -> Result<(), CognitoError> {
    check_length(field, password, MAX_PASSWORD)?;
    if password.chars().any(char::is_control) {
        return Err(CognitoError::invalid_parameter(format!(
            "{field} contains control characters"
        )));
    }
    Ok(())
}

/// Checks that `value` has 1 to `max` characters.
fn check_length(field: &str, value: &str, max: usize) -> Result<(), CognitoError> {
    if value.is_empty() {
        return Err(CognitoError::invalid_parameter(format!("{field} is empty")));
    }
    if value.chars().count() > max {
        return Err(CognitoError::invalid_parameter(format!(
            "{field} is longer than {max} characters"
        )));
    }
    Ok(())
}

/// Checks a list of attribute-like name/value pairs.
fn check_attributes(field: &str, pairs: &[(String, String)]) -> Result<(), CognitoError> {
    for (name, value) in pairs {
        check_token(&format!("{field} name"), name, MAX_ATTRIBUTE_NAME)?;
        if value.chars().count() > MAX_ATTRIBUTE_VALUE {
            return Err(CognitoError::invalid_parameter(format!(
                "{field}.{name} is longer than {MAX_ATTRIBUTE_VALUE} characters"
            )));
        }
    }
    Ok(())
}

/// Checks a user name.
pub fn check_username(username: &str) -> Result<(), CognitoError> {
    check_token("username", username, MAX_USERNAME)
}

/// A cognito-idp request for `operation` naming the user `username`:
/// `ClientId`, `Username`, `SecretHash` when the client has a secret, then
/// `fields`.
fn user_request(
    config: &ValidConfig,
    operation: &str,
    username: &str,
    fields: Vec<(&str, Value)>,
) -> HttpRequest {
    let mut body = vec![
        ("ClientId", Value::from(config.client_id())),
        ("Username", Value::from(username)),
    ];
    if let Some(secret) = config.client_secret() {
        body.push((
            "SecretHash",
            Value::from(secret_hash(secret, username, config.client_id()).as_str()),
        ));
    }
    body.extend(fields);
    aws_json::request(
        config.idp_endpoint(),
        &[TARGET_PREFIX, operation].concat(),
        &Value::object(body),
    )
}

/// `[{"Name": …, "Value": …}, …]`, the shape of `UserAttributes` and
/// `ValidationData`.
fn attribute_list(pairs: &[(String, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(name, value)| {
                Value::object([
                    ("Name", Value::from(name.as_str())),
                    ("Value", Value::from(value.as_str())),
                ])
            })
            .collect(),
    )
}

/// SignUp, after checking the user name, password and attribute names.
pub fn sign_up(config: &ValidConfig, input: &SignUp) -> Result<HttpRequest, CognitoError> {
    check_username(&input.username)?;
    check_password("password", &input.password)?;
    check_attributes("attributes", &input.attributes)?;
    check_attributes("validationData", &input.validation_data)?;
    let mut fields = vec![("Password", Value::from(input.password.as_str()))];
    if !input.attributes.is_empty() {
        fields.push(("UserAttributes", attribute_list(&input.attributes)));
    }
    if !input.validation_data.is_empty() {
        fields.push(("ValidationData", attribute_list(&input.validation_data)));
    }
    if !input.client_metadata.is_empty() {
        fields.push((
            "ClientMetadata",
            Value::string_map(input.client_metadata.iter().cloned()),
        ));
    }
    Ok(user_request(config, "SignUp", &input.username, fields))
}

/// ConfirmSignUp with the code the user received.
pub fn confirm_sign_up(
    config: &ValidConfig,
    username: &str,
    code: &str,
) -> Result<HttpRequest, CognitoError> {
    check_username(username)?;
    check_token("code", code, MAX_CODE)?;
    Ok(user_request(
        config,
        "ConfirmSignUp",
        username,
        vec![("ConfirmationCode", Value::from(code))],
    ))
}

/// ResendConfirmationCode: a new code for a user not yet confirmed.
pub fn resend_confirmation_code(
    config: &ValidConfig,
    username: &str,
) -> Result<HttpRequest, CognitoError> {
    check_username(username)?;
    Ok(user_request(
        config,
        "ResendConfirmationCode",
        username,
        vec![],
    ))
}

/// `CodeDeliveryDetails` of a reply, if present.
fn code_delivery(body: &Value) -> Option<CodeDelivery> {
    let details = body.get("CodeDeliveryDetails")?;
    details.as_object()?;
    let field = |key: &str| details.get_str(key).map(str::to_owned);
    Some(CodeDelivery {
        destination: field("Destination"),
        delivery_medium: field("DeliveryMedium"),
        attribute_name: field("AttributeName"),
    })
}

/// Parses a SignUp reply (`UserConfirmed`, `UserSub`, `CodeDeliveryDetails`).
pub fn parse_sign_up(response: &HttpResponse) -> Result<SignUpResult, CognitoError> {
    let body = aws_json::parse_reply(response, "SignUp")?;
    let user_confirmed = body
        .get("UserConfirmed")
        .and_then(Value::as_bool)
        .ok_or_else(|| aws_json::missing("SignUp", "", "UserConfirmed"))?;
    let user_sub = aws_json::required_str(&body, "UserSub", "SignUp", "")?;
    Ok(SignUpResult {
        user_confirmed,
        user_sub: user_sub.to_owned(),
        code_delivery: code_delivery(&body),
    })
}

/// Parses a ResendConfirmationCode reply: where the new code went.
pub fn parse_resend_confirmation_code(
    response: &HttpResponse,
) -> Result<Option<CodeDelivery>, CognitoError> {
    let body = aws_json::parse_reply(response, "ResendConfirmationCode")?;
    Ok(code_delivery(&body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::http::test_reply;
    use proptest::prelude::*;

    #[test]
    fn plainly_wrong_values_are_named_not_shown() {
        for (value, what) in [
            ("", "is empty"),
            ("two words", "contains white space"),
            ("tab\there", "contains white space"),
            ("nul\0byte", "contains white space or control"),
        ] {
            let e = check_token("code", value, 10).unwrap_err();
            assert_eq!(e.name, "InvalidParameterException");
            assert!(e.message.starts_with("code "), "{}", e.message);
            assert!(e.message.contains(what), "{}", e.message);
        }
        let e = check_token("code", "1234567890123", 8).unwrap_err();
        assert_eq!(e.message, "code is longer than 8 characters");
        let long = "Secret-passw0rd!".repeat(17);
        let e = check_password("password", &long).unwrap_err();
        assert_eq!(e.message, "password is longer than 256 characters");
        let e = check_password("password", "Secret\npassw0rd").unwrap_err();
        assert_eq!(e.message, "password contains control characters");
        assert!(check_password("password", "a passphrase with spaces").is_ok());
        assert!(check_token("code", "123456", 10).is_ok());
        // Characters, not bytes.
        assert!(check_token("username", "ééééé", 5).is_ok());
    }

    #[test]
    fn debug_hides_the_password_and_values() {
        let input = SignUp {
            username: "carol".into(),
            password: "Secret-passw0rd!".into(),
            validation_data: vec![("invite".into(), "hidden-invite".into())],
            ..SignUp::default()
        };
        let dbg = format!("{input:?}");
        assert!(dbg.contains("carol") && dbg.contains("invite"), "{dbg}");
        assert!(
            !dbg.contains("Secret-passw0rd!") && !dbg.contains("hidden-invite"),
            "{dbg}"
        );
    }

    #[test]
    fn parses_sign_up() {
        let r = parse_sign_up(&test_reply(
            200,
            r#"{"UserConfirmed":false,"UserSub":"5e1f","CodeDeliveryDetails":{"Destination":"c***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#,
        ))
        .unwrap();
        assert!(!r.user_confirmed);
        assert_eq!(r.user_sub, "5e1f");
        let d = r.code_delivery.unwrap();
        assert_eq!(d.destination.as_deref(), Some("c***@e***"));
        assert_eq!(d.delivery_medium.as_deref(), Some("EMAIL"));
        assert_eq!(d.attribute_name.as_deref(), Some("email"));
        let r = parse_sign_up(&test_reply(200, r#"{"UserConfirmed":true,"UserSub":"x"}"#)).unwrap();
        assert!(r.user_confirmed && r.code_delivery.is_none());
        let e = parse_sign_up(&test_reply(200, r#"{"UserSub":"x"}"#)).unwrap_err();
        assert_eq!(e.message, "SignUp reply has no UserConfirmed");
        let e = parse_sign_up(&test_reply(200, r#"{"UserConfirmed":true}"#)).unwrap_err();
        assert_eq!(e.message, "SignUp reply has no UserSub");
    }

    #[test]
    fn parses_resend() {
        let d = parse_resend_confirmation_code(&test_reply(
            200,
            r#"{"CodeDeliveryDetails":{"Destination":"+*******1234","DeliveryMedium":"SMS"}}"#,
        ))
        .unwrap()
        .unwrap();
        assert_eq!(d.delivery_medium.as_deref(), Some("SMS"));
        assert_eq!(d.attribute_name, None);
        assert_eq!(
            parse_resend_confirmation_code(&test_reply(200, "{}")).unwrap(),
            None
        );
        let e = parse_resend_confirmation_code(&test_reply(
            400,
            r#"{"__type":"LimitExceededException","message":"Attempt limit exceeded"}"#,
        ))
        .unwrap_err();
        assert_eq!(e.name, "LimitExceededException");
    }

    proptest! {
        #[test]
        fn parsers_never_panic(status in prop_oneof![Just(200u16), Just(400u16), 0u16..600], body in "\\PC*") {
            let _ = parse_sign_up(&test_reply(status, &body));
            let _ = parse_resend_confirmation_code(&test_reply(status, &body));
        }

        #[test]
        fn checks_never_panic(value in "\\PC*", max in 0usize..300) {
            let _ = check_token("code", &value, max);
        }
    }
}
