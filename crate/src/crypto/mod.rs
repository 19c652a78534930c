//! The cryptography Cognito asks of a client: SRP-6a (USER_SRP_AUTH), the big
//! numbers under it, and SECRET_HASH. SHA-256 and HMAC come from `sha2` and
//! `hmac`.

#[doc(hidden)] // Public for the crate's browser tests of the backends only.
pub mod bigint;
pub mod secret_hash;
pub mod srp;
