//! AWS Signature Version 4: header signing and presigned URLs, stage by
//! stage as the AWS documentation describes it:
//!
//! 1. the **canonical request** (`canonical`): method, canonical URI,
//!    canonical query, canonical headers, signed header names, payload
//!    hash;
//! 2. the **string to sign** (`scope`): algorithm, time, credential scope
//!    `date/region/service/aws4_request`, the canonical request's SHA-256;
//! 3. the **signature** (`key`): HMAC-SHA256 of the string to sign with
//!    the derived key (`AWS4`+secret → date → region → service →
//!    `aws4_request`), cached per (secret, date, region, service);
//! 4. the **authorization**: the `Authorization` header (`scope`), or the
//!    query parameters of a presigned URL (`presign`).
//!
//! `url` splits the URL; `host` tells the scope an AWS host name
//! implies; `fast` holds the speed-tuned shortcuts, each
//! checked against the plain computation it skips.
//!
//! Browser facts built in (the signature covers what fetch will send):
//! - The browser sets `Host` itself. The signer signs the URL's authority
//!   exactly as the browser sends it (lower-case host, port only when it is
//!   not the scheme's default) and does **not** put a `host` header in the
//!   signed request: `host` is in `SignedHeaders`, the browser supplies it.
//! - The query is sent in the canonical form that was signed (sorted,
//!   RFC 3986-encoded). For S3 the path is too (encoded once); a path with
//!   `.`/`..` segments is refused, since fetch would remove them. For every
//!   other service the path is sent as given and signed as AWS sees it:
//!   dot segments resolved (as fetch does), `//` collapsed, encoded twice.
//! - Methods: fetch upper-cases six; any other (`patch`) is signed as given.
//! - Headers the browser or proxies control ([`is_unsignable`]) are sent but
//!   never signed; a repeated header is sent and signed as the browser
//!   merges it (`a, b`).
//! - URLs must be ASCII without spaces or control characters
//!   (percent-encode them first); `+` is a literal plus, never a space.
use crate::prelude::*;

mod canonical;
mod fast;
mod host;
mod key;
mod presign;
mod scope;
mod url;

use alloc::borrow::Cow;
use core::fmt;

pub use canonical::{borrowed_pairs, is_sent_as_given, is_unsignable, merged_headers};
pub use host::{host_scope, HostScope};
#[cfg(target_arch = "wasm32")]
pub(crate) use key::wipe;
pub use key::{derive_signing_key, sha256_hex, SecretDigest};
pub use scope::check_scope;
pub use url::{split_url, UrlParts};

use crate::error::CognitoError;
use crate::wire::http::HttpRequest;
use crate::wire::text::concat;
use canonical::{
    canonical_method, canonical_path, canonical_query, canonical_request, check_headers,
    header_list, wire_path,
};
use key::{sha256_hex_32, KeyCache};
use scope::Scope;

/// The signing algorithm name.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// Payload hash for requests whose body is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// SHA-256 of the empty body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// Longest validity of a presigned URL (7 days), in seconds.
pub const MAX_PRESIGN_EXPIRES: u32 = 604_800;

/// Temporary or long-term AWS credentials used for signing (Debug must
/// redact the secret and token).
#[derive(Clone, PartialEq, Eq)]
pub struct SigningCredentials {
    /// Access key id (not secret: it is sent in every Authorization header).
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Session token of temporary credentials.
    pub session_token: Option<String>,
}

/// The secret and the token are overwritten when the credentials are
/// dropped (`key::wipe`).
impl Drop for SigningCredentials {
    fn drop(&mut self) {
        key::wipe(&mut self.secret_access_key);
        if let Some(token) = &mut self.session_token {
            key::wipe(token);
        }
    }
}

impl fmt::Debug for SigningCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Who signs, where, and when.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    /// The credentials to sign with.
    pub credentials: &'a SigningCredentials,
    /// AWS region of the credential scope (`eu-west-1`).
    pub region: &'a str,
    /// Service of the credential scope (`s3`).
    pub service: &'a str,
    /// Signing time, Unix ms (use the skew-corrected clock).
    pub time_ms: f64,
}

