//! Tokens, credentials, expiry and refresh rules, and what is persisted.
//!
//! Pure state with the time passed in: the client asks these types whether
//! something is still fresh and what to store.
//!
//! **What is stored** (through a [`KeyValueStore`], under keys prefixed with
//! `cognito-wasm.<userPoolId>.<clientId>`):
//! - `….tokens`: `{"idToken","accessToken","refreshToken","expiresAt","obtainedAt"}`
//!   (the user's tokens; times in ms since the epoch);
//! - `….identityIds`: `{"<identityPoolId>|user:<sub>": "<identityId>", "<identityPoolId>|guest": …}`;
//! - `….device.<username>`: `{"deviceKey","groupKey","password","remembered"}`,
//!   the user's confirmed device ([`DeviceSecret`]); kept across sign-outs, removed by
//!   forgetting the device or deleting the user. Without a store it is kept
//!   in memory, as the tokens are.
//!
//! The tokens also carry `deviceKey` (the device the refresh token was issued
//! to) and `deviceGroupKey` (of the device the sign-in's NewDeviceMetadata
//! named).
//!
//! Never stored: the password, AWS credentials, a pending challenge.
use crate::prelude::*;

pub mod device;
pub mod shared;
pub mod storage;

pub use device::DeviceSecret;

use alloc::rc::Rc;
use core::fmt;

use crate::cognito::challenge::PendingChallenge;
use crate::cognito::idp::AuthTokens;
use crate::error::{CognitoError, ErrorKind};
use crate::session::storage::{KeyValueStore, MemoryStore};
use crate::sigv4::SigningCredentials;
use crate::wire::json::{self, Value};
use crate::wire::jwt::Claims;

/// The margin actually applied for something that lives `lifetime_ms`: the
/// configured margin, but never more than half the lifetime (so that
/// short-lived credentials, such as an emulator's 90 s, are not stale the
/// moment they arrive).
pub fn effective_margin_ms(margin_ms: f64, lifetime_ms: f64) -> f64 {
    margin_ms.min(lifetime_ms.max(0.0) / 2.0)
}

/// Whether something obtained at `obtained_at_ms` and expiring at
/// `expires_at_ms` can still be used at `now_ms` (all server time, ms).
pub fn is_fresh(expires_at_ms: f64, obtained_at_ms: f64, now_ms: f64, margin_ms: f64) -> bool {
    let margin = effective_margin_ms(margin_ms, expires_at_ms - obtained_at_ms);
    now_ms < expires_at_ms - margin
}

/// The ID and access tokens as the application sees them.
#[derive(Clone, PartialEq)]
pub struct Tokens {
    /// ID token (JWT).
    pub id_token: String,
    /// Access token (JWT).
    pub access_token: String,
    /// When the first of the two expires (ms since the epoch).
    pub expires_at_ms: f64,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("id_token", &"<redacted>")
            .field("access_token", &"<redacted>")
            .field("expires_at_ms", &self.expires_at_ms)
            .finish()
    }
}

/// Temporary AWS credentials from the identity pool.
#[derive(Clone, PartialEq)]
pub struct Credentials {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key (never logged).
    pub secret_access_key: String,
    /// Session token (never logged).
    pub session_token: String,
    /// Expiry, ms since the epoch.
    pub expiration_ms: f64,
    /// The identity pool identity they belong to.
    pub identity_id: String,
}

impl Credentials {
    /// The keys SigV4 signs with.
    pub fn signing(&self) -> SigningCredentials {
        SigningCredentials {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
            session_token: Some(self.session_token.clone()),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &"<redacted>")
            .field("expiration_ms", &self.expiration_ms)
            .field("identity_id", &self.identity_id)
            .finish()
    }
}

/// Credentials with the time they arrived (for the lifetime clamp).
#[derive(Clone, Debug, PartialEq)]
pub struct CachedCredentials {
    /// The credentials.
    pub credentials: Credentials,
    /// When they arrived (server time, ms).
    pub obtained_at_ms: f64,
}

