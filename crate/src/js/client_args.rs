//! The arguments of `CognitoClient`'s methods (`signIn`,
//! `respondToChallenge` and the account family), read and checked in
//! JavaScript (`js/client_args.js`) and crossed as one packed string, turned
//! here into what the client takes (an [`AccountRequest`], a
//! [`ChallengeAnswer`], …).
//!
//! The packed form is `!` and the message of a refused argument, or the
//! fields in order, each `<length>:<text>` (the length in UTF-16 units) or
//! `-` when not given; a record or a list is its count as a field, then its
//! names and values (or items).
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::cognito::account::{AccountRequest, MfaPreference, MfaSetting};
use crate::cognito::challenge::ChallengeAnswer;
use crate::cognito::sign_up::SignUp;
use crate::error::CognitoError;

#[wasm_bindgen(module = "/js/client_args.js")]
extern "C" {
    /// The packed arguments of the method `kind` (never throws).
    #[wasm_bindgen(js_name = packArgs)]
    fn pack_args(kind: u8, first: &JsValue, second: &JsValue) -> String;
}

/// Which method's arguments to read: the index of its reader in
/// `js/client_args.js`.
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
            let mut fields = Fields {
                rest: &packed,
                bad: false,
            };
            let value = unpack(&mut fields);
            if fields.bad || !fields.rest.is_empty() {
                Err(super::sign::unreadable())
            } else {
                Ok(value)
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
            new_password: f.next(),
            code: f.next(),
            mfa_type: f.next(),
            attributes: f.pairs(),
        }
    })
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
            sign_in: f.next().is_some(),
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
        Kind::DeleteUserAttributes => {
            let mut names = Vec::new();
            for _ in 0..f.count() {
                names.push(f.string());
            }
            AccountRequest::DeleteUserAttributes(names)
        }
        Kind::VerifyTotpSetup => AccountRequest::VerifyTotpSetup {
            code: f.string(),
            friendly_name: f.next(),
        },
        Kind::SetMfaPreference => AccountRequest::SetMfaPreference(MfaPreference {
            totp: f.setting(),
            sms: f.setting(),
            email: f.setting(),
        }),
        Kind::RememberDevice => AccountRequest::RememberThisDevice(f.next()),
        Kind::ForgetDevice => AccountRequest::ForgetThisDevice(f.next()),
        Kind::SignIn | Kind::ChallengeAnswer => {
            f.bad = true;
            AccountRequest::DeleteUser
        }
    }
}

/// The packed fields not read yet. Reading never fails: a field that does
/// not read as it should (which `js/client_args.js` never writes) reads as
/// empty and marks the whole as `bad`.
struct Fields<'a> {
    rest: &'a str,
    bad: bool,
}

impl<'a> Fields<'a> {
    /// The next field, `None` when not given.
    fn next(&mut self) -> Option<String> {
        let field = self.split();
        self.bad |= field.is_none();
        field.flatten().map(str::to_owned)
    }

    /// The next field split off `rest`: `Some(None)` when not given, `None`
    /// at the end or where the text does not read as a field.
    fn split(&mut self) -> Option<Option<&'a str>> {
        if let Some(rest) = self.rest.strip_prefix('-') {
            self.rest = rest;
            return Some(None);
        }
        let (length, rest) = self.rest.split_once(':')?;
        let units: usize = length.parse().ok()?;
        let (mut counted, mut end) = (0, 0);
        for c in rest.chars() {
            if counted >= units {
                break;
            }
            counted += c.len_utf16();
            end += c.len_utf8();
        }
        if counted != units {
            return None;
        }
        let text = rest.get(..end)?;
        self.rest = rest.get(end..)?;
        Some(Some(text))
    }

    /// The next field, which must be given.
    fn string(&mut self) -> String {
        let field = self.next();
        self.bad |= field.is_none();
        field.unwrap_or_default()
    }

    /// A count field (0 once `bad`, so that nothing more is read).
    fn count(&mut self) -> usize {
        let count = self.string().parse().unwrap_or_default();
        if self.bad {
            0
        } else {
            count
        }
    }

    /// A record: its count, then each name and value.
    fn pairs(&mut self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for _ in 0..self.count() {
            pairs.push((self.string(), self.string()));
        }
        pairs
    }

    /// An MFA setting (`None` when not given).
    fn setting(&mut self) -> Option<MfaSetting> {
        let name = self.next()?;
        let setting = MfaSetting::parse(&name);
        self.bad |= setting.is_none();
        setting
    }
}
