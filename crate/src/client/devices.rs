//! Remembered devices: confirming the device Cognito started tracking at
//! sign-in (ConfirmDevice with an SRP verifier made here from a random
//! password, right after the sign-in), remembering it when the pool waits
//! for the user's word, forgetting it, and signing in with it
//! (DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER signed with the device's
//! password), which skips MFA.
//!
//! The device's secret ([`DeviceSecret`]) is kept per user where the tokens
//! are kept (memory without a store), across sign-outs; `forget_device` and
//! `delete_user` remove it. Its password never leaves the page: Cognito
//! holds only the verifier.
use crate::prelude::*;

use super::retry::{self, RetryMode};
use super::{CognitoClient, Platform};
use crate::cognito::account::{AccountReply, AccountRequest};
use crate::cognito::aws_json;
use crate::cognito::idp::{self, AuthReply, Challenge};
use crate::crypto::srp::{
    cognito_timestamp, device_password, device_verifier, PasswordClaim, DEVICE_PASSWORD_BYTES,
    DEVICE_SALT_BYTES,
};
use crate::error::{CognitoError, ErrorKind};
use crate::session::{DeviceSecret, TokenSet};

const RESPOND: &str = "RespondToAuthChallenge";

/// The challenges that ask for a second factor (or for setting one up).
const MFA_CHALLENGES: [&str; 5] = [
    "SMS_MFA",
    "SOFTWARE_TOKEN_MFA",
    "EMAIL_OTP",
    "SELECT_MFA_TYPE",
    "MFA_SETUP",
];

/// One request of an account call, with the device secret that
/// ConfirmDevice's success stores.
pub(super) struct DeviceStep {
    /// The request to send.
    pub(super) request: AccountRequest,
    /// ConfirmDevice: the device's secret behind the verifier sent.
    secret: Option<DeviceSecret>,
    /// `rememberDevice`: UpdateDeviceStatus follows a ConfirmDevice whose
    /// pool waits for the user's word.
    remember: bool,
}

/// No device to act on: the pool does not track devices, or this session
/// has none.
fn no_device() -> CognitoError {
    CognitoError::invalid_parameter(
        "this session has no device: the user pool does not track devices",
    )
}

/// A ConfirmDevice in flight whose outcome may stay unknown: dropped
/// before it is answered (its caller aborted), or [`InFlight::settle`]d
/// with an error that leaves unknown whether Cognito processed it
/// ([`retry::outcome_unknown`]), it leaves the tokens it was sent with in
/// [`crate::session::SessionState::abandoned`], whose device
/// [`CognitoClient::forget_abandoned_device`] forgets.
pub(super) struct InFlight<'a> {
    state: &'a core::cell::RefCell<crate::session::SessionState>,
    tokens: Option<TokenSet>,
}

impl InFlight<'_> {
    /// The request was answered with `result`: the tokens are let go
    /// unless it leaves the outcome unknown.
    pub(super) fn settle<T>(mut self, result: &Result<T, CognitoError>) {
        if !matches!(result, Err(e) if retry::outcome_unknown(e)) {
            self.tokens = None;
        }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let (Some(tokens), Ok(mut state)) = (self.tokens.take(), self.state.try_borrow_mut()) {
            state.abandoned = Some(tokens);
        }
    }
}

/// The device the signed-in session belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionDevice {
    /// `DeviceKey`.
    pub key: String,
    /// Whether it is the user's remembered device here (its secret is
    /// stored and Cognito said it is remembered): the next sign-in from it
    /// skips MFA.
    pub remembered: bool,
}

