//! Signing out: the local session dropped first, then GlobalSignOut or
//! RevokeToken; and ending a session whose refresh token no longer works.

use super::retry::RetryMode;
use super::single_flight::Flights;
use super::{CognitoClient, Platform, SessionEvent};
use crate::cognito::idp;
use crate::error::{CognitoError, ErrorKind};
use crate::session::SessionEnd;

impl<P: Platform + 'static> CognitoClient<P> {
    /// Signs out. Locally always: tokens, credentials, identity ids, the
    /// pending challenge, added logins and the stored session are dropped
    /// first. Then, when a user was signed in: with `global`, GlobalSignOut
    /// (after refreshing an expired access token); and, unless that
    /// succeeded, RevokeToken for the refresh token (ignoring
    /// `UnsupportedOperationException`, revocation disabled for the client,
    /// and `NotAuthorizedException`, already invalid). Other failures of the
    /// remote calls are returned after the local state is gone.
    pub async fn sign_out(&self, global: bool) -> Result<(), CognitoError> {
        let mut tokens = self.state().tokens.clone();
        if global {
            if let Some(t) = &tokens {
                if self.now_ms() >= t.expires_at_ms && t.refresh_token.is_some() {
                    if let Ok(fresh) = self.valid_tokens().await {
                        tokens = Some(fresh);
                    }
                }
            }
        }
        self.clear_local(SessionEnd::SignedOut);
        let Some(tokens) = tokens else {
            return Ok(());
        };
        self.emit(SessionEvent::SignedOut);
        let config = &self.inner.config;
        let mut first_error = None;
        let mut globally_signed_out = false;
        if global {
            let request = idp::global_sign_out(config, &tokens.access_token);
            match self
                .call(request, RetryMode::Idempotent, "GlobalSignOut", &[])
                .await
                .and_then(|r| idp::parse_empty_reply(&r, "GlobalSignOut"))
            {
                Ok(()) => globally_signed_out = true,
                Err(e) => first_error = Some(e),
            }
        }
        if let (Some(refresh_token), false) = (&tokens.refresh_token, globally_signed_out) {
            let request = idp::revoke_token(config, refresh_token);
            match self
                .call(request, RetryMode::Idempotent, "RevokeToken", &[])
                .await
                .and_then(|r| idp::parse_empty_reply(&r, "RevokeToken"))
            {
                Ok(()) => {}
                Err(e)
                    if matches!(
                        e.kind,
                        ErrorKind::UnsupportedOperationException
                            | ErrorKind::NotAuthorizedException
                    ) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Local sign-out: state, in-flight chains and stored session dropped.
    fn clear_local(&self, how: SessionEnd) {
        self.state_mut().end(how);
        self.inner.flights.set(Flights::default());
        self.inner.storage.clear();
    }

    /// Ends the session `epoch` locally (the refresh token no longer works).
    pub(super) fn end_session(&self, epoch: u64) {
        if self.state().session_epoch == epoch {
            self.clear_local(SessionEnd::Expired);
            self.emit(SessionEvent::SessionExpired);
        }
    }
}
