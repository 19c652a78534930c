//! The user's tokens: the current user, tokens refreshed
//! (REFRESH_TOKEN_AUTH) when they are within the refresh margin of expiry,
//! one refresh shared by concurrent callers (and by the tabs sharing the
//! storage), and the session ended when the refresh token is refused.
use crate::prelude::*;

use super::flight::Flight;
use super::retry::RetryMode;
use super::{CognitoClient, CurrentUser, Platform, SessionEvent};
use crate::cognito::idp::{self, AuthReply};
use crate::error::{CognitoError, ErrorKind};
use crate::session::{TokenSet, Tokens};

impl<P: Platform + 'static> CognitoClient<P> {
    /// The signed-in user, or `None`.
    pub fn current_user(&self) -> Option<CurrentUser> {
        self.sync_stored();
        let state = self.state();
        let tokens = state.tokens.as_ref()?;
        Some(CurrentUser {
            username: tokens.username().unwrap_or_default().to_owned(),
            sub: tokens.sub().unwrap_or_default().to_owned(),
            id_token_claims: tokens.id_claims.clone(),
            access_token_claims: tokens.access_claims.clone(),
        })
    }

    /// Whether a user is signed in (tokens are held, possibly needing a refresh).
    pub fn is_signed_in(&self) -> bool {
        self.sync_stored();
        self.state().tokens.is_some()
    }

    /// The ID and access tokens, refreshed first (REFRESH_TOKEN_AUTH) when
    /// they are within the refresh margin of expiry. `NotSignedIn` when no
    /// user is signed in. A refresh refused with `NotAuthorizedException`
    /// (refresh token expired or revoked) ends the session locally.
    pub async fn get_tokens(&self) -> Result<Tokens, CognitoError> {
        self.tokens(false).await.map(|t| t.tokens())
    }

    /// The tokens, refreshed now whatever their expiry (joining a refresh
    /// already in flight); as [`CognitoClient::get_tokens`] otherwise.
    pub async fn get_tokens_force_refresh(&self) -> Result<Tokens, CognitoError> {
        self.get_tokens_with(true).await
    }

    /// [`CognitoClient::get_tokens`], or with `force_refresh`
    /// [`CognitoClient::get_tokens_force_refresh`]: one function for
    /// callers that choose at run time.
    pub async fn get_tokens_with(&self, force_refresh: bool) -> Result<Tokens, CognitoError> {
        self.tokens(force_refresh).await.map(|t| t.tokens())
    }

    /// The tokens, refreshed first when due (one refresh shared by
    /// concurrent callers), as [`CognitoClient::get_tokens`] gives them but
    /// with the refresh token. Used by every file of `client/` that needs
    /// a valid access or ID token.
    pub(crate) async fn valid_tokens(&self) -> Result<TokenSet, CognitoError> {
        self.tokens(false).await
    }

    /// The tokens, refreshed first when due or when `force`d.
    pub(crate) async fn tokens(&self, force: bool) -> Result<TokenSet, CognitoError> {
        // Another tab may have refreshed, signed out or signed in.
        self.sync_stored();
        let (tokens, epoch) = {
            let state = self.state();
            (state.tokens.clone(), state.session_epoch)
        };
        let tokens = tokens.ok_or_else(|| CognitoError::not_signed_in("no user is signed in"))?;
        if !force && tokens.is_fresh(self.now_ms(), self.inner.config.refresh_margin_ms()) {
            return Ok(tokens);
        }
        self.refresh_flight(epoch).await
    }

    fn refresh_flight(&self, epoch: u64) -> Flight<Result<TokenSet, CognitoError>> {
        self.single_flight(
            |flights| &mut flights.refresh,
            epoch,
            move |this| async move { this.refresh_tokens(epoch).await },
        )
    }

    async fn refresh_tokens(&self, epoch: u64) -> Result<TokenSet, CognitoError> {
        let before = self.state().tokens.as_ref().map(|t| t.access_token.clone());
        // One refresh across the tabs: another one's, finished while this
        // one waited, is taken from storage (see `tabs.rs`).
        let margin = self.inner.config.refresh_margin_ms();
        let _lock = self
            .tab_lock("refresh", &|c| {
                let state = c.state();
                state.session_epoch != epoch
                    || state.tokens.as_ref().is_none_or(|t| {
                        before.as_ref() != Some(&t.access_token) && t.is_fresh(c.now_ms(), margin)
                    })
            })
            .await;
        let tokens = {
            let state = self.state();
            state
                .tokens
                .clone()
                .filter(|_| state.session_epoch == epoch)
        }
        .ok_or_else(|| CognitoError::not_signed_in("signed out during the token refresh"))?;
        if before.is_some_and(|b| b != tokens.access_token)
            && tokens.is_fresh(self.now_ms(), self.inner.config.refresh_margin_ms())
        {
            return Ok(tokens);
        }
        let Some(refresh_token) = tokens.refresh_token.clone() else {
            if self.now_ms() < tokens.expires_at_ms {
                return Ok(tokens);
            }
            self.end_session(epoch);
            return Err(CognitoError::not_signed_in(
                "the session expired and there is no refresh token; sign in again",
            ));
        };
        let request = idp::initiate_auth_refresh(
            &self.inner.config,
            &refresh_token,
            tokens.username(),
            tokens.device_key.as_deref(),
        );
        let reply = self
            .call(request, RetryMode::Idempotent, "InitiateAuth", &[])
            .await
            .and_then(|response| idp::parse_auth_reply(&response, "InitiateAuth"));
        let auth = match reply {
            Ok(AuthReply::Authenticated(auth)) => auth,
            Ok(AuthReply::Challenge(c)) => {
                return Err(CognitoError::invalid_response(text!(
                    "REFRESH_TOKEN_AUTH was answered with the challenge ",
                    c.name
                )))
            }
            Err(e) => {
                self.emit(SessionEvent::RefreshFailed(&e));
                if matches!(e.kind, ErrorKind::NotAuthorizedException) {
                    self.end_session(epoch);
                }
                return Err(e);
            }
        };
        let mut fresh = TokenSet::from_auth(auth, Some(&refresh_token), self.now_ms())?;
        fresh.device_key = tokens.device_key;
        fresh.device_group_key = tokens.device_group_key;
        // Never written back over a session signed out or replaced
        // meanwhile (in another tab): the epoch check below then refuses.
        self.sync_stored();
        {
            let mut state = self.state_mut();
            if state.session_epoch != epoch {
                return Err(CognitoError::not_signed_in(
                    "signed out during the token refresh",
                ));
            }
            state.tokens = Some(fresh.clone());
        }
        self.inner.storage.save_tokens(&fresh);
        self.emit(SessionEvent::TokensRefreshed);
        Ok(fresh)
    }
}
