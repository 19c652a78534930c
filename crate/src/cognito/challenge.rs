//! Sign-in challenges after the password: what the caller is told
//! ([`NextStep`]), what it answers ([`ChallengeAnswer`]) and the
//! `ChallengeResponses` built from the answer.
//!
//! Supported: `NEW_PASSWORD_REQUIRED` (with required attributes), `SMS_MFA`,
//! `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`, `SELECT_MFA_TYPE`, and `MFA_SETUP` with
//! an authenticator app (the secret is fetched with the challenge's
//! `Session`, [`associate_software_token`], and the answer's code verified
//! with it, [`verify_software_token`], before the challenge is answered).
//! Other challenges are reported as a [`NextStep`] but cannot be answered.
use crate::prelude::*;

use core::fmt;

use crate::cognito::account::TotpSetup;
use crate::cognito::aws_json;
use crate::cognito::idp::{Challenge, TARGET_PREFIX};
use crate::config::ValidConfig;
use crate::error::CognitoError;
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::json::{self, Value};

/// Challenges that [`responses`] can answer.
pub const SUPPORTED: [&str; 6] = [
    "NEW_PASSWORD_REQUIRED",
    "MFA_SETUP",
    "SMS_MFA",
    "SOFTWARE_TOKEN_MFA",
    "EMAIL_OTP",
    "SELECT_MFA_TYPE",
];

const ATTRIBUTE_PREFIX: &str = "userAttributes.";

/// What the user must do next to finish signing in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NextStep {
    /// The challenge name (`NEW_PASSWORD_REQUIRED`, `SMS_MFA`, …).
    pub challenge: String,
    /// NEW_PASSWORD_REQUIRED: attributes that must be given with the new
    /// password (bare names such as `email`, `name`).
    pub required_attributes: Vec<String>,
    /// NEW_PASSWORD_REQUIRED: the user's current attributes, as Cognito sent them.
    pub user_attributes: Vec<(String, String)>,
    /// SELECT_MFA_TYPE / MFA_SETUP: the MFA types to choose from
    /// (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    pub mfa_types: Vec<String>,
    /// Where a code was sent (masked, such as `+*******1234`).
    pub code_delivery_destination: Option<String>,
    /// How a code was sent (`SMS`, `EMAIL`).
    pub code_delivery_medium: Option<String>,
    /// MFA_SETUP: the new authenticator-app secret and its `otpauth://`
    /// URI; the answer is a code from the app.
    pub totp_setup: Option<TotpSetup>,
}

impl NextStep {
    /// The step a challenge asks for.
    pub fn from_challenge(challenge: &Challenge) -> NextStep {
        let required_attributes = challenge
            .parameter("requiredAttributes")
            .map(string_list)
            .unwrap_or_default()
            .into_iter()
            .map(|a| bare_attribute(&a).to_owned())
            .collect();
        let user_attributes = challenge
            .parameter("userAttributes")
            .and_then(|text| json::parse(text).ok())
            .and_then(|v| {
                v.as_object().map(|pairs| {
                    pairs
                        .iter()
                        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                        .collect()
                })
            })
            .unwrap_or_default();
        let mfa_types = challenge
            .parameter("MFAS_CAN_CHOOSE")
            .or_else(|| challenge.parameter("MFAS_CAN_SETUP"))
            .map(string_list)
            .unwrap_or_default();
        NextStep {
            challenge: challenge.name.clone(),
            required_attributes,
            user_attributes,
            mfa_types,
            code_delivery_destination: challenge
                .parameter("CODE_DELIVERY_DESTINATION")
                .map(str::to_owned),
            code_delivery_medium: challenge
                .parameter("CODE_DELIVERY_DELIVERY_MEDIUM")
                .map(str::to_owned),
            totp_setup: None,
        }
    }
}

/// An attribute name without the `userAttributes.` prefix.
fn bare_attribute(name: &str) -> &str {
    name.strip_prefix(ATTRIBUTE_PREFIX).unwrap_or(name)
}

