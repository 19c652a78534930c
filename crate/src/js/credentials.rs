//! Credentials between JS and Rust: the `Credentials` objects the client
//! hands out, and the types of the `AwsCredentials` objects signing functions
//! take (read in JavaScript: by crate/js/host.js for `signRequest` and
//! `AwsSigner`, and the `{ credentials } | { provider }` choice of `awsFetch`
//! and the calls over it by crate/js/aws_fetch.js).

use js_sys::Object;
use wasm_bindgen::JsValue;

use super::convert;
use crate::session::Credentials;

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
