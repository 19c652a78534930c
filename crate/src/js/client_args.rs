//! The arguments of `CognitoClient` (its constructor's options, `signIn`,
//! `respondToChallenge`, the account family, and the `forceRefresh` and
//! `global` flags), read and checked in JavaScript (`js/host.js`) and
//! crossed as one packed string, turned here into what the client takes
//! (a [`Config`], an [`AccountRequest`], a [`ChallengeAnswer`], …).
//!
//! The packed string is `!` and the message of a refused argument, or the
//! fields of [`crate::wire::packed`].
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::cognito::account::{AccountRequest, MfaPreference, MfaSetting};
use crate::cognito::challenge::ChallengeAnswer;
use crate::cognito::sign_up::SignUp;
use crate::config::Config;
use crate::error::CognitoError;
use crate::wire::packed::Fields;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// The packed arguments of the method `kind` (never throws).
    #[wasm_bindgen(js_name = packArgs)]
    fn pack_args(kind: u8, first: &JsValue, second: &JsValue) -> String;
}

/// Which method's arguments to read: the index of its reader in
/// `js/host.js`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// `signUp(options)`.
    SignUp,
    /// `confirmSignUp(options)`.
    ConfirmSignUp,
    /// `resendSignUpCode(options)`.
    ResendSignUpCode,
    /// `forgotPassword(options)`.
    ForgotPassword,
    /// `confirmForgotPassword(options)`.
    ConfirmForgotPassword,
    /// `changePassword(options)`.
    ChangePassword,
    /// `updateUserAttributes(attributes)`.
    UpdateUserAttributes,
    /// `sendAttributeVerificationCode(name)`.
    SendAttributeVerificationCode,
    /// `verifyAttribute(name, code)`.
    VerifyAttribute,
    /// `deleteUserAttributes(names)`.
    DeleteUserAttributes,
    /// `verifyTotpSetup(options)`.
    VerifyTotpSetup,
    /// `setMfaPreference(options)`.
    SetMfaPreference,
    /// `rememberDevice(deviceName?)`.
    RememberDevice,
    /// `forgetDevice(deviceKey?)`.
    ForgetDevice,
    /// `signIn(options)`: username and password.
    SignIn,
    /// `respondToChallenge(answer)`.
    ChallengeAnswer,
    /// `new CognitoClient(options)`.
    Config,
    /// The `{ forceRefresh }` of `getTokens`, `getCredentials` and a
    /// `credentialProvider`'s function.
    ForceRefresh,
    /// The `{ global }` of `signOut`.
    SignOut,
}

/// Reads the arguments `first` and `second` of the method `kind` with
/// `unpack`; a wrong one is an `InvalidParameterException` naming it.
fn read_with<T>(
    kind: Kind,
    first: &JsValue,
    second: &JsValue,
    unpack: impl FnOnce(&mut Fields) -> T,
) -> Result<T, CognitoError> {
    let mut packed = pack_args(kind as u8, first, second);
    let read = match packed.strip_prefix('!') {
        Some(message) => Err(CognitoError::invalid_parameter(message)),
        None => {
            let mut fields = Fields::new(&packed);
            let value = unpack(&mut fields);
            if fields.finish() {
                Ok(value)
            } else {
                Err(super::sign::unreadable())
            }
        }
    };
    // The packed arguments may hold a password or a code.
    crate::sigv4::wipe(&mut packed);
    read
}

/// Reads the arguments of the account method `kind`.
pub fn read(kind: Kind, first: &JsValue, second: &JsValue) -> Result<AccountRequest, CognitoError> {
    read_with(kind, first, second, |f| request(kind, f))
}

/// Reads `signIn`'s options: username and password.
pub fn sign_in(options: &JsValue) -> Result<(String, String), CognitoError> {
    read_with(Kind::SignIn, options, &JsValue::UNDEFINED, |f| {
        (f.string(), f.string())
    })
}

/// Reads `respondToChallenge`'s answer.
pub fn answer(value: &JsValue) -> Result<ChallengeAnswer, CognitoError> {
    read_with(Kind::ChallengeAnswer, value, &JsValue::UNDEFINED, |f| {
        ChallengeAnswer {
            new_password: f.optional(),
            code: f.optional(),
            mfa_type: f.optional(),
            attributes: f.pairs(),
        }
    })
}