/// A JSON array of strings given as a string parameter (`["a","b"]`);
/// anything unreadable gives an empty list.
fn string_list(text: &str) -> Vec<String> {
    json::parse(text)
        .ok()
        .and_then(|v| {
            v.as_array().map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// The user's answer to a challenge; which fields are needed depends on it:
/// `new_password` (+ `attributes`) for NEW_PASSWORD_REQUIRED, `code` for the
/// MFA and OTP challenges, `mfa_type` for SELECT_MFA_TYPE.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ChallengeAnswer {
    /// NEW_PASSWORD_REQUIRED: the new password.
    pub new_password: Option<String>,
    /// SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP: the code.
    pub code: Option<String>,
    /// SELECT_MFA_TYPE: the chosen type.
    pub mfa_type: Option<String>,
    /// NEW_PASSWORD_REQUIRED: attribute values (bare names, `email`).
    pub attributes: Vec<(String, String)>,
}

impl fmt::Debug for ChallengeAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChallengeAnswer")
            .field(
                "new_password",
                &self.new_password.as_ref().map(|_| "<redacted>"),
            )
            .field("code", &self.code.as_ref().map(|_| "<redacted>"))
            .field("mfa_type", &self.mfa_type)
            .field("attributes", &self.attributes)
            .finish()
    }
}

/// A challenge waiting for the user's answer, as the client keeps it.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingChallenge {
    /// The challenge name.
    pub name: String,
    /// Cognito's `Session` for the answer.
    pub session: Option<String>,
    /// The `USERNAME` to answer with: the challenge's `USERNAME`, else its
    /// `USER_ID_FOR_SRP`, else the name the user signed in with.
    pub username: String,
    /// What the caller was told.
    pub next_step: NextStep,
}

impl PendingChallenge {
    /// Keeps `challenge`; `username` is used when it names no user.
    pub fn new(challenge: &Challenge, username: &str) -> PendingChallenge {
        PendingChallenge {
            name: challenge.name.clone(),
            session: challenge.session.clone(),
            username: ["USERNAME", "USER_ID_FOR_SRP"]
                .into_iter()
                .filter_map(|k| challenge.parameter(k))
                .find(|u| !u.is_empty())
                .unwrap_or(username)
                .to_owned(),
            next_step: NextStep::from_challenge(challenge),
        }
    }
}

impl fmt::Debug for PendingChallenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingChallenge")
            .field("name", &self.name)
            .field("session", &self.session.as_ref().map(|_| "<redacted>"))
            .field("username", &self.username)
            .field("next_step", &self.next_step)
            .finish()
    }
}

/// AssociateSoftwareToken for an MFA_SETUP challenge: a new TOTP secret
/// for the user signing in, named by the challenge's `session`.
pub fn associate_software_token(config: &ValidConfig, session: &str) -> HttpRequest {
    setup_request(config, "AssociateSoftwareToken", session, None)
}

/// VerifySoftwareToken for an MFA_SETUP challenge: proves the app holds the
/// secret with one of its codes.
pub fn verify_software_token(config: &ValidConfig, session: &str, code: &str) -> HttpRequest {
    setup_request(config, "VerifySoftwareToken", session, Some(code))
}

fn setup_request(
    config: &ValidConfig,
    operation: &str,
    session: &str,
    code: Option<&str>,
) -> HttpRequest {
    let mut body = vec![("Session", Value::from(session))];
    if let Some(code) = code {
        body.push(("UserCode", Value::from(code)));
    }
    aws_json::request(
        config.idp_endpoint(),
        &text!(TARGET_PREFIX, operation),
        &Value::object(body),
    )
}

/// Parses an AssociateSoftwareToken or VerifySoftwareToken reply made with
/// a `Session`: the `SecretCode` (AssociateSoftwareToken only) and the
/// `Session` for the next step. A VerifySoftwareToken `Status` other than
/// `SUCCESS` is an `EnableSoftwareTokenMFAException`.
pub fn parse_setup_reply(
    response: &HttpResponse,
    operation: &str,
) -> Result<(Option<String>, String), CognitoError> {
    let body = aws_json::parse_reply(response, operation)?;
    if body.get_str("Status") == Some("ERROR") {
        return Err(CognitoError::from_aws(
            "EnableSoftwareTokenMFAException",
            "the code did not verify the authenticator app",
            400,
        ));
    }
    let session = aws_json::required_str(&body, "Session", operation, "")?;
    Ok((
        body.get_str("SecretCode").map(str::to_owned),
        session.to_owned(),
    ))
}

