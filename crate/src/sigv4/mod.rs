//! AWS Signature Version 4: header signing and presigned URLs.
//!
//! Plain Rust on `sha2` + `hmac`. The signer canonicalises the request
//! (method, path, sorted RFC 3986 query, lower-cased sorted headers with
//! trimmed values, payload hash), builds the string to sign over the
//! credential scope `date/region/service/aws4_request` and signs it with the
//! derived key (`AWS4`+secret → date → region → service → `aws4_request`),
//! cached per (secret, date, region, service).
//!
//! Browser facts built in:
//! - The browser sets `Host` itself. The signer signs the URL's authority
//!   exactly as the browser sends it (lower-case host, port only when it is
//!   not the scheme's default) and does **not** put a `host` header in the
//!   signed request: `host` is in `SignedHeaders`, the browser supplies it.
//! - The signed request's URL is rewritten to the canonical form that was
//!   signed (path encoded once, query sorted and RFC 3986-encoded), so what
//!   the browser sends is byte for byte what was signed.
//! - URLs must be ASCII without spaces or control characters
//!   (percent-encode them first); `+` is a literal plus, never a space.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::CognitoError;
use crate::wire::dates::amz_date_bytes;
use crate::wire::encoding::{hex_32, hex_encode, percent_decode, uri_encode};
use crate::wire::http::HttpRequest;
use crate::wire::text::concat;

type HmacSha256 = Hmac<Sha256>;

/// The signing algorithm name.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// Payload hash for requests whose body is not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// SHA-256 of the empty body.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// Longest validity of a presigned URL (7 days), in seconds.
pub const MAX_PRESIGN_EXPIRES: u32 = 604_800;
/// Signing keys kept in a [`Signer`]'s cache.
const KEY_CACHE_SIZE: usize = 4;

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
    /// Remove `.`/`..` segments and repeated slashes from the canonical
    /// path (true for most services, false for S3).
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
    /// S3 rules: path not normalised (encoded once), `x-amz-content-sha256`
    /// sent and signed with the body's hash.
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
    /// `GET`, `POST`, … (the six standard methods in any case).
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
    /// The method to send (the six standard ones upper-cased).
    pub method: Cow<'a, str>,
    /// The URL to send: the canonical form that was signed.
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
        std::str::from_utf8(&self.signature).unwrap_or("")
    }

    /// The string that was signed.
    pub fn string_to_sign(&self) -> String {
        let hash = std::str::from_utf8(&self.request_hash).unwrap_or("");
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

/// The parts of an absolute `http`/`https` URL a signer needs, borrowed
/// from the URL where they can be (signing splits a URL every time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http` or `https` (lower case).
    pub scheme: &'static str,
    /// Host name, lower case (IPv6 literals keep their brackets).
    pub host: Cow<'a, str>,
    /// Port, only when it is not the scheme's default.
    pub port: Option<u16>,
    /// Path as written (at least `/`), still percent-encoded.
    pub path: &'a str,
    /// Query as written, without `?` (and without any `#fragment`).
    pub query: &'a str,
}

impl UrlParts<'_> {
    /// `host[:port]`: the `Host` header the browser will send.
    pub fn authority(&self) -> String {
        let mut out = String::with_capacity(self.host.len() + 6);
        out.push_str(&self.host);
        if let Some(port) = self.port {
            out.push(':');
            push_decimal(&mut out, port.into());
        }
        out
    }

    /// `scheme://host[:port]`.
    pub fn origin(&self) -> String {
        concat(&[self.scheme, "://", &self.authority()])
    }
}

/// Appends `n` in decimal (no formatting machinery).
fn push_decimal(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &d in digits.get(i..).unwrap_or(&[]) {
        out.push(d as char);
    }
}

fn bad_url(what: &str) -> CognitoError {
    CognitoError::invalid_parameter(format!("invalid URL: {what}"))
}

/// Splits an absolute URL, strictly: `http`/`https` only, a host, an
/// optional port, no user info, only printable ASCII without spaces or
/// backslashes. A default port is dropped (the browser drops it from `Host`).
pub fn split_url(url: &str) -> Result<UrlParts<'_>, CognitoError> {
    // Byte loops rather than string patterns: this runs for every signature.
    let bytes = url.as_bytes();
    for &b in bytes {
        if b <= b' ' || b >= 0x7f || b == b'\\' {
            let what = if b == b' ' {
                "spaces must be percent-encoded"
            } else if b >= 0x80 {
                "non-ASCII characters must be percent-encoded"
            } else {
                "control characters and backslashes are not allowed"
            };
            return Err(bad_url(what));
        }
    }
    let colon = bytes.iter().position(|&b| b == b':');
    let (scheme, rest) = match colon.and_then(|i| Some((url.get(..i)?, url.get(i..)?))) {
        Some((scheme, rest)) if rest.starts_with("://") => (scheme, rest.get(3..).unwrap_or("")),
        _ => return Err(bad_url("expected scheme://host")),
    };
    let (scheme, default_port) = if scheme.eq_ignore_ascii_case("https") {
        ("https", 443)
    } else if scheme.eq_ignore_ascii_case("http") {
        ("http", 80)
    } else {
        return Err(bad_url("only http and https are supported"));
    };
    let rest = match rest.bytes().position(|b| b == b'#') {
        Some(i) => rest.get(..i).unwrap_or(""),
        None => rest,
    };
    let authority_end = rest
        .bytes()
        .position(|b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at_checked(authority_end).unwrap_or((rest, ""));
    let (path, query) = match path_and_query.bytes().position(|b| b == b'?') {
        Some(i) => (
            path_and_query.get(..i).unwrap_or(""),
            path_and_query.get(i + 1..).unwrap_or(""),
        ),
        None => (path_and_query, ""),
    };
    if authority.bytes().any(|b| b == b'@') {
        return Err(bad_url("user info is not allowed"));
    }
    let (host, port) = split_host_port(authority)?;
    let port = port.filter(|&p| p != default_port);
    Ok(UrlParts {
        scheme,
        host,
        port,
        path: if path.is_empty() { "/" } else { path },
        query,
    })
}

