//! `getObject`, `putObject`, `headObject`, `deleteObject`,
//! `deleteObjects`, `copyObject` and `presignPutObject`: S3 object calls
//! with credentials given directly or by a provider, sent with the page's
//! clock-skew correction and retries, cancellable with an `AbortSignal`.
use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

use js_sys::{Array, ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use sha2::{Digest, Sha256};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::convert::{self, Bad, Reader};
use super::credentials::{signing_credentials, CredentialSource};
use super::error::to_js;
use crate::browser::{self, BrowserPlatform};
use crate::client::platform::Platform;
use crate::error::CognitoError;
use crate::s3::multipart;
use crate::s3::objects::{self, ObjectAttributes, ObjectInfo, ObjectLocation};
use crate::s3::send_signed;
use crate::sigv4::{SigningCredentials, SigningParams};
use crate::wire::encoding::hex_encode;
use crate::wire::http::{HttpRequest, HttpResponse};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Where an object is, and how to sign for it. */
export type ObjectOptions = CredentialSource & {
  region: string;
  bucket: string;
  key: string;
  /** Custom endpoint (`http://127.0.0.1:4566`); implies path-style addressing. */
  endpoint?: string;
  forcePathStyle?: boolean;
} & CallOptions;

/** Options of `getObject`. */
export type GetObjectOptions = ObjectOptions & {
  /** `bytes=0-99`, `bytes=-500`, … */
  range?: string;
};

/** What `headObject` and `getObject` say about an object. */
export interface ObjectInfo {
  contentType?: string;
  /** Bytes in the body of this reply (`Content-Length`). */
  size?: number;
  /** Quotes included. */
  etag?: string;
  lastModified?: Date;
  /** `x-amz-meta-*` values the bucket's CORS rule exposes, names lower-case. */
  metadata: Record<string, string>;
  /** `Content-Range` of a ranged read. */
  contentRange?: string;
}

/** `getObject`'s result: the body is the unread `Response`. */
export type GetObjectResult = ObjectInfo & { body: Response };

/** Options of `putObject`. */
export type PutObjectOptions = ObjectOptions & {
  body: Blob | ArrayBuffer | ArrayBufferView | string;
  contentType?: string;
  /** Stored as `x-amz-meta-<name>` (names are sent lower-case). */
  metadata?: Record<string, string>;
  /** Sign `UNSIGNED-PAYLOAD` instead of the body's SHA-256 (a Blob is then not read by the library). */
  unsignedPayload?: boolean;
  /** Bytes sent so far; bodies of 16 MiB or more go up in 8 MiB parts, 4 at a time. */
  onProgress?: (progress: { loaded: number; total: number }) => void;
};

/** Options of `deleteObjects`. */
export type DeleteObjectsOptions = Omit<ObjectOptions, "key"> & {
  /** 1 to 1000 keys. */
  keys: string[];
  /** Report only the keys that could not be deleted. */
  quiet?: boolean;
};

/** `deleteObjects`' result. */
export interface DeleteObjectsResult {
  deleted: string[];
  errors: { key: string; code: string; message: string }[];
}

/** Options of `copyObject`: copies `sourceKey` of `sourceBucket` (default: `bucket`) to `key`. */
export type CopyObjectOptions = ObjectOptions & {
  sourceKey: string;
  sourceBucket?: string;
  /** With `contentType` or `metadata`, the copy gets these instead of the source's. */
  contentType?: string;
  metadata?: Record<string, string>;
};

/** Options of `presignPutObject`. */
export interface PresignPutObjectOptions {
  credentials: AwsCredentials;
  region: string;
  bucket: string;
  key: string;
  /** The uploader must then send this same `Content-Type`. */
  contentType?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Seconds, 1 to 604800 (default 900). */
  expiresIn?: number;
}
"#;

/// Payload hash of a body that is not hashed.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Default validity of a presigned URL: 15 minutes.
const DEFAULT_EXPIRES_IN: u32 = 900;
/// Bytes of a Blob copied into wasm memory at a time while hashing it.
const HASH_CHUNK: u32 = 1 << 20;

/// `Platform` for object calls: the browser's fetch
/// ([`crate::browser::fetch`]) with the caller's `AbortSignal` and
/// timeout, a body given as a JS value (a Blob is sent as is), and, for
/// GET, the successful `Response` kept unread.
struct ObjectPlatform {
    signal: Option<JsValue>,
    timeout_ms: u32,
    body: Option<JsValue>,
    keep_body: bool,
    kept: RefCell<Option<web_sys::Response>>,
}

impl ObjectPlatform {
    fn new(signal: Option<JsValue>, timeout_ms: u32) -> Self {
        Self {
            signal,
            timeout_ms,
            body: None,
            keep_body: false,
            kept: RefCell::new(None),
        }
    }
}

impl Platform for ObjectPlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        let init = browser::request_init(&request, self.body.as_ref())?;
        let fetched = browser::fetch(
            &JsValue::from_str(&request.url),
            &init,
            !self.keep_body,
            self.signal.as_ref(),
            self.timeout_ms,
            browser::origin_of(&request.url),
        )
        .await?;
        let mut body = fetched.body;
        if self.keep_body {
            if (200..300).contains(&fetched.status) {
                *self.kept.borrow_mut() = Some(fetched.response);
            } else {
                // An error reply's body is small: read it for the error.
                let unreadable = |_| CognitoError::network("the reply body could not be read");
                let buffer = JsFuture::from(fetched.response.array_buffer().map_err(unreadable)?)
                    .await
                    .map_err(unreadable)?;
                body = Uint8Array::new(&buffer).to_vec();
            }
        }
        Ok(HttpResponse {
            status: fetched.status,
            headers: fetched.headers,
            body,
        })
    }

    fn now_ms(&self) -> f64 {
        BrowserPlatform.now_ms()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        BrowserPlatform.random_bytes(buf)
    }

    async fn sleep(&self, ms: u32) {
        BrowserPlatform.sleep(ms).await
    }
}