impl CachedCredentials {
    /// Whether they can still be handed out at `now_ms`.
    pub fn is_fresh(&self, now_ms: f64, margin_ms: f64) -> bool {
        is_fresh(
            self.credentials.expiration_ms,
            self.obtained_at_ms,
            now_ms,
            margin_ms,
        )
    }
}

/// The signed-in user's tokens with their decoded claims.
#[derive(Clone, PartialEq)]
pub struct TokenSet {
    /// ID token (JWT).
    pub id_token: String,
    /// Access token (JWT).
    pub access_token: String,
    /// Refresh token, when there is one.
    pub refresh_token: Option<String>,
    /// When the first of ID and access token expires (server time, ms).
    pub expires_at_ms: f64,
    /// When they arrived (server time, ms).
    pub obtained_at_ms: f64,
    /// Claims of the ID token.
    pub id_claims: Claims,
    /// Claims of the access token.
    pub access_claims: Claims,
    /// The device the refresh token was issued to (sent as `DEVICE_KEY` on
    /// refresh).
    pub device_key: Option<String>,
    /// The group key of a device Cognito has just started tracking
    /// (`NewDeviceMetadata`), for confirming it.
    pub device_group_key: Option<String>,
}

impl TokenSet {
    /// Tokens from an AuthenticationResult received at `now_ms`. A reply
    /// without a refresh token keeps `previous_refresh` (REFRESH_TOKEN_AUTH
    /// without rotation). Expiry: the earliest of the tokens' `exp` and
    /// `now + ExpiresIn`.
    pub fn from_auth(
        auth: AuthTokens,
        previous_refresh: Option<&str>,
        now_ms: f64,
    ) -> Result<TokenSet, CognitoError> {
        let id_claims = Claims::decode(&auth.id_token, "IdToken")?;
        let access_claims = Claims::decode(&auth.access_token, "AccessToken")?;
        let expires_at_ms = [
            id_claims.exp_ms(),
            access_claims.exp_ms(),
            auth.expires_in_seconds.map(|s| now_ms + s * 1000.0),
        ]
        .into_iter()
        .flatten()
        .reduce(f64::min)
        .ok_or_else(|| {
            CognitoError::invalid_response("the tokens have neither exp nor ExpiresIn")
        })?;
        let (device_key, device_group_key) = auth
            .new_device
            .map(|d| (Some(d.key), Some(d.group_key)))
            .unwrap_or_default();
        Ok(TokenSet {
            device_key,
            device_group_key,
            id_token: auth.id_token,
            access_token: auth.access_token,
            refresh_token: auth
                .refresh_token
                .or_else(|| previous_refresh.map(str::to_owned)),
            expires_at_ms,
            obtained_at_ms: now_ms,
            id_claims,
            access_claims,
        })
    }

    /// Whether the ID and access tokens can still be used at `now_ms`.
    pub fn is_fresh(&self, now_ms: f64, margin_ms: f64) -> bool {
        is_fresh(self.expires_at_ms, self.obtained_at_ms, now_ms, margin_ms)
    }

    /// The tokens for the application.
    pub fn tokens(&self) -> Tokens {
        Tokens {
            id_token: self.id_token.clone(),
            access_token: self.access_token.clone(),
            expires_at_ms: self.expires_at_ms,
        }
    }

    /// The user name: the access token's `username`, else the ID token's
    /// `cognito:username`.
    pub fn username(&self) -> Option<&str> {
        self.access_claims
            .get_str("username")
            .or_else(|| self.id_claims.username())
    }

    /// The user's `sub` (ID token, else access token).
    pub fn sub(&self) -> Option<&str> {
        self.id_claims.sub().or_else(|| self.access_claims.sub())
    }

    /// The JSON stored for this session.
    pub fn to_json(&self) -> String {
        let mut pairs = vec![
            ("idToken", Value::from(self.id_token.as_str())),
            ("accessToken", Value::from(self.access_token.as_str())),
        ];
        if let Some(refresh) = &self.refresh_token {
            pairs.push(("refreshToken", Value::from(refresh.as_str())));
        }
        for (key, value) in [
            ("deviceKey", &self.device_key),
            ("deviceGroupKey", &self.device_group_key),
        ] {
            if let Some(value) = value {
                pairs.push((key, Value::from(value.as_str())));
            }
        }
        pairs.push(("expiresAt", Value::Number(self.expires_at_ms)));
        pairs.push(("obtainedAt", Value::Number(self.obtained_at_ms)));
        Value::object(pairs).to_json()
    }

