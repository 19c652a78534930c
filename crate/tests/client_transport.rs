//! The transport rules of `CognitoClient` with a fake clock and server:
//! the clock offset is the platform's (one per page in a browser, so every
//! client shares what one learned), and a call abandoned mid-flight (its
//! future dropped: what an aborted `signal` does) leaves the session as it
//! was.

mod client_common;

use std::rc::Rc;

use client_common::*;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::client::skew::ClockSkew;
use cognito_wasm::error::CognitoError;
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use futures_util::FutureExt;

/// [`FakePlatform`] with one clock offset for every client on it, as the
/// browser's platform has one per page.
#[derive(Clone)]
struct PagePlatform(FakePlatform, Rc<ClockSkew>);

impl Platform for PagePlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        self.0.send(request).await
    }

    fn now_ms(&self) -> f64 {
        self.0.now_ms()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        self.0.random_bytes(buf)
    }

    async fn sleep(&self, ms: u32) {
        self.0.sleep(ms).await
    }

    fn clock(&self) -> Rc<ClockSkew> {
        Rc::clone(&self.1)
    }
}

#[test]
fn clients_on_one_page_share_the_offset_one_of_them_learned() {
    let fake = FakePlatform::new();
    fake.server.borrow_mut().offset_ms = 20.0 * 60_000.0;
    let page = PagePlatform(fake.clone(), Rc::new(ClockSkew::new()));
    let first =
        cognito_wasm::client::CognitoClient::new(password_config(), page.clone(), None).unwrap();
    let second = cognito_wasm::client::CognitoClient::new(config(), page.clone(), None).unwrap();
    run(first.sign_in("alice", "alice-Passw0rd!")).unwrap();
    assert_eq!(first.skew().offset_ms(), 20.0 * 60_000.0);
    // Never sent anything, yet on the server's time.
    assert_eq!(second.skew().offset_ms(), 20.0 * 60_000.0);
    assert_eq!(second.now_ms(), T0 + 20.0 * 60_000.0);
    assert_eq!(page.1.offset_ms(), 20.0 * 60_000.0);

    // Without a shared clock (the platform's default), clients learn alone.
    let alone = client(config(), &fake, None);
    let other = signed_in(password_config(), &fake);
    assert_eq!(other.skew().offset_ms(), 20.0 * 60_000.0);
    assert_eq!(alone.skew().offset_ms(), 0.0);
}

#[test]
fn a_refresh_abandoned_mid_flight_leaves_the_session() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let before = run(c.get_tokens()).unwrap();
    p.advance_s(3600.0);
    p.clear_log();
    // Polled once: the refresh is handed to the platform, which has not
    // answered yet (the fake server answers on its next turn); dropped.
    assert!(c.get_tokens().now_or_never().is_none());
    assert!(p.ops().is_empty());
    assert!(c.is_signed_in());
    assert_eq!(c.current_user().unwrap().username, "alice");
    // The next call gets fresh tokens, with one refresh.
    let after = run(c.get_tokens()).unwrap();
    assert_eq!(p.ops(), ["InitiateAuth"]);
    assert_ne!(after.id_token, before.id_token);
    assert!(c.is_signed_in());
}