fn split_host_port(authority: &str) -> Result<(Cow<'_, str>, Option<u16>), CognitoError> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6
            .split_once(']')
            .ok_or_else(|| bad_url("unterminated IPv6 address"))?;
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(bad_url("bad IPv6 address"));
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or_else(|| bad_url("bad port"))?),
        };
        (
            Cow::Owned(concat(&["[", &inside.to_ascii_lowercase(), "]"])),
            port,
        )
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
        if !valid {
            return Err(bad_url("bad host name"));
        }
        (ascii_lower(host), port)
    };
    let port = match port {
        None => None,
        Some(p) => {
            let ok = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
            match p.parse::<u16>() {
                Ok(n) if ok && n > 0 => Some(n),
                _ => return Err(bad_url("bad port")),
            }
        }
    };
    Ok((host, port))
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

/// The path to send: `url_path` re-encoded once when `normalize`, else the
/// canonical path as signed.
fn wire_path<'a>(
    url_path: &str,
    canonical_path: Cow<'a, str>,
    normalize: bool,
) -> Result<Cow<'a, str>, CognitoError> {
    if normalize {
        Ok(Cow::Owned(uri_encode(&decode_component(url_path)?, true)))
    } else {
        Ok(canonical_path)
    }
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex_encode(&Sha256::digest(data))
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Result<[u8; 32], CognitoError> {
    let mut mac = HmacSha256::new_from_slice(key)
        .map_err(|_| CognitoError::invalid_parameter("signing key rejected"))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().into())
}

/// The SigV4 signing key: `AWS4`+secret → date → region → service →
/// `aws4_request`.
pub fn derive_signing_key(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
) -> Result<[u8; 32], CognitoError> {
    let k_date = hmac_sha256(concat(&["AWS4", secret]).as_bytes(), date.as_bytes())?;
    let k_region = hmac_sha256(&k_date, region.as_bytes())?;
    let k_service = hmac_sha256(&k_region, service.as_bytes())?;
    hmac_sha256(&k_service, b"aws4_request")
}

/// A cached derived key, kept as the HMAC already keyed with it (its inner
/// and outer pads hashed once, not at every signature); the secret is kept
/// only as its SHA-256.
struct CachedKey {
    secret_digest: [u8; 32],
    date: String,
    region: String,
    service: String,
    mac: HmacSha256,
}

/// The SHA-256 of a secret access key: what the signing-key cache is keyed
/// by (the cache never holds the secret itself).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretDigest([u8; 32]);

impl SecretDigest {
    /// The digest of `secret`.
    pub fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }
}

impl fmt::Debug for SecretDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretDigest(<redacted>)")
    }
}

/// Signs requests; keeps the last few derived signing keys.
#[derive(Default)]
pub struct Signer {
    cache: RefCell<Vec<CachedKey>>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("cached_keys", &self.cached_keys())
            .finish()
    }
}

/// Validated credential scope and time of one signature (no allocation:
/// the scope is written piece by piece where it is needed).
struct Scope<'a> {
    amz_date: [u8; 16],
    region: &'a str,
    service: &'a str,
}

/// Checks a credential scope's region and service (lower-case letters,
/// digits and `-`), as every signature does.
pub fn check_scope(region: &str, service: &str) -> Result<(), CognitoError> {
    check_scope_part(region, "region")?;
    check_scope_part(service, "service")
}

fn check_scope_part(value: &str, what: &str) -> Result<(), CognitoError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(format!(
            "{what} must be lower-case letters, digits and '-'"
        )))
    }
}

