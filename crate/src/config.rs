//! Client configuration: pool ids, region, endpoints, validation.
//!
//! [`Config`] is what the application gives; [`Config::validate`] checks it
//! before any request and resolves it into a [`ValidConfig`] (region and
//! endpoints filled in, ids known to be well formed).
use crate::prelude::*;

use core::fmt;

use crate::error::CognitoError;

/// Default refresh margin: credentials and tokens are renewed this many
/// seconds before they expire.
pub const DEFAULT_REFRESH_MARGIN_SECONDS: f64 = 300.0;

/// How `sign_in` proves the password.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthFlow {
    /// `USER_SRP_AUTH`: the password never leaves the browser (default).
    #[default]
    UserSrpAuth,
    /// `USER_PASSWORD_AUTH`: the password is sent to Cognito over TLS.
    UserPasswordAuth,
}

impl AuthFlow {
    /// The wire name (`USER_SRP_AUTH`, `USER_PASSWORD_AUTH`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthFlow::UserSrpAuth => "USER_SRP_AUTH",
            AuthFlow::UserPasswordAuth => "USER_PASSWORD_AUTH",
        }
    }

    /// Parses the wire name; anything else is an `InvalidConfig`.
    pub fn parse(name: &str) -> Result<AuthFlow, CognitoError> {
        match name {
            "USER_SRP_AUTH" => Ok(AuthFlow::UserSrpAuth),
            "USER_PASSWORD_AUTH" => Ok(AuthFlow::UserPasswordAuth),
            _ => Err(CognitoError::invalid_config(
                "authFlow must be USER_SRP_AUTH or USER_PASSWORD_AUTH",
            )),
        }
    }
}

/// Where the session (tokens and identity ids) is kept between page loads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StorageKind {
    /// Nothing outlives the page (default).
    #[default]
    Memory,
    /// `window.sessionStorage`: survives reloads of the tab.
    Session,
    /// `window.localStorage`: survives closing the browser.
    Local,
}

impl StorageKind {
    /// The JS name (`memory`, `session`, `local`).
    pub fn as_str(self) -> &'static str {
        match self {
            StorageKind::Memory => "memory",
            StorageKind::Session => "session",
            StorageKind::Local => "local",
        }
    }

    /// Parses the JS name; anything else is an `InvalidConfig`.
    pub fn parse(name: &str) -> Result<StorageKind, CognitoError> {
        match name {
            "memory" => Ok(StorageKind::Memory),
            "session" => Ok(StorageKind::Session),
            "local" => Ok(StorageKind::Local),
            _ => Err(CognitoError::invalid_config(
                "storage must be 'memory', 'session' or 'local'",
            )),
        }
    }
}

/// The configuration an application gives the client.
#[derive(Clone, Default, PartialEq)]
pub struct Config {
    /// User pool id, `<region>_<id>` (`eu-west-1_xRwxzdsSL`).
    pub user_pool_id: String,
    /// App client id of the user pool.
    pub client_id: String,
    /// Identity pool id, `<region>:<uuid>`; needed for AWS credentials.
    pub identity_pool_id: Option<String>,
    /// Region; defaults to the user pool's, must agree with it when given.
    pub region: Option<String>,
    /// App client secret, for clients that have one (then SECRET_HASH is sent).
    pub client_secret: Option<String>,
    /// Password proof used by `sign_in`.
    pub auth_flow: AuthFlow,
    /// cognito-idp endpoint (default `https://cognito-idp.<region>.<partition domain>/`,
    /// see [`dns_suffix`]).
    pub cognito_idp_endpoint: Option<String>,
    /// cognito-identity endpoint (default
    /// `https://cognito-identity.<identity pool region>.<partition domain>/`).
    pub cognito_identity_endpoint: Option<String>,
    /// Where the session is kept (the browser shell picks the store from it).
    pub storage: StorageKind,
    /// Seconds before expiry at which tokens and credentials are renewed
    /// (default 300).
    pub refresh_margin_seconds: Option<f64>,
}

