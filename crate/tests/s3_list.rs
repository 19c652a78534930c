//! S3 ListObjectsV2 and presigned GETs: request building and signing
//! (checked against botocore's signatures), reply parsing on captured moto
//! replies and AWS-shaped fixtures, error mapping, paging and the clock-skew
//! retry through a scripted fake platform.

use cognito_wasm::ErrorKind;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fs;

use cognito_wasm::client::platform::Platform;
use cognito_wasm::client::retry::MAX_ATTEMPTS;
use cognito_wasm::client::skew::ClockSkew;
use cognito_wasm::s3::{
    list_all_objects, list_objects, list_objects_request, parse_list_objects_response,
    parse_s3_error, presign_get_object, ListObjectsInput, ListObjectsOutput,
};
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::dates::{format_amz_date, parse_iso8601};
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::CognitoError;
use futures_executor::block_on;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/s3/");
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const MINUTE_MS: f64 = 60_000.0;

fn fixture(name: &str) -> String {
    fs::read_to_string(format!("{FIXTURES}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn credentials() -> SigningCredentials {
    SigningCredentials {
        access_key_id: "ASIAEXAMPLEKEY".into(),
        secret_access_key: "secret/KEY+example".into(),
        session_token: Some("FwoGZXIvYXdzE//token+/=".into()),
    }
}

/// 2026-01-01T12:00:00Z
fn t0() -> f64 {
    parse_iso8601("2026-01-01T12:00:00Z").unwrap()
}

fn http_date(ms: f64) -> String {
    // IMF-fixdate from the ISO form (weekday is not checked by the parser).
    let iso = cognito_wasm::wire::dates::format_iso8601(ms).unwrap();
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: usize = iso[5..7].parse().unwrap();
    format!(
        "Thu, {} {} {} {} GMT",
        &iso[8..10],
        months[month - 1],
        &iso[0..4],
        &iso[11..19]
    )
}

fn reply(status: u16, body: &str, date_ms: Option<f64>) -> HttpResponse {
    let mut headers = vec![("Content-Type".to_string(), "application/xml".to_string())];
    if let Some(ms) = date_ms {
        headers.push(("Date".into(), http_date(ms)));
    }
    HttpResponse {
        status,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

/// A platform that replays scripted replies and records what was sent.
struct FakePlatform {
    replies: RefCell<VecDeque<Result<HttpResponse, CognitoError>>>,
    sent: RefCell<Vec<HttpRequest>>,
    now: Cell<f64>,
}

impl FakePlatform {
    fn new(now: f64, replies: Vec<Result<HttpResponse, CognitoError>>) -> Self {
        Self {
            replies: RefCell::new(replies.into()),
            sent: RefCell::new(Vec::new()),
            now: Cell::new(now),
        }
    }

    fn sent(&self) -> Vec<HttpRequest> {
        self.sent.borrow().clone()
    }
}

impl Platform for FakePlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        self.sent.borrow_mut().push(request);
        // Each round trip takes 100 ms of local time.
        self.now.set(self.now.get() + 100.0);
        self.replies
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| Err(CognitoError::network("no scripted reply left")))
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        buf.fill(7);
        Ok(())
    }

    async fn sleep(&self, _ms: u32) {}
}

/// A platform at [`t0`] that answers with `replies` in turn.
fn scripted(replies: Vec<HttpResponse>) -> FakePlatform {
    FakePlatform::new(t0(), replies.into_iter().map(Ok).collect())
}

/// An empty listing (200, no keys).
fn empty_page() -> HttpResponse {
    reply(200, &fixture("moto_empty.xml"), None)
}

fn header<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn local_input() -> ListObjectsInput {
    ListObjectsInput {
        endpoint: Some("http://127.0.0.1:5000".into()),
        ..ListObjectsInput::new("demo-bucket", "us-east-1")
    }
}

fn keys(out: &ListObjectsOutput) -> Vec<&str> {
    out.objects.iter().map(|o| o.key.as_str()).collect()
}

/// Signing parameters for S3 in us-east-1 at [`t0`].
fn s3_params(creds: &SigningCredentials) -> SigningParams<'_> {
    SigningParams {
        credentials: creds,
        region: "us-east-1",
        service: "s3",
        time_ms: t0(),
    }
}

