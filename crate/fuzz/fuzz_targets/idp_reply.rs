//! cognito-idp replies (`cognito::idp`, `cognito::challenge`): InitiateAuth /
//! RespondToAuthChallenge answers with tokens or any challenge, and the
//! empty GlobalSignOut / RevokeToken answers. What the client then does
//! with a challenge (the next step it shows, the answer it builds) must not
//! panic either.
#![no_main]
use cognito_wasm::cognito::challenge::{responses, ChallengeAnswer, PendingChallenge};
use cognito_wasm::cognito::idp::{self, AuthReply};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let response = cognito_wasm_fuzz::response(data);
    let _ = idp::parse_empty_reply(&response, "GlobalSignOut");
    match idp::parse_auth_reply(&response, "RespondToAuthChallenge") {
        Ok(AuthReply::Authenticated(tokens)) => {
            if let Some(s) = tokens.expires_in_seconds {
                assert!(s.is_finite(), "ExpiresIn is finite");
            }
            let _ = format!("{tokens:?}");
        }
        Ok(AuthReply::Challenge(challenge)) => {
            assert!(!challenge.name.is_empty(), "a challenge has a name");
            let pending = PendingChallenge::new(&challenge, "user");
            assert!(
                !pending.username.is_empty(),
                "a challenge answers for someone"
            );
            let step = &pending.next_step;
            let answer = ChallengeAnswer {
                new_password: Some("Passw0rd!".into()),
                code: Some("123456".into()),
                mfa_type: step.mfa_types.first().cloned(),
                attributes: step
                    .required_attributes
                    .iter()
                    .map(|a| (a.clone(), "x".to_owned()))
                    .collect(),
            };
            let _ = responses(&pending, &answer);
            let _ = responses(&pending, &ChallengeAnswer::default());
            let _ = (format!("{challenge:?}"), format!("{pending:?}"));
        }
        Err(e) => assert!(!e.name().is_empty(), "an error has a name"),
    }
});
