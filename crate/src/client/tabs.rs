//! One session across tabs (storage shared by the tabs of an origin): the
//! client brings itself in line with the stored session before it hands
//! out or refreshes tokens and before it writes, following the rules of
//! [`crate::session::shared`].
//!
//! When the session is kept in storage, the token refresh and the user's
//! credentials chain also run under a lock shared with the other clients
//! of that storage ([`Platform::lock`]: the Web Locks API in a browser, else
//! a lock over a `BroadcastChannel`),
//! named after the user pool and app client. A client that waited for it
//! reads storage again and uses what the holder stored (newer tokens, the
//! user's credentials) instead of sending its own requests. Without the
//! lock (a host that has none, a wait given up) the storage checks still
//! keep sessions apart; two tabs may then refresh at the same moment.
use crate::prelude::*;

use super::platform::TabLock;
use super::single_flight::Flights;
use super::{CognitoClient, Platform, SessionEvent};
use crate::session::shared::{compare_stored, SharedCredentials, StoredChange};
use crate::session::{CachedCredentials, SessionEnd, TokenSet};

/// Longest wait for the storage writes of the tab that held a lock before
/// this one (ms); they usually arrive within a few milliseconds.
const SETTLE_MS: f64 = 250.0;

impl<P: Platform + 'static> CognitoClient<P> {
    /// Takes a change another client (another tab) made to the stored
    /// session now, with its event (`signedOut`, `signedIn`,
    /// `tokensRefreshed`), instead of at the next call. A browser page
    /// calls it on the `storage` event; a client that keeps nothing in
    /// storage ignores it.
    pub fn take_stored_change(&self) {
        self.sync_stored();
    }

    /// Reads the stored tokens and, when another client (another tab)
    /// changed them since the last look, takes the change: a sign-out ends
    /// the session here, the same user's newer tokens replace ours, another
    /// session starts here. Unchanged text costs one read and a compare.
    pub(super) fn sync_stored(&self) {
        let storage = &self.inner.storage;
        if !storage.is_kept() {
            return;
        }
        let text = storage.tokens_text();
        if self.inner.seen_stored.replace(text.clone()) == text {
            return;
        }
        let stored = text.as_deref().and_then(TokenSet::from_json);
        let change = compare_stored(self.state().tokens.as_ref(), stored);
        let event = match change {
            StoredChange::Unchanged => return,
            StoredChange::SignedOut => {
                self.state_mut().end(SessionEnd::SignedOut);
                SessionEvent::SignedOut
            }
            StoredChange::Refreshed(tokens) => {
                self.state_mut().tokens = Some(tokens);
                SessionEvent::TokensRefreshed
            }
            StoredChange::Replaced(tokens) => {
                let ids = storage.load_identity_ids();
                let mut state = self.state_mut();
                state.start_session(tokens);
                state.identity_ids = ids;
                SessionEvent::SignedIn
            }
        };
        if !matches!(event, SessionEvent::TokensRefreshed) {
            self.inner.flights.set(Flights::default());
        }
        self.emit(event);
    }

    /// Takes the lock `what` shared with the other clients of the storage,
    /// then reads storage again (another client may have changed it while
    /// this one waited). When another client held the lock and what it
    /// stored is not there yet (`stored` says whether it is: a browser may
    /// grant the lock before the holder's writes reach this tab), waits for
    /// them up to [`SETTLE_MS`]. No lock when nothing is kept in storage.
    pub(super) async fn tab_lock(&self, what: &str, stored: &dyn Fn(&Self) -> bool) -> TabLock {
        let storage = &self.inner.storage;
        if !storage.is_kept() {
            return TabLock::none();
        }
        let lock = self.inner.platform.lock(&storage.lock_name(what)).await;
        self.sync_stored();
        if lock.waited() {
            let until = self.now_ms() + SETTLE_MS;
            while !stored(self) {
                let left = until - self.now_ms();
                if left < 1.0 || !self.inner.platform.storage_changed(left as u32).await {
                    break;
                }
                self.sync_stored();
            }
        }
        lock
    }

    /// The user's credentials another client of the storage shared, when
    /// they are this user's (same `sub`, same identity pool), still fresh,
    /// not `mine` (an access key id), and the Logins map is the user pool's
    /// token alone.
    pub(super) fn shared_credentials(
        &self,
        identity_pool_id: &str,
        mine: Option<&str>,
    ) -> Option<CachedCredentials> {
        let state = self.state();
        if !state.extra_logins.is_empty() {
            return None;
        }
        let sub = state.tokens.as_ref()?.sub()?;
        let stored = self.inner.storage.load_credentials()?;
        let margin = self.inner.config.refresh_margin_ms();
        stored
            .usable_for(sub, identity_pool_id, self.now_ms(), margin)
            .filter(|c| Some(c.credentials.access_key_id.as_str()) != mine)
            .cloned()
    }

    /// Shares the user's new credentials with the other clients of the
    /// storage (only for the user pool's login alone: see
    /// [`CognitoClient::shared_credentials`]).
    pub(super) fn share_credentials(&self, identity_pool_id: &str, cached: CachedCredentials) {
        let sub = {
            let state = self.state();
            if !state.extra_logins.is_empty() {
                return;
            }
            match state.tokens.as_ref().and_then(TokenSet::sub) {
                Some(sub) => sub.to_owned(),
                None => return,
            }
        };
        self.inner.storage.save_credentials(&SharedCredentials {
            sub,
            identity_pool_id: identity_pool_id.to_owned(),
            cached,
        });
    }
}
