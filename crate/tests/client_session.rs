//! Session rules of `CognitoClient` with a fake clock, counted at the
//! (scripted) server: request counts, reuse inside the validity window,
//! refresh margin and clamp, single flight, identity id cache, issuer check,
//! storage contents, sign-out, several clients side by side.

mod client_common;

use cognito_wasm::ErrorKind;
use std::cell::RefCell;
use std::rc::Rc;

use client_common::*;
use cognito_wasm::config::Config;
use cognito_wasm::session::storage::{KeyValueStore, MemoryStore};
use cognito_wasm::session::Credentials;
use futures_util::future::{join, join3};

#[test]
fn password_flow_takes_three_requests_to_credentials_and_srp_four() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let creds = run(c.get_credentials()).unwrap();
    assert_eq!(
        p.ops(),
        ["InitiateAuth", "GetId", "GetCredentialsForIdentity"]
    );
    assert_eq!(creds.identity_id, "us-east-1:user-sub-alice");
    assert_eq!(creds.expiration_ms, T0 + 3_600_000.0 + 250.0);

    let p = FakePlatform::new();
    let c = signed_in(config(), &p);
    run(c.get_credentials()).unwrap();
    assert_eq!(
        p.ops(),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "GetId",
            "GetCredentialsForIdentity"
        ]
    );
}

#[test]
fn identity_requests_carry_the_logins_map() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let creds = run(c.get_credentials()).unwrap();
    let log = p.log();
    let id_token = run(c.get_tokens()).unwrap().id_token;
    let get_id = &log[1];
    assert_eq!(
        get_id.url, "https://cognito-identity.us-east-1.amazonaws.com/",
        "default endpoint"
    );
    assert!(get_id.headers.contains(&(
        "X-Amz-Target".into(),
        "AWSCognitoIdentityService.GetId".into()
    )));
    assert_eq!(get_id.body["IdentityPoolId"], IDENTITY_POOL);
    assert_eq!(get_id.body["Logins"][PROVIDER], id_token.as_str());
    let get_creds = &log[2];
    assert_eq!(get_creds.body["IdentityId"], "us-east-1:user-sub-alice");
    assert_eq!(get_creds.body["Logins"][PROVIDER], id_token.as_str());
    assert_eq!(log[0].url, "https://cognito-idp.us-east-1.amazonaws.com/");
    let signing = creds.signing();
    assert_eq!(signing.access_key_id, creds.access_key_id);
    assert_eq!(
        signing.session_token.as_deref(),
        Some(creds.session_token.as_str())
    );
}

#[test]
fn credentials_are_reused_inside_the_window_and_refreshed_past_the_margin() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let first = run(c.get_credentials()).unwrap();
    p.clear_log();
    // 54 minutes later: still more than 5 minutes left.
    p.advance_s(54.0 * 60.0);
    assert_eq!(run(c.get_credentials()).unwrap(), first);
    assert_eq!(p.count(), 0);
    // 55 min 1 s: inside the margin. Tokens are stale too (same lifetime),
    // so they are refreshed first; the identity id is cached.
    p.advance_s(61.0);
    let second = run(c.get_credentials()).unwrap();
    assert_ne!(second.access_key_id, first.access_key_id);
    assert_eq!(second.identity_id, first.identity_id);
    assert_eq!(p.ops(), ["InitiateAuth", "GetCredentialsForIdentity"]);
    assert_eq!(p.log()[0].body["AuthFlow"], "REFRESH_TOKEN_AUTH");
}

