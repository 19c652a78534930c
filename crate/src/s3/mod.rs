//! S3 ListObjectsV2: request building and result parsing, S3 XML errors,
//! the signed list calls (with the clock-skew retry) and presigned GET URLs.
//!
//! Addressing: virtual-hosted style (`https://bucket.s3.<region>.amazonaws.com/`)
//! for AWS; path-style (`<endpoint>/bucket`) for a custom endpoint (the
//! local stack, MinIO), when asked, or for bucket names that cannot be a
//! TLS host label (dots, upper case, `_`).
//!
//! Listing asks for `encoding-type=url` so that any key survives XML; keys,
//! prefixes, `StartAfter` and `Delimiter` are decoded when the reply says
//! `<EncodingType>url</EncodingType>` (`+` is a space there, as in S3's own
//! encoding).
use crate::prelude::*;

use crate::client::platform::Platform;
use crate::client::retry::{self, RetryMode};
use crate::client::skew::{is_clock_skew_refusal, ClockSkew};
use crate::error::{CognitoError, ErrorKind};
use crate::sigv4::{split_url, SignOptions, Signer, SigningCredentials, SigningParams};
use crate::wire::dates::{parse_amz_date, parse_iso8601};
use crate::wire::encoding::{percent_decode, uri_encode};
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::xml::{parse_document, Element};

#[cfg(feature = "s3-objects")]
pub mod multipart;
#[cfg(feature = "s3-objects")]
pub mod objects;

/// XML namespace of S3 replies.
pub const S3_NAMESPACE: &str = "http://s3.amazonaws.com/doc/2006-03-01/";
/// Most pages [`list_all_objects`] fetches before giving up.
pub const MAX_PAGES: usize = 1000;
/// Longest object key or prefix S3 accepts, in bytes.
const MAX_KEY_BYTES: usize = 1024;

/// What to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListObjectsInput {
    /// Bucket name.
    pub bucket: String,
    /// Bucket region (host name on AWS and signing scope).
    pub region: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Group keys by this (usually `/`) into `prefixes`.
    pub delimiter: Option<String>,
    /// Page size, 1–1000 (S3's default is 1000).
    pub max_keys: Option<u32>,
    /// `NextContinuationToken` of the previous page.
    pub continuation_token: Option<String>,
    /// Start listing after this key.
    pub start_after: Option<String>,
    /// Custom endpoint (`http://127.0.0.1:5000`); implies path-style.
    pub endpoint: Option<String>,
    /// Path-style addressing on AWS too.
    pub force_path_style: bool,
}

impl ListObjectsInput {
    /// Input for a whole bucket in a region, with no other option.
    pub fn new(bucket: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            region: region.into(),
            ..Self::default()
        }
    }
}

/// One object of a listing.
#[derive(Clone, Debug, PartialEq)]
pub struct S3Object {
    /// Object key (decoded).
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Last modification, ISO 8601 as S3 sent it.
    pub last_modified: String,
    /// `last_modified` as Unix ms, when it parses.
    pub last_modified_ms: Option<f64>,
    /// Entity tag as sent, quotes included (`"fba9…"`).
    pub etag: String,
}

/// One page of a listing (or all pages, from [`list_all_objects`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListObjectsOutput {
    /// Objects, in S3's (UTF-8 binary) order.
    pub objects: Vec<S3Object>,
    /// Common prefixes ("folders" with `delimiter=/`), decoded.
    pub prefixes: Vec<String>,
    /// More results wait behind `next_continuation_token`.
    pub is_truncated: bool,
    /// Token for the next page.
    pub next_continuation_token: Option<String>,
    /// Keys plus common prefixes in this reply.
    pub key_count: u32,
    /// The prefix S3 echoed (decoded), if any.
    pub prefix: Option<String>,
    /// The delimiter S3 echoed (decoded), if any.
    pub delimiter: Option<String>,
    /// The `StartAfter` S3 echoed (decoded), if any.
    pub start_after: Option<String>,
}

fn check_region(region: &str) -> Result<(), CognitoError> {
    let ok = !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(
            "region must be lower-case letters, digits and '-'",
        ))
    }
}

