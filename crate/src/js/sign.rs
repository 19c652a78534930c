//! `signRequest`: SigV4 for any AWS service, header or query (presigned)
//! signing.
use crate::local::page_local as thread_local;
use crate::prelude::*;

use alloc::borrow::Cow;
use core::cell::Cell;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{self, Bad, Reader};
use super::credentials::signing_credentials;
use super::error::to_js;
use crate::browser::BrowserPlatform;
use crate::client::platform::Platform;
use crate::error::CognitoError;
use crate::sigv4::{
    borrowed_pairs, is_s3_family, is_sent_as_given, merged_headers, HeaderSignature, RequestRef,
    SecretDigest, SignOptions, SigningCredentials, SigningParams, MAX_PRESIGN_EXPIRES,
};
use crate::wire::http::HttpRequest;

#[wasm_bindgen(module = "/js/sign_args.js")]
extern "C" {
    /// `signRequest`'s arguments joined by `\0` when they have the common
    /// shape (see the file), else `undefined`.
    #[wasm_bindgen(js_name = packSignArgs)]
    fn pack_sign_args(request: &JsValue, options: &JsValue) -> Option<String>;
    /// The request fields of `signRequest`/`AwsSigner.sign` joined by
    /// `\0` when they have the common shape, else `undefined`.
    #[wasm_bindgen(js_name = packRequest)]
    pub fn pack_request(request: &JsValue, options: &JsValue) -> Option<String>;
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

/// Header pairs from a `Headers` object, an array of `[name, value]` pairs
/// or a `Record<string, string>`.
pub fn headers_from_js(
    value: &JsValue,
    context: &str,
) -> Result<Vec<(String, String)>, CognitoError> {
    let bad = || {
        CognitoError::invalid_parameter(format!(
            "{context} must be a Headers object, [name, value] pairs or a record of strings"
        ))
    };
    if value.is_instance_of::<web_sys::Headers>() || Array::is_array(value) {
        let iterator = js_sys::try_iter(value)
            .map_err(|_| bad())?
            .ok_or_else(bad)?;
        let mut pairs = Vec::new();
        for entry in iterator {
            let entry = entry.map_err(|_| bad())?;
            let entry: &Array = entry.dyn_ref().ok_or_else(bad)?;
            match (
                entry.length(),
                entry.get(0).as_string(),
                entry.get(1).as_string(),
            ) {
                (2, Some(name), Some(value)) => pairs.push((name, value)),
                _ => return Err(bad()),
            }
        }
        return Ok(pairs);
    }
    Reader::new(value, context, Bad::Parameter)?.entries_as_strings()
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

/// Signs `request` as `with` says; `presign_expires_in` makes a presigned
/// URL instead of an Authorization header.
pub fn sign_http(
    request: HttpRequest,
    with: &SignWith,
    presign_expires_in: Option<u32>,
) -> Result<HttpRequest, CognitoError> {
    let shared = super::shared();
    let params = with.params(&shared)?;
    let options = sign_options(with.service, presign_expires_in.is_some());
    let signed = match presign_expires_in {
        Some(expires_in) => shared
            .signer
            .presign(request, &params, expires_in, &options)?,
        None => match with.digest {
            Some(digest) => shared
                .signer
                .sign_with_digest(request, &params, &options, digest)?,
            None => shared.signer.sign(request, &params, &options)?,
        },
    };
    Ok(signed.request)
}

/// Signs a request read by the general reader ([`read_request`]) and
/// returns `{ url, headers }` (see [`pack_signature`]): header signing, or
/// with `presign_expires_in` a presigned URL. `token_js` is the caller's
/// session token string.
pub fn sign_to_js(
    request: HttpRequest,
    with: &SignWith,
    presign_expires_in: Option<u32>,
    token_js: &JsValue,
) -> Result<JsValue, CognitoError> {
    let packed = match presign_expires_in {
        Some(_) => pack_presigned(&sign_http(request, with, presign_expires_in)?)?,
        None => {
            let headers = borrowed_pairs(&request.headers);
            let request = RequestRef {
                method: &request.method,
                url: &request.url,
                headers: &headers,
                body: &request.body,
            };
            sign_to_string(request, with)?
        }
    };
    Ok(unpack_signature(&packed, token_js))
}

/// The URL, `\0`, `4`, then the headers as `\0name\0value` pairs: a presigned
/// request for `unpackSignature` (its signature is in the URL; it adds no
/// header).
fn pack_presigned(signed: &HttpRequest) -> Result<String, CognitoError> {
    let mut out = String::with_capacity(signed.url.len() + 2);
    out.push_str(&signed.url);
    out.push_str("\u{0}4");
    push_headers(
        &mut out,
        &merged_headers(&borrowed_pairs(&signed.headers), &|_| true),
    )?;
    Ok(out)
}

/// Appends `\0name\0value` for each header; `InvalidParameterException`
/// for a NUL in one (the packed form could not carry it).
fn push_headers(out: &mut String, headers: &[(&str, Cow<str>)]) -> Result<(), CognitoError> {
    for (name, value) in headers {
        if name.contains('\0') || value.contains('\0') {
            return Err(CognitoError::invalid_parameter(
                "header names and values must not contain NUL characters",
            ));
        }
        out.push('\0');
        out.push_str(name);
        out.push('\0');
        out.push_str(value);
    }
    Ok(())
}

/// A request read field by field (any shape `SignableRequest` allows).
pub fn read_request(request: &JsValue) -> Result<HttpRequest, CognitoError> {
    let req = Reader::new(request, "request", Bad::Parameter)?;
    // As given: the signer upper-cases the methods fetch upper-cases and
    // signs any other (`patch`) as fetch will send it.
    let method = req.string("method")?.unwrap_or_else(|| "GET".to_owned());
    let url = req.required_string("url")?;
    let headers = match req.value("headers")? {
        Some(h) => headers_from_js(&h, "request.headers")?,
        None => Vec::new(),
    };
    let body = match req.value("body")? {
        Some(b) => convert::body_bytes(&b).ok_or_else(|| {
            CognitoError::invalid_parameter(
                "request.body must be a string, an ArrayBuffer or a typed array",
            )
        })?,
        None => Vec::new(),
    };
    Ok(HttpRequest {
        method,
        url,
        headers,
        body,
    })
}

/// `signingDate` and `presign.expiresIn` of sign options.
pub fn read_timing(opts: &Reader) -> Result<(Option<f64>, Option<u32>), CognitoError> {
    let time_ms = opts.date_ms("signingDate")?;
    let presign = match opts.object("presign")? {
        Some(p) => Some(
            p.integer("expiresIn", 1, MAX_PRESIGN_EXPIRES)?
                .ok_or_else(|| CognitoError::invalid_parameter("presign.expiresIn is required"))?,
        ),
        None => None,
    };
    Ok((time_ms, presign))
}

/// The caller's `sessionToken` string, reused for the signed header.
pub fn token_of(credentials: &JsValue) -> JsValue {
    js_sys::Reflect::get(credentials, &JsValue::from_str("sessionToken"))
        .ok()
        .filter(JsValue::is_string)
        .unwrap_or(JsValue::UNDEFINED)
}

/// Who signs and where: the `credentials`, `region` and `service` fields
/// of sign options.
pub struct SignerOptions {
    /// The credentials, read.
    pub credentials: SigningCredentials,
    /// The caller's `sessionToken` string, reused for the signed header.
    pub token: JsValue,
    /// `region`, as given.
    pub region: String,
    /// `service`, as given.
    pub service: String,
}

/// The [`SignerOptions`] of `opts`.
pub fn read_signer_options(opts: &Reader) -> Result<SignerOptions, CognitoError> {
    let (credentials, token) = match opts.value("credentials")? {
        Some(c) => (signing_credentials(&c, "credentials")?, token_of(&c)),
        None => return Err(CognitoError::invalid_parameter("credentials is required")),
    };
    Ok(SignerOptions {
        credentials,
        token,
        region: opts.required_string("region")?,
        service: opts.required_string("service")?,
    })
}

/// `signRequest` read field by field: the general path.
fn sign(request: &JsValue, options: &JsValue) -> Result<JsValue, CognitoError> {
    let request = read_request(request)?;
    let opts = Reader::new(options, "options", Bad::Parameter)?;
    let SignerOptions {
        credentials,
        token: token_js,
        region,
        service,
    } = read_signer_options(&opts)?;
    let (time_ms, presign) = read_timing(&opts)?;
    let with = SignWith {
        credentials: &credentials,
        region: &region,
        service: &service,
        time_ms,
        digest: None,
    };
    sign_to_js(request, &with, presign, &token_js)
}

thread_local! {
    /// The session token of the last packed call ([`pack_sign_args`] sends
    /// `\u{1}` instead of a token equal to it).
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
/// string.
pub struct PackedRequest<'a> {
    /// The method, as given (as the general reader reads it).
    pub method: &'a str,
    /// The URL.
    pub url: &'a str,
    /// Signing time (`None`: now).
    pub time_ms: Option<f64>,
    /// The body (a string).
    pub body: &'a str,
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
            body: self.body.as_bytes(),
        }
    }
}

