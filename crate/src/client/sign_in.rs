//! Signing in: USER_SRP_AUTH (with the next attempt's SRP session prepared
//! while the reply is awaited) or USER_PASSWORD_AUTH, the challenges that
//! may follow (MFA_SETUP with an authenticator app included), and storing
//! the tokens of a new session.
use crate::prelude::*;

use super::retry::RetryMode;
use super::single_flight::Flights;
use super::{CognitoClient, Platform, SignInResult};
use crate::cognito::account::{totp_uri, TotpSetup};
use crate::cognito::aws_json;
use crate::cognito::challenge::{self, ChallengeAnswer, NextStep, PendingChallenge};
use crate::cognito::idp::{self, AuthReply, Challenge};
use crate::cognito::sign_up;
use crate::config::AuthFlow;
use crate::crypto::srp::{cognito_timestamp, PasswordClaim};
use crate::error::CognitoError;
use crate::session::TokenSet;

impl<P: Platform + 'static> CognitoClient<P> {
    /// Signs a user in with the configured flow: `USER_SRP_AUTH` (default;
    /// InitiateAuth then RespondToAuthChallenge PASSWORD_VERIFIER, the
    /// password never leaves the browser) or `USER_PASSWORD_AUTH`. An empty
    /// username or password is an `InvalidParameterException` before any
    /// request. A challenge (new password, MFA, …) comes back as
    /// [`SignInResult::NextStep`] and is kept for `respond_to_challenge`.
    ///
    /// SRP cost: each attempt needs a fresh secret `a` (`SECRET_BYTES` random bytes from
    /// the platform) and A = g^a mod N (milliseconds of modular
    /// exponentiation). The client keeps one such prepared SRP session: an
    /// attempt takes it (or prepares one first when there is none, as on the
    /// first sign-in unless [`CognitoClient::prepare_sign_in`] was called),
    /// and while its InitiateAuth is on the network the session for the
    /// next attempt is prepared. A prepared session serves exactly one
    /// InitiateAuth, whatever its outcome: `a` is never reused. With
    /// `USER_PASSWORD_AUTH` nothing is prepared.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
    ) -> Result<SignInResult, CognitoError> {
        if username.is_empty() {
            return Err(CognitoError::invalid_parameter("username is empty"));
        }
        if password.is_empty() {
            return Err(CognitoError::invalid_parameter("password is empty"));
        }
        // The device stored for the name typed, or for the user an alias
        // led to before (checked against the user the sign-in turns out to
        // be: `adopt_device`).
        let sent = self
            .inner
            .storage
            .device_for(username)
            .map(|(user, d)| (user, d.device_key));
        let device = sent.as_ref().map(|(_, key)| key.clone());
        let epoch = {
            let mut state = self.state_mut();
            state.pending = None;
            state.device_sent = sent.clone();
            state.sign_in_name = Some(username.to_owned());
            state.session_epoch
        };
        let (reply, username) = match self.inner.config.auth_flow() {
            AuthFlow::UserPasswordAuth => {
                let request = idp::initiate_auth_password(
                    &self.inner.config,
                    username,
                    password,
                    device.as_deref(),
                );
                let response = self
                    .call(request, RetryMode::Idempotent, "InitiateAuth", &[])
                    .await?;
                (
                    idp::parse_auth_reply(&response, "InitiateAuth")?,
                    username.to_owned(),
                )
            }
            AuthFlow::UserSrpAuth => self.srp_sign_in(username, password, sent).await?,
        };
        self.settle(reply, &username, epoch).await
    }

    /// USER_SRP_AUTH: returns the reply after PASSWORD_VERIFIER (or the first
    /// reply if it was not that challenge) and the USERNAME to answer with.
    async fn srp_sign_in(
        &self,
        username: &str,
        password: &str,
        sent: Option<(String, String)>,
    ) -> Result<(AuthReply, String), CognitoError> {
        let config = &self.inner.config;
        let srp = self.srp_session().await?;
        let device = sent.as_ref().map(|(_, key)| key.as_str());
        let request = idp::initiate_auth_srp(config, username, &srp.srp_a_hex(), device);
        // The request is handed to the platform on the first poll; the next
        // attempt's session is prepared while the reply is awaited.
        let response = self
            .preparing_next_srp(self.call(request, RetryMode::Idempotent, "InitiateAuth", &[]))
            .await?;
        let challenge = match idp::parse_auth_reply(&response, "InitiateAuth")? {
            AuthReply::Challenge(c) if c.name == "PASSWORD_VERIFIER" => c,
            other => return Ok((other, username.to_owned())),
        };
        let param = |key: &str| {
            challenge
                .parameter(key)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| aws_json::missing("InitiateAuth", "ChallengeParameters.", key))
        };
        let user_id_for_srp = param("USER_ID_FOR_SRP")?;
        let salt_hex = param("SALT")?;
        let srp_b_hex = param("SRP_B")?;
        let secret_block_b64 = param("SECRET_BLOCK")?;
        let answer_username = param("USERNAME").unwrap_or(user_id_for_srp).to_owned();
        let timestamp = cognito_timestamp(self.now_ms());
        let claim = PasswordClaim {
            pool_name: config.pool_name(),
            user_id_for_srp,
            password,
            salt_hex,
            srp_b_hex,
            secret_block_b64,
            timestamp: &timestamp,
        };
        let signature = self.claim_in_slices(&srp, &claim).await?;
        // The device of the user Cognito named: the one found for the name
        // typed when it is that user's, else the user's own.
        let sent = sent
            .filter(|(user, _)| user == user_id_for_srp)
            .or_else(|| {
                self.stored_device(user_id_for_srp)
                    .map(|d| (user_id_for_srp.to_owned(), d.device_key))
            });
        let device = sent.as_ref().map(|(_, key)| key.clone());
        self.state_mut().device_sent = sent;
        let mut responses = vec![
            ("USERNAME".to_owned(), answer_username.clone()),
            (
                "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
                secret_block_b64.to_owned(),
            ),
            ("TIMESTAMP".to_owned(), timestamp),
            ("PASSWORD_CLAIM_SIGNATURE".to_owned(), signature),
        ];
        if let Some(device) = device {
            responses.push(("DEVICE_KEY".to_owned(), device));
        }
        let request = idp::respond_to_auth_challenge(
            config,
            "PASSWORD_VERIFIER",
            challenge.session.as_deref(),
            responses,
        );
        let response = self
            .call(
                request,
                RetryMode::ThrottlingOnly,
                "RespondToAuthChallenge",
                &[],
            )
            .await?;
        let reply = idp::parse_auth_reply(&response, "RespondToAuthChallenge")?;
        Ok((reply, answer_username))
    }

    /// Signs `username` in with the `Session` ConfirmSignUp returned
    /// (InitiateAuth `USER_AUTH`, no password). Single-use: retried only
    /// when throttled.
    pub(crate) async fn sign_in_with_session(
        &self,
        username: &str,
        session: &str,
    ) -> Result<SignInResult, CognitoError> {
        let epoch = {
            let mut state = self.state_mut();
            state.pending = None;
            state.device_sent = None;
            state.sign_in_name = None;
            state.session_epoch
        };
        let request = sign_up::initiate_auth_with_session(&self.inner.config, username, session);
        let response = self
            .call(request, RetryMode::ThrottlingOnly, "InitiateAuth", &[])
            .await?;
        let reply = idp::parse_auth_reply(&response, "InitiateAuth")?;
        self.settle(reply, username, epoch).await
    }

    /// Prepares the SRP session of the next sign-in attempt now (`SECRET_BYTES` random
    /// bytes; A = g^a mod N is computed by [`CognitoClient::prepare_sign_in_now`],
    /// or else by the attempt), so that `sign_in` can send InitiateAuth
    /// at once; call it when the sign-in form appears. Does nothing when a
    /// session is already prepared or the flow is `USER_PASSWORD_AUTH`.
    /// Fails only when the platform has no randomness.
    pub fn prepare_sign_in(&self) -> Result<(), CognitoError> {
        if self.inner.config.auth_flow() != AuthFlow::UserSrpAuth {
            return Ok(());
        }
        let srp = match self.inner.next_srp.take() {
            Some(srp) => srp,
            None => self.new_srp_start()?,
        };
        self.inner.next_srp.set(Some(srp));
        Ok(())
    }

    /// [`CognitoClient::prepare_sign_in`], then A computed now, in slices
    /// of a few milliseconds with a turn of the event loop between them
    /// (without this, the attempt that takes the session finishes A).
    pub async fn prepare_sign_in_now(&self) -> Result<(), CognitoError> {
        self.prepare_sign_in()?;
        // The caller's task (the session's set-up, and whatever the page
        // was doing) ends here, before the first slice.
        self.inner.platform.yield_now().await;
        self.advance_prepared_srp().await;
        Ok(())
    }

    /// Answers the pending challenge (see [`ChallengeAnswer`] for which
    /// field each challenge needs). `NotSignedIn` when no challenge is
    /// pending; an unusable answer is an `InvalidParameterException` before
    /// any request. The challenge stays pending when Cognito refuses the
    /// answer (a wrong code can be tried again while the session lasts).
    pub async fn respond_to_challenge(
        &self,
        answer: ChallengeAnswer,
    ) -> Result<SignInResult, CognitoError> {
        let (pending, epoch) = {
            let state = self.state();
            let pending = state.pending.clone().ok_or_else(|| {
                CognitoError::not_signed_in(
                    "no challenge is waiting for an answer; call sign_in first",
                )
            })?;
            (pending, state.session_epoch)
        };
        let responses = challenge::responses(&pending, &answer)?;
        let mut session = pending.session.clone();
        if pending.name == "MFA_SETUP" {
            // The app's code first; its reply's Session answers the challenge.
            let request = challenge::verify_software_token(
                &self.inner.config,
                session.as_deref().unwrap_or_default(),
                answer.code.as_deref().unwrap_or_default().trim(),
            );
            let operation = "VerifySoftwareToken";
            let response = self
                .call(request, RetryMode::ThrottlingOnly, operation, &[])
                .await?;
            session = Some(challenge::parse_setup_reply(&response, operation)?.1);
        }
        let request = idp::respond_to_auth_challenge(
            &self.inner.config,
            &pending.name,
            session.as_deref(),
            responses,
        );
        let response = self
            .call(
                request,
                RetryMode::ThrottlingOnly,
                "RespondToAuthChallenge",
                &[],
            )
            .await?;
        let reply = idp::parse_auth_reply(&response, "RespondToAuthChallenge")?;
        self.settle(reply, &pending.username, epoch).await
    }

    /// DEVICE_SRP_AUTH answered with the stored device
    /// ([`CognitoClient::device_sign_in`]), an MFA challenge despite it
    /// noted ([`CognitoClient::device_not_remembered`]); tokens naming a
    /// new device have
    /// it confirmed ([`CognitoClient::confirm_new_device`]) before the
    /// session starts (so that an abort meanwhile leaves the session as it
    /// was), a failure told after `SignedIn`, and the name the sign-in was
    /// started with leads to the user's device from now on; then
    /// [`CognitoClient::finish_auth`] and, for an MFA_SETUP challenge that
    /// allows an authenticator app, AssociateSoftwareToken with its
    /// `Session`: the secret and its URI go to the caller in
    /// [`NextStep::totp_setup`], and the new `Session` is kept for the
    /// answer.
    async fn settle(
        &self,
        reply: AuthReply,
        username: &str,
        epoch: u64,
    ) -> Result<SignInResult, CognitoError> {
        let reply = self.device_sign_in(reply, username).await?;
        let (reply, failed) = match reply {
            AuthReply::Authenticated(auth) => {
                let mut tokens = TokenSet::from_auth(auth, None, self.now_ms())?;
                let name = self.adopt_device(&mut tokens);
                let failed = self.confirm_new_device(&tokens).await.err();
                if let (Some(name), Some(user)) = (name, tokens.username()) {
                    self.inner.storage.add_device_name(user, &name);
                }
                (Ok(tokens), failed)
            }
            AuthReply::Challenge(c) => {
                self.device_not_remembered(&c, username);
                (Err(c), None)
            }
        };
        let result = self.finish_auth(reply, username, epoch)?;
        if let Some(e) = failed {
            self.emit(super::SessionEvent::DeviceConfirmFailed(&e));
        }
        let pending = match &result {
            SignInResult::NextStep(step)
                if step.challenge == "MFA_SETUP"
                    && (step.mfa_types.is_empty()
                        || step.mfa_types.iter().any(|t| t == "SOFTWARE_TOKEN_MFA")) =>
            {
                self.state().pending.clone()
            }
            _ => None,
        };
        let Some(mut pending) = pending else {
            return Ok(result);
        };
        let operation = "AssociateSoftwareToken";
        let request = challenge::associate_software_token(
            &self.inner.config,
            pending.session.as_deref().unwrap_or_default(),
        );
        let response = self
            .call(request, RetryMode::ThrottlingOnly, operation, &[])
            .await?;
        let (secret, session) = challenge::parse_setup_reply(&response, operation)?;
        let secret_code = secret.ok_or_else(|| aws_json::missing(operation, "", "SecretCode"))?;
        pending.session = Some(session);
        pending.next_step.totp_setup = Some(TotpSetup {
            uri: totp_uri(
                self.inner.config.user_pool_id(),
                &pending.username,
                &secret_code,
            ),
            secret_code,
        });
        let next = pending.next_step.clone();
        let mut state = self.state_mut();
        if state.session_epoch != epoch {
            return Err(CognitoError::not_signed_in("signed out while signing in"));
        }
        state.pending = Some(pending);
        Ok(SignInResult::NextStep(next))
    }

    /// The challenge waiting for an answer, if any.
    pub fn pending_challenge(&self) -> Option<NextStep> {
        self.state().pending.as_ref().map(|p| p.next_step.clone())
    }

    /// Stores tokens (a new session) or keeps the next challenge.
    fn finish_auth(
        &self,
        reply: Result<TokenSet, Challenge>,
        username: &str,
        epoch: u64,
    ) -> Result<SignInResult, CognitoError> {
        let cancelled = || CognitoError::not_signed_in("signed out while signing in");
        match reply {
            Ok(tokens) => {
                {
                    let mut state = self.state_mut();
                    if state.session_epoch != epoch {
                        return Err(cancelled());
                    }
                    state.start_session(tokens.clone());
                    // The new session may have dropped another user's ids.
                    self.inner.storage.save_identity_ids(&state.identity_ids);
                }
                self.inner.flights.set(Flights::default());
                // Credentials another session shared are not this one's.
                self.inner.storage.remove_credentials();
                self.inner.storage.save_tokens(&tokens);
                self.emit(super::SessionEvent::SignedIn);
                Ok(SignInResult::SignedIn)
            }
            Err(c) => {
                let pending = PendingChallenge::new(&c, username);
                let next = pending.next_step.clone();
                let mut state = self.state_mut();
                if state.session_epoch != epoch {
                    return Err(cancelled());
                }
                state.pending = Some(pending);
                Ok(SignInResult::NextStep(next))
            }
        }
    }
}