impl Config {
    /// A configuration with a user pool and app client and defaults for the rest.
    pub fn new(user_pool_id: impl Into<String>, client_id: impl Into<String>) -> Config {
        Config {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            ..Config::default()
        }
    }

    /// Checks everything that can be checked without a request and resolves
    /// region and endpoints. Each problem is an `InvalidConfig` that says
    /// which setting is wrong.
    pub fn validate(&self) -> Result<ValidConfig, CognitoError> {
        let pool_region = user_pool_region(&self.user_pool_id)?;
        if self.client_id.is_empty() {
            return Err(CognitoError::invalid_config("clientId is empty"));
        }
        if self.client_id.len() > 128
            || !self
                .client_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+')
        {
            return Err(CognitoError::invalid_config(
                "clientId must be 1 to 128 letters, digits, '_' or '+'",
            ));
        }
        if let Some(region) = &self.region {
            if !is_region(region) {
                return Err(CognitoError::invalid_config(text!(
                    "region \"",
                    region,
                    "\" is not an AWS region name"
                )));
            }
            if region != pool_region {
                return Err(CognitoError::invalid_config(text!(
                    "region ",
                    region,
                    " does not match the user pool's region ",
                    pool_region
                )));
            }
        }
        // An identity pool may live in another region than the user pool
        // (its Logins key still names the user pool's), but not in another
        // partition: a token of one partition is never accepted in another.
        let identity_region = match &self.identity_pool_id {
            Some(identity_pool_id) => {
                let identity_region = identity_pool_region(identity_pool_id)?;
                if dns_suffix(identity_region) != dns_suffix(pool_region) {
                    return Err(CognitoError::invalid_config(text!(
                        "identity pool region ",
                        identity_region,
                        " is in another AWS partition than the user pool's region ",
                        pool_region
                    )));
                }
                identity_region
            }
            None => pool_region,
        };
        if let Some(secret) = &self.client_secret {
            if secret.is_empty() {
                return Err(CognitoError::invalid_config(
                    "clientSecret is empty (leave it out for a client without a secret)",
                ));
            }
        }
        let margin = self
            .refresh_margin_seconds
            .unwrap_or(DEFAULT_REFRESH_MARGIN_SECONDS);
        if !margin.is_finite() || margin < 0.0 {
            return Err(CognitoError::invalid_config(
                "refreshMarginSeconds must be a finite number of seconds, 0 or more",
            ));
        }
        let default_idp = text!(
            "https://cognito-idp.",
            pool_region,
            ".",
            dns_suffix(pool_region),
            "/"
        );
        let default_identity = text!(
            "https://cognito-identity.",
            identity_region,
            ".",
            dns_suffix(identity_region),
            "/"
        );
        let idp_endpoint = match &self.cognito_idp_endpoint {
            Some(e) => endpoint(e, "cognitoIdp")?,
            None => default_idp.clone(),
        };
        let identity_endpoint = match &self.cognito_identity_endpoint {
            Some(e) => endpoint(e, "cognitoIdentity")?,
            None => default_identity,
        };
        Ok(ValidConfig {
            region: pool_region.to_owned(),
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
            identity_pool_id: self.identity_pool_id.clone(),
            client_secret: self.client_secret.clone(),
            auth_flow: self.auth_flow,
            default_idp_endpoint: idp_endpoint == default_idp,
            idp_endpoint,
            identity_endpoint,
            storage: self.storage,
            refresh_margin_ms: margin * 1000.0,
        })
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field("identity_pool_id", &self.identity_pool_id)
            .field("region", &self.region)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("auth_flow", &self.auth_flow)
            .field("cognito_idp_endpoint", &self.cognito_idp_endpoint)
            .field("cognito_identity_endpoint", &self.cognito_identity_endpoint)
            .field("storage", &self.storage)
            .field("refresh_margin_seconds", &self.refresh_margin_seconds)
            .finish()
    }
}