/// How to canonicalise and what to add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignOptions {
    /// The canonical path rules of every service but S3: the path as sent,
    /// `.`/`..` and empty segments removed, URI-encoded a second time; the
    /// caller's path is sent as given. False: S3's (path decoded and
    /// encoded once, sent in that form; `.`/`..` segments refused).
    pub normalize_path: bool,
    /// Header signing: send and sign `x-amz-content-sha256` (S3 needs it).
    pub sign_body: bool,
    /// Use `UNSIGNED-PAYLOAD` instead of the body's SHA-256.
    pub unsigned_payload: bool,
    /// Add the session token after signing instead of signing it (a few
    /// services want that; S3 does not).
    pub omit_session_token: bool,
}

impl Default for SignOptions {
    fn default() -> Self {
        Self {
            normalize_path: true,
            sign_body: false,
            unsigned_payload: false,
            omit_session_token: false,
        }
    }
}

impl SignOptions {
    /// S3 rules (for every service of [`is_s3_family`]): path not
    /// normalised (encoded once), `x-amz-content-sha256` sent and signed
    /// with the body's hash.
    pub fn s3() -> Self {
        Self {
            normalize_path: false,
            sign_body: true,
            unsigned_payload: false,
            omit_session_token: false,
        }
    }
}

/// What signing produced, with the intermediate strings (the demo app shows
/// the canonical request and string to sign).
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The request to send: canonical URL, added headers (no `host`).
    pub request: HttpRequest,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// Hex signature.
    pub signature: String,
}

impl fmt::Debug for SignedRequest {
    /// Shows the strings that are safe to log; header values and the URL
    /// (which carry the session token) are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .request
            .headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        f.debug_struct("SignedRequest")
            .field("method", &self.request.method)
            .field("header_names", &names)
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

/// A request to sign, borrowed from the caller ([`Signer::sign_headers`]).
#[derive(Clone, Copy, Debug)]
pub struct RequestRef<'a> {
    /// `GET`, `POST`, … (fetch upper-cases the six standard methods; any
    /// other is sent, and signed, as given).
    pub method: &'a str,
    /// Absolute URL.
    pub url: &'a str,
    /// Header names and values, as given.
    pub headers: &'a [(&'a str, &'a str)],
    /// Request body.
    pub body: &'a [u8],
}

/// What header signing decided ([`Signer::sign_headers`]), borrowed from
/// the request and the credentials where it can be.
pub struct HeaderSignature<'a> {
    /// The method to send (the six standard ones upper-cased, any other as
    /// given).
    pub method: Cow<'a, str>,
    /// The URL to send: the query in the canonical form that was signed;
    /// the path too for S3, the caller's path for other services.
    pub url: String,
    /// `x-amz-content-sha256` to add (S3 rules, when the request had none).
    pub content_sha256: Option<Cow<'a, str>>,
    /// `x-amz-security-token` to add: the credentials' session token.
    pub session_token: Option<&'a str>,
    /// `Authorization` to add.
    pub authorization: String,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    request_hash: [u8; 64],
    signature: [u8; 64],
    scope: Scope<'a>,
}

impl HeaderSignature<'_> {
    /// `x-amz-date` to add.
    pub fn amz_date(&self) -> &str {
        self.scope.amz_date()
    }

    /// The signature, hex.
    pub fn signature(&self) -> &str {
        core::str::from_utf8(&self.signature).unwrap_or("")
    }

    /// The string that was signed.
    pub fn string_to_sign(&self) -> String {
        let hash = core::str::from_utf8(&self.request_hash).unwrap_or("");
        concat(&self.scope.string_to_sign(hash))
    }

    /// The headers the signer adds, in the order to send them:
    /// `x-amz-content-sha256` (when added), `x-amz-date`,
    /// `x-amz-security-token` (with a session token), `authorization`.
    pub fn added_headers(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            self.content_sha256
                .as_deref()
                .map(|h| ("x-amz-content-sha256", h)),
            Some(("x-amz-date", self.amz_date())),
            self.session_token.map(|t| ("x-amz-security-token", t)),
            Some(("authorization", self.authorization.as_str())),
        ]
        .into_iter()
        .flatten()
    }
}

