//! The browser shell (wasm32 only): the [`crate::Platform`] over `fetch`,
//! `Date.now`, `crypto.getRandomValues` and `setTimeout`, and Web Storage.

mod platform;
pub mod web_storage;

pub use platform::{global_fetch, BrowserPlatform};
