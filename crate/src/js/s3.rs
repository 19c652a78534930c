//! `listObjects`, `listAllObjects` and `presignGetObject`: S3 with
//! credentials given directly or by a provider.
use crate::prelude::*;

use js_sys::{Array, Object, Promise};
use wasm_bindgen::prelude::*;

use super::convert::{self, Bad, Reader};
use super::credentials::{signing_credentials, CredentialSource};
use super::error::to_js;
use crate::browser::BrowserPlatform;
use crate::client::platform::Platform;
use crate::error::CognitoError;
use crate::s3::{self, ListObjectsInput, ListObjectsOutput};
use crate::sigv4::SigningParams;

/// Default validity of a presigned URL: 15 minutes.
const DEFAULT_EXPIRES_IN: u32 = 900;

/// Reads the listing options (everything but the credentials).
fn list_input(r: &Reader) -> Result<ListObjectsInput, CognitoError> {
    Ok(ListObjectsInput {
        bucket: r.required_string("bucket")?,
        region: r.required_string("region")?,
        prefix: r.string("prefix")?,
        delimiter: r.string("delimiter")?,
        max_keys: r.integer("maxKeys", 1, 1000)?,
        continuation_token: r.string("continuationToken")?,
        start_after: r.string("startAfter")?,
        endpoint: r.string("endpoint")?,
        force_path_style: r.bool("forcePathStyle")?.unwrap_or(false),
    })
}

/// `{ objects, prefixes, isTruncated, nextContinuationToken?, keyCount }`.
fn output_to_js(output: &ListObjectsOutput) -> JsValue {
    let objects: Array = output
        .objects
        .iter()
        .map(|o| {
            let object = Object::new();
            convert::set(&object, "key", o.key.as_str());
            convert::set(&object, "size", o.size as f64);
            let modified = match o.last_modified_ms {
                Some(ms) => convert::date(ms),
                None => js_sys::Date::new(&JsValue::from_str(&o.last_modified)).into(),
            };
            convert::set(&object, "lastModified", modified);
            convert::set(&object, "etag", o.etag.as_str());
            JsValue::from(object)
        })
        .collect();
    let result = Object::new();
    convert::set(&result, "objects", objects);
    convert::set(&result, "prefixes", convert::string_array(&output.prefixes));
    convert::set(&result, "isTruncated", output.is_truncated);
    if let Some(token) = &output.next_continuation_token {
        convert::set(&result, "nextContinuationToken", token.as_str());
    }
    convert::set(&result, "keyCount", output.key_count);
    result.into()
}

/// Reads the options, resolves the credentials and runs one or all pages.
async fn list(options: JsValue, all: bool) -> Result<JsValue, CognitoError> {
    let r = Reader::new(&options, "options", Bad::Parameter)?;
    let input = list_input(&r)?;
    s3::list_objects_request(&input)?;
    let credentials = CredentialSource::from_options(&r)?.resolve().await?;
    let shared = super::shared();
    let platform = BrowserPlatform;
    let output = if all {
        s3::list_all_objects(
            &platform,
            &shared.signer,
            &shared.skew,
            &credentials,
            &input,
        )
        .await?
    } else {
        s3::list_objects(
            &platform,
            &shared.signer,
            &shared.skew,
            &credentials,
            &input,
        )
        .await?
    };
    Ok(output_to_js(&output))
}

/// Lists one page of a bucket (S3 ListObjectsV2), signed with the given
/// `credentials` or those a `provider` returns. With `delimiter: '/'` the
/// "folders" come back in `prefixes`; pass `nextContinuationToken` back as
/// `continuationToken` for the next page. Path-style addressing is used for
/// a custom `endpoint` (a local emulator, MinIO) or with `forcePathStyle`.
#[wasm_bindgen(js_name = listObjects, unchecked_return_type = "Promise<ListObjectsResult>")]
pub fn list_objects(
    #[wasm_bindgen(unchecked_param_type = "ListObjectsOptions")] options: JsValue,
) -> Promise {
    let call = super::CallOptions::read(&options, None);
    super::promise_in(call, list(options, false))
}