/// Parses a fixture served as a 200 reply.
fn parse_fixture(name: &str) -> Result<ListObjectsOutput, CognitoError> {
    parse_list_objects_response(&reply(200, &fixture(name), None))
}

/// One ListObjectsV2 call through `platform` with the test credentials.
fn list(
    platform: &FakePlatform,
    skew: &ClockSkew,
    input: &ListObjectsInput,
) -> Result<ListObjectsOutput, CognitoError> {
    block_on(list_objects(
        platform,
        &Signer::new(),
        skew,
        &credentials(),
        input,
    ))
}

/// Every page through `platform` with the test credentials and a fresh clock skew.
fn list_all(
    platform: &FakePlatform,
    input: &ListObjectsInput,
) -> Result<ListObjectsOutput, CognitoError> {
    block_on(list_all_objects(
        platform,
        &Signer::new(),
        &ClockSkew::new(),
        &credentials(),
        input,
    ))
}

// ---------------------------------------------------------------- requests

#[test]
fn list_request_encodes_special_prefixes_once_and_signs_like_botocore() {
    let input = ListObjectsInput {
        prefix: Some("users/a b/café+=&~%/".into()),
        delimiter: Some("/".into()),
        max_keys: Some(2),
        ..local_input()
    };
    let request = list_objects_request(&input).unwrap();
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.url,
        "http://127.0.0.1:5000/demo-bucket?delimiter=%2F&encoding-type=url&list-type=2\
         &max-keys=2&prefix=users%2Fa%20b%2Fcaf%C3%A9%2B%3D%26~%25%2F"
    );
    let creds = credentials();
    let params = s3_params(&creds);
    let signed = Signer::new()
        .sign(request.clone(), &params, &SignOptions::s3())
        .unwrap();
    assert_eq!(
        signed.canonical_request,
        format!(
            "GET\n/demo-bucket\n\
             delimiter=%2F&encoding-type=url&list-type=2&max-keys=2&prefix=users%2Fa%20b%2Fcaf%C3%A9%2B%3D%26~%25%2F\n\
             host:127.0.0.1:5000\n\
             x-amz-content-sha256:{EMPTY_SHA256}\n\
             x-amz-date:20260101T120000Z\n\
             x-amz-security-token:FwoGZXIvYXdzE//token+/=\n\n\
             host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n{EMPTY_SHA256}"
        )
    );
    // botocore 1.43 S3SigV4Auth on the same request and time.
    assert_eq!(
        signed.signature,
        "02f79a6b8035e8033b6ae1a666c35ccc59dabc6bd233386007309b35377f2cdc"
    );
    assert_eq!(
        signed.request.url, request.url,
        "already canonical: sent as built"
    );
    assert_eq!(
        header(&signed.request, "authorization"),
        Some(
            "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEY/20260101/us-east-1/s3/aws4_request, \
             SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, \
             Signature=02f79a6b8035e8033b6ae1a666c35ccc59dabc6bd233386007309b35377f2cdc"
        )
    );
    assert_eq!(header(&signed.request, "host"), None);
}

#[test]
fn continuation_token_and_start_after_are_encoded_and_signed() {
    let input = ListObjectsInput {
        continuation_token: Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=".into()),
        start_after: Some("a+b c".into()),
        ..ListObjectsInput::new("demo-bucket", "us-east-1")
    };
    let request = list_objects_request(&input).unwrap();
    assert_eq!(
        request.url,
        "https://demo-bucket.s3.us-east-1.amazonaws.com/?continuation-token=\
         1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%3D&encoding-type=url&list-type=2\
         &start-after=a%2Bb%20c"
    );
    let creds = credentials();
    let params = s3_params(&creds);
    let signed = Signer::new()
        .sign(request, &params, &SignOptions::s3())
        .unwrap();
    assert!(signed.canonical_request.starts_with(
        "GET\n/\ncontinuation-token=1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%3D&"
    ));
    assert!(signed
        .canonical_request
        .contains("\nhost:demo-bucket.s3.us-east-1.amazonaws.com\n"));
    // botocore 1.43 S3SigV4Auth.
    assert_eq!(
        signed.signature,
        "eaecdf71fa02f688de8b5c5aa6648ce9a25205794a34e0ccea379c5570628812"
    );
}

