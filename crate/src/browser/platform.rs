//! The browser shell: `Platform` over `fetch`, `Date.now`,
//! `crypto.getRandomValues`, `setTimeout` and a lock shared by the tabs (the
//! Web Locks API, else a `BroadcastChannel`), with one clock offset per page.
//! Works in a window or a worker.
//!
//! # One fetch, cancellable
//!
//! Every request of the library goes through [`fetch`]: its own
//! `AbortController` (`crate/js/host.js`), aborted
//! - by a timer after the timeout: `TimeoutError`, retryable (a call safe
//!   to repeat is retried as after a network failure);
//! - when the future waiting for it is dropped (the call was abandoned, or
//!   [`scoped`] ended it when the caller's `AbortSignal` aborted:
//!   `AbortError`, or `TimeoutError` when the signal's reason says so, as
//!   `AbortSignal.timeout()`'s does, not retryable).
//!
//! The timeout of [`BrowserPlatform`]'s requests is the one of the call
//! being polled ([`scoped`]), else [`DEFAULT_TIMEOUT_MS`]. [`scoped`] also
//! ends a call at once when its signal aborts, dropping what it waited for:
//! a request chain shared with other callers (a token refresh) goes on for
//! them, and the session is only changed by replies that arrived.
use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::Cell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::client::platform::{Platform, TabLock};
use crate::client::skew::ClockSkew;
use crate::error::{CognitoError, ErrorKind};
use crate::local::PageLocal;
use crate::wire::http::{HttpRequest, HttpResponse};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Longest wait for one reply when the call sets none (ms).
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Longest wait for a lock another tab holds (ms); the client then goes on
/// without it (storage checks alone).
pub const LOCK_WAIT_MS: u32 = 2 * DEFAULT_TIMEOUT_MS;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// One request's AbortController and timer.
    type Exchange;
    #[wasm_bindgen(constructor)]
    fn new(timeout_ms: u32) -> Exchange;
    #[wasm_bindgen(method)]
    fn run(this: &Exchange, input: &JsValue, init: &Object) -> Promise;
    #[wasm_bindgen(method)]
    fn cancel(this: &Exchange);

    /// A promise of a signal's abort reason.
    type Watch;
    #[wasm_bindgen(constructor)]
    fn new(signal: &JsValue) -> Watch;
    #[wasm_bindgen(method, getter = p)]
    fn promise(this: &Watch) -> Promise;
    #[wasm_bindgen(method)]
    fn stop(this: &Watch);
}

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// A lock shared by the tabs (Web Locks, else over a
    /// `BroadcastChannel`), held until `drop`.
    #[wasm_bindgen(js_name = TabLock)]
    type WebLock;
    #[wasm_bindgen(constructor, js_class = TabLock)]
    fn new(name: &str, wait_ms: u32) -> WebLock;
    #[wasm_bindgen(method, getter = p, js_class = TabLock)]
    fn held(this: &WebLock) -> Promise;
    #[wasm_bindgen(method, js_name = drop, js_class = TabLock)]
    fn release(this: &WebLock);
}

/// The page's clock offset: one for every client and signer.
static PAGE_CLOCK: PageLocal<Rc<ClockSkew>> = PageLocal::new(|| Rc::new(ClockSkew::new()));
/// The timeout of the call being polled ([`scoped`]).
static TIMEOUT_MS: PageLocal<Cell<u32>> = PageLocal::new(|| Cell::new(DEFAULT_TIMEOUT_MS));

/// A reply [`fetch`] received.
pub struct Fetched {
    /// HTTP status.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Cancels the request when the future waiting for it is dropped early.
struct CancelOnDrop(Option<Exchange>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(exchange) = self.0.take() {
            exchange.cancel();
        }
    }
}

