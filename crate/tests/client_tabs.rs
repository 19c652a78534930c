//! One session across tabs: clients sharing one store (as the tabs of an
//! origin share `localStorage`), with the scripted server and a fake clock.

mod client_common;

use std::cell::RefCell;
use std::rc::Rc;

use client_common::*;
use cognito_wasm::client::{CognitoClient, SessionEvent};
use cognito_wasm::session::storage::{KeyValueStore, MemoryStore};
use cognito_wasm::session::Credentials;
use cognito_wasm::ErrorKind;
use futures_util::future::{join, join3, join_all};

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
    // The credentials A shared serve B: no request at all.
    let credentials = run(a.get_credentials()).unwrap();
    p.clear_log();
    assert_eq!(run(b.get_credentials()).unwrap(), credentials);
    assert!(p.ops().is_empty(), "{:?}", p.ops());
}

/// Tabs `a` and `b` over one store: alice signed in, `b` holding her
/// credentials and recording its events, then `a` signs her out; the
/// request log cleared.
type SignedOutElsewhere = (
    CognitoClient<FakePlatform>,
    CognitoClient<FakePlatform>,
    Rc<RefCell<Vec<&'static str>>>,
);

fn signed_out_elsewhere(p: &FakePlatform, store: &Rc<MemoryStore>) -> SignedOutElsewhere {
    let a = tab(p, store);
    sign_in_alice(&a);
    let b = tab(p, store);
    run(b.get_credentials()).unwrap();
    let seen = events(&b);
    run(a.sign_out(false)).unwrap();
    p.clear_log();
    (a, b, seen)
}

#[test]
fn sign_out_in_one_tab_signs_out_every_tab() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let (_a, b, seen) = signed_out_elsewhere(&p, &store);
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
fn a_tab_told_of_a_storage_change_takes_it_at_once() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let (a, b, seen) = signed_out_elsewhere(&p, &store);
    // What the browser's `storage` event calls: the event fires now,
    // without a call of B's own and without a request.
    b.take_stored_change();
    assert_eq!(*seen.borrow(), ["signedOut"]);
    b.take_stored_change();
    assert_eq!(*seen.borrow(), ["signedOut"], "told once");
    // Another user signs in in A: B is told of the new session.
    sign_in_alice(&a);
    b.take_stored_change();
    assert_eq!(*seen.borrow(), ["signedOut", "signedIn"]);
    assert_eq!(p.ops(), ["InitiateAuth"], "A's sign-in only");
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

/// Tabs `a`, `b`, `c` over one store with alice signed in, her identity id
/// and credentials fetched, then both tokens and credentials due.
fn three_tabs_due(p: &FakePlatform, store: &Rc<MemoryStore>) -> [CognitoClient<FakePlatform>; 3] {
    {
        let mut server = p.server.borrow_mut();
        server.token_lifetime_s = 600.0;
        server.credentials_lifetime_s = 600.0;
    }
    let a = tab(p, store);
    sign_in_alice(&a);
    run(a.get_credentials()).unwrap();
    let tabs = [a, tab(p, store), tab(p, store)];
    p.advance_s(700.0);
    p.clear_log();
    tabs
}

/// 50 calls spread over the tabs, all at once.
fn fifty_calls(tabs: &[CognitoClient<FakePlatform>; 3]) -> Vec<Result<Credentials, ErrorKind>> {
    run(join_all((0..50).map(|i| {
        let tab = tabs[i % 3].clone();
        async move { tab.get_credentials().await.map_err(|e| e.kind) }
    })))
}

#[test]
fn one_refresh_and_one_credentials_chain_serve_every_tab() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let tabs = three_tabs_due(&p, &store);
    let results = fifty_calls(&tabs);
    assert_eq!(p.ops(), ["InitiateAuth", "GetCredentialsForIdentity"]);
    let first = results[0].clone().unwrap();
    assert!(results.iter().all(|r| r.as_ref() == Ok(&first)));
    // The other two tabs waited for each lock, then read storage.
    assert_eq!(p.locks.waits.get(), 2, "{:?}", p.locks.granted.borrow());
    // Every tab now holds the refreshed tokens: no request for them.
    let tokens = run(tabs[0].get_tokens()).unwrap();
    assert_eq!(run(tabs[1].get_tokens()).unwrap(), tokens);
    assert_eq!(run(tabs[2].get_tokens()).unwrap(), tokens);
    assert_eq!(p.count(), 2);
}

/// One tab's view of storage shared with `LateWrites`: another tab's
/// write reaches it only when the platform's storage event delivers it,
/// as a browser may grant a tab the lock before the holder's writes do.
struct LateView {
    store: Rc<MemoryStore>,
    late: Rc<LateWrites>,
    tab: usize,
}

/// The writes each tab has not seen yet: (tab, key, the value it still sees).
#[derive(Default)]
struct LateWrites(RefCell<Vec<(usize, String, Option<String>)>>);

impl LateView {
    fn write(&self, key: &str, apply: impl FnOnce(&MemoryStore)) {
        let old = self.store.get(key);
        let mut late = self.late.0.borrow_mut();
        for other in (0..3).filter(|&t| t != self.tab) {
            if !late.iter().any(|(t, k, _)| *t == other && k == key) {
                late.push((other, key.to_owned(), old.clone()));
            }
        }
        apply(&self.store);
    }
}

impl KeyValueStore for LateView {
    fn get(&self, key: &str) -> Option<String> {
        let late = self.late.0.borrow();
        match late.iter().find(|(t, k, _)| *t == self.tab && k == key) {
            Some((_, _, seen)) => seen.clone(),
            None => self.store.get(key),
        }
    }
    fn set(&self, key: &str, value: &str) {
        self.write(key, |s| s.set(key, value));
    }
    fn remove(&self, key: &str) {
        self.write(key, |s| s.remove(key));
    }
}

