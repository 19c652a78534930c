//! S3 object calls: request shapes (method, key encoding, headers,
//! metadata, DeleteObjects XML and checksum), signing of given payload
//! hashes, reply parsing and error mapping, and sending through a scripted
//! fake platform.

use std::cell::RefCell;
use std::collections::VecDeque;

use base64::Engine;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::client::skew::ClockSkew;
use cognito_wasm::s3::objects::{
    copy_object_request, delete_object_request, delete_objects_request, get_object_request,
    head_object_request, parse_copy_object_response, parse_delete_objects_response,
    parse_object_response, presign_put_object, put_object_request, with_payload_hash,
    DeleteObjectError, ObjectAttributes, ObjectLocation, MAX_DELETE_KEYS,
};
use cognito_wasm::s3::send_signed;
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::dates::parse_iso8601;
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::CognitoError;
use futures_executor::block_on;
use sha2::{Digest, Sha256};

const UNSIGNED: &str = "UNSIGNED-PAYLOAD";

fn credentials() -> SigningCredentials {
    SigningCredentials {
        access_key_id: "ASIAEXAMPLEKEY".into(),
        secret_access_key: "secret/KEY+example".into(),
        session_token: Some("FwoGZXIvYXdzE//token+/=".into()),
    }
}

fn t0() -> f64 {
    parse_iso8601("2026-01-01T12:00:00Z").unwrap()
}

fn local(key: &str) -> ObjectLocation {
    ObjectLocation {
        bucket: "demo-bucket".into(),
        region: "us-east-1".into(),
        key: key.into(),
        endpoint: Some("http://127.0.0.1:5000".into()),
        force_path_style: false,
    }
}

fn header<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

struct FakePlatform {
    replies: RefCell<VecDeque<HttpResponse>>,
    sent: RefCell<Vec<HttpRequest>>,
}

impl Platform for FakePlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        self.sent.borrow_mut().push(request);
        self.replies
            .borrow_mut()
            .pop_front()
            .ok_or_else(|| CognitoError::network("no scripted reply left"))
    }
    fn now_ms(&self) -> f64 {
        t0()
    }
    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        buf.fill(7);
        Ok(())
    }
    async fn sleep(&self, _ms: u32) {}
}

fn send(
    request: &HttpRequest,
    replies: Vec<HttpResponse>,
) -> (Vec<HttpRequest>, Result<HttpResponse, CognitoError>) {
    let platform = FakePlatform {
        replies: RefCell::new(replies.into()),
        sent: RefCell::new(Vec::new()),
    };
    let result = block_on(send_signed(
        &platform,
        &Signer::new(),
        &ClockSkew::new(),
        &credentials(),
        "us-east-1",
        request,
    ));
    (platform.sent.into_inner(), result)
}

// ---------------------------------------------------------------- requests

#[test]
fn object_urls_encode_keys_once_and_keep_slashes() {
    let get = get_object_request(&local("private/us-east-1:abc/a b+c&d=é~.txt"), None).unwrap();
    assert_eq!(get.method, "GET");
    assert_eq!(
        get.url,
        "http://127.0.0.1:5000/demo-bucket/private/us-east-1%3Aabc/a%20b%2Bc%26d%3D%C3%A9~.txt"
    );
    assert!(get.headers.is_empty());
    let aws = ObjectLocation {
        endpoint: None,
        ..local("k")
    };
    assert_eq!(
        head_object_request(&aws).unwrap().url,
        "https://demo-bucket.s3.us-east-1.amazonaws.com/k"
    );
    assert_eq!(head_object_request(&aws).unwrap().method, "HEAD");
    assert_eq!(delete_object_request(&aws).unwrap().method, "DELETE");
    assert!(get_object_request(&local("a/../b"), None).is_err());
    assert!(delete_object_request(&local("")).is_err());
}

#[test]
fn ranges_are_checked() {
    let r = get_object_request(&local("k"), Some("bytes=0-9")).unwrap();
    assert_eq!(header(&r, "range"), Some("bytes=0-9"));
    assert!(get_object_request(&local("k"), Some("bytes=-5")).is_ok());
    for bad in ["0-9", "bytes=", "bytes=0-9\r\nx: y", "items=0-1"] {
        let e = get_object_request(&local("k"), Some(bad)).unwrap_err();
        assert_eq!(e.name(), "InvalidParameterException", "{bad}");
    }
}