/// Bucket names S3 ever accepted: letters, digits, `.`, `-`, `_`, starting
/// and ending with a letter or digit.
fn check_bucket(bucket: &str) -> Result<(), CognitoError> {
    let bytes = bucket.as_bytes();
    let alnum_ends = matches!(
        (bytes.first(), bytes.last()),
        (Some(a), Some(z)) if a.is_ascii_alphanumeric() && z.is_ascii_alphanumeric()
    );
    let ok = alnum_ends
        && bucket.len() <= 255
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(
            "bucket name must be letters, digits, '.', '-' or '_'",
        ))
    }
}

/// Whether the bucket can be the first label of `*.s3.<region>.amazonaws.com`
/// under its TLS wildcard certificate.
fn is_virtual_host_label(bucket: &str) -> bool {
    (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `scheme://authority` and the path prefix of the bucket (`""` for
/// virtual-hosted style, `/bucket` or `/base/bucket` for path-style).
pub(crate) fn bucket_location(
    bucket: &str,
    region: &str,
    endpoint: Option<&str>,
    force_path_style: bool,
) -> Result<(String, String), CognitoError> {
    check_bucket(bucket)?;
    check_region(region)?;
    if let Some(endpoint) = endpoint {
        let url = split_url(endpoint)?;
        if !url.query.is_empty() || endpoint.contains('#') {
            return Err(CognitoError::invalid_parameter(
                "endpoint must not have a query or fragment",
            ));
        }
        let base = url.path.trim_end_matches('/');
        return Ok((url.origin(), format!("{base}/{bucket}")));
    }
    let domain = crate::config::dns_suffix(region);
    if force_path_style || !is_virtual_host_label(bucket) {
        Ok((
            format!("https://s3.{region}.{domain}"),
            format!("/{bucket}"),
        ))
    } else {
        Ok((
            format!("https://{bucket}.s3.{region}.{domain}"),
            String::new(),
        ))
    }
}

pub(crate) fn check_key_like(value: &str, what: &str) -> Result<(), CognitoError> {
    if value.len() > MAX_KEY_BYTES {
        return Err(CognitoError::invalid_parameter(format!(
            "{what} is longer than {MAX_KEY_BYTES} bytes"
        )));
    }
    Ok(())
}

/// Builds the unsigned GET request (URL with sorted, RFC 3986-encoded
/// query, encoding-type=url, list-type=2).
pub fn list_objects_request(input: &ListObjectsInput) -> Result<HttpRequest, CognitoError> {
    let (origin, bucket_path) = bucket_location(
        &input.bucket,
        &input.region,
        input.endpoint.as_deref(),
        input.force_path_style,
    )?;
    let mut params: Vec<(&str, String)> =
        vec![("encoding-type", "url".into()), ("list-type", "2".into())];
    let optional = [
        ("continuation-token", &input.continuation_token),
        ("delimiter", &input.delimiter),
        ("prefix", &input.prefix),
        ("start-after", &input.start_after),
    ];
    for (name, value) in optional {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            check_key_like(v, name)?;
            params.push((name, v.to_string()));
        }
    }
    if let Some(max) = input.max_keys {
        if !(1..=1000).contains(&max) {
            return Err(CognitoError::invalid_parameter(
                "maxKeys must be between 1 and 1000",
            ));
        }
        params.push(("max-keys", max.to_string()));
    }
    crate::wire::sort::insertion_sort_by(&mut params, |a, b| a < b);
    let mut query = String::new();
    for (k, v) in &params {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(k);
        query.push('=');
        query.push_str(&uri_encode(v, false));
    }
    let path = if bucket_path.is_empty() {
        "/".to_string()
    } else {
        bucket_path
    };
    Ok(HttpRequest {
        method: "GET".into(),
        url: format!("{origin}{path}?{query}"),
        headers: Vec::new(),
        body: Vec::new(),
    })
}

/// The URL of an object (key encoded once, `/` kept). Keys with `.` or
/// `..` segments are refused: the browser would rewrite them.
pub fn object_url(
    bucket: &str,
    region: &str,
    key: &str,
    endpoint: Option<&str>,
    force_path_style: bool,
) -> Result<String, CognitoError> {
    if key.is_empty() {
        return Err(CognitoError::invalid_parameter("object key is empty"));
    }
    check_key_like(key, "object key")?;
    if key.split('/').any(|s| s == "." || s == "..") {
        return Err(CognitoError::invalid_parameter(
            "object keys with '.' or '..' segments cannot be fetched from a browser",
        ));
    }
    let (origin, bucket_path) = bucket_location(bucket, region, endpoint, force_path_style)?;
    Ok(format!("{origin}{bucket_path}/{}", uri_encode(key, true)))
}

fn text_of<'e>(parent: &'e Element, name: &str) -> Option<&'e str> {
    parent.child_text(name)
}