#[test]
fn margin_is_configurable_and_clamped_below_the_lifetime() {
    // Emulator-style 90 s credentials with the default 300 s margin: they
    // are used for 45 s, not refetched on every call.
    let p = FakePlatform::new();
    p.server.borrow_mut().credentials_lifetime_s = 90.0;
    let c = signed_in(password_config(), &p);
    let first = run(c.get_credentials()).unwrap();
    p.clear_log();
    assert_eq!(run(c.get_credentials()).unwrap(), first);
    p.advance_s(40.0);
    assert_eq!(run(c.get_credentials()).unwrap(), first);
    assert_eq!(p.count(), 0);
    p.advance_s(6.0);
    assert_ne!(run(c.get_credentials()).unwrap(), first);
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);

    // A 10 s margin keeps one-hour credentials until 59 min 50 s.
    let p = FakePlatform::new();
    let c = signed_in(
        Config {
            refresh_margin_seconds: Some(10.0),
            ..password_config()
        },
        &p,
    );
    let first = run(c.get_credentials()).unwrap();
    p.clear_log();
    p.advance_s(3589.0);
    assert_eq!(run(c.get_credentials()).unwrap(), first);
    assert_eq!(p.count(), 0);
    p.advance_s(2.0);
    assert_ne!(run(c.get_credentials()).unwrap(), first);
}

#[test]
fn an_expired_id_token_is_refreshed_before_get_id() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let c = signed_in(password_config(), &p);
    let old_token = run(c.get_tokens()).unwrap();
    p.clear_log();
    // Past expiry: the server would refuse the old ID token.
    p.advance_s(700.0);
    let creds = run(c.get_credentials()).unwrap();
    assert_eq!(
        p.ops(),
        ["InitiateAuth", "GetId", "GetCredentialsForIdentity"]
    );
    let log = p.log();
    assert_eq!(log[0].body["AuthFlow"], "REFRESH_TOKEN_AUTH");
    let new_token = run(c.get_tokens()).unwrap();
    assert_ne!(new_token.id_token, old_token.id_token);
    assert_eq!(log[1].body["Logins"][PROVIDER], new_token.id_token.as_str());
    assert_eq!(creds.identity_id, "us-east-1:user-sub-alice");
    assert_eq!(new_token.expires_at_ms, T0 + 700_000.0 + 600_000.0);
}

#[test]
fn refresh_keeps_the_old_refresh_token_unless_rotated() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    sign_in_alice(&c);
    let stored = |key: &str| {
        let all = store.entries();
        let text = &all.iter().find(|(k, _)| k.ends_with(".tokens")).unwrap().1;
        serde_json::from_str::<serde_json::Value>(text).unwrap()[key].clone()
    };
    let first_refresh = stored("refreshToken");
    p.advance_s(400.0);
    run(c.get_tokens()).unwrap();
    assert_eq!(stored("refreshToken"), first_refresh);
    p.advance_s(400.0);
    run(c.get_tokens()).unwrap();
    let log = p.log();
    assert_eq!(log.len(), 3);
    assert_eq!(
        log[2].body["AuthParameters"]["REFRESH_TOKEN"],
        first_refresh
    );
    // With rotation the new one is kept.
    p.server.borrow_mut().rotate_refresh_tokens = true;
    p.advance_s(400.0);
    run(c.get_tokens()).unwrap();
    assert_ne!(stored("refreshToken"), first_refresh);
}

#[test]
fn a_refused_refresh_ends_the_session() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    sign_in_alice(&c);
    // Revoked elsewhere (another device signed out globally).
    p.fail_next(
        "InitiateAuth",
        Failure::aws(
            400,
            "NotAuthorizedException",
            "Refresh Token has been revoked",
        ),
    );
    p.advance_s(700.0);
    let e = run(c.get_tokens()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert!(c.current_user().is_none());
    assert!(store.entries().is_empty());
    assert_eq!(
        run(c.get_tokens()).unwrap_err().kind,
        ErrorKind::NotSignedIn
    );
}

