//! cognito-wasm demo: a Yew app that signs in to a Cognito user pool, trades
//! the ID token for temporary AWS credentials at an identity pool, lists an
//! S3 prefix with them, and shows every call it makes along the way.
//!
//! It uses only the library's public API. `components/` holds the views,
//! `hooks/` the flows (each owns its async task), `state.rs` the session
//! reducer; the other modules are plain helpers and the calls the hooks make.
//!
//! Natively (`cargo test -p cognito-wasm-demo`) only the browser-free
//! modules build, for their unit tests; the binary then does nothing.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod account_screen;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod clock;
#[cfg(target_arch = "wasm32")]
mod components;
mod config_file;
#[cfg(target_arch = "wasm32")]
mod data_calls;
mod data_settings;
mod error_hints;
mod format;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod other_user;
mod outbox;
#[cfg(target_arch = "wasm32")]
mod pool_map;
mod pretty_json;
#[cfg(target_arch = "wasm32")]
mod profile_row;
mod qr_svg;
#[cfg(target_arch = "wasm32")]
mod recorder;
mod redact;
mod request_log;
#[cfg(target_arch = "wasm32")]
mod s3_listing;
#[cfg(target_arch = "wasm32")]
mod session;
mod settings;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod user_files;

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<app::App>::new().render();
}
