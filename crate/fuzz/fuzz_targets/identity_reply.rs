//! cognito-identity replies (`cognito::identity`): GetId and
//! GetCredentialsForIdentity answers, without a panic; credentials that are
//! accepted are complete and Debug hides their secrets.
#![no_main]
use cognito_wasm::cognito::identity;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let response = cognito_wasm_fuzz::response(data);
    if let Ok(id) = identity::parse_get_id(&response) {
        assert!(!id.is_empty(), "GetId gives an identity id");
    }
    if let Ok(credentials) = identity::parse_credentials(&response, "us-east-1:requested") {
        assert!(!credentials.access_key_id.is_empty(), "AccessKeyId");
        assert!(!credentials.secret_access_key.is_empty(), "SecretKey");
        assert!(!credentials.session_token.is_empty(), "SessionToken");
        assert!(!credentials.identity_id.is_empty(), "IdentityId");
        // Debug never shows the secret or the token (long enough not to
        // turn up by chance in the fields that are shown).
        let shown = format!("{credentials:?}");
        for secret in [&credentials.secret_access_key, &credentials.session_token] {
            let elsewhere = credentials.access_key_id.contains(secret.as_str())
                || credentials.identity_id.contains(secret.as_str());
            if secret.len() >= 24 && !elsewhere {
                assert!(!shown.contains(secret.as_str()), "Debug shows a secret");
            }
        }
    }
});