/// The options every object call reads.
struct Call {
    reader: Reader,
    location: ObjectLocation,
    platform: ObjectPlatform,
}

impl Call {
    /// Reads the location (`key` unless `with_key` is false) and `signal`.
    fn read(options: &JsValue, with_key: bool) -> Result<Call, CognitoError> {
        let reader = Reader::new(options, "options", Bad::Parameter)?;
        let location = ObjectLocation {
            bucket: reader.required_string("bucket")?,
            region: reader.required_string("region")?,
            key: if with_key {
                reader.required_string("key")?
            } else {
                String::new()
            },
            endpoint: reader.string("endpoint")?,
            force_path_style: reader.bool("forcePathStyle")?.unwrap_or(false),
        };
        let call = super::CallOptions::read(options, None)?;
        Ok(Call {
            reader,
            location,
            platform: ObjectPlatform::new(call.signal, call.timeout_ms),
        })
    }

    fn attributes(&self) -> Result<ObjectAttributes, CognitoError> {
        Ok(ObjectAttributes {
            content_type: self.reader.string("contentType")?,
            metadata: self.reader.string_map("metadata")?.unwrap_or_default(),
        })
    }

    async fn credentials(&self) -> Result<SigningCredentials, CognitoError> {
        CredentialSource::from_options(&self.reader)?
            .resolve()
            .await
    }

    /// Signs and sends `request` with the page's signer and clock skew.
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, CognitoError> {
        let credentials = self.credentials().await?;
        let shared = super::shared();
        send_signed(
            &self.platform,
            &shared.signer,
            &shared.skew,
            &credentials,
            &self.location.region,
            request,
        )
        .await
    }
}

/// `{ contentType?, size?, etag?, lastModified?, metadata, contentRange? }`.
fn info_to_js(info: &ObjectInfo) -> Object {
    let result = Object::new();
    if let Some(t) = &info.content_type {
        convert::set(&result, "contentType", t.as_str());
    }
    if let Some(size) = info.size {
        convert::set(&result, "size", size as f64);
    }
    if let Some(etag) = &info.etag {
        convert::set(&result, "etag", etag.as_str());
    }
    if let Some(ms) = info.last_modified_ms {
        convert::set(&result, "lastModified", convert::date(ms));
    }
    convert::set(&result, "metadata", convert::string_record(&info.metadata));
    if let Some(range) = &info.content_range {
        convert::set(&result, "contentRange", range.as_str());
    }
    result
}

