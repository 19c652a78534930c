//! S3 object calls: GetObject, PutObject, HeadObject, DeleteObject,
//! DeleteObjects, CopyObject and presigned PUT URLs — request building and
//! reply parsing (the signed sending is [`super::send_signed`]).
//!
//! User metadata travels as `x-amz-meta-<name>` headers: names are HTTP
//! tokens (sent lower-case, as S3 stores them), values printable ASCII, at
//! most 2 KB in all (S3's limit). DeleteObjects carries its XML body's
//! SHA-256 in `x-amz-checksum-sha256` (S3 requires `Content-MD5` or a
//! checksum header on that call).
use crate::prelude::*;

use crate::crypto::sha256::Sha256;

use super::{bucket_location, check_key_like, error_from_element, object_url, parse_s3_error};
use crate::error::CognitoError;
use crate::sigv4::{Signer, SigningParams};
use crate::wire::dates::{parse_http_date, parse_iso8601};
use crate::wire::encoding::{base64_encode, uri_encode, Base64Alphabet};
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::xml::parse_document;

/// Most keys one DeleteObjects call takes.
pub const MAX_DELETE_KEYS: usize = 1000;
/// Most bytes of user metadata (names plus values) S3 takes on a PUT.
const MAX_METADATA_BYTES: usize = 2048;

/// Where an object is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectLocation {
    /// Bucket name.
    pub bucket: String,
    /// Bucket region (host name on AWS and signing scope).
    pub region: String,
    /// Object key.
    pub key: String,
    /// Custom endpoint (`http://127.0.0.1:5000`); implies path-style.
    pub endpoint: Option<String>,
    /// Path-style addressing on AWS too.
    pub force_path_style: bool,
}

impl ObjectLocation {
    /// The object's URL (see [`object_url`]).
    pub fn url(&self) -> Result<String, CognitoError> {
        object_url(
            &self.bucket,
            &self.region,
            &self.key,
            self.endpoint.as_deref(),
            self.force_path_style,
        )
    }

    fn request(&self, method: &str) -> Result<HttpRequest, CognitoError> {
        Ok(HttpRequest {
            method: method.into(),
            url: self.url()?,
            headers: Vec::new(),
            body: Vec::new(),
        })
    }
}

/// What a PUT or a replacing COPY stores beside the bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectAttributes {
    /// `Content-Type` to store.
    pub content_type: Option<String>,
    /// User metadata (`x-amz-meta-<name>`), names in any case.
    pub metadata: Vec<(String, String)>,
}

/// What HEAD or GET said about an object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectInfo {
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// Bytes in this reply's body (`Content-Length`), if sent.
    pub size: Option<u64>,
    /// `Content-Range` of a ranged GET, if sent.
    pub content_range: Option<String>,
    /// Entity tag, quotes included, if sent.
    pub etag: Option<String>,
    /// `Last-Modified` as Unix ms, when sent and parseable.
    pub last_modified_ms: Option<f64>,
    /// User metadata the reply carried (names lower-case, without
    /// `x-amz-meta-`); a browser sees only those CORS exposes.
    pub metadata: Vec<(String, String)>,
}

/// Result of DeleteObjects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteObjectsOutput {
    /// Keys S3 reports deleted (none in quiet mode).
    pub deleted: Vec<String>,
    /// Keys S3 could not delete.
    pub errors: Vec<DeleteObjectError>,
}

/// One key DeleteObjects could not delete.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteObjectError {
    /// The key.
    pub key: String,
    /// S3 error code (`AccessDenied`, …).
    pub code: String,
    /// S3's message.
    pub message: String,
}

/// Result of CopyObject.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CopyObjectOutput {
    /// Entity tag of the new object, quotes included.
    pub etag: String,
    /// Last modification of the new object as Unix ms, when parseable.
    pub last_modified_ms: Option<f64>,
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn check_header_value(value: &str, what: &str) -> Result<(), CognitoError> {
    if value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(format!(
            "{what} must be printable ASCII"
        )))
    }
}

/// Adds `Content-Type` and `x-amz-meta-*` headers after checking them.
fn add_attributes(
    headers: &mut Vec<(String, String)>,
    attributes: &ObjectAttributes,
) -> Result<(), CognitoError> {
    if let Some(content_type) = &attributes.content_type {
        check_header_value(content_type, "contentType")?;
        headers.push(("content-type".into(), content_type.clone()));
    }
    let mut total = 0usize;
    for (name, value) in &attributes.metadata {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(CognitoError::invalid_parameter(
                "metadata names must be letters, digits and !#$%&'*+-.^_`|~",
            ));
        }
        check_header_value(value, "metadata values")?;
        total += name.len() + value.len();
        let header = format!("x-amz-meta-{}", name.to_ascii_lowercase());
        if headers.iter().any(|(n, _)| *n == header) {
            return Err(CognitoError::invalid_parameter(
                "metadata names must differ in more than case",
            ));
        }
        headers.push((header, value.clone()));
    }
    if total > MAX_METADATA_BYTES {
        return Err(CognitoError::invalid_parameter(format!(
            "metadata is larger than {MAX_METADATA_BYTES} bytes"
        )));
    }
    Ok(())
}

