//! "My files": the calls on the user's own folder `private/<identity id>/`
//! (ListObjectsV2, PutObject or a multipart upload, GetObject,
//! DeleteObject), made with the library's request builders and parsers.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use cognito_wasm::s3::multipart::{self, PartRange, MIN_PART_SIZE};
use cognito_wasm::s3::objects::{self, ObjectAttributes, ObjectLocation};
use cognito_wasm::s3::{list_objects_request, parse_list_objects_response};
use cognito_wasm::CognitoError;
use futures::future::join_all;
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::data_calls::{send, Service};
use crate::format::utc_time;
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Size of each part of a multipart upload (S3's smallest).
pub const PART_SIZE: u64 = MIN_PART_SIZE;
/// Files this size or larger go up in parts (so the progress bar moves).
pub const MULTIPART_FROM: u64 = 2 * PART_SIZE;
/// Parts sent at once.
pub const PARALLEL_PARTS: usize = 4;

/// One file of the folder.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRow {
    /// The object's key.
    pub key: String,
    /// Its name in the folder.
    pub name: String,
    /// Size, bytes.
    pub size: u64,
    /// When it was last modified, for display.
    pub modified: String,
}

/// Where `key` is, by the settings.
fn location(settings: &Settings, key: String) -> ObjectLocation {
    ObjectLocation {
        bucket: settings.bucket.trim().to_owned(),
        region: settings.s3_region(),
        key,
        endpoint: settings.s3_endpoint(),
        force_path_style: false,
    }
}

/// The objects in `folder` (the first 1,000).
pub async fn list_folder(
    handle: &ClientHandle,
    settings: &Settings,
    folder: &str,
) -> Result<Vec<FileRow>, CognitoError> {
    let request = list_objects_request(&settings.list_input(folder, 1000, None))?;
    let response = send(handle, settings, Service::S3, request).await?;
    let output = parse_list_objects_response(&response)?;
    Ok(output
        .objects
        .into_iter()
        .map(|o| FileRow {
            name: o.key.strip_prefix(folder).unwrap_or(&o.key).to_owned(),
            modified: o
                .last_modified_ms
                .map(utc_time)
                .unwrap_or_else(|| o.last_modified.clone()),
            size: o.size,
            key: o.key,
        })
        .collect())
}

/// Bytes `start..end` of a file, read when needed (a part at a time).
async fn read_range(file: &web_sys::Blob, start: u64, end: u64) -> Result<Vec<u8>, CognitoError> {
    let unreadable = |_| CognitoError::invalid_parameter("the file could not be read");
    let piece = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(unreadable)?;
    let buffer = JsFuture::from(piece.array_buffer())
        .await
        .map_err(unreadable)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Uploads `file` into `folder` under its own name: one PutObject, or a
/// multipart upload ([`PARALLEL_PARTS`] parts at a time, aborted if it
/// fails) for files of [`MULTIPART_FROM`] bytes or more. `progress` hears
/// `(bytes sent, total)` after each part.
pub async fn upload(
    handle: &ClientHandle,
    settings: &Settings,
    folder: &str,
    file: &web_sys::File,
    progress: Rc<dyn Fn(u64, u64)>,
) -> Result<String, CognitoError> {
    let key = format!("{folder}{}", file.name());
    let total = file.size() as u64;
    let location = location(settings, key.clone());
    let attributes = ObjectAttributes {
        content_type: Some(file.type_()).filter(|t| !t.is_empty()),
        metadata: Vec::new(),
    };
    progress(0, total);
    if total < MULTIPART_FROM {
        let body = read_range(file, 0, total).await?;
        let request = objects::put_object_request(&location, body, &attributes)?;
        let response = send(handle, settings, Service::S3, request).await?;
        objects::parse_object_response(&response)?;
    } else {
        upload_in_parts(
            handle,
            settings,
            &location,
            &attributes,
            file,
            total,
            &*progress,
        )
        .await?;
    }
    progress(total, total);
    Ok(key)
}

/// A multipart upload in flight.
struct Parts<'a> {
    handle: &'a ClientHandle,
    settings: &'a Settings,
    location: &'a ObjectLocation,
    upload_id: String,
    file: &'a web_sys::File,
    plan: Vec<PartRange>,
    next: Cell<usize>,
    etags: RefCell<Vec<Option<String>>>,
    sent: Cell<u64>,
    failed: RefCell<Option<CognitoError>>,
}