#[test]
fn an_expired_session_never_falls_back_to_guest_credentials() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let c = signed_in(password_config(), &p);
    run(c.get_credentials()).unwrap();
    p.fail_next(
        "InitiateAuth",
        Failure::aws(400, "NotAuthorizedException", "Refresh Token has expired"),
    );
    p.advance_s(3700.0);
    p.clear_log();
    let e = run(c.get_credentials()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert!(!c.is_signed_in());
    // Every later call too, without a request: no guest GetId.
    for _ in 0..2 {
        let e = run(c.get_credentials()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    }
    assert_eq!(p.ops(), ["InitiateAuth"]);
    // Guest credentials when asked for; the user's after a new sign-in.
    let guest = run(c.get_guest_credentials()).unwrap();
    sign_in_alice(&c);
    let user = run(c.get_credentials()).unwrap();
    assert_eq!(user.identity_id, "us-east-1:user-sub-alice");
    assert_ne!(guest.identity_id, user.identity_id);
}

#[test]
fn a_refresh_failure_that_may_be_retried_keeps_the_user_signed_in() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    sign_in_alice(&c);
    let stored = store.entries();
    let tokens = run(c.get_tokens()).unwrap();
    p.advance_s(700.0);
    let failures = [
        Failure::Network,
        Failure::aws(500, "InternalErrorException", "boom"),
        Failure::aws(400, "TooManyRequestsException", "slow down"),
    ];
    for failure in failures {
        // More failures than the retry budget: the call fails.
        for _ in 0..8 {
            p.fail_next("InitiateAuth", failure.clone());
        }
        let e = run(c.get_credentials()).unwrap_err();
        assert!(e.retryable, "{e:?}");
        p.server.borrow_mut().failures.clear();
        assert!(c.is_signed_in());
        assert_eq!(store.entries(), stored);
        assert_eq!(
            c.current_user().unwrap().sub,
            "sub-alice",
            "the tokens are kept as they were"
        );
    }
    let fresh = run(c.get_tokens()).unwrap();
    assert_ne!(fresh.id_token, tokens.id_token);
    run(c.get_credentials()).unwrap();
}

#[test]
fn server_echoing_a_token_does_not_leak_it() {
    let p = FakePlatform::new();
    p.server.borrow_mut().token_lifetime_s = 600.0;
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    sign_in_alice(&c);
    let text = store.entries()[0].1.clone();
    let refresh = serde_json::from_str::<serde_json::Value>(&text).unwrap()["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    p.fail_next(
        "InitiateAuth",
        Failure::aws(
            400,
            "NotAuthorizedException",
            &format!("Invalid Refresh Token: {refresh}"),
        ),
    );
    p.advance_s(700.0);
    let e = run(c.get_tokens()).unwrap_err();
    assert_eq!(e.message, "Invalid Refresh Token: <redacted>");
}

#[test]
fn concurrent_calls_share_one_request_chain() {
    let p = FakePlatform::new();
    let c = signed_in(config(), &p);
    p.clear_log();
    let (a, b, d) = run(join3(
        c.get_credentials(),
        c.get_credentials(),
        c.get_credentials(),
    ));
    let (a, b, d) = (a.unwrap(), b.unwrap(), d.unwrap());
    assert_eq!(a, b);
    assert_eq!(b, d);
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);

    // Past expiry: one refresh and one GetCredentialsForIdentity for all,
    // even when get_tokens joins in.
    p.clear_log();
    p.advance_s(3600.0);
    let (a, t, b) = run(join3(
        c.get_credentials(),
        c.get_tokens(),
        c.get_credentials(),
    ));
    assert_eq!(a.unwrap(), b.unwrap());
    t.unwrap();
    assert_eq!(p.ops(), ["InitiateAuth", "GetCredentialsForIdentity"]);

    // Guests too.
    let p = FakePlatform::new();
    let g = client(config(), &p, None);
    let (a, b) = run(join(g.get_credentials(), g.get_guest_credentials()));
    assert_eq!(a.unwrap(), b.unwrap());
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
}