/// The request fields [`pack_request`] joined (method, URL, time, body,
/// header pairs), from `fields`. `None` when they do not split that way.
pub fn unpack_request<'a>(mut fields: impl Iterator<Item = &'a str>) -> Option<PackedRequest<'a>> {
    let (method, url, time, body) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let time_ms = match time {
        "" => None,
        digits => Some(digits.parse::<u64>().ok()? as f64),
    };
    let mut headers = Vec::new();
    while let Some(name) = fields.next() {
        headers.push((name, fields.next()?));
    }
    Some(PackedRequest {
        method,
        url,
        time_ms,
        body,
        headers,
    })
}

/// Header-signs `request` as `with` says and packs the result for
/// [`unpack_signature`]: what `signRequest` and `AwsSigner.sign` do.
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
    pack_signature(&signed, &kept)
}

/// `url\0shape\0[x-amz-content-sha256\0]x-amz-date\0authorization`, then
/// the request's own headers as `\0name\0value` pairs, for `unpackSignature`
/// (`crate/js/sign_args.js`). `shape` is one digit: 1 when
/// x-amz-content-sha256 is added, plus 2 when the session token is (its
/// value is the caller's string, which JavaScript has). The added headers'
/// names are not sent: building an object from known names is several
/// times faster than from names decoded out of wasm memory.
fn pack_signature(
    signed: &HeaderSignature,
    kept: &[(&str, Cow<str>)],
) -> Result<String, CognitoError> {
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
    push_headers(&mut out, kept)?;
    Ok(out)
}

/// Signs the arguments [`pack_sign_args`] joined: session token (or
/// `\u{1}`: the previous one), region, service, access key id, secret,
/// then the request fields of [`unpack_request`]. `None` when they do not
/// split that way.
fn sign_packed(packed: &str) -> Option<Result<JsValue, CognitoError>> {
    let mut fields = packed.split('\0');
    // First, and kept before anything can fail: the JavaScript side has
    // already taken this token as the last one sent.
    match fields.next()? {
        "\u{1}" => {}
        given => LAST_TOKEN.with(|last| last.set(given.to_owned())),
    }
    let (region, service) = (fields.next()?, fields.next()?);
    let (access_key_id, secret_access_key) = (fields.next()?, fields.next()?);
    if access_key_id.is_empty() || secret_access_key.is_empty() {
        // The general reader words this error.
        return None;
    }
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
    let signed = sign_to_string(request.as_ref(), &with);
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
    let fast = pack_sign_args(&request, &options).and_then(|mut packed| {
        let signed = sign_packed(&packed);
        // The packed arguments hold the secret access key.
        crate::sigv4::wipe(&mut packed);
        signed
    });
    fast.unwrap_or_else(|| sign(&request, &options))
        .map_err(to_js)
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
