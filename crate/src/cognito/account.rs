//! The user pool's account calls as data: [`AccountRequest`] (what the
//! caller asks, checked before any request, then built into the HTTP
//! request) and [`AccountReply`] (what the reply said). One driver
//! (`CognitoClient::account`) sends them all, so every account method costs
//! the shipped build only its request shape and reply parser.
//!
//! Also here: the checks that refuse plainly wrong input (they name the
//! field, never its value, which may be a password or a code), the request
//! that names a user (`ClientId`, `Username`, and `SecretHash` when the app
//! client has a secret) and where a code was sent ([`CodeDelivery`]).
use crate::prelude::*;

use core::fmt;

use crate::cognito::aws_json;
use crate::cognito::challenge::NextStep;
use crate::cognito::idp::TARGET_PREFIX;
use crate::cognito::sign_up::{self, SignUp, SignUpResult};
use crate::config::ValidConfig;
use crate::crypto::secret_hash::secret_hash;
use crate::crypto::srp::DeviceVerifier;
use crate::error::CognitoError;
use crate::wire::encoding::uri_encode;
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::json::Value;
use crate::wire::text::char_count;

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
        return Err(CognitoError::invalid_parameter(text!(
            field,
            " contains white space or control characters"
        )));
    }
    Ok(())
}

/// Checks a password: 1 to 256 characters, no control characters (spaces
/// are the pool's policy to judge). The error never shows the password.
pub fn check_password(field: &str, password: &str) -> Result<(), CognitoError> {
    check_length(field, password, MAX_PASSWORD)?;
    if password.chars().any(char::is_control) {
        return Err(CognitoError::invalid_parameter(text!(
            field,
            " contains control characters"
        )));
    }
    Ok(())
}

/// Checks that `value` has 1 to `max` characters.
fn check_length(field: &str, value: &str, max: usize) -> Result<(), CognitoError> {
    if value.is_empty() {
        return Err(CognitoError::invalid_parameter(text!(field, " is empty")));
    }
    if char_count(value) > max {
        return Err(CognitoError::invalid_parameter(text!(
            field,
            " is longer than ",
            max,
            " characters"
        )));
    }
    Ok(())
}

/// Checks a list of attribute-like name/value pairs.
pub fn check_attributes(field: &str, pairs: &[(String, String)]) -> Result<(), CognitoError> {
    for (name, value) in pairs {
        check_token(&text!(field, " name"), name, MAX_ATTRIBUTE_NAME)?;
        if char_count(value) > MAX_ATTRIBUTE_VALUE {
            return Err(CognitoError::invalid_parameter(text!(
                field,
                ".",
                name,
                " is longer than ",
                MAX_ATTRIBUTE_VALUE,
                " characters"
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
        &text!(TARGET_PREFIX, operation),
        &Value::object(body),
    )
}

/// `CodeDeliveryDetails` of a reply, if present.
pub fn code_delivery(body: &Value) -> Option<CodeDelivery> {
    delivery_of(body.get("CodeDeliveryDetails")?)
}

/// Longest device key Cognito accepts (characters).
const MAX_DEVICE_KEY: usize = 55;
/// Longest device name Cognito accepts (characters).
const MAX_DEVICE_NAME: usize = 1024;

/// How one MFA type is set for the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaSetting {
    /// Enabled, and the type Cognito asks for first.
    Preferred,
    /// Enabled.
    Enabled,
    /// Not used.
    Disabled,
}

impl MfaSetting {
    /// `preferred`, `enabled` or `disabled`.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaSetting::Preferred => "preferred",
            MfaSetting::Enabled => "enabled",
            MfaSetting::Disabled => "disabled",
        }
    }

    /// The setting named `name` (`preferred`, `enabled`, `disabled`).
    pub fn parse(name: &str) -> Option<MfaSetting> {
        [
            MfaSetting::Preferred,
            MfaSetting::Enabled,
            MfaSetting::Disabled,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// The user's MFA settings, one per type. `None`: left as it is
/// (SetUserMFAPreference) or not reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MfaPreference {
    /// Authenticator app codes (`SOFTWARE_TOKEN_MFA`).
    pub totp: Option<MfaSetting>,
    /// Codes by SMS (`SMS_MFA`).
    pub sms: Option<MfaSetting>,
    /// Codes by email (`EMAIL_OTP`).
    pub email: Option<MfaSetting>,
}

impl MfaPreference {
    /// The types as (Cognito's settings field, its name in
    /// `UserMFASettingList`, the setting).
    fn types(&self) -> [(&'static str, &'static str, Option<MfaSetting>); 3] {
        [
            ("SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA", self.totp),
            ("SMSMfaSettings", "SMS_MFA", self.sms),
            ("EmailMfaSettings", "EMAIL_OTP", self.email),
        ]
    }
}

/// A device the user signed in from (ListDevices).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Device {
    /// `DeviceKey`.
    pub key: String,
    /// The `device_name` attribute, when set.
    pub name: Option<String>,
    /// Whether the device is remembered (`dev:device_remembered_status`).
    pub remembered: bool,
    /// Every `DeviceAttributes` name/value pair.
    pub attributes: Vec<(String, String)>,
    /// `DeviceCreateDate`, ms since the epoch.
    pub created_ms: Option<f64>,
    /// `DeviceLastAuthenticatedDate`, ms since the epoch.
    pub last_authenticated_ms: Option<f64>,
}

/// A new authenticator app secret (AssociateSoftwareToken) and the
/// `otpauth://` URI an authenticator app reads (as a QR code).
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSetup {
    /// The base32 secret, for typing into the app.
    pub secret_code: String,
    /// `otpauth://totp/<pool>:<user>?secret=…&issuer=<pool>`.
    pub uri: String,
}

impl fmt::Debug for TotpSetup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSetup(<redacted>)")
    }
}