#[test]
fn canonical_paths_of_special_keys() {
    let creds = credentials();
    let params = s3_params(&creds);
    let signer = Signer::new();
    let cases = [
        ("a b.txt", "/a%20b.txt"),
        ("café/日本.txt", "/caf%C3%A9/%E6%97%A5%E6%9C%AC.txt"),
        ("a+b=c&d", "/a%2Bb%3Dc%26d"),
        ("tilde~pct%25", "/tilde~pct%2525"),
        ("dir//double/slash/", "/dir//double/slash/"),
        ("x/.../y", "/x/.../y"),
    ];
    for (key, path) in cases {
        let url =
            presign_get_object(&signer, &params, "demo-bucket", key, None, false, 60).unwrap();
        let expected_prefix = format!("https://demo-bucket.s3.us-east-1.amazonaws.com{path}?");
        assert!(url.starts_with(&expected_prefix), "{key}: {url}");
        // Header signing of the same URL keeps the path encoded exactly once.
        let request = HttpRequest {
            method: "GET".into(),
            url: format!("https://demo-bucket.s3.us-east-1.amazonaws.com{path}"),
            headers: vec![],
            body: vec![],
        };
        let signed = signer.sign(request, &params, &SignOptions::s3()).unwrap();
        assert_eq!(signed.canonical_request.lines().nth(1), Some(path), "{key}");
    }
    // Path-style keeps the bucket in the path.
    let url = presign_get_object(
        &signer,
        &params,
        "demo-bucket",
        "a b",
        Some("http://127.0.0.1:5000"),
        false,
        60,
    )
    .unwrap();
    assert!(url.starts_with("http://127.0.0.1:5000/demo-bucket/a%20b?X-Amz-Algorithm="));
}

#[test]
fn presigned_get_matches_botocore() {
    let creds = credentials();
    let params = s3_params(&creds);
    let url = presign_get_object(
        &Signer::new(),
        &params,
        "demo-bucket",
        "users/alice/café 日本 +=&~%.txt",
        None,
        false,
        3600,
    )
    .unwrap();
    // botocore 1.43 S3SigV4QueryAuth (same parameters, botocore orders them differently).
    assert_eq!(
        url,
        "https://demo-bucket.s3.us-east-1.amazonaws.com/users/alice/caf%C3%A9%20%E6%97%A5%E6%9C%AC%20%2B%3D%26~%25.txt\
         ?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=ASIAEXAMPLEKEY%2F20260101%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20260101T120000Z&X-Amz-Expires=3600\
         &X-Amz-Security-Token=FwoGZXIvYXdzE%2F%2Ftoken%2B%2F%3D&X-Amz-SignedHeaders=host\
         &X-Amz-Signature=420c3f6f7a29f797af3470bab3647feca5f6e3576009d4c07787e8169f24f229"
    );
}

#[test]
fn presign_expiry_bounds() {
    let creds = credentials();
    let params = s3_params(&creds);
    let signer = Signer::new();
    let presign = |secs| presign_get_object(&signer, &params, "b1b", "k", None, false, secs);
    assert!(presign(1).unwrap().contains("X-Amz-Expires=1&"));
    assert!(presign(604_800).unwrap().contains("X-Amz-Expires=604800&"));
    for bad in [0, 604_801] {
        let e = presign(bad).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException, "{bad}");
    }
    let e = presign_get_object(&signer, &params, "b1b", "a/../b", None, false, 60).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameterException);
}

// ----------------------------------------------------------------- parsing

#[test]
fn parses_moto_prefix_and_delimiter_reply() {
    let out = parse_fixture("moto_prefix_delimiter.xml").unwrap();
    assert_eq!(keys(&out), ["users/<tag>&\"q\".txt"]);
    assert_eq!(out.prefixes, ["users/alice/", "users/bob/"]);
    assert_eq!(out.key_count, 3);
    assert!(!out.is_truncated);
    assert_eq!(out.next_continuation_token, None);
    assert_eq!(out.prefix.as_deref(), Some("users/"));
    assert_eq!(out.delimiter.as_deref(), Some("/"));
    let o = &out.objects[0];
    assert_eq!(o.size, 25);
    assert_eq!(o.etag, "\"1a5e18f87a18be4b0fd5bbee938ec3b3\"");
    assert_eq!(o.last_modified, "2026-11-26T04:57:53.000Z");
    assert_eq!(o.last_modified_ms, parse_iso8601("2026-11-26T04:57:53Z"));
}

