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
//!   with the session kept in storage, the clients of that storage (the tabs
//!   of an origin) share one too, under [`Platform::lock`] (`tabs.rs`);
//! - the ID token's issuer is checked against the user pool before the
//!   identity pool sees it;
//! - identity ids are cached per (identity pool, user `sub`) or for the
//!   guest, and dropped at sign-out;
//! - calls safe to repeat are retried on throttling, 5xx and network
//!   failures with capped exponential backoff and jitter;
//!   RespondToAuthChallenge only when throttled;
//! - every reply's `Date` header feeds the [`ClockSkew`] the platform
//!   shares (one per page in a browser: every client and signer teaches and
//!   reads the same offset); times (SRP TIMESTAMP, expiry checks) come from
//!   the corrected clock.
//!
//! One file per job, each with its own `impl CognitoClient` block:
//!
//! | file | job |
//! | --- | --- |
//! | `mod.rs` | the client's state, construction, accessors |
//! | `account.rs` | sign-up, confirmation, resending the code |
//! | `devices.rs` | remembered devices: confirm, remember, forget, DEVICE_SRP_AUTH |
//! | `sign_in.rs` | SRP and password sign-in, challenges |
//! | `tokens.rs` | the current user, valid tokens, refresh |
//! | `credentials.rs` | identity pool: GetId, GetCredentialsForIdentity, guest, logins |
//! | `sign_out.rs` | local and remote sign-out, ending a session |
//! | `events.rs` | session events told to one hook |
//! | `tabs.rs` | one session across tabs sharing storage, the lock across tabs |
//! | `call.rs` | the transport loop (retry, skew) and the redaction rule |
//! | `single_flight.rs` | one request chain shared by concurrent callers |
//! | `flight.rs`, `retry.rs`, `skew.rs`, `platform.rs` | the pieces those use |
//!
//! A new family of operations gets its own file (`mod name;` below) and
//! reaches the shared pieces through `self.call(request, mode, operation,
//! secrets)`, `self.valid_tokens()`, `self.state()` and `self.state_mut()`.
use crate::prelude::*;

mod account;
mod call;
mod credentials;
mod devices;
pub mod events;
mod flight;
pub mod platform;
pub mod retry;
mod sign_in;
mod sign_out;
mod single_flight;
pub mod skew;
mod srp_slices;
mod tabs;
mod tokens;

pub use devices::SessionDevice;
pub use events::{EventHook, SessionEvent};
pub use platform::Platform;

use alloc::rc::Rc;
use core::cell::{Cell, Ref, RefCell, RefMut};
use core::fmt;

use crate::cognito::challenge::NextStep;
use crate::config::{Config, ValidConfig};
use crate::crypto::srp::SrpStart;
use crate::error::CognitoError;
use crate::session::storage::KeyValueStore;
use crate::session::{Credentials, SessionState, SessionStorage};
use crate::wire::jwt::Claims;
use single_flight::Flights;
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

struct Inner<P> {
    config: ValidConfig,
    platform: P,
    skew: Rc<ClockSkew>,
    storage: SessionStorage,
    state: RefCell<SessionState>,
    /// Taken out and put back, never borrowed (as are the next two).
    flights: Cell<Flights>,
    /// The SRP secret `a` (with A = g^a mod N computed, or under way) for
    /// the next USER_SRP_AUTH InitiateAuth; taken by exactly one sign-in
    /// attempt.
    next_srp: Cell<Option<SrpStart>>,
    listener: Cell<Option<SharedListener>>,
    hook: Cell<Option<events::SharedHook>>,
    /// The stored tokens' text when last looked at (see `tabs.rs`).
    seen_stored: RefCell<Option<String>>,
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
        let skew = platform.clock();
        skew.configure(config.idp_endpoint());
        skew.configure(config.identity_endpoint());
        let state = SessionState {
            tokens: storage.load_tokens(),
            identity_ids: storage.load_identity_ids(),
            ..SessionState::default()
        };
        Ok(CognitoClient {
            inner: Rc::new(Inner {
                config,
                platform,
                skew,
                storage,
                state: RefCell::new(state),
                flights: Cell::default(),
                next_srp: Cell::new(None),
                listener: Cell::new(None),
                hook: Cell::new(None),
                seen_stored: RefCell::new(None),
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

    /// The server clock offset learned from replies (the platform's).
    pub fn skew(&self) -> &ClockSkew {
        &self.inner.skew
    }

    /// Server time now (local clock corrected by the learned skew), ms.
    pub fn now_ms(&self) -> f64 {
        self.inner.skew.now_ms(self.inner.platform.now_ms())
    }

    /// The session state (borrowed briefly; never held across an await).
    /// Reachable from every file of `client/`.
    fn state(&self) -> Ref<'_, SessionState> {
        self.inner.state.borrow()
    }

    /// The session state, mutably (borrowed briefly; never held across an
    /// await). Reachable from every file of `client/`.
    fn state_mut(&self) -> RefMut<'_, SessionState> {
        self.inner.state.borrow_mut()
    }
}
