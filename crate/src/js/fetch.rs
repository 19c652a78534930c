//! `awsFetch`: `fetch` with a SigV4 signature (like aws4fetch), for any
//! AWS service; resolves the real `Response`.
use crate::prelude::*;

use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit};

use super::convert::{self, Bad, Reader};
use super::credentials::CredentialSource;
use super::sign::{headers_from_js, headers_record, sign_http, SignWith};
use crate::browser::{self, BrowserPlatform};
use crate::client::platform::Platform;
use crate::error::CognitoError;
use crate::sigv4::{host_scope, split_url, HostScope};
use crate::wire::http::{HttpRequest, HttpResponse};

/// Request settings copied to the signed request (all but method, URL,
/// headers and body, which are replaced, and the signal, which the
/// transport follows).
const COPIED: [&str; 7] = [
    "mode",
    "credentials",
    "cache",
    "redirect",
    "referrerPolicy",
    "integrity",
    "keepalive",
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

async fn fetch(
    input: JsValue,
    init: JsValue,
    options: JsValue,
    timeout_ms: u32,
) -> Result<JsValue, CognitoError> {
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
    // The request's own signal (from `init` or the `Request`) aborts it, as
    // with fetch; the options' signal ends the whole call (the driver).
    let signal = Some(JsValue::from(request.signal())).filter(|s| s.is_object());
    let origin = split_url(&signed.url)
        .map(|u| u.origin())
        .unwrap_or_default();
    let fetched = browser::fetch(
        &signed_request,
        &Object::new(),
        false,
        signal.as_ref(),
        timeout_ms,
        &origin,
    )
    .await?;
    let response = fetched.response;
    // Only AWS's and configured endpoints teach the page's clock.
    let headers = response.headers();
    let seen = HttpResponse {
        status: response.status(),
        headers: ["date", "age"]
            .into_iter()
            .filter_map(|name| Some((name.to_owned(), headers.get(name).ok()??)))
            .collect(),
        body: Vec::new(),
    };
    super::shared()
        .skew
        .observe(&signed.url, &seen, BrowserPlatform.now_ms());
    Ok(response.into())
}

/// `fetch` with a SigV4 signature: builds the request from `input` and
/// `init` as `fetch` would, signs it with the given `credentials` or those
/// a `provider` returns, and sends it. `region` and `service` default to
/// what the `*.amazonaws.com` host name says for the services it knows
/// (an unknown host needs `service`). Resolves the real `Response`
/// (HTTP error statuses included); rejects with a `CognitoError` only when
/// the request could not be signed or sent (`NetworkError`; `TimeoutError`
/// after `timeoutMs` without a reply; `AbortError` when the request's or
/// the options' `signal` aborts).
#[wasm_bindgen(js_name = awsFetch, unchecked_return_type = "Promise<Response>")]
pub fn aws_fetch(
    #[wasm_bindgen(unchecked_param_type = "string | URL | Request")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestInit | undefined | null")] init: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AwsFetchOptions")] options: JsValue,
) -> Promise {
    let call = super::CallOptions::read(&options, None);
    let timeout_ms = call.as_ref().map_or(0, |c| c.timeout_ms);
    super::promise_in(call, fetch(input, init, options, timeout_ms))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Cancellation of a call that goes to the network (a `CognitoClient` method's options). */
export interface Cancellable {
  /** Ends the call: it rejects with a `CognitoError` named `AbortError` (`retryable: false`); a session is left as it was. */
  signal?: AbortSignal;
}

/** Cancellation and timeout of a standalone call that goes to the network. */
export interface CallOptions extends Cancellable {
  /** Longest wait for each reply, in ms (default 30000); past it the call rejects with `TimeoutError` (`retryable: true`), after the retries of a call safe to repeat. */
  timeoutMs?: number;
}

/** Options of `awsFetch`. */
export type AwsFetchOptions = CredentialSource & {
  /** Default: from the `*.amazonaws.com` host name. */
  region?: string;
  /** Default: from the `*.amazonaws.com` host name. */
  service?: string;
} & CallOptions;
"#;
