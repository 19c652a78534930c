//! Sign-in flows of `CognitoClient` against the scripted server: SRP (with
//! the reference vectors), USER_PASSWORD_AUTH, challenges, SECRET_HASH,
//! retries and the skew-corrected TIMESTAMP.

mod client_common;

use client_common::*;
use cognito_wasm::client::SignInResult;
use cognito_wasm::cognito::challenge::{ChallengeAnswer, NextStep};
use cognito_wasm::config::Config;
use cognito_wasm::crypto::secret_hash::secret_hash;
use cognito_wasm::crypto::srp::{cognito_timestamp, PasswordClaim, SrpSession, SECRET_BYTES};
use cognito_wasm::ErrorKind;

#[test]
fn srp_sign_in_matches_the_reference_vector() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let (user, password) = srp_user();
    assert_eq!(
        run(c.sign_in(user, password)).unwrap(),
        SignInResult::SignedIn
    );
    assert_eq!(p.ops(), ["InitiateAuth", "RespondToAuthChallenge"]);
    let log = p.log();
    let init = &log[0].body;
    assert_eq!(init["AuthFlow"], "USER_SRP_AUTH");
    assert_eq!(init["ClientId"], CLIENT);
    assert_eq!(init["AuthParameters"]["USERNAME"], user);
    // The secret is the platform's first draw (SECRET_BYTES of the vector's
    // `a`); srp_vectors checks SrpSession against the reference for any `a`.
    let secret = &p.srp_secrets()[0];
    assert_eq!(init["AuthParameters"]["SRP_A"], srp_a_of(secret));
    assert!(init["AuthParameters"].get("SECRET_HASH").is_none());
    let answer = &log[1].body;
    assert_eq!(answer["ChallengeName"], "PASSWORD_VERIFIER");
    assert_eq!(answer["Session"], "session-1");
    let responses = &answer["ChallengeResponses"];
    assert_eq!(responses["USERNAME"], user);
    assert_eq!(responses["TIMESTAMP"], case_str("timestamp"));
    assert_eq!(
        responses["PASSWORD_CLAIM_SECRET_BLOCK"],
        case_str("secretBlock")
    );
    let expected = SrpSession::from_secret_hex(secret)
        .unwrap()
        .password_claim(&PasswordClaim {
            pool_name: case_str("poolName"),
            user_id_for_srp: user,
            password,
            salt_hex: case_str("salt"),
            srp_b_hex: case_str("srpB"),
            secret_block_b64: case_str("secretBlock"),
            timestamp: case_str("timestamp"),
        })
        .unwrap();
    assert_eq!(responses["PASSWORD_CLAIM_SIGNATURE"], expected.as_str());
    // The password is never sent in SRP mode.
    for l in &log {
        assert!(!l.raw_body.contains(password));
    }
    let me = c.current_user().unwrap();
    assert_eq!(me.username, user);
    assert_eq!(me.sub, "sub-srp");
    assert_eq!(me.id_token_claims.token_use(), Some("id"));
    assert_eq!(me.access_token_claims.token_use(), Some("access"));
}

#[test]
fn srp_wrong_password_is_not_authorized() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let e = run(c.sign_in("alice", "not-her-password")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert_eq!(e.message, "Incorrect username or password.");
    assert!(!e.retryable);
    assert_eq!(p.ops(), ["InitiateAuth", "RespondToAuthChallenge"]);
    assert!(c.current_user().is_none());
    // Works with the right one (any user: the server checks the proof).
    sign_in_alice(&c);
}