/// Like `listObjects`, following `nextContinuationToken` until the last
/// page; resolves every object and prefix of all pages at once.
#[wasm_bindgen(
    js_name = listAllObjects,
    unchecked_return_type = "Promise<ListObjectsResult>"
)]
pub fn list_all_objects(
    #[wasm_bindgen(unchecked_param_type = "ListObjectsOptions")] options: JsValue,
) -> Promise {
    let call = super::CallOptions::read(&options, None);
    super::promise_in(call, list(options, true))
}

fn presign(options: &JsValue) -> Result<String, CognitoError> {
    let r = Reader::new(options, "options", Bad::Parameter)?;
    if r.value("provider")?.is_some() {
        return Err(CognitoError::invalid_parameter(
            "presignGetObject is synchronous: pass credentials (await the provider first)",
        ));
    }
    let credentials = match r.value("credentials")? {
        Some(c) => signing_credentials(&c, "credentials")?,
        None => return Err(CognitoError::invalid_parameter("credentials is required")),
    };
    let region = r.required_string("region")?;
    let bucket = r.required_string("bucket")?;
    let key = r.required_string("key")?;
    let endpoint = r.string("endpoint")?;
    let force_path_style = r.bool("forcePathStyle")?.unwrap_or(false);
    let expires_in = r
        .integer("expiresIn", 1, crate::sigv4::MAX_PRESIGN_EXPIRES)?
        .unwrap_or(DEFAULT_EXPIRES_IN);
    let shared = super::shared();
    let params = SigningParams {
        credentials: &credentials,
        region: &region,
        service: "s3",
        time_ms: shared.skew.now_ms(BrowserPlatform.now_ms()),
    };
    s3::presign_get_object(
        &shared.signer,
        &params,
        &bucket,
        &key,
        endpoint.as_deref(),
        force_path_style,
        expires_in,
    )
}

/// A presigned URL that GETs one object without further signing (for an
/// `<img src>`, a download link, a plain `fetch`), valid `expiresIn`
/// seconds (default 900, at most 7 days; a URL signed with temporary
/// credentials stops working when they expire).
#[wasm_bindgen(js_name = presignGetObject)]
pub fn presign_get_object(
    #[wasm_bindgen(unchecked_param_type = "PresignGetObjectOptions")] options: JsValue,
) -> Result<String, JsValue> {
    presign(&options).map_err(to_js)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Options of `listObjects` and `listAllObjects`. */
export type ListObjectsOptions = CredentialSource & {
  region: string;
  bucket: string;
  prefix?: string;
  /** Group keys by this (usually `/`) into `prefixes`. */
  delimiter?: string;
  /** Page size, 1–1000. */
  maxKeys?: number;
  /** `nextContinuationToken` of the previous page. */
  continuationToken?: string;
  startAfter?: string;
  /** Custom endpoint (`http://127.0.0.1:4566`); implies path-style addressing. */
  endpoint?: string;
  forcePathStyle?: boolean;
} & CallOptions;

/** One object of a listing. */
export interface S3Object {
  key: string;
  /** Bytes. */
  size: number;
  lastModified: Date;
  /** Entity tag as S3 sent it, quotes included. */
  etag: string;
}

/** A listing (one page from `listObjects`, every page from `listAllObjects`). */
export interface ListObjectsResult {
  objects: S3Object[];
  /** Common prefixes ("folders" with `delimiter: "/"`). */
  prefixes: string[];
  isTruncated: boolean;
  nextContinuationToken?: string;
  /** Keys plus prefixes in the reply (summed over pages). */
  keyCount: number;
}

/** Options of `presignGetObject`. */
export interface PresignGetObjectOptions {
  credentials: AwsCredentials;
  region: string;
  bucket: string;
  key: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Seconds, 1 to 604800 (default 900). */
  expiresIn?: number;
}
"#;
