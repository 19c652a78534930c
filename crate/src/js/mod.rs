//! The JavaScript API (wasm-bindgen exports): the `CognitoClient` class,
//! `signRequest`, `AwsSigner` and `isCognitoError`. Each file
//! declares the TypeScript types of its own exports
//! (`typescript_custom_section`), next to them. The package's other calls
//! (`awsFetch`, `awsJson`, `dynamodb`, the S3 calls) are JavaScript over
//! `signRequest` (crate/js), `awsFetch` teaching the page's clock through the
//! internal [`observe_clock`].
//!
//! Every thrown error and rejected promise is a JS `CognitoError` (an
//! `Error` subclass with `name`, `message`, `retryable`). Option objects are
//! checked before any request: a missing or mistyped field is an
//! `InvalidConfig` (constructor) or `InvalidParameterException`.
use crate::local::page_local as thread_local;
use crate::prelude::*;

use alloc::rc::Rc;
use core::future::Future;
use core::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use crate::browser::BrowserPlatform;
use crate::client::platform::Platform;
use crate::client::skew::ClockSkew;
use crate::error::CognitoError;
use crate::sigv4::Signer;
use crate::wire::http::HttpResponse;

pub mod account;
pub mod client;
pub mod client_args;
pub mod convert;
pub mod credentials;
pub mod error;
pub mod events;
pub mod sign;
pub mod signer;

/// Signing state shared by the free functions (`signRequest`, `AwsSigner`,
/// and `awsFetch` through them): one signing-key cache, and the page's
/// clock offset (the one every `CognitoClient` of the page shares).
pub struct Shared {
    /// Signer with its key cache.
    pub signer: Signer,
    /// Server-minus-local clock offset learned from replies.
    pub skew: Rc<ClockSkew>,
}

thread_local! {
    static SHARED: Rc<Shared> = Rc::new(Shared {
        signer: Signer::new(),
        skew: BrowserPlatform.clock(),
    });
}

/// The page's shared signing state.
pub fn shared() -> Rc<Shared> {
    SHARED.with(Rc::clone)
}

/// The `signal` and `timeoutMs` of a call's options.
pub struct CallOptions {
    /// The caller's `AbortSignal`.
    pub signal: Option<JsValue>,
    /// Longest wait for one reply (ms).
    pub timeout_ms: u32,
}

/// Longest `timeoutMs` (`setTimeout`'s limit).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

impl CallOptions {
    /// Reads `signal` and `timeoutMs` from `options` (`undefined`, `null` or
    /// an options object); `timeout_ms` (a client's) replaces `timeoutMs`.
    /// `InvalidParameterException` for other options, a `signal` that is not an
    /// `AbortSignal` or a `timeoutMs` that is not a whole number of
    /// milliseconds from 1 to 2^31 - 1; the abort error for a signal
    /// that has already aborted.
    pub fn read(options: &JsValue, timeout_ms: Option<u32>) -> Result<Self, CognitoError> {
        if !(options.is_undefined()
            || options.is_null()
            || self::convert::is_options_object(options))
        {
            return Err(CognitoError::invalid_parameter("options must be an object"));
        }
        let signal = crate::browser::signal_of(options)?;
        let timeout_ms = match timeout_ms {
            Some(ms) => ms,
            None => timeout_option(options)?.unwrap_or(crate::browser::DEFAULT_TIMEOUT_MS),
        };
        Ok(CallOptions { signal, timeout_ms })
    }
}

/// The `timeoutMs` of `options`, checked (see [`CallOptions::read`]).
pub fn timeout_option(options: &JsValue) -> Result<Option<u32>, CognitoError> {
    if !options.is_object() {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(options, &JsValue::from_str("timeoutMs")).unwrap_or_default();
    if value.is_undefined() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(ms) if (1.0..=MAX_TIMEOUT_MS).contains(&ms) && ms.fract() == 0.0 => {
            Ok(Some(ms as u32))
        }
        _ => Err(CognitoError::invalid_parameter(
            "timeoutMs must be a whole number of milliseconds from 1 to 2147483647",
        )),
    }
}

/// Runs `future` as a JS promise with the caller's `signal` and timeout
/// (see [`crate::browser::scoped`]); rejects at once when `call` is an
/// error (nothing is sent).
pub fn promise_in<F>(call: Result<CallOptions, CognitoError>, future: F) -> Promise
where
    F: Future<Output = Result<JsValue, CognitoError>> + 'static,
{
    match call {
        Ok(call) => run(Box::pin(crate::browser::scoped(
            Box::pin(future),
            call.signal.as_ref(),
            call.timeout_ms,
        ))),
        Err(error) => run(Box::pin(async move { Err(error) })),
    }
}

/// Runs `future` as a JS promise that rejects with a `CognitoError`.
pub fn promise<F>(future: F) -> Promise
where
    F: Future<Output = Result<JsValue, CognitoError>> + 'static,
{
    run(Box::pin(future))
}

/// One instance of the promise machinery for every exported async call
/// (boxing the futures keeps the wasm small).
fn run(future: Pin<Box<dyn Future<Output = Result<JsValue, CognitoError>>>>) -> Promise {
    future_to_promise(async move { future.await.map_err(error::to_js) })
}

/// Internal, not API (left out of the TypeScript declarations and of the
/// package's entry): the package's `awsFetch` (crate/js/aws_fetch.js) hands
/// over each reply's `Date` and `Age` headers with the signed URL (`""` for a
/// header the reply lacks; an empty `Age`, which teaches nothing, comes as
/// `-`), and the page's clock offset learns from them by the rules of
/// [`ClockSkew::observe`] (only AWS's and configured endpoints teach), as it
/// does from every reply of the library's own requests. (String slices, not
/// `Option<String>`s: 0.3 KB gzip less wasm.)
#[wasm_bindgen(js_name = __observeClock, skip_typescript)]
pub fn observe_clock(url: &str, date: &str, age: &str) {
    let mut headers = vec![("date".to_owned(), date.to_owned())];
    if !age.is_empty() {
        headers.push(("age".to_owned(), age.to_owned()));
    }
    let reply = HttpResponse {
        status: 0,
        headers,
        body: Vec::new(),
    };
    shared().skew.observe(url, &reply, BrowserPlatform.now_ms());
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
"#;
