//! cognito-idp sign-up shapes: SignUp, ConfirmSignUp and
//! ResendConfirmationCode.
//!
//! Each builder checks its input first (a plainly wrong value is an
//! `InvalidParameterException` naming the field, never its value) and adds
//! `SecretHash` when the app client has a secret. None of these calls is
//! signed or needs a token: they name the user instead.
use crate::prelude::*;

use core::fmt;

use crate::cognito::account::{
    check_attributes, check_password, check_token, check_username, code_delivery, user_request,
    CodeDelivery, MAX_CODE,
};
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

/// `[{"Name": …, "Value": …}, …]`, the shape of `UserAttributes` and
/// `ValidationData`.
pub fn attribute_list(pairs: &[(String, String)]) -> Value {
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

/// InitiateAuth `USER_AUTH` with the `Session` that ConfirmSignUp returned:
/// signs the new user in without the password, where the app client allows
/// `USER_AUTH`. The session is single-use and names its user.
pub fn initiate_auth_with_session(
    config: &ValidConfig,
    username: &str,
    session: &str,
) -> HttpRequest {
    let mut parameters = vec![("USERNAME".to_owned(), username.to_owned())];
    if let Some(secret) = config.client_secret() {
        parameters.push((
            "SECRET_HASH".to_owned(),
            secret_hash(secret, username, config.client_id()),
        ));
    }
    aws_json::request(
        config.idp_endpoint(),
        &text!(TARGET_PREFIX, "InitiateAuth"),
        &Value::object([
            ("AuthFlow", Value::from("USER_AUTH")),
            ("ClientId", Value::from(config.client_id())),
            ("AuthParameters", Value::string_map(parameters)),
            ("Session", Value::from(session)),
        ]),
    )
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
        assert_eq!(e.name(), "LimitExceededException");
    }

    proptest! {
        #[test]
        fn parsers_never_panic(status in prop_oneof![Just(200u16), Just(400u16), 0u16..600], body in "\\PC*") {
            let _ = parse_sign_up(&test_reply(status, &body));
            let _ = parse_resend_confirmation_code(&test_reply(status, &body));
        }
    }
}
