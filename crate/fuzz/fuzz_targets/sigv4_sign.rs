//! SigV4 header signing (`sigv4::Signer::sign`) of an arbitrary method,
//! URL, headers and body (format in src/lib.rs): a signature or a
//! CognitoError, without a panic. A signed request carries a 64-digit hex
//! signature in its Authorization header, and signing again (the signing
//! key now from the cache) gives the same signature.
#![no_main]
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (cx, request) = cognito_wasm_fuzz::signing_input(data);
    let credentials = SigningCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
        session_token: (cx.flags & 16 != 0).then(|| "token/with+chars=".into()),
    };
    let params = SigningParams {
        credentials: &credentials,
        region: &cx.region,
        service: &cx.service,
        time_ms: cx.time_ms,
    };
    let options = SignOptions {
        normalize_path: cx.flags & 1 != 0,
        sign_body: cx.flags & 2 != 0,
        unsigned_payload: cx.flags & 4 != 0,
        omit_session_token: cx.flags & 8 != 0,
    };
    let signer = Signer::new();
    let Ok(signed) = signer.sign(request.clone(), &params, &options) else {
        return;
    };
    assert_eq!(signed.signature.len(), 64, "a signature is 64 hex digits");
    assert!(signed.signature.bytes().all(|b| b.is_ascii_hexdigit()));
    let authorization = signed
        .request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str())
        .expect("a signed request has an Authorization header");
    assert!(authorization.ends_with(&signed.signature));
    let again = signer
        .sign(request, &params, &options)
        .expect("signs again");
    assert_eq!(
        again.signature, signed.signature,
        "signing is deterministic"
    );
    let _ = format!("{signed:?}");
});
