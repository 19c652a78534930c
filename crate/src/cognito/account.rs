//! What the user pool's account calls share: the checks that refuse
//! plainly wrong input before any request, the request that names a user
//! (`ClientId`, `Username`, and `SecretHash` when the app client has a
//! secret), and where a code was sent ([`CodeDelivery`]).
//!
//! Checks name the field, never its value (values may be passwords or
//! codes). Operations themselves live in files of their own
//! ([`crate::cognito::sign_up`], …).

use crate::cognito::aws_json;
use crate::cognito::idp::TARGET_PREFIX;
use crate::config::ValidConfig;
use crate::crypto::secret_hash::secret_hash;
use crate::error::CognitoError;
use crate::wire::http::HttpRequest;
use crate::wire::json::Value;

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

/// Longest user name Cognito accepts (characters).
const MAX_USERNAME: usize = 128;
/// Longest password Cognito accepts (characters).
const MAX_PASSWORD: usize = 256;
/// Longest confirmation code Cognito accepts (characters).
pub const MAX_CODE: usize = 2048;
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
pub fn check_attributes(field: &str, pairs: &[(String, String)]) -> Result<(), CognitoError> {
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
pub fn user_request(
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

/// `CodeDeliveryDetails` of a reply, if present.
pub fn code_delivery(body: &Value) -> Option<CodeDelivery> {
    let details = body.get("CodeDeliveryDetails")?;
    details.as_object()?;
    let field = |key: &str| details.get_str(key).map(str::to_owned);
    Some(CodeDelivery {
        destination: field("Destination"),
        delivery_medium: field("DeliveryMedium"),
        attribute_name: field("AttributeName"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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
            assert_eq!(e.name(), "InvalidParameterException");
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

    proptest! {
        #[test]
        fn checks_never_panic(value in "\\PC*", max in 0usize..300) {
            let _ = check_token("code", &value, max);
            let _ = check_password("password", &value);
        }
    }
}
