//! `signRequest`: SigV4 for any AWS service, header or query (presigned)
//! signing.
use crate::local::page_local as thread_local;
use crate::prelude::*;

use alloc::borrow::Cow;
use core::cell::Cell;

use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::browser::BrowserPlatform;
use crate::client::platform::Platform;
use crate::error::CognitoError;
use crate::sigv4::{
    borrowed_pairs, is_s3_family, is_sent_as_given, merged_headers, HeaderSignature, RequestRef,
    SecretDigest, SignOptions, SigningCredentials, SigningParams,
};
use crate::wire::decimal::parse_u64;
use crate::wire::http::HttpRequest;

// The arguments are read in JavaScript (every accepted shape, and the
// errors naming a wrong field), and cross as one string.
#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// `signRequest`'s arguments joined by `\0` (see the file); throws the
    /// `CognitoError` of a wrong one.
    #[wasm_bindgen(js_name = packSignArgs, catch)]
    fn pack_sign_args(request: &JsValue, options: &JsValue) -> Result<String, JsValue>;
    /// `AwsSigner.sign`'s arguments joined by `\0`; throws the
    /// `CognitoError` of a wrong one.
    #[wasm_bindgen(js_name = packRequest, catch)]
    pub fn pack_request(request: &JsValue, options: &JsValue) -> Result<String, JsValue>;
    /// `new AwsSigner`'s options joined by `\0`: session token, region,
    /// service, access key id, secret; throws the `CognitoError` of a wrong
    /// one.
    #[wasm_bindgen(js_name = packSigner, catch)]
    pub fn pack_signer(options: &JsValue) -> Result<String, JsValue>;
    /// The binary body of the request packed last.
    #[wasm_bindgen(js_name = takeBody)]
    fn take_body() -> Vec<u8>;
    /// `{ url, headers }` from what [`pack_signature`] wrote; `token` is the
    /// session token's value when the signer added it.
    #[wasm_bindgen(js_name = unpackSignature)]
    pub fn unpack_signature(packed: &str, token: &JsValue) -> JsValue;
    /// Forgets the JavaScript side's last session token; whether it held one.
    #[wasm_bindgen(js_name = forgetToken)]
    fn forget_token() -> bool;
    /// `unpackSignature` with the session token of the last `packSignArgs`.
    #[wasm_bindgen(js_name = unpackSignatureArgs)]
    fn unpack_signature_args(packed: &str) -> JsValue;
}

/// The error for packed arguments that do not split as they should (the
/// JavaScript side never sends such).
pub fn unreadable() -> CognitoError {
    CognitoError::invalid_parameter("the arguments could not be read")
}

/// The SigV4 rules for `service`: S3's for the S3 family (path encoded
/// once, payload hash sent) or the general ones.
pub fn sign_options(service: &str, presign: bool) -> SignOptions {
    if is_s3_family(service) {
        SignOptions {
            unsigned_payload: presign,
            sign_body: !presign,
            ..SignOptions::s3()
        }
    } else {
        SignOptions::default()
    }
}

/// Who signs, where and when: what every JavaScript signing entry point
/// reads before signing.
pub struct SignWith<'a> {
    /// The credentials.
    pub credentials: &'a SigningCredentials,
    /// Region of the credential scope.
    pub region: &'a str,
    /// Service of the credential scope.
    pub service: &'a str,
    /// Signing time; `None`: now, corrected by the clock offset learned
    /// from AWS replies.
    pub time_ms: Option<f64>,
    /// The secret's digest, when the caller keeps it across signatures.
    pub digest: Option<&'a SecretDigest>,
}

impl<'a> SignWith<'a> {
    /// The signer's parameters: `InvalidParameterException` when `region`
    /// or `service` is empty.
    fn params(&self, shared: &super::Shared) -> Result<SigningParams<'a>, CognitoError> {
        if self.region.is_empty() || self.service.is_empty() {
            return Err(CognitoError::invalid_parameter(
                "region and service must not be empty",
            ));
        }
        Ok(SigningParams {
            credentials: self.credentials,
            region: self.region,
            service: self.service,
            time_ms: self
                .time_ms
                .unwrap_or_else(|| shared.skew.now_ms(BrowserPlatform.now_ms())),
        })
    }
}

/// The URL, `\0`, `4`, then the headers as `\0name\0value` pairs: a presigned
/// request for `unpackSignature` (its signature is in the URL; it adds no
/// header).
fn pack_presigned(signed: &HttpRequest) -> String {
    let mut out = String::with_capacity(signed.url.len() + 2);
    out.push_str(&signed.url);
    out.push_str("\u{0}4");
    push_headers(
        &mut out,
        &merged_headers(&borrowed_pairs(&signed.headers), &|_| true),
    );
    out
}