#[test]
fn srp_timestamp_uses_the_skew_corrected_clock() {
    let p = FakePlatform::new();
    // The browser clock is 2 h 10 min slow; the server sends Date headers.
    p.clock.set(T0 - 7_800_000.0);
    p.server.borrow_mut().offset_ms = 7_800_000.0;
    let c = client(config(), &p, None);
    let (user, password) = srp_user();
    assert_eq!(
        run(c.sign_in(user, password)).unwrap(),
        SignInResult::SignedIn
    );
    let log = p.log();
    assert_eq!(
        log[1].body["ChallengeResponses"]["TIMESTAMP"],
        case_str("timestamp")
    );
    assert_eq!(c.skew().offset_ms(), 7_800_000.0);

    // Without Date headers the local clock is used and the server refuses.
    let p = FakePlatform::new();
    p.clock.set(T0 - 7_800_000.0);
    p.server.borrow_mut().offset_ms = 7_800_000.0;
    p.server.borrow_mut().send_date = false;
    let c = client(config(), &p, None);
    let e = run(c.sign_in(user, password)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert_eq!(
        p.log()[1].body["ChallengeResponses"]["TIMESTAMP"],
        cognito_timestamp(T0 - 7_800_000.0)
    );
}

#[test]
fn password_flow_sends_the_password_once() {
    let p = FakePlatform::new();
    let c = signed_in(password_config(), &p);
    assert_eq!(p.ops(), ["InitiateAuth"]);
    let body = &p.log()[0].body;
    assert_eq!(body["AuthFlow"], "USER_PASSWORD_AUTH");
    assert_eq!(body["AuthParameters"]["USERNAME"], "alice");
    assert_eq!(body["AuthParameters"]["PASSWORD"], "alice-Passw0rd!");
    let tokens = run(c.get_tokens()).unwrap();
    assert_eq!(tokens.expires_at_ms, T0 + 3_600_000.0);
    assert_eq!(p.count(), 1, "fresh tokens need no request");
    let e = run(c.sign_in("alice", "wrong")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotAuthorizedException);
    assert!(!e.message.contains("wrong"));
    let e = run(c.sign_in("nobody", "x")).unwrap_err();
    assert_eq!(e.name(), "UserNotFoundException");
}

#[test]
fn empty_username_or_password_is_refused_before_any_request() {
    for cfg in [config(), password_config()] {
        let p = FakePlatform::new();
        let c = client(cfg, &p, None);
        let e = run(c.sign_in("", "pw")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
        assert_eq!(e.message, "username is empty");
        let e = run(c.sign_in("alice", "")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
        assert_eq!(e.message, "password is empty");
        assert_eq!(p.count(), 0);
    }
}

#[test]
fn secret_hash_is_sent_when_the_client_has_a_secret() {
    for flow_config in [config(), password_config()] {
        let p = FakePlatform::new();
        p.server.borrow_mut().client_secret = Some("s3cr3t".into());
        p.server.borrow_mut().token_lifetime_s = 600.0;
        let c = client(
            Config {
                client_secret: Some("s3cr3t".into()),
                ..flow_config
            },
            &p,
            None,
        );
        sign_in_alice(&c);
        let expected = secret_hash("s3cr3t", "alice", CLIENT);
        for l in p.log() {
            let params = if l.op == "InitiateAuth" {
                &l.body["AuthParameters"]
            } else {
                &l.body["ChallengeResponses"]
            };
            assert_eq!(params["SECRET_HASH"], expected.as_str(), "{}", l.op);
        }
        // REFRESH_TOKEN_AUTH hashes the tokens' username.
        p.clear_log();
        p.advance_s(400.0);
        run(c.get_tokens()).unwrap();
        let log = p.log();
        assert_eq!(log[0].body["AuthFlow"], "REFRESH_TOKEN_AUTH");
        assert_eq!(
            log[0].body["AuthParameters"]["SECRET_HASH"],
            expected.as_str()
        );
    }
    // Without a secret, the server refuses a SECRET_HASH (and none is sent).
    let p = FakePlatform::new();
    signed_in(password_config(), &p);
    assert!(p.log()[0].body["AuthParameters"]
        .get("SECRET_HASH")
        .is_none());
}

#[test]
fn new_password_required_then_signed_in() {
    let p = FakePlatform::new();
    p.add_user(User {
        new_password_required: true,
        ..User::new("carol", "Temp-Passw0rd!", "sub-carol")
    });
    let c = client(config(), &p, None);
    let next = match run(c.sign_in("carol", "Temp-Passw0rd!")).unwrap() {
        SignInResult::NextStep(next) => next,
        other => panic!("expected a challenge, got {other:?}"),
    };
    assert_eq!(next.challenge, "NEW_PASSWORD_REQUIRED");
    assert_eq!(next.required_attributes, vec!["name"]);
    assert_eq!(
        next.user_attributes,
        vec![("email".to_owned(), "someone@example.com".to_owned())]
    );
    assert_eq!(c.pending_challenge(), Some(next));
    assert!(c.current_user().is_none());

    // A missing attribute is refused locally.
    let e = run(c.respond_to_challenge(ChallengeAnswer {
        new_password: Some("N3w-Passw0rd!".into()),
        ..ChallengeAnswer::default()
    }))
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    assert_eq!(p.count(), 2);

    let result = run(c.respond_to_challenge(ChallengeAnswer {
        new_password: Some("N3w-Passw0rd!".into()),
        attributes: vec![("name".into(), "Carol".into())],
        ..ChallengeAnswer::default()
    }))
    .unwrap();
    assert_eq!(result, SignInResult::SignedIn);
    let log = p.log();
    let answer = &log[2].body;
    assert_eq!(answer["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(answer["Session"], "session-2");
    assert_eq!(answer["ChallengeResponses"]["USERNAME"], "carol");
    assert_eq!(
        answer["ChallengeResponses"]["NEW_PASSWORD"],
        "N3w-Passw0rd!"
    );
    assert_eq!(answer["ChallengeResponses"]["userAttributes.name"], "Carol");
    assert_eq!(c.current_user().unwrap().username, "carol");
    assert_eq!(c.pending_challenge(), None);

    // The new password works.
    let c2 = client(password_config(), &p, None);
    assert_eq!(
        run(c2.sign_in("carol", "N3w-Passw0rd!")).unwrap(),
        SignInResult::SignedIn
    );
}

#[test]
fn sms_mfa_wrong_code_keeps_the_challenge() {
    let p = FakePlatform::new();
    p.add_user(User {
        mfa: Some("SMS_MFA"),
        ..User::new("dave", "Dave-Passw0rd!", "sub-dave")
    });
    let c = client(password_config(), &p, None);
    let SignInResult::NextStep(next) = run(c.sign_in("dave", "Dave-Passw0rd!")).unwrap() else {
        panic!("expected SMS_MFA");
    };
    assert_eq!(
        next,
        NextStep {
            challenge: "SMS_MFA".into(),
            mfa_types: vec!["SMS_MFA".into(), "SOFTWARE_TOKEN_MFA".into()],
            code_delivery_destination: Some("+*******1234".into()),
            code_delivery_medium: Some("SMS".into()),
            ..NextStep::default()
        }
    );
    let wrong = code_answer("000000");
    let e = run(c.respond_to_challenge(wrong)).unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    assert!(c.pending_challenge().is_some());
    let right = code_answer("123456");
    assert_eq!(
        run(c.respond_to_challenge(right)).unwrap(),
        SignInResult::SignedIn
    );
    let last = p.log().pop().unwrap();
    assert_eq!(last.body["ChallengeResponses"]["SMS_MFA_CODE"], "123456");
    assert_eq!(last.body["ChallengeResponses"]["USERNAME"], "dave");
}

#[test]
fn select_mfa_type_then_code() {
    let p = FakePlatform::new();
    p.add_user(User {
        mfa: Some("SELECT_MFA_TYPE"),
        ..User::new("erin", "Erin-Passw0rd!", "sub-erin")
    });
    let c = client(config(), &p, None);
    let SignInResult::NextStep(next) = run(c.sign_in("erin", "Erin-Passw0rd!")).unwrap() else {
        panic!("expected SELECT_MFA_TYPE");
    };
    assert_eq!(next.challenge, "SELECT_MFA_TYPE");
    assert_eq!(next.mfa_types, vec!["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    let SignInResult::NextStep(next) = run(c.respond_to_challenge(ChallengeAnswer {
        mfa_type: Some("SOFTWARE_TOKEN_MFA".into()),
        ..ChallengeAnswer::default()
    }))
    .unwrap() else {
        panic!("expected SOFTWARE_TOKEN_MFA");
    };
    assert_eq!(next.challenge, "SOFTWARE_TOKEN_MFA");
    assert_eq!(
        run(c.respond_to_challenge(code_answer("123456"))).unwrap(),
        SignInResult::SignedIn
    );
    assert_eq!(
        p.ops(),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge"
        ]
    );
}

#[test]
fn respond_without_a_pending_challenge() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let e = run(c.respond_to_challenge(ChallengeAnswer::default())).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotSignedIn);
    assert_eq!(p.count(), 0);
}

#[test]
fn initiate_auth_is_retried_on_throttling_5xx_and_network_errors() {
    let p = FakePlatform::new();
    p.fail_next(
        "InitiateAuth",
        Failure::aws(400, "TooManyRequestsException", "Rate exceeded"),
    );
    p.fail_next(
        "InitiateAuth",
        Failure::Reply(503, "<html>busy</html>".into(), vec![]),
    );
    p.fail_next("InitiateAuth", Failure::Network);
    signed_in(password_config(), &p);
    assert_eq!(p.ops(), ["InitiateAuth"; 4]);
    let sleeps = p.sleeps.borrow().clone();
    assert_eq!(sleeps.len(), 3);
    // Capped exponential backoff with jitter: within [ceiling/2, ceiling].
    for (i, s) in sleeps.iter().enumerate() {
        let ceiling = (100u32 << i).min(2000);
        assert!(*s >= ceiling / 2 && *s <= ceiling, "sleep {i}: {s}");
    }
}

#[test]
fn retries_give_up_and_final_errors_are_not_retried() {
    let p = FakePlatform::new();
    for _ in 0..4 {
        p.fail_next("InitiateAuth", Failure::Reply(500, String::new(), vec![]));
    }
    let c = client(password_config(), &p, None);
    let e = run(c.sign_in("alice", "alice-Passw0rd!")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InternalErrorException);
    assert!(e.retryable);
    assert_eq!(p.count(), 4);

    let p = FakePlatform::new();
    p.fail_next("InitiateAuth", Failure::Network);
    p.fail_next("InitiateAuth", Failure::Network);
    p.fail_next("InitiateAuth", Failure::Network);
    p.fail_next("InitiateAuth", Failure::Network);
    let c = client(password_config(), &p, None);
    let e = run(c.sign_in("alice", "alice-Passw0rd!")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NetworkError);
    assert!(e.message.starts_with("InitiateAuth: "));

    let p = FakePlatform::new();
    let c = client(password_config(), &p, None);
    run(c.sign_in("alice", "nope")).unwrap_err();
    assert_eq!(p.count(), 1, "NotAuthorizedException is final");
    assert!(p.sleeps.borrow().is_empty());
}

#[test]
fn password_verifier_is_not_repeated_after_a_server_error() {
    let (user, password) = srp_user();
    for failure in [Failure::Reply(500, "{}".into(), vec![]), Failure::Network] {
        let p = FakePlatform::new();
        p.fail_next("RespondToAuthChallenge", failure);
        let c = client(config(), &p, None);
        run(c.sign_in(user, password)).unwrap_err();
        assert_eq!(p.ops(), ["InitiateAuth", "RespondToAuthChallenge"]);
    }
    // Throttled before processing: repeated.
    let p = FakePlatform::new();
    p.fail_next(
        "RespondToAuthChallenge",
        Failure::aws(400, "TooManyRequestsException", "slow down"),
    );
    let c = client(config(), &p, None);
    assert_eq!(
        run(c.sign_in(user, password)).unwrap(),
        SignInResult::SignedIn
    );
    assert_eq!(
        p.ops(),
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge"
        ]
    );
}

