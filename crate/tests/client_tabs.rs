//! One session across tabs: clients sharing one store (as the tabs of an
//! origin share `localStorage`), with the scripted server and a fake clock.

mod client_common;

use std::cell::RefCell;
use std::rc::Rc;

use client_common::*;
use cognito_wasm::client::{CognitoClient, SessionEvent};
use cognito_wasm::session::storage::{KeyValueStore, MemoryStore};
use cognito_wasm::ErrorKind;
use futures_util::future::join;

fn tab(p: &FakePlatform, store: &Rc<MemoryStore>) -> CognitoClient<FakePlatform> {
    let store: Rc<dyn KeyValueStore> = store.clone();
    client(password_config(), p, Some(store))
}

fn events(c: &CognitoClient<FakePlatform>) -> Rc<RefCell<Vec<&'static str>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    c.on_event(Some(Box::new(move |e: &SessionEvent| {
        sink.borrow_mut().push(e.name())
    })));
    seen
}

fn stored_sub(store: &MemoryStore) -> Option<String> {
    let (_, text) = store
        .entries()
        .into_iter()
        .find(|(k, _)| k.ends_with(".tokens"))?;
    cognito_wasm::session::TokenSet::from_json(&text)?
        .sub()
        .map(str::to_owned)
}

#[test]
fn a_tab_uses_the_tokens_another_tab_refreshed() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let store = Rc::new(MemoryStore::new());
    let a = tab(&p, &store);
    sign_in_alice(&a);
    let b = tab(&p, &store);
    let seen = events(&b);
    p.advance_s(700.0);
    p.clear_log();
    let refreshed = run(a.get_tokens()).unwrap();
    assert_eq!(p.ops(), ["InitiateAuth"]);
    // B reads storage before refreshing: no second refresh.
    assert_eq!(run(b.get_tokens()).unwrap(), refreshed);
    assert_eq!(p.ops(), ["InitiateAuth"]);
    assert_eq!(*seen.borrow(), ["tokensRefreshed"]);
    // The identity id A stored serves B: no GetId.
    run(a.get_credentials()).unwrap();
    p.clear_log();
    run(b.get_credentials()).unwrap();
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);
}

#[test]
fn sign_out_in_one_tab_signs_out_every_tab() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let a = tab(&p, &store);
    sign_in_alice(&a);
    let b = tab(&p, &store);
    run(b.get_credentials()).unwrap();
    let seen = events(&b);
    run(a.sign_out(false)).unwrap();
    p.clear_log();
    // B's tokens and credentials were fresh: still refused, no request.
    assert_eq!(
        run(b.get_credentials()).unwrap_err().kind,
        ErrorKind::NotSignedIn
    );
    assert_eq!(
        run(b.get_tokens()).unwrap_err().kind,
        ErrorKind::NotSignedIn
    );
    assert!(!b.is_signed_in());
    assert_eq!(p.count(), 0);
    assert_eq!(*seen.borrow(), ["signedOut"]);
    assert!(store.entries().is_empty());
}

#[test]
fn a_stale_tab_never_writes_over_another_users_session() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let store = Rc::new(MemoryStore::new());
    let a = tab(&p, &store);
    sign_in_alice(&a);
    let b = tab(&p, &store);
    p.advance_s(700.0);
    // A's refresh takes two round trips (a 500, then the reply); bob signs
    // in on B in between.
    p.fail_next(
        "InitiateAuth",
        Failure::aws(500, "InternalErrorException", "busy"),
    );
    let (refresh, sign_in) = run(join(a.get_tokens(), b.sign_in("bob", "bob-Passw0rd!")));
    sign_in.unwrap();
    assert_eq!(refresh.unwrap_err().kind, ErrorKind::NotSignedIn);
    assert_eq!(stored_sub(&store).as_deref(), Some("sub-bob"));
    // A now holds bob's session, and writes only bob's.
    assert_eq!(a.current_user().unwrap().sub, "sub-bob");
    run(a.get_credentials()).unwrap();
    assert_eq!(stored_sub(&store).as_deref(), Some("sub-bob"));
    // Alice's identity id never reaches bob's session.
    let ids = store
        .entries()
        .into_iter()
        .find(|(k, _)| k.ends_with(".identityIds"))
        .map(|(_, v)| v)
        .unwrap_or_default();
    assert!(!ids.contains("sub-alice"), "{ids}");
}

#[test]
fn a_tab_signed_out_meanwhile_keeps_no_identity_id() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let a = tab(&p, &store);
    sign_in_alice(&a);
    let b = tab(&p, &store);
    // B's GetId is in flight when A signs out.
    let (credentials, signed_out) = run(join(b.get_credentials(), a.sign_out(false)));
    signed_out.unwrap();
    assert!(credentials.is_err());
    assert!(store.entries().is_empty(), "{:?}", store.entries());
}
