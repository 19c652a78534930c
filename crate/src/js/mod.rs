//! The JavaScript API (wasm-bindgen exports): the `CognitoClient` class,
//! `listObjects`, `listAllObjects`, `presignGetObject`, `signRequest`,
//! `awsFetch` and `isCognitoError`. Each file declares the TypeScript types
//! of its own exports (`typescript_custom_section`), next to them.
//!
//! Every thrown error and rejected promise is a JS `CognitoError` (an
//! `Error` subclass with `name`, `message`, `retryable`). Option objects are
//! checked before any request: a missing or mistyped field is an
//! `InvalidConfig` (constructor) or `InvalidParameterException`.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use crate::client::skew::ClockSkew;
use crate::error::CognitoError;
use crate::sigv4::Signer;

pub mod account;
pub mod client;
pub mod convert;
pub mod credentials;
#[cfg(feature = "dynamodb")]
pub mod dynamodb;
pub mod error;
pub mod events;
pub mod fetch;
pub mod s3;
#[cfg(feature = "s3-objects")]
pub mod s3_objects;
pub mod sign;
pub mod signer;

/// Signing state shared by the free functions (`listObjects`,
/// `signRequest`, `awsFetch`, …): one signing-key cache and one learned
/// clock offset for the page.
pub struct Shared {
    /// Signer with its key cache.
    pub signer: Signer,
    /// Server-minus-local clock offset learned from replies.
    pub skew: ClockSkew,
}

thread_local! {
    static SHARED: Rc<Shared> = Rc::new(Shared {
        signer: Signer::new(),
        skew: ClockSkew::new(),
    });
}

/// The page's shared signing state.
pub fn shared() -> Rc<Shared> {
    SHARED.with(Rc::clone)
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
