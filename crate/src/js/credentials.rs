//! Credentials between JS and Rust: the `Credentials` objects the client
//! hands out and the `AwsCredentials` objects signing functions take (the
//! `{ credentials } | { provider }` choice of `awsFetch` and the calls over it
//! is read in JavaScript, crate/js/aws_fetch.js; its types are declared here).
use crate::prelude::*;

use js_sys::Object;
use wasm_bindgen::JsValue;

use super::convert::{self, Bad, Reader};
use crate::error::CognitoError;
use crate::session::Credentials;
use crate::sigv4::SigningCredentials;

/// `{ accessKeyId, secretAccessKey, sessionToken, expiration: Date, identityId }`.
pub fn credentials_to_js(credentials: &Credentials) -> JsValue {
    let object = Object::new();
    convert::set(&object, "accessKeyId", credentials.access_key_id.as_str());
    convert::set(
        &object,
        "secretAccessKey",
        credentials.secret_access_key.as_str(),
    );
    convert::set(&object, "sessionToken", credentials.session_token.as_str());
    convert::set(
        &object,
        "expiration",
        convert::date(credentials.expiration_ms),
    );
    convert::set(&object, "identityId", credentials.identity_id.as_str());
    object.into()
}

/// Signing keys from an `AwsCredentials` object (`accessKeyId`,
/// `secretAccessKey`, optional `sessionToken`; other fields are ignored).
pub fn signing_credentials(
    value: &JsValue,
    context: &str,
) -> Result<SigningCredentials, CognitoError> {
    if value.is_function() {
        return Err(CognitoError::invalid_parameter(format!(
            "{context} must be an object; pass a function as `provider`"
        )));
    }
    let reader = Reader::new(value, context, Bad::Parameter)?;
    let access_key_id = reader.required_string("accessKeyId")?;
    let secret_access_key = reader.required_string("secretAccessKey")?;
    if access_key_id.is_empty() || secret_access_key.is_empty() {
        return Err(CognitoError::invalid_parameter(format!(
            "{context}.accessKeyId and {context}.secretAccessKey must not be empty"
        )));
    }
    Ok(SigningCredentials {
        access_key_id,
        secret_access_key,
        session_token: reader.string("sessionToken")?.filter(|t| !t.is_empty()),
    })
}

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** AWS credentials to sign with (the AWS SDK v3 `AwsCredentialIdentity` shape). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Temporary credentials from the identity pool. */
export interface Credentials extends AwsCredentials {
  sessionToken: string;
  expiration: Date;
  /** The identity pool identity they belong to. */
  identityId: string;
}

/** A function returning credentials (or a promise of them): `client.credentialProvider()`, an AWS SDK provider. */
export type CredentialProvider = () => AwsCredentials | Promise<AwsCredentials>;

/** Credentials given directly, or a provider to ask for them on each call. */
export type CredentialSource =
  | { credentials: AwsCredentials; provider?: undefined }
  | { provider: CredentialProvider; credentials?: undefined };
"#;
