//! The cryptography Cognito asks of a client: SRP-6a (USER_SRP_AUTH), the big
//! numbers under it, SECRET_HASH, and the HMAC-SHA256 they and SigV4 sign
//! with, and SHA-256 itself.

#[doc(hidden)] // Public for the crate's browser tests of the backends only.
pub mod bigint;
pub mod hmac;
pub mod secret_hash;

/// SHA-256, from the workspace's own `cognito-wasm-sha256` crate.
pub use cognito_wasm_sha256 as sha256;
pub mod srp;
