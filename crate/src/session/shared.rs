//! Sessions shared through storage (`'local'`: every tab of the origin):
//! what a client holding `mine` does when storage holds something else.
//!
//! The stored tokens are the session's truth. A client compares them with
//! its own before handing out tokens, before refreshing and before each
//! write, so that a tab picks up tokens another tab refreshed, learns of a
//! sign-out in another tab, and never writes back a session that was
//! signed out or replaced by another user.
//!
//! The user's identity-pool credentials are kept beside the tokens
//! ([`SharedCredentials`]) so that one credentials chain serves every tab:
//! tied to the user's `sub`, the identity pool and the identity id, and
//! only for a Logins map that is the user pool's token alone.
use crate::prelude::*;

use super::{CachedCredentials, Credentials, TokenSet};
use crate::wire::json::{self, Value};

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

/// Credentials kept beside the tokens for the other clients of the
/// storage: whose they are (`sub`, identity pool) and the credentials.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedCredentials {
    /// The user pool user they were obtained for.
    pub sub: String,
    /// The identity pool they come from.
    pub identity_pool_id: String,
    /// The credentials, with the time they arrived.
    pub cached: CachedCredentials,
}

impl SharedCredentials {
    /// The credentials, when they belong to `sub` in `identity_pool_id`
    /// and can still be handed out at `now_ms`.
    pub fn usable_for(
        &self,
        sub: &str,
        identity_pool_id: &str,
        now_ms: f64,
        margin_ms: f64,
    ) -> Option<&CachedCredentials> {
        (self.sub == sub
            && self.identity_pool_id == identity_pool_id
            && self.cached.is_fresh(now_ms, margin_ms))
        .then_some(&self.cached)
    }

    /// The JSON stored.
    pub fn to_json(&self) -> String {
        let c = &self.cached.credentials;
        Value::object([
            ("sub", Value::from(self.sub.as_str())),
            (
                "identityPoolId",
                Value::from(self.identity_pool_id.as_str()),
            ),
            ("identityId", Value::from(c.identity_id.as_str())),
            ("accessKeyId", Value::from(c.access_key_id.as_str())),
            ("secretAccessKey", Value::from(c.secret_access_key.as_str())),
            ("sessionToken", Value::from(c.session_token.as_str())),
            ("expiration", Value::Number(c.expiration_ms)),
            ("obtainedAt", Value::Number(self.cached.obtained_at_ms)),
        ])
        .to_json()
    }

    /// Reads what [`SharedCredentials::to_json`] wrote; `None` when it is
    /// unusable.
    pub fn from_json(text: &str) -> Option<SharedCredentials> {
        let v = json::parse(text).ok()?;
        let text = |key| v.get_str(key).filter(|s| !s.is_empty()).map(str::to_owned);
        let time = |key| v.get_f64(key).filter(|n| n.is_finite());
        Some(SharedCredentials {
            sub: text("sub")?,
            identity_pool_id: text("identityPoolId")?,
            cached: CachedCredentials {
                credentials: Credentials {
                    access_key_id: text("accessKeyId")?,
                    secret_access_key: text("secretAccessKey")?,
                    session_token: text("sessionToken")?,
                    expiration_ms: time("expiration")?,
                    identity_id: text("identityId")?,
                },
                obtained_at_ms: time("obtainedAt")?,
            },
        })
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

    #[test]
    fn shared_credentials_round_trip_and_belong_to_one_user() {
        let shared = SharedCredentials {
            sub: "alice".into(),
            identity_pool_id: "pool".into(),
            cached: CachedCredentials {
                credentials: Credentials {
                    access_key_id: "ASIA1".into(),
                    secret_access_key: "s".into(),
                    session_token: "t".into(),
                    expiration_ms: 10_000.0,
                    identity_id: "us-east-1:1".into(),
                },
                obtained_at_ms: 4_000.0,
            },
        };
        let back = SharedCredentials::from_json(&shared.to_json()).unwrap();
        assert_eq!(back, shared);
        assert!(back.usable_for("alice", "pool", 5_000.0, 1_000.0).is_some());
        assert!(back.usable_for("bob", "pool", 5_000.0, 1_000.0).is_none());
        assert!(back
            .usable_for("alice", "other", 5_000.0, 1_000.0)
            .is_none());
        // Within the margin of expiry: not handed out.
        assert!(back.usable_for("alice", "pool", 9_500.0, 1_000.0).is_none());
        for broken in [
            "",
            "{}",
            "[1]",
            &shared
                .to_json()
                .replace("\"sub\":\"alice\"", "\"sub\":\"\""),
        ] {
            assert_eq!(SharedCredentials::from_json(broken), None, "{broken}");
        }
    }
}
