//! cognito-wasm: Amazon Cognito sign-in, identity-pool credentials and SigV4
//! signing for the browser.
//!
//! The protocol work is plain Rust with no I/O (it builds and tests natively);
//! a thin shell (`transport`, `js`) connects it to the browser.

pub mod error;
pub mod http;

pub use error::CognitoError;
