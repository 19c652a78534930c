//! Session events, forced refreshes and a cached identity id the identity
//! pool no longer accepts, with the scripted server and a fake clock.

mod client_common;

use std::cell::RefCell;
use std::rc::Rc;

use client_common::*;
use cognito_wasm::client::SessionEvent;
use cognito_wasm::ErrorKind;

/// Records every event's name (and the error name of `refreshFailed`).
fn record(c: &cognito_wasm::client::CognitoClient<FakePlatform>) -> Rc<RefCell<Vec<String>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    c.on_event(Some(Box::new(move |event: &SessionEvent| {
        let entry = match event {
            SessionEvent::RefreshFailed(e) => format!("refreshFailed:{}", e.name()),
            SessionEvent::CredentialsRefreshed(c) => {
                format!("credentialsRefreshed:{}", c.identity_id)
            }
            other => other.name().to_owned(),
        };
        sink.borrow_mut().push(entry);
    })));
    seen
}

fn take(seen: &Rc<RefCell<Vec<String>>>) -> Vec<String> {
    std::mem::take(&mut *seen.borrow_mut())
}

#[test]
fn every_session_event_reaches_the_hook_in_order() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let c = client(password_config(), &p, None);
    let seen = record(&c);
    sign_in_alice(&c);
    run(c.get_credentials()).unwrap();
    assert_eq!(
        take(&seen),
        ["signedIn", "credentialsRefreshed:us-east-1:user-sub-alice"]
    );
    // Due tokens: refreshed before the credentials.
    p.advance_s(3700.0);
    run(c.get_credentials()).unwrap();
    assert_eq!(
        take(&seen),
        [
            "tokensRefreshed",
            "credentialsRefreshed:us-east-1:user-sub-alice"
        ]
    );
    // A failure that may be retried: told, and the session kept.
    p.advance_s(700.0);
    for _ in 0..8 {
        p.fail_next("InitiateAuth", Failure::Network);
    }
    assert!(run(c.get_tokens()).is_err());
    assert_eq!(take(&seen), ["refreshFailed:NetworkError"]);
    p.server.borrow_mut().failures.clear();
    // A refused refresh token: told, then the session expires.
    p.fail_next(
        "InitiateAuth",
        Failure::aws(
            400,
            "NotAuthorizedException",
            "Refresh Token has been revoked",
        ),
    );
    assert!(run(c.get_tokens()).is_err());
    assert_eq!(
        take(&seen),
        ["refreshFailed:NotAuthorizedException", "sessionExpired"]
    );
    sign_in_alice(&c);
    run(c.sign_out(false)).unwrap();
    assert_eq!(take(&seen), ["signedIn", "signedOut"]);
    // Nobody signed in: a sign-out is not an event.
    run(c.sign_out(false)).unwrap();
    assert!(take(&seen).is_empty());
    // Removed: nothing more is told.
    c.on_event(None);
    sign_in_alice(&c);
    assert!(take(&seen).is_empty());
}

#[test]
fn the_hook_may_call_back_into_the_client() {
    let p = FakePlatform::new();
    let c = client(password_config(), &p, None);
    let inner = c.clone();
    let users = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&users);
    c.on_event(Some(Box::new(move |_: &SessionEvent| {
        sink.borrow_mut()
            .push(inner.current_user().map(|u| u.username));
        // Replacing itself from inside the call.
        inner.on_event(None);
    })));
    sign_in_alice(&c);
    run(c.sign_out(false)).unwrap();
    assert_eq!(*users.borrow(), [Some("alice".to_owned())]);
}

#[test]
fn forced_refreshes_go_to_the_server_whatever_the_expiry() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let tokens = run(c.get_tokens()).unwrap();
    let credentials = run(c.get_credentials()).unwrap();
    p.clear_log();
    // Fresh: served from memory.
    assert_eq!(run(c.get_tokens()).unwrap(), tokens);
    assert_eq!(run(c.get_credentials()).unwrap(), credentials);
    assert_eq!(p.count(), 0);
    p.advance_s(1.0);
    let forced = run(c.get_tokens_force_refresh()).unwrap();
    assert_ne!(forced.id_token, tokens.id_token);
    assert_eq!(p.ops(), ["InitiateAuth"]);
    p.clear_log();
    let again = run(c.get_credentials_force_refresh()).unwrap();
    assert_ne!(again.access_key_id, credentials.access_key_id);
    // The identity id is cached: one call; the tokens were fresh.
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);
    assert_eq!(run(c.get_credentials()).unwrap(), again);
    // Concurrent forced calls share one refresh.
    p.clear_log();
    let (a, b) = run(futures_util::future::join(
        c.get_tokens_force_refresh(),
        c.get_tokens_force_refresh(),
    ));
    assert_eq!(a.unwrap(), b.unwrap());
    assert_eq!(p.ops(), ["InitiateAuth"]);
    // Forced guest credentials for a client never signed in.
    let guest = client(password_config(), &p, None);
    let first = run(guest.get_credentials()).unwrap();
    p.clear_log();
    let second = run(guest.get_credentials_force_refresh()).unwrap();
    assert_ne!(first.access_key_id, second.access_key_id);
    assert_eq!(first.identity_id, second.identity_id);
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);
    // Signed out: refused, not refreshed.
    run(c.sign_out(false)).unwrap();
    assert_eq!(
        run(c.get_tokens_force_refresh()).unwrap_err().kind,
        ErrorKind::NotSignedIn
    );
}

#[test]
fn a_cached_identity_id_the_pool_refuses_is_replaced_once() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let first = run(c.get_credentials()).unwrap();
    p.clear_log();
    p.fail_next(
        "GetCredentialsForIdentity",
        Failure::aws(400, "NotAuthorizedException", "Invalid identity"),
    );
    let again = run(c.get_credentials_force_refresh()).unwrap();
    assert_eq!(
        p.ops(),
        [
            "GetCredentialsForIdentity",
            "GetId",
            "GetCredentialsForIdentity"
        ]
    );
    assert_eq!(again.identity_id, first.identity_id);
    // Once only: refused again, the error is returned.
    p.clear_log();
    for _ in 0..2 {
        p.fail_next(
            "GetCredentialsForIdentity",
            Failure::aws(400, "NotAuthorizedException", "Invalid identity"),
        );
    }
    let e = run(c.get_credentials_force_refresh()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert_eq!(
        p.ops(),
        [
            "GetCredentialsForIdentity",
            "GetId",
            "GetCredentialsForIdentity"
        ]
    );
    // An id fetched just now is not retried.
    let fresh = client(password_config(), &p, None);
    sign_in_alice(&fresh);
    p.clear_log();
    p.fail_next(
        "GetCredentialsForIdentity",
        Failure::aws(400, "NotAuthorizedException", "Invalid identity"),
    );
    assert!(run(fresh.get_credentials()).is_err());
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
}