/// The error of a call aborted by its signal, whose reason is `reason`:
/// `TimeoutError` (retryable) for a reason named so, else `AbortError`.
pub fn aborted_by(reason: &JsValue) -> CognitoError {
    let timeout = Reflect::get(reason, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .is_some_and(|n| n == "TimeoutError");
    if timeout {
        CognitoError::new(ErrorKind::TimeoutError, "the call timed out", true)
    } else {
        CognitoError::new(ErrorKind::AbortError, "the call was aborted", false)
    }
}

/// The `signal` of a call's options: `None` when absent,
/// `InvalidParameterException` when it is not an `AbortSignal`, and the
/// abort error when it has already aborted (nothing is sent).
pub fn signal_of(options: &JsValue) -> Result<Option<JsValue>, CognitoError> {
    if !options.is_object() {
        return Ok(None);
    }
    let signal = Reflect::get(options, &JsValue::from_str("signal")).unwrap_or_default();
    if signal.is_undefined() || signal.is_null() {
        return Ok(None);
    }
    let aborted = Reflect::get(&signal, &JsValue::from_str("aborted")).ok();
    match aborted.and_then(|a| a.as_bool()) {
        None => Err(CognitoError::invalid_parameter(
            "signal must be an AbortSignal",
        )),
        Some(true) => Err(aborted_by(
            &Reflect::get(&signal, &JsValue::from_str("reason")).unwrap_or_default(),
        )),
        Some(false) => Ok(Some(signal)),
    }
}

/// Fetches `input` with `init` (its `signal` is set here) and reads the
/// reply, aborted by a timer after `timeout_ms` or by dropping the future
/// (see the module). `origin` names the server in a `NetworkError`.
pub async fn fetch(
    input: &JsValue,
    init: &Object,
    timeout_ms: u32,
    origin: &str,
) -> Result<Fetched, CognitoError> {
    let exchange = Exchange::new(timeout_ms);
    let pending = exchange.run(input, init);
    let mut guard = CancelOnDrop(Some(exchange));
    let outcome = JsFuture::from(pending).await.unwrap_or_default();
    guard.0 = None;
    let Some(parts) = outcome.dyn_ref::<Array>() else {
        return Err(if outcome.as_f64() == Some(1.0) {
            CognitoError::new(
                ErrorKind::TimeoutError,
                crate::wire::text::concat(&["no reply in time from ", origin]),
                true,
            )
        } else {
            CognitoError::network(crate::wire::text::concat(&["no reply from ", origin]))
        });
    };
    let headers = Array::from(&parts.get(1))
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    Ok(Fetched {
        status: parts.get(0).as_f64().unwrap_or(0.0) as u16,
        headers,
        body: Uint8Array::new(&parts.get(2)).to_vec(),
    })
}

/// A call's future with its signal and timeout (see [`scoped`]).
pub struct Scoped<T> {
    inner: Pin<Box<dyn Future<Output = Result<T, CognitoError>>>>,
    watch: Option<(Watch, JsFuture)>,
    timeout_ms: u32,
}

/// Runs `inner` with `timeout_ms` as the timeout of the requests
/// [`BrowserPlatform`] sends for it, and ends it with the abort error as
/// soon as `signal` aborts (dropping `inner`, which cancels its requests).
pub fn scoped<T>(
    inner: Pin<Box<dyn Future<Output = Result<T, CognitoError>>>>,
    signal: Option<&JsValue>,
    timeout_ms: u32,
) -> Scoped<T> {
    Scoped {
        inner,
        watch: signal.map(|signal| {
            let watch = Watch::new(signal);
            let pending = JsFuture::from(watch.promise());
            (watch, pending)
        }),
        timeout_ms,
    }
}

impl<T> Future for Scoped<T> {
    type Output = Result<T, CognitoError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some((_, pending)) = &mut self.watch {
            if let Poll::Ready(reason) = Pin::new(pending).poll(cx) {
                self.watch = None;
                return Poll::Ready(Err(aborted_by(&reason.unwrap_or_default())));
            }
        }
        let previous = TIMEOUT_MS.with(|t| t.replace(self.timeout_ms));
        let polled = self.inner.as_mut().poll(cx);
        TIMEOUT_MS.with(|t| t.set(previous));
        polled
    }
}

impl<T> Drop for Scoped<T> {
    fn drop(&mut self) {
        if let Some((watch, _)) = &self.watch {
            watch.stop();
        }
    }
}

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