#[test]
fn put_sends_content_type_and_metadata_headers() {
    let attributes = ObjectAttributes {
        content_type: Some("text/plain; charset=utf-8".into()),
        metadata: vec![("Owner".into(), "alice".into()), ("x".into(), "1 2".into())],
    };
    let r = put_object_request(&local("f.txt"), b"hello".to_vec(), &attributes).unwrap();
    assert_eq!(r.method, "PUT");
    assert_eq!(r.body, b"hello");
    assert_eq!(
        r.headers,
        vec![
            (
                "content-type".to_string(),
                "text/plain; charset=utf-8".to_string()
            ),
            ("x-amz-meta-owner".to_string(), "alice".to_string()),
            ("x-amz-meta-x".to_string(), "1 2".to_string()),
        ]
    );
    for metadata in [
        vec![("a b".to_string(), "v".to_string())],
        vec![("".to_string(), "v".to_string())],
        vec![("a".to_string(), "é".to_string())],
        vec![("a".to_string(), "x\ny".to_string())],
        vec![
            ("a".to_string(), "1".to_string()),
            ("A".to_string(), "2".to_string()),
        ],
        vec![("a".to_string(), "v".repeat(2048))],
    ] {
        let bad = ObjectAttributes {
            content_type: None,
            metadata,
        };
        let e = put_object_request(&local("f"), Vec::new(), &bad).unwrap_err();
        assert_eq!(e.name(), "InvalidParameterException");
    }
    let bad_type = ObjectAttributes {
        content_type: Some("text/plain\r\n".into()),
        metadata: vec![],
    };
    assert!(put_object_request(&local("f"), Vec::new(), &bad_type).is_err());
}

#[test]
fn given_payload_hashes_are_signed_as_given() {
    let attributes = ObjectAttributes::default();
    let body = b"hello".to_vec();
    let hash = hex(&Sha256::digest(&body));
    let request = put_object_request(&local("f"), Vec::new(), &attributes).unwrap();
    let creds = credentials();
    let params = SigningParams {
        credentials: &creds,
        region: "us-east-1",
        service: "s3",
        time_ms: t0(),
    };
    let signer = Signer::new();
    // Signing the hash of a body sent beside the request is signing the body.
    let with_hash = signer
        .sign(
            with_payload_hash(request.clone(), &hash),
            &params,
            &SignOptions::s3(),
        )
        .unwrap();
    let with_body = signer
        .sign(
            put_object_request(&local("f"), body, &attributes).unwrap(),
            &params,
            &SignOptions::s3(),
        )
        .unwrap();
    assert_eq!(
        header(&with_hash.request, "authorization"),
        header(&with_body.request, "authorization")
    );
    let unsigned = signer
        .sign(
            with_payload_hash(request, UNSIGNED),
            &params,
            &SignOptions::s3(),
        )
        .unwrap();
    assert_eq!(
        header(&unsigned.request, "x-amz-content-sha256"),
        Some(UNSIGNED)
    );
    assert!(unsigned.canonical_request.ends_with(UNSIGNED));
}

#[test]
fn copy_names_the_encoded_source_and_replaces_metadata_when_asked() {
    let r = copy_object_request(&local("dst/b"), "src-bucket", "a b/ü+.txt", None).unwrap();
    assert_eq!(r.method, "PUT");
    assert_eq!(r.url, "http://127.0.0.1:5000/demo-bucket/dst/b");
    assert_eq!(
        header(&r, "x-amz-copy-source"),
        Some("/src-bucket/a%20b/%C3%BC%2B.txt")
    );
    assert_eq!(header(&r, "x-amz-metadata-directive"), None);
    let replace = ObjectAttributes {
        content_type: Some("image/png".into()),
        metadata: vec![("k".into(), "v".into())],
    };
    let r = copy_object_request(&local("d"), "src-bucket", "s", Some(&replace)).unwrap();
    assert_eq!(header(&r, "x-amz-metadata-directive"), Some("REPLACE"));
    assert_eq!(header(&r, "content-type"), Some("image/png"));
    assert_eq!(header(&r, "x-amz-meta-k"), Some("v"));
    assert!(copy_object_request(&local("d"), "bad/bucket", "s", None).is_err());
    assert!(copy_object_request(&local("d"), "src-bucket", "", None).is_err());
}