#[test]
fn a_failed_chain_is_shared_then_forgotten() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    p.clear_log();
    p.fail_next(
        "GetId",
        Failure::aws(400, "ResourceNotFoundException", "IdentityPool not found"),
    );
    let (a, b) = run(join(c.get_credentials(), c.get_credentials()));
    assert_eq!(a.unwrap_err().kind, ErrorKind::ResourceNotFoundException);
    assert_eq!(b.unwrap_err().kind, ErrorKind::ResourceNotFoundException);
    assert_eq!(p.ops(), ["GetId"]);
    run(c.get_credentials()).unwrap();
    assert_eq!(p.ops(), ["GetId", "GetId", "GetCredentialsForIdentity"]);
}

#[test]
fn identity_id_is_cached_per_user_and_never_shared() {
    let p = FakePlatform::new();
    let store: Rc<MemoryStore> = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    let stored_ids = || -> serde_json::Value {
        match store
            .entries()
            .into_iter()
            .find(|(k, _)| k.ends_with(".identityIds"))
        {
            Some((_, ids)) => serde_json::from_str(&ids).unwrap(),
            None => serde_json::json!({}),
        }
    };
    sign_in_alice(&c);
    let alice = run(c.get_credentials()).unwrap();
    assert_eq!(alice.identity_id, "us-east-1:user-sub-alice");
    // Alice signs in again: her cached id is used, no GetId.
    sign_in_alice(&c);
    p.clear_log();
    assert_eq!(
        run(c.get_credentials()).unwrap().identity_id,
        alice.identity_id
    );
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);
    // Bob signs in on the same client: alice's identity id is neither used
    // nor kept, in memory or in storage.
    run(c.sign_in("bob", "bob-Passw0rd!")).unwrap();
    assert_eq!(
        stored_ids()[format!("{IDENTITY_POOL}|user:sub-alice")],
        serde_json::Value::Null
    );
    p.clear_log();
    let bob = run(c.get_credentials()).unwrap();
    assert_eq!(bob.identity_id, "us-east-1:user-sub-bob");
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
    assert_eq!(
        stored_ids()[format!("{IDENTITY_POOL}|user:sub-bob")],
        "us-east-1:user-sub-bob"
    );
    // Alice after bob: GetId again, and bob's id is gone.
    sign_in_alice(&c);
    p.clear_log();
    assert_eq!(
        run(c.get_credentials()).unwrap().identity_id,
        alice.identity_id
    );
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
    assert_eq!(
        stored_ids()[format!("{IDENTITY_POOL}|user:sub-bob")],
        serde_json::Value::Null
    );
}

#[test]
fn a_deleted_cached_identity_is_replaced() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let first = run(c.get_guest_credentials()).unwrap();
    p.server.borrow_mut().delete_identity(&first.identity_id);
    p.advance_s(3600.0);
    p.clear_log();
    let second = run(c.get_guest_credentials()).unwrap();
    assert_ne!(second.identity_id, first.identity_id);
    assert_eq!(
        p.ops(),
        [
            "GetCredentialsForIdentity",
            "GetId",
            "GetCredentialsForIdentity"
        ]
    );
}

#[test]
fn guest_identity_id_is_reused() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    let first = run(c.get_credentials()).unwrap();
    assert!(first.identity_id.starts_with("us-east-1:guest-"));
    let log = p.log();
    assert!(log[0].body.get("Logins").is_none());
    assert!(log[1].body.get("Logins").is_none());
    p.advance_s(3600.0);
    p.clear_log();
    let second = run(c.get_credentials()).unwrap();
    assert_eq!(second.identity_id, first.identity_id);
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);
    // A new client on the same store (a page reload) reuses it too.
    let reloaded = client(config(), &p, Some(store.clone()));
    p.advance_s(3600.0);
    p.clear_log();
    assert_eq!(
        run(reloaded.get_guest_credentials()).unwrap().identity_id,
        first.identity_id
    );
    assert_eq!(p.ops(), ["GetCredentialsForIdentity"]);
}