/// GetObject, with an optional `Range` (`bytes=0-99`, `bytes=-500`, …).
pub fn get_object_request(
    location: &ObjectLocation,
    range: Option<&str>,
) -> Result<HttpRequest, CognitoError> {
    let mut request = location.request("GET")?;
    if let Some(range) = range {
        let spec = range.strip_prefix("bytes=").unwrap_or("");
        let ok = !spec.is_empty()
            && spec
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b',' | b' '));
        if !ok {
            return Err(CognitoError::invalid_parameter(
                "range must look like bytes=0-99",
            ));
        }
        request.headers.push(("range".into(), range.into()));
    }
    Ok(request)
}

/// HeadObject.
pub fn head_object_request(location: &ObjectLocation) -> Result<HttpRequest, CognitoError> {
    location.request("HEAD")
}

/// DeleteObject.
pub fn delete_object_request(location: &ObjectLocation) -> Result<HttpRequest, CognitoError> {
    location.request("DELETE")
}

/// PutObject of `body`; the signer hashes the body unless the request is
/// given an `x-amz-content-sha256` header (see [`with_payload_hash`]).
pub fn put_object_request(
    location: &ObjectLocation,
    body: Vec<u8>,
    attributes: &ObjectAttributes,
) -> Result<HttpRequest, CognitoError> {
    let mut request = location.request("PUT")?;
    add_attributes(&mut request.headers, attributes)?;
    request.body = body;
    Ok(request)
}

/// Sets the payload hash the signature covers (the hex SHA-256 of a body
/// sent beside the request, or `UNSIGNED-PAYLOAD`).
pub fn with_payload_hash(mut request: HttpRequest, hash: &str) -> HttpRequest {
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case("x-amz-content-sha256"));
    request
        .headers
        .push(("x-amz-content-sha256".into(), hash.into()));
    request
}

/// CopyObject from `source_bucket`/`source_key` (same region) to
/// `destination`. With `replace`, the copy gets those attributes instead
/// of the source's.
pub fn copy_object_request(
    destination: &ObjectLocation,
    source_bucket: &str,
    source_key: &str,
    replace: Option<&ObjectAttributes>,
) -> Result<HttpRequest, CognitoError> {
    // Checks the source's bucket name and key as for a URL.
    object_url(source_bucket, &destination.region, source_key, None, false)?;
    let mut request = destination.request("PUT")?;
    request.headers.push((
        "x-amz-copy-source".into(),
        format!("/{source_bucket}/{}", uri_encode(source_key, true)),
    ));
    if let Some(attributes) = replace {
        request
            .headers
            .push(("x-amz-metadata-directive".into(), "REPLACE".into()));
        add_attributes(&mut request.headers, attributes)?;
    }
    Ok(request)
}

/// Appends `text` escaped for XML element content.
pub(super) fn push_xml_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// DeleteObjects (`POST /?delete`) of 1 to [`MAX_DELETE_KEYS`] keys of
/// `bucket`; `quiet` asks S3 to report only failures.
pub fn delete_objects_request(
    bucket: &str,
    region: &str,
    endpoint: Option<&str>,
    force_path_style: bool,
    keys: &[String],
    quiet: bool,
) -> Result<HttpRequest, CognitoError> {
    let (origin, bucket_path) = bucket_location(bucket, region, endpoint, force_path_style)?;
    if keys.is_empty() || keys.len() > MAX_DELETE_KEYS {
        return Err(CognitoError::invalid_parameter(format!(
            "keys must hold 1 to {MAX_DELETE_KEYS} keys"
        )));
    }
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
    );
    for key in keys {
        if key.is_empty() {
            return Err(CognitoError::invalid_parameter("object key is empty"));
        }
        check_key_like(key, "object key")?;
        // XML 1.0 cannot carry most control characters, and a parser
        // turns CR into LF.
        if key.chars().any(|c| c < ' ' && c != '\t' && c != '\n') {
            return Err(CognitoError::invalid_parameter(
                "object keys with control characters cannot be deleted in a batch",
            ));
        }
        body.push_str("<Object><Key>");
        push_xml_text(&mut body, key);
        body.push_str("</Key></Object>");
    }
    if quiet {
        body.push_str("<Quiet>true</Quiet>");
    }
    body.push_str("</Delete>");
    let checksum = base64_encode(
        &Sha256::digest(body.as_bytes()),
        Base64Alphabet::Standard,
        true,
    );
    let path = if bucket_path.is_empty() {
        "/".to_string()
    } else {
        bucket_path
    };
    Ok(HttpRequest {
        method: "POST".into(),
        url: format!("{origin}{path}?delete"),
        headers: vec![
            ("content-type".into(), "application/xml".into()),
            ("x-amz-sdk-checksum-algorithm".into(), "SHA256".into()),
            ("x-amz-checksum-sha256".into(), checksum),
        ],
        body: body.into_bytes(),
    })
}

