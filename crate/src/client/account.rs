//! Account calls: sign-up and its confirmation, password reset and change,
//! the user's attributes, deleting the user, authenticator-app (TOTP)
//! enrolment, MFA preferences and devices.
//!
//! All of them go through one driver, [`CognitoClient::account`]: the
//! request shape and reply parser of each call are synchronous data in
//! [`crate::cognito::account`], so a new call adds no async code. The
//! driver refuses plainly wrong input before any request, adds the access
//! token (refreshed first when due) to calls that act for the signed-in
//! user, sends through the client's one transport (retry, clock skew,
//! redaction) and applies the call's effect on the session (DeleteUser ends
//! it). The typed methods below are that driver with one request each.
use crate::prelude::*;

use super::devices::DeviceStep;
use super::retry::RetryMode;
use super::{CognitoClient, Platform, SignInResult};
use crate::cognito::account::{
    AccountReply, AccountRequest, CodeDelivery, Device, MfaPreference, TotpSetup,
};
use crate::cognito::sign_up::{SignUp, SignUpResult};
use crate::error::CognitoError;
use crate::session::TokenSet;

impl<P: Platform + 'static> CognitoClient<P> {
    /// Sends one account call and parses its reply. Calls that act for the
    /// signed-in user fail with `NotSignedIn` when no user is; DeleteUser,
    /// once it succeeded, signs the user out locally. Calls that send a
    /// message, use a code or create something are retried only when
    /// throttled; the others also after network failures and 5xx.
    pub async fn account(&self, request: AccountRequest) -> Result<AccountReply, CognitoError> {
        request.check()?;
        let (tokens, epoch) = if request.needs_access_token() {
            let epoch = self.state().session_epoch;
            (Some(self.valid_tokens().await?), epoch)
        } else {
            (None, 0)
        };
        let username = tokens
            .as_ref()
            .and_then(TokenSet::username)
            .unwrap_or_default()
            .to_owned();
        let mut step = self.device_step(request, tokens.as_ref())?;
        let reply = self.send_steps(&mut step, tokens.as_ref()).await?;
        let request = step.request;
        match (&request, reply) {
            (AccountRequest::DeleteUser, reply) => {
                self.inner.storage.remove_device(&username);
                self.end_session(epoch);
                Ok(reply)
            }
            (
                AccountRequest::ConfirmSignUp {
                    username,
                    sign_in: true,
                    ..
                },
                AccountReply::Confirmed(Some(session)),
            ) => Ok(
                match self.sign_in_with_session(username, &session.0).await {
                    Ok(SignInResult::SignedIn) => AccountReply::SignedIn(None),
                    Ok(SignInResult::NextStep(step)) => AccountReply::SignedIn(Some(step)),
                    // Confirmed all the same: the user signs in with the password.
                    Err(_) => AccountReply::Confirmed(None),
                },
            ),
            (_, reply) => Ok(reply),
        }
    }

    /// Sends the request of `step` (the device calls one after the other)
    /// for the signed-in user of `tokens` (none for calls without an access
    /// token), and returns the reply. A ConfirmDevice whose outcome stays
    /// unknown leaves `tokens` aside ([`super::devices::InFlight`]).
    pub(super) async fn send_steps(
        &self,
        step: &mut DeviceStep,
        tokens: Option<&TokenSet>,
    ) -> Result<AccountReply, CognitoError> {
        let config = self.config();
        let secrets: Vec<&str> = config.client_secret().into_iter().collect();
        let access_token = tokens.map_or("", |t| t.access_token.as_str());
        let username = tokens.and_then(TokenSet::username).unwrap_or_default();
        loop {
            let request = &step.request;
            let http = request.build(config, access_token)?;
            let in_flight = self.in_flight(step, tokens);
            let mode = if request.idempotent() {
                RetryMode::Idempotent
            } else {
                RetryMode::ThrottlingOnly
            };
            let result = match self.call(http, mode, request.operation(), &secrets).await {
                Ok(response) => request.parse(&response, config.user_pool_id(), username),
                Err(e) => Err(e),
            };
            in_flight.settle(&result);
            if let Some(reply) = self.device_step_done(step, result, username)? {
                return Ok(reply);
            }
        }
    }

    /// [`CognitoClient::account`], keeping the reply `pick` accepts.
    pub(super) async fn account_as<T>(
        &self,
        request: AccountRequest,
        pick: fn(AccountReply) -> Option<T>,
    ) -> Result<T, CognitoError> {
        let operation = request.operation();
        pick(self.account(request).await?)
            .ok_or_else(|| CognitoError::invalid_response(text!(operation, ": unexpected reply")))
    }

    /// [`CognitoClient::account`] for a call that reports nothing.
    async fn account_done(&self, request: AccountRequest) -> Result<(), CognitoError> {
        self.account(request).await.map(drop)
    }

    /// SignUp: registers a new user (with SECRET_HASH when the client has a
    /// secret). The user is usually not confirmed yet: a code goes to
    /// [`SignUpResult::code_delivery`] and [`CognitoClient::confirm_sign_up`]
    /// follows. Not repeated after a network failure (the user may exist by
    /// then); retried only when throttled.
    pub async fn sign_up(&self, input: &SignUp) -> Result<SignUpResult, CognitoError> {
        self.account_as(AccountRequest::SignUp(input.clone()), |r| match r {
            AccountReply::SignUp(result) => Some(result),
            _ => None,
        })
        .await
    }

    /// ConfirmSignUp: confirms `username` with the code it received.
    /// Codes are single-use: retried only when throttled.
    pub async fn confirm_sign_up(&self, username: &str, code: &str) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::ConfirmSignUp {
            username: username.to_owned(),
            code: code.to_owned(),
            sign_in: false,
        })
        .await
    }

    /// ConfirmSignUp, then the sign-in without the password that its
    /// `Session` allows (InitiateAuth `USER_AUTH`, where the app client
    /// allows that flow). `None`: confirmed, but that sign-in was not
    /// possible; sign in with the password.
    pub async fn confirm_sign_up_and_sign_in(
        &self,
        username: &str,
        code: &str,
    ) -> Result<Option<SignInResult>, CognitoError> {
        let request = AccountRequest::ConfirmSignUp {
            username: username.to_owned(),
            code: code.to_owned(),
            sign_in: true,
        };
        Ok(match self.account(request).await? {
            AccountReply::SignedIn(None) => Some(SignInResult::SignedIn),
            AccountReply::SignedIn(Some(step)) => Some(SignInResult::NextStep(step)),
            _ => None,
        })
    }

    /// ResendConfirmationCode: sends `username` a new confirmation code and
    /// says where it went.
    pub async fn resend_sign_up_code(
        &self,
        username: &str,
    ) -> Result<Option<CodeDelivery>, CognitoError> {
        self.account_as(
            AccountRequest::ResendSignUpCode {
                username: username.to_owned(),
            },
            code_delivery,
        )
        .await
    }

    /// ForgotPassword: sends `username` a code to reset the password with
    /// [`CognitoClient::confirm_forgot_password`]; says where it went.
    pub async fn forgot_password(
        &self,
        username: &str,
    ) -> Result<Option<CodeDelivery>, CognitoError> {
        self.account_as(
            AccountRequest::ForgotPassword {
                username: username.to_owned(),
            },
            code_delivery,
        )
        .await
    }

    /// ConfirmForgotPassword: sets `new_password` with the code from
    /// [`CognitoClient::forgot_password`]. The user signs in afterwards.
    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: &str,
    ) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::ConfirmForgotPassword {
            username: username.to_owned(),
            code: code.to_owned(),
            new_password: new_password.to_owned(),
        })
        .await
    }

    /// ChangePassword for the signed-in user.
    pub async fn change_password(
        &self,
        old_password: &str,
        new_password: &str,
    ) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::ChangePassword {
            old_password: old_password.to_owned(),
            new_password: new_password.to_owned(),
        })
        .await
    }

    /// The signed-in user's attributes (GetUser), as name/value pairs.
    pub async fn get_user_attributes(&self) -> Result<Vec<(String, String)>, CognitoError> {
        self.account_as(AccountRequest::GetUserAttributes, |r| match r {
            AccountReply::Attributes(pairs) => Some(pairs),
            _ => None,
        })
        .await
    }

    /// UpdateUserAttributes. Returns where each verification code went: the
    /// attributes named there (`attribute_name`) wait for verification
    /// ([`CognitoClient::verify_attribute`]).
    pub async fn update_user_attributes(
        &self,
        attributes: &[(String, String)],
    ) -> Result<Vec<CodeDelivery>, CognitoError> {
        self.account_as(
            AccountRequest::UpdateUserAttributes(attributes.to_vec()),
            |r| match r {
                AccountReply::CodeDeliveries(list) => Some(list),
                _ => None,
            },
        )
        .await
    }

    /// GetUserAttributeVerificationCode: sends a code verifying `name`
    /// (`email`, `phone_number`); says where it went.
    pub async fn send_attribute_verification_code(
        &self,
        name: &str,
    ) -> Result<Option<CodeDelivery>, CognitoError> {
        self.account_as(
            AccountRequest::SendAttributeVerificationCode(name.to_owned()),
            code_delivery,
        )
        .await
    }

    /// VerifyUserAttribute: verifies `name` with the code the user received.
    pub async fn verify_attribute(&self, name: &str, code: &str) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::VerifyAttribute {
            name: name.to_owned(),
            code: code.to_owned(),
        })
        .await
    }

    /// DeleteUserAttributes: removes the attributes `names`.
    pub async fn delete_user_attributes(&self, names: &[String]) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::DeleteUserAttributes(names.to_vec()))
            .await
    }

    /// DeleteUser: deletes the signed-in user, then signs out locally.
    pub async fn delete_user(&self) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::DeleteUser).await
    }

    /// AssociateSoftwareToken: a new authenticator-app secret and its
    /// `otpauth://` URI; [`CognitoClient::verify_totp_setup`] follows.
    pub async fn set_up_totp(&self) -> Result<TotpSetup, CognitoError> {
        self.account_as(AccountRequest::SetUpTotp, |r| match r {
            AccountReply::Totp(setup) => Some(setup),
            _ => None,
        })
        .await
    }

    /// VerifySoftwareToken: proves the app holds the secret with one of its
    /// codes; TOTP can then be enabled ([`CognitoClient::set_mfa_preference`]).
    pub async fn verify_totp_setup(
        &self,
        code: &str,
        friendly_name: Option<&str>,
    ) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::VerifyTotpSetup {
            code: code.to_owned(),
            friendly_name: friendly_name.map(str::to_owned),
        })
        .await
    }

    /// SetUserMFAPreference: the types given are set, the others left.
    pub async fn set_mfa_preference(&self, preference: MfaPreference) -> Result<(), CognitoError> {
        self.account_done(AccountRequest::SetMfaPreference(preference))
            .await
    }

    /// The signed-in user's MFA settings (GetUser), every type reported.
    pub async fn get_mfa_preference(&self) -> Result<MfaPreference, CognitoError> {
        self.account_as(AccountRequest::GetMfaPreference, |r| match r {
            AccountReply::MfaPreference(p) => Some(p),
            _ => None,
        })
        .await
    }

    /// ListDevices: the signed-in user's tracked devices.
    pub async fn list_devices(&self) -> Result<Vec<Device>, CognitoError> {
        self.account_as(AccountRequest::ListDevices, |r| match r {
            AccountReply::Devices(list) => Some(list),
            _ => None,
        })
        .await
    }
}

/// The code delivery of a reply that reports one.
fn code_delivery(reply: AccountReply) -> Option<Option<CodeDelivery>> {
    match reply {
        AccountReply::CodeDelivery(delivery) => Some(delivery),
        _ => None,
    }
}