#[test]
fn error_types_come_back_bare() {
    let p = FakePlatform::new();
    p.fail_next(
        "InitiateAuth",
        Failure::Reply(
            400,
            r#"{"__type":"com.amazonaws.cognito.identity.idp.model#UserNotConfirmedException","message":"User is not confirmed."}"#.into(),
            vec![("Content-Type".into(), "text/html".into())],
        ),
    );
    p.fail_next(
        "InitiateAuth",
        Failure::Reply(
            400,
            String::new(),
            vec![(
                "x-amzn-ErrorType".into(),
                "PasswordResetRequiredException:http://internal.amazon.com/".into(),
            )],
        ),
    );
    let c = client(config(), &p, None);
    let e = run(c.sign_in("alice", "x")).unwrap_err();
    assert_eq!(
        (e.name(), e.message.as_str()),
        ("UserNotConfirmedException", "User is not confirmed.")
    );
    let e = run(c.sign_in("alice", "x")).unwrap_err();
    assert_eq!(e.name(), "PasswordResetRequiredException");
}

#[test]
fn missing_challenge_fields_are_named() {
    let p = FakePlatform::new();
    p.fail_next(
        "InitiateAuth",
        Failure::Reply(
            200,
            r#"{"ChallengeName":"PASSWORD_VERIFIER","Session":"s","ChallengeParameters":{"SALT":"ab","SRP_B":"cd","USER_ID_FOR_SRP":"u"}}"#.into(),
            vec![],
        ),
    );
    let c = client(config(), &p, None);
    let (user, password) = srp_user();
    let e = run(c.sign_in(user, password)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidResponse);
    assert_eq!(
        e.message,
        "InitiateAuth reply has no ChallengeParameters.SECRET_BLOCK"
    );
    assert_eq!(p.count(), 1);
}

