//! cognito-identity replies (`cognito::identity`): GetId and
//! GetCredentialsForIdentity answers, without a panic; credentials that are
//! accepted are complete and Debug hides their secrets.
#![no_main]
use cognito_wasm::cognito::identity;
use cognito_wasm::Credentials;

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
        // Debug never shows the secret or the token: neither is in it unless
        // the other fields' Debug (without them) has it too.
        let shown = format!("{credentials:?}");
        let others = format!(
            "{:?}",
            Credentials {
                secret_access_key: String::new(),
                session_token: String::new(),
                ..credentials.clone()
            }
        );
        for secret in [&credentials.secret_access_key, &credentials.session_token] {
            if secret.len() >= 8 && !others.contains(secret.as_str()) {
                assert!(!shown.contains(secret.as_str()), "Debug shows a secret");
            }
        }
    }
});
