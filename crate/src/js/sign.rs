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

/// A `Record<string, string>` of headers; a repeated name gets its values
/// joined by `,` (what the signature covered).
pub fn headers_record(headers: &[(String, String)]) -> JsValue {
    let mut merged: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        match merged
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, v)) => {
                v.push(',');
                v.push_str(value);
            }
            None => merged.push((name.clone(), value.clone())),
        }
    }
    convert::string_record(&merged)
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
    let credentials = match opts.value("credentials")? {
        Some(c) => signing_credentials(&c, "credentials")?,
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
    let result = Object::new();
    convert::set(&result, "url", signed.url);
    convert::set(&result, "headers", headers_record(&signed.headers));
    Ok(result.into())
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
