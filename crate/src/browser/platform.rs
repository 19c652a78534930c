//! The browser shell: `Platform` over `fetch` (gloo-net), `Date.now`,
//! `crypto.getRandomValues` and `setTimeout`. Works in a window or a worker.

use crate::client::platform::Platform;
use crate::error::{CognitoError, ErrorKind};
use crate::wire::http::{HttpRequest, HttpResponse};
use gloo_net::http::{Method, RequestBuilder, Response};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `Platform` for pages and workers.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserPlatform;

/// Headers the browser sets itself and refuses from scripts.
fn browser_controlled(name: &str) -> bool {
    name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length")
}

/// Whether `fetch` takes this header: a token name and a value without
/// NUL, CR or LF whose characters fit in a byte. (gloo-net would throw a
/// JavaScript exception through the wasm for any other; checked here, it
/// is an `InvalidParameterException`.)
fn fetch_accepts(name: &str, value: &str) -> bool {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    !name.is_empty()
        && name.bytes().all(token)
        && value
            .chars()
            .all(|c| c <= '\u{ff}' && !matches!(c, '\0' | '\r' | '\n'))
}

fn method_of(name: &str) -> Result<Method, CognitoError> {
    Ok(match name {
        "GET" => Method::GET,
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        "HEAD" => Method::HEAD,
        "PATCH" => Method::PATCH,
        "OPTIONS" => Method::OPTIONS,
        other => {
            return Err(CognitoError::invalid_parameter(format!(
                "unsupported HTTP method \"{other}\""
            )))
        }
    })
}

impl Platform for BrowserPlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        // Signed requests must reach the server: the HTTP cache could answer
        // a GET it saw before (stale listings, a refused signature unseen).
        let mut builder = RequestBuilder::new(&request.url)
            .method(method_of(&request.method)?)
            .cache(web_sys::RequestCache::NoStore);
        for (name, value) in &request.headers {
            if !fetch_accepts(name, value) {
                return Err(CognitoError::invalid_parameter(
                    "a header name or value that fetch does not accept",
                ));
            }
            if !browser_controlled(name) {
                builder = builder.header(name, value);
            }
        }
        let built = if request.body.is_empty() {
            builder.build()
        } else {
            builder.body(Uint8Array::from(request.body.as_slice()))
        };
        let built =
            built.map_err(|_| CognitoError::invalid_parameter("the request could not be built"))?;
        // Sent with the global `fetch` rather than gloo-net's `send`, which
        // panics (with a JS value formatted for the message) if `fetch`
        // resolves to something that is not a `Response`: that panic and its
        // formatting code would otherwise be in the wasm.
        let no_reply =
            || CognitoError::network(format!("no reply from {}", origin_of(&request.url)));
        let built: web_sys::Request = built.into();
        let pending: Promise = global_fetch()?
            .call1(&js_sys::global(), &built)
            .map_err(|_| no_reply())?
            .unchecked_into();
        let response: web_sys::Response = JsFuture::from(pending)
            .await
            .map_err(|_| no_reply())?
            .dyn_into()
            .map_err(|_| no_reply())?;
        let response = Response::from(response);
        let headers = response.headers().entries().collect();
        let status = response.status();
        let body = response
            .binary()
            .await
            .map_err(|_| CognitoError::network("the reply body could not be read"))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        let unavailable = || {
            CognitoError::new(
                ErrorKind::CryptoUnavailable,
                "crypto.getRandomValues is not available",
                false,
            )
        };
        let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
            .map_err(|_| unavailable())?;
        let get_random: Function = Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(unavailable)?;
        // getRandomValues takes at most 65,536 bytes per call.
        for chunk in buf.chunks_mut(65_536) {
            let array = Uint8Array::new_with_length(chunk.len() as u32);
            get_random
                .call1(&crypto, &array)
                .map_err(|_| unavailable())?;
            array.copy_to(chunk);
        }
        Ok(())
    }

    async fn sleep(&self, ms: u32) {
        let promise = Promise::new(&mut |resolve, _reject| {
            let set_timeout: Option<Function> =
                Reflect::get(&js_sys::global(), &JsValue::from_str("setTimeout"))
                    .ok()
                    .and_then(|f| f.dyn_into().ok());
            match set_timeout {
                Some(f) => {
                    if f.call2(&JsValue::NULL, &resolve, &JsValue::from(ms))
                        .is_err()
                    {
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                }
                None => {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            }
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// The global `fetch` (window or worker).
pub fn global_fetch() -> Result<Function, CognitoError> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| CognitoError::network("fetch is not available"))
}

/// `scheme://host[:port]` of a URL, for error messages (no path or query).
fn origin_of(url: &str) -> &str {
    let after_scheme = crate::wire::text::find(url, "://").map_or(0, |i| i + 3);
    let end = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |i| after_scheme + i);
    url.get(..end).unwrap_or(url)
}