/// The `otpauth://` URI of a TOTP secret: the label names the pool (the
/// issuer) and the user, so an authenticator app lists it recognisably.
pub fn totp_uri(issuer: &str, username: &str, secret_code: &str) -> String {
    let issuer = uri_encode(issuer, false);
    text!(
        "otpauth://totp/",
        issuer,
        ":",
        uri_encode(username, false),
        "?secret=",
        uri_encode(secret_code, false),
        "&issuer=",
        issuer,
    )
}

/// An account call: what the caller asks for. [`AccountRequest::check`]
/// refuses plainly wrong input, [`AccountRequest::build`] makes the
/// request and [`AccountRequest::parse`] reads the reply.
#[derive(Clone, PartialEq)]
pub enum AccountRequest {
    /// SignUp.
    SignUp(SignUp),
    /// ConfirmSignUp.
    ConfirmSignUp {
        /// The user.
        username: String,
        /// The code the user received.
        code: String,
        /// Then sign the user in with the reply's `Session` (InitiateAuth
        /// `USER_AUTH`), where the app client allows it.
        sign_in: bool,
    },
    /// ResendConfirmationCode.
    ResendSignUpCode {
        /// The user.
        username: String,
    },
    /// ForgotPassword: a code to reset the password.
    ForgotPassword {
        /// The user.
        username: String,
    },
    /// ConfirmForgotPassword: the code and the new password.
    ConfirmForgotPassword {
        /// The user.
        username: String,
        /// The code the user received.
        code: String,
        /// The new password.
        new_password: String,
    },
    /// ChangePassword (signed in).
    ChangePassword {
        /// The current password.
        old_password: String,
        /// The new password.
        new_password: String,
    },
    /// GetUser, for its attributes (signed in).
    GetUserAttributes,
    /// UpdateUserAttributes (signed in).
    UpdateUserAttributes(Vec<(String, String)>),
    /// GetUserAttributeVerificationCode (signed in): the attribute's name.
    SendAttributeVerificationCode(String),
    /// VerifyUserAttribute (signed in).
    VerifyAttribute {
        /// The attribute (`email`, `phone_number`).
        name: String,
        /// The code the user received.
        code: String,
    },
    /// DeleteUserAttributes (signed in): attribute names.
    DeleteUserAttributes(Vec<String>),
    /// DeleteUser (signed in).
    DeleteUser,
    /// AssociateSoftwareToken (signed in).
    SetUpTotp,
    /// VerifySoftwareToken (signed in).
    VerifyTotpSetup {
        /// A code from the authenticator app.
        code: String,
        /// A name for the app (`FriendlyDeviceName`).
        friendly_name: Option<String>,
    },
    /// SetUserMFAPreference (signed in).
    SetMfaPreference(MfaPreference),
    /// GetUser, for its MFA settings (signed in).
    GetMfaPreference,
    /// ListDevices (signed in).
    ListDevices,
    /// ConfirmDevice (signed in): the device's SRP verifier.
    ConfirmDevice {
        /// The new device's key.
        device_key: String,
        /// `DeviceSecretVerifierConfig`.
        verifier: DeviceVerifier,
        /// `DeviceName`.
        name: Option<String>,
    },
    /// UpdateDeviceStatus `remembered` (signed in): the device key.
    RememberDevice(String),
    /// ForgetDevice (signed in): the device key.
    ForgetDevice(String),
    /// `rememberDevice(name?)`: this session's device, confirmed first when
    /// new. The client resolves it into ConfirmDevice and UpdateDeviceStatus
    /// (`build` refuses it).
    RememberThisDevice(Option<String>),
    /// After a sign-in whose reply named a new device (NewDeviceMetadata):
    /// that device, confirmed without a name. The client resolves it into
    /// ConfirmDevice alone (`build` refuses it).
    ConfirmThisDevice,
    /// `forgetDevice(key?)`: a device, by default this session's. The client
    /// resolves it into ForgetDevice (`build` refuses it).
    ForgetThisDevice(Option<String>),
}

