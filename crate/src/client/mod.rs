//! The Cognito client: sign-in flows, tokens and credentials over a Platform.
//!
//! [`CognitoClient`] drives the sans-IO pieces (`idp`, `identity`,
//! `challenge`, `session`) over a [`Platform`] that sends requests, tells the
//! time and gives random bytes. It is single-threaded and cheap to clone
//! (an `Rc` inside); clones share one session, separate instances share
//! nothing.
//!
//! Rules it keeps:
//! - tokens and credentials are reused until `refreshMarginSeconds` (default
//!   300 s, at most half their lifetime) before they expire; an ID token past
//!   that point is refreshed (REFRESH_TOKEN_AUTH) before GetId and
//!   GetCredentialsForIdentity;
//! - concurrent `get_credentials`/`get_tokens` calls share one request chain;
//! - the ID token's issuer is checked against the user pool before the
//!   identity pool sees it;
//! - identity ids are cached per (identity pool, user `sub`) or for the
//!   guest, and dropped at sign-out;
//! - calls safe to repeat are retried on throttling, 5xx and network
//!   failures with capped exponential backoff and jitter;
//!   RespondToAuthChallenge only when throttled;
//! - every reply's `Date` header feeds the [`ClockSkew`]; times (SRP
//!   TIMESTAMP, expiry checks) come from the corrected clock.

mod account;
mod flight;
pub mod platform;
pub mod retry;
pub mod skew;

pub use platform::Platform;

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::fmt;
use std::future::{self, Future};
use std::pin::{pin, Pin};
use std::rc::Rc;

use crate::cognito::aws_json;
use crate::cognito::challenge::{self, ChallengeAnswer, NextStep, PendingChallenge};
use crate::cognito::identity;
use crate::cognito::idp::{self, AuthReply};
use crate::config::{AuthFlow, Config, ValidConfig};
use crate::crypto::srp::{cognito_timestamp, PasswordClaim, SrpSession, SECRET_BYTES};
use crate::error::CognitoError;
use crate::session::storage::KeyValueStore;
use crate::session::{
    CachedCredentials, Credentials, IdentityOwner, SessionState, SessionStorage, TokenSet, Tokens,
};
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::jwt::Claims;
use crate::wire::text;
use flight::Flight;
use retry::RetryMode;
use skew::ClockSkew;

/// The outcome of `sign_in` and `respond_to_challenge`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInResult {
    /// Signed in: tokens are available.
    SignedIn,
    /// A challenge must be answered with `respond_to_challenge`.
    NextStep(NextStep),
}

/// The signed-in user, from the tokens' claims.
#[derive(Clone, Debug, PartialEq)]
pub struct CurrentUser {
    /// The user name (`username` / `cognito:username`; empty if absent).
    pub username: String,
    /// The user's `sub` (empty if absent).
    pub sub: String,
    /// Claims of the ID token.
    pub id_token_claims: Claims,
    /// Claims of the access token.
    pub access_token_claims: Claims,
}

/// Called with new credentials each time they arrive.
pub type CredentialsListener = Box<dyn Fn(&Credentials)>;

type SharedListener = Rc<dyn Fn(&Credentials)>;

/// An in-flight request chain, if any, with the epoch it serves.
type FlightSlot<T> = Option<(u64, Flight<Result<T, CognitoError>>)>;

/// The in-flight request chains, each tagged with the epoch it serves.
#[derive(Default)]
struct Flights {
    refresh: FlightSlot<TokenSet>,
    user: FlightSlot<Credentials>,
    guest: FlightSlot<Credentials>,
}

struct Inner<P> {
    config: ValidConfig,
    platform: P,
    skew: ClockSkew,
    storage: SessionStorage,
    state: RefCell<SessionState>,
    /// Taken out and put back, never borrowed (as are the next two).
    flights: Cell<Flights>,
    /// The SRP secret `a` (with A = g^a mod N computed) for the next
    /// USER_SRP_AUTH InitiateAuth; taken by exactly one sign-in attempt.
    next_srp: Cell<Option<SrpSession>>,
    listener: Cell<Option<SharedListener>>,
}