/// Reads the constructor's options but `refreshMarginSeconds` (which
/// `js/host.js` checks and [`number_option`] reads) and `timeoutMs`: a
/// [`Config`], and its `authFlow` and `storage` as given. A wrong one is
/// an `InvalidConfig`.
pub fn config(options: &JsValue) -> Result<(Config, Option<String>, Option<String>), CognitoError> {
    read_with(Kind::Config, options, &JsValue::UNDEFINED, |f| {
        let mut config = Config::new(f.string(), f.string());
        config.identity_pool_id = f.optional();
        config.region = f.optional();
        config.client_secret = f.optional();
        let auth_flow = f.optional();
        config.cognito_idp_endpoint = f.optional();
        config.cognito_identity_endpoint = f.optional();
        (config, auth_flow, f.optional())
    })
    .map_err(|e| CognitoError::invalid_config(e.message))
}

/// The number `key` of `options`, once `js/host.js` has checked it (a
/// finite number, or not given).
pub fn number_option(options: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_f64())
}

/// The optional `{ forceRefresh }` (`context` names it in messages).
pub fn force_refresh(options: &JsValue, context: &str) -> Result<bool, CognitoError> {
    read_flag(Kind::ForceRefresh, options, &JsValue::from_str(context))
}

/// The optional `{ global }` of `signOut`.
pub fn sign_out_global(options: &JsValue) -> Result<bool, CognitoError> {
    read_flag(Kind::SignOut, options, &JsValue::UNDEFINED)
}

/// A flag of `kind`'s reader: true when given as `true`.
fn read_flag(kind: Kind, first: &JsValue, second: &JsValue) -> Result<bool, CognitoError> {
    read_with(kind, first, second, |f| f.optional().is_some())
}

/// The request of `kind` from its fields.
fn request(kind: Kind, f: &mut Fields) -> AccountRequest {
    match kind {
        Kind::SignUp => AccountRequest::SignUp(SignUp {
            username: f.string(),
            password: f.string(),
            attributes: f.pairs(),
            validation_data: f.pairs(),
            client_metadata: f.pairs(),
        }),
        Kind::ConfirmSignUp => AccountRequest::ConfirmSignUp {
            username: f.string(),
            code: f.string(),
            sign_in: f.optional().is_some(),
        },
        Kind::ResendSignUpCode => AccountRequest::ResendSignUpCode {
            username: f.string(),
        },
        Kind::ForgotPassword => AccountRequest::ForgotPassword {
            username: f.string(),
        },
        Kind::ConfirmForgotPassword => AccountRequest::ConfirmForgotPassword {
            username: f.string(),
            code: f.string(),
            new_password: f.string(),
        },
        Kind::ChangePassword => AccountRequest::ChangePassword {
            old_password: f.string(),
            new_password: f.string(),
        },
        Kind::UpdateUserAttributes => AccountRequest::UpdateUserAttributes(f.pairs()),
        Kind::SendAttributeVerificationCode => {
            AccountRequest::SendAttributeVerificationCode(f.string())
        }
        Kind::VerifyAttribute => AccountRequest::VerifyAttribute {
            name: f.string(),
            code: f.string(),
        },
        Kind::DeleteUserAttributes => AccountRequest::DeleteUserAttributes(f.list()),
        Kind::VerifyTotpSetup => AccountRequest::VerifyTotpSetup {
            code: f.string(),
            friendly_name: f.optional(),
        },
        Kind::SetMfaPreference => AccountRequest::SetMfaPreference(MfaPreference {
            totp: setting(f),
            sms: setting(f),
            email: setting(f),
        }),
        Kind::RememberDevice => AccountRequest::RememberThisDevice(f.optional()),
        Kind::ForgetDevice => AccountRequest::ForgetThisDevice(f.optional()),
        Kind::SignIn
        | Kind::ChallengeAnswer
        | Kind::Config
        | Kind::ForceRefresh
        | Kind::SignOut => {
            f.refuse();
            AccountRequest::DeleteUser
        }
    }
}

/// An MFA setting (`None` when not given).
fn setting(f: &mut Fields) -> Option<MfaSetting> {
    let name = f.optional()?;
    let setting = MfaSetting::parse(&name);
    if setting.is_none() {
        f.refuse();
    }
    setting
}
