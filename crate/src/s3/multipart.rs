//! S3 multipart upload, the plan: part sizes within S3's limits, and the
//! CreateMultipartUpload, UploadPart, CompleteMultipartUpload and
//! AbortMultipartUpload requests and replies.
//!
//! S3's limits: every part but the last at least 5 MiB, none over 5 GiB,
//! at most 10,000 parts, objects up to 5 TiB.
use crate::prelude::*;

use super::objects::{push_xml_text, ObjectAttributes, ObjectLocation};
use super::{error_from_element, parse_s3_error};
use crate::error::CognitoError;
use crate::wire::encoding::uri_encode;
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::xml::parse_document;

/// Smallest part S3 takes (but for the last).
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
/// Largest part S3 takes.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;
/// Most parts of one upload.
pub const MAX_PARTS: u64 = 10_000;
/// Largest object a multipart upload makes.
pub const MAX_OBJECT_SIZE: u64 = 5 * 1024 * 1024 * 1024 * 1024;

/// One part to upload: its number (from 1) and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartRange {
    /// `partNumber`, 1 … 10,000.
    pub number: u32,
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
}

/// Splits `total` bytes into parts of `preferred` bytes, raised to
/// [`MIN_PART_SIZE`] and to whatever keeps the count within [`MAX_PARTS`].
/// An empty body is one empty part.
pub fn plan_parts(total: u64, preferred: u64) -> Result<Vec<PartRange>, CognitoError> {
    if total > MAX_OBJECT_SIZE {
        return Err(CognitoError::invalid_parameter(
            "the body is larger than S3's 5 TiB object limit",
        ));
    }
    let fitting = total.div_ceil(MAX_PARTS);
    let size = preferred.max(MIN_PART_SIZE).max(fitting).min(MAX_PART_SIZE);
    let count = total.div_ceil(size).max(1);
    Ok((0..count)
        .map(|i| PartRange {
            // count <= MAX_PARTS, so the number fits.
            number: (i + 1) as u32,
            start: i * size,
            end: ((i + 1) * size).min(total),
        })
        .collect())
}

fn with_query(
    location: &ObjectLocation,
    method: &str,
    query: &str,
) -> Result<HttpRequest, CognitoError> {
    Ok(HttpRequest {
        method: method.into(),
        url: format!("{}?{query}", location.url()?),
        headers: Vec::new(),
        body: Vec::new(),
    })
}

fn check_upload_id(upload_id: &str) -> Result<(), CognitoError> {
    if upload_id.is_empty() {
        Err(CognitoError::invalid_parameter("uploadId is empty"))
    } else {
        Ok(())
    }
}

/// CreateMultipartUpload (`POST /key?uploads`) with the object's
/// attributes.
pub fn create_multipart_upload_request(
    location: &ObjectLocation,
    attributes: &ObjectAttributes,
) -> Result<HttpRequest, CognitoError> {
    // The attribute headers are those of a PUT.
    let put = super::objects::put_object_request(location, Vec::new(), attributes)?;
    let mut request = with_query(location, "POST", "uploads")?;
    request.headers = put.headers;
    Ok(request)
}

/// UploadPart (`PUT /key?partNumber=N&uploadId=…`); the body is sent
/// beside the request (see [`super::objects::with_payload_hash`]).
pub fn upload_part_request(
    location: &ObjectLocation,
    upload_id: &str,
    part_number: u32,
) -> Result<HttpRequest, CognitoError> {
    check_upload_id(upload_id)?;
    if part_number == 0 || u64::from(part_number) > MAX_PARTS {
        return Err(CognitoError::invalid_parameter(
            "partNumber must be between 1 and 10000",
        ));
    }
    with_query(
        location,
        "PUT",
        &format!(
            "partNumber={part_number}&uploadId={}",
            uri_encode(upload_id, false)
        ),
    )
}

/// CompleteMultipartUpload (`POST /key?uploadId=…`) of the parts, given
/// as `(part number, ETag)` in ascending part order.
pub fn complete_multipart_upload_request(
    location: &ObjectLocation,
    upload_id: &str,
    parts: &[(u32, String)],
) -> Result<HttpRequest, CognitoError> {
    check_upload_id(upload_id)?;
    if parts.is_empty() || parts.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(CognitoError::invalid_parameter(
            "parts must be listed once each, in ascending order",
        ));
    }
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
    );
    for (number, etag) in parts {
        body.push_str(&format!("<Part><PartNumber>{number}</PartNumber><ETag>"));
        push_xml_text(&mut body, etag);
        body.push_str("</ETag></Part>");
    }
    body.push_str("</CompleteMultipartUpload>");
    let mut request = with_query(
        location,
        "POST",
        &format!("uploadId={}", uri_encode(upload_id, false)),
    )?;
    request
        .headers
        .push(("content-type".into(), "application/xml".into()));
    request.body = body.into_bytes();
    Ok(request)
}

/// AbortMultipartUpload (`DELETE /key?uploadId=…`).
pub fn abort_multipart_upload_request(
    location: &ObjectLocation,
    upload_id: &str,
) -> Result<HttpRequest, CognitoError> {
    check_upload_id(upload_id)?;
    with_query(
        location,
        "DELETE",
        &format!("uploadId={}", uri_encode(upload_id, false)),
    )
}

/// The root element's `child` text of a 2xx XML reply whose root is
/// `root_name` (an `<Error>` body, even with 200, is the S3 error).
fn reply_field(
    response: &HttpResponse,
    root_name: &str,
    child: &str,
) -> Result<String, CognitoError> {
    if !(200..300).contains(&response.status) {
        return Err(parse_s3_error(response));
    }
    let root = parse_document(response.text()?)?;
    if root.name == "Error" {
        return Err(error_from_element(&root, response.status, None));
    }
    if root.name != root_name {
        return Err(CognitoError::invalid_response(format!(
            "S3 reply is not a {root_name}"
        )));
    }
    root.child_text(child)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .ok_or_else(|| CognitoError::invalid_response(format!("{root_name} without {child}")))
}

/// The `UploadId` of a CreateMultipartUpload reply.
pub fn parse_create_multipart_upload_response(
    response: &HttpResponse,
) -> Result<String, CognitoError> {
    reply_field(response, "InitiateMultipartUploadResult", "UploadId")
}

/// The final object's `ETag` of a CompleteMultipartUpload reply (S3 may
/// answer 200 with an error body when completing fails late).
pub fn parse_complete_multipart_upload_response(
    response: &HttpResponse,
) -> Result<String, CognitoError> {
    reply_field(response, "CompleteMultipartUploadResult", "ETag")
}
