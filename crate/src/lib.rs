//! cognito-wasm: Amazon Cognito sign-in, identity-pool credentials and SigV4
//! signing for the browser.
//!
//! The protocol work is plain Rust with no I/O: it builds requests, reads
//! replies and keeps state, and it builds and tests natively. A thin shell
//! connects it to the browser. The folders, from the wire up
//! (`docs/architecture.md` draws the same map):
//!
//! | module | what lives there | I/O |
//! | --- | --- | --- |
//! | [`wire`] | JSON, XML, hex/URI/base64, dates, JWT payloads, HTTP values, packed arguments | none |
//! | [`crypto`] | SRP-6a, its big numbers, SECRET_HASH | none |
//! | [`sigv4`] | AWS Signature Version 4, stage by stage | none |
//! | [`cognito`] | the Cognito operations: request builders and reply parsers | none |
//! | [`s3`] | S3 requests, replies and errors | none (plus one async driver) |
//! | [`session`] | tokens, credentials, expiry and what is persisted, time passed in | none |
//! | [`config`] | the client configuration and its checks | none |
//! | [`client`] | the async driver over a [`Platform`]: calls, retry, clock skew, single flight | through `Platform` |
//! | `browser` | the wasm32 [`Platform`] (fetch, timers) and Web Storage | the browser |
//! | `js` | the wasm-bindgen JavaScript API | the browser |
//! | `heap` | the wasm32 global allocator (feature `small-heap`) | `memory.grow` |
//!
//! Errors are one type, [`CognitoError`], whose [`ErrorKind`] is matched in
//! Rust; the AWS-style name string exists only at the edges.
#![warn(missing_docs)]
// core and alloc only, so that the npm build (feature `no-std`) links no std:
// its panic machinery is bytes a library that never panics does not need.
#![no_std]

extern crate alloc;
#[cfg(not(all(target_arch = "wasm32", feature = "no-std")))]
extern crate std;

/// The npm build's panic handler: unreachable by design (the library does
/// not panic), it stops the module with a trap.
#[cfg(all(target_arch = "wasm32", feature = "no-std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(target_arch = "wasm32")]
mod local;
mod prelude;

#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod client;
pub mod cognito;
pub mod config;
pub mod crypto;
#[cfg(feature = "dynamodb")]
pub mod dynamodb;
pub mod error;
#[cfg(any(
    test,
    all(
        target_arch = "wasm32",
        not(target_feature = "atomics"),
        feature = "small-heap"
    )
))]
mod heap;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
pub mod js;
pub mod s3;
pub mod session;
pub mod sigv4;
pub mod wire;

#[cfg(all(
    target_arch = "wasm32",
    not(target_feature = "atomics"),
    feature = "small-heap"
))]
#[global_allocator]
static HEAP: heap::WasmHeap = heap::WasmHeap::new();

pub use client::{CognitoClient, CurrentUser, Platform, SignInResult};
pub use cognito::challenge::{ChallengeAnswer, NextStep};
pub use config::{AuthFlow, Config};
pub use error::{CognitoError, ErrorKind};
pub use session::Credentials;
