//! Account calls that need no signed-in user: sign-up, its confirmation
//! and a new confirmation code.
//!
//! Each method builds its request with [`crate::cognito::sign_up`] (which
//! refuses plainly wrong input before any request), sends it through the
//! client's one transport (retry, clock skew, redaction) and parses the
//! reply. None of them changes the session: a confirmed user signs in with
//! [`CognitoClient::sign_in`].

use super::retry::RetryMode;
use super::{CognitoClient, Platform};
use crate::cognito::account::CodeDelivery;
use crate::cognito::idp;
use crate::cognito::sign_up::{self, SignUp, SignUpResult};
use crate::error::CognitoError;

impl<P: Platform + 'static> CognitoClient<P> {
    /// SignUp: registers a new user (with SECRET_HASH when the client has a
    /// secret). The user is usually not confirmed yet: a code goes to
    /// [`SignUpResult::code_delivery`] and [`CognitoClient::confirm_sign_up`]
    /// follows. Not repeated after a network failure (the user may exist by
    /// then); retried only when throttled.
    pub async fn sign_up(&self, input: &SignUp) -> Result<SignUpResult, CognitoError> {
        let config = self.config();
        let request = sign_up::sign_up(config, input)?;
        let mut secrets = vec![input.password.as_str()];
        secrets.extend(config.client_secret());
        let response = self
            .call(request, RetryMode::ThrottlingOnly, "SignUp", &secrets)
            .await?;
        sign_up::parse_sign_up(&response)
    }

    /// ConfirmSignUp: confirms `username` with the code it received.
    /// Codes are single-use: retried only when throttled.
    pub async fn confirm_sign_up(&self, username: &str, code: &str) -> Result<(), CognitoError> {
        let config = self.config();
        let request = sign_up::confirm_sign_up(config, username, code)?;
        let mut secrets = vec![code];
        secrets.extend(config.client_secret());
        let response = self
            .call(
                request,
                RetryMode::ThrottlingOnly,
                "ConfirmSignUp",
                &secrets,
            )
            .await?;
        idp::parse_empty_reply(&response, "ConfirmSignUp")
    }

    /// ResendConfirmationCode: sends `username` a new confirmation code and
    /// says where it went. Each call sends a message: retried only when
    /// throttled.
    pub async fn resend_sign_up_code(
        &self,
        username: &str,
    ) -> Result<Option<CodeDelivery>, CognitoError> {
        let config = self.config();
        let request = sign_up::resend_confirmation_code(config, username)?;
        let secrets: Vec<&str> = config.client_secret().into_iter().collect();
        let response = self
            .call(
                request,
                RetryMode::ThrottlingOnly,
                "ResendConfirmationCode",
                &secrets,
            )
            .await?;
        sign_up::parse_resend_confirmation_code(&response)
    }
}