async fn get(options: JsValue) -> Result<JsValue, CognitoError> {
    let mut call = Call::read(&options, true)?;
    let range = call.reader.string("range")?;
    let request = objects::get_object_request(&call.location, range.as_deref())?;
    call.platform.keep_body = true;
    let response = call.send(&request).await?;
    let info = objects::parse_object_response(&response)?;
    let body = call
        .platform
        .kept
        .borrow_mut()
        .take()
        .ok_or_else(|| CognitoError::invalid_response("S3 sent no body"))?;
    let result = info_to_js(&info);
    convert::set(&result, "body", body);
    Ok(result.into())
}

async fn head(options: JsValue) -> Result<JsValue, CognitoError> {
    let call = Call::read(&options, true)?;
    let request = objects::head_object_request(&call.location)?;
    let response = call.send(&request).await?;
    Ok(info_to_js(&objects::parse_object_response(&response)?).into())
}

/// A Blob (or File): has `arrayBuffer()` and a numeric `size`.
fn is_blob(value: &JsValue) -> bool {
    let has = |name: &str| Reflect::get(value, &JsValue::from_str(name)).ok();
    value.is_object()
        && !value.is_instance_of::<ArrayBuffer>()
        && has("size").is_some_and(|s| s.as_f64().is_some())
        && has("arrayBuffer").is_some_and(|f| f.is_instance_of::<Function>())
}

/// Reads a Blob once and returns its bytes (as an `ArrayBuffer` to send)
/// and their hex SHA-256, hashed in bounded chunks.
async fn read_and_hash_blob(blob: &JsValue) -> Result<(JsValue, String), CognitoError> {
    let unreadable = |_| CognitoError::invalid_parameter("body: the Blob could not be read");
    let read: Function = Reflect::get(blob, &JsValue::from_str("arrayBuffer"))
        .map_err(unreadable)?
        .unchecked_into();
    let pending: Promise = read.call0(blob).map_err(unreadable)?.unchecked_into();
    let buffer = JsFuture::from(pending).await.map_err(unreadable)?;
    let bytes = Uint8Array::new(&buffer);
    let mut hasher = Sha256::new();
    let mut chunk = Vec::new();
    let length = bytes.length();
    let mut start = 0;
    while start < length {
        let end = length.min(start.saturating_add(HASH_CHUNK));
        chunk.resize((end - start) as usize, 0);
        bytes.subarray(start, end).copy_to(&mut chunk);
        hasher.update(&chunk);
        start = end;
    }
    Ok((buffer, hex_encode(&hasher.finalize())))
}

async fn put(options: JsValue) -> Result<JsValue, CognitoError> {
    let mut call = Call::read(&options, true)?;
    let attributes = call.attributes()?;
    let unsigned = call.reader.bool("unsignedPayload")?.unwrap_or(false);
    let on_progress = call.reader.function("onProgress")?;
    let body = call
        .reader
        .value("body")?
        .ok_or_else(|| CognitoError::invalid_parameter("body is required"))?;
    let (request, total) = if is_blob(&body) {
        let total = Reflect::get(&body, &JsValue::from_str("size"))
            .ok()
            .and_then(|s| s.as_f64())
            .unwrap_or(0.0) as u64;
        if total >= MULTIPART_FROM {
            return put_in_parts(
                call,
                &attributes,
                PartsBody::Blob(body),
                total,
                unsigned,
                on_progress,
            )
            .await;
        }
        let empty = objects::put_object_request(&call.location, Vec::new(), &attributes)?;
        let (sent, hash) = if unsigned {
            (body, UNSIGNED_PAYLOAD.to_string())
        } else {
            read_and_hash_blob(&body).await?
        };
        call.platform.body = Some(sent);
        (objects::with_payload_hash(empty, &hash), total)
    } else {
        let bytes = convert::body_bytes(&body).ok_or_else(|| {
            CognitoError::invalid_parameter(
                "body must be a Blob, ArrayBuffer, typed array or string",
            )
        })?;
        let total = bytes.len() as u64;
        if total >= MULTIPART_FROM {
            return put_in_parts(
                call,
                &attributes,
                PartsBody::Bytes(bytes),
                total,
                unsigned,
                on_progress,
            )
            .await;
        }
        let request = objects::put_object_request(&call.location, bytes, &attributes)?;
        if unsigned {
            (objects::with_payload_hash(request, UNSIGNED_PAYLOAD), total)
        } else {
            (request, total)
        }
    };
    let response = call.send(&request).await?;
    let info = objects::parse_object_response(&response)?;
    report_progress(on_progress.as_ref(), total as f64, total as f64);
    let result = Object::new();
    if let Some(etag) = &info.etag {
        convert::set(&result, "etag", etag.as_str());
    }
    Ok(result.into())
}