#[test]
fn decodes_url_encoded_keys() {
    let out = parse_fixture("moto_encoded_keys.xml").unwrap();
    assert_eq!(
        keys(&out),
        [
            "users/alice/a b.txt",
            "users/alice/café 日本.txt",
            "users/alice/plus+eq=amp&.txt",
            "users/alice/tilde~pct%.txt",
        ]
    );
    assert_eq!(out.key_count, 4);
    // Without encoding-type the same keys come raw (XML-escaped) and are not decoded.
    let raw = parse_fixture("moto_raw_keys.xml").unwrap();
    assert!(keys(&raw).contains(&"users/alice/tilde~pct%.txt"));
    assert!(keys(&raw).contains(&"users/alice/plus+eq=amp&.txt"));
    assert!(keys(&raw).contains(&"users/<tag>&\"q\".txt"));
    assert_eq!(raw.key_count, 6);
}

#[test]
fn parses_aws_shaped_reply_with_plus_for_space() {
    let out = parse_fixture("aws_list_delimiter.xml").unwrap();
    assert_eq!(
        keys(&out),
        ["photos/2006/index.html", "photos/2006/a b+c&d=e~f%g.jpg"]
    );
    assert_eq!(
        out.prefixes,
        ["photos/2006/February/", "photos/2006/café 日本/"]
    );
    assert_eq!(out.prefix.as_deref(), Some("photos/2006/"));
    assert_eq!(out.delimiter.as_deref(), Some("/"));
    assert_eq!(out.objects[0].etag, "\"fba9dede5f27731c9771645a39863328\"");
    assert_eq!(out.objects[0].size, 434_234);
    assert_eq!(
        out.objects[1].last_modified_ms,
        parse_iso8601("2024-02-29T23:59:59.999Z")
    );
    assert_eq!(out.key_count, 4);
}

#[test]
fn parses_empty_only_prefixes_truncated_and_start_after() {
    let empty = parse_fixture("moto_empty.xml").unwrap();
    assert!(empty.objects.is_empty() && empty.prefixes.is_empty());
    assert_eq!(empty.key_count, 0);
    assert!(!empty.is_truncated);

    let only = parse_fixture("moto_only_prefixes.xml").unwrap();
    assert!(only.objects.is_empty());
    assert_eq!(only.prefixes, ["users/alice/"]);
    assert_eq!(only.key_count, 1);

    let page = parse_fixture("moto_page1.xml").unwrap();
    assert!(page.is_truncated);
    assert_eq!(
        page.next_continuation_token.as_deref(),
        Some("f2023ee6903acd7984ec141a076b1889")
    );
    assert_eq!(page.objects.len(), 4);
    assert_eq!(page.prefix, None, "<Prefix/> is empty");

    let aws = parse_fixture("aws_truncated.xml").unwrap();
    assert!(aws.is_truncated);
    assert_eq!(
        aws.next_continuation_token.as_deref(),
        Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="),
        "tokens are opaque: not url-decoded"
    );
    assert_eq!(aws.start_after.as_deref(), Some("ExampleGuide.pdf"));

    let after = parse_fixture("moto_start_after.xml").unwrap();
    assert_eq!(keys(&after), ["users/bob/notes.md"]);
    assert_eq!(after.start_after.as_deref(), Some("users/alice/z"));
}

#[test]
fn parses_entities_cdata_and_odd_values() {
    let out = parse_fixture("edge_entities_cdata.xml").unwrap();
    assert_eq!(
        keys(&out),
        [
            "tags/<b> & \"q\" 's'.txt",
            "refs/café 日本 😀.txt",
            "cdata/<raw> & 100%+1.txt",
            "  spaced  key  ",
        ]
    );
    assert_eq!(out.objects[1].size, u64::MAX);
    assert_eq!(out.objects[1].last_modified, "not a date");
    assert_eq!(out.objects[1].last_modified_ms, None);
    assert_eq!(out.objects[1].etag, "\"e2\"");
    assert_eq!(
        out.objects[2].last_modified_ms,
        parse_iso8601("2026-11-26T04:57:53Z")
    );
}