#[test]
fn srp_secret_comes_from_the_platform() {
    // The fake's first random bytes begin the vector's `a`: the secret is
    // those SECRET_BYTES, and A is made from it.
    let first = &case_str("smallA")[..2 * SECRET_BYTES];
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let (user, password) = srp_user();
    run(c.sign_in(user, password)).unwrap();
    assert_eq!(p.srp_secrets()[0], first);
    assert_eq!(p.srp_a_sent(), [srp_a_of(first)]);
}

#[test]
fn every_sign_in_attempt_sends_a_new_srp_a() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    let (user, password) = srp_user();
    // Wrong password, unknown user, a refused InitiateAuth, then success
    // twice: no two attempts share a secret.
    assert!(run(c.sign_in("alice", "wrong-password")).is_err());
    assert!(run(c.sign_in("nobody", "whatever-pw")).is_err());
    p.fail_next(
        "InitiateAuth",
        Failure::aws(400, "NotAuthorizedException", "Password attempts exceeded"),
    );
    assert!(run(c.sign_in(user, password)).is_err());
    run(c.sign_in(user, password)).unwrap();
    run(c.sign_out(false)).unwrap();
    sign_in_alice(&c);
    let sent = p.srp_a_sent();
    assert_eq!(sent.len(), 5);
    for (i, a) in sent.iter().enumerate() {
        assert!(
            !sent[..i].contains(a),
            "SRP_A of attempt {i} was sent before"
        );
    }
    // Each one is A of a secret the platform drew, in order.
    let secrets = p.srp_secrets();
    for (a, secret) in sent.iter().zip(&secrets) {
        assert_eq!(*a, srp_a_of(secret));
    }
}