/// A checked configuration with region and endpoints resolved.
#[derive(Clone, PartialEq)]
pub struct ValidConfig {
    region: String,
    user_pool_id: String,
    client_id: String,
    identity_pool_id: Option<String>,
    client_secret: Option<String>,
    auth_flow: AuthFlow,
    idp_endpoint: String,
    default_idp_endpoint: bool,
    identity_endpoint: String,
    storage: StorageKind,
    refresh_margin_ms: f64,
}

impl ValidConfig {
    /// The region (the user pool id's prefix).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The user pool id.
    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// The app client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The identity pool id, when configured.
    pub fn identity_pool_id(&self) -> Option<&str> {
        self.identity_pool_id.as_deref()
    }

    /// The app client secret, when configured (never log it).
    pub fn client_secret(&self) -> Option<&str> {
        self.client_secret.as_deref()
    }

    /// The sign-in flow.
    pub fn auth_flow(&self) -> AuthFlow {
        self.auth_flow
    }

    /// URL that cognito-idp requests are POSTed to.
    pub fn idp_endpoint(&self) -> &str {
        &self.idp_endpoint
    }

    /// URL that cognito-identity requests are POSTed to.
    pub fn identity_endpoint(&self) -> &str {
        &self.identity_endpoint
    }

    /// Where the session is kept.
    pub fn storage(&self) -> StorageKind {
        self.storage
    }

    /// The refresh margin in milliseconds.
    pub fn refresh_margin_ms(&self) -> f64 {
        self.refresh_margin_ms
    }

    /// The user pool id after `_` (used by SRP).
    pub fn pool_name(&self) -> &str {
        self.user_pool_id
            .split_once('_')
            .map(|(_, name)| name)
            .unwrap_or_default()
    }

    /// The identity pool's name for this user pool, the Logins map key:
    /// `cognito-idp.<region>.<partition domain>/<userPoolId>`
    /// (`cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC`), with the user
    /// pool's region whichever region the identity pool is in.
    pub fn provider_name(&self) -> String {
        text!(
            "cognito-idp.",
            self.region,
            ".",
            dns_suffix(&self.region),
            "/",
            self.user_pool_id
        )
    }

    /// Whether an ID token's `iss` claim belongs to this user pool: it must
    /// end with `/<userPoolId>`, and equal
    /// `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` when the
    /// default (AWS) endpoint is used. Emulators behind a custom endpoint
    /// may issue their own host name.
    pub fn issuer_matches(&self, iss: &str) -> bool {
        if self.default_idp_endpoint {
            iss.strip_prefix("https://") == Some(self.provider_name().as_str())
        } else {
            iss.strip_suffix(self.user_pool_id.as_str())
                .is_some_and(|rest| rest.ends_with('/'))
        }
    }

    /// Prefix of every storage key of this client, unique per (user pool,
    /// app client) so that several clients in one page keep apart.
    pub fn storage_prefix(&self) -> String {
        text!("cognito-wasm.", self.user_pool_id, ".", self.client_id)
    }
}

impl fmt::Debug for ValidConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidConfig")
            .field("region", &self.region)
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field("identity_pool_id", &self.identity_pool_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("auth_flow", &self.auth_flow)
            .field("idp_endpoint", &self.idp_endpoint)
            .field("identity_endpoint", &self.identity_endpoint)
            .field("storage", &self.storage)
            .field("refresh_margin_ms", &self.refresh_margin_ms)
            .finish()
    }
}