#[test]
fn refuses_malformed_list_replies() {
    for (body, why) in [
        ("", "empty body"),
        ("<ListBucketResult><Contents><Size>1</Size></Contents></ListBucketResult>", "no Key"),
        ("<ListBucketResult><Contents><Key>k</Key><Size>-1</Size></Contents></ListBucketResult>", "bad Size"),
        ("<ListBucketResult><IsTruncated>maybe</IsTruncated></ListBucketResult>", "bad bool"),
        ("<ListBucketResult><KeyCount>x</KeyCount></ListBucketResult>", "bad KeyCount"),
        ("<ListAllMyBucketsResult/>", "other document"),
        ("<ListBucketResult><Contents>", "truncated XML"),
        ("<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>%FF</Key></Contents></ListBucketResult>", "bad UTF-8 escape"),
    ] {
        let e = parse_list_objects_response(&reply(200, body, None)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidResponse, "{why}");
    }
    let not_utf8 = HttpResponse {
        status: 200,
        headers: vec![],
        body: vec![0xff, 0xfe, b'<'],
    };
    assert_eq!(
        parse_list_objects_response(&not_utf8).unwrap_err().kind,
        ErrorKind::InvalidResponse
    );
}

// ------------------------------------------------------------------ errors

#[test]
fn maps_s3_error_replies() {
    let e = parse_s3_error(&reply(403, &fixture("aws_access_denied.xml"), None));
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert_eq!(
        e.message,
        "Access Denied (request id: 656c76696e6727732072657175657374)"
    );
    assert!(!e.retryable);

    for file in ["aws_no_such_bucket.xml", "moto_no_such_bucket.xml"] {
        let e = parse_s3_error(&reply(404, &fixture(file), None));
        assert_eq!(e.name(), "NoSuchBucket", "{file}");
        assert!(e
            .message
            .starts_with("The specified bucket does not exist (request id: "));
        assert!(!e.retryable);
    }

    let e = parse_s3_error(&reply(
        403,
        &fixture("aws_signature_does_not_match.xml"),
        None,
    ));
    assert_eq!(e.kind, ErrorKind::SignatureDoesNotMatch);
    assert!(e
        .message
        .starts_with("The request signature we calculated does not match"));
    assert!(!e.message.contains("StringToSign") && !e.message.contains("x-amz-date"));

    let e = parse_s3_error(&reply(503, &fixture("aws_slow_down.xml"), None));
    assert_eq!((e.name(), e.retryable), ("SlowDown", true));

    let e = parse_s3_error(&reply(
        403,
        &fixture("aws_request_time_too_skewed.xml"),
        None,
    ));
    assert_eq!((e.name(), e.retryable), ("RequestTimeTooSkewed", false));

    let e = parse_s3_error(&reply(403, "", None));
    assert_eq!((e.name(), e.retryable), ("AccessDenied", false));
    assert!(e.message.contains("HTTP 403"));

    let e = parse_s3_error(&reply(500, "", None));
    assert_eq!((e.name(), e.retryable), ("InternalError", true));

    let e = parse_s3_error(&reply(
        503,
        "<html><body>Service Unavailable</body></html>",
        None,
    ));
    assert_eq!((e.name(), e.retryable), ("ServiceUnavailable", true));

    let mut redirect = reply(301, "", None);
    redirect
        .headers
        .push(("x-amz-bucket-region".into(), "eu-west-1".into()));
    let e = parse_s3_error(&redirect);
    assert_eq!(e.kind, ErrorKind::PermanentRedirect);
    assert!(e.message.contains("eu-west-1"));
}

// ------------------------------------------------------- calls (fake platform)

#[test]
fn lists_one_page_signed_with_skew_corrected_time() {
    let platform = scripted(vec![reply(
        200,
        &fixture("moto_prefix_delimiter.xml"),
        Some(t0()),
    )]);
    let skew = ClockSkew::new();
    let input = ListObjectsInput {
        prefix: Some("users/".into()),
        delimiter: Some("/".into()),
        ..local_input()
    };
    let out = list(&platform, &skew, &input).unwrap();
    assert_eq!(out.prefixes, ["users/alice/", "users/bob/"]);
    let sent = platform.sent();
    assert_eq!(sent.len(), 1);
    let r = &sent[0];
    assert_eq!(
        r.url,
        "http://127.0.0.1:5000/demo-bucket?delimiter=%2F&encoding-type=url&list-type=2&prefix=users%2F"
    );
    assert_eq!(header(r, "x-amz-date"), Some("20260101T120000Z"));
    assert_eq!(header(r, "x-amz-content-sha256"), Some(EMPTY_SHA256));
    assert_eq!(
        header(r, "x-amz-security-token"),
        Some("FwoGZXIvYXdzE//token+/=")
    );
    assert!(header(r, "authorization").unwrap().starts_with(
        "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEY/20260101/us-east-1/s3/aws4_request, "
    ));
    assert_eq!(header(r, "host"), None);
    assert_eq!(skew.offset_ms(), 0.0);
}

