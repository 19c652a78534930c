//! What the core needs from its host: send an HTTP request, the time, random
//! bytes, a timer, the clock offset it shares, a lock shared with the
//! other tabs and a turn for the event loop. The browser shell implements
//! it with fetch, `Date.now`, `crypto.getRandomValues`, `setTimeout`, one
//! offset per page, the Web Locks API and a `MessageChannel`; native tests
//! with fakes.
use crate::prelude::*;

use alloc::rc::Rc;

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
    /// Waits for the lock `name`, shared with every client of the storage
    /// the session is kept in (the tabs of an origin), and holds it until
    /// the returned guard is dropped. A host without such a lock, or one
    /// that gives up waiting, returns [`TabLock::none`]: the client then
    /// relies on its storage checks alone. The default has no lock.
    async fn lock(&self, name: &str) -> TabLock {
        let _ = name;
        TabLock::none()
    }
    /// Waits until another client changes the shared storage (the
    /// browser's `storage` event) or `ms` pass; whether a change came. A
    /// tab may be granted a lock before the storage writes of the tab that
    /// held it reach it: the client then waits here for them. The default
    /// (storage that every client sees at once) returns `false` at once.
    async fn storage_changed(&self, ms: u32) -> bool {
        let _ = ms;
        false
    }
    /// The name a device confirmed at sign-in is given (`DeviceName`, as
    /// `listDevices` shows it): the browser's user agent. The default has
    /// none.
    fn device_name(&self) -> Option<String> {
        None
    }
    /// Lets the host's event loop run what waits (input, rendering, other
    /// tasks) before going on: between slices of SRP's big-number math. The
    /// default returns at once.
    async fn yield_now(&self) {}
    /// A monotonic clock in milliseconds, to time those slices. The
    /// default is [`Platform::now_ms`].
    fn monotonic_ms(&self) -> f64 {
        self.now_ms()
    }
}

/// A lock held across tabs ([`Platform::lock`]), released when dropped.
pub struct TabLock {
    release: Option<Box<dyn FnOnce()>>,
    waited: bool,
}

impl TabLock {
    /// No lock held.
    pub fn none() -> TabLock {
        TabLock {
            release: None,
            waited: false,
        }
    }

    /// A lock held until `release` runs (when the guard is dropped).
    pub fn new(release: impl FnOnce() + 'static) -> TabLock {
        TabLock {
            release: Some(Box::new(release)),
            waited: false,
        }
    }

    /// The same lock, marked as granted after another client held it.
    pub fn after_wait(mut self, waited: bool) -> TabLock {
        self.waited = waited;
        self
    }

    /// Whether another client held the lock first (and may have just
    /// stored what this one wants).
    pub fn waited(&self) -> bool {
        self.waited
    }
}

impl Drop for TabLock {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            release();
        }
    }
}
