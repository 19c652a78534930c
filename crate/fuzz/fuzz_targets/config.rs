//! The client configuration (`config::Config::validate`) from arbitrary
//! strings, one setting a line (`~` for an absent optional one):
//! userPoolId, clientId, identityPoolId, region, clientSecret, authFlow,
//! cognitoIdpEndpoint, cognitoIdentityEndpoint, storage, refreshMarginSeconds,
//! then a user name and a password. A configuration that validates builds
//! every Cognito request with any user name or password, and each request
//! body is JSON that the library's own reader parses.
#![no_main]
use cognito_wasm::cognito::{identity, idp};
use cognito_wasm::config::{self, AuthFlow, Config, StorageKind};
use cognito_wasm::wire::{http::HttpRequest, json};
use cognito_wasm_fuzz::optional;

fn check_body(request: &HttpRequest) {
    let text = std::str::from_utf8(&request.body).expect("a request body is UTF-8");
    let value = json::parse(text).expect("a request body is JSON");
    assert!(value.as_object().is_some(), "a request body is an object");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let lines = cognito_wasm_fuzz::lines(data);
    let line = |i: usize| lines.get(i).cloned().unwrap_or_default();
    let config = Config {
        user_pool_id: line(0),
        client_id: line(1),
        identity_pool_id: optional(&lines, 2),
        region: optional(&lines, 3),
        client_secret: optional(&lines, 4),
        auth_flow: AuthFlow::parse(&line(5)).unwrap_or_default(),
        cognito_idp_endpoint: optional(&lines, 6),
        cognito_identity_endpoint: optional(&lines, 7),
        storage: StorageKind::parse(&line(8)).unwrap_or_default(),
        refresh_margin_seconds: optional(&lines, 9).and_then(|s| s.trim().parse().ok()),
    };
    // Debug never shows the client secret: the secret is not in it unless
    // the Debug of the same settings with an empty secret has it too.
    if let Some(secret) = config.client_secret.as_deref().filter(|s| s.len() >= 8) {
        let others = format!(
            "{:?}",
            Config {
                client_secret: Some(String::new()),
                ..config.clone()
            }
        );
        if !others.contains(secret) {
            assert!(
                !format!("{config:?}").contains(secret),
                "Debug shows the secret"
            );
        }
    }
    let _ = config::is_region(&line(3));
    let _ = config::dns_suffix(&line(3));
    let _ = config::identity_pool_region(&line(2));
    let Ok(valid) = config.validate() else {
        return;
    };
    assert!(
        config::is_region(valid.region()),
        "the resolved region is a region"
    );
    assert!(
        valid.refresh_margin_ms().is_finite(),
        "the refresh margin is finite"
    );
    let _ = (
        valid.pool_name(),
        valid.provider_name(),
        valid.storage_prefix(),
    );
    let _ = valid.issuer_matches(&line(10));
    let _ = format!("{valid:?}");
    let (user, password, device) = (line(10), line(11), line(12));
    check_body(&idp::initiate_auth_password(
        &valid,
        &user,
        &password,
        Some(&device),
    ));
    check_body(&idp::initiate_auth_srp(&valid, &user, &password, None));
    check_body(&idp::initiate_auth_refresh(
        &valid,
        &password,
        Some(&user),
        Some(&device),
    ));
    check_body(&idp::respond_to_auth_challenge(
        &valid,
        &user,
        Some(&password),
        vec![
            ("USERNAME".into(), user.clone()),
            (password.clone(), user.clone()),
        ],
    ));
    check_body(&idp::global_sign_out(&valid, &password));
    check_body(&idp::revoke_token(&valid, &password));
    let logins = [(valid.provider_name(), password.clone())];
    let pool = valid.identity_pool_id().unwrap_or(&user).to_owned();
    check_body(&identity::get_id(&valid, &pool, &logins));
    check_body(&identity::get_credentials_for_identity(
        &valid, &user, &logins,
    ));
});