/// Appends `\0name\0value` for each header (none holds a NUL: every name
/// and value comes from a field of the packed arguments).
fn push_headers(out: &mut String, headers: &[(&str, Cow<str>)]) {
    for (name, value) in headers {
        out.push('\0');
        out.push_str(name);
        out.push('\0');
        out.push_str(value);
    }
}

thread_local! {
    /// The session token of the last packed call ([`pack_sign_args`] sends
    /// an empty field instead of a token equal to it).
    static LAST_TOKEN: Cell<String> = const { Cell::new(String::new()) };
}

/// Forgets the session token kept for the packed calls, on both sides of
/// the boundary (its bytes overwritten here); whether either held one.
pub fn forget_session_token() -> bool {
    let mut kept = LAST_TOKEN.with(Cell::take).into_bytes();
    let held = !kept.is_empty();
    kept.fill(0);
    core::hint::black_box(&kept);
    forget_token() || held
}

/// The request fields [`pack_request`] joins, borrowed from the packed
/// string (the body taken apart when it is binary).
pub struct PackedRequest<'a> {
    /// Signing time (`None`: now).
    pub time_ms: Option<f64>,
    /// `presign.expiresIn` (`None`: header signing).
    pub expires_in: Option<u32>,
    /// The method, as given.
    pub method: &'a str,
    /// The URL.
    pub url: &'a str,
    /// The body: a string's UTF-8, or the bytes of a binary one.
    pub body: Cow<'a, [u8]>,
    /// Header names and values.
    pub headers: Vec<(&'a str, &'a str)>,
}

impl PackedRequest<'_> {
    /// The request to sign, borrowed.
    pub fn as_ref(&self) -> RequestRef<'_> {
        RequestRef {
            method: self.method,
            url: self.url,
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// The request fields [`pack_request`] joined (time, expiry, method, URL,
/// whether the body is binary, the body's text, header pairs), from
/// `fields`; a binary body is taken from the JavaScript side. `None` when
/// they do not split that way.
pub fn unpack_request<'a>(mut fields: impl Iterator<Item = &'a str>) -> Option<PackedRequest<'a>> {
    let number = |field: &str| match field {
        "" => Some(None),
        digits => parse_u64(digits).map(Some),
    };
    let time_ms = number(fields.next()?)?.map(|ms| ms as f64);
    let expires_in = match number(fields.next()?)? {
        Some(seconds) => Some(u32::try_from(seconds).ok()?),
        None => None,
    };
    let (method, url, binary, text) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let body = if binary.is_empty() {
        Cow::Borrowed(text.as_bytes())
    } else {
        Cow::Owned(take_body())
    };
    let mut headers = Vec::new();
    while let Some(name) = fields.next() {
        headers.push((name, fields.next()?));
    }
    Some(PackedRequest {
        time_ms,
        expires_in,
        method,
        url,
        body,
        headers,
    })
}

/// Signs `request` as `with` says, in headers or (with `expires_in`) in a
/// presigned URL, and packs the result for [`unpack_signature`]: what
/// `signRequest` and `AwsSigner.sign` do.
pub fn sign_packed_request(
    request: &PackedRequest,
    with: &SignWith,
) -> Result<String, CognitoError> {
    let Some(expires_in) = request.expires_in else {
        return sign_to_string(request.as_ref(), with);
    };
    let shared = super::shared();
    let params = with.params(&shared)?;
    let owned = HttpRequest {
        method: request.method.to_owned(),
        url: request.url.to_owned(),
        headers: request
            .headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: request.body.to_vec(),
    };
    let options = sign_options(with.service, true);
    let signed = shared
        .signer
        .presign(owned, &params, expires_in, &options)?;
    Ok(pack_presigned(&signed.request))
}

/// Header-signs `request` as `with` says and packs the result for
/// [`unpack_signature`].
pub fn sign_to_string(request: RequestRef, with: &SignWith) -> Result<String, CognitoError> {
    let shared = super::shared();
    let params = with.params(&shared)?;
    let computed;
    let digest = match with.digest {
        Some(digest) => digest,
        None => {
            computed = SecretDigest::of(&with.credentials.secret_access_key);
            &computed
        }
    };
    let signed =
        shared
            .signer
            .sign_headers(request, &params, &sign_options(with.service, false), digest)?;
    let with_token = signed.session_token.is_some();
    let kept = merged_headers(request.headers, &|n| is_sent_as_given(n, with_token));
    Ok(pack_signature(&signed, &kept))
}