/// A client for one user pool app client (and optionally one identity pool).
pub struct CognitoClient<P: Platform> {
    inner: Rc<Inner<P>>,
}

impl<P: Platform> Clone for CognitoClient<P> {
    fn clone(&self) -> Self {
        CognitoClient {
            inner: Rc::clone(&self.inner),
        }
    }
}

impl<P: Platform> fmt::Debug for CognitoClient<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CognitoClient")
            .field("config", &self.inner.config)
            .field("signed_in", &self.inner.state.borrow().tokens.is_some())
            .finish_non_exhaustive()
    }
}

impl<P: Platform + 'static> CognitoClient<P> {
    /// Validates `config` (an `InvalidConfig` error before any request) and
    /// restores the session kept in `store`, if any (`None`: memory only).
    /// Cheap: no SRP work is done here (see [`CognitoClient::sign_in`] and
    /// [`CognitoClient::prepare_sign_in`]).
    pub fn new(
        config: Config,
        platform: P,
        store: Option<Rc<dyn KeyValueStore>>,
    ) -> Result<Self, CognitoError> {
        let config = config.validate()?;
        let storage = SessionStorage::new(store, config.storage_prefix());
        let state = SessionState {
            tokens: storage.load_tokens(),
            identity_ids: storage.load_identity_ids(),
            ..SessionState::default()
        };
        Ok(CognitoClient {
            inner: Rc::new(Inner {
                config,
                platform,
                skew: ClockSkew::new(),
                storage,
                state: RefCell::new(state),
                flights: Cell::default(),
                next_srp: Cell::new(None),
                listener: Cell::new(None),
            }),
        })
    }

    /// The checked configuration.
    pub fn config(&self) -> &ValidConfig {
        &self.inner.config
    }

    /// The platform the client runs on.
    pub fn platform(&self) -> &P {
        &self.inner.platform
    }

    /// The server clock offset learned from replies.
    pub fn skew(&self) -> &ClockSkew {
        &self.inner.skew
    }

    /// Server time now (local clock corrected by the learned skew), ms.
    pub fn now_ms(&self) -> f64 {
        self.inner.skew.now_ms(self.inner.platform.now_ms())
    }

    // ----- sign-in -------------------------------------------------------

    /// Signs a user in with the configured flow: `USER_SRP_AUTH` (default;
    /// InitiateAuth then RespondToAuthChallenge PASSWORD_VERIFIER, the
    /// password never leaves the browser) or `USER_PASSWORD_AUTH`. An empty
    /// username or password is an `InvalidParameterException` before any
    /// request. A challenge (new password, MFA, …) comes back as
    /// [`SignInResult::NextStep`] and is kept for `respond_to_challenge`.
    ///
    /// SRP cost: each attempt needs a fresh secret `a` (128 random bytes from
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
        let epoch = {
            let mut state = self.state_mut();
            state.pending = None;
            state.session_epoch
        };
        let (reply, username) = match self.inner.config.auth_flow() {
            AuthFlow::UserPasswordAuth => {
                let request = idp::initiate_auth_password(&self.inner.config, username, password);
                let response = self
                    .call(request, RetryMode::Idempotent, "InitiateAuth", &[password])
                    .await?;
                (
                    idp::parse_auth_reply(&response, "InitiateAuth")?,
                    username.to_owned(),
                )
            }
            AuthFlow::UserSrpAuth => self.srp_sign_in(username, password).await?,
        };
        self.finish_auth(reply, &username, epoch)
    }

    /// USER_SRP_AUTH: returns the reply after PASSWORD_VERIFIER (or the first
    /// reply if it was not that challenge) and the USERNAME to answer with.
    async fn srp_sign_in(
        &self,
        username: &str,
        password: &str,
    ) -> Result<(AuthReply, String), CognitoError> {
        let config = &self.inner.config;
        let prepared = self.inner.next_srp.take();
        let srp = match prepared {
            Some(srp) => srp,
            None => self.new_srp_session()?,
        };
        let request = idp::initiate_auth_srp(config, username, &srp.srp_a_hex());
        // The request is handed to the platform on the first poll; the next
        // attempt's session is prepared while the reply is awaited.
        let response = start_then(
            self.call(request, RetryMode::Idempotent, "InitiateAuth", &[]),
            || self.prepare_next_srp(),
        )
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
        let signature = srp.password_claim(&PasswordClaim {
            pool_name: config.pool_name(),
            user_id_for_srp,
            password,
            salt_hex,
            srp_b_hex,
            secret_block_b64,
            timestamp: &timestamp,
        })?;
        let responses = vec![
            ("USERNAME".to_owned(), answer_username.clone()),
            (
                "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
                secret_block_b64.to_owned(),
            ),
            ("TIMESTAMP".to_owned(), timestamp),
            ("PASSWORD_CLAIM_SIGNATURE".to_owned(), signature),
        ];
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

    /// Prepares the SRP session of the next sign-in attempt now (128 random
    /// bytes and A = g^a mod N), so that `sign_in` can send InitiateAuth
    /// at once; call it when the sign-in form appears. Does nothing when a
    /// session is already prepared or the flow is `USER_PASSWORD_AUTH`.
    /// Fails only when the platform has no randomness.
    pub fn prepare_sign_in(&self) -> Result<(), CognitoError> {
        if self.inner.config.auth_flow() != AuthFlow::UserSrpAuth {
            return Ok(());
        }
        let srp = match self.inner.next_srp.take() {
            Some(srp) => srp,
            None => self.new_srp_session()?,
        };
        self.inner.next_srp.set(Some(srp));
        Ok(())
    }

    /// [`CognitoClient::prepare_sign_in`] for the attempt after the current
    /// one; a failure is left for that attempt to report.
    fn prepare_next_srp(&self) {
        let _ = self.prepare_sign_in();
    }

    /// A new SRP session from fresh platform randomness.
    fn new_srp_session(&self) -> Result<SrpSession, CognitoError> {
        let mut random = [0u8; SECRET_BYTES];
        self.inner.platform.random_bytes(&mut random)?;
        SrpSession::new(&random)
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
        let request = idp::respond_to_auth_challenge(
            &self.inner.config,
            &pending.name,
            pending.session.as_deref(),
            responses,
        );
        let secrets: Vec<&str> = [answer.new_password.as_deref(), answer.code.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let response = self
            .call(
                request,
                RetryMode::ThrottlingOnly,
                "RespondToAuthChallenge",
                &secrets,
            )
            .await?;
        let reply = idp::parse_auth_reply(&response, "RespondToAuthChallenge")?;
        self.finish_auth(reply, &pending.username, epoch)
    }

    /// The challenge waiting for an answer, if any.
    pub fn pending_challenge(&self) -> Option<NextStep> {
        self.state().pending.as_ref().map(|p| p.next_step.clone())
    }

    /// Stores tokens (a new session) or keeps the next challenge.
    fn finish_auth(
        &self,
        reply: AuthReply,
        username: &str,
        epoch: u64,
    ) -> Result<SignInResult, CognitoError> {
        let cancelled = || CognitoError::not_signed_in("signed out while signing in");
        match reply {
            AuthReply::Authenticated(auth) => {
                let tokens = TokenSet::from_auth(auth, None, self.now_ms())?;
                {
                    let mut state = self.state_mut();
                    if state.session_epoch != epoch {
                        return Err(cancelled());
                    }
                    state.start_session(tokens.clone());
                }
                self.inner.flights.set(Flights::default());
                self.inner.storage.save_tokens(&tokens);
                Ok(SignInResult::SignedIn)
            }
            AuthReply::Challenge(c) => {
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

    // ----- tokens --------------------------------------------------------

    /// The signed-in user, or `None`.
    pub fn current_user(&self) -> Option<CurrentUser> {
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
        self.state().tokens.is_some()
    }

    /// The ID and access tokens, refreshed first (REFRESH_TOKEN_AUTH) when
    /// they are within the refresh margin of expiry. `NotSignedIn` when no
    /// user is signed in. A refresh refused with `NotAuthorizedException`
    /// (refresh token expired or revoked) ends the session locally.
    pub async fn get_tokens(&self) -> Result<Tokens, CognitoError> {
        self.valid_tokens().await.map(|t| t.tokens())
    }

    async fn valid_tokens(&self) -> Result<TokenSet, CognitoError> {
        let (tokens, epoch) = {
            let state = self.state();
            (state.tokens.clone(), state.session_epoch)
        };
        let tokens = tokens.ok_or_else(|| CognitoError::not_signed_in("no user is signed in"))?;
        if tokens.is_fresh(self.now_ms(), self.inner.config.refresh_margin_ms()) {
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

    /// The chain in `slot` when it serves `epoch`, else a new one from
    /// `make` stored there: concurrent callers share one request chain,
    /// which clears its slot when done (unless a newer chain replaced it).
    fn single_flight<T, F>(
        &self,
        slot: fn(&mut Flights) -> &mut FlightSlot<T>,
        epoch: u64,
        make: impl FnOnce(Self) -> F,
    ) -> Flight<Result<T, CognitoError>>
    where
        T: Clone + 'static,
        F: Future<Output = Result<T, CognitoError>> + 'static,
    {
        let mut flights = self.inner.flights.take();
        let flight = match slot(&mut flights) {
            Some((e, flight)) if *e == epoch => flight.clone(),
            _ => {
                let this = self.clone();
                // Boxed: the wrapper below is then one copy per `T`, not
                // one per request chain.
                let work: Pin<Box<dyn Future<Output = Result<T, CognitoError>>>> =
                    Box::pin(make(self.clone()));
                let flight = Flight::new(async move {
                    let result = work.await;
                    this.update_flights(|flights| {
                        let slot = slot(flights);
                        if matches!(slot, Some((e, _)) if *e == epoch) {
                            *slot = None;
                        }
                    });
                    result
                });
                *slot(&mut flights) = Some((epoch, flight.clone()));
                flight
            }
        };
        self.inner.flights.set(flights);
        flight
    }

    /// Changes the in-flight chains (taken out of their cell meanwhile).
    fn update_flights(&self, change: impl FnOnce(&mut Flights)) {
        let mut flights = self.inner.flights.take();
        change(&mut flights);
        self.inner.flights.set(flights);
    }

    async fn refresh_tokens(&self, epoch: u64) -> Result<TokenSet, CognitoError> {
        let tokens = {
            let state = self.state();
            state
                .tokens
                .clone()
                .filter(|_| state.session_epoch == epoch)
        }
        .ok_or_else(|| CognitoError::not_signed_in("signed out during the token refresh"))?;
        let Some(refresh_token) = tokens.refresh_token.clone() else {
            if self.now_ms() < tokens.expires_at_ms {
                return Ok(tokens);
            }
            self.end_session(epoch);
            return Err(CognitoError::not_signed_in(
                "the session expired and there is no refresh token; sign in again",
            ));
        };
        let request =
            idp::initiate_auth_refresh(&self.inner.config, &refresh_token, tokens.username());
        let reply = self
            .call(
                request,
                RetryMode::Idempotent,
                "InitiateAuth",
                &[&refresh_token],
            )
            .await
            .and_then(|response| idp::parse_auth_reply(&response, "InitiateAuth"));
        let auth = match reply {
            Ok(AuthReply::Authenticated(auth)) => auth,
            Ok(AuthReply::Challenge(c)) => {
                return Err(CognitoError::invalid_response(format!(
                    "REFRESH_TOKEN_AUTH was answered with the challenge {}",
                    c.name
                )))
            }
            Err(e) => {
                if e.name == "NotAuthorizedException" {
                    self.end_session(epoch);
                }
                return Err(e);
            }
        };
        let fresh = TokenSet::from_auth(auth, Some(&refresh_token), self.now_ms())?;
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
        Ok(fresh)
    }

    // ----- credentials ---------------------------------------------------

    /// Temporary AWS credentials: for the logins (signed-in user and added
    /// providers) when there are any, else guest credentials. Reused until
    /// the refresh margin; concurrent calls share one request chain.
    pub async fn get_credentials(&self) -> Result<Credentials, CognitoError> {
        self.identity_pool_id()?;
        let (has_logins, cached, epoch) = {
            let state = self.state();
            (
                state.has_logins(),
                state.user_credentials.clone(),
                state.logins_epoch,
            )
        };
        if !has_logins {
            return self.get_guest_credentials().await;
        }
        if let Some(cached) = cached {
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
        self.identity_pool_id()?;
        let (cached, epoch) = {
            let state = self.state();
            (state.guest_credentials.clone(), state.session_epoch)
        };
        if let Some(cached) = cached {
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
                "NotAuthorizedException",
                format!(
                    "the ID token was issued by {iss}, not by the user pool {} (Logins key {})",
                    config.user_pool_id(),
                    config.provider_name()
                ),
                false,
            ))
        }
    }

    async fn fetch_user_credentials(&self, logins_epoch: u64) -> Result<Credentials, CognitoError> {
        let identity_pool_id = self.identity_pool_id()?.to_owned();
        let (tokens, session_epoch) = {
            let state = self.state();
            (state.tokens.clone(), state.session_epoch)
        };
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
    }

    /// GetId (unless the owner's identity id is cached) then
    /// GetCredentialsForIdentity. A cached id the pool no longer knows
    /// (`ResourceNotFoundException`) is dropped and GetId asked once more.
    async fn credentials_for(
        &self,
        identity_pool_id: &str,
        owner: Option<&IdentityOwner>,
        logins: &[(String, String)],
        session_epoch: u64,
    ) -> Result<(Credentials, f64), CognitoError> {
        let cached = owner.and_then(|o| {
            self.state()
                .identity_ids
                .get(identity_pool_id, o)
                .map(str::to_owned)
        });
        let (identity_id, from_cache) = match cached {
            Some(id) => (id, true),
            None => (
                self.get_id(identity_pool_id, owner, logins, session_epoch)
                    .await?,
                false,
            ),
        };
        match self.credentials_for_identity(&identity_id, logins).await {
            Err(e) if from_cache && e.name == "ResourceNotFoundException" => {
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

    async fn get_id(
        &self,
        identity_pool_id: &str,
        owner: Option<&IdentityOwner>,
        logins: &[(String, String)],
        session_epoch: u64,
    ) -> Result<String, CognitoError> {
        let request = identity::get_id(&self.inner.config, identity_pool_id, logins);
        let secrets: Vec<&str> = logins.iter().map(|(_, token)| token.as_str()).collect();
        let response = self
            .call(request, RetryMode::Idempotent, "GetId", &secrets)
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
        let secrets: Vec<&str> = logins.iter().map(|(_, token)| token.as_str()).collect();
        let response = self
            .call(
                request,
                RetryMode::Idempotent,
                "GetCredentialsForIdentity",
                &secrets,
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

    // ----- sign-out ------------------------------------------------------

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
        self.clear_local();
        let Some(tokens) = tokens else {
            return Ok(());
        };
        let config = &self.inner.config;
        let mut first_error = None;
        let mut globally_signed_out = false;
        if global {
            let request = idp::global_sign_out(config, &tokens.access_token);
            match self
                .call(
                    request,
                    RetryMode::Idempotent,
                    "GlobalSignOut",
                    &[&tokens.access_token],
                )
                .await
                .and_then(|r| idp::parse_empty_reply(&r, "GlobalSignOut"))
            {
                Ok(()) => globally_signed_out = true,
                Err(e) => first_error = Some(e),
            }
        }
        if let (Some(refresh_token), false) = (&tokens.refresh_token, globally_signed_out) {
            let request = idp::revoke_token(config, refresh_token);
            let mut secrets = vec![refresh_token.as_str()];
            secrets.extend(config.client_secret());
            match self
                .call(request, RetryMode::Idempotent, "RevokeToken", &secrets)
                .await
                .and_then(|r| idp::parse_empty_reply(&r, "RevokeToken"))
            {
                Ok(()) => {}
                Err(e)
                    if e.name == "UnsupportedOperationException"
                        || e.name == "NotAuthorizedException" => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Local sign-out: state, in-flight chains and stored session dropped.
    fn clear_local(&self) {
        self.state_mut().clear();
        self.inner.flights.set(Flights::default());
        self.inner.storage.clear();
    }

    /// Ends the session `epoch` locally (the refresh token no longer works).
    fn end_session(&self, epoch: u64) {
        if self.state().session_epoch == epoch {
            self.clear_local();
        }
    }

    // ----- transport -----------------------------------------------------

    /// Sends `request`, retrying per `mode`; learns the clock skew from
    /// every reply. Returns a 2xx reply, or the error (with any of
    /// `secrets` that the server echoed removed from its message).
    async fn call(
        &self,
        request: HttpRequest,
        mode: RetryMode,
        operation: &str,
        secrets: &[&str],
    ) -> Result<HttpResponse, CognitoError> {
        let platform = &self.inner.platform;
        let mut attempt = 0;
        loop {
            let (error, status) = match platform.send(request.clone()).await {
                Ok(response) => {
                    self.inner.skew.observe(&response, platform.now_ms());
                    if (200..300).contains(&response.status) {
                        return Ok(response);
                    }
                    (
                        aws_json::error_from_response(&response),
                        Some(response.status),
                    )
                }
                Err(e) => (e, None),
            };
            if !retry::should_retry(mode, &error, status, attempt) {
                return Err(redact(error, operation, secrets));
            }
            let mut random = [0u8; 4];
            // Without randomness the wait is still bounded; jitter is lost.
            let _ = platform.random_bytes(&mut random);
            platform
                .sleep(retry::backoff_ms(attempt, u32::from_le_bytes(random)))
                .await;
            attempt += 1;
        }
    }

    fn state(&self) -> Ref<'_, SessionState> {
        self.inner.state.borrow()
    }

    fn state_mut(&self) -> RefMut<'_, SessionState> {
        self.inner.state.borrow_mut()
    }
}

/// Polls `future` once, so that it starts, runs `meanwhile`, then awaits
/// `future` (what `join(future, async { meanwhile() })` does, without
/// futures-util).
async fn start_then<F: Future>(future: F, meanwhile: impl FnOnce()) -> F::Output {
    let mut future = pin!(future);
    let mut meanwhile = Some(meanwhile);
    future::poll_fn(|cx| {
        let poll = future.as_mut().poll(cx);
        if let Some(meanwhile) = meanwhile.take() {
            meanwhile();
        }
        poll
    })
    .await
}

/// Removes any of `secrets` (tokens, passwords) that a server echoed in its
/// error message (an emulator puts the refresh token in
/// NotAuthorizedException); network errors get the operation's name.
fn redact(mut error: CognitoError, operation: &str, secrets: &[&str]) -> CognitoError {
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        if text::find(&error.message, secret).is_some() {
            error.message = text::replace(&error.message, secret, "<redacted>");
        }
    }
    if error.name == CognitoError::NETWORK_ERROR && !error.message.starts_with(operation) {
        error.message = format!("{operation}: {}", error.message);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_removes_echoed_secrets() {
        let e = CognitoError::from_aws(
            "NotAuthorizedException",
            "Invalid refresh token: abcd-1234-secret",
            400,
        );
        let e = redact(e, "InitiateAuth", &["abcd-1234-secret", ""]);
        assert_eq!(e.message, "Invalid refresh token: <redacted>");
        let e = redact(CognitoError::network("failed to fetch"), "GetId", &[]);
        assert_eq!(e.message, "GetId: failed to fetch");
    }
}
