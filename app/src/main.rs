//! cognito-wasm demo: a Yew app that signs in to a Cognito user pool, trades
//! the ID token for temporary AWS credentials at an identity pool, lists an
//! S3 prefix with them, and shows every call it makes along the way.
//!
//! It uses only the library's public API; the modules here are views.
//!
//! Natively (`cargo test -p cognito-wasm-demo`) only the browser-free
//! modules build, for their unit tests; the binary then does nothing.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(target_arch = "wasm32")]
mod app;
mod config_file;
#[cfg(target_arch = "wasm32")]
mod countdown;
#[cfg(target_arch = "wasm32")]
mod credentials;
mod error_box;
mod format;
#[cfg(target_arch = "wasm32")]
mod how_it_works;
mod json_view;
#[cfg(target_arch = "wasm32")]
mod pool_map;
#[cfg(target_arch = "wasm32")]
mod recorder;
mod redact;
mod request_log;
#[cfg(target_arch = "wasm32")]
mod s3_browser;
mod settings;
#[cfg(target_arch = "wasm32")]
mod sign_in;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod tokens;

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<app::App>::new().render();
}