#[test]
fn guests_can_be_refused_by_the_pool() {
    let p = FakePlatform::new();
    p.server.borrow_mut().allow_guests = false;
    let c = client(config(), &p, None);
    let e = run(c.get_credentials()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert_eq!(p.count(), 1);
}

#[test]
fn guest_and_user_credentials_are_kept_apart() {
    let p = FakePlatform::new();
    let c = client(password_config(), &p, None);
    let guest = run(c.get_credentials()).unwrap();
    sign_in_alice(&c);
    let user = run(c.get_credentials()).unwrap();
    assert_ne!(user.identity_id, guest.identity_id);
    // The guest before the sign-in may have been someone else: the signed-in
    // user's guest credentials are a new guest identity's, kept from then on.
    let after = run(c.get_guest_credentials()).unwrap();
    assert_ne!(after.identity_id, guest.identity_id);
    assert_ne!(after.identity_id, user.identity_id);
    assert_eq!(run(c.get_guest_credentials()).unwrap(), after);
}

#[test]
fn issuer_is_checked_before_any_identity_request() {
    let p = FakePlatform::new();
    p.server.borrow_mut().issuer =
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SomeOther".into();
    let c = signed_in(password_config(), &p);
    p.clear_log();
    let e = run(c.get_credentials()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert!(e.message.contains("us-east-1_SomeOther"), "{}", e.message);
    assert_eq!(p.count(), 0);

    // An emulator behind a custom endpoint may use its own host.
    let p = FakePlatform::new();
    p.server.borrow_mut().issuer = format!("http://localhost:5000/{POOL}");
    let c = signed_in(
        Config {
            cognito_idp_endpoint: Some("http://localhost:5000".into()),
            cognito_identity_endpoint: Some("http://localhost:5000/".into()),
            ..password_config()
        },
        &p,
    );
    run(c.get_credentials()).unwrap();
    let log = p.log();
    assert!(log.iter().all(|l| l.url == "http://localhost:5000/"));
    // ...but the Logins key is always the AWS provider name.
    assert!(log[1].body["Logins"].get(PROVIDER).is_some());

    // The AWS endpoint's tokens must carry exactly the AWS issuer.
    let p = FakePlatform::new();
    p.server.borrow_mut().issuer = format!("https://evil.example.com/{POOL}");
    let c = signed_in(password_config(), &p);
    p.clear_log();
    assert!(run(c.get_credentials()).is_err());
    assert_eq!(p.count(), 0);
}

#[test]
fn no_identity_pool_is_an_invalid_config() {
    let p = FakePlatform::new();
    let c = signed_in(
        Config {
            identity_pool_id: None,
            ..password_config()
        },
        &p,
    );
    p.clear_log();
    assert_eq!(
        run(c.get_credentials()).unwrap_err().kind,
        ErrorKind::InvalidConfig
    );
    assert_eq!(
        run(c.get_guest_credentials()).unwrap_err().kind,
        ErrorKind::InvalidConfig
    );
    assert_eq!(p.count(), 0);
}

#[test]
fn storage_holds_tokens_identity_ids_and_the_users_credentials() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    let (user, password) = srp_user();
    run(c.sign_in(user, password)).unwrap();
    let creds = run(c.get_credentials()).unwrap();
    let guest = run(c.get_guest_credentials()).unwrap();
    let entries = store.entries();
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let prefix = format!("cognito-wasm.{POOL}.{CLIENT}");
    assert_eq!(
        keys,
        [
            format!("{prefix}.credentials"),
            format!("{prefix}.identityIds"),
            format!("{prefix}.tokens")
        ]
    );
    let everything: String = entries.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    // Never the password, nor guest credentials.
    for secret in [
        password,
        guest.secret_access_key.as_str(),
        guest.session_token.as_str(),
    ] {
        assert!(!everything.contains(secret), "{secret} stored");
    }
    // The user's credentials, for the other tabs, with whose they are.
    let shared = &entries[0].1;
    for part in [
        creds.secret_access_key.as_str(),
        creds.session_token.as_str(),
        creds.access_key_id.as_str(),
        creds.identity_id.as_str(),
        "sub-srp",
        IDENTITY_POOL,
    ] {
        assert!(shared.contains(part), "{part} missing");
    }
    assert!(everything.contains(&creds.identity_id));
    assert!(everything.contains(&guest.identity_id));
    let tokens = run(c.get_tokens()).unwrap();
    assert!(everything.contains(&tokens.id_token));
}

#[test]
fn a_new_client_restores_the_stored_session() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    sign_in_alice(&c);
    run(c.get_credentials()).unwrap();
    drop(c);
    p.clear_log();
    let reloaded = client(password_config(), &p, Some(store.clone()));
    assert_eq!(reloaded.current_user().unwrap().username, "alice");
    run(reloaded.get_tokens()).unwrap();
    assert_eq!(p.count(), 0);
    // The user's credentials are stored too: no request.
    run(reloaded.get_credentials()).unwrap();
    assert_eq!(p.count(), 0);
    // Garbage in the store is dropped.
    let key = format!("cognito-wasm.{POOL}.{CLIENT}.tokens");
    store.set(&key, "{not json");
    let broken = client(password_config(), &p, Some(store.clone()));
    assert!(broken.current_user().is_none());
    assert_eq!(store.get(&key), None);
}