impl fmt::Debug for AccountRequest {
    /// The operation only: the fields may be passwords or codes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.operation())
    }
}

/// What an account call answered.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountReply {
    /// Done; nothing to report.
    Done,
    /// SignUp's outcome.
    SignUp(SignUpResult),
    /// ConfirmSignUp: the `Session` that signs the user in without the
    /// password where the app client allows `USER_AUTH`.
    Confirmed(Option<SecretText>),
    /// ConfirmSignUp followed by the sign-in with its `Session`: `None`
    /// signed in, else the challenge to answer.
    SignedIn(Option<NextStep>),
    /// Where a code was sent.
    CodeDelivery(Option<CodeDelivery>),
    /// UpdateUserAttributes: where each code went; the attributes named
    /// there wait for verification.
    CodeDeliveries(Vec<CodeDelivery>),
    /// The user's attributes.
    Attributes(Vec<(String, String)>),
    /// A new TOTP secret.
    Totp(TotpSetup),
    /// The user's MFA settings (every type reported).
    MfaPreference(MfaPreference),
    /// The user's devices.
    Devices(Vec<Device>),
    /// ConfirmDevice: whether the device is remembered only once
    /// UpdateDeviceStatus says so (`UserConfirmationNecessary`).
    DeviceConfirmed(bool),
    /// The device remembered (its key).
    DeviceKey(String),
}

/// A secret string whose Debug output hides it (a challenge `Session`).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretText(pub String);

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Checks a device name, when one is given.
fn check_device_name(name: &Option<String>) -> Result<(), CognitoError> {
    match name {
        Some(name) => check_length("deviceName", name, MAX_DEVICE_NAME),
        None => Ok(()),
    }
}

/// Checks that a list is not empty.
fn check_not_empty<T>(field: &str, items: &[T]) -> Result<(), CognitoError> {
    if items.is_empty() {
        return Err(CognitoError::invalid_parameter(text!(field, " is empty")));
    }
    Ok(())
}