/// The `init` of a request: method, headers (those the browser sets itself
/// left out), body, and no HTTP cache (signed requests must reach the
/// server: the cache could answer a GET it saw before). `body` replaces
/// the request's own bytes (a Blob sent as is).
pub fn request_init(request: &HttpRequest, body: Option<&JsValue>) -> Result<Object, CognitoError> {
    let headers = Object::new();
    for (name, value) in &request.headers {
        if !fetch_accepts(name, value) {
            return Err(CognitoError::invalid_parameter(
                "a header name or value that fetch does not accept",
            ));
        }
        if !browser_controlled(name) {
            set(&headers, name, &JsValue::from_str(value));
        }
    }
    let init = Object::new();
    set(&init, "method", &JsValue::from_str(&request.method));
    set(&init, "headers", &headers);
    set(&init, "cache", &JsValue::from_str("no-store"));
    if let Some(body) = body {
        set(&init, "body", body);
    } else if !request.body.is_empty() {
        set(&init, "body", &Uint8Array::from(request.body.as_slice()));
    }
    Ok(init)
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// `scheme://host[:port]` of a URL, for error messages (no path or query).
pub fn origin_of(url: &str) -> &str {
    let after_scheme = crate::wire::text::find(url, "://").map_or(0, |i| i + 3);
    let end = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |i| after_scheme + i);
    url.get(..end).unwrap_or(url)
}

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// A promise resolved in a later task.
    #[wasm_bindgen(js_name = nextTask)]
    fn next_task() -> Promise;
    /// `performance.now()`.
    #[wasm_bindgen(js_name = monotonicMs)]
    fn monotonic_ms() -> f64;
}

impl Platform for BrowserPlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        let init = request_init(&request, None)?;
        let timeout_ms = TIMEOUT_MS.with(Cell::get);
        let origin = origin_of(&request.url);
        let url = JsValue::from_str(&request.url);
        let fetched = fetch(&url, &init, timeout_ms, origin).await?;
        Ok(HttpResponse {
            status: fetched.status,
            headers: fetched.headers,
            body: fetched.body,
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

    fn clock(&self) -> Rc<ClockSkew> {
        PAGE_CLOCK.with(Rc::clone)
    }

    /// `navigator.locks.request(name, …)`, held until the guard drops (a
    /// guard dropped while waiting gives up the request). Without
    /// `navigator.locks` (an insecure context, an old browser) a best-effort
    /// lock over a `BroadcastChannel` of that name (`crate/js/host.js`).
    /// Without either, when the request is refused, or after
    /// `LOCK_WAIT_MS`: no lock.
    async fn lock(&self, name: &str) -> TabLock {
        let lock = WebLock::new(name, LOCK_WAIT_MS);
        let held = JsFuture::from(lock.held());
        let guard = TabLock::new(move || lock.release());
        match held.await {
            // 1: held at once; 2: held after another holder let it go.
            Ok(held) if held.is_truthy() => guard.after_wait(held.as_f64() == Some(2.0)),
            _ => TabLock::none(),
        }
    }

    /// The next `storage` event (another tab's write reaching this one),
    /// or `ms`.
    async fn storage_changed(&self, ms: u32) -> bool {
        super::storage_events::next_change(ms).await
    }

    /// A message the page posts to itself through a `MessageChannel`
    /// (`crate/js/host.js`): resumes after the tasks already queued.
    async fn yield_now(&self) {
        let _ = JsFuture::from(next_task()).await;
    }

    /// `performance.now()`.
    fn monotonic_ms(&self) -> f64 {
        monotonic_ms()
    }

    /// `navigator.userAgent` (as amazon-cognito-identity-js names devices),
    /// cut to Cognito's 1,024 characters.
    fn device_name(&self) -> Option<String> {
        let navigator = Reflect::get(&js_sys::global(), &JsValue::from_str("navigator")).ok()?;
        let agent = Reflect::get(&navigator, &JsValue::from_str("userAgent"))
            .ok()?
            .as_string()?;
        Some(agent.chars().take(1024).collect()).filter(|a: &String| !a.is_empty())
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
