//! `CognitoClient`'s account methods (`signUp`, `forgotPassword`,
//! `getUserAttributes`, `setUpTotp`, `listDevices`, …) with their
//! TypeScript types.
//!
//! Every export reads its arguments into an [`AccountRequest`] (read and
//! checked in JavaScript, [`super::client_args`]) and makes one shared
//! promise (`JsCognitoClient::account`) around the client's one account
//! driver, so the whole family is a single future in the wasm. Wrong
//! arguments reject with `InvalidParameterException` before any request.
use crate::prelude::*;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;

use super::client::JsCognitoClient;
use super::client_args::{read, Kind};
use super::convert;
use crate::client::SignInResult;
use crate::cognito::account::{AccountReply, AccountRequest, CodeDelivery, Device, TotpSetup};
use crate::error::CognitoError;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Argument of `signUp`. */
export interface SignUpOptions {
  username: string;
  password: string;
  /** User attributes (`email`, `name`, `custom:…`). */
  attributes?: Record<string, string>;
  /** For a pre-sign-up Lambda trigger. */
  validationData?: Record<string, string>;
  /** Passed to the pool's Lambda triggers. */
  clientMetadata?: Record<string, string>;
}

/** Where and how a confirmation code was sent. */
export interface CodeDelivery {
  /** Masked (`d***@e***`, `+*******1234`). */
  destination?: string;
  /** `EMAIL` or `SMS`. */
  deliveryMedium?: string;
  /** The attribute the code verifies (`email`, `phone_number`). */
  attributeName?: string;
}

/** Outcome of `signUp`. */
export interface SignUpResult {
  /** Whether the user is confirmed already; otherwise `confirmSignUp` follows. */
  userConfirmed: boolean;
  /** The new user's `sub`. */
  userSub: string;
  /** Where the confirmation code went, when one was sent. */
  codeDelivery?: CodeDelivery;
}

/** Argument of `confirmSignUp`. */
export interface ConfirmSignUpOptions {
  username: string;
  /** The code the user received. */
  code: string;
  /** Then sign the user in without the password, with the Session ConfirmSignUp returns (where the app client allows `USER_AUTH`). */
  signIn?: boolean;
}

/** Argument of `resendSignUpCode` and `forgotPassword`. */
export interface UsernameOptions {
  username: string;
}

/** Outcome of the calls that send a code. */
export interface CodeDeliveryResult {
  /** Where the code went. */
  codeDelivery?: CodeDelivery;
}

/** Argument of `resendSignUpCode`. */
export type ResendSignUpCodeOptions = UsernameOptions;

/** Outcome of `resendSignUpCode`. */
export type ResendSignUpCodeResult = CodeDeliveryResult;

/** Argument of `confirmForgotPassword`. */
export interface ConfirmForgotPasswordOptions {
  username: string;
  /** The code `forgotPassword` sent. */
  code: string;
  newPassword: string;
}

/** Argument of `changePassword`. */
export interface ChangePasswordOptions {
  oldPassword: string;
  newPassword: string;
}

/** Outcome of `updateUserAttributes`. */
export interface UpdateUserAttributesResult {
  /** The attributes that now wait for verification (`verifyAttribute`). */
  unverifiedAttributes: string[];
  /** Where each verification code went. */
  codeDeliveries: CodeDelivery[];
}

/** A new authenticator-app secret. */
export interface TotpSetup {
  /** The base32 secret, to type into the app. */
  secretCode: string;
  /** `otpauth://totp/<user pool id>:<username>?secret=…&issuer=<user pool id>`, for a QR code. */
  uri: string;
}

/** Argument of `verifyTotpSetup`. */
export interface VerifyTotpSetupOptions {
  /** A 6-digit code from the app. */
  code: string;
  /** A name for the app. */
  friendlyName?: string;
}

/** How one MFA type is set. */
export type MfaSetting = 'preferred' | 'enabled' | 'disabled';

/** The user's MFA settings; in `setMfaPreference`, a type left out is left as it is. */
export interface MfaPreference {
  totp?: MfaSetting;
  sms?: MfaSetting;
  email?: MfaSetting;
}

/** A device the user signed in from. */
export interface Device {
  deviceKey: string;
  /** The `device_name` attribute. */
  name?: string;
  /** Whether signing in from it skips MFA. */
  remembered: boolean;
  /** Every device attribute. */
  attributes: Record<string, string>;
  createdAt?: Date;
  lastAuthenticatedAt?: Date;
}
"#;

/// `{ destination?, deliveryMedium?, attributeName? }`.
fn code_delivery_to_js(delivery: &CodeDelivery) -> JsValue {
    let object = Object::new();
    let fields = [
        ("destination", &delivery.destination),
        ("deliveryMedium", &delivery.delivery_medium),
        ("attributeName", &delivery.attribute_name),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            convert::set(&object, key, value.as_str());
        }
    }
    object.into()
}

