//! `AwsSigner`: SigV4 signing bound to one set of credentials, region and
//! service, for signing many requests (as `@smithy/signature-v4`'s
//! `SignatureV4` is used). The credentials cross into wasm once, at
//! construction; each `sign` call then passes only the request.
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::convert::{self, Bad, Reader};
use super::error::to_js;
use super::sign::{
    pack_request, read_request, read_signer_options, read_timing, sign_to_js, sign_to_string,
    unpack_request, unpack_signature, SignWith, SignerOptions,
};
use crate::error::CognitoError;
use crate::sigv4::{check_scope, SecretDigest, SigningCredentials};

/// Signs requests with SigV4 for one set of credentials, region and
/// service. `sign(request, { signingDate?, presign? })` returns what
/// `signRequest` returns for the same request and options.
#[wasm_bindgen(js_name = AwsSigner)]
pub struct JsAwsSigner {
    credentials: SigningCredentials,
    /// The caller's `sessionToken` string, returned as the header value.
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
        Self::from_options(&options).map_err(to_js)
    }

    /// Signs `request` (see `signRequest`); `options` may give
    /// `signingDate` and `presign`.
    #[wasm_bindgen(unchecked_return_type = "SignedRequest")]
    pub fn sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignableRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AwsSignerSignOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.sign_js(&request, &options).map_err(to_js)
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

    fn from_options(options: &JsValue) -> Result<Self, CognitoError> {
        let opts = Reader::new(options, "options", Bad::Parameter)?;
        let SignerOptions {
            credentials,
            token,
            region,
            service,
        } = read_signer_options(&opts)?;
        check_scope(&region, &service)?;
        Ok(Self {
            digest: SecretDigest::of(&credentials.secret_access_key),
            credentials,
            token,
            region,
            service,
        })
    }

    fn sign_js(&self, request: &JsValue, options: &JsValue) -> Result<JsValue, CognitoError> {
        // Checked before the fast path, which reads any value as options.
        if !(options.is_undefined() || options.is_null() || convert::is_options_object(options)) {
            return Err(CognitoError::invalid_parameter("options must be an object"));
        }
        let packed = pack_request(request, options);
        if let Some(fast) = packed
            .as_deref()
            .and_then(|p| unpack_request(p.split('\0')))
        {
            let signed = sign_to_string(fast.as_ref(), &self.with(fast.time_ms))?;
            return Ok(unpack_signature(&signed, &self.token));
        }
        let request = read_request(request)?;
        let (time_ms, presign) = if options.is_undefined() || options.is_null() {
            (None, None)
        } else {
            read_timing(&Reader::new(options, "options", Bad::Parameter)?)?
        };
        sign_to_js(request, &self.with(time_ms), presign, &self.token)
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