#[test]
fn lists_every_page() {
    let platform = scripted(vec![
        reply(200, &fixture("moto_page1.xml"), None),
        reply(200, &fixture("moto_page2.xml"), None),
    ]);
    let input = ListObjectsInput {
        max_keys: Some(4),
        ..local_input()
    };
    let out = list_all(&platform, &input).unwrap();
    assert_eq!(
        keys(&out),
        [
            "readme.txt",
            "users/<tag>&\"q\".txt",
            "users/alice/a b.txt",
            "users/alice/café 日本.txt",
            "users/alice/plus+eq=amp&.txt",
            "users/alice/tilde~pct%.txt",
            "users/bob/notes.md",
        ]
    );
    assert_eq!(out.key_count, 7);
    assert!(!out.is_truncated);
    assert_eq!(out.next_continuation_token, None);
    let sent = platform.sent();
    assert_eq!(sent.len(), 2);
    assert!(!sent[0].url.contains("continuation-token"));
    assert!(sent[1]
        .url
        .contains("?continuation-token=f2023ee6903acd7984ec141a076b1889&encoding-type=url"));
    assert!(sent[1].url.contains("&max-keys=4"));
}

#[test]
fn paging_stops_on_a_repeated_or_missing_token() {
    let page1 = fixture("moto_page1.xml");
    let platform = scripted(vec![
        reply(200, &page1, None),
        reply(200, &page1, None),
        reply(200, &page1, None),
    ]);
    let e = list_all(&platform, &local_input()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidResponse);
    assert!(e.message.contains("repeated"));
    assert_eq!(platform.sent().len(), 2);

    let no_token = page1.replace(
        "<NextContinuationToken>f2023ee6903acd7984ec141a076b1889</NextContinuationToken>",
        "",
    );
    let platform = scripted(vec![reply(200, &no_token, None)]);
    let e = list_all(&platform, &local_input()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidResponse);
    assert_eq!(platform.sent().len(), 1);
}

#[test]
fn retries_once_with_the_server_clock_after_request_time_too_skewed() {
    let server_time = t0() + 20.0 * MINUTE_MS;
    let platform = scripted(vec![
        reply(
            403,
            &fixture("aws_request_time_too_skewed.xml"),
            Some(server_time),
        ),
        reply(200, &fixture("moto_empty.xml"), Some(server_time + 1000.0)),
    ]);
    let skew = ClockSkew::new();
    let out = list(&platform, &skew, &local_input()).unwrap();
    assert_eq!(out.key_count, 0);
    let sent = platform.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(header(&sent[0], "x-amz-date"), Some("20260101T120000Z"));
    assert_eq!(header(&sent[1], "x-amz-date"), Some("20260101T122000Z"));
    assert_ne!(
        header(&sent[0], "authorization"),
        header(&sent[1], "authorization")
    );
    // The offset is kept for later calls and expiry checks.
    assert!((skew.offset_ms() - 20.0 * MINUTE_MS).abs() < 2_000.0);
}

#[test]
fn skew_is_learned_from_the_body_when_date_is_not_exposed() {
    // Cross-origin replies hide Date unless CORS exposes it: ServerTime suffices.
    let platform = scripted(vec![
        reply(403, &fixture("aws_request_time_too_skewed.xml"), None),
        empty_page(),
    ]);
    let skew = ClockSkew::new();
    list(&platform, &skew, &local_input()).unwrap();
    let sent = platform.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(header(&sent[1], "x-amz-date"), Some("20260101T122000Z"));
}

