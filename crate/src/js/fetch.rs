//! `awsFetch`: `fetch` with a SigV4 signature (like aws4fetch), for any
//! AWS service; resolves the real `Response`.

use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use super::convert::{self, Bad, Reader};
use super::credentials::CredentialSource;
use super::error;
use super::sign::{headers_from_js, headers_record, sign_http, SignWith};
use crate::browser::{global_fetch, BrowserPlatform};
use crate::client::platform::Platform;
use crate::error::{CognitoError, ErrorKind};
use crate::sigv4::{host_scope, split_url, HostScope};
use crate::wire::http::{HttpRequest, HttpResponse};

/// Request settings copied to the signed request (all but method, URL,
/// headers and body, which are replaced).
const COPIED: [&str; 8] = [
    "mode",
    "credentials",
    "cache",
    "redirect",
    "referrerPolicy",
    "integrity",
    "keepalive",
    "signal",
];

/// `(region, service)` for an AWS host name whose service is known
/// (`dynamodb.eu-west-1.amazonaws.com`, `bucket.s3.eu-west-1.amazonaws.com`,
/// `abc.appsync-api.us-east-1.amazonaws.com`, …, see [`host_scope`]);
/// `None` for other hosts or when the region or service cannot be told.
pub fn infer_region_service(url: &str) -> Option<(String, String)> {
    let HostScope { region, service } = host_scope(&split_url(url).ok()?.host);
    Some((region?, service?))
}

/// The region and service to sign `url` with: those given, else what its
/// host says; `InvalidParameterException` naming the option to pass when
/// the host does not tell (an unknown host's service is never guessed).
fn scope_for(
    url: &str,
    region: Option<String>,
    service: Option<String>,
) -> Result<(String, String), CognitoError> {
    if let (Some(region), Some(service)) = (&region, &service) {
        return Ok((region.clone(), service.clone()));
    }
    let told = split_url(url)
        .map(|u| host_scope(&u.host))
        .unwrap_or_default();
    let service = service.or(told.service).ok_or_else(|| {
        CognitoError::invalid_parameter("unknown host: pass `service` in the options")
    })?;
    let region = region.or(told.region).ok_or_else(|| {
        CognitoError::invalid_parameter("unknown region: pass `region` in the options")
    })?;
    Ok((region, service))
}

/// The browser's `Request` for `input` and `init`.
fn build_request(input: &JsValue, init: &RequestInit) -> Result<Request, CognitoError> {
    let invalid =
        |_| CognitoError::invalid_parameter("awsFetch: input and init do not make a valid request");
    if let Some(request) = input.dyn_ref::<Request>() {
        return Request::new_with_request_and_init(request, init).map_err(invalid);
    }
    let url = match input.as_string() {
        Some(url) => url,
        None => Reflect::get(input, &JsValue::from_str("href"))
            .ok()
            .and_then(|href| href.as_string())
            .ok_or_else(|| {
                CognitoError::invalid_parameter("awsFetch input must be a string, URL or Request")
            })?,
    };
    Request::new_with_str_and_init(&url, init).map_err(invalid)
}

async fn fetch(input: JsValue, init: JsValue, options: JsValue) -> Result<JsValue, CognitoError> {
    let opts = Reader::new(&options, "options", Bad::Parameter)?;
    let source = CredentialSource::from_options(&opts)?;
    let region = opts.string("region")?;
    let service = opts.string("service")?;
    let init: RequestInit = if init.is_undefined() || init.is_null() {
        Object::new().unchecked_into()
    } else if convert::is_options_object(&init) {
        init.unchecked_into()
    } else {
        return Err(CognitoError::invalid_parameter(
            "awsFetch init must be an object",
        ));
    };
    let request = build_request(&input, &init)?;
    let url = request.url();
    let (region, service) = scope_for(&url, region, service)?;
    let headers = headers_from_js(&request.headers(), "request headers")?;
    let body_unreadable =
        |_| CognitoError::invalid_parameter("awsFetch: the request body could not be read");
    let buffer = request.clone().map_err(body_unreadable)?;
    let buffer = JsFuture::from(buffer.array_buffer().map_err(body_unreadable)?)
        .await
        .map_err(body_unreadable)?;
    let body = Uint8Array::new(&buffer).to_vec();
    let credentials = source.resolve().await?;
    let signed = sign_http(
        HttpRequest {
            method: request.method(),
            url,
            headers,
            body,
        },
        &SignWith {
            credentials: &credentials,
            region: &region,
            service: &service,
            time_ms: None,
            digest: None,
        },
        None,
    )?;
    let signed_init = Object::new();
    for key in COPIED {
        if let Ok(value) = Reflect::get(&request, &JsValue::from_str(key)) {
            if !value.is_undefined() {
                convert::set(&signed_init, key, value);
            }
        }
    }
    convert::set(&signed_init, "method", signed.method.as_str());
    convert::set(&signed_init, "headers", headers_record(&signed.headers));
    if !signed.body.is_empty() {
        convert::set(
            &signed_init,
            "body",
            Uint8Array::from(signed.body.as_slice()),
        );
    }
    let signed_request = Request::new_with_str_and_init(&signed.url, signed_init.unchecked_ref())
        .map_err(|_| {
        CognitoError::invalid_parameter("awsFetch: the signed request could not be built")
    })?;
    let global = js_sys::global();
    let origin = split_url(&signed.url)
        .map(|u| u.origin())
        .unwrap_or_default();
    let failed = |e: JsValue| {
        let name = Reflect::get(&e, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string());
        if name.as_deref() == Some("AbortError") {
            error::from_js(&e, ErrorKind::AbortError, "awsFetch was aborted")
        } else {
            CognitoError::network(format!("no reply from {origin}"))
        }
    };
    let pending: Promise = global_fetch()?
        .call1(&global, &signed_request)
        .map_err(failed)?
        .unchecked_into();
    let response: Response = JsFuture::from(pending)
        .await
        .map_err(failed)?
        .unchecked_into();
    if let Ok(Some(date)) = response.headers().get("date") {
        let seen = HttpResponse {
            status: response.status(),
            headers: vec![("date".to_owned(), date)],
            body: Vec::new(),
        };
        super::shared()
            .skew
            .observe(&seen, BrowserPlatform.now_ms());
    }
    Ok(response.into())
}

/// `fetch` with a SigV4 signature: builds the request from `input` and
/// `init` as `fetch` would, signs it with the given `credentials` or those
/// a `provider` returns, and sends it. `region` and `service` default to
/// what the `*.amazonaws.com` host name says for the services it knows
/// (an unknown host needs `service`). Resolves the real `Response`
/// (HTTP error statuses included); rejects with a `CognitoError` only when
/// the request could not be signed or sent (`NetworkError`).
#[wasm_bindgen(js_name = awsFetch, unchecked_return_type = "Promise<Response>")]
pub fn aws_fetch(
    #[wasm_bindgen(unchecked_param_type = "string | URL | Request")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestInit | undefined | null")] init: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AwsFetchOptions")] options: JsValue,
) -> Promise {
    super::promise(fetch(input, init, options))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of `awsFetch`. */
export type AwsFetchOptions = CredentialSource & {
  /** Default: from the `*.amazonaws.com` host name. */
  region?: string;
  /** Default: from the `*.amazonaws.com` host name. */
  service?: string;
};
"#;
