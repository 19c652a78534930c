//! SigV4 header signing (`sigv4::Signer::sign`) of an arbitrary method,
//! URL, headers and body (format in src/lib.rs): a signature or a
//! CognitoError, without a panic. A signed request carries a 64-digit hex
//! signature in its Authorization header, and signing again (the signing
//! key now from the cache) gives the same signature.
#![no_main]
use cognito_wasm::sigv4::{Signer, SigningParams};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (cx, request) = cognito_wasm_fuzz::signing_input(data);
    let credentials = cx.credentials();
    let params = SigningParams {
        credentials: &credentials,
        region: &cx.region,
        service: &cx.service,
        time_ms: cx.time_ms,
    };
    let options = cx.options();
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
