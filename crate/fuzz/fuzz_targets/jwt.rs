//! JWT payloads (`wire::jwt`): any token string decodes or is refused
//! without a panic, and every claim accessor answers.
#![no_main]
use cognito_wasm::wire::jwt::Claims;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(claims) = Claims::decode(token, "IdToken") else {
        return;
    };
    assert!(claims.value().as_object().is_some(), "claims are an object");
    let _ = (claims.sub(), claims.iss(), claims.aud(), claims.client_id());
    let _ = (
        claims.token_use(),
        claims.username(),
        claims.get_str("email"),
    );
    if let Some(exp) = claims.exp() {
        assert!(exp.is_finite(), "exp is a finite number");
    }
    let _ = claims.exp_ms();
});
