//! cognito-wasm: Amazon Cognito sign-in, identity-pool credentials and SigV4
//! signing for the browser.
//!
//! The protocol work is plain Rust with no I/O (it builds and tests natively);
//! a thin shell (`transport`, `js`) connects it to the browser.

pub mod aws_json;
pub mod bigint;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod challenge;
pub mod client;
pub mod config;
pub mod encoding;
pub mod error;
mod flight;
pub mod http;
pub mod identity;
pub mod idp;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod js;
pub mod json;
pub mod jwt;
pub mod platform;
pub mod retry;
pub mod s3;
pub mod secret_hash;
pub mod session;
pub mod sigv4;
pub mod skew;
pub mod sort;
pub mod srp;
pub mod storage;
mod text;
#[cfg(target_arch = "wasm32")]
pub mod web_storage;
pub mod xml;

pub use error::CognitoError;