impl fmt::Debug for HeaderSignature<'_> {
    /// Leaves out the URL, token and canonical request (they carry the
    /// session token).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderSignature")
            .field("method", &self.method)
            .field("signature", &self.signature())
            .finish_non_exhaustive()
    }
}

/// Whether `service` signs with S3's rules ([`SignOptions::s3`]): S3 and
/// the services that share its request format.
pub fn is_s3_family(service: &str) -> bool {
    matches!(
        service,
        "s3" | "s3-object-lambda" | "s3-outposts" | "s3express"
    )
}

/// The payload hash of a body: [`EMPTY_PAYLOAD_SHA256`] for an empty one
/// (no hashing), else its SHA-256.
fn body_hash(body: &[u8]) -> Cow<'static, str> {
    if body.is_empty() {
        Cow::Borrowed(EMPTY_PAYLOAD_SHA256)
    } else {
        Cow::Owned(sha256_hex(body))
    }
}

/// The session token to sign with, if any (an empty one counts as none).
fn session_token<'a>(params: &SigningParams<'a>) -> Option<&'a str> {
    params
        .credentials
        .session_token
        .as_deref()
        .filter(|t| !t.is_empty())
}

/// Signs requests; keeps the last few derived signing keys.
#[derive(Default)]
pub struct Signer {
    keys: KeyCache,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("cached_keys", &self.cached_keys())
            .finish()
    }
}

impl Signer {
    /// A signer with an empty key cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of signing keys in the cache (diagnostics and tests).
    pub fn cached_keys(&self) -> usize {
        self.keys.len()
    }

    /// Drops (overwritten first) every cached signing key: nothing derived
    /// from a signed-out user's secret stays in memory.
    pub fn forget_keys(&self) {
        self.keys.forget();
    }

    /// Header signing: adds x-amz-date, x-amz-security-token (if any),
    /// x-amz-content-sha256 (when `sign_body` or when already present, whose
    /// value is then used as the payload hash), Authorization.
    ///
    /// `host` is in the signed headers but no `host` header is added: the
    /// browser sets it from the URL (a `host` header given by the caller
    /// must match the URL and is removed). A repeated header is returned
    /// merged as the browser sends it. The returned URL is the one to send
    /// (see [`HeaderSignature::url`]).
    pub fn sign(
        &self,
        request: HttpRequest,
        params: &SigningParams,
        options: &SignOptions,
    ) -> Result<SignedRequest, CognitoError> {
        let digest = SecretDigest::of(&params.credentials.secret_access_key);
        self.sign_with_digest(request, params, options, &digest)
    }

    /// [`Signer::sign`] with the secret's [`SecretDigest`] computed once by
    /// the caller (it keys the signing-key cache), for signing many
    /// requests with the same credentials. `digest` must be
    /// `SecretDigest::of` the secret in `params`.
    pub fn sign_with_digest(
        &self,
        request: HttpRequest,
        params: &SigningParams,
        options: &SignOptions,
        digest: &SecretDigest,
    ) -> Result<SignedRequest, CognitoError> {
        let given = borrowed_pairs(&request.headers);
        let signed = self.sign_headers(
            RequestRef {
                method: &request.method,
                url: &request.url,
                headers: &given,
                body: &request.body,
            },
            params,
            options,
            digest,
        )?;
        let with_token = signed.session_token.is_some();
        let mut headers: Vec<(String, String)> = Vec::with_capacity(given.len() + 4);
        for (name, value) in merged_headers(&given, &|n| is_sent_as_given(n, with_token)) {
            headers.push((name.to_owned(), value.into_owned()));
        }
        for (name, value) in signed.added_headers() {
            headers.push((name.to_owned(), value.to_owned()));
        }
        let string_to_sign = signed.string_to_sign();
        let signature = signed.signature().to_owned();
        let method = signed.method.into_owned();
        let (url, canonical_request) = (signed.url, signed.canonical_request);
        Ok(SignedRequest {
            request: HttpRequest {
                method,
                url,
                headers,
                body: request.body,
            },
            canonical_request,
            string_to_sign,
            signature,
        })
    }