#[test]
fn sign_out_clears_everything_locally() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let c = client(config(), &p, Some(store.clone()));
    let guest = run(c.get_guest_credentials()).unwrap();
    let (user, password) = srp_user();
    run(c.sign_in(user, password)).unwrap();
    let before = run(c.get_credentials()).unwrap();
    c.add_login("accounts.google.com", "google-token").unwrap();
    p.clear_log();
    run(c.sign_out(false)).unwrap();
    assert_eq!(p.ops(), ["RevokeToken"]);
    let revoke = &p.log()[0].body;
    assert_eq!(revoke["ClientId"], CLIENT);
    assert!(revoke["Token"].as_str().unwrap().starts_with("refresh-"));
    assert!(c.current_user().is_none());
    assert!(store.entries().is_empty());
    assert_eq!(
        run(c.get_tokens()).unwrap_err().kind,
        ErrorKind::NotSignedIn
    );
    // A signed-out client never drops to the guest unasked.
    p.clear_log();
    assert_eq!(
        run(c.get_credentials()).unwrap_err().kind,
        ErrorKind::NotSignedIn
    );
    assert_eq!(p.count(), 0);
    // Guest credentials asked for are a new guest's: nothing cached survived.
    let after = run(c.get_guest_credentials()).unwrap();
    assert_ne!(after.identity_id, before.identity_id);
    assert_ne!(after.identity_id, guest.identity_id);
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
    assert!(p.log()[0].body.get("Logins").is_none());
}

#[test]
fn sign_out_clears_a_pending_challenge() {
    let p = FakePlatform::new();
    p.add_user(User {
        mfa: Some("SMS_MFA"),
        ..User::new("dave", "Dave-Passw0rd!", "sub-dave")
    });
    let c = client(password_config(), &p, None);
    run(c.sign_in("dave", "Dave-Passw0rd!")).unwrap();
    assert!(c.pending_challenge().is_some());
    p.clear_log();
    run(c.sign_out(false)).unwrap();
    assert!(c.pending_challenge().is_none());
    assert_eq!(p.count(), 0, "nothing to revoke without tokens");
}