impl<'a> Scope<'a> {
    fn new(params: &SigningParams<'a>) -> Result<Self, CognitoError> {
        check_scope(params.region, params.service)?;
        let creds = params.credentials;
        let key_ok = !creds.access_key_id.is_empty()
            && creds.access_key_id.len() <= 128
            && creds
                .access_key_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric());
        if !key_ok {
            return Err(CognitoError::invalid_parameter(
                "access key id must be letters and digits",
            ));
        }
        if creds.secret_access_key.is_empty() {
            return Err(CognitoError::invalid_parameter(
                "secret access key is empty",
            ));
        }
        Ok(Self {
            amz_date: amz_date_bytes(params.time_ms)?,
            region: params.region,
            service: params.service,
        })
    }

    /// `YYYYMMDDTHHMMSSZ` of the signing time.
    fn amz_date(&self) -> &str {
        std::str::from_utf8(&self.amz_date).unwrap_or("")
    }

    /// `YYYYMMDD` of the signing time.
    fn date(&self) -> &str {
        self.amz_date().get(..8).unwrap_or("")
    }

    /// `date/region/service/aws4_request`, in pieces.
    fn parts(&self) -> [&str; 6] {
        [
            self.date(),
            "/",
            self.region,
            "/",
            self.service,
            "/aws4_request",
        ]
    }

    /// The string to sign for a canonical request's hash (hex), in pieces.
    fn string_to_sign<'s>(&'s self, request_hash: &'s str) -> [&'s str; 11] {
        let [date, slash, region, _, service, _] = self.parts();
        [
            ALGORITHM,
            "\n",
            self.amz_date(),
            "\n",
            date,
            slash,
            region,
            slash,
            service,
            "/aws4_request\n",
            request_hash,
        ]
    }
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether a header value is already trimmed with single spaces (what
/// [`canonical_header_value`] would return unchanged).
fn is_canonical_header_value(value: &str) -> bool {
    let bytes = value.as_bytes();
    // Most values (tokens, hashes, dates) have no space or control byte.
    if all_above_space(bytes) {
        return true;
    }
    let mut previous_space = true;
    for &b in bytes {
        match b {
            b' ' if previous_space => return false,
            b' ' => previous_space = true,
            b'\t' | b'\n' | b'\x0c' | b'\r' => return false,
            _ => previous_space = false,
        }
    }
    !previous_space || bytes.is_empty()
}

/// Whether every byte is above `' '`, eight bytes at a time (a session
/// token of ~700 bytes is checked at every signature).
fn all_above_space(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(word);
        // Sets a byte's high bit when that byte is below 0x21 (bytes of
        // 0x80 and above are never flagged: `!x` clears them).
        if x.wrapping_sub(ONES * 0x21) & !x & HIGH != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|&b| b > b' ')
}

/// Trims a header value and collapses runs of whitespace (folded lines
/// included) to one space; borrowed when it is already in that form.
fn canonical_header_value(value: &str) -> Cow<'_, str> {
    if is_canonical_header_value(value) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for word in value.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// `name` in ASCII lower case, borrowed when it already is.
fn ascii_lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The headers to sign: `host`, the `given` ones `keep` accepts, then
/// `added`; lower-cased, values canonical, sorted by name (stable:
/// repeated names keep their order).
fn header_list<'h>(
    host: &'h str,
    given: &[(&'h str, &'h str)],
    keep: &dyn Fn(&str) -> bool,
    added: &[(&'h str, &'h str)],
) -> Vec<(Cow<'h, str>, Cow<'h, str>)> {
    let mut list: Vec<(Cow<str>, Cow<str>)> = Vec::with_capacity(given.len() + added.len() + 1);
    list.push((Cow::Borrowed("host"), Cow::Borrowed(host)));
    for &(name, value) in given.iter().filter(|(n, _)| keep(n)).chain(added) {
        list.push((ascii_lower(name), canonical_header_value(value)));
    }
    crate::wire::sort::insertion_sort_by(&mut list, |a, b| a.0 < b.0);
    list
}

/// `(name, value)` pairs borrowed from owned headers.
pub fn borrowed_pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// Writes the canonical headers of a sorted [`header_list`] into `out`:
/// `name:value\n` each, a repeated name's values joined by `,`.
fn write_canonical_headers(out: &mut String, list: &[(Cow<str>, Cow<str>)]) {
    let mut previous: Option<&str> = None;
    for (name, value) in list {
        if previous == Some(name.as_ref()) {
            out.pop();
            out.push(',');
        } else {
            out.push_str(name);
            out.push(':');
        }
        out.push_str(value);
        out.push('\n');
        previous = Some(name);
    }
}

/// Writes the signed header names of a sorted [`header_list`] into `out`,
/// `;`-joined, each once.
fn write_signed_names(out: &mut String, list: &[(Cow<str>, Cow<str>)]) {
    let mut previous: Option<&str> = None;
    for (name, _) in list {
        if previous != Some(name.as_ref()) {
            if previous.is_some() {
                out.push(';');
            }
            out.push_str(name);
        }
        previous = Some(name);
    }
}

/// Bytes [`write_canonical_headers`] writes at most.
fn canonical_headers_len(list: &[(Cow<str>, Cow<str>)]) -> usize {
    list.iter().map(|(n, v)| n.len() + v.len() + 2).sum()
}

/// The canonical request (method, path, query, the canonical headers of a
/// sorted [`header_list`], their names, the payload hash), written once into
/// one buffer, and where the signed header names are in it.
fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    list: &[(Cow<str>, Cow<str>)],
    payload_hash: &str,
) -> (String, std::ops::Range<usize>) {
    let mut out = String::with_capacity(
        method.len()
            + path.len()
            + query.len()
            + 2 * canonical_headers_len(list)
            + payload_hash.len()
            + 6,
    );
    for part in [method, path, query] {
        out.push_str(part);
        out.push('\n');
    }
    write_canonical_headers(&mut out, list);
    out.push('\n');
    let names_start = out.len();
    write_signed_names(&mut out, list);
    let names = names_start..out.len();
    out.push('\n');
    out.push_str(payload_hash);
    (out, names)
}

/// Lower-case hex SHA-256 of `text`, on the stack.
fn sha256_hex_32(text: &str) -> [u8; 64] {
    hex_32(&Sha256::digest(text.as_bytes()).into())
}

fn decode_component(s: &str) -> Result<String, CognitoError> {
    percent_decode(s, false)
        .map_err(|_| CognitoError::invalid_parameter("URL has a percent-escape that is not UTF-8"))
}