/// What the headers of a HEAD or GET reply say about the object.
pub fn object_info(response: &HttpResponse) -> ObjectInfo {
    let header = |name: &str| response.header(name).map(|v| v.trim().to_string());
    let metadata = response
        .headers
        .iter()
        .filter_map(|(name, value)| {
            let lower = name.to_ascii_lowercase();
            lower
                .strip_prefix("x-amz-meta-")
                .filter(|n| !n.is_empty())
                .map(|n| (n.to_string(), value.trim().to_string()))
        })
        .collect();
    ObjectInfo {
        content_type: header("content-type"),
        size: header("content-length").and_then(|l| l.parse().ok()),
        content_range: header("content-range"),
        etag: header("etag"),
        last_modified_ms: header("last-modified").and_then(|d| parse_http_date(&d)),
        metadata,
    }
}

/// A HEAD/GET/PUT/DELETE reply: 2xx → its object headers, else the S3
/// error (for HEAD, whose replies have no body, named from the status:
/// `NotFound`, `AccessDenied`, …).
pub fn parse_object_response(response: &HttpResponse) -> Result<ObjectInfo, CognitoError> {
    if (200..300).contains(&response.status) {
        Ok(object_info(response))
    } else {
        Err(parse_s3_error(response))
    }
}

fn reply_text(response: &HttpResponse) -> Result<&str, CognitoError> {
    if !(200..300).contains(&response.status) {
        return Err(parse_s3_error(response));
    }
    response.text()
}

/// Parses a DeleteObjects reply (`DeleteResult`).
pub fn parse_delete_objects_response(
    response: &HttpResponse,
) -> Result<DeleteObjectsOutput, CognitoError> {
    let root = parse_document(reply_text(response)?)?;
    if root.name == "Error" {
        return Err(error_from_element(&root, response.status, None));
    }
    if root.name != "DeleteResult" {
        return Err(CognitoError::invalid_response(
            "S3 reply is not a DeleteResult",
        ));
    }
    let mut output = DeleteObjectsOutput::default();
    for deleted in root.children_named("Deleted") {
        let key = deleted
            .child_text("Key")
            .ok_or_else(|| CognitoError::invalid_response("Deleted without Key"))?;
        output.deleted.push(key.to_string());
    }
    for error in root.children_named("Error") {
        let field = |name: &str| error.child_text(name).unwrap_or("").trim().to_string();
        output.errors.push(DeleteObjectError {
            key: error.child_text("Key").unwrap_or("").to_string(),
            code: field("Code"),
            message: field("Message"),
        });
    }
    Ok(output)
}

/// Parses a CopyObject reply (`CopyObjectResult`; S3 may answer 200 with
/// an error body when the copy fails late).
pub fn parse_copy_object_response(
    response: &HttpResponse,
) -> Result<CopyObjectOutput, CognitoError> {
    let root = parse_document(reply_text(response)?)?;
    if root.name == "Error" {
        return Err(error_from_element(&root, response.status, None));
    }
    if root.name != "CopyObjectResult" {
        return Err(CognitoError::invalid_response(
            "S3 reply is not a CopyObjectResult",
        ));
    }
    let etag = root
        .child_text("ETag")
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| CognitoError::invalid_response("CopyObjectResult without ETag"))?;
    Ok(CopyObjectOutput {
        etag: etag.to_string(),
        last_modified_ms: root
            .child_text("LastModified")
            .and_then(|t| parse_iso8601(t.trim())),
    })
}

/// Presigned PUT URL for an object (`UNSIGNED-PAYLOAD`, `expires_in` 1 s …
/// 7 days). With `content_type`, the uploader must send that same
/// `Content-Type` (it is signed).
pub fn presign_put_object(
    signer: &Signer,
    params: &SigningParams,
    location: &ObjectLocation,
    content_type: Option<&str>,
    expires_in: u32,
) -> Result<String, CognitoError> {
    let mut request = location.request("PUT")?;
    if let Some(content_type) = content_type {
        check_header_value(content_type, "contentType")?;
        request
            .headers
            .push(("content-type".into(), content_type.into()));
    }
    super::presign_url(signer, request, params, expires_in)
}