impl<P: Platform + 'static> CognitoClient<P> {
    /// The device this session signed in from, when the pool tracks
    /// devices (`None` otherwise, or when nobody is signed in). Not
    /// `remembered` (the pool waits for the user's word, or confirming it
    /// after the sign-in failed): [`CognitoClient::remember_device`] can
    /// remember it.
    pub fn session_device(&self) -> Option<SessionDevice> {
        let (key, username) = {
            let state = self.state();
            let tokens = state.tokens.as_ref()?;
            (tokens.device_key.clone()?, tokens.username()?.to_owned())
        };
        let remembered = self
            .stored_device(&username)
            .is_some_and(|d| d.device_key == key && d.remembered);
        Some(SessionDevice { key, remembered })
    }

    /// After a sign-in whose `tokens` name a new device (NewDeviceMetadata),
    /// before the session starts: ConfirmDevice with the verifier of a
    /// fresh random password, whose secret is stored for the user,
    /// remembered or not as the reply says (`UserConfirmationNecessary`).
    /// The sign-in stands whatever happens; the caller tells a failure as
    /// [`super::SessionEvent::DeviceConfirmFailed`] (the device stays unconfirmed:
    /// `remember_device` confirms it).
    ///
    /// When ConfirmDevice's outcome is unknown — the sign-in dropped while
    /// it was in flight (its caller's signal aborted), or it failed without
    /// a refusal from Cognito (a network failure, a timeout, a server
    /// error: [`retry::outcome_unknown`]) — its tokens are kept aside
    /// ([`crate::session::SessionState::abandoned`]): the request may
    /// still have reached Cognito, which then tracks a confirmed device
    /// whose secret was never stored, an orphan in `listDevices` no
    /// sign-in can use and that `remember_device` could not confirm again.
    /// [`CognitoClient::forget_abandoned_device`] removes it. Forgetting
    /// it, rather than keeping its secret as pending, leaves nothing
    /// uncertain behind: whether ConfirmDevice landed or not, the pool no
    /// longer has the device, the store never had it, and the next sign-in
    /// is offered a new one. A ConfirmDevice that Cognito refused by name
    /// did not land: the device stays unconfirmed for `remember_device`.
    pub(super) async fn confirm_new_device(&self, tokens: &TokenSet) -> Result<(), CognitoError> {
        if tokens.device_group_key.is_none() {
            return Ok(());
        }
        let mut step = self.device_step(AccountRequest::ConfirmThisDevice, Some(tokens))?;
        self.send_steps(&mut step, Some(tokens)).await.map(drop)
    }

    /// The guard of one request of `step` sent with `tokens`: armed for a
    /// ConfirmDevice (see [`InFlight`]), idle for any other request.
    pub(super) fn in_flight(&self, step: &DeviceStep, tokens: Option<&TokenSet>) -> InFlight<'_> {
        let confirming = matches!(step.request, AccountRequest::ConfirmDevice { .. });
        InFlight {
            state: &self.inner.state,
            tokens: tokens.filter(|_| confirming).cloned(),
        }
    }

    /// After a ConfirmDevice whose outcome is unknown (a sign-in, or
    /// `confirmSignUp`'s, or `remember_device`, dropped while it was in
    /// flight, or failed by a network failure, a timeout or a server
    /// error; see `CognitoClient::confirm_new_device`): ForgetDevice of
    /// that device with the access token it was sent with, best effort
    /// (its outcome is not reported: the call already ended with its
    /// error, or told it as `DeviceConfirmFailed`). Run it after any call
    /// that may confirm a device, whatever its outcome, outside that
    /// call's signal (the JS layer does). Does nothing otherwise (a
    /// ConfirmDevice still in flight is left alone); the session is not
    /// touched.
    pub async fn forget_abandoned_device(&self) {
        let Some(tokens) = self.state_mut().abandoned.take() else {
            return;
        };
        if let Some(key) = tokens.device_key.clone() {
            let mut step = DeviceStep {
                request: AccountRequest::ForgetDevice(key),
                secret: None,
                remember: false,
            };
            let _ = self.send_steps(&mut step, Some(&tokens)).await;
        }
    }

    /// `username`'s remembered device, if one is stored.
    pub(super) fn stored_device(&self, username: &str) -> Option<DeviceSecret> {
        self.inner.storage.device(username)
    }

    /// After a sign-in: the device the new tokens belong to; returns the
    /// name the sign-in was started with. The stored device the sign-in
    /// sent counts only when it is stored for the user the tokens name (a
    /// name that led to another user before proves nothing about this
    /// one): a device Cognito has just started tracking
    /// (`NewDeviceMetadata`) then replaces it (sent, not recognised), and
    /// without new metadata it is the tokens' device.
    pub(super) fn adopt_device(&self, tokens: &mut TokenSet) -> Option<String> {
        let (sent, name) = {
            let mut state = self.state_mut();
            (state.device_sent.take(), state.sign_in_name.take())
        };
        let user = tokens.username().unwrap_or_default().to_owned();
        if let Some((_, key)) = sent.filter(|(owner, _)| *owner == user) {
            if tokens.device_key.is_none() {
                tokens.device_key = Some(key);
            } else {
                self.inner.storage.remove_device(&user);
            }
        }
        name
    }

    /// A sign-in that sent the stored device and is asked for MFA all the
    /// same (`challenge`, for the user `username` started it as): the
    /// device is not remembered any more (another browser or an admin
    /// un-remembered it), whatever this client last learned.
    pub(super) fn device_not_remembered(&self, challenge: &Challenge, username: &str) {
        let sent = self.state().device_sent.clone();
        let user = challenge
            .parameter("USERNAME")
            .or_else(|| challenge.parameter("USER_ID_FOR_SRP"))
            .unwrap_or(username);
        if let Some((owner, key)) = sent.filter(|(owner, _)| owner == user) {
            if MFA_CHALLENGES.contains(&challenge.name.as_str()) {
                self.set_remembered(&owner, &key, false);
            }
        }
    }

    /// Marks `username`'s stored device `key` remembered or not.
    fn set_remembered(&self, username: &str, key: &str, remembered: bool) {
        if let Some(mut stored) = self.stored_device(username).filter(|d| d.device_key == key) {
            stored.remembered = remembered;
            self.inner.storage.save_device(username, &stored);
        }
    }

    /// Answers DEVICE_SRP_AUTH with the stored device of the challenge's
    /// user (SRP_A, then the DEVICE_PASSWORD_VERIFIER signature); any other
    /// reply, or a DEVICE_SRP_AUTH for a user with no stored device, is
    /// returned as it is. A refused device proof forgets the stored device
    /// (the next sign-in asks for MFA and offers a new one).
    ///
    /// Tokens for the device's proof, in a sign-in that was not asked for
    /// a second factor before it (the challenge answered last, if any, was
    /// no MFA challenge), mark the stored device remembered: Cognito let
    /// the device stand in for MFA, which it does for remembered devices
    /// only (devices not confirmed or not remembered must still give a
    /// second factor), whatever this client last learned (the device may
    /// have been remembered from another browser session, or the flag
    /// cleared here). Device authentication after an MFA code proves the
    /// device confirmed, not remembered: the flag is left as the MFA
    /// challenge set it ([`CognitoClient::device_not_remembered`]).
    pub(super) async fn device_sign_in(
        &self,
        reply: AuthReply,
        username: &str,
    ) -> Result<AuthReply, CognitoError> {
        let mut challenge = match reply {
            AuthReply::Challenge(c) if c.name == "DEVICE_SRP_AUTH" => c,
            other => return Ok(other),
        };
        let user = challenge
            .parameter("USERNAME")
            .filter(|u| !u.is_empty())
            .unwrap_or(username)
            .to_owned();
        let Some(device) = self.stored_device(&user) else {
            return Ok(AuthReply::Challenge(challenge));
        };
        let after_mfa = self
            .state()
            .pending
            .as_ref()
            .is_some_and(|p| MFA_CHALLENGES.contains(&p.name.as_str()));
        let srp = self.srp_session().await?;
        let secrets = [device.password.as_str()];
        // DEVICE_SRP_AUTH (SRP_A), then DEVICE_PASSWORD_VERIFIER (the proof).
        loop {
            let verifier = challenge.name == "DEVICE_PASSWORD_VERIFIER";
            let mut responses = vec![
                ("USERNAME".to_owned(), user.clone()),
                ("DEVICE_KEY".to_owned(), device.device_key.clone()),
            ];
            if verifier {
                let param = |key: &str| {
                    challenge
                        .parameter(key)
                        .filter(|v| !v.is_empty())
                        .ok_or_else(|| aws_json::missing(RESPOND, "ChallengeParameters.", key))
                };
                let secret_block = param("SECRET_BLOCK")?;
                let timestamp = cognito_timestamp(self.now_ms());
                let claim = PasswordClaim {
                    pool_name: &device.group_key,
                    user_id_for_srp: &device.device_key,
                    password: &device.password,
                    salt_hex: param("SALT")?,
                    srp_b_hex: param("SRP_B")?,
                    secret_block_b64: secret_block,
                    timestamp: &timestamp,
                };
                let signature = self.claim_in_slices(&srp, &claim).await?;
                responses.push((
                    "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
                    secret_block.to_owned(),
                ));
                responses.push(("TIMESTAMP".to_owned(), timestamp));
                responses.push(("PASSWORD_CLAIM_SIGNATURE".to_owned(), signature));
                self.state_mut().device_sent = Some((user.clone(), device.device_key.clone()));
            } else {
                responses.push(("SRP_A".to_owned(), srp.srp_a_hex()));
            }
            let request = idp::respond_to_auth_challenge(
                self.config(),
                &challenge.name,
                challenge.session.as_deref(),
                responses,
            );
            let reply = self
                .call(request, RetryMode::ThrottlingOnly, RESPOND, &secrets)
                .await
                .and_then(|response| idp::parse_auth_reply(&response, RESPOND));
            match reply {
                Err(e) if verifier && e.kind == ErrorKind::NotAuthorizedException => {
                    self.inner.storage.remove_device(&user);
                    return Err(e);
                }
                Ok(AuthReply::Challenge(c))
                    if !verifier && c.name == "DEVICE_PASSWORD_VERIFIER" =>
                {
                    challenge = c;
                }
                Ok(AuthReply::Authenticated(auth)) if verifier => {
                    if !after_mfa {
                        self.set_remembered(&user, &device.device_key, true);
                    }
                    return Ok(AuthReply::Authenticated(auth));
                }
                other => return other,
            }
        }
    }

    /// Remembers the device this session signed in from, so that signing
    /// in from it skips MFA. The sign-in confirmed it already:
    /// UpdateDeviceStatus `remembered` marks it remembered, also when this
    /// client last knew it remembered (one small request; the device may
    /// have been un-remembered from another browser or by an admin since,
    /// and the user's request must not be lost on a stale flag). A
    /// device whose confirmation failed is confirmed now (ConfirmDevice
    /// with the SRP verifier of a fresh random password, named `name`,
    /// its secret stored for the user), UpdateDeviceStatus following when
    /// the pool waits for the user's word (`UserConfirmationNecessary`).
    /// `name` names only a device confirmed here. Returns the device key.
    /// `InvalidParameterException` when the session has no device (the
    /// pool does not track devices). A ConfirmDevice whose outcome is left
    /// unknown (a network failure, a timeout, a server error) stores
    /// nothing and leaves the device to
    /// [`CognitoClient::forget_abandoned_device`]; so does one at sign-in,
    /// after which this session's device is gone (`ResourceNotFoundException`
    /// here) and the next sign-in gets a new one.
    pub async fn remember_device(&self, name: Option<&str>) -> Result<String, CognitoError> {
        let request = AccountRequest::RememberThisDevice(name.map(str::to_owned));
        self.account_as(request, |r| match r {
            AccountReply::DeviceKey(key) => Some(key),
            _ => None,
        })
        .await
    }

    /// ForgetDevice: the device `device_key` (default: this session's
    /// device) is no longer tracked; when it is the stored device, its
    /// secret is removed too (also when Cognito no longer knows it).
    pub async fn forget_device(&self, device_key: Option<&str>) -> Result<(), CognitoError> {
        self.account(AccountRequest::ForgetThisDevice(
            device_key.map(str::to_owned),
        ))
        .await
        .map(drop)
    }

    /// The first request of an account call: `rememberDevice`, the
    /// confirmation after a sign-in and `forgetDevice` resolved against the
    /// signed-in session `tokens` (ConfirmDevice with a new verifier, whose
    /// secret is kept for [`CognitoClient::device_step_done`];
    /// UpdateDeviceStatus for a device confirmed before; ForgetDevice of this
    /// session's device); any other request as it is.
    pub(super) fn device_step(
        &self,
        request: AccountRequest,
        tokens: Option<&TokenSet>,
    ) -> Result<DeviceStep, CognitoError> {
        let (username, key) = tokens
            .map(|t| (t.username().unwrap_or_default(), t.device_key.clone()))
            .unwrap_or_default();
        let remember = matches!(request, AccountRequest::RememberThisDevice(_));
        let mut secret = None;
        let request = match request {
            AccountRequest::RememberThisDevice(_) | AccountRequest::ConfirmThisDevice => {
                let key = key.ok_or_else(no_device)?;
                let stored = self
                    .stored_device(username)
                    .filter(|d| remember && d.device_key == key);
                if stored.is_some() {
                    // Confirmed before: remembered on the user's word now,
                    // even when this client last knew it remembered (it may
                    // have been un-remembered elsewhere since).
                    AccountRequest::RememberDevice(key)
                } else {
                    let name = match request {
                        AccountRequest::RememberThisDevice(Some(name)) => Some(name),
                        _ => self.inner.platform.device_name(),
                    };
                    let group_key = tokens
                        .and_then(|t| t.device_group_key.clone())
                        .ok_or_else(no_device)?;
                    let mut random = [0u8; DEVICE_PASSWORD_BYTES];
                    self.inner.platform.random_bytes(&mut random)?;
                    let mut salt = [0u8; DEVICE_SALT_BYTES];
                    self.inner.platform.random_bytes(&mut salt)?;
                    let password = device_password(&random);
                    let verifier = device_verifier(&group_key, &key, &password, &salt)?;
                    secret = Some(DeviceSecret {
                        device_key: key.clone(),
                        group_key,
                        password,
                        remembered: false,
                        names: Vec::new(),
                    });
                    AccountRequest::ConfirmDevice {
                        device_key: key,
                        verifier,
                        name,
                    }
                }
            }
            AccountRequest::ForgetThisDevice(given) => {
                AccountRequest::ForgetDevice(given.or(key).ok_or_else(no_device)?)
            }
            other => other,
        };
        Ok(DeviceStep {
            request,
            secret,
            remember,
        })
    }

    /// After one request of an account call: the reply (`Some`), or `None`
    /// when `step` now holds the next request. ConfirmDevice stores the
    /// device's secret for `username` (remembered unless the pool waits
    /// for the user's word) and, for `rememberDevice`, is followed by
    /// UpdateDeviceStatus when the pool waits; UpdateDeviceStatus marks the
    /// stored device remembered; a device forgotten (or unknown to Cognito)
    /// that is the stored one loses its secret.
    pub(super) fn device_step_done(
        &self,
        step: &mut DeviceStep,
        result: Result<AccountReply, CognitoError>,
        username: &str,
    ) -> Result<Option<AccountReply>, CognitoError> {
        match (&step.request, result) {
            (AccountRequest::ConfirmDevice { device_key, .. }, Ok(reply)) => {
                let key = device_key.clone();
                let waits = reply == AccountReply::DeviceConfirmed(true);
                if let Some(mut secret) = step.secret.take() {
                    secret.remembered = !waits;
                    self.inner.storage.save_device(username, &secret);
                }
                if waits && step.remember {
                    step.request = AccountRequest::RememberDevice(key);
                    return Ok(None);
                }
                Ok(Some(AccountReply::DeviceKey(key)))
            }
            (AccountRequest::RememberDevice(key), Ok(_)) => {
                self.set_remembered(username, key, true);
                Ok(Some(AccountReply::DeviceKey(key.clone())))
            }
            (AccountRequest::ForgetDevice(key), result) => {
                let gone = match &result {
                    Ok(_) => true,
                    Err(e) => e.kind == ErrorKind::ResourceNotFoundException,
                };
                if gone
                    && self
                        .stored_device(username)
                        .is_some_and(|d| d.device_key == *key)
                {
                    self.inner.storage.remove_device(username);
                }
                result.map(Some)
            }
            (_, result) => result.map(Some),
        }
    }
}