/// `ChallengeResponses` answering `pending` (without SECRET_HASH, which the
/// request builder adds). A missing or unusable answer is an
/// `InvalidParameterException`, before any request.
pub fn responses(
    pending: &PendingChallenge,
    answer: &ChallengeAnswer,
) -> Result<Vec<(String, String)>, CognitoError> {
    let mut out = vec![("USERNAME".to_owned(), pending.username.clone())];
    let code = |key: &str| -> Result<(String, String), CognitoError> {
        match answer.code.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => Ok((key.to_owned(), c.to_owned())),
            _ => Err(CognitoError::invalid_parameter(text!(
                pending.name,
                " needs a code"
            ))),
        }
    };
    match pending.name.as_str() {
        "NEW_PASSWORD_REQUIRED" => {
            let password = answer
                .new_password
                .as_deref()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| {
                    CognitoError::invalid_parameter("NEW_PASSWORD_REQUIRED needs a new password")
                })?;
            out.push(("NEW_PASSWORD".to_owned(), password.to_owned()));
            for required in &pending.next_step.required_attributes {
                let given = answer
                    .attributes
                    .iter()
                    .any(|(k, v)| bare_attribute(k) == required && !v.is_empty());
                if !given {
                    return Err(CognitoError::invalid_parameter(text!(
                        "NEW_PASSWORD_REQUIRED needs the attribute ",
                        required
                    )));
                }
            }
            for (name, value) in &answer.attributes {
                if name.is_empty() {
                    return Err(CognitoError::invalid_parameter(
                        "an attribute name is empty",
                    ));
                }
                out.push((text!(ATTRIBUTE_PREFIX, bare_attribute(name)), value.clone()));
            }
        }
        // The code is verified first (VerifySoftwareToken); the answer
        // itself carries only the user.
        "MFA_SETUP" => {
            code("SOFTWARE_TOKEN_MFA_CODE")?;
        }
        "SMS_MFA" => out.push(code("SMS_MFA_CODE")?),
        "SOFTWARE_TOKEN_MFA" => out.push(code("SOFTWARE_TOKEN_MFA_CODE")?),
        "EMAIL_OTP" => out.push(code("EMAIL_OTP_CODE")?),
        "SELECT_MFA_TYPE" => {
            let choice = answer
                .mfa_type
                .as_deref()
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    CognitoError::invalid_parameter("SELECT_MFA_TYPE needs an MFA type")
                })?;
            let offered = &pending.next_step.mfa_types;
            if !offered.is_empty() && !offered.iter().any(|t| t == choice) {
                let mut message = text!("MFA type ", choice, " is not one of ");
                for (i, t) in offered.iter().enumerate() {
                    if i > 0 {
                        message.push_str(", ");
                    }
                    message.push_str(t);
                }
                return Err(CognitoError::invalid_parameter(message));
            }
            out.push(("ANSWER".to_owned(), choice.to_owned()));
        }
        other => {
            return Err(CognitoError::invalid_parameter(text!(
                "the ",
                other,
                " challenge is not supported"
            )))
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    fn challenge(name: &str, params: &[(&str, &str)]) -> Challenge {
        Challenge {
            name: name.to_owned(),
            session: Some("s".to_owned()),
            parameters: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn answer() -> ChallengeAnswer {
        ChallengeAnswer::default()
    }

    #[test]
    fn new_password_required() {
        let c = challenge(
            "NEW_PASSWORD_REQUIRED",
            &[
                ("USERNAME", "real-name"),
                (
                    "requiredAttributes",
                    r#"["userAttributes.name","userAttributes.email"]"#,
                ),
                (
                    "userAttributes",
                    r#"{"email_verified":"true","phone_number":"+1"}"#,
                ),
            ],
        );
        let pending = PendingChallenge::new(&c, "typed");
        assert_eq!(pending.username, "real-name");
        assert_eq!(pending.next_step.required_attributes, vec!["name", "email"]);
        assert_eq!(
            pending.next_step.user_attributes,
            vec![
                ("email_verified".to_owned(), "true".to_owned()),
                ("phone_number".to_owned(), "+1".to_owned())
            ]
        );
        let e = responses(&pending, &answer()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
        let mut a = ChallengeAnswer {
            new_password: Some("N3w!pass".into()),
            attributes: vec![("name".into(), "Ann".into())],
            ..answer()
        };
        let e = responses(&pending, &a).unwrap_err();
        assert_eq!(e.message, "NEW_PASSWORD_REQUIRED needs the attribute email");
        a.attributes
            .push(("userAttributes.email".into(), "a@x.org".into()));
        assert_eq!(
            responses(&pending, &a).unwrap(),
            vec![
                ("USERNAME".to_owned(), "real-name".to_owned()),
                ("NEW_PASSWORD".to_owned(), "N3w!pass".to_owned()),
                ("userAttributes.name".to_owned(), "Ann".to_owned()),
                ("userAttributes.email".to_owned(), "a@x.org".to_owned()),
            ]
        );
        assert!(!format!("{a:?}").contains("N3w!pass"));
    }

    #[test]
    fn codes() {
        for (name, key) in [
            ("SMS_MFA", "SMS_MFA_CODE"),
            ("SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE"),
            ("EMAIL_OTP", "EMAIL_OTP_CODE"),
        ] {
            let c = challenge(
                name,
                &[
                    ("CODE_DELIVERY_DESTINATION", "a***@e***"),
                    ("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL"),
                ],
            );
            let pending = PendingChallenge::new(&c, "typed");
            assert_eq!(pending.username, "typed");
            assert_eq!(
                pending.next_step.code_delivery_destination.as_deref(),
                Some("a***@e***")
            );
            assert_eq!(
                pending.next_step.code_delivery_medium.as_deref(),
                Some("EMAIL")
            );
            assert!(responses(&pending, &answer()).is_err());
            let blank = ChallengeAnswer {
                code: Some("  ".into()),
                ..answer()
            };
            assert!(responses(&pending, &blank).is_err());
            let a = ChallengeAnswer {
                code: Some(" 123456 ".into()),
                ..answer()
            };
            assert_eq!(
                responses(&pending, &a).unwrap(),
                vec![
                    ("USERNAME".to_owned(), "typed".to_owned()),
                    (key.to_owned(), "123456".to_owned())
                ]
            );
        }
    }

    #[test]
    fn select_mfa_type() {
        let c = challenge(
            "SELECT_MFA_TYPE",
            &[("MFAS_CAN_CHOOSE", r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#)],
        );
        let pending = PendingChallenge::new(&c, "u");
        assert_eq!(
            pending.next_step.mfa_types,
            vec!["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
        );
        let bad = ChallengeAnswer {
            mfa_type: Some("EMAIL_OTP".into()),
            ..answer()
        };
        assert_eq!(
            responses(&pending, &bad).unwrap_err().message,
            "MFA type EMAIL_OTP is not one of SMS_MFA, SOFTWARE_TOKEN_MFA"
        );
        let good = ChallengeAnswer {
            mfa_type: Some("SOFTWARE_TOKEN_MFA".into()),
            ..answer()
        };
        assert_eq!(
            responses(&pending, &good).unwrap()[1],
            ("ANSWER".to_owned(), "SOFTWARE_TOKEN_MFA".to_owned())
        );
    }

    #[test]
    fn mfa_setup_without_a_code_is_refused() {
        let pending = PendingChallenge::new(
            &challenge(
                "MFA_SETUP",
                &[("MFAS_CAN_SETUP", r#"["SOFTWARE_TOKEN_MFA"]"#)],
            ),
            "u",
        );
        assert_eq!(pending.next_step.mfa_types, vec!["SOFTWARE_TOKEN_MFA"]);
        let e = responses(&pending, &answer()).unwrap_err();
        assert_eq!(e.message, "MFA_SETUP needs a code");
        assert!(!format!("{pending:?}").contains("\"s\""));
    }

    #[test]
    fn unsupported_challenge() {
        let pending = PendingChallenge::new(&challenge("CUSTOM_CHALLENGE", &[]), "u");
        let e = responses(&pending, &answer()).unwrap_err();
        assert_eq!(e.message, "the CUSTOM_CHALLENGE challenge is not supported");
    }

    proptest! {
        #[test]
        fn next_step_never_panics(a in "\\PC*", b in "\\PC*", c in "\\PC*") {
            let ch = challenge("X", &[("requiredAttributes", &a), ("userAttributes", &b), ("MFAS_CAN_CHOOSE", &c)]);
            let _ = NextStep::from_challenge(&ch);
        }
    }
}