/// Removes `.` and `..` segments and empty segments (RFC 3986 style; a
/// trailing slash is kept).
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut trailing_slash = false;
    for segment in path.split('/') {
        trailing_slash = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if segments.is_empty() {
        out.push('/');
    }
    if trailing_slash && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// Whether `s` is already what `uri_encode(decode(s), keep_slash)` gives:
/// only unreserved bytes (and `/` when `keep_slash`) and upper-case `%XX`
/// escapes of ASCII bytes that must stay escaped. Lets the common,
/// already-canonical path and query skip decoding and re-encoding.
fn is_canonical_encoding(s: &str, keep_slash: bool) -> bool {
    let plain = |b: u8| is_unreserved(b) || (keep_slash && b == b'/');
    let upper_hex = |b: u8| b.is_ascii_digit() || (b'A'..=b'F').contains(&b);
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if plain(b) {
            i += 1;
            continue;
        }
        match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if upper_hex(h) && upper_hex(l) => {
                let decoded = (hex_value(h) << 4) | hex_value(l);
                if decoded >= 0x80 || plain(decoded) {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    true
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Value of an upper-case hex digit (checked by the caller).
fn hex_value(d: u8) -> u8 {
    if d.is_ascii_digit() {
        d - b'0'
    } else {
        d.wrapping_sub(b'A').wrapping_add(10)
    }
}

/// `s` decoded and re-encoded once (RFC 3986), borrowed when it already is.
fn canonical_component(s: &str, keep_slash: bool) -> Result<Cow<'_, str>, CognitoError> {
    if is_canonical_encoding(s, keep_slash) {
        Ok(Cow::Borrowed(s))
    } else {
        Ok(Cow::Owned(uri_encode(&decode_component(s)?, keep_slash)))
    }
}

/// The canonical URI: the decoded path (normalised for non-S3 services),
/// encoded once with `/` kept.
fn canonical_path(path: &str, normalize: bool) -> Result<Cow<'_, str>, CognitoError> {
    if !normalize {
        return canonical_component(path, true);
    }
    Ok(Cow::Owned(uri_encode(
        &normalize_path(&decode_component(path)?),
        true,
    )))
}

/// The canonical query: every `key=value` decoded and re-encoded (RFC
/// 3986), `extra` pairs added, sorted by key then value.
fn canonical_query(query: &str, extra: &[(&str, &str)]) -> Result<String, CognitoError> {
    let mut pairs: Vec<(Cow<str>, Cow<str>)> = Vec::with_capacity(extra.len() + 4);
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((
            canonical_component(k, false)?,
            canonical_component(v, false)?,
        ));
    }
    for (k, v) in extra {
        pairs.push((
            Cow::Owned(uri_encode(k, false)),
            Cow::Owned(uri_encode(v, false)),
        ));
    }
    crate::wire::sort::insertion_sort_by(&mut pairs, |a, b| a < b);
    let len = pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(len);
    for (k, v) in &pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    Ok(out)
}

/// Query parameters the presigner adds itself.
const PRESIGN_PARAMS: [&str; 6] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
];

/// The method as the browser sends it (fetch upper-cases these six).
fn canonical_method(method: &str) -> Result<Cow<'_, str>, CognitoError> {
    if !is_header_name(method) {
        return Err(CognitoError::invalid_parameter("bad HTTP method"));
    }
    if !method.bytes().any(|b| b.is_ascii_lowercase()) {
        return Ok(Cow::Borrowed(method));
    }
    let upper = method.to_ascii_uppercase();
    Ok(
        if matches!(
            upper.as_str(),
            "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS"
        ) {
            Cow::Owned(upper)
        } else {
            Cow::Borrowed(method)
        },
    )
}

/// Checks header names, and that a `host` header (if any) matches the URL.
fn check_headers(headers: &[(&str, &str)], authority: &str) -> Result<(), CognitoError> {
    for &(name, value) in headers {
        if !is_header_name(name) {
            return Err(CognitoError::invalid_parameter("bad header name"));
        }
        if name.eq_ignore_ascii_case("host") && !value.trim().eq_ignore_ascii_case(authority) {
            return Err(CognitoError::invalid_parameter(
                "Host header does not match the URL",
            ));
        }
    }
    Ok(())
}

/// Whether header signing sends a request header as given: not `host`
/// (the browser sets it) nor one the signer sets itself (`authorization`,
/// `x-amz-date`, and `x-amz-security-token` when signing with a session
/// token).
pub fn is_sent_as_given(name: &str, with_session_token: bool) -> bool {
    !(name.eq_ignore_ascii_case("host")
        || name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("x-amz-date")
        || (with_session_token && name.eq_ignore_ascii_case("x-amz-security-token")))
}

/// Checks header names and removes a `host` header (which must match the URL).
fn take_host_header(
    headers: &mut Vec<(String, String)>,
    authority: &str,
) -> Result<(), CognitoError> {
    check_headers(&borrowed_pairs(headers), authority)?;
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("host"));
    Ok(())
}

fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl Signer {
    /// A signer with an empty key cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of signing keys in the cache (diagnostics and tests).
    pub fn cached_keys(&self) -> usize {
        self.cache.try_borrow().map(|c| c.len()).unwrap_or(0)
    }

    /// The HMAC keyed with the derived key for (secret, date, region,
    /// service), from the cache when possible.
    fn signing_mac(
        &self,
        secret: &str,
        digest: &SecretDigest,
        date: &str,
        region: &str,
        service: &str,
    ) -> Result<HmacSha256, CognitoError> {
        let digest = digest.0;
        let matches = |c: &CachedKey| {
            c.secret_digest == digest
                && c.date == date
                && c.region == region
                && c.service == service
        };
        if let Ok(cache) = self.cache.try_borrow() {
            if let Some(hit) = cache.iter().find(|c| matches(c)) {
                return Ok(hit.mac.clone());
            }
        }
        let key = derive_signing_key(secret, date, region, service)?;
        let mac = HmacSha256::new_from_slice(&key)
            .map_err(|_| CognitoError::invalid_parameter("signing key rejected"))?;
        if let Ok(mut cache) = self.cache.try_borrow_mut() {
            if cache.len() >= KEY_CACHE_SIZE {
                cache.remove(0);
            }
            cache.push(CachedKey {
                secret_digest: digest,
                date: date.into(),
                region: region.into(),
                service: service.into(),
                mac: mac.clone(),
            });
        }
        Ok(mac)
    }

    /// The signature (hex) of the string to sign given in `pieces`.
    fn signature(
        &self,
        params: &SigningParams,
        digest: &SecretDigest,
        scope: &Scope,
        pieces: &[&str],
    ) -> Result<[u8; 64], CognitoError> {
        let mut mac = self.signing_mac(
            &params.credentials.secret_access_key,
            digest,
            scope.date(),
            scope.region,
            scope.service,
        )?;
        // Gathered into one buffer first: one HMAC update instead of one
        // per piece (the string to sign is ~150 bytes).
        let mut buffer = [0u8; 256];
        let mut len = 0;
        for piece in pieces {
            match buffer.get_mut(len..len + piece.len()) {
                Some(slot) => {
                    slot.copy_from_slice(piece.as_bytes());
                    len += piece.len();
                }
                None => {
                    mac.update(buffer.get(..len).unwrap_or(&[]));
                    mac.update(piece.as_bytes());
                    len = 0;
                }
            }
        }
        mac.update(buffer.get(..len).unwrap_or(&[]));
        Ok(hex_32(&mac.finalize().into_bytes().into()))
    }

    /// Header signing: adds x-amz-date, x-amz-security-token (if any),
    /// x-amz-content-sha256 (when `sign_body` or when already present, whose
    /// value is then used as the payload hash), Authorization.
    ///
    /// `host` is in the signed headers but no `host` header is added: the
    /// browser sets it from the URL (a `host` header given by the caller
    /// must match the URL and is removed). The returned URL is the
    /// canonical form that was signed.
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
        for &(name, value) in &given {
            if is_sent_as_given(name, with_token) {
                headers.push((name.to_owned(), value.to_owned()));
            }
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
    /// headers to send are those [`is_sent_as_given`] keeps.
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
        let given = |name: &str| is_sent_as_given(name, token.is_some());
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
        let list = header_list(&authority, request.headers, &given, &added);
        let (canonical, names) = canonical_request(&method, &path, &query, &list, &payload_hash);
        drop(list);
        let request_hash = sha256_hex_32(&canonical);
        let hash_text = std::str::from_utf8(&request_hash).unwrap_or("");
        let signature = self.signature(params, digest, &scope, &scope.string_to_sign(hash_text))?;
        let signed_names = canonical.get(names).unwrap_or("");
        let mut authorization = String::with_capacity(
            ALGORITHM.len()
                + params.credentials.access_key_id.len()
                + signed_names.len()
                + params.region.len()
                + params.service.len()
                + 128,
        );
        let [date, slash, region, _, service, tail] = scope.parts();
        for part in [
            ALGORITHM,
            " Credential=",
            &params.credentials.access_key_id,
            slash,
            date,
            slash,
            region,
            slash,
            service,
            tail,
            ", SignedHeaders=",
            signed_names,
            ", Signature=",
            std::str::from_utf8(&signature).unwrap_or(""),
        ] {
            authorization.push_str(part);
        }
        let wire_path = wire_path(url.path, path, options.normalize_path)?;
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

    /// Query signing (presigned URL), `expires_in` seconds (1 s … 7 days,
    /// otherwise `InvalidParameterException`). Headers of the request are
    /// signed too and must be sent with the URL; `host` is signed as in
    /// [`Signer::sign`]. The payload hash is `UNSIGNED-PAYLOAD` when
    /// `unsigned_payload`, else the body's SHA-256.
    pub fn presign(
        &self,
        request: HttpRequest,
        params: &SigningParams,
        expires_in: u32,
        options: &SignOptions,
    ) -> Result<SignedRequest, CognitoError> {
        if !(1..=MAX_PRESIGN_EXPIRES).contains(&expires_in) {
            return Err(CognitoError::invalid_parameter(format!(
                "expiresIn must be between 1 and {MAX_PRESIGN_EXPIRES} seconds"
            )));
        }
        let scope = Scope::new(params)?;
        let digest = &SecretDigest::of(&params.credentials.secret_access_key);
        let url = split_url(&request.url)?;
        let method = canonical_method(&request.method)?.into_owned();
        let mut headers = request.headers;
        take_host_header(&mut headers, &url.authority())?;
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
        for part in url.query.split('&') {
            let key = decode_component(part.split('=').next().unwrap_or(""))?;
            let taken = PRESIGN_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(&key))
                || key.eq_ignore_ascii_case("X-Amz-Security-Token");
            if taken {
                return Err(CognitoError::invalid_parameter(format!(
                    "URL already has the {key} parameter"
                )));
            }
        }
        let token = session_token(params);
        let payload_hash = match header_value(&headers, "x-amz-content-sha256") {
            Some(v) => Cow::Owned(v.trim().to_string()),
            None if options.unsigned_payload => Cow::Borrowed(UNSIGNED_PAYLOAD),
            None => body_hash(&request.body),
        };
        let authority = url.authority();
        let given = borrowed_pairs(&headers);
        let list = header_list(&authority, &given, &|_| true, &[]);
        let mut signed_headers = String::new();
        write_signed_names(&mut signed_headers, &list);
        let mut credential = concat(&[&params.credentials.access_key_id, "/"]);
        credential.push_str(&concat(&scope.parts()));
        let mut expires = String::new();
        push_decimal(&mut expires, expires_in);
        let mut extra: Vec<(&str, &str)> = vec![
            ("X-Amz-Algorithm", ALGORITHM),
            ("X-Amz-Credential", &credential),
            ("X-Amz-Date", scope.amz_date()),
            ("X-Amz-Expires", &expires),
            ("X-Amz-SignedHeaders", &signed_headers),
        ];
        if let (Some(t), false) = (token, options.omit_session_token) {
            extra.push(("X-Amz-Security-Token", t));
        }
        let query = canonical_query(url.query, &extra)?;
        let path = canonical_path(url.path, options.normalize_path)?;
        let (canonical_request, _) =
            canonical_request(&method, &path, &query, &list, &payload_hash);
        drop(list);
        let request_hash = sha256_hex_32(&canonical_request);
        let string_to_sign =
            concat(&scope.string_to_sign(std::str::from_utf8(&request_hash).unwrap_or("")));
        let signature = self.signature(params, digest, &scope, &[&string_to_sign])?;
        let signature = std::str::from_utf8(&signature).unwrap_or("").to_owned();
        let wire_path = wire_path(url.path, path, options.normalize_path)?;
        let mut signed_url = concat(&[
            &url.origin(),
            &wire_path,
            "?",
            &query,
            "&X-Amz-Signature=",
            &signature,
        ]);
        if let (Some(t), true) = (token, options.omit_session_token) {
            signed_url.push_str("&X-Amz-Security-Token=");
            signed_url.push_str(&uri_encode(t, false));
        }
        Ok(SignedRequest {
            request: HttpRequest {
                method,
                url: signed_url,
                headers,
                body: request.body,
            },
            canonical_request,
            string_to_sign,
            signature,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn all_above_space_is_the_byte_loop(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            prop_assert_eq!(all_above_space(&bytes), bytes.iter().all(|&b| b > b' '));
        }

        #[test]
        fn all_above_space_finds_any_low_byte(len in 1usize..40, at in 0usize..40, low in 0u8..=0x20) {
            let mut bytes = vec![b'~'; len];
            let at = at % len;
            bytes[at] = low;
            prop_assert!(!all_above_space(&bytes));
            bytes[at] = 0x21;
            prop_assert!(all_above_space(&bytes));
        }
    }

    fn creds(token: Option<&str>) -> SigningCredentials {
        SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: token.map(Into::into),
        }
    }

    const T: f64 = 1_440_938_160_000.0; // 2015-08-30T12:36:00Z

    fn get(url: &str) -> HttpRequest {
        HttpRequest {
            method: "GET".into(),
            url: url.into(),
            headers: vec![],
            body: vec![],
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = creds(Some("TOKEN-VALUE"));
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("EXAMPLEKEY"));
        assert!(!shown.contains("TOKEN-VALUE"));
        let signer = Signer::new();
        let params = SigningParams {
            credentials: &c,
            region: "us-east-1",
            service: "s3",
            time_ms: T,
        };
        let signed = signer
            .presign(
                get("https://b.s3.us-east-1.amazonaws.com/k"),
                &params,
                60,
                &SignOptions::s3(),
            )
            .unwrap();
        let shown = format!("{signed:?}");
        assert!(!shown.contains("TOKEN-VALUE"), "{shown}");
    }

    #[test]
    fn aws_documented_signing_key() {
        // From the AWS SigV4 documentation (iam/20120215/us-east-1).
        let key = derive_signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        )
        .unwrap();
        assert_eq!(
            hex_encode(&key),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    #[test]
    fn signing_key_cache_is_per_scope() {
        let signer = Signer::new();
        let c = creds(None);
        let mut params = SigningParams {
            credentials: &c,
            region: "us-east-1",
            service: "s3",
            time_ms: T,
        };
        let first = signer
            .sign(get("https://h/"), &params, &SignOptions::s3())
            .unwrap();
        let again = signer
            .sign(get("https://h/"), &params, &SignOptions::s3())
            .unwrap();
        assert_eq!(first.signature, again.signature);
        assert_eq!(signer.cached_keys(), 1);
        params.time_ms = T + 86_400_000.0;
        signer
            .sign(get("https://h/"), &params, &SignOptions::s3())
            .unwrap();
        assert_eq!(signer.cached_keys(), 2);
        params.region = "eu-west-1";
        signer
            .sign(get("https://h/"), &params, &SignOptions::s3())
            .unwrap();
        let other = SigningCredentials {
            secret_access_key: "another".into(),
            ..creds(None)
        };
        params.credentials = &other;
        let changed = signer
            .sign(get("https://h/"), &params, &SignOptions::s3())
            .unwrap();
        assert_eq!(signer.cached_keys(), 4);
        params.service = "execute-api";
        signer
            .sign(get("https://h/"), &params, &SignOptions::s3())
            .unwrap();
        assert_eq!(signer.cached_keys(), KEY_CACHE_SIZE);
        // A cached key gives the same signature as a fresh signer.
        params.service = "s3";
        let fresh = Signer::new()
            .sign(get("https://h/"), &params, &SignOptions::s3())
            .unwrap();
        assert_eq!(fresh.signature, changed.signature);
    }

    #[test]
    fn splits_urls_strictly() {
        let u = split_url("HTTP://LocalHost:5000/bucket/a%20b?list-type=2#frag").unwrap();
        assert_eq!(u.scheme, "http");
        assert_eq!(u.authority(), "localhost:5000");
        assert_eq!(u.path, "/bucket/a%20b");
        assert_eq!(u.query, "list-type=2");
        assert_eq!(split_url("https://h:443").unwrap().authority(), "h");
        assert_eq!(split_url("http://h:80/x").unwrap().authority(), "h");
        assert_eq!(split_url("https://h:80/").unwrap().authority(), "h:80");
        assert_eq!(
            split_url("http://[::1]:9000/").unwrap().authority(),
            "[::1]:9000"
        );
        assert_eq!(split_url("https://h?q=1").unwrap().path, "/");
        for bad in [
            "",
            "h/x",
            "ftp://h/",
            "https:///x",
            "https://u:p@h/",
            "https://h:0/",
            "https://h:65536/",
            "https://h:x/",
            "https://h:/",
            "https://h/a b",
            "https://h/é",
            "https://h/a\\b",
            "https://h/\n",
            "https://[::1/",
            "https://[zz]/",
            "https://h!/",
        ] {
            assert!(split_url(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn header_signing_adds_s3_headers_and_no_host() {
        let c = creds(Some("tok/en+="));
        let params = SigningParams {
            credentials: &c,
            region: "us-east-1",
            service: "s3",
            time_ms: T,
        };
        let mut req = get("http://127.0.0.1:5000/bucket?prefix=a%2Fb&list-type=2");
        req.headers.push(("Host".into(), "127.0.0.1:5000".into()));
        let s = Signer::new()
            .sign(req, &params, &SignOptions::s3())
            .unwrap();
        let names: Vec<&str> = s.request.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-amz-content-sha256",
                "x-amz-date",
                "x-amz-security-token",
                "authorization"
            ]
        );
        assert_eq!(
            s.request.url,
            "http://127.0.0.1:5000/bucket?list-type=2&prefix=a%2Fb"
        );
        assert_eq!(
            s.canonical_request,
            format!(
                "GET\n/bucket\nlist-type=2&prefix=a%2Fb\nhost:127.0.0.1:5000\n\
                 x-amz-content-sha256:{EMPTY_PAYLOAD_SHA256}\nx-amz-date:20150830T123600Z\n\
                 x-amz-security-token:tok/en+=\n\n\
                 host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n{EMPTY_PAYLOAD_SHA256}"
            )
        );
        let mut wrong = get("http://127.0.0.1:5000/bucket");
        wrong.headers.push(("host".into(), "evil".into()));
        assert!(Signer::new()
            .sign(wrong, &params, &SignOptions::s3())
            .is_err());
    }

    #[test]
    fn refuses_bad_parameters() {
        let c = creds(None);
        let ok = SigningParams {
            credentials: &c,
            region: "us-east-1",
            service: "s3",
            time_ms: T,
        };
        let signer = Signer::new();
        let opts = SignOptions::s3();
        for params in [
            SigningParams { region: "", ..ok },
            SigningParams {
                region: "us east",
                ..ok
            },
            SigningParams {
                service: "S3/x",
                ..ok
            },
            SigningParams {
                time_ms: f64::NAN,
                ..ok
            },
            SigningParams {
                time_ms: -5.0,
                ..ok
            },
        ] {
            let e = signer.sign(get("https://h/"), &params, &opts).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidParameterException);
        }
        let no_key = SigningCredentials {
            access_key_id: "AK/ID".into(),
            ..creds(None)
        };
        assert!(signer
            .sign(
                get("https://h/"),
                &SigningParams {
                    credentials: &no_key,
                    ..ok
                },
                &opts
            )
            .is_err());
        let mut bad_header = get("https://h/");
        bad_header.headers.push(("bad name".into(), "v".into()));
        assert!(signer.sign(bad_header, &ok, &opts).is_err());
        assert!(signer.sign(get("https://h/%ff"), &ok, &opts).is_err());
    }

    #[test]
    fn presign_expiry_bounds() {
        let c = creds(None);
        let params = SigningParams {
            credentials: &c,
            region: "us-east-1",
            service: "s3",
            time_ms: T,
        };
        let signer = Signer::new();
        let opts = SignOptions {
            unsigned_payload: true,
            ..SignOptions::s3()
        };
        for bad in [0, MAX_PRESIGN_EXPIRES + 1, u32::MAX] {
            let e = signer
                .presign(get("https://h/k"), &params, bad, &opts)
                .unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidParameterException);
        }
        for good in [1, 3600, MAX_PRESIGN_EXPIRES] {
            let s = signer
                .presign(get("https://h/k"), &params, good, &opts)
                .unwrap();
            assert!(s.request.url.contains(&format!("X-Amz-Expires={good}&")));
            assert!(s.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
        }
        let e = signer
            .presign(get("https://h/k?X-Amz-Signature=abc"), &params, 60, &opts)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    }

    #[test]
    fn path_normalisation() {
        assert_eq!(normalize_path("/"), "/");
        assert_eq!(normalize_path("//example//"), "/example/");
        assert_eq!(normalize_path("/a/b/../c/./d"), "/a/c/d");
        assert_eq!(normalize_path("/a/b/.."), "/a/");
        assert_eq!(normalize_path("/../.."), "/");
        assert_eq!(canonical_path("/a%2Fb/c%20d", false).unwrap(), "/a/b/c%20d");
        assert_eq!(canonical_path("/a+b~c", false).unwrap(), "/a%2Bb~c");
    }

    /// The slow path both fast paths must agree with.
    fn collapsed(value: &str) -> String {
        value.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn signing_with_a_kept_digest_is_signing() {
        let signer = Signer::new();
        let c = creds(Some("TOKEN"));
        let params = SigningParams {
            credentials: &c,
            region: "eu-west-1",
            service: "s3",
            time_ms: T,
        };
        let digest = SecretDigest::of(&c.secret_access_key);
        assert_eq!(format!("{digest:?}"), "SecretDigest(<redacted>)");
        for url in [
            "https://b.s3.eu-west-1.amazonaws.com/k?b=1&a=2",
            "https://h:8443/x%2fy",
        ] {
            let plain = signer.sign(get(url), &params, &SignOptions::s3()).unwrap();
            let kept = signer
                .sign_with_digest(get(url), &params, &SignOptions::s3(), &digest)
                .unwrap();
            assert_eq!(plain, kept);
        }
    }

    #[test]
    fn canonical_fast_paths_on_known_cases() {
        assert!(is_canonical_encoding("users%2Falice%2F", false));
        assert!(!is_canonical_encoding("users%2falice", false)); // lower-case hex
        assert!(!is_canonical_encoding("a%41", false)); // %41 is 'A': unreserved
        assert!(!is_canonical_encoding("a%C3%A9", false)); // non-ASCII: decoded first
        assert!(!is_canonical_encoding("a+b", false));
        assert!(!is_canonical_encoding("a%2", false));
        assert!(is_canonical_encoding("/a/b", true));
        assert!(!is_canonical_encoding("/a%2Fb", true)); // decodes to a slash
        assert!(is_canonical_header_value("a b"));
        assert!(is_canonical_header_value(""));
        assert!(!is_canonical_header_value(" a"));
        assert!(!is_canonical_header_value("a "));
        assert!(!is_canonical_header_value("a  b"));
        assert!(!is_canonical_header_value("a\tb"));
        assert_eq!(canonical_header_value("  a \t b\r\n c "), "a b c");
        assert_eq!(ascii_lower("X-Amz-Date"), "x-amz-date");
    }

    proptest! {
        #[test]
        fn canonical_encoding_check_agrees_with_decode_encode(
            s in "[a-zA-Z0-9%/+~._ -]{0,12}|(%[0-9A-Fa-f]{2}|[a-z/]){0,6}",
            keep_slash in any::<bool>(),
        ) {
            if is_canonical_encoding(&s, keep_slash) {
                let slow = uri_encode(&decode_component(&s).unwrap(), keep_slash);
                prop_assert_eq!(slow, s.clone());
            }
            if let Ok(decoded) = decode_component(&s) {
                let slow = uri_encode(&decoded, keep_slash);
                prop_assert_eq!(canonical_component(&s, keep_slash).unwrap(), slow);
            }
        }

        #[test]
        fn header_value_check_agrees_with_collapsing(v in "[ a\t\r\nb]{0,10}|.{0,10}") {
            prop_assert_eq!(is_canonical_header_value(&v), collapsed(&v) == v);
            prop_assert_eq!(canonical_header_value(&v).into_owned(), collapsed(&v));
        }

        #[test]
        fn never_panics_on_any_url(url in "\\PC*", method in "[A-Za-z]{0,8}") {
            let c = creds(Some("t"));
            let params = SigningParams { credentials: &c, region: "us-east-1", service: "s3", time_ms: T };
            let signer = Signer::new();
            let req = HttpRequest { method, url: url.clone(), headers: vec![], body: vec![] };
            let _ = signer.sign(req.clone(), &params, &SignOptions::default());
            let _ = signer.presign(req, &params, 60, &SignOptions::s3());
            let _ = split_url(&url);
        }

        #[test]
        fn signed_url_is_its_own_canonical_form(
            path in "(/[a-zA-Z0-9 +=&~%é._-]{0,6}){1,4}",
            value in "[a-zA-Z0-9 +=&~%é/._-]{0,10}",
        ) {
            let url = format!(
                "https://h{}?b={}&a=1",
                uri_encode(&path, true),
                uri_encode(&value, false)
            );
            let c = creds(None);
            let params = SigningParams { credentials: &c, region: "us-east-1", service: "s3", time_ms: T };
            let signer = Signer::new();
            let first = signer.sign(get(&url), &params, &SignOptions::s3()).unwrap();
            let second = signer.sign(get(&first.request.url), &params, &SignOptions::s3()).unwrap();
            prop_assert_eq!(&first.canonical_request, &second.canonical_request);
            prop_assert_eq!(&first.request.url, &second.request.url);
            let expected_query = format!("a=1&b={}", uri_encode(&value, false));
            prop_assert!(first.canonical_request.contains(&expected_query));
        }
    }
}