#[test]
fn a_prepared_srp_session_is_used() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    assert_eq!(p.srp_draws.get(), 0, "new() draws nothing");
    // The first attempt draws its own secret, then prepares the next one
    // while its InitiateAuth is answered.
    assert!(run(c.sign_in("alice", "wrong-password")).is_err());
    assert_eq!(p.srp_draws.get(), 2);
    // The second attempt's InitiateAuth carries the prepared secret, drawn
    // before it started.
    sign_in_alice(&c);
    let secrets = p.srp_secrets();
    assert_eq!(p.srp_a_sent()[1], srp_a_of(&secrets[1]));
    assert_eq!(p.srp_draws.get(), 3);

    // prepare_sign_in makes even the first attempt start without drawing;
    // calling it again keeps the prepared session.
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    c.prepare_sign_in().unwrap();
    c.prepare_sign_in().unwrap();
    assert_eq!(p.srp_draws.get(), 1);
    let (user, password) = srp_user();
    let signed_in = run(c.sign_in(user, password));
    assert_eq!(signed_in.unwrap(), SignInResult::SignedIn);
    // The secret drawn before sign_in (the first) was sent; the one drawn
    // during it waits for the next attempt.
    assert_eq!(p.srp_a_sent(), [srp_a_of(&p.srp_secrets()[0])]);
    assert_eq!(p.srp_draws.get(), 2);
}

#[test]
fn prepare_sign_in_now_computes_the_a_the_attempt_then_sends() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    run(c.prepare_sign_in_now()).unwrap();
    run(c.prepare_sign_in_now()).unwrap();
    assert_eq!(p.srp_draws.get(), 1);
    let (user, password) = srp_user();
    assert_eq!(
        run(c.sign_in(user, password)).unwrap(),
        SignInResult::SignedIn
    );
    assert_eq!(p.srp_a_sent(), [srp_a_of(&p.srp_secrets()[0])]);
    // USER_PASSWORD_AUTH: nothing drawn.
    let p = FakePlatform::new();
    let c = client(password_config(), &p, None);
    run(c.prepare_sign_in_now()).unwrap();
    assert_eq!(p.srp_draws.get(), 0);
}

/// `prepare_sign_in_now` hands the event loop a turn before A's first
/// slice: the caller's task (the session's set-up and whatever the page
/// was doing) does not also run a slice of the math.
#[test]
fn prepare_sign_in_now_turns_before_the_first_slice() {
    let p = FakePlatform::new();
    let c = client(config(), &p, None);
    run(c.prepare_sign_in_now()).unwrap();
    let slicing = p.slicing.borrow();
    assert_eq!(slicing.first(), Some(&"turn"), "{slicing:?}");
    assert!(slicing.contains(&"clock"), "A was computed in slices");
}

#[test]
fn user_password_auth_prepares_no_srp_session() {
    let p = FakePlatform::new();
    let c = client(password_config(), &p, None);
    c.prepare_sign_in().unwrap();
    sign_in_alice(&c);
    run(c.sign_out(false)).unwrap();
    sign_in_alice(&c);
    assert_eq!(p.srp_draws.get(), 0);
    assert!(p.srp_secrets().is_empty());
}
