//! Sessions shared through storage (`'local'`: every tab of the origin):
//! what a client holding `mine` does when storage holds something else.
//!
//! The stored tokens are the session's truth. A client compares them with
//! its own before handing out tokens, before refreshing and before each
//! write, so that a tab picks up tokens another tab refreshed, learns of a
//! sign-out in another tab, and never writes back a session that was
//! signed out or replaced by another user.

use super::TokenSet;

/// What changed in storage, seen from a client holding `mine`.
#[derive(Clone, Debug, PartialEq)]
pub enum StoredChange {
    /// Nothing this client does not know.
    Unchanged,
    /// The session was signed out elsewhere: end it here too.
    SignedOut,
    /// The same user's newer tokens (refreshed, or signed in again,
    /// elsewhere): use them.
    Refreshed(TokenSet),
    /// Another session (another user, or a sign-in where this client had
    /// none): start it here.
    Replaced(TokenSet),
}

/// Compares the stored tokens with `mine`. The same user (`sub`) with
/// tokens obtained no earlier is the same session, newer; another `sub` is
/// another session; tokens gone mean a sign-out.
pub fn compare_stored(mine: Option<&TokenSet>, stored: Option<TokenSet>) -> StoredChange {
    match (mine, stored) {
        (None, None) => StoredChange::Unchanged,
        (Some(_), None) => StoredChange::SignedOut,
        (None, Some(stored)) => StoredChange::Replaced(stored),
        (Some(mine), Some(stored)) => {
            let same = stored.id_token == mine.id_token
                && stored.access_token == mine.access_token
                && stored.refresh_token == mine.refresh_token;
            if same {
                StoredChange::Unchanged
            } else if stored.sub().is_none() || stored.sub() != mine.sub() {
                StoredChange::Replaced(stored)
            } else if stored.obtained_at_ms >= mine.obtained_at_ms {
                StoredChange::Refreshed(stored)
            } else {
                // Older than ours: a write of ours that storage refused.
                StoredChange::Unchanged
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cognito::idp::AuthTokens;
    use base64::Engine;

    fn tokens(sub: &str, now_ms: f64) -> TokenSet {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let jwt = |p: String| format!("e30.{}.sig", b64.encode(p));
        let auth = AuthTokens {
            id_token: jwt(format!(
                r#"{{"sub":"{sub}","exp":9999999999,"n":{now_ms}}}"#
            )),
            access_token: jwt(format!(
                r#"{{"sub":"{sub}","exp":9999999999,"n":{now_ms}}}"#
            )),
            refresh_token: Some(format!("r-{sub}")),
            expires_in_seconds: Some(3600.0),
            new_device: None,
        };
        TokenSet::from_auth(auth, None, now_ms).unwrap()
    }

    #[test]
    fn stored_tokens_decide() {
        let a1 = tokens("alice", 1000.0);
        let a2 = tokens("alice", 2000.0);
        let b = tokens("bob", 3000.0);
        assert_eq!(compare_stored(None, None), StoredChange::Unchanged);
        assert_eq!(
            compare_stored(Some(&a1), Some(a1.clone())),
            StoredChange::Unchanged
        );
        assert_eq!(compare_stored(Some(&a1), None), StoredChange::SignedOut);
        assert_eq!(
            compare_stored(None, Some(a1.clone())),
            StoredChange::Replaced(a1.clone())
        );
        assert_eq!(
            compare_stored(Some(&a1), Some(a2.clone())),
            StoredChange::Refreshed(a2.clone())
        );
        // Never back to older tokens of the same user.
        assert_eq!(
            compare_stored(Some(&a2), Some(a1.clone())),
            StoredChange::Unchanged
        );
        // Another user, whatever the times.
        assert_eq!(
            compare_stored(Some(&a2), Some(b.clone())),
            StoredChange::Replaced(b.clone())
        );
        let old_b = tokens("bob", 10.0);
        assert_eq!(
            compare_stored(Some(&a2), Some(old_b.clone())),
            StoredChange::Replaced(old_b)
        );
    }
}