/// `{ codeDelivery? }` plus whatever `object` already holds.
fn with_code_delivery(object: Object, delivery: Option<&CodeDelivery>) -> JsValue {
    if let Some(delivery) = delivery {
        convert::set(&object, "codeDelivery", code_delivery_to_js(delivery));
    }
    object.into()
}

/// One `Device`.
fn device_to_js(device: &Device) -> JsValue {
    let object = Object::new();
    convert::set(&object, "deviceKey", device.key.as_str());
    if let Some(name) = &device.name {
        convert::set(&object, "name", name.as_str());
    }
    convert::set(&object, "remembered", device.remembered);
    convert::set(
        &object,
        "attributes",
        convert::string_record(&device.attributes),
    );
    for (key, ms) in [
        ("createdAt", device.created_ms),
        ("lastAuthenticatedAt", device.last_authenticated_ms),
    ] {
        if let Some(ms) = ms {
            convert::set(&object, key, convert::date(ms));
        }
    }
    object.into()
}

/// `{ secretCode, uri }` (also MFA_SETUP's `nextStep.totpSetup`).
pub(super) fn totp_setup_to_js(setup: &TotpSetup) -> JsValue {
    let object = Object::new();
    convert::set(&object, "secretCode", setup.secret_code.as_str());
    convert::set(&object, "uri", setup.uri.as_str());
    object.into()
}

/// The JS value an account call resolves to.
fn reply_to_js(reply: AccountReply) -> JsValue {
    let object = Object::new();
    match reply {
        AccountReply::Done | AccountReply::Confirmed(_) | AccountReply::DeviceConfirmed(_) => {
            return JsValue::UNDEFINED
        }
        AccountReply::SignedIn(step) => {
            return super::client::sign_in_result_to_js(&match step {
                None => SignInResult::SignedIn,
                Some(step) => SignInResult::NextStep(step),
            })
        }
        AccountReply::SignUp(result) => {
            convert::set(&object, "userConfirmed", result.user_confirmed);
            convert::set(&object, "userSub", result.user_sub.as_str());
            return with_code_delivery(object, result.code_delivery.as_ref());
        }
        AccountReply::CodeDelivery(delivery) => {
            return with_code_delivery(object, delivery.as_ref())
        }
        AccountReply::CodeDeliveries(list) => {
            let names: Vec<&str> = list
                .iter()
                .filter_map(|d| d.attribute_name.as_deref())
                .collect();
            convert::set(
                &object,
                "unverifiedAttributes",
                convert::string_array(&names),
            );
            let deliveries: Array = list.iter().map(code_delivery_to_js).collect();
            convert::set(&object, "codeDeliveries", deliveries);
        }
        AccountReply::Attributes(pairs) => return convert::string_record(&pairs),
        AccountReply::DeviceKey(key) => return key.into(),
        AccountReply::Totp(setup) => return totp_setup_to_js(&setup),
        AccountReply::MfaPreference(p) => {
            for (key, setting) in [("totp", p.totp), ("sms", p.sms), ("email", p.email)] {
                if let Some(setting) = setting {
                    convert::set(&object, key, setting.as_str());
                }
            }
        }
        AccountReply::Devices(list) => {
            return list.iter().map(device_to_js).collect::<Array>().into()
        }
    }
    object.into()
}

impl JsCognitoClient {
    /// The one promise of every account export: sends `request` through
    /// the client's account driver (or rejects with the argument error);
    /// `confirmSignUp` may sign in ([`super::client::signing_in`]).
    fn account(&self, call: &JsValue, request: Result<AccountRequest, CognitoError>) -> Promise {
        let client = self.client.clone();
        super::client::signing_in(
            client.clone(),
            self.call(call),
            Box::pin(async move { client.account(request?).await.map(reply_to_js) }),
        )
    }
}