    /// Reads what [`TokenSet::to_json`] wrote; `None` when it is unusable.
    pub fn from_json(text: &str) -> Option<TokenSet> {
        let v = json::parse(text).ok()?;
        let id_token = v.get_str("idToken")?.to_owned();
        let access_token = v.get_str("accessToken")?.to_owned();
        let expires_at_ms = v.get_f64("expiresAt").filter(|n| n.is_finite())?;
        let obtained_at_ms = v.get_f64("obtainedAt").filter(|n| n.is_finite())?;
        Some(TokenSet {
            id_claims: Claims::decode(&id_token, "IdToken").ok()?,
            access_claims: Claims::decode(&access_token, "AccessToken").ok()?,
            id_token,
            access_token,
            refresh_token: v.get_str("refreshToken").map(str::to_owned),
            device_key: v.get_str("deviceKey").map(str::to_owned),
            device_group_key: v.get_str("deviceGroupKey").map(str::to_owned),
            expires_at_ms,
            obtained_at_ms,
        })
    }
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("id_token", &"<redacted>")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at_ms", &self.expires_at_ms)
            .field("obtained_at_ms", &self.obtained_at_ms)
            .field("device_key", &self.device_key)
            .finish()
    }
}

/// Whose identity an identity id is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentityOwner {
    /// The unauthenticated (guest) identity of this browser.
    Guest,
    /// A user pool user, by `sub`.
    User(String),
}

/// Identity ids by (identity pool, owner): a user's id is never handed to
/// another user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdentityIds {
    entries: Vec<(String, String)>,
}

impl IdentityIds {
    fn key(identity_pool_id: &str, owner: &IdentityOwner) -> String {
        match owner {
            IdentityOwner::Guest => text!(identity_pool_id, "|guest"),
            IdentityOwner::User(sub) => text!(identity_pool_id, "|user:", sub),
        }
    }

    /// The cached id of `owner` in `identity_pool_id`.
    pub fn get(&self, identity_pool_id: &str, owner: &IdentityOwner) -> Option<&str> {
        let key = Self::key(identity_pool_id, owner);
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Caches `identity_id` for `owner`.
    pub fn insert(&mut self, identity_pool_id: &str, owner: &IdentityOwner, identity_id: &str) {
        let key = Self::key(identity_pool_id, owner);
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, identity_id.to_owned()));
    }

    /// Forgets the id of `owner`.
    pub fn remove(&mut self, identity_pool_id: &str, owner: &IdentityOwner) {
        let key = Self::key(identity_pool_id, owner);
        self.entries.retain(|(k, _)| *k != key);
    }

    /// Keeps only the ids of `owner` (in any identity pool); `None` keeps
    /// nothing.
    pub fn retain_owner(&mut self, owner: Option<&IdentityOwner>) {
        let suffix = owner.map(|o| Self::key("", o));
        self.entries.retain(|(k, _)| match &suffix {
            Some(suffix) => k.ends_with(suffix.as_str()),
            None => false,
        });
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The JSON stored for the cache.
    pub fn to_json(&self) -> String {
        Value::string_map(self.entries.iter().cloned()).to_json()
    }

    /// Reads what [`IdentityIds::to_json`] wrote (unusable text: empty cache).
    pub fn from_json(text: &str) -> IdentityIds {
        let entries = json::parse(text)
            .ok()
            .and_then(|v| {
                v.as_object().map(|pairs| {
                    pairs
                        .iter()
                        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                        .collect()
                })
            })
            .unwrap_or_default();
        IdentityIds { entries }
    }
}