#[test]
fn delete_objects_posts_escaped_xml_with_its_sha256() {
    let keys = vec!["a&b<c>.txt".to_string(), "private/x/'q\"".to_string()];
    let r = delete_objects_request(
        "demo-bucket",
        "us-east-1",
        Some("http://127.0.0.1:5000"),
        false,
        &keys,
        true,
    )
    .unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "http://127.0.0.1:5000/demo-bucket?delete");
    let body = String::from_utf8(r.body.clone()).unwrap();
    assert_eq!(
        body,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
         <Object><Key>a&amp;b&lt;c&gt;.txt</Key></Object>\
         <Object><Key>private/x/&apos;q&quot;</Key></Object><Quiet>true</Quiet></Delete>"
    );
    let checksum = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&r.body));
    assert_eq!(header(&r, "x-amz-checksum-sha256"), Some(checksum.as_str()));
    assert_eq!(header(&r, "x-amz-sdk-checksum-algorithm"), Some("SHA256"));
    assert_eq!(header(&r, "content-type"), Some("application/xml"));
    let aws =
        delete_objects_request("demo-bucket", "eu-west-1", None, false, &keys, false).unwrap();
    assert_eq!(
        aws.url,
        "https://demo-bucket.s3.eu-west-1.amazonaws.com/?delete"
    );
    assert!(!String::from_utf8(aws.body).unwrap().contains("Quiet"));
    // The signature covers `delete=` as the canonical query.
    let creds = credentials();
    let params = SigningParams {
        credentials: &creds,
        region: "us-east-1",
        service: "s3",
        time_ms: t0(),
    };
    let signed = Signer::new().sign(r, &params, &SignOptions::s3()).unwrap();
    assert!(signed
        .canonical_request
        .starts_with("POST\n/demo-bucket\ndelete=\n"));
    let none: Vec<String> = Vec::new();
    let too_many = vec!["k".to_string(); MAX_DELETE_KEYS + 1];
    for bad in [none, too_many, vec!["".into()], vec!["a\u{1}b".into()]] {
        let e = delete_objects_request("b1b", "us-east-1", None, false, &bad, false).unwrap_err();
        assert_eq!(e.name(), "InvalidParameterException");
    }
}