#[test]
fn global_sign_out_and_revocation() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let access = run(c.get_tokens()).unwrap().access_token;
    p.clear_log();
    run(c.sign_out(true)).unwrap();
    assert_eq!(p.ops(), ["GlobalSignOut"]);
    assert_eq!(p.log()[0].body["AccessToken"], access.as_str());
    assert!(p.log()[0].headers.contains(&(
        "X-Amz-Target".into(),
        "AWSCognitoIdentityProviderService.GlobalSignOut".into()
    )));

    // Expired access token: refreshed first, then GlobalSignOut.
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    p.advance_s(4000.0);
    p.clear_log();
    run(c.sign_out(true)).unwrap();
    assert_eq!(p.ops(), ["InitiateAuth", "GlobalSignOut"]);

    // Revocation disabled for the client: ignored.
    let p = FakePlatform::new();
    p.server.borrow_mut().revocation_enabled = false;
    let c = signed_in(password_config(), &p);
    run(c.sign_out(false)).unwrap();
    assert_eq!(p.ops().last().unwrap(), "RevokeToken");

    // Network failure: surfaced after the local state is gone.
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    sign_in_alice(&c);
    for _ in 0..4 {
        p.fail_next("GlobalSignOut", Failure::Network);
        p.fail_next("RevokeToken", Failure::Network);
    }
    let e = run(c.sign_out(true)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NetworkError);
    assert!(e.message.starts_with("GlobalSignOut"));
    assert!(c.current_user().is_none());
    assert!(store.entries().is_empty());
    assert_eq!(
        p.ops().iter().filter(|o| *o == "RevokeToken").count(),
        4,
        "revocation still attempted (with retries)"
    );
}

#[test]
fn revoke_token_sends_the_client_secret() {
    let p = FakePlatform::new();
    p.server.borrow_mut().client_secret = Some("s3cr3t".into());
    let c = signed_in(
        Config {
            client_secret: Some("s3cr3t".into()),
            ..password_config()
        },
        &p,
    );
    p.clear_log();
    run(c.sign_out(false)).unwrap();
    assert_eq!(p.ops(), ["RevokeToken"]);
    assert_eq!(p.log()[0].body["ClientSecret"], "s3cr3t");
}

#[test]
fn sign_out_during_a_fetch_discards_its_result() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let out = async {
        // Let the fetch send GetId first.
        yield_now().await;
        c.sign_out(false).await
    };
    let result = run(join(c.get_credentials(), out));
    assert_eq!(result.0.unwrap_err().kind, ErrorKind::NotSignedIn);
    result.1.unwrap();
    assert!(c.current_user().is_none());
}

#[test]
fn two_clients_side_by_side_share_nothing() {
    let p1 = FakePlatform::new();
    let p2 = FakePlatform::new();
    {
        let mut s = p2.server.borrow_mut();
        s.user_pool_id = "us-east-1_OtherPool1".into();
        s.client_id = "otherclient".into();
        s.issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_OtherPool1".into();
    }
    let store = Rc::new(MemoryStore::new());
    let shared: Rc<dyn KeyValueStore> = store.clone();
    let c1 = client(password_config(), &p1, Some(shared.clone()));
    let c2 = client(
        Config {
            client_id: "otherclient".into(),
            ..Config::new("us-east-1_OtherPool1", "otherclient")
        },
        &p2,
        Some(shared.clone()),
    );
    run(c1.sign_in("alice", "alice-Passw0rd!")).unwrap();
    assert!(c2.current_user().is_none());
    run(c2.sign_in("bob", "bob-Passw0rd!")).unwrap();
    assert_eq!(c1.current_user().unwrap().username, "alice");
    assert_eq!(c2.current_user().unwrap().username, "bob");
    assert_eq!(store.entries().len(), 2);
    run(c2.sign_out(false)).unwrap();
    assert_eq!(c1.current_user().unwrap().username, "alice");
    assert_eq!(store.entries().len(), 1);
    // Clones share one session.
    let c1b = c1.clone();
    run(c1b.sign_out(false)).unwrap();
    assert!(c1.current_user().is_none());
}

