//! `AwsSigner`: SigV4 signing bound to one set of credentials, region and
//! service, for signing many requests (as `@smithy/signature-v4`'s
//! `SignatureV4` is used). The credentials cross into wasm once, at
//! construction; each `sign` call then passes only the request.
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::error::to_js;
use super::sign::{
    pack_request, pack_signer, sign_packed_request, unpack_request, unpack_signature, unreadable,
    SignWith,
};
use crate::error::CognitoError;
use crate::sigv4::{check_scope, wipe, SecretDigest, SigningCredentials};

/// Signs requests with SigV4 for one set of credentials, region and
/// service. `sign(request, { signingDate?, presign? })` returns what
/// `signRequest` returns for the same request and options.
#[wasm_bindgen(js_name = AwsSigner)]
pub struct JsAwsSigner {
    credentials: SigningCredentials,
    /// The session token (`undefined`: none), returned as the header value.
    token: JsValue,
    region: String,
    service: String,
    /// Keys the signing-key cache; computed once, not per signature.
    digest: SecretDigest,
}

#[wasm_bindgen(js_class = AwsSigner)]
impl JsAwsSigner {
    /// A signer for `{ credentials, region, service }` (checked here:
    /// `InvalidParameterException` when a field is missing or malformed).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AwsSignerOptions")] options: JsValue,
    ) -> Result<JsAwsSigner, JsValue> {
        let mut packed = pack_signer(&options)?;
        let signer = Self::from_packed(&packed);
        // The packed options hold the secret access key.
        wipe(&mut packed);
        signer.map_err(to_js)
    }

    /// Signs `request` (see `signRequest`); `options` may give
    /// `signingDate` and `presign`.
    #[wasm_bindgen(unchecked_return_type = "SignedRequest")]
    pub fn sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignableRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AwsSignerSignOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let packed = pack_request(&request, &options)?;
        let signed = match unpack_request(packed.split('\0')) {
            Some(request) => sign_packed_request(&request, &self.with(request.time_ms)),
            None => Err(unreadable()),
        };
        signed
            .map(|signed| unpack_signature(&signed, &self.token))
            .map_err(to_js)
    }
}

impl JsAwsSigner {
    /// This signer's credentials, scope and digest, at `time_ms`.
    fn with(&self, time_ms: Option<f64>) -> SignWith<'_> {
        SignWith {
            credentials: &self.credentials,
            region: &self.region,
            service: &self.service,
            time_ms,
            digest: Some(&self.digest),
        }
    }

    /// The signer of the options [`pack_signer`] joined: session token,
    /// region, service, access key id, secret.
    fn from_packed(packed: &str) -> Result<Self, CognitoError> {
        let mut fields = packed.split('\0');
        let (Some(token), Some(region), Some(service), Some(access_key_id), Some(secret)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return Err(unreadable());
        };
        check_scope(region, service)?;
        Ok(Self {
            credentials: SigningCredentials {
                access_key_id: access_key_id.to_owned(),
                secret_access_key: secret.to_owned(),
                session_token: Some(token.to_owned()).filter(|t| !t.is_empty()),
            },
            token: if token.is_empty() {
                JsValue::UNDEFINED
            } else {
                JsValue::from_str(token)
            },
            region: region.to_owned(),
            service: service.to_owned(),
            digest: SecretDigest::of(secret),
        })
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of `new AwsSigner(…)`: what every signature of the signer shares. */
export interface AwsSignerOptions {
  credentials: AwsCredentials;
  region: string;
  /** Signing name of the service (`s3`, `dynamodb`, `execute-api`, …). */
  service: string;
}

/** Options of `AwsSigner.sign`. */
export interface AwsSignerSignOptions {
  /** Default: now, corrected by the clock offset learned from AWS replies. */
  signingDate?: Date;
  /** Sign the URL's query (a presigned URL) instead of adding an Authorization header. */
  presign?: { expiresIn: number };
}
"#;