/// The persisted part of a session, in an optional [`KeyValueStore`].
#[derive(Clone)]
pub struct SessionStorage {
    store: Option<Rc<dyn KeyValueStore>>,
    /// Where device secrets go: the store, else memory.
    devices: Rc<dyn KeyValueStore>,
    prefix: String,
}

impl SessionStorage {
    /// Storage under `prefix` (see `ValidConfig::storage_prefix`); `None`
    /// keeps everything in memory only.
    pub fn new(store: Option<Rc<dyn KeyValueStore>>, prefix: String) -> SessionStorage {
        let devices = match &store {
            Some(store) => Rc::clone(store),
            None => Rc::new(MemoryStore::new()),
        };
        SessionStorage {
            store,
            devices,
            prefix,
        }
    }

    /// Key of `username`'s remembered device.
    pub fn device_key(&self, username: &str) -> String {
        text!(self.prefix, ".device.", username)
    }

    /// Key of the user a sign-in name (an alias) led to, when that user's
    /// device record lists the name.
    fn device_name_key(&self, name: &str) -> String {
        text!(self.prefix, ".deviceUser.", name)
    }

    /// `username`'s remembered device, if any (unusable stored text: none).
    pub fn device(&self, username: &str) -> Option<DeviceSecret> {
        DeviceSecret::from_json(&self.devices.get(&self.device_key(username))?)
    }

    /// The device a sign-in by `name` may send, with the user it belongs
    /// to: the device stored under `name`, else the device of the user a
    /// sign-in by `name` led to before, provided that user's record still
    /// lists `name` ([`SessionStorage::add_device_name`]). The user is only
    /// this browser's last knowledge: the caller checks who the sign-in
    /// turns out to be before it treats the device as the session's.
    pub fn device_for(&self, name: &str) -> Option<(String, DeviceSecret)> {
        if let Some(device) = self.device(name) {
            return Some((name.to_owned(), device));
        }
        let user = self.devices.get(&self.device_name_key(name))?;
        let device = self
            .device(&user)
            .filter(|d| d.names.iter().any(|n| n == name))?;
        Some((user, device))
    }

    /// A sign-in by `name` led to `username`: when `username` has a stored
    /// device, `name` now finds it ([`SessionStorage::device_for`]).
    pub fn add_device_name(&self, username: &str, name: &str) {
        let Some(mut device) = self.device(username).filter(|_| name != username) else {
            return;
        };
        if !device.names.iter().any(|n| n == name) {
            device.names.push(name.to_owned());
            self.save_device(username, &device);
        }
        self.devices.set(&self.device_name_key(name), username);
    }

    /// Remembers `device` for `username`, keeping the names the user's
    /// stored record listed.
    pub fn save_device(&self, username: &str, device: &DeviceSecret) {
        let mut device = device.clone();
        for name in self.device(username).map(|d| d.names).unwrap_or_default() {
            if !device.names.contains(&name) {
                device.names.push(name);
            }
        }
        self.devices
            .set(&self.device_key(username), &device.to_json());
    }

    /// Forgets `username`'s device, and the names that led to it (a name
    /// that now leads to another user is left to that user).
    pub fn remove_device(&self, username: &str) {
        for name in self.device(username).map(|d| d.names).unwrap_or_default() {
            let key = self.device_name_key(&name);
            if self.devices.get(&key).as_deref() == Some(username) {
                self.devices.remove(&key);
            }
        }
        self.devices.remove(&self.device_key(username));
    }

    /// Key of the stored tokens.
    pub fn tokens_key(&self) -> String {
        text!(self.prefix, ".tokens")
    }

    /// Key of the stored identity ids.
    pub fn identity_ids_key(&self) -> String {
        text!(self.prefix, ".identityIds")
    }

    /// Key of the user's credentials shared with the other clients of the
    /// storage ([`shared::SharedCredentials`]).
    pub fn credentials_key(&self) -> String {
        text!(self.prefix, ".credentials")
    }

    /// The name of a lock shared by the clients of this storage, for `what`.
    pub fn lock_name(&self, what: &str) -> String {
        crate::wire::text::concat(&[&self.prefix, ".", what])
    }

