//! The cryptography Cognito asks of a client: SRP-6a (USER_SRP_AUTH), the big
//! numbers under it, SECRET_HASH, and the HMAC-SHA256 they and SigV4 sign
//! with. SHA-256 comes from `sha2`.

#[doc(hidden)] // Public for the crate's browser tests of the backends only.
pub mod bigint;
pub mod hmac;
pub mod secret_hash;
pub mod srp;