/// `url\0shape\0[x-amz-content-sha256\0]x-amz-date\0authorization`, then
/// the request's own headers as `\0name\0value` pairs, for `unpackSignature`
/// (`crate/js/host.js`). `shape` is one digit: 1 when
/// x-amz-content-sha256 is added, plus 2 when the session token is (its
/// value is the caller's string, which JavaScript has). The added headers'
/// names are not sent: building an object from known names is several
/// times faster than from names decoded out of wasm memory.
fn pack_signature(signed: &HeaderSignature, kept: &[(&str, Cow<str>)]) -> String {
    let size = kept
        .iter()
        .map(|(n, v)| n.len() + v.len() + 2)
        .sum::<usize>();
    let mut out = String::with_capacity(signed.url.len() + signed.authorization.len() + size + 96);
    out.push_str(&signed.url);
    out.push('\0');
    let shape =
        u8::from(signed.content_sha256.is_some()) + 2 * u8::from(signed.session_token.is_some());
    out.push(char::from(b'0' + shape));
    for value in [
        signed.content_sha256.as_deref(),
        Some(signed.amz_date()),
        Some(&signed.authorization),
    ]
    .into_iter()
    .flatten()
    {
        out.push('\0');
        out.push_str(value);
    }
    push_headers(&mut out, kept);
    out
}

/// Signs the arguments [`pack_sign_args`] joined: session token (an empty
/// field: the previous one; else `=` and the token), region, service,
/// access key id, secret, then the request fields of [`unpack_request`].
/// `None` when they do not split that way.
fn sign_packed(packed: &str) -> Option<Result<JsValue, CognitoError>> {
    let mut fields = packed.split('\0');
    // First, and kept before anything can fail: the JavaScript side has
    // already taken this token as the last one sent.
    if let Some(given) = fields.next()?.strip_prefix('=') {
        LAST_TOKEN.with(|last| last.set(given.to_owned()));
    }
    let (region, service) = (fields.next()?, fields.next()?);
    let (access_key_id, secret_access_key) = (fields.next()?, fields.next()?);
    let request = unpack_request(fields)?;
    // Lent to the signature and put back, on every path, for the next call.
    let token = LAST_TOKEN.with(Cell::take);
    let mut credentials = SigningCredentials {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: secret_access_key.to_owned(),
        session_token: Some(token).filter(|t| !t.is_empty()),
    };
    let with = SignWith {
        credentials: &credentials,
        region,
        service,
        time_ms: request.time_ms,
        digest: None,
    };
    let signed = sign_packed_request(&request, &with);
    let token = credentials.session_token.take().unwrap_or_default();
    LAST_TOKEN.with(|last| last.set(token));
    Some(signed.map(|packed| unpack_signature_args(&packed)))
}

/// Signs a request with SigV4 for any service and region, without sending
/// it: returns the URL to use (its query in canonical form; for the S3
/// family its path too, other services keep the path given) and every
/// header to send with it (`authorization`, `x-amz-date`,
/// `x-amz-security-token`, S3's `x-amz-content-sha256`, and the request's
/// own, a repeated one merged as the browser merges it). The `host` header
/// is signed from the URL and not returned: the browser sets it; headers
/// the browser controls (`user-agent`, `content-length`, …) are returned
/// but not signed. The method is signed as fetch sends it. With `presign`,
/// the signature goes into the URL's query instead.
#[wasm_bindgen(js_name = signRequest, unchecked_return_type = "SignedRequest")]
pub fn sign_request(
    #[wasm_bindgen(unchecked_param_type = "SignableRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignRequestOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let mut packed = pack_sign_args(&request, &options)?;
    let signed = sign_packed(&packed).unwrap_or_else(|| Err(unreadable()));
    // The packed arguments hold the secret access key.
    crate::sigv4::wipe(&mut packed);
    signed.map_err(to_js)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Header names and values. */
export type HeadersLike = Headers | [string, string][] | Record<string, string>;

/** A request to sign. */
export interface SignableRequest {
  /** Default `GET`. */
  method?: string;
  url: string;
  headers?: HeadersLike;
  body?: string | ArrayBuffer | ArrayBufferView;
}

/** Options of `signRequest`. */
export interface SignRequestOptions {
  credentials: AwsCredentials;
  region: string;
  /** Signing name of the service (`s3`, `dynamodb`, `execute-api`, …). */
  service: string;
  /** Default: now, corrected by the clock offset learned from AWS replies. */
  signingDate?: Date;
  /** Sign the URL's query (a presigned URL) instead of adding an Authorization header. */
  presign?: { expiresIn: number };
}

/** A signed request: send `url` with `headers` (and the same method and body). */
export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
}
"#;
