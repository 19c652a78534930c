//! cognito-wasm: Amazon Cognito sign-in, identity-pool credentials and SigV4
//! signing for the browser.
//!
//! The protocol work is plain Rust with no I/O (it builds and tests natively);
//! a thin shell (`transport`, `js`) connects it to the browser.

pub mod bigint;
pub mod client;
pub mod config;
pub mod encoding;
pub mod error;
pub mod http;
pub mod identity;
pub mod idp;
pub mod json;
pub mod jwt;
pub mod platform;
pub mod s3;
pub mod secret_hash;
pub mod session;
pub mod sigv4;
pub mod skew;
pub mod srp;
pub mod xml;

pub use error::CognitoError;