fn parse_bool(text: Option<&str>, what: &str) -> Result<bool, CognitoError> {
    match text.map(str::trim) {
        None => Ok(false),
        Some(t) if t.eq_ignore_ascii_case("true") => Ok(true),
        Some(t) if t.eq_ignore_ascii_case("false") => Ok(false),
        Some(_) => Err(CognitoError::invalid_response(format!(
            "{what} is not true or false"
        ))),
    }
}

/// Parses a ListObjectsV2 result document (the body of a 2xx reply).
pub fn parse_list_objects_xml(body: &str) -> Result<ListObjectsOutput, CognitoError> {
    let root = parse_document(body)?;
    if root.name == "Error" {
        return Err(error_from_element(&root, 200, None));
    }
    if root.name != "ListBucketResult" {
        return Err(CognitoError::invalid_response(
            "S3 reply is not a ListBucketResult",
        ));
    }
    let url_encoded = text_of(&root, "EncodingType")
        .map(|t| t.trim().eq_ignore_ascii_case("url"))
        .unwrap_or(false);
    let decode = |s: &str| -> Result<String, CognitoError> {
        if url_encoded {
            percent_decode(s, true)
        } else {
            Ok(s.to_string())
        }
    };
    let mut objects = Vec::new();
    for c in root.children_named("Contents") {
        let key = text_of(c, "Key")
            .ok_or_else(|| CognitoError::invalid_response("S3 object without Key"))?;
        let size = match text_of(c, "Size").map(str::trim) {
            None => 0,
            Some(s) => s
                .parse::<u64>()
                .map_err(|_| CognitoError::invalid_response("S3 object Size is not a number"))?,
        };
        let last_modified = text_of(c, "LastModified").unwrap_or("").trim().to_string();
        objects.push(S3Object {
            key: decode(key)?,
            size,
            last_modified_ms: parse_iso8601(&last_modified),
            last_modified,
            etag: text_of(c, "ETag").unwrap_or("").trim().to_string(),
        });
    }
    let mut prefixes = Vec::new();
    for p in root.children_named("CommonPrefixes") {
        if let Some(prefix) = text_of(p, "Prefix") {
            prefixes.push(decode(prefix)?);
        }
    }
    let is_truncated = parse_bool(text_of(&root, "IsTruncated"), "IsTruncated")?;
    let next_continuation_token = text_of(&root, "NextContinuationToken")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from);
    let counted = objects.len() + prefixes.len();
    let key_count = match text_of(&root, "KeyCount").map(str::trim) {
        Some(n) => n
            .parse::<u32>()
            .map_err(|_| CognitoError::invalid_response("KeyCount is not a number"))?,
        None => u32::try_from(counted).unwrap_or(u32::MAX),
    };
    let echoed = |name: &str| -> Result<Option<String>, CognitoError> {
        text_of(&root, name)
            .filter(|t| !t.is_empty())
            .map(decode)
            .transpose()
    };
    Ok(ListObjectsOutput {
        objects,
        prefixes,
        is_truncated,
        next_continuation_token,
        key_count,
        prefix: echoed("Prefix")?,
        delimiter: echoed("Delimiter")?,
        start_after: echoed("StartAfter")?,
    })
}

/// Parses a reply: 2xx → output; otherwise the XML error → CognitoError.
pub fn parse_list_objects_response(
    response: &HttpResponse,
) -> Result<ListObjectsOutput, CognitoError> {
    if !(200..300).contains(&response.status) {
        return Err(parse_s3_error(response));
    }
    parse_list_objects_xml(response.text()?)
}

/// An S3 XML error body's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct S3ErrorBody {
    /// `Code` (`AccessDenied`, `NoSuchBucket`, …).
    pub code: String,
    /// `Message`.
    pub message: String,
    /// `RequestId` (or `RequestID`).
    pub request_id: Option<String>,
    /// `ServerTime` of `RequestTimeTooSkewed`, as Unix ms.
    pub server_time_ms: Option<f64>,
    /// `Region` of an `AuthorizationHeaderMalformed` / redirect reply.
    pub region: Option<String>,
}

