//! `signRequest`: SigV4 for any AWS service, header or query (presigned)
//! signing, and the request/headers reading `awsFetch` shares.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{self, Bad, Reader};
use super::credentials::signing_credentials;
use super::error::to_js;
use crate::browser::BrowserPlatform;
use crate::error::CognitoError;
use crate::http::HttpRequest;
use crate::json::Value;
use crate::platform::Platform;
use crate::sigv4::{SignOptions, SigningCredentials, SigningParams, MAX_PRESIGN_EXPIRES};

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

/// The SigV4 rules for `service`: S3's (path kept as is, payload hash sent)
/// or the general ones.
pub fn sign_options(service: &str, presign: bool) -> SignOptions {
    if service == "s3" {
        SignOptions {
            unsigned_payload: presign,
            sign_body: !presign,
            ..SignOptions::s3()
        }
    } else {
        SignOptions::default()
    }
}

/// Signs `request` at `time_ms` (default: now, corrected by the clock
/// offset learned from AWS replies); `presign_expires_in` makes a
/// presigned URL instead of an Authorization header.
pub fn sign_http(
    request: HttpRequest,
    credentials: &SigningCredentials,
    region: &str,
    service: &str,
    time_ms: Option<f64>,
    presign_expires_in: Option<u32>,
) -> Result<HttpRequest, CognitoError> {
    if region.is_empty() || service.is_empty() {
        return Err(CognitoError::invalid_parameter(
            "region and service must not be empty",
        ));
    }
    let shared = super::shared();
    let params = SigningParams {
        credentials,
        region,
        service,
        time_ms: time_ms.unwrap_or_else(|| shared.skew.now_ms(BrowserPlatform.now_ms())),
    };
    let options = sign_options(service, presign_expires_in.is_some());
    let signed = match presign_expires_in {
        Some(expires_in) => shared
            .signer
            .presign(request, &params, expires_in, &options)?,
        None => shared.signer.sign(request, &params, &options)?,
    };
    Ok(signed.request)
}

/// The headers with a repeated name merged into its first occurrence, the
/// values joined by `,` (what the signature covered).
fn merged_headers(headers: &[(String, String)]) -> Vec<(&str, String)> {
    let mut merged: Vec<(&str, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        match merged
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, v)) => {
                v.push(',');
                v.push_str(value);
            }
            None => merged.push((name, value.clone())),
        }
    }
    merged
}

/// A `Record<string, string>` of headers; a repeated name gets its values
/// joined by `,` (what the signature covered).
pub fn headers_record(headers: &[(String, String)]) -> JsValue {
    let object = Object::new();
    for (name, value) in merged_headers(headers) {
        convert::set(&object, name, value.as_str());
    }
    object.into()
}

/// `{ url, headers }` of a signed request, made in one crossing: the JSON
/// text built here and parsed by the browser (one string decoded instead of
/// one per key and value). The session token header, when `token` is given
/// as (its text, the caller's JavaScript string), is then set to the
/// caller's own string: ~700 characters that need no copy out of wasm.
fn signed_to_js(
    url: String,
    headers: &[(String, String)],
    token: Option<(&str, &JsValue)>,
) -> Result<JsValue, CognitoError> {
    let mut token_header: Option<&str> = None;
    let pairs: Vec<(String, Value)> = merged_headers(headers)
        .into_iter()
        .map(|(name, value)| match token {
            Some((text, _))
                if name.eq_ignore_ascii_case("x-amz-security-token") && value == text =>
            {
                token_header = Some(name);
                (name.to_owned(), Value::String(String::new()))
            }
            _ => (name.to_owned(), Value::String(value)),
        })
        .collect();
    let text = Value::object([
        ("url", Value::String(url)),
        ("headers", Value::Object(pairs)),
    ])
    .to_string();
    let result = js_sys::JSON::parse(&text)
        .map_err(|_| CognitoError::invalid_parameter("signed request could not be returned"))?;
    if let (Some(name), Some((_, js))) = (token_header, token) {
        let headers = js_sys::Reflect::get(&result, &JsValue::from_str("headers"))
            .map_err(|_| CognitoError::invalid_parameter("signed request could not be returned"))?;
        let _ = js_sys::Reflect::set(&headers, &JsValue::from_str(name), js);
    }
    Ok(result)
}

fn sign(request: &JsValue, options: &JsValue) -> Result<JsValue, CognitoError> {
    let req = Reader::new(request, "request", Bad::Parameter)?;
    let method = req
        .string("method")?
        .unwrap_or_else(|| "GET".to_owned())
        .to_ascii_uppercase();
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
    let opts = Reader::new(options, "options", Bad::Parameter)?;
    let (credentials, token_js) = match opts.value("credentials")? {
        Some(c) => (
            signing_credentials(&c, "credentials")?,
            js_sys::Reflect::get(&c, &JsValue::from_str("sessionToken")).ok(),
        ),
        None => return Err(CognitoError::invalid_parameter("credentials is required")),
    };
    let region = opts.required_string("region")?;
    let service = opts.required_string("service")?;
    let time_ms = opts.date_ms("signingDate")?;
    let presign = match opts.object("presign")? {
        Some(p) => Some(
            p.integer("expiresIn", 1, MAX_PRESIGN_EXPIRES)?
                .ok_or_else(|| CognitoError::invalid_parameter("presign.expiresIn is required"))?,
        ),
        None => None,
    };
    let signed = sign_http(
        HttpRequest {
            method,
            url,
            headers,
            body,
        },
        &credentials,
        &region,
        &service,
        time_ms,
        presign,
    )?;
    let reuse = credentials
        .session_token
        .as_deref()
        .zip(token_js.as_ref().filter(|t| t.is_string()));
    signed_to_js(signed.url, &signed.headers, reuse)
}

/// Signs a request with SigV4 for any service and region, without sending
/// it: returns the URL to use (canonical form) and every header to send
/// with it (`authorization`, `x-amz-date`, `x-amz-security-token`, S3's
/// `x-amz-content-sha256`, and the request's own). The `host` header is
/// signed from the URL and not returned: the browser sets it. With
/// `presign`, the signature goes into the URL's query instead.
#[wasm_bindgen(js_name = signRequest, unchecked_return_type = "SignedRequest")]
pub fn sign_request(
    #[wasm_bindgen(unchecked_param_type = "SignableRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignRequestOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    sign(&request, &options).map_err(to_js)
}
