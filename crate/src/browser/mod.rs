//! The browser shell (wasm32 only): the [`crate::Platform`] over `fetch`,
//! `Date.now`, `crypto.getRandomValues` and `setTimeout`, the one
//! cancellable fetch every request goes through, and Web Storage.

mod platform;
pub mod storage_events;
pub mod web_storage;

pub use platform::{
    aborted_by, fetch, origin_of, request_init, scoped, signal_of, BrowserPlatform, Fetched,
    Scoped, DEFAULT_TIMEOUT_MS,
};