#[test]
fn credentials_listener_and_generation() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = seen.clone();
    c.on_credentials(Some(Box::new(move |creds: &Credentials| {
        sink.borrow_mut().push(creds.access_key_id.clone())
    })));
    assert_eq!(c.credentials_generation(), 0);
    let first = run(c.get_credentials()).unwrap();
    run(c.get_credentials()).unwrap();
    assert_eq!(c.credentials_generation(), 1);
    p.advance_s(3600.0);
    let second = run(c.get_credentials()).unwrap();
    assert_eq!(c.credentials_generation(), 2);
    assert_eq!(*seen.borrow(), [first.access_key_id, second.access_key_id]);
    c.on_credentials(None);
    p.advance_s(3600.0);
    run(c.get_credentials()).unwrap();
    assert_eq!(seen.borrow().len(), 2);
    assert_eq!(c.credentials_generation(), 3);
}

#[test]
fn federated_logins_join_the_logins_map() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let e = c.add_login("", "t").unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    assert!(c.add_login(PROVIDER, "t").is_err());
    c.add_login("accounts.google.com", "google-token").unwrap();
    let fed = run(c.get_credentials()).unwrap();
    assert_eq!(fed.identity_id, "us-east-1:user-fed:google-token");
    let log = p.log();
    assert_eq!(log[0].body["Logins"]["accounts.google.com"], "google-token");
    // Removing it drops those credentials: back to guest.
    assert!(c.remove_login("accounts.google.com"));
    assert!(!c.remove_login("accounts.google.com"));
    p.clear_log();
    let guest = run(c.get_credentials()).unwrap();
    assert!(guest.identity_id.starts_with("us-east-1:guest-"));
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
}

#[test]
fn credential_errors_are_typed() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    p.fail_next(
        "GetCredentialsForIdentity",
        Failure::Reply(
            200,
            r#"{"IdentityId":"x","Credentials":{"AccessKeyId":"A","SecretKey":"S","Expiration":1.7e9}}"#.into(),
            vec![],
        ),
    );
    let e = run(c.get_credentials()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidResponse);
    assert_eq!(
        e.message,
        "GetCredentialsForIdentity reply has no Credentials.SessionToken"
    );
    // Throttled GetCredentialsForIdentity is retried.
    p.fail_next(
        "GetCredentialsForIdentity",
        Failure::Reply(429, String::new(), vec![]),
    );
    p.clear_log();
    run(c.get_credentials()).unwrap();
    assert_eq!(
        p.ops(),
        ["GetCredentialsForIdentity", "GetCredentialsForIdentity"]
    );
}

#[test]
fn a_new_user_keeps_nothing_of_the_last() {
    let p = FakePlatform::new();
    let store = Rc::new(MemoryStore::new());
    let c = client(password_config(), &p, Some(store.clone()));
    // Someone's guest identity and Google login, then bob signs in without
    // a sign-out in between.
    let guest = run(c.get_guest_credentials()).unwrap();
    let stored = |id: &str| store.entries().iter().any(|(_, v)| v.contains(id));
    assert!(stored(&guest.identity_id));
    c.add_login("accounts.google.com", "google-token-of-alice")
        .unwrap();
    run(c.sign_in("bob", "bob-Passw0rd!")).unwrap();
    p.clear_log();
    let bob = run(c.get_credentials()).unwrap();
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
    let logins = p.log()[0].body["Logins"].as_object().unwrap().clone();
    assert_eq!(logins.len(), 1, "only bob's own login goes to GetId");
    assert!(logins.contains_key(PROVIDER));
    assert!(!stored(&guest.identity_id));
    // Guest credentials now are a new guest's, not the earlier visitor's.
    p.clear_log();
    let guest_after = run(c.get_guest_credentials()).unwrap();
    assert_ne!(guest_after.identity_id, guest.identity_id);
    assert_eq!(p.ops(), ["GetId", "GetCredentialsForIdentity"]);
    // Bob signing in again keeps his own identity id and added login.
    c.add_login("accounts.google.com", "google-token-of-bob")
        .unwrap();
    run(c.sign_in("bob", "bob-Passw0rd!")).unwrap();
    p.clear_log();
    let again = run(c.get_credentials()).unwrap();
    assert_eq!(again.identity_id, bob.identity_id);
    assert_eq!(p.log()[0].body["Logins"].as_object().unwrap().len(), 2);
}
