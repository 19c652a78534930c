//! Identity-pool credentials: GetId (identity ids cached per pool and
//! owner) then GetCredentialsForIdentity, for the signed-in user and added
//! logins or for the guest; credentials reused until the refresh margin, one
//! chain shared by concurrent callers (the user's, by the tabs sharing the
//! storage too); the Logins map and the listener told of new credentials.
use crate::prelude::*;

use alloc::rc::Rc;

use super::flight::Flight;
use super::retry::RetryMode;
use super::{CognitoClient, CredentialsListener, Platform, SessionEvent};
use crate::cognito::identity;
use crate::error::{CognitoError, ErrorKind};
use crate::session::{
    CachedCredentials, Credentials, CredentialsFor, IdentityOwner, SessionState, TokenSet,
};

impl<P: Platform + 'static> CognitoClient<P> {
    /// Temporary AWS credentials: for the logins (signed-in user and added
    /// providers) when there are any, else, for a client that was never
    /// signed in, guest credentials. Once a session has ended this never
    /// falls back to the guest: `NotAuthorizedException` after the refresh
    /// token was refused, `NotSignedIn` after a sign-out. Reused until the
    /// refresh margin; concurrent calls share one request chain.
    pub async fn get_credentials(&self) -> Result<Credentials, CognitoError> {
        self.get_credentials_with(false).await
    }

    /// New credentials whatever the cached ones' expiry (joining a chain
    /// already in flight); as [`CognitoClient::get_credentials`] otherwise.
    /// The tokens are refreshed only when due.
    pub async fn get_credentials_force_refresh(&self) -> Result<Credentials, CognitoError> {
        self.get_credentials_with(true).await
    }

    /// [`CognitoClient::get_credentials`], or with `force`
    /// [`CognitoClient::get_credentials_force_refresh`]: one function for
    /// callers that choose at run time.
    pub async fn get_credentials_with(&self, force: bool) -> Result<Credentials, CognitoError> {
        self.identity_pool_id()?;
        self.sync_stored();
        let (whom, cached, epoch) = {
            let state = self.state();
            (
                state.credentials_for(),
                state.user_credentials.clone(),
                state.logins_epoch,
            )
        };
        if whom? == CredentialsFor::Guest {
            return self.guest_credentials(force).await;
        }
        if let Some(cached) = cached.filter(|_| !force) {
            if cached.is_fresh(self.now_ms(), self.inner.config.refresh_margin_ms()) {
                return Ok(cached.credentials);
            }
        }
        self.user_flight(epoch).await
    }

    /// Guest (unauthenticated) credentials, whether or not a user is signed
    /// in, where the identity pool allows them. The guest identity id is
    /// reused (and stored with the session).
    pub async fn get_guest_credentials(&self) -> Result<Credentials, CognitoError> {
        self.guest_credentials(false).await
    }

    async fn guest_credentials(&self, force: bool) -> Result<Credentials, CognitoError> {
        self.identity_pool_id()?;
        let (cached, epoch) = {
            let state = self.state();
            (state.guest_credentials.clone(), state.session_epoch)
        };
        if let Some(cached) = cached.filter(|_| !force) {
            if cached.is_fresh(self.now_ms(), self.inner.config.refresh_margin_ms()) {
                return Ok(cached.credentials);
            }
        }
        self.guest_flight(epoch).await
    }

    fn identity_pool_id(&self) -> Result<&str, CognitoError> {
        self.inner
            .config
            .identity_pool_id()
            .ok_or_else(|| CognitoError::invalid_config("identityPoolId is not configured"))
    }

    fn user_flight(&self, logins_epoch: u64) -> Flight<Result<Credentials, CognitoError>> {
        self.single_flight(
            |flights| &mut flights.user,
            logins_epoch,
            move |this| async move { this.fetch_user_credentials(logins_epoch).await },
        )
    }

    fn guest_flight(&self, session_epoch: u64) -> Flight<Result<Credentials, CognitoError>> {
        self.single_flight(
            |flights| &mut flights.guest,
            session_epoch,
            move |this| async move { this.fetch_guest_credentials(session_epoch).await },
        )
    }

    /// The ID token must come from the configured user pool before it is
    /// sent to the identity pool under the pool's provider name.
    fn check_issuer(&self, tokens: &TokenSet) -> Result<(), CognitoError> {
        let config = &self.inner.config;
        let iss = tokens
            .id_claims
            .iss()
            .ok_or_else(|| CognitoError::invalid_response("the ID token has no iss claim"))?;
        if config.issuer_matches(iss) {
            Ok(())
        } else {
            Err(CognitoError::new(
                ErrorKind::NotAuthorizedException,
                text!(
                    "the ID token was issued by ",
                    iss,
                    ", not by the user pool ",
                    config.user_pool_id(),
                    " (Logins key ",
                    config.provider_name(),
                    ")"
                ),
                false,
            ))
        }
    }

    async fn fetch_user_credentials(&self, logins_epoch: u64) -> Result<Credentials, CognitoError> {
        let identity_pool_id = self.identity_pool_id()?.to_owned();
        let (before, started) = {
            let state = self.state();
            (
                state
                    .user_credentials
                    .as_ref()
                    .map(|c| c.credentials.access_key_id.clone()),
                state.session_epoch,
            )
        };
        // One credentials chain across the tabs: another one's, finished
        // while this one waited, is taken from storage (see `tabs.rs`).
        let _lock = self
            .tab_lock("credentials", &|c| {
                c.state().session_epoch != started
                    || c.shared_credentials(&identity_pool_id, before.as_deref())
                        .is_some()
            })
            .await;
        let (tokens, session_epoch) = {
            let state = self.state();
            (state.tokens.clone(), state.session_epoch)
        };
        if session_epoch != started {
            return Err(CognitoError::not_signed_in(
                "the session changed (in another tab) while fetching credentials",
            ));
        }
        if let Some(shared) = self.shared_credentials(&identity_pool_id, before.as_deref()) {
            if self.state().logins_epoch == logins_epoch {
                let credentials = shared.credentials.clone();
                self.keep_credentials(
                    |s| &mut s.user_credentials,
                    &credentials,
                    shared.obtained_at_ms,
                );
            }
            return Ok(shared.credentials);
        }
        let tokens = match tokens {
            Some(tokens) => {
                self.check_issuer(&tokens)?;
                let tokens = self.valid_tokens().await?;
                self.check_issuer(&tokens)?;
                Some(tokens)
            }
            None => None,
        };
        let logins = {
            let state = self.state();
            if state.session_epoch != session_epoch {
                return Err(CognitoError::not_signed_in(
                    "signed out while fetching credentials",
                ));
            }
            let mut logins = Vec::new();
            if let Some(t) = &tokens {
                logins.push((self.inner.config.provider_name(), t.id_token.clone()));
            }
            logins.extend(state.extra_logins.iter().cloned());
            logins
        };
        if logins.is_empty() {
            return Err(CognitoError::not_signed_in(
                "no login to get credentials for",
            ));
        }
        // Federated-only logins have no user pool `sub`: their identity id
        // is not cached.
        let owner = tokens
            .as_ref()
            .and_then(|t| t.sub())
            .map(|sub| IdentityOwner::User(sub.to_owned()));
        let (credentials, obtained_at_ms) = self
            .credentials_for(&identity_pool_id, owner.as_ref(), &logins, session_epoch)
            .await?;
        // Never kept (nor shared) over a session signed out or replaced
        // meanwhile in another tab.
        self.sync_stored();
        let current = {
            let state = self.state();
            if state.session_epoch != session_epoch {
                return Err(CognitoError::not_signed_in(
                    "signed out while fetching credentials",
                ));
            }
            // Credentials for a Logins map that changed meanwhile are
            // returned to their callers but not kept.
            state.logins_epoch == logins_epoch
        };
        if current {
            self.keep_credentials(|s| &mut s.user_credentials, &credentials, obtained_at_ms);
            if self.inner.storage.is_kept() {
                let cached = CachedCredentials {
                    credentials: credentials.clone(),
                    obtained_at_ms,
                };
                self.share_credentials(&identity_pool_id, cached);
            }
        }
        Ok(credentials)
    }

    async fn fetch_guest_credentials(
        &self,
        session_epoch: u64,
    ) -> Result<Credentials, CognitoError> {
        let identity_pool_id = self.identity_pool_id()?.to_owned();
        let (credentials, obtained_at_ms) = self
            .credentials_for(
                &identity_pool_id,
                Some(&IdentityOwner::Guest),
                &[],
                session_epoch,
            )
            .await?;
        if self.state().session_epoch == session_epoch {
            self.keep_credentials(|s| &mut s.guest_credentials, &credentials, obtained_at_ms);
        }
        Ok(credentials)
    }

    /// Caches new credentials in `slot`, counts them and tells the listener.
    fn keep_credentials(
        &self,
        slot: fn(&mut SessionState) -> &mut Option<CachedCredentials>,
        credentials: &Credentials,
        obtained_at_ms: f64,
    ) {
        {
            let mut state = self.state_mut();
            *slot(&mut state) = Some(CachedCredentials {
                credentials: credentials.clone(),
                obtained_at_ms,
            });
            state.credentials_generation += 1;
        }
        self.notify(credentials);
        self.emit(SessionEvent::CredentialsRefreshed(credentials));
    }

    /// GetId (unless the owner's identity id is cached) then
    /// GetCredentialsForIdentity. A cached id the pool no longer accepts
    /// (`ResourceNotFoundException`, or `NotAuthorizedException`: deleted,
    /// disabled or now linked elsewhere) is dropped and GetId asked once
    /// more.
    async fn credentials_for(
        &self,
        identity_pool_id: &str,
        owner: Option<&IdentityOwner>,
        logins: &[(String, String)],
        session_epoch: u64,
    ) -> Result<(Credentials, f64), CognitoError> {
        let cached = owner.and_then(|o| self.cached_identity_id(identity_pool_id, o));
        let (identity_id, from_cache) = match cached {
            Some(id) => (id, true),
            None => (
                self.get_id(identity_pool_id, owner, logins, session_epoch)
                    .await?,
                false,
            ),
        };
        match self.credentials_for_identity(&identity_id, logins).await {
            Err(e)
                if from_cache
                    && matches!(
                        e.kind,
                        ErrorKind::ResourceNotFoundException | ErrorKind::NotAuthorizedException
                    ) =>
            {
                if let Some(owner) = owner {
                    self.update_identity_ids(session_epoch, |ids| {
                        ids.remove(identity_pool_id, owner)
                    });
                }
                let identity_id = self
                    .get_id(identity_pool_id, owner, logins, session_epoch)
                    .await?;
                self.credentials_for_identity(&identity_id, logins).await
            }
            result => result,
        }
    }

    /// The owner's cached identity id: held here, else stored by another
    /// client of the same storage (another tab), then held here too.
    fn cached_identity_id(&self, identity_pool_id: &str, owner: &IdentityOwner) -> Option<String> {
        if let Some(id) = self.state().identity_ids.get(identity_pool_id, owner) {
            return Some(id.to_owned());
        }
        let stored = self.inner.storage.load_identity_ids();
        let id = stored.get(identity_pool_id, owner)?.to_owned();
        self.state_mut()
            .identity_ids
            .insert(identity_pool_id, owner, &id);
        Some(id)
    }

    async fn get_id(
        &self,
        identity_pool_id: &str,
        owner: Option<&IdentityOwner>,
        logins: &[(String, String)],
        session_epoch: u64,
    ) -> Result<String, CognitoError> {
        let request = identity::get_id(&self.inner.config, identity_pool_id, logins);
        let response = self
            .call(request, RetryMode::Idempotent, "GetId", &[])
            .await?;
        let identity_id = identity::parse_get_id(&response)?;
        if let Some(owner) = owner {
            self.update_identity_ids(session_epoch, |ids| {
                ids.insert(identity_pool_id, owner, &identity_id)
            });
        }
        Ok(identity_id)
    }

    async fn credentials_for_identity(
        &self,
        identity_id: &str,
        logins: &[(String, String)],
    ) -> Result<(Credentials, f64), CognitoError> {
        let request =
            identity::get_credentials_for_identity(&self.inner.config, identity_id, logins);
        let response = self
            .call(
                request,
                RetryMode::Idempotent,
                "GetCredentialsForIdentity",
                &[],
            )
            .await?;
        let credentials = identity::parse_credentials(&response, identity_id)?;
        Ok((credentials, self.now_ms()))
    }

    /// Changes the identity id cache and stores it, unless the session
    /// changed since `session_epoch`.
    fn update_identity_ids(
        &self,
        session_epoch: u64,
        change: impl FnOnce(&mut crate::session::IdentityIds),
    ) {
        self.sync_stored();
        let ids = {
            let mut state = self.state_mut();
            if state.session_epoch != session_epoch {
                return;
            }
            change(&mut state.identity_ids);
            state.identity_ids.clone()
        };
        self.inner.storage.save_identity_ids(&ids);
    }

    /// Adds (or replaces) another provider's token in the Logins map
    /// (federation: `accounts.google.com`, `graph.facebook.com`, an OIDC
    /// issuer…). Credentials for the previous Logins map are dropped. The
    /// user pool's own provider is managed by `sign_in`.
    pub fn add_login(&self, provider: &str, token: &str) -> Result<(), CognitoError> {
        if provider.trim().is_empty() {
            return Err(CognitoError::invalid_parameter(
                "the provider name is empty",
            ));
        }
        if token.is_empty() {
            return Err(CognitoError::invalid_parameter("the login token is empty"));
        }
        if provider == self.inner.config.provider_name() {
            return Err(CognitoError::invalid_parameter(
                "the user pool's own provider is added by sign_in",
            ));
        }
        {
            let mut state = self.state_mut();
            state.extra_logins.retain(|(p, _)| p != provider);
            state
                .extra_logins
                .push((provider.to_owned(), token.to_owned()));
            state.user_credentials = None;
            state.logins_epoch += 1;
        }
        self.update_flights(|flights| flights.user = None);
        Ok(())
    }

    /// Removes a provider added with `add_login`; returns whether it was there.
    pub fn remove_login(&self, provider: &str) -> bool {
        let removed = {
            let mut state = self.state_mut();
            let before = state.extra_logins.len();
            state.extra_logins.retain(|(p, _)| p != provider);
            let removed = state.extra_logins.len() != before;
            if removed {
                state.user_credentials = None;
                state.logins_epoch += 1;
            }
            removed
        };
        if removed {
            self.update_flights(|flights| flights.user = None);
        }
        removed
    }

    /// Sets (or with `None` removes) the function called with new
    /// credentials each time they arrive.
    pub fn on_credentials(&self, listener: Option<CredentialsListener>) {
        self.inner.listener.set(listener.map(Rc::from));
    }

    /// How many times new credentials have arrived (a UI can watch it).
    pub fn credentials_generation(&self) -> u64 {
        self.state().credentials_generation
    }

    fn notify(&self, credentials: &Credentials) {
        // Put back before the call: the listener may replace itself.
        let listener = self.inner.listener.take();
        self.inner.listener.set(listener.clone());
        if let Some(listener) = listener {
            listener(credentials);
        }
    }
}
