//! One session across tabs (storage shared by the tabs of an origin): the
//! client brings itself in line with the stored session before it hands
//! out or refreshes tokens and before it writes, following the rules of
//! [`crate::session::shared`].

use super::single_flight::Flights;
use super::{CognitoClient, Platform, SessionEvent};
use crate::session::shared::{compare_stored, StoredChange};
use crate::session::{SessionEnd, TokenSet};

impl<P: Platform + 'static> CognitoClient<P> {
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
}