impl Parts<'_> {
    /// Sends parts until none is left or one failed.
    async fn work(&self, total: u64, progress: &dyn Fn(u64, u64)) {
        while self.failed.borrow().is_none() {
            let index = self.next.get();
            let Some(part) = self.plan.get(index).copied() else {
                return;
            };
            self.next.set(index + 1);
            match self.send_part(part).await {
                Ok(etag) => {
                    if let Some(slot) = self.etags.borrow_mut().get_mut(index) {
                        *slot = Some(etag);
                    }
                    self.sent.set(self.sent.get() + (part.end - part.start));
                    progress(self.sent.get(), total);
                }
                Err(error) => {
                    self.failed.borrow_mut().get_or_insert(error);
                }
            }
        }
    }

    /// UploadPart of one range; its ETag.
    async fn send_part(&self, part: PartRange) -> Result<String, CognitoError> {
        let body = read_range(self.file, part.start, part.end).await?;
        let mut request =
            multipart::upload_part_request(self.location, &self.upload_id, part.number)?;
        request.body = body;
        let response = send(self.handle, self.settings, Service::S3, request).await?;
        objects::parse_object_response(&response)?
            .etag
            .ok_or_else(|| CognitoError::invalid_response("UploadPart reply without ETag"))
    }

    /// CompleteMultipartUpload of every part.
    async fn complete(&self) -> Result<(), CognitoError> {
        let parts = self
            .plan
            .iter()
            .zip(self.etags.borrow().iter())
            .map(|(part, etag)| {
                etag.clone()
                    .map(|e| (part.number, e))
                    .ok_or_else(|| CognitoError::invalid_response("a part has no ETag"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let request =
            multipart::complete_multipart_upload_request(self.location, &self.upload_id, &parts)?;
        let response = send(self.handle, self.settings, Service::S3, request).await?;
        multipart::parse_complete_multipart_upload_response(&response).map(|_| ())
    }
}

async fn upload_in_parts(
    handle: &ClientHandle,
    settings: &Settings,
    location: &ObjectLocation,
    attributes: &ObjectAttributes,
    file: &web_sys::File,
    total: u64,
    progress: &dyn Fn(u64, u64),
) -> Result<(), CognitoError> {
    let plan = multipart::plan_parts(total, PART_SIZE)?;
    let create = multipart::create_multipart_upload_request(location, attributes)?;
    let response = send(handle, settings, Service::S3, create).await?;
    let upload_id = multipart::parse_create_multipart_upload_response(&response)?;
    let parts = Parts {
        handle,
        settings,
        location,
        upload_id,
        file,
        etags: RefCell::new(vec![None; plan.len()]),
        plan,
        next: Cell::new(0),
        sent: Cell::new(0),
        failed: RefCell::new(None),
    };
    join_all((0..PARALLEL_PARTS).map(|_| parts.work(total, progress))).await;
    let failure = parts.failed.borrow_mut().take();
    let result = match failure {
        Some(error) => Err(error),
        None => parts.complete().await,
    };
    if result.is_err() {
        // Best effort: the error shown is the one that stopped the upload.
        if let Ok(abort) = multipart::abort_multipart_upload_request(location, &parts.upload_id) {
            let _ = send(handle, settings, Service::S3, abort).await;
        }
    }
    result
}

/// GetObject of `key`: its bytes and content type.
pub async fn download(
    handle: &ClientHandle,
    settings: &Settings,
    key: &str,
) -> Result<(Vec<u8>, Option<String>), CognitoError> {
    let request = objects::get_object_request(&location(settings, key.to_owned()), None)?;
    let response = send(handle, settings, Service::S3, request).await?;
    let info = objects::parse_object_response(&response)?;
    Ok((response.body, info.content_type))
}

/// DeleteObject of `key`.
pub async fn delete(
    handle: &ClientHandle,
    settings: &Settings,
    key: &str,
) -> Result<(), CognitoError> {
    let request = objects::delete_object_request(&location(settings, key.to_owned()))?;
    send(handle, settings, Service::S3, request).await?;
    Ok(())
}

/// Hands `bytes` to the browser as a download named `name`.
pub fn save_as(name: &str, bytes: &[u8], content_type: Option<&str>) -> Result<(), CognitoError> {
    let failed = |_| CognitoError::invalid_parameter("the browser refused the download");
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type.unwrap_or("application/octet-stream"));
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let anchor: web_sys::HtmlAnchorElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into().ok())
        .ok_or_else(|| CognitoError::invalid_parameter("no document to download into"))?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // The browser has read the URL once the click's download started.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