    /// Header signing of a borrowed request: what [`Signer::sign_with_digest`]
    /// adds, without building the signed request (for callers that send
    /// the headers on, such as the JavaScript API). The request's own
    /// headers to send are those [`is_sent_as_given`] keeps, merged by
    /// [`merged_headers`].
    pub fn sign_headers<'a>(
        &self,
        request: RequestRef<'a>,
        params: &SigningParams<'a>,
        options: &SignOptions,
        digest: &SecretDigest,
    ) -> Result<HeaderSignature<'a>, CognitoError> {
        let scope = Scope::new(params)?;
        let url = split_url(request.url)?;
        let method = canonical_method(request.method)?;
        let authority = url.authority();
        check_headers(request.headers, &authority)?;
        let token = session_token(params);
        let given_payload_hash = request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"))
            .map(|(_, v)| v.trim());
        let (payload_hash, content_sha256) = match given_payload_hash {
            Some(hash) => (Cow::Borrowed(hash), None),
            None => {
                let hash = if options.unsigned_payload {
                    Cow::Borrowed(UNSIGNED_PAYLOAD)
                } else {
                    body_hash(request.body)
                };
                let added = options.sign_body.then(|| hash.clone());
                (hash, added)
            }
        };

        // 1. The canonical request.
        let path = canonical_path(url.path, options.normalize_path)?;
        let query = canonical_query(url.query, &[])?;
        let signed_token = token.filter(|_| !options.omit_session_token);
        let mut added: Vec<(&str, &str)> = Vec::with_capacity(3);
        if let Some(hash) = content_sha256.as_deref() {
            added.push(("x-amz-content-sha256", hash));
        }
        added.push(("x-amz-date", scope.amz_date()));
        if let Some(token) = signed_token {
            added.push(("x-amz-security-token", token));
        }
        let signs = |name: &str| is_sent_as_given(name, token.is_some()) && !is_unsignable(name);
        let list = header_list(&authority, request.headers, &signs, &added);
        let (canonical, names) = canonical_request(&method, &path, &query, &list, &payload_hash);
        drop(list);

        // 2. The string to sign, over the canonical request's hash.
        let request_hash = sha256_hex_32(&canonical);
        let hash_text = core::str::from_utf8(&request_hash).unwrap_or("");
        let string_to_sign = scope.string_to_sign(hash_text);

        // 3. The signature, with the derived key.
        let secret = &params.credentials.secret_access_key;
        let signature = self
            .keys
            .signature(secret, digest, &scope, &string_to_sign)?;

        // 4. The Authorization header, and the URL to send.
        let authorization = scope.authorization(
            &params.credentials.access_key_id,
            canonical.get(names).unwrap_or(""),
            core::str::from_utf8(&signature).unwrap_or(""),
        );
        let wire_path = wire_path(url.path, path, options.normalize_path);
        let mut signed_url = String::with_capacity(
            url.scheme.len() + authority.len() + wire_path.len() + query.len() + 4,
        );
        for part in [url.scheme, "://", &authority, &wire_path] {
            signed_url.push_str(part);
        }
        if !query.is_empty() {
            signed_url.push('?');
            signed_url.push_str(&query);
        }
        Ok(HeaderSignature {
            method,
            url: signed_url,
            content_sha256,
            session_token: token,
            authorization,
            canonical_request: canonical,
            request_hash,
            signature,
            scope,
        })
    }
}

#[cfg(test)]
mod tests;