impl AccountRequest {
    /// The cognito-idp operation.
    pub fn operation(&self) -> &'static str {
        use AccountRequest::*;
        match self {
            SignUp(_) => "SignUp",
            ConfirmSignUp { .. } => "ConfirmSignUp",
            ResendSignUpCode { .. } => "ResendConfirmationCode",
            ForgotPassword { .. } => "ForgotPassword",
            ConfirmForgotPassword { .. } => "ConfirmForgotPassword",
            ChangePassword { .. } => "ChangePassword",
            GetUserAttributes | GetMfaPreference => "GetUser",
            UpdateUserAttributes(_) => "UpdateUserAttributes",
            SendAttributeVerificationCode(_) => "GetUserAttributeVerificationCode",
            VerifyAttribute { .. } => "VerifyUserAttribute",
            DeleteUserAttributes(_) => "DeleteUserAttributes",
            DeleteUser => "DeleteUser",
            SetUpTotp => "AssociateSoftwareToken",
            VerifyTotpSetup { .. } => "VerifySoftwareToken",
            SetMfaPreference(_) => "SetUserMFAPreference",
            ListDevices => "ListDevices",
            ConfirmDevice { .. } => "ConfirmDevice",
            RememberDevice(_) => "UpdateDeviceStatus",
            ForgetDevice(_) | ForgetThisDevice(_) => "ForgetDevice",
            RememberThisDevice(_) | ConfirmThisDevice => "ConfirmDevice",
        }
    }

    /// Whether the call acts for the signed-in user (its `AccessToken`)
    /// rather than naming a user (ClientId, Username, SecretHash).
    pub fn needs_access_token(&self) -> bool {
        !matches!(
            self,
            AccountRequest::SignUp(_)
                | AccountRequest::ConfirmSignUp { .. }
                | AccountRequest::ResendSignUpCode { .. }
                | AccountRequest::ForgotPassword { .. }
                | AccountRequest::ConfirmForgotPassword { .. }
        )
    }

    /// Whether sending the call twice does what sending it once does (then
    /// it is repeated after network failures and 5xx; the others, which
    /// send a message, use a code or create something, only when
    /// throttled).
    pub fn idempotent(&self) -> bool {
        matches!(
            self,
            AccountRequest::GetUserAttributes
                | AccountRequest::GetMfaPreference
                | AccountRequest::ListDevices
                | AccountRequest::SetMfaPreference(_)
                | AccountRequest::DeleteUserAttributes(_)
                | AccountRequest::RememberDevice(_)
        )
    }

    /// Refuses plainly wrong input (`InvalidParameterException` naming the
    /// field) before any request, the token refresh included.
    pub fn check(&self) -> Result<(), CognitoError> {
        use AccountRequest::*;
        match self {
            // Their builders check.
            SignUp(_) | ConfirmSignUp { .. } | ResendSignUpCode { .. } => Ok(()),
            ForgotPassword { username } => check_username(username),
            ConfirmForgotPassword {
                username,
                code,
                new_password,
            } => {
                check_username(username)?;
                check_token("code", code, MAX_CODE)?;
                check_password("newPassword", new_password)
            }
            ChangePassword {
                old_password,
                new_password,
            } => {
                check_password("oldPassword", old_password)?;
                check_password("newPassword", new_password)
            }
            UpdateUserAttributes(pairs) => {
                check_not_empty("attributes", pairs)?;
                check_attributes("attributes", pairs)
            }
            SendAttributeVerificationCode(name) => check_token("name", name, MAX_ATTRIBUTE_NAME),
            VerifyAttribute { name, code } => {
                check_token("name", name, MAX_ATTRIBUTE_NAME)?;
                check_token("code", code, MAX_CODE)
            }
            DeleteUserAttributes(names) => {
                check_not_empty("names", names)?;
                names
                    .iter()
                    .try_for_each(|n| check_token("names", n, MAX_ATTRIBUTE_NAME))
            }
            VerifyTotpSetup {
                code,
                friendly_name,
            } => {
                if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(CognitoError::invalid_parameter("code is not 6 digits"));
                }
                match friendly_name {
                    Some(name) => check_length("friendlyName", name, MAX_ATTRIBUTE_VALUE),
                    None => Ok(()),
                }
            }
            SetMfaPreference(p) => {
                if p.types().iter().all(|(_, _, s)| s.is_none()) {
                    return Err(CognitoError::invalid_parameter(
                        "setMfaPreference names no MFA type",
                    ));
                }
                Ok(())
            }
            RememberDevice(key) | ForgetDevice(key) => {
                check_token("deviceKey", key, MAX_DEVICE_KEY)
            }
            ConfirmDevice {
                device_key, name, ..
            } => {
                check_token("deviceKey", device_key, MAX_DEVICE_KEY)?;
                check_device_name(name)
            }
            RememberThisDevice(name) => check_device_name(name),
            ForgetThisDevice(Some(key)) => check_token("deviceKey", key, MAX_DEVICE_KEY),
            ForgetThisDevice(None) | ConfirmThisDevice => Ok(()),
            GetUserAttributes | DeleteUser | SetUpTotp | GetMfaPreference | ListDevices => Ok(()),
        }
    }

    /// The request, checked (as [`AccountRequest::check`] does); calls that
    /// act for the signed-in user carry `access_token`.
    pub fn build(
        &self,
        config: &ValidConfig,
        access_token: &str,
    ) -> Result<HttpRequest, CognitoError> {
        use AccountRequest::*;
        self.check()?;
        let operation = self.operation();
        let fields: Vec<(&str, Value)> = match self {
            SignUp(input) => return sign_up::sign_up(config, input),
            ConfirmSignUp { username, code, .. } => {
                return sign_up::confirm_sign_up(config, username, code)
            }
            ResendSignUpCode { username } => {
                return sign_up::resend_confirmation_code(config, username)
            }
            ForgotPassword { username } => {
                return Ok(user_request(config, operation, username, vec![]))
            }
            ConfirmForgotPassword {
                username,
                code,
                new_password,
            } => {
                return Ok(user_request(
                    config,
                    operation,
                    username,
                    vec![
                        ("ConfirmationCode", Value::from(code.as_str())),
                        ("Password", Value::from(new_password.as_str())),
                    ],
                ))
            }
            ChangePassword {
                old_password,
                new_password,
            } => vec![
                ("PreviousPassword", Value::from(old_password.as_str())),
                ("ProposedPassword", Value::from(new_password.as_str())),
            ],
            UpdateUserAttributes(pairs) => {
                vec![("UserAttributes", sign_up::attribute_list(pairs))]
            }
            SendAttributeVerificationCode(name) => {
                vec![("AttributeName", Value::from(name.as_str()))]
            }
            VerifyAttribute { name, code } => vec![
                ("AttributeName", Value::from(name.as_str())),
                ("Code", Value::from(code.as_str())),
            ],
            DeleteUserAttributes(names) => vec![(
                "UserAttributeNames",
                Value::Array(names.iter().map(|n| Value::from(n.as_str())).collect()),
            )],
            VerifyTotpSetup {
                code,
                friendly_name,
            } => {
                let mut fields = vec![("UserCode", Value::from(code.as_str()))];
                if let Some(name) = friendly_name {
                    fields.push(("FriendlyDeviceName", Value::from(name.as_str())));
                }
                fields
            }
            SetMfaPreference(preference) => preference
                .types()
                .into_iter()
                .filter_map(|(field, _, setting)| {
                    let setting = setting?;
                    Some((
                        field,
                        Value::object([
                            ("Enabled", Value::Bool(setting != MfaSetting::Disabled)),
                            (
                                "PreferredMfa",
                                Value::Bool(setting == MfaSetting::Preferred),
                            ),
                        ]),
                    ))
                })
                .collect(),
            ListDevices => vec![("Limit", Value::Number(60.0))],
            RememberDevice(key) => vec![
                ("DeviceKey", Value::from(key.as_str())),
                ("DeviceRememberedStatus", Value::from("remembered")),
            ],
            ForgetDevice(key) => vec![("DeviceKey", Value::from(key.as_str()))],
            ConfirmDevice {
                device_key,
                verifier,
                name,
            } => {
                let mut fields = vec![
                    ("DeviceKey", Value::from(device_key.as_str())),
                    (
                        "DeviceSecretVerifierConfig",
                        Value::object(vec![
                            (
                                "PasswordVerifier",
                                Value::from(verifier.password_verifier.as_str()),
                            ),
                            ("Salt", Value::from(verifier.salt.as_str())),
                        ]),
                    ),
                ];
                fields.extend(name.as_deref().map(|n| ("DeviceName", Value::from(n))));
                fields
            }
            GetUserAttributes | GetMfaPreference | DeleteUser | SetUpTotp => vec![],
            RememberThisDevice(_) | ForgetThisDevice(_) | ConfirmThisDevice => {
                return Err(CognitoError::invalid_parameter(
                    "the client resolves the device first",
                ))
            }
        };
        let mut body = vec![("AccessToken", Value::from(access_token))];
        body.extend(fields);
        Ok(aws_json::request(
            config.idp_endpoint(),
            &text!(TARGET_PREFIX, operation),
            &Value::object(body),
        ))
    }

    /// Parses the reply. `username` (the signed-in user) and `issuer` (the
    /// user pool id) name the account in SetUpTotp's `otpauth://` URI.
    pub fn parse(
        &self,
        response: &HttpResponse,
        issuer: &str,
        username: &str,
    ) -> Result<AccountReply, CognitoError> {
        use AccountRequest::*;
        let operation = self.operation();
        if let SignUp(_) = self {
            return sign_up::parse_sign_up(response).map(AccountReply::SignUp);
        }
        let body = aws_json::parse_reply(response, operation)?;
        Ok(match self {
            ConfirmSignUp { .. } => AccountReply::Confirmed(
                body.get_str("Session")
                    .filter(|s| !s.is_empty())
                    .map(|s| SecretText(s.to_owned())),
            ),
            ResendSignUpCode { .. } | ForgotPassword { .. } | SendAttributeVerificationCode(_) => {
                AccountReply::CodeDelivery(code_delivery(&body))
            }
            UpdateUserAttributes(_) => AccountReply::CodeDeliveries(
                body.get("CodeDeliveryDetailsList")
                    .and_then(Value::as_array)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(delivery_of)
                    .collect(),
            ),
            GetUserAttributes => AccountReply::Attributes(name_values(&body, "UserAttributes")),
            GetMfaPreference => AccountReply::MfaPreference(mfa_preference(&body)),
            SetUpTotp => {
                let secret_code = aws_json::required_str(&body, "SecretCode", operation, "")?;
                AccountReply::Totp(TotpSetup {
                    uri: totp_uri(issuer, username, secret_code),
                    secret_code: secret_code.to_owned(),
                })
            }
            VerifyTotpSetup { .. } => {
                if body.get_str("Status") == Some("ERROR") {
                    return Err(CognitoError::from_aws(
                        "EnableSoftwareTokenMFAException",
                        "the code did not verify the authenticator app",
                        400,
                    ));
                }
                AccountReply::Done
            }
            ListDevices => AccountReply::Devices(
                body.get("Devices")
                    .and_then(Value::as_array)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(device)
                    .collect(),
            ),
            ConfirmDevice { .. } => AccountReply::DeviceConfirmed(
                body.get("UserConfirmationNecessary")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            ),
            _ => AccountReply::Done,
        })
    }
}

