//! Parts of cognito-wasm exported for the benchmark page, with strings in
//! and out: the SRP client math (exactly the library's `SrpSession`, and so
//! its wasm32 big-number backend), and the Rust core of `AwsSigner.sign`
//! (`Signer::sign_headers`), to split its time.

use cognito_wasm::sigv4::{
    RequestRef, SecretDigest, SignOptions, Signer, SigningCredentials, SigningParams,
};
use cognito_wasm::crypto::srp::{PasswordClaim, SrpSession};
use wasm_bindgen::prelude::*;

/// The library's `Signer::sign_headers` bound to one set of credentials,
/// as `AwsSigner` binds them: the Rust core of `AwsSigner.sign`, without
/// the JavaScript request reading and result building, for splitting its
/// time.
#[wasm_bindgen]
pub struct RustSigner {
    signer: Signer,
    credentials: SigningCredentials,
    digest: SecretDigest,
    region: String,
}

#[wasm_bindgen]
impl RustSigner {
    /// Credentials and region, bound once.
    #[wasm_bindgen(constructor)]
    pub fn new(
        access_key_id: &str,
        secret_access_key: &str,
        session_token: &str,
        region: &str,
    ) -> RustSigner {
        RustSigner {
            signer: Signer::new(),
            digest: SecretDigest::of(secret_access_key),
            credentials: SigningCredentials {
                access_key_id: access_key_id.to_owned(),
                secret_access_key: secret_access_key.to_owned(),
                session_token: Some(session_token.to_owned()),
            },
            region: region.to_owned(),
        }
    }

    /// Header-signs a GET of `url` for S3 at `time_ms`: the Authorization
    /// header.
    pub fn sign(&self, url: &str, time_ms: f64) -> Result<String, JsError> {
        let params = SigningParams {
            credentials: &self.credentials,
            region: &self.region,
            service: "s3",
            time_ms,
        };
        let request = RequestRef {
            method: "GET",
            url,
            headers: &[],
            body: &[],
        };
        self.signer
            .sign_headers(request, &params, &SignOptions::s3(), &self.digest)
            .map(|signed| signed.authorization)
            .map_err(|e| JsError::new(&e.message))
    }
}

/// One SRP attempt: A at construction, then the PASSWORD_CLAIM signature.
#[wasm_bindgen]
pub struct Srp(SrpSession);

#[wasm_bindgen]
impl Srp {
    /// `SrpSession::new` from `SECRET_BYTES` random bytes (computes A).
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

/// Makes the SRP exponentiations run in `backend`: "bigint" (the engine's
/// BigInt), "wasm" (the library's Montgomery multiplication in wasm) or "auto"
/// (the engine's own choice). Returns the backend now in use; the
/// constant-time-srp build has one backend and returns "crypto-bigint".
#[wasm_bindgen(js_name = setPowBackend)]
pub fn set_pow_backend(backend: &str) -> String {
    #[cfg(not(feature = "constant-time-srp"))]
    {
        use cognito_wasm::crypto::bigint::{pow_backend, set_pow_backend, PowBackend};
        set_pow_backend(match backend {
            "bigint" => PowBackend::EngineBigInt,
            "wasm" => PowBackend::Wasm,
            _ => PowBackend::Auto,
        });
        match pow_backend() {
            PowBackend::Wasm => "wasm",
            _ => "bigint",
        }
        .to_owned()
    }
    #[cfg(feature = "constant-time-srp")]
    {
        let _ = backend;
        "crypto-bigint".to_owned()
    }
}