#[test]
fn presigned_put_is_unsigned_payload_and_signs_the_content_type() {
    let creds = credentials();
    let params = SigningParams {
        credentials: &creds,
        region: "us-east-1",
        service: "s3",
        time_ms: t0(),
    };
    let signer = Signer::new();
    let url = presign_put_object(&signer, &params, &local("up/a b"), None, 60).unwrap();
    assert!(url.starts_with(
        "http://127.0.0.1:5000/demo-bucket/up/a%20b?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    ));
    assert!(url.contains("X-Amz-Expires=60"));
    assert!(url.contains("X-Amz-SignedHeaders=host&"));
    let typed =
        presign_put_object(&signer, &params, &local("up/a b"), Some("text/plain"), 60).unwrap();
    assert!(typed.contains("X-Amz-SignedHeaders=content-type%3Bhost&"));
    assert!(presign_put_object(&signer, &params, &local("k"), None, 0).is_err());
    assert!(presign_put_object(&signer, &params, &local("k"), Some("a\nb"), 60).is_err());
}

// ---------------------------------------------------------------- replies

#[test]
fn object_headers_become_info() {
    let info = parse_object_response(&reply(
        200,
        &[
            ("Content-Type", "text/plain"),
            ("Content-Length", "5"),
            ("ETag", "\"5d41402abc4b2a76b9719d911017c592\""),
            ("Last-Modified", "Thu, 01 Jan 2026 12:00:00 GMT"),
            ("X-Amz-Meta-Owner", "alice"),
            ("x-amz-meta-", "ignored"),
        ],
        "",
    ))
    .unwrap();
    assert_eq!(info.content_type.as_deref(), Some("text/plain"));
    assert_eq!(info.size, Some(5));
    assert_eq!(
        info.etag.as_deref(),
        Some("\"5d41402abc4b2a76b9719d911017c592\"")
    );
    assert_eq!(info.last_modified_ms, Some(t0()));
    assert_eq!(
        info.metadata,
        vec![("owner".to_string(), "alice".to_string())]
    );
    let ranged = parse_object_response(&reply(
        206,
        &[("content-range", "bytes 0-1/5"), ("content-length", "2")],
        "he",
    ))
    .unwrap();
    assert_eq!(ranged.content_range.as_deref(), Some("bytes 0-1/5"));
    assert_eq!(ranged.size, Some(2));
}

#[test]
fn object_errors_carry_the_aws_names() {
    let e = parse_object_response(&reply(
        404,
        &[],
        "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
    ))
    .unwrap_err();
    assert_eq!((e.name(), e.retryable), ("NoSuchKey", false));
    let e = parse_object_response(&reply(403, &[], "")).unwrap_err();
    assert_eq!(e.name(), "AccessDenied");
    let e = parse_object_response(&reply(404, &[], "")).unwrap_err();
    assert_eq!(e.name(), "NotFound");
}

#[test]
fn delete_results_list_deleted_keys_and_failures() {
    let out = parse_delete_objects_response(&reply(
        200,
        &[],
        "<?xml version=\"1.0\"?><DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
         <Deleted><Key>a&amp;b</Key></Deleted><Deleted><Key>c</Key></Deleted>\
         <Error><Key>private/x</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>\
         </DeleteResult>",
    ))
    .unwrap();
    assert_eq!(out.deleted, vec!["a&b", "c"]);
    assert_eq!(
        out.errors,
        vec![DeleteObjectError {
            key: "private/x".into(),
            code: "AccessDenied".into(),
            message: "Access Denied".into(),
        }]
    );
    let e = parse_delete_objects_response(&reply(
        400,
        &[],
        "<Error><Code>InvalidRequest</Code><Message>Missing required header for this request: Content-MD5</Message></Error>",
    ))
    .unwrap_err();
    assert_eq!(e.name(), "InvalidRequest");
    assert!(parse_delete_objects_response(&reply(200, &[], "<Other/>")).is_err());
}

#[test]
fn copy_results_and_late_copy_errors() {
    let out = parse_copy_object_response(&reply(
        200,
        &[],
        "<CopyObjectResult><LastModified>2026-01-01T12:00:00.000Z</LastModified>\
         <ETag>\"abc\"</ETag></CopyObjectResult>",
    ))
    .unwrap();
    assert_eq!(out.etag, "\"abc\"");
    assert_eq!(out.last_modified_ms, Some(t0()));
    let e = parse_copy_object_response(&reply(
        200,
        &[],
        "<Error><Code>InternalError</Code><Message>m</Message></Error>",
    ))
    .unwrap_err();
    assert_eq!((e.name(), e.retryable), ("InternalError", true));
    let e = parse_copy_object_response(&reply(
        403,
        &[],
        "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    ))
    .unwrap_err();
    assert_eq!(e.name(), "AccessDenied");
    assert!(parse_copy_object_response(&reply(200, &[], "<CopyObjectResult/>")).is_err());
}

// ---------------------------------------------------------------- sending

#[test]
fn signed_put_carries_metadata_and_the_body_hash() {
    let attributes = ObjectAttributes {
        content_type: Some("text/plain".into()),
        metadata: vec![("owner".into(), "alice".into())],
    };
    let request = put_object_request(&local("f"), b"hello".to_vec(), &attributes).unwrap();
    let (sent, result) = send(&request, vec![reply(200, &[("ETag", "\"e\"")], "")]);
    assert_eq!(
        parse_object_response(&result.unwrap())
            .unwrap()
            .etag
            .as_deref(),
        Some("\"e\"")
    );
    let sent = &sent[0];
    assert_eq!(sent.body, b"hello");
    assert_eq!(
        header(sent, "x-amz-content-sha256"),
        Some(hex(&Sha256::digest(b"hello")).as_str())
    );
    let signed_headers = header(sent, "authorization").unwrap();
    assert!(signed_headers.contains(
        "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-owner;x-amz-security-token,"
    ));
}

#[test]
fn a_denied_delete_is_not_retried_and_a_5xx_is() {
    let request = delete_object_request(&local("private/other/x")).unwrap();
    let (sent, result) = send(
        &request,
        vec![reply(
            403,
            &[],
            "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
        )],
    );
    assert_eq!(result.unwrap_err().name(), "AccessDenied");
    assert_eq!(sent.len(), 1);
    let (sent, result) = send(
        &request,
        vec![
            reply(
                503,
                &[],
                "<Error><Code>SlowDown</Code><Message>m</Message></Error>",
            ),
            reply(204, &[], ""),
        ],
    );
    assert_eq!(result.unwrap().status, 204);
    assert_eq!(sent.len(), 2);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