    /// The stored tokens; unusable stored text is removed.
    pub fn load_tokens(&self) -> Option<TokenSet> {
        let store = self.store.as_ref()?;
        let key = self.tokens_key();
        let text = store.get(&key)?;
        let tokens = TokenSet::from_json(&text);
        if tokens.is_none() {
            store.remove(&key);
        }
        tokens
    }

    /// The stored tokens' text, as stored (no parse, nothing removed).
    pub fn tokens_text(&self) -> Option<String> {
        self.store.as_ref()?.get(&self.tokens_key())
    }

    /// Whether anything is kept outside memory (a store was given).
    pub fn is_kept(&self) -> bool {
        self.store.is_some()
    }

    /// Stores the tokens.
    pub fn save_tokens(&self, tokens: &TokenSet) {
        if let Some(store) = &self.store {
            store.set(&self.tokens_key(), &tokens.to_json());
        }
    }

    /// The stored identity ids.
    pub fn load_identity_ids(&self) -> IdentityIds {
        self.store
            .as_ref()
            .and_then(|s| s.get(&self.identity_ids_key()))
            .map(|text| IdentityIds::from_json(&text))
            .unwrap_or_default()
    }

    /// Stores the identity ids (an empty cache removes the key).
    pub fn save_identity_ids(&self, ids: &IdentityIds) {
        if let Some(store) = &self.store {
            if ids.is_empty() {
                store.remove(&self.identity_ids_key());
            } else {
                store.set(&self.identity_ids_key(), &ids.to_json());
            }
        }
    }

    /// The credentials another client (or this one) shared, if any.
    pub fn load_credentials(&self) -> Option<shared::SharedCredentials> {
        let text = self.store.as_ref()?.get(&self.credentials_key())?;
        shared::SharedCredentials::from_json(&text)
    }

    /// Shares the user's credentials with the other clients of the storage.
    pub fn save_credentials(&self, credentials: &shared::SharedCredentials) {
        if let Some(store) = &self.store {
            store.set(&self.credentials_key(), &credentials.to_json());
        }
    }

    /// Removes the shared credentials.
    pub fn remove_credentials(&self) {
        if let Some(store) = &self.store {
            store.remove(&self.credentials_key());
        }
    }

    /// Removes everything this client stored.
    pub fn clear(&self) {
        if let Some(store) = &self.store {
            store.remove(&self.tokens_key());
            store.remove(&self.identity_ids_key());
            store.remove(&self.credentials_key());
        }
    }
}

/// Everything a client knows about its session.
#[derive(Clone, Debug, Default)]
pub struct SessionState {
    /// The signed-in user's tokens.
    pub tokens: Option<TokenSet>,
    /// Credentials for the logins (signed-in user and/or added providers).
    pub user_credentials: Option<CachedCredentials>,
    /// Guest credentials.
    pub guest_credentials: Option<CachedCredentials>,
    /// Cached identity ids.
    pub identity_ids: IdentityIds,
    /// A challenge waiting for an answer.
    pub pending: Option<PendingChallenge>,
    /// The stored device the sign-in under way sent (`DEVICE_KEY`): the
    /// user it is stored for, and its key.
    pub device_sent: Option<(String, String)>,
    /// The name the sign-in under way was started with (an alias, maybe).
    pub sign_in_name: Option<String>,
    /// The tokens a ConfirmDevice was sent with when its outcome was left
    /// unknown (the call dropped while it was in flight, or failed by a
    /// network failure, a timeout or a server error), whose device
    /// `CognitoClient::forget_abandoned_device` forgets.
    pub abandoned: Option<TokenSet>,
    /// Other providers' tokens for the Logins map (`accounts.google.com` → token).
    pub extra_logins: Vec<(String, String)>,
    /// Bumped whenever the signed-in session is replaced or ended: work
    /// started under an older value must not store its results.
    pub session_epoch: u64,
    /// Bumped whenever the Logins map changes (including session changes):
    /// credentials for an older Logins map are not cached.
    pub logins_epoch: u64,
    /// Bumped each time new credentials arrive.
    pub credentials_generation: u64,
    /// How the last signed-in session ended, if one did (`None` while
    /// signed in and for a client that was never signed in).
    pub ended: Option<SessionEnd>,
}