#[wasm_bindgen(js_class = CognitoClient)]
impl JsCognitoClient {
    /// Registers a new user (SignUp). Resolves `{ userConfirmed, userSub,
    /// codeDelivery? }`; unless `userConfirmed`, the user confirms with the
    /// code sent to `codeDelivery.destination` (`confirmSignUp`) before
    /// signing in. A plainly wrong username, password or attribute name
    /// rejects with `InvalidParameterException` before any request; the
    /// pool's refusals come by name (`UsernameExistsException`,
    /// `InvalidPasswordException`, …).
    #[wasm_bindgen(js_name = signUp, unchecked_return_type = "Promise<SignUpResult>")]
    pub fn sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpOptions")] options: JsValue,
    ) -> Promise {
        self.account(&options, read(Kind::SignUp, &options, &JsValue::UNDEFINED))
    }

    /// Confirms a new user with the code it received (ConfirmSignUp); the
    /// user can sign in afterwards. A wrong code rejects with
    /// `CodeMismatchException`, an old one with `ExpiredCodeException`.
    /// With `signIn: true`, the user is then signed in without the password
    /// (the Session ConfirmSignUp returns, InitiateAuth `USER_AUTH`) and the
    /// promise resolves as `signIn`'s does; `undefined` when the pool or
    /// app client does not allow that (sign in with the password).
    #[wasm_bindgen(
        js_name = confirmSignUp,
        unchecked_return_type = "Promise<SignInResult | undefined>"
    )]
    pub fn confirm_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignUpOptions")] value: JsValue,
    ) -> Promise {
        self.account(
            &value,
            read(Kind::ConfirmSignUp, &value, &JsValue::UNDEFINED),
        )
    }

    /// Sends a user who has not confirmed yet a new confirmation code
    /// (ResendConfirmationCode). Resolves `{ codeDelivery? }`.
    #[wasm_bindgen(
        js_name = resendSignUpCode,
        unchecked_return_type = "Promise<CodeDeliveryResult>"
    )]
    pub fn resend_sign_up_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UsernameOptions")] value: JsValue,
    ) -> Promise {
        self.account(
            &value,
            read(Kind::ResendSignUpCode, &value, &JsValue::UNDEFINED),
        )
    }

    /// Sends the user a code to reset a forgotten password
    /// (ForgotPassword). Resolves `{ codeDelivery? }`; `confirmForgotPassword`
    /// follows.
    #[wasm_bindgen(
        js_name = forgotPassword,
        unchecked_return_type = "Promise<CodeDeliveryResult>"
    )]
    pub fn forgot_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UsernameOptions")] value: JsValue,
    ) -> Promise {
        self.account(
            &value,
            read(Kind::ForgotPassword, &value, &JsValue::UNDEFINED),
        )
    }

    /// Sets a new password with the code `forgotPassword` sent
    /// (ConfirmForgotPassword). `CodeMismatchException`,
    /// `ExpiredCodeException`, `InvalidPasswordException` by name.
    #[wasm_bindgen(js_name = confirmForgotPassword, unchecked_return_type = "Promise<void>")]
    pub fn confirm_forgot_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmForgotPasswordOptions")] value: JsValue,
    ) -> Promise {
        self.account(
            &value,
            read(Kind::ConfirmForgotPassword, &value, &JsValue::UNDEFINED),
        )
    }

    /// Changes the signed-in user's password (ChangePassword).
    #[wasm_bindgen(js_name = changePassword, unchecked_return_type = "Promise<void>")]
    pub fn change_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChangePasswordOptions")] value: JsValue,
    ) -> Promise {
        self.account(
            &value,
            read(Kind::ChangePassword, &value, &JsValue::UNDEFINED),
        )
    }

    /// The signed-in user's attributes (GetUser), `{ name: value }`.
    #[wasm_bindgen(
        js_name = getUserAttributes,
        unchecked_return_type = "Promise<Record<string, string>>"
    )]
    pub fn get_user_attributes(&self) -> Promise {
        self.account(&JsValue::UNDEFINED, Ok(AccountRequest::GetUserAttributes))
    }

    /// Updates the signed-in user's attributes (UpdateUserAttributes).
    /// Resolves which attributes now wait for verification and where their
    /// codes went.
    #[wasm_bindgen(
        js_name = updateUserAttributes,
        unchecked_return_type = "Promise<UpdateUserAttributesResult>"
    )]
    pub fn update_user_attributes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] attributes: JsValue,
    ) -> Promise {
        self.account(
            &JsValue::UNDEFINED,
            read(Kind::UpdateUserAttributes, &attributes, &JsValue::UNDEFINED),
        )
    }

    /// Sends a code verifying the attribute `name` (`email`,
    /// `phone_number`; GetUserAttributeVerificationCode). Resolves
    /// `{ codeDelivery? }`.
    #[wasm_bindgen(
        js_name = sendAttributeVerificationCode,
        unchecked_return_type = "Promise<CodeDeliveryResult>"
    )]
    pub fn send_attribute_verification_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> Promise {
        self.account(
            &JsValue::UNDEFINED,
            read(
                Kind::SendAttributeVerificationCode,
                &name,
                &JsValue::UNDEFINED,
            ),
        )
    }

    /// Verifies the attribute `name` with the code the user received
    /// (VerifyUserAttribute).
    #[wasm_bindgen(js_name = verifyAttribute, unchecked_return_type = "Promise<void>")]
    pub fn verify_attribute(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Promise {
        self.account(
            &JsValue::UNDEFINED,
            read(Kind::VerifyAttribute, &name, &code),
        )
    }

    /// Removes the signed-in user's attributes `names` (DeleteUserAttributes).
    #[wasm_bindgen(js_name = deleteUserAttributes, unchecked_return_type = "Promise<void>")]
    pub fn delete_user_attributes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] names: JsValue,
    ) -> Promise {
        self.account(
            &JsValue::UNDEFINED,
            read(Kind::DeleteUserAttributes, &names, &JsValue::UNDEFINED),
        )
    }

    /// Deletes the signed-in user (DeleteUser), then signs out: tokens,
    /// credentials and what was stored are gone.
    #[wasm_bindgen(js_name = deleteUser, unchecked_return_type = "Promise<void>")]
    pub fn delete_user(&self) -> Promise {
        self.account(&JsValue::UNDEFINED, Ok(AccountRequest::DeleteUser))
    }

    /// Starts authenticator-app enrolment (AssociateSoftwareToken).
    /// Resolves `{ secretCode, uri }`; `verifyTotpSetup` follows.
    #[wasm_bindgen(js_name = setUpTotp, unchecked_return_type = "Promise<TotpSetup>")]
    pub fn set_up_totp(&self) -> Promise {
        self.account(&JsValue::UNDEFINED, Ok(AccountRequest::SetUpTotp))
    }

    /// Finishes authenticator-app enrolment with one of its codes
    /// (VerifySoftwareToken); then `setMfaPreference({ totp: … })`.
    #[wasm_bindgen(js_name = verifyTotpSetup, unchecked_return_type = "Promise<void>")]
    pub fn verify_totp_setup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "VerifyTotpSetupOptions")] value: JsValue,
    ) -> Promise {
        self.account(
            &value,
            read(Kind::VerifyTotpSetup, &value, &JsValue::UNDEFINED),
        )
    }

    /// Sets how each MFA type is used (SetUserMFAPreference): each of
    /// `totp`, `sms`, `email` is `'preferred'`, `'enabled'` or
    /// `'disabled'`; a type left out is left as it is.
    #[wasm_bindgen(js_name = setMfaPreference, unchecked_return_type = "Promise<void>")]
    pub fn set_mfa_preference(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MfaPreference")] value: JsValue,
    ) -> Promise {
        self.account(
            &value,
            read(Kind::SetMfaPreference, &value, &JsValue::UNDEFINED),
        )
    }

    /// The signed-in user's MFA settings (GetUser): `{ totp, sms, email }`.
    #[wasm_bindgen(
        js_name = getMfaPreference,
        unchecked_return_type = "Promise<Required<MfaPreference>>"
    )]
    pub fn get_mfa_preference(&self) -> Promise {
        self.account(&JsValue::UNDEFINED, Ok(AccountRequest::GetMfaPreference))
    }

    /// The signed-in user's tracked devices (ListDevices).
    #[wasm_bindgen(js_name = listDevices, unchecked_return_type = "Promise<Device[]>")]
    pub fn list_devices(&self) -> Promise {
        self.account(&JsValue::UNDEFINED, Ok(AccountRequest::ListDevices))
    }

    /// Remembers the device this session signed in from, so that the
    /// user's next sign-in here skips MFA. The sign-in confirmed it
    /// already: UpdateDeviceStatus `remembered` (also when it was
    /// remembered before: it may have been un-remembered elsewhere since).
    /// A device whose
    /// confirmation at sign-in failed is confirmed now (ConfirmDevice with
    /// the SRP verifier of a random password made in the page, named
    /// `deviceName`; its secret stored for the user where the tokens are
    /// kept). Resolves the device key. `InvalidParameterException` when the
    /// pool does not track devices; `ResourceNotFoundException` once this
    /// session's device was forgotten (a ConfirmDevice of unknown outcome).
    #[wasm_bindgen(js_name = rememberDevice, unchecked_return_type = "Promise<string>")]
    pub fn remember_device(
        &self,
        #[wasm_bindgen(js_name = deviceName, unchecked_optional_param_type = "string")]
        device_name: JsValue,
    ) -> Promise {
        self.account(
            &JsValue::UNDEFINED,
            read(Kind::RememberDevice, &device_name, &JsValue::UNDEFINED),
        )
    }

    /// Stops tracking the device `deviceKey` (ForgetDevice); without one,
    /// this session's device. Forgetting the remembered device removes its
    /// stored secret: the next sign-in asks for MFA again.
    #[wasm_bindgen(js_name = forgetDevice, unchecked_return_type = "Promise<void>")]
    pub fn forget_device(
        &self,
        #[wasm_bindgen(js_name = deviceKey, unchecked_optional_param_type = "string")]
        device_key: JsValue,
    ) -> Promise {
        self.account(
            &JsValue::UNDEFINED,
            read(Kind::ForgetDevice, &device_key, &JsValue::UNDEFINED),
        )
    }
}