#[test]
fn skew_retry_happens_at_most_once() {
    let skewed = fixture("aws_request_time_too_skewed.xml");
    let platform = scripted(vec![
        reply(403, &skewed, Some(t0() + 20.0 * MINUTE_MS)),
        reply(403, &skewed, Some(t0() + 60.0 * MINUTE_MS)),
        empty_page(),
    ]);
    let e = list(&platform, &ClockSkew::new(), &local_input()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::RequestTimeTooSkewed);
    assert_eq!(platform.sent().len(), 2);

    // Nothing learned (no Date, no ServerTime): the same clock would fail
    // again, so no retry.
    let blind = "<Error><Code>RequestTimeTooSkewed</Code><Message>too large</Message></Error>";
    let platform = scripted(vec![reply(403, blind, None), empty_page()]);
    let e = list(&platform, &ClockSkew::new(), &local_input()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::RequestTimeTooSkewed);
    assert_eq!(platform.sent().len(), 1);
}

#[test]
fn signature_mismatch_is_retried_only_when_the_clock_was_off() {
    let mismatch = fixture("aws_signature_does_not_match.xml");
    // Server 20 minutes ahead: a stale date, retried with the corrected time.
    let platform = scripted(vec![
        reply(403, &mismatch, Some(t0() + 20.0 * MINUTE_MS)),
        empty_page(),
    ]);
    list(&platform, &ClockSkew::new(), &local_input()).unwrap();
    assert_eq!(platform.sent().len(), 2);

    // Clocks in sync: a real signature problem, not retried.
    let platform = scripted(vec![reply(403, &mismatch, Some(t0())), empty_page()]);
    let e = list(&platform, &ClockSkew::new(), &local_input()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::SignatureDoesNotMatch);
    assert_eq!(platform.sent().len(), 1);
}

#[test]
fn call_errors_are_mapped() {
    let cases: Vec<(HttpResponse, &str, bool)> = vec![
        (
            reply(403, &fixture("aws_access_denied.xml"), Some(t0())),
            "AccessDenied",
            false,
        ),
        (
            reply(404, &fixture("moto_no_such_bucket.xml"), Some(t0())),
            "NoSuchBucket",
            false,
        ),
        (reply(403, "", Some(t0())), "AccessDenied", false),
        (reply(500, "", Some(t0())), "InternalError", true),
        (
            reply(503, &fixture("aws_slow_down.xml"), Some(t0())),
            "SlowDown",
            true,
        ),
    ];
    for (response, name, retryable) in cases {
        // The same reply every time: retryable ones are tried MAX_ATTEMPTS
        // times, re-signed each time, then given up.
        let platform = scripted(vec![response; MAX_ATTEMPTS as usize]);
        let e = list(&platform, &ClockSkew::new(), &local_input()).unwrap_err();
        assert_eq!((e.name(), e.retryable), (name, retryable));
        let sends = if retryable { MAX_ATTEMPTS as usize } else { 1 };
        assert_eq!(platform.sent().len(), sends, "{name}");
    }

    // Network failures are retried too, and pass through when they last.
    let offline = || Err(CognitoError::network("offline"));
    let platform = FakePlatform::new(t0(), vec![offline(), offline(), offline(), offline()]);
    let e = list(&platform, &ClockSkew::new(), &local_input()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NetworkError);
    assert_eq!(platform.sent().len(), MAX_ATTEMPTS as usize);
    let platform = FakePlatform::new(t0(), vec![]);
    let bad = ListObjectsInput {
        bucket: "no/slashes".into(),
        ..local_input()
    };
    let e = list(&platform, &ClockSkew::new(), &bad).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    assert!(platform.sent().is_empty());
}

#[test]
fn http_date_helper_round_trips() {
    // Guards the test helper itself.
    let d = http_date(t0());
    assert_eq!(cognito_wasm::wire::dates::parse_http_date(&d), Some(t0()));
    assert_eq!(format_amz_date(t0()).unwrap(), "20260101T120000Z");
}

#[test]
fn transient_failures_recover_within_the_retry_budget() {
    let transient: Vec<Result<HttpResponse, CognitoError>> = vec![
        Ok(reply(500, "", Some(t0()))),
        Ok(reply(503, &fixture("aws_slow_down.xml"), Some(t0()))),
        Err(CognitoError::network("connection reset")),
    ];
    for first in transient {
        let platform = FakePlatform::new(t0(), vec![first, Ok(empty_page())]);
        let out = list(&platform, &ClockSkew::new(), &local_input()).unwrap();
        assert!(out.objects.is_empty());
        let sent = platform.sent();
        assert_eq!(sent.len(), 2);
        assert!(sent.iter().all(|r| header(r, "authorization").is_some()));
    }
}
