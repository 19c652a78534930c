//! The SRP client math of cognito-wasm, exported for the benchmark page:
//! exactly the library's `SrpSession` (and so its wasm32 big-number
//! backend), with strings in and out.

use cognito_wasm::http::HttpRequest;
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::srp::{PasswordClaim, SrpSession};
use wasm_bindgen::prelude::*;

thread_local! {
    /// One signer for the page, as `signRequest` has (its key cache).
    static SIGNER: Signer = Signer::new();
}

/// Signs the same GET `count` times with the library's `Signer` (the Rust
/// core behind `signRequest`, with a key cache like it, but without the
/// JavaScript option reading and result building), for splitting
/// `signRequest`'s time. Returns the last Authorization header.
#[wasm_bindgen(js_name = signInRust)]
pub fn sign_in_rust(
    url: &str,
    access_key_id: &str,
    secret_access_key: &str,
    session_token: &str,
    region: &str,
    time_ms: f64,
    count: u32,
) -> Result<String, JsError> {
    let credentials = SigningCredentials {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: secret_access_key.to_owned(),
        session_token: Some(session_token.to_owned()),
    };
    let params = SigningParams {
        credentials: &credentials,
        region,
        service: "s3",
        time_ms,
    };
    let mut authorization = String::new();
    for _ in 0..count {
        let request = HttpRequest {
            method: "GET".to_owned(),
            url: url.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let signed = SIGNER
            .with(|signer| signer.sign(request, &params, &SignOptions::s3()))
            .map_err(|e| JsError::new(&e.message))?;
        authorization = signed
            .request
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
            .map(|(_, value)| value.clone())
            .unwrap_or_default();
    }
    Ok(authorization)
}

/// One SRP attempt: A at construction, then the PASSWORD_CLAIM signature.
#[wasm_bindgen]
pub struct Srp(SrpSession);

#[wasm_bindgen]
impl Srp {
    /// `SrpSession::new` from 128 random bytes (computes A).
    #[wasm_bindgen(constructor)]
    pub fn new(random: &[u8]) -> Result<Srp, JsError> {
        SrpSession::new(random)
            .map(Srp)
            .map_err(|e| JsError::new(&e.message))
    }

    /// `SrpSession::from_secret_hex`, for the reference vectors.
    #[wasm_bindgen(js_name = fromSecretHex)]
    pub fn from_secret_hex(a_hex: &str) -> Result<Srp, JsError> {
        SrpSession::from_secret_hex(a_hex)
            .map(Srp)
            .map_err(|e| JsError::new(&e.message))
    }

    /// SRP_A as hex.
    #[wasm_bindgen(js_name = srpA)]
    pub fn srp_a(&self) -> String {
        self.0.srp_a_hex()
    }

    /// PASSWORD_CLAIM_SIGNATURE for a challenge.
    #[allow(clippy::too_many_arguments)]
    pub fn claim(
        &self,
        pool_name: &str,
        user_id_for_srp: &str,
        password: &str,
        salt_hex: &str,
        srp_b_hex: &str,
        secret_block_b64: &str,
        timestamp: &str,
    ) -> Result<String, JsError> {
        self.0
            .password_claim(&PasswordClaim {
                pool_name,
                user_id_for_srp,
                password,
                salt_hex,
                srp_b_hex,
                secret_block_b64,
                timestamp,
            })
            .map_err(|e| JsError::new(&e.message))
    }
}
