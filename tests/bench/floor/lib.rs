//! What the library's download would weigh without its client and its
//! JavaScript API, for BENCHMARKS.md §4 (`scripts/size --floor`).
//!
//! - Feature `crypto-only`: the SRP math and the SigV4 signer alone.
//! - Default: the whole synchronous protocol core as plain functions with
//!   strings in and out: configuration checks, every request builder and
//!   reply parser (InitiateAuth with SRP, password and refresh, the
//!   challenges, GetId, GetCredentialsForIdentity, sign-out, S3 listing and
//!   its errors), session and retry rules, SRP, SigV4 and presigning. It is
//!   what a redesign that moved `fetch`, promises and the option reading
//!   into hand-written JavaScript would still ship as wasm.
//!
//! The functions exist to be linked, not called: they make every part
//! reachable from an export, as the real API does.

use cognito_wasm::wire::http::HttpRequest;
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::crypto::srp::{PasswordClaim, SrpSession};
use cognito_wasm::CognitoError;
use wasm_bindgen::prelude::*;

fn js_error(e: CognitoError) -> JsError {
    JsError::new(&e.message)
}

/// One SRP attempt: A at construction, then the PASSWORD_CLAIM signature.
#[wasm_bindgen]
pub struct Srp(SrpSession);

#[wasm_bindgen]
impl Srp {
    /// From 128 random bytes (computes A).
    #[wasm_bindgen(constructor)]
    pub fn new(random: &[u8]) -> Result<Srp, JsError> {
        SrpSession::new(random).map(Srp).map_err(js_error)
    }

    /// SRP_A, hex.
    pub fn a(&self) -> String {
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
            .map_err(js_error)
    }
}

/// Header-signs a request (SigV4, S3 rules when `service` is `s3`):
/// `url\0name\0value…` of the signed request.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn sign(
    method: &str,
    url: &str,
    access_key_id: &str,
    secret_access_key: &str,
    session_token: Option<String>,
    region: &str,
    service: &str,
    time_ms: f64,
) -> Result<String, JsError> {
    let credentials = SigningCredentials {
        access_key_id: access_key_id.into(),
        secret_access_key: secret_access_key.into(),
        session_token,
    };
    let params = SigningParams {
        credentials: &credentials,
        region,
        service,
        time_ms,
    };
    let options = if service == "s3" {
        SignOptions::s3()
    } else {
        SignOptions::default()
    };
    let request = HttpRequest {
        method: method.into(),
        url: url.into(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let signed = Signer::new()
        .sign(request, &params, &options)
        .map_err(js_error)?;
    Ok(pack(signed.request))
}

/// `method\0url\0name\0value…\0body` of a request.
fn pack(request: HttpRequest) -> String {
    let mut out = request.method + "\0" + &request.url;
    for (name, value) in request.headers {
        out.push('\0');
        out.push_str(&name);
        out.push('\0');
        out.push_str(&value);
    }
    out.push('\0');
    out.push_str(std::str::from_utf8(&request.body).unwrap_or(""));
    out
}

#[cfg(not(feature = "crypto-only"))]
mod core_exports;