/// How a signed-in session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    /// The user (or another tab) signed out.
    SignedOut,
    /// The refresh token was refused (expired or revoked).
    Expired,
}

/// Whose credentials `get_credentials` fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialsFor {
    /// The logins (signed-in user and/or added providers).
    Logins,
    /// The guest: only for a client that was never signed in.
    Guest,
}

impl SessionState {
    /// A new signed-in session: tokens replaced, user credentials and
    /// pending challenge dropped.
    ///
    /// Nothing that belonged to someone else survives into it: unless the
    /// same user (same `sub`) signs in again, added logins, guest credentials
    /// and every cached identity id but the new user's own are dropped too.
    /// Otherwise a login added before this sign-in (another person's Google
    /// token, say) would go to GetId beside this user's token, and Cognito
    /// would link the two users' logins into one identity. An app that means
    /// to link a provider adds it after signing in.
    pub fn start_session(&mut self, tokens: TokenSet) {
        let same_user = matches!(
            (self.tokens.as_ref().and_then(TokenSet::sub), tokens.sub()),
            (Some(before), Some(now)) if before == now
        );
        if !same_user {
            self.extra_logins.clear();
            self.guest_credentials = None;
            let keep = tokens.sub().map(|sub| IdentityOwner::User(sub.to_owned()));
            self.identity_ids.retain_owner(keep.as_ref());
        }
        self.tokens = Some(tokens);
        self.user_credentials = None;
        self.pending = None;
        self.ended = None;
        self.session_epoch += 1;
        self.logins_epoch += 1;
    }

    /// Ends the session locally ([`SessionState::clear`]) and remembers how,
    /// when there was a user pool session (or one had already ended): a
    /// client that was never signed in stays one.
    pub fn end(&mut self, how: SessionEnd) {
        if self.tokens.is_some() || self.ended.is_some() {
            self.ended = Some(how);
        }
        self.clear();
    }

    /// Whose credentials a plain credentials request gets. Guest
    /// credentials are never a silent fallback for a user whose session
    /// ended: an AWS SDK client would quietly drop to the unauthenticated
    /// role. After a refused refresh that is `NotAuthorizedException`,
    /// after a sign-out `NotSignedIn`; guests ask for guest credentials.
    pub fn credentials_for(&self) -> Result<CredentialsFor, CognitoError> {
        if self.has_logins() {
            return Ok(CredentialsFor::Logins);
        }
        match self.ended {
            None => Ok(CredentialsFor::Guest),
            Some(SessionEnd::Expired) => Err(CognitoError::new(
                ErrorKind::NotAuthorizedException,
                "the session expired (the refresh token was refused); sign in again",
                false,
            )),
            Some(SessionEnd::SignedOut) => Err(CognitoError::not_signed_in(
                "signed out: sign in again, or ask for guest credentials",
            )),
        }
    }

    /// Local sign-out: tokens, credentials, identity ids, pending challenge
    /// and added logins are dropped.
    pub fn clear(&mut self) {
        self.tokens = None;
        self.user_credentials = None;
        self.guest_credentials = None;
        self.identity_ids = IdentityIds::default();
        self.pending = None;
        self.extra_logins.clear();
        self.session_epoch += 1;
        self.logins_epoch += 1;
    }

    /// Whether any login (user pool session or added provider) exists.
    pub fn has_logins(&self) -> bool {
        self.tokens.is_some() || !self.extra_logins.is_empty()
    }