/// Whether `s` looks like an AWS region: lower-case words joined by `-`, the
/// first two letters, the last a number (`eu-west-1`, `us-gov-west-1`).
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    parts.len() >= 3
        && first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !last.is_empty()
        && last.len() <= 3
        && last.bytes().all(|b| b.is_ascii_digit())
        && parts
            .get(1..parts.len() - 1)
            .unwrap_or_default()
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// The domain of the AWS partition `region` belongs to, under which its
/// service endpoints live: `amazonaws.com.cn` for the China regions
/// (`cn-north-1`), `amazonaws.com` for the commercial and GovCloud
/// (`us-gov-west-1`) regions.
pub fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// The region of a user pool id `<region>_<alnum>`, or `InvalidConfig`.
pub fn user_pool_region(user_pool_id: &str) -> Result<&str, CognitoError> {
    let bad = || {
        CognitoError::invalid_config(text!(
            "userPoolId \"",
            user_pool_id,
            "\" is not of the form <region>_<id> (like eu-west-1_AbC123)"
        ))
    };
    let (region, id) = user_pool_id.split_once('_').ok_or_else(bad)?;
    if !is_region(region)
        || id.is_empty()
        || user_pool_id.len() > 55
        || !id.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(bad());
    }
    Ok(region)
}

/// The region of an identity pool id `<region>:<uuid>`, or `InvalidConfig`.
pub fn identity_pool_region(identity_pool_id: &str) -> Result<&str, CognitoError> {
    let bad = || {
        CognitoError::invalid_config(text!(
            "identityPoolId \"",
            identity_pool_id,
            "\" is not of the form <region>:<uuid>"
        ))
    };
    let (region, uuid) = identity_pool_id.split_once(':').ok_or_else(bad)?;
    if !is_region(region) || !is_uuid(uuid) {
        return Err(bad());
    }
    Ok(region)
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Checks a custom endpoint and returns it with a path (`/` when it had
/// none). HTTPS is required except for loopback hosts (`127.0.0.1`,
/// `localhost`, `[::1]`), which may use plain HTTP for local emulators.
fn endpoint(url: &str, setting: &str) -> Result<String, CognitoError> {
    let bad = |why: &str| CognitoError::invalid_config(text!("endpoints.", setting, " ", why));
    if url
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(bad("contains whitespace"));
    }
    let (https, rest) = if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
        (true, rest)
    } else if let Some(rest) = strip_prefix_ignore_case(url, "http://") {
        (false, rest)
    } else {
        return Err(bad("must be an https:// URL"));
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest
        .split_at_checked(authority_end)
        .ok_or_else(|| bad("has no valid host"))?;
    if authority.is_empty() || authority.contains('@') {
        return Err(bad("has no valid host"));
    }
    if path.contains(['?', '#']) {
        return Err(bad("must not have a query or fragment"));
    }
    if !https && !is_loopback(authority) {
        return Err(bad(
            "must use https:// (plain http:// is allowed only for 127.0.0.1, localhost and [::1])",
        ));
    }
    let scheme = if https { "https://" } else { "http://" };
    let path = if path.is_empty() { "/" } else { path };
    Ok(text!(scheme, authority, path))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// `127.0.0.1`, `localhost` or `[::1]`, with an optional numeric port.
fn is_loopback(authority: &str) -> bool {
    let host = match crate::wire::text::rsplit_once(authority, b':') {
        Some((host, port))
            if !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            host
        }
        _ => authority,
    };
    host == "127.0.0.1" || host.eq_ignore_ascii_case("localhost") || host == "[::1]"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names() {
        for ok in [
            "eu-west-1",
            "us-gov-west-1",
            "ap-southeast-3",
            "il-central-1",
        ] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in [
            "",
            "eu",
            "eu-west",
            "EU-west-1",
            "eu--1",
            "eu-west-x",
            "e-west-1",
            "eu-west-1-",
        ] {
            assert!(!is_region(bad), "{bad}");
        }
    }

    #[test]
    fn loopback_hosts() {
        for ok in [
            "127.0.0.1",
            "127.0.0.1:5000",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:9000",
            "[::1]",
        ] {
            assert!(is_loopback(ok), "{ok}");
        }
        for bad in [
            "127.0.0.2",
            "localhost.evil.com",
            "10.0.0.1:80",
            "[::2]:1",
            "localhost:",
            "localhost:abc",
        ] {
            assert!(!is_loopback(bad), "{bad}");
        }
    }
}
