//! What the core needs from its host: send an HTTP request, the time, random
//! bytes, a timer and the clock offset it shares. The browser shell
//! implements it with fetch, `Date.now`, `crypto.getRandomValues`,
//! `setTimeout` and one offset per page; native tests with fakes.

use std::rc::Rc;

use super::skew::ClockSkew;
use crate::error::CognitoError;
use crate::wire::http::{HttpRequest, HttpResponse};

/// The host services the protocol code runs on.
#[allow(async_fn_in_trait)]
pub trait Platform {
    /// Sends one request and returns the reply, or `NetworkError` when no
    /// reply came back. HTTP error statuses are replies, not errors.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError>;
    /// Local wall-clock time in milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// Fills `buf` from a cryptographically secure source.
    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError>;
    /// Waits `ms` milliseconds (used between retries).
    async fn sleep(&self, ms: u32);
    /// The server clock offset shared by everything that runs on this
    /// host (clients, signers): the browser has one per page. The default
    /// is a new one for each caller.
    fn clock(&self) -> Rc<ClockSkew> {
        Rc::new(ClockSkew::new())
    }
}