    /// The Logins map: `provider_name` → ID token when signed in, then the
    /// added providers.
    pub fn logins(&self, provider_name: &str) -> Vec<(String, String)> {
        let mut logins = Vec::new();
        if let Some(t) = &self.tokens {
            logins.push((provider_name.to_owned(), t.id_token.clone()));
        }
        logins.extend(self.extra_logins.iter().cloned());
        logins
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn jwt(payload: &str) -> String {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("e30.{}.sig", b64.encode(payload))
    }

    fn auth(exp: f64, expires_in: Option<f64>, refresh: Option<&str>) -> AuthTokens {
        AuthTokens {
            id_token: jwt(&format!(
                r#"{{"sub":"s1","cognito:username":"alice","exp":{exp}}}"#
            )),
            access_token: jwt(&format!(r#"{{"username":"alice","exp":{exp}}}"#)),
            refresh_token: refresh.map(str::to_owned),
            expires_in_seconds: expires_in,
            new_device: None,
        }
    }

    #[test]
    fn margin_is_clamped_below_the_lifetime() {
        assert_eq!(effective_margin_ms(300_000.0, 3_600_000.0), 300_000.0);
        assert_eq!(effective_margin_ms(300_000.0, 90_000.0), 45_000.0);
        assert_eq!(effective_margin_ms(300_000.0, -5.0), 0.0);
        // 90 s credentials with a 5 min margin: fresh for their first 45 s.
        assert!(is_fresh(90_000.0, 0.0, 0.0, 300_000.0));
        assert!(is_fresh(90_000.0, 0.0, 44_999.0, 300_000.0));
        assert!(!is_fresh(90_000.0, 0.0, 45_000.0, 300_000.0));
        // One hour with 5 min: stale from minute 55.
        assert!(is_fresh(3_600_000.0, 0.0, 3_299_999.0, 300_000.0));
        assert!(!is_fresh(3_600_000.0, 0.0, 3_300_000.0, 300_000.0));
        // Zero margin: fresh until expiry.
        assert!(is_fresh(1000.0, 0.0, 999.0, 0.0));
        assert!(!is_fresh(1000.0, 0.0, 1000.0, 0.0));
    }

    #[test]
    fn token_expiry_is_the_earliest() {
        let t =
            TokenSet::from_auth(auth(2000.0, Some(3600.0), Some("r")), None, 1_000_000.0).unwrap();
        assert_eq!(t.expires_at_ms, 1_000_000.0 + 1_000_000.0);
        let t =
            TokenSet::from_auth(auth(5000.0, Some(60.0), None), Some("old"), 1_000_000.0).unwrap();
        assert_eq!(t.expires_at_ms, 1_060_000.0);
        assert_eq!(t.refresh_token.as_deref(), Some("old"));
        assert_eq!(t.username(), Some("alice"));
        assert_eq!(t.sub(), Some("s1"));
        let t = TokenSet::from_auth(auth(5000.0, None, Some("new")), Some("old"), 0.0).unwrap();
        assert_eq!(t.refresh_token.as_deref(), Some("new"));
        assert_eq!(t.expires_at_ms, 5_000_000.0);
    }

    #[test]
    fn tokens_without_expiry_are_refused() {
        let a = AuthTokens {
            id_token: jwt("{}"),
            access_token: jwt("{}"),
            refresh_token: None,
            expires_in_seconds: None,
            new_device: None,
        };
        assert_eq!(
            TokenSet::from_auth(a, None, 0.0).unwrap_err().kind,
            crate::error::ErrorKind::InvalidResponse
        );
    }

    #[test]
    fn token_set_round_trips_through_json() {
        let t = TokenSet::from_auth(auth(2000.0, Some(3600.0), Some("r")), None, 5.0).unwrap();
        assert_eq!(TokenSet::from_json(&t.to_json()), Some(t));
        assert_eq!(TokenSet::from_json("{}"), None);
        assert_eq!(
            TokenSet::from_json(
                r#"{"idToken":"x","accessToken":"y","expiresAt":1,"obtainedAt":0}"#
            ),
            None
        );
    }

    #[test]
    fn identity_ids_are_per_pool_and_owner() {
        let mut ids = IdentityIds::default();
        let alice = IdentityOwner::User("alice-sub".into());
        let bob = IdentityOwner::User("bob-sub".into());
        ids.insert("p1", &alice, "id-a");
        ids.insert("p1", &IdentityOwner::Guest, "id-g");
        assert_eq!(ids.get("p1", &alice), Some("id-a"));
        assert_eq!(ids.get("p1", &bob), None);
        assert_eq!(ids.get("p2", &alice), None);
        assert_eq!(ids.get("p1", &IdentityOwner::Guest), Some("id-g"));
        ids.insert("p1", &alice, "id-a2");
        assert_eq!(ids.get("p1", &alice), Some("id-a2"));
        let round = IdentityIds::from_json(&ids.to_json());
        assert_eq!(round, ids);
        ids.remove("p1", &alice);
        assert_eq!(ids.get("p1", &alice), None);
        assert_eq!(IdentityIds::from_json("garbage"), IdentityIds::default());
    }

    #[test]
    fn debug_output_hides_secrets() {
        let c = Credentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: "very-secret".into(),
            session_token: "session-tok".into(),
            expiration_ms: 1.0,
            identity_id: "eu-west-1:x".into(),
        };
        let d = format!("{c:?}");
        assert!(
            d.contains("ASIAEXAMPLE") && !d.contains("very-secret") && !d.contains("session-tok")
        );
        let s = c.signing();
        assert_eq!(s.secret_access_key, "very-secret");
        assert_eq!(s.session_token.as_deref(), Some("session-tok"));
        let t = TokenSet::from_auth(auth(2000.0, None, Some("refresh-secret")), None, 0.0).unwrap();
        let d = format!("{t:?} {:?}", t.tokens());
        assert!(
            !d.contains(&t.id_token) && !d.contains("refresh-secret"),
            "{d}"
        );
    }

    #[test]
    fn state_rules() {
        let mut s = SessionState::default();
        assert!(!s.has_logins());
        s.extra_logins
            .push(("accounts.google.com".into(), "g".into()));
        assert!(s.has_logins());
        let t = TokenSet::from_auth(auth(2000.0, None, None), None, 0.0).unwrap();
        s.start_session(t.clone());
        assert_eq!(s.session_epoch, 1);
        // A login added before the sign-in may be someone else's: dropped.
        assert_eq!(
            s.logins("cognito-idp.x.amazonaws.com/x_y"),
            vec![(
                "cognito-idp.x.amazonaws.com/x_y".to_owned(),
                t.id_token.clone()
            )]
        );
        // One added during the session is the user's own.
        s.extra_logins
            .push(("accounts.google.com".into(), "g".into()));
        assert_eq!(
            s.logins("cognito-idp.x.amazonaws.com/x_y"),
            vec![
                (
                    "cognito-idp.x.amazonaws.com/x_y".to_owned(),
                    t.id_token.clone()
                ),
                ("accounts.google.com".to_owned(), "g".to_owned())
            ]
        );
        s.identity_ids.insert("p", &IdentityOwner::Guest, "g");
        s.clear();
        assert!(s.tokens.is_none() && s.extra_logins.is_empty() && s.identity_ids.is_empty());
        assert_eq!(s.session_epoch, 2);
    }

    #[test]
    fn guest_credentials_are_never_a_fallback_for_an_ended_session() {
        let mut s = SessionState::default();
        // Never signed in: guest; an ended guest session stays one.
        assert_eq!(s.credentials_for(), Ok(CredentialsFor::Guest));
        s.end(SessionEnd::SignedOut);
        assert_eq!(s.credentials_for(), Ok(CredentialsFor::Guest));
        let t = TokenSet::from_auth(auth(2000.0, None, None), None, 0.0).unwrap();
        s.start_session(t.clone());
        assert_eq!(s.credentials_for(), Ok(CredentialsFor::Logins));
        s.end(SessionEnd::Expired);
        assert!(s.tokens.is_none());
        let e = s.credentials_for().unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
        assert!(!e.retryable);
        // A later sign-out: NotSignedIn; a new sign-in: the user's again.
        s.end(SessionEnd::SignedOut);
        assert_eq!(
            s.credentials_for().unwrap_err().kind,
            ErrorKind::NotSignedIn
        );
        s.start_session(t);
        assert_eq!(s.ended, None);
        assert_eq!(s.credentials_for(), Ok(CredentialsFor::Logins));
    }
}