/// Reads `<Error>…</Error>` (also inside `<ErrorResponse>`); `None` when
/// the body is empty, not XML or has no error code.
pub fn parse_s3_error_body(body: &[u8]) -> Option<S3ErrorBody> {
    let text = core::str::from_utf8(body).ok()?;
    let root = parse_document(text).ok()?;
    let error = root.find("Error")?;
    s3_error_fields(error, &root)
}

fn s3_error_fields(error: &Element, root: &Element) -> Option<S3ErrorBody> {
    let code = error.child_text("Code")?.trim();
    if code.is_empty() {
        return None;
    }
    let field = |name: &str| {
        error
            .child_text(name)
            .or_else(|| root.child_text(name))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
    };
    let server_time_ms =
        field("ServerTime").and_then(|t| parse_iso8601(&t).or_else(|| parse_amz_date(&t)));
    Some(S3ErrorBody {
        code: code.to_string(),
        message: field("Message").unwrap_or_default(),
        request_id: field("RequestId").or_else(|| field("RequestID")),
        server_time_ms,
        region: field("Region"),
    })
}

pub(crate) fn error_from_element(
    error_root: &Element,
    status: u16,
    request_id: Option<&str>,
) -> CognitoError {
    let error = error_root.find("Error").unwrap_or(error_root);
    match s3_error_fields(error, error_root) {
        Some(body) => error_from_body(&body, status),
        None => status_error(status, request_id),
    }
}

fn error_from_body(body: &S3ErrorBody, status: u16) -> CognitoError {
    let mut message = if body.message.is_empty() {
        body.code.clone()
    } else {
        body.message.clone()
    };
    if let Some(region) = &body.region {
        message.push_str(&format!(" (bucket region: {region})"));
    }
    if let Some(id) = &body.request_id {
        message.push_str(&format!(" (request id: {id})"));
    }
    let mut error = CognitoError::from_aws(&body.code, message, status);
    if matches!(error.kind, ErrorKind::RequestTimeout) {
        error.retryable = true;
    }
    error
}

/// The error of a reply with no usable XML body, named after its status.
fn status_error(status: u16, request_id: Option<&str>) -> CognitoError {
    let kind = match status {
        301 => ErrorKind::PermanentRedirect,
        307 => ErrorKind::TemporaryRedirect,
        400 => ErrorKind::BadRequest,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::AccessDenied,
        404 => ErrorKind::NotFound,
        405 => ErrorKind::MethodNotAllowed,
        409 => ErrorKind::Conflict,
        412 => ErrorKind::PreconditionFailed,
        416 => ErrorKind::InvalidRange,
        429 => ErrorKind::TooManyRequests,
        500 => ErrorKind::InternalError,
        501 => ErrorKind::NotImplemented,
        503 => ErrorKind::ServiceUnavailable,
        s if s >= 500 => ErrorKind::InternalError,
        _ => ErrorKind::UnknownError,
    };
    let mut message = format!("S3 replied with HTTP {status} and no error details");
    if let Some(id) = request_id {
        message.push_str(&format!(" (request id: {id})"));
    }
    CognitoError::from_aws_kind(kind, message, status)
}

/// The error of a non-2xx S3 reply (XML body, or status-based when the
/// body is empty/not XML).
pub fn parse_s3_error(response: &HttpResponse) -> CognitoError {
    match parse_s3_error_body(&response.body) {
        Some(body) => error_from_body(&body, response.status),
        None => {
            let mut error = status_error(response.status, response.header("x-amz-request-id"));
            if let Some(region) = response.header("x-amz-bucket-region") {
                error
                    .message
                    .push_str(&format!(" (bucket region: {region})"));
            }
            error
        }
    }
}