/// `[{"Name", "Value"}, …]` under `key`, as pairs (entries without both
/// strings skipped).
fn name_values(body: &Value, key: &str) -> Vec<(String, String)> {
    body.get(key)
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|a| {
            Some((
                a.get_str("Name")?.to_owned(),
                a.get_str("Value")?.to_owned(),
            ))
        })
        .collect()
}

/// One `CodeDeliveryDetails` object.
fn delivery_of(details: &Value) -> Option<CodeDelivery> {
    details.as_object()?;
    let field = |key: &str| details.get_str(key).map(str::to_owned);
    Some(CodeDelivery {
        destination: field("Destination"),
        delivery_medium: field("DeliveryMedium"),
        attribute_name: field("AttributeName"),
    })
}

/// The MFA settings of a GetUser reply (`UserMFASettingList`,
/// `PreferredMfaSetting`); every type reported.
fn mfa_preference(body: &Value) -> MfaPreference {
    let enabled: Vec<&str> = body
        .get("UserMFASettingList")
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let preferred = body.get_str("PreferredMfaSetting");
    let setting = |name: &str| {
        Some(if preferred == Some(name) {
            MfaSetting::Preferred
        } else if enabled.contains(&name) {
            MfaSetting::Enabled
        } else {
            MfaSetting::Disabled
        })
    };
    let mut preference = MfaPreference::default();
    let [totp, sms, email] = preference.types().map(|(_, name, _)| setting(name));
    preference.totp = totp;
    preference.sms = sms;
    preference.email = email;
    preference
}

/// One entry of ListDevices' `Devices`; entries without a key skipped.
fn device(entry: &Value) -> Option<Device> {
    let key = entry.get_str("DeviceKey").filter(|k| !k.is_empty())?;
    let attributes = name_values(entry, "DeviceAttributes");
    let attribute = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let date = |field: &str| entry.get_f64(field).map(|s| s * 1000.0);
    Some(Device {
        key: key.to_owned(),
        name: attribute("device_name").map(str::to_owned),
        remembered: attribute("dev:device_remembered_status") == Some("remembered"),
        created_ms: date("DeviceCreateDate"),
        last_authenticated_ms: date("DeviceLastAuthenticatedDate"),
        attributes,
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