async fn delete(options: JsValue) -> Result<JsValue, CognitoError> {
    let call = Call::read(&options, true)?;
    let request = objects::delete_object_request(&call.location)?;
    call.send(&request).await?;
    Ok(JsValue::UNDEFINED)
}

async fn delete_many(options: JsValue) -> Result<JsValue, CognitoError> {
    let call = Call::read(&options, false)?;
    let keys_value = call
        .reader
        .value("keys")?
        .filter(|k| k.is_instance_of::<Array>())
        .ok_or_else(|| CognitoError::invalid_parameter("keys must be an array of strings"))?;
    let keys = keys_value
        .unchecked_into::<Array>()
        .iter()
        .map(|k| {
            k.as_string()
                .ok_or_else(|| CognitoError::invalid_parameter("keys must be an array of strings"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let location = &call.location;
    let request = objects::delete_objects_request(
        &location.bucket,
        &location.region,
        location.endpoint.as_deref(),
        location.force_path_style,
        &keys,
        call.reader.bool("quiet")?.unwrap_or(false),
    )?;
    let response = call.send(&request).await?;
    let output = objects::parse_delete_objects_response(&response)?;
    let errors: Array = output
        .errors
        .iter()
        .map(|e| {
            let error = Object::new();
            convert::set(&error, "key", e.key.as_str());
            convert::set(&error, "code", e.code.as_str());
            convert::set(&error, "message", e.message.as_str());
            JsValue::from(error)
        })
        .collect();
    let result = Object::new();
    convert::set(&result, "deleted", convert::string_array(&output.deleted));
    convert::set(&result, "errors", errors);
    Ok(result.into())
}

async fn copy(options: JsValue) -> Result<JsValue, CognitoError> {
    let call = Call::read(&options, true)?;
    let source_key = call.reader.required_string("sourceKey")?;
    let source_bucket = call
        .reader
        .string("sourceBucket")?
        .unwrap_or_else(|| call.location.bucket.clone());
    let attributes = call.attributes()?;
    let replace = attributes.content_type.is_some() || call.reader.value("metadata")?.is_some();
    let request = objects::copy_object_request(
        &call.location,
        &source_bucket,
        &source_key,
        replace.then_some(&attributes),
    )?;
    let response = call.send(&request).await?;
    let output = objects::parse_copy_object_response(&response)?;
    let result = Object::new();
    convert::set(&result, "etag", output.etag.as_str());
    if let Some(ms) = output.last_modified_ms {
        convert::set(&result, "lastModified", convert::date(ms));
    }
    Ok(result.into())
}

/// Bodies of at least this many bytes go up in parts (multipart upload).
const MULTIPART_FROM: u64 = 16 * 1024 * 1024;
/// Size of each part but the last.
const PART_SIZE: u64 = 8 * 1024 * 1024;
/// Parts in flight at once.
const PARALLEL_PARTS: usize = 4;

/// A body that goes up in parts.
enum PartsBody {
    /// Sliced with `Blob.slice`, each slice read once.
    Blob(JsValue),
    /// Bytes already in wasm memory.
    Bytes(Vec<u8>),
}

/// One multipart upload in progress, shared by its part workers.
struct Upload {
    location: ObjectLocation,
    credentials: SigningCredentials,
    signal: Option<JsValue>,
    timeout_ms: u32,
    upload_id: String,
    body: PartsBody,
    unsigned: bool,
    parts: Vec<multipart::PartRange>,
    next: Cell<usize>,
    etags: RefCell<Vec<Option<String>>>,
    loaded: Cell<f64>,
    total: f64,
    on_progress: Option<Function>,
    failed: RefCell<Option<CognitoError>>,
}

fn report_progress(on_progress: Option<&Function>, loaded: f64, total: f64) {
    if let Some(f) = on_progress {
        let progress = Object::new();
        convert::set(&progress, "loaded", loaded);
        convert::set(&progress, "total", total);
        // A throwing callback does not stop the upload.
        let _ = f.call1(&JsValue::UNDEFINED, &progress);
    }
}

/// Signs and sends `request` with `body` beside it (hash `hash`).
async fn send_with_body(
    location: &ObjectLocation,
    credentials: &SigningCredentials,
    (signal, timeout_ms): (Option<JsValue>, u32),
    request: HttpRequest,
    body: Option<JsValue>,
    hash: Option<&str>,
) -> Result<HttpResponse, CognitoError> {
    let mut platform = ObjectPlatform::new(signal, timeout_ms);
    platform.body = body;
    let request = match hash {
        Some(hash) => objects::with_payload_hash(request, hash),
        None => request,
    };
    let shared = super::shared();
    send_signed(
        &platform,
        &shared.signer,
        &shared.skew,
        credentials,
        &location.region,
        &request,
    )
    .await
}

impl Upload {
    /// Uploads one part (retried by `send_signed`); returns its ETag.
    async fn send_part(&self, part: multipart::PartRange) -> Result<String, CognitoError> {
        let request = multipart::upload_part_request(&self.location, &self.upload_id, part.number)?;
        let (body, hash) = match &self.body {
            PartsBody::Blob(blob) => {
                let slice: Function = Reflect::get(blob, &JsValue::from_str("slice"))
                    .ok()
                    .and_then(|f| f.dyn_into().ok())
                    .ok_or_else(|| {
                        CognitoError::invalid_parameter("body: the Blob cannot be sliced")
                    })?;
                let piece = slice
                    .call2(blob, &(part.start as f64).into(), &(part.end as f64).into())
                    .map_err(|_| {
                        CognitoError::invalid_parameter("body: the Blob cannot be sliced")
                    })?;
                if self.unsigned {
                    (piece, UNSIGNED_PAYLOAD.to_string())
                } else {
                    read_and_hash_blob(&piece).await?
                }
            }
            PartsBody::Bytes(bytes) => {
                let piece = bytes
                    .get(part.start as usize..part.end as usize)
                    .ok_or_else(|| CognitoError::invalid_parameter("body: part out of range"))?;
                let hash = if self.unsigned {
                    UNSIGNED_PAYLOAD.to_string()
                } else {
                    hex_encode(&Sha256::digest(piece))
                };
                (Uint8Array::from(piece).into(), hash)
            }
        };
        let response = send_with_body(
            &self.location,
            &self.credentials,
            (self.signal.clone(), self.timeout_ms),
            request,
            Some(body),
            Some(&hash),
        )
        .await?;
        objects::parse_object_response(&response)?
            .etag
            .ok_or_else(|| CognitoError::invalid_response("UploadPart reply without ETag"))
    }

    /// Takes parts until none is left or one failed.
    async fn work(self: Rc<Self>) {
        loop {
            if self.failed.borrow().is_some() {
                return;
            }
            let index = self.next.get();
            let Some(part) = self.parts.get(index).copied() else {
                return;
            };
            self.next.set(index + 1);
            match self.send_part(part).await {
                Ok(etag) => {
                    if let Some(slot) = self.etags.borrow_mut().get_mut(index) {
                        *slot = Some(etag);
                    }
                    self.loaded
                        .set(self.loaded.get() + (part.end - part.start) as f64);
                    report_progress(self.on_progress.as_ref(), self.loaded.get(), self.total);
                }
                Err(error) => {
                    self.failed.borrow_mut().get_or_insert(error);
                    return;
                }
            }
        }
    }
}

/// Uploads the parts (at most [`PARALLEL_PARTS`] at once) and completes
/// the upload; aborts it when a part, the completion or the signal fails.
async fn put_in_parts(
    call: Call,
    attributes: &ObjectAttributes,
    body: PartsBody,
    total: u64,
    unsigned: bool,
    on_progress: Option<Function>,
) -> Result<JsValue, CognitoError> {
    let parts = multipart::plan_parts(total, PART_SIZE)?;
    let credentials = call.credentials().await?;
    let location = call.location;
    let signal = call.platform.signal;
    let timeout_ms = call.platform.timeout_ms;
    let create = multipart::create_multipart_upload_request(&location, attributes)?;
    let response = send_with_body(
        &location,
        &credentials,
        (signal.clone(), timeout_ms),
        create,
        None,
        None,
    )
    .await?;
    let upload_id = multipart::parse_create_multipart_upload_response(&response)?;
    let upload = Rc::new(Upload {
        etags: RefCell::new(vec![None; parts.len()]),
        location,
        credentials,
        signal,
        timeout_ms,
        upload_id,
        body,
        unsigned,
        parts,
        next: Cell::new(0),
        loaded: Cell::new(0.0),
        total: total as f64,
        on_progress,
        failed: RefCell::new(None),
    });
    let workers: Array = (0..PARALLEL_PARTS)
        .map(|_| {
            let upload = Rc::clone(&upload);
            JsValue::from(wasm_bindgen_futures::future_to_promise(async move {
                upload.work().await;
                Ok(JsValue::UNDEFINED)
            }))
        })
        .collect();
    // Every worker has stopped (no part in flight) before an abort.
    let _ = JsFuture::from(Promise::all_settled(&workers)).await;
    let failure = upload.failed.borrow_mut().take();
    let result = match failure {
        Some(error) => Err(error),
        None => complete(&upload).await,
    };
    if result.is_err() {
        // Best effort, without the (perhaps aborted) signal: the error
        // reported is the one that stopped the upload.
        if let Ok(abort) =
            multipart::abort_multipart_upload_request(&upload.location, &upload.upload_id)
        {
            let _ = send_with_body(
                &upload.location,
                &upload.credentials,
                (None, upload.timeout_ms),
                abort,
                None,
                None,
            )
            .await;
        }
    }
    let etag = result?;
    let out = Object::new();
    convert::set(&out, "etag", etag.as_str());
    Ok(out.into())
}

async fn complete(upload: &Upload) -> Result<String, CognitoError> {
    let parts = upload
        .parts
        .iter()
        .zip(upload.etags.borrow().iter())
        .map(|(part, etag)| {
            etag.clone()
                .map(|e| (part.number, e))
                .ok_or_else(|| CognitoError::invalid_response("a part has no ETag"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let request =
        multipart::complete_multipart_upload_request(&upload.location, &upload.upload_id, &parts)?;
    let response = send_with_body(
        &upload.location,
        &upload.credentials,
        (upload.signal.clone(), upload.timeout_ms),
        request,
        None,
        None,
    )
    .await?;
    multipart::parse_complete_multipart_upload_response(&response)
}

/// Reads one object (S3 GetObject). Resolves `{ body, contentType, size,
/// etag, lastModified, metadata }` where `body` is the unread `Response`
/// (stream it, or call `.blob()`, `.text()`, …); `range` reads part of it.
/// Rejects with the S3 error (`NoSuchKey`, `AccessDenied`, …).
#[wasm_bindgen(js_name = getObject, unchecked_return_type = "Promise<GetObjectResult>")]
pub fn get_object(
    #[wasm_bindgen(unchecked_param_type = "GetObjectOptions")] options: JsValue,
) -> Promise {
    super::promise(get(options))
}

/// Stores one object (S3 PutObject) from a Blob, ArrayBuffer, typed array
/// or string, with an optional `contentType` and `metadata`; the body's
/// SHA-256 is signed unless `unsignedPayload` is set. Bodies of 16 MiB or
/// more go up as a multipart upload (8 MiB parts, 4 at a time, each
/// retried; aborted on failure or abort); `onProgress({ loaded, total })`
/// follows the parts. Resolves `{ etag }`.
#[wasm_bindgen(js_name = putObject, unchecked_return_type = "Promise<{ etag?: string }>")]
pub fn put_object(
    #[wasm_bindgen(unchecked_param_type = "PutObjectOptions")] options: JsValue,
) -> Promise {
    super::promise(put(options))
}

/// What S3 knows of an object without its body (HeadObject). A missing
/// object rejects with `NotFound` (HEAD replies carry no error body).
#[wasm_bindgen(js_name = headObject, unchecked_return_type = "Promise<ObjectInfo>")]
pub fn head_object(
    #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
) -> Promise {
    super::promise(head(options))
}

/// Deletes one object (S3 DeleteObject; deleting a missing key succeeds).
#[wasm_bindgen(js_name = deleteObject, unchecked_return_type = "Promise<void>")]
pub fn delete_object(
    #[wasm_bindgen(unchecked_param_type = "ObjectOptions")] options: JsValue,
) -> Promise {
    super::promise(delete(options))
}

/// Deletes up to 1000 objects in one call (S3 DeleteObjects). Resolves
/// `{ deleted, errors }`: keys S3 could not delete are in `errors`, not a
/// rejection.
#[wasm_bindgen(js_name = deleteObjects, unchecked_return_type = "Promise<DeleteObjectsResult>")]
pub fn delete_objects(
    #[wasm_bindgen(unchecked_param_type = "DeleteObjectsOptions")] options: JsValue,
) -> Promise {
    super::promise(delete_many(options))
}

/// Copies an object within S3 (CopyObject) to `bucket`/`key`. Resolves
/// `{ etag, lastModified }`.
#[wasm_bindgen(
    js_name = copyObject,
    unchecked_return_type = "Promise<{ etag: string; lastModified?: Date }>"
)]
pub fn copy_object(
    #[wasm_bindgen(unchecked_param_type = "CopyObjectOptions")] options: JsValue,
) -> Promise {
    super::promise(copy(options))
}

fn presign_put(options: &JsValue) -> Result<String, CognitoError> {
    let r = Reader::new(options, "options", Bad::Parameter)?;
    if r.value("provider")?.is_some() {
        return Err(CognitoError::invalid_parameter(
            "presignPutObject is synchronous: pass credentials (await the provider first)",
        ));
    }
    let credentials = match r.value("credentials")? {
        Some(c) => signing_credentials(&c, "credentials")?,
        None => return Err(CognitoError::invalid_parameter("credentials is required")),
    };
    let location = ObjectLocation {
        bucket: r.required_string("bucket")?,
        region: r.required_string("region")?,
        key: r.required_string("key")?,
        endpoint: r.string("endpoint")?,
        force_path_style: r.bool("forcePathStyle")?.unwrap_or(false),
    };
    let content_type = r.string("contentType")?;
    let expires_in = r
        .integer("expiresIn", 1, crate::sigv4::MAX_PRESIGN_EXPIRES)?
        .unwrap_or(DEFAULT_EXPIRES_IN);
    let shared = super::shared();
    let params = SigningParams {
        credentials: &credentials,
        region: &location.region,
        service: "s3",
        time_ms: shared.skew.now_ms(BrowserPlatform.now_ms()),
    };
    objects::presign_put_object(
        &shared.signer,
        &params,
        &location,
        content_type.as_deref(),
        expires_in,
    )
}

/// A presigned URL that PUTs one object with a plain `fetch(url, {
/// method: 'PUT', body })`, valid `expiresIn` seconds (default 900, at most
/// 7 days). With `contentType`, the upload must send that `Content-Type`.
#[wasm_bindgen(js_name = presignPutObject)]
pub fn presign_put_object(
    #[wasm_bindgen(unchecked_param_type = "PresignPutObjectOptions")] options: JsValue,
) -> Result<String, JsValue> {
    presign_put(&options).map_err(to_js)
}