/// Signs `request` for S3 with the skew-corrected time, sends it and
/// learns the clock offset from the reply. Retries, re-signing each time:
/// once at once when the reply refused the request time and the offset
/// could be corrected, and with backoff (as [`retry::should_retry`] allows
/// for a call safe to repeat) on network failures, 5xx, `SlowDown` and
/// throttling. Returns the final 2xx reply, or the S3 error.
pub async fn send_signed<P: Platform>(
    platform: &P,
    signer: &Signer,
    skew: &ClockSkew,
    credentials: &SigningCredentials,
    region: &str,
    request: &HttpRequest,
) -> Result<HttpResponse, CognitoError> {
    // The call's endpoint (AWS's or the caller's `endpoint`) is configured.
    skew.configure(&request.url);
    let mut skew_retried = false;
    let mut attempt = 0;
    loop {
        let signed_time = skew.now_ms(platform.now_ms());
        let params = SigningParams {
            credentials,
            region,
            service: "s3",
            time_ms: signed_time,
        };
        let signed = signer.sign(request.clone(), &params, &SignOptions::s3())?;
        let offset_before = skew.offset_ms();
        let (error, status) = match platform.send(signed.request).await {
            Ok(response) => {
                let local_after = platform.now_ms();
                skew.observe(&request.url, &response, local_after);
                if (200..300).contains(&response.status) {
                    let cut_short = response.cut_short()
                        && response.text().map_or(true, |t| parse_document(t).is_err());
                    if !cut_short {
                        return Ok(response);
                    }
                    // Retried like a connection lost before the reply.
                    (CognitoError::network("S3: the reply was cut short"), None)
                } else {
                    let error = error_learning_time(&response, skew, local_after);
                    let corrected = (skew.offset_ms() - offset_before).abs() >= 1000.0;
                    if !skew_retried
                        && corrected
                        && is_clock_skew_refusal(&error, signed_time, skew.now_ms(local_after))
                    {
                        skew_retried = true;
                        continue;
                    }
                    (error, Some(response.status))
                }
            }
            Err(error) => (error, None),
        };
        if !retry::should_retry(RetryMode::Idempotent, &error, status, attempt) {
            return Err(error);
        }
        let mut random = [0u8; 4];
        // Without randomness the wait is still bounded; jitter is lost.
        let _ = platform.random_bytes(&mut random);
        platform
            .sleep(retry::backoff_ms(attempt, u32::from_le_bytes(random)))
            .await;
        attempt += 1;
    }
}

/// The error of a non-2xx S3 reply; a server time it carries (the
/// `RequestTimeTooSkewed` body's `ServerTime`, or an expiry message) is
/// taught to `skew`.
fn error_learning_time(response: &HttpResponse, skew: &ClockSkew, local_ms: f64) -> CognitoError {
    let body = parse_s3_error_body(&response.body);
    if let Some(server_ms) = body.as_ref().and_then(|b| b.server_time_ms) {
        skew.observe_server_time(server_ms, local_ms);
    }
    let error = match &body {
        Some(b) => error_from_body(b, response.status),
        None => parse_s3_error(response),
    };
    if let Some(server_ms) = crate::client::skew::server_time_from_message(&error.message) {
        if crate::client::skew::is_clock_skew_error(&error) {
            skew.observe_server_time(server_ms, local_ms);
        }
    }
    error
}

/// One page: sign (S3 rules) with the skew-corrected time, send through the
/// platform, observe Date, retry once on a clock-skew error, parse.
pub async fn list_objects<P: Platform>(
    platform: &P,
    signer: &Signer,
    skew: &ClockSkew,
    credentials: &SigningCredentials,
    input: &ListObjectsInput,
) -> Result<ListObjectsOutput, CognitoError> {
    let request = list_objects_request(input)?;
    let response =
        send_signed(platform, signer, skew, credentials, &input.region, &request).await?;
    parse_list_objects_response(&response)
}

/// Every page (following NextContinuationToken), bounded: stops with
/// `InvalidResponse` if a page repeats a token or is truncated without
/// one, and with `TooManyPages` after [`MAX_PAGES`] pages.
pub async fn list_all_objects<P: Platform>(
    platform: &P,
    signer: &Signer,
    skew: &ClockSkew,
    credentials: &SigningCredentials,
    input: &ListObjectsInput,
) -> Result<ListObjectsOutput, CognitoError> {
    let mut page_input = input.clone();
    let mut all = ListObjectsOutput::default();
    // At most MAX_PAGES tokens: a linear scan is cheap and keeps hashing
    // code out of the wasm.
    let mut seen_tokens: Vec<String> = input.continuation_token.iter().cloned().collect();
    for page_number in 0..MAX_PAGES {
        let page = list_objects(platform, signer, skew, credentials, &page_input).await?;
        if page_number == 0 {
            all.prefix = page.prefix;
            all.delimiter = page.delimiter;
            all.start_after = page.start_after;
        }
        all.objects.extend(page.objects);
        all.prefixes.extend(page.prefixes);
        all.key_count = all.key_count.saturating_add(page.key_count);
        if !page.is_truncated {
            return Ok(all);
        }
        let Some(token) = page.next_continuation_token else {
            return Err(CognitoError::invalid_response(
                "S3 page is truncated but has no NextContinuationToken",
            ));
        };
        if seen_tokens.contains(&token) {
            return Err(CognitoError::invalid_response(
                "S3 repeated a continuation token",
            ));
        }
        seen_tokens.push(token.clone());
        page_input.continuation_token = Some(token);
    }
    Err(CognitoError::new(
        ErrorKind::TooManyPages,
        format!("listing stopped after {MAX_PAGES} pages; narrow the prefix"),
        false,
    ))
}