#[test]
fn a_tab_granted_the_lock_before_the_holders_writes_waits_for_them() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let tabs = three_tabs_due(&p, &store);
    let late = Rc::new(LateWrites::default());
    let deliver = Rc::clone(&late);
    *p.storage_event.borrow_mut() = Some(Box::new(move || {
        let any = !deliver.0.borrow().is_empty();
        deliver.0.borrow_mut().clear();
        any
    }));
    // The same three tabs' session, each tab now reading through its view.
    let views: Vec<CognitoClient<FakePlatform>> = (0..3)
        .map(|tab| {
            let view: Rc<dyn KeyValueStore> = Rc::new(LateView {
                store: Rc::clone(&store),
                late: Rc::clone(&late),
                tab,
            });
            client(password_config(), &p, Some(view))
        })
        .collect();
    drop(tabs);
    let views: [CognitoClient<FakePlatform>; 3] = views.try_into().ok().unwrap();
    let results = fifty_calls(&views);
    assert_eq!(p.ops(), ["InitiateAuth", "GetCredentialsForIdentity"]);
    let first = results[0].clone().unwrap();
    assert!(results.iter().all(|r| r.as_ref() == Ok(&first)));
}

#[test]
fn without_the_lock_tabs_may_refresh_twice_but_never_mix_sessions() {
    let p = FakePlatform::new();
    p.locks.disabled.set(true);
    let store = Rc::new(MemoryStore::new());
    let tabs = three_tabs_due(&p, &store);
    let results = fifty_calls(&tabs);
    let refreshes = p.ops().iter().filter(|o| *o == "InitiateAuth").count();
    assert_eq!(refreshes, 3, "{:?}", p.ops());
    assert!(results.iter().all(|r| r.is_ok()));
    assert_eq!(stored_sub(&store).as_deref(), Some("sub-alice"));
    for tab in &tabs {
        assert_eq!(tab.current_user().unwrap().sub, "sub-alice");
        assert!(run(tab.get_credentials()).is_ok());
    }
}

#[test]
fn a_forced_refresh_in_two_tabs_runs_once() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let a = tab(&p, &store);
    sign_in_alice(&a);
    let b = tab(&p, &store);
    p.advance_s(5.0);
    p.clear_log();
    let (ta, tb) = run(join(
        a.get_tokens_force_refresh(),
        b.get_tokens_force_refresh(),
    ));
    assert_eq!(ta.unwrap(), tb.unwrap());
    assert_eq!(p.ops(), ["InitiateAuth"]);
    // Forced again later: a new refresh, not the shared one.
    p.advance_s(5.0);
    run(b.get_tokens_force_refresh()).unwrap();
    assert_eq!(p.ops(), ["InitiateAuth", "InitiateAuth"]);
}

#[test]
fn a_tab_waiting_for_the_lock_when_another_signs_out_rejects() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let [a, b, _] = three_tabs_due(&p, &store);
    let signed_out = async {
        yield_now().await;
        a.sign_out(false).await
    };
    let (ra, rb, out) = run(join3(a.get_credentials(), b.get_credentials(), signed_out));
    out.unwrap();
    assert!(ra.is_err());
    assert_eq!(rb.unwrap_err().kind, ErrorKind::NotSignedIn);
    assert!(p.locks.waits.get() >= 1);
    assert!(store.entries().is_empty(), "{:?}", store.entries());
    assert!(!b.is_signed_in());
}

fn stored_credentials(store: &MemoryStore) -> Option<String> {
    store
        .entries()
        .into_iter()
        .find(|(k, _)| k.ends_with(".credentials"))
        .map(|(_, v)| v)
}

#[test]
fn shared_credentials_belong_to_one_user_and_end_with_the_session() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let a = tab(&p, &store);
    sign_in_alice(&a);
    let b = tab(&p, &store);
    let alice = run(a.get_credentials()).unwrap();
    let shared = stored_credentials(&store).unwrap();
    assert!(shared.contains("sub-alice"));
    // Bob signs in on B: alice's credentials are dropped at once.
    run(b.sign_in("bob", "bob-Passw0rd!")).unwrap();
    assert_eq!(stored_credentials(&store), None);
    let bob = run(b.get_credentials()).unwrap();
    assert_ne!(bob.identity_id, alice.identity_id);
    assert!(stored_credentials(&store).unwrap().contains("sub-bob"));
    // A follows: bob's session, bob's shared credentials, no request.
    p.clear_log();
    assert_eq!(run(a.get_credentials()).unwrap(), bob);
    assert_eq!(p.count(), 0);
    run(a.sign_out(false)).unwrap();
    assert_eq!(stored_credentials(&store), None);
    assert_eq!(
        run(b.get_credentials()).unwrap_err().kind,
        ErrorKind::NotSignedIn
    );
}

#[test]
fn credentials_for_added_logins_are_neither_shared_nor_taken() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let a = tab(&p, &store);
    sign_in_alice(&a);
    let b = tab(&p, &store);
    // A's Logins map has Google beside the user pool: nothing is shared.
    a.add_login("accounts.google.com", "google-token").unwrap();
    run(a.get_credentials()).unwrap();
    assert_eq!(stored_credentials(&store), None);
    // B (user pool alone) shares its own; A does not take them.
    let from_b = run(b.get_credentials()).unwrap();
    assert!(stored_credentials(&store).is_some());
    p.clear_log();
    let from_a = run(a.get_credentials_force_refresh()).unwrap();
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);
    let sent = &p.log()[0].body["Logins"];
    assert!(sent.get("accounts.google.com").is_some(), "{sent}");
    assert_ne!(from_a.access_key_id, "");
    let _ = from_b;
}