/// Presigned GET URL for an object (signed for `s3` in `params.region`,
/// payload `UNSIGNED-PAYLOAD`, `expires_in` 1 s … 7 days).
pub fn presign_get_object(
    signer: &Signer,
    params: &SigningParams,
    bucket: &str,
    key: &str,
    endpoint: Option<&str>,
    force_path_style: bool,
    expires_in: u32,
) -> Result<String, CognitoError> {
    let url = object_url(bucket, params.region, key, endpoint, force_path_style)?;
    let request = HttpRequest {
        method: "GET".into(),
        url,
        headers: Vec::new(),
        body: Vec::new(),
    };
    presign_url(signer, request, params, expires_in)
}

/// The presigned URL of `request` for S3 (`UNSIGNED-PAYLOAD`, the body not
/// signed): what every presigned S3 call shares.
pub(crate) fn presign_url(
    signer: &Signer,
    request: HttpRequest,
    params: &SigningParams,
    expires_in: u32,
) -> Result<String, CognitoError> {
    let params = SigningParams {
        service: "s3",
        ..*params
    };
    let options = SignOptions {
        unsigned_payload: true,
        sign_body: false,
        ..SignOptions::s3()
    };
    Ok(signer
        .presign(request, &params, expires_in, &options)?
        .request
        .url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::http::test_reply;
    use proptest::prelude::*;

    #[test]
    fn addressing_styles() {
        let mut input = ListObjectsInput::new("demo-bucket", "eu-west-1");
        assert_eq!(
            list_objects_request(&input).unwrap().url,
            "https://demo-bucket.s3.eu-west-1.amazonaws.com/?encoding-type=url&list-type=2"
        );
        input.force_path_style = true;
        assert_eq!(
            list_objects_request(&input).unwrap().url,
            "https://s3.eu-west-1.amazonaws.com/demo-bucket?encoding-type=url&list-type=2"
        );
        input.force_path_style = false;
        input.endpoint = Some("http://127.0.0.1:5000/".into());
        assert_eq!(
            list_objects_request(&input).unwrap().url,
            "http://127.0.0.1:5000/demo-bucket?encoding-type=url&list-type=2"
        );
        input.endpoint = Some("https://minio.local:443/s3".into());
        assert_eq!(
            list_objects_request(&input).unwrap().url,
            "https://minio.local/s3/demo-bucket?encoding-type=url&list-type=2"
        );
        let dotted = ListObjectsInput::new("my.bucket", "cn-north-1");
        assert_eq!(
            list_objects_request(&dotted).unwrap().url,
            "https://s3.cn-north-1.amazonaws.com.cn/my.bucket?encoding-type=url&list-type=2"
        );
    }

    #[test]
    fn refuses_bad_input() {
        for (bucket, region) in [
            ("", "us-east-1"),
            ("a/b", "us-east-1"),
            ("-a", "us-east-1"),
            ("..", "us-east-1"),
            ("b?x", "us-east-1"),
            ("bucket", ""),
            ("bucket", "us-east-1.evil.com/"),
        ] {
            let e = list_objects_request(&ListObjectsInput::new(bucket, region)).unwrap_err();
            assert_eq!(
                e.kind,
                ErrorKind::InvalidParameterException,
                "{bucket} {region}"
            );
        }
        let mut input = ListObjectsInput::new("b1b", "us-east-1");
        for bad in [0, 1001] {
            input.max_keys = Some(bad);
            assert!(list_objects_request(&input).is_err());
        }
        input.max_keys = None;
        input.endpoint = Some("http://h:5000/?x=1".into());
        assert!(list_objects_request(&input).is_err());
        input.endpoint = Some("ftp://h".into());
        assert!(list_objects_request(&input).is_err());
        input.endpoint = None;
        input.prefix = Some("x".repeat(1025));
        assert!(list_objects_request(&input).is_err());
        assert!(object_url("b1b", "us-east-1", "a/../b", None, false).is_err());
        assert!(object_url("b1b", "us-east-1", "./b", None, false).is_err());
        assert!(object_url("b1b", "us-east-1", "", None, false).is_err());
        assert_eq!(
            object_url("b1b", "us-east-1", "a/.../b c", None, false).unwrap(),
            "https://b1b.s3.us-east-1.amazonaws.com/a/.../b%20c"
        );
    }

    #[test]
    fn error_bodies_become_errors() {
        let e = parse_s3_error(&test_reply(
            403,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>\
             <Message>Access Denied</Message><RequestId>R1</RequestId><HostId>H</HostId></Error>",
        ));
        assert_eq!(e.kind, ErrorKind::AccessDenied);
        assert_eq!(e.message, "Access Denied (request id: R1)");
        assert!(!e.retryable);
        let e = parse_s3_error(&test_reply(
            503,
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        ));
        assert_eq!((e.name(), e.retryable), ("SlowDown", true));
        let e = parse_s3_error(&test_reply(
            400,
            "<ErrorResponse><Error><Code>RequestTimeout</Code></Error><RequestID>X</RequestID></ErrorResponse>",
        ));
        assert_eq!((e.name(), e.retryable), ("RequestTimeout", true));
        assert_eq!(e.message, "RequestTimeout (request id: X)");
        let e = parse_s3_error(&test_reply(500, "<html>oops</html>"));
        assert_eq!((e.name(), e.retryable), ("InternalError", true));
        let e = parse_s3_error(&test_reply(404, ""));
        assert_eq!((e.name(), e.retryable), ("NotFound", false));
        let e = parse_s3_error(&test_reply(403, "<Error><Code></Code></Error>"));
        assert_eq!(e.kind, ErrorKind::AccessDenied);
        assert!(e.message.contains("HTTP 403"));
        // A 200 whose body is an error is an error.
        let e = parse_list_objects_response(&test_reply(
            200,
            "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>",
        ))
        .unwrap_err();
        assert_eq!((e.name(), e.retryable), ("InternalError", true));
    }

    #[test]
    fn reads_server_time_of_skew_errors() {
        let body = parse_s3_error_body(
            b"<Error><Code>RequestTimeTooSkewed</Code><Message>m</Message>\
              <RequestTime>20260101T120000Z</RequestTime><ServerTime>2026-01-01T12:20:00Z</ServerTime>\
              <MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds></Error>",
        )
        .unwrap();
        assert_eq!(body.server_time_ms, parse_iso8601("2026-01-01T12:20:00Z"));
    }

    proptest! {
        #[test]
        fn error_and_list_parsers_never_panic(body in "\\PC*", status in 0u16..1000) {
            let r = HttpResponse { status, headers: vec![], body: body.clone().into_bytes() };
            let _ = parse_s3_error(&r);
            let _ = parse_list_objects_response(&r);
            let _ = parse_s3_error_body(body.as_bytes());
        }

        #[test]
        fn parsers_never_panic_on_bytes(body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let r = HttpResponse { status: 200, headers: vec![], body };
            let _ = parse_list_objects_response(&r);
            let _ = parse_s3_error(&HttpResponse { status: 403, ..r });
        }

        #[test]
        fn parsers_never_panic_on_list_shaped_xml(
            key in "[a-z%+&;#0-9<>]{0,12}",
            size in "[0-9a-z-]{0,25}",
            flag in "[a-zT]{0,6}",
            count in "[0-9-]{0,12}",
        ) {
            let body = format!(
                "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>{flag}</IsTruncated>\
                 <Contents><Key>{key}</Key><Size>{size}</Size></Contents><KeyCount>{count}</KeyCount>\
                 <CommonPrefixes><Prefix>{key}</Prefix></CommonPrefixes></ListBucketResult>"
            );
            let _ = parse_list_objects_xml(&body);
        }

        #[test]
        fn object_keys_are_encoded_once(key in "[a-zA-Z0-9 +=&~%é/_-]{1,20}") {
            prop_assume!(!key.split('/').any(|s| s == "." || s == ".."));
            let url = object_url("bkt", "us-east-1", &key, None, false).unwrap();
            let path = url.strip_prefix("https://bkt.s3.us-east-1.amazonaws.com/").unwrap();
            prop_assert_eq!(percent_decode(path, false).unwrap(), key);
        }
    }
}
