//! The S3 object requests built from what a user gives (`s3::objects`,
//! `s3::multipart`): GetObject with any range, PutObject and
//! CreateMultipartUpload with any content type and metadata, CopyObject
//! from any source, DeleteObjects of any keys, CompleteMultipartUpload of
//! any parts, UploadPart and AbortMultipartUpload of any upload id, and a
//! presigned PUT (input format below). Each is a request or a CognitoError
//! with a name, without a panic, and:
//! - URLs are printable ASCII without spaces, header names lower-case
//!   tokens, header values printable ASCII (no header can be smuggled in);
//! - the metadata and content type sent are the ones given, at most 2 KB;
//!   CreateMultipartUpload sends exactly a PUT's attribute headers;
//! - `x-amz-copy-source` decodes back to the source bucket and key, the
//!   upload id in a URL to the upload id;
//! - the DeleteObjects body reads back (XML) to the keys given, its
//!   checksum header is its SHA-256; the CompleteMultipartUpload body to the
//!   parts given, which are non-empty and in ascending order.
//!
//! Input: lines `bucket`, `region`, `key`, `endpoint`, `range`,
//! `contentType` (`~`: absent), `sourceBucket`, `sourceKey`, `uploadId`,
//! `flags expiresIn` (flags: 1 path-style, 2 quiet, 4 copy replaces the
//! attributes), then metadata lines `name:value`, a blank line, and one key
//! a line (a part: `number etag`) for DeleteObjects and
//! CompleteMultipartUpload.
#![no_main]
use cognito_wasm::s3::multipart;
use cognito_wasm::s3::objects::{self, ObjectAttributes, ObjectLocation};
use cognito_wasm::sigv4::{Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::encoding::{base64_encode, percent_decode, Base64Alphabet};
use cognito_wasm::wire::http::HttpRequest;
use cognito_wasm::wire::xml::parse_document;
use cognito_wasm::CognitoError;
use cognito_wasm_fuzz::{header, optional};
use sha2::{Digest, Sha256};

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn header_of<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// What every request built from user input keeps to.
fn check(result: &Result<HttpRequest, CognitoError>) {
    let request = match result {
        Ok(request) => request,
        Err(e) => {
            assert!(!e.name().is_empty(), "an error has a name");
            return;
        }
    };
    assert!(
        request.url.bytes().all(|b| b > b' ' && b < 0x7f),
        "a URL is printable ASCII without spaces: {:?}",
        request.url
    );
    for (name, value) in &request.headers {
        assert!(
            !name.is_empty()
                && name
                    .bytes()
                    .all(|b| is_token_byte(b) && !b.is_ascii_uppercase()),
            "header names are lower-case tokens: {name:?}"
        );
        assert!(
            value.bytes().all(|b| (0x20..0x7f).contains(&b)),
            "header values are printable ASCII: {value:?}"
        );
    }
}

/// The query value `name` of a URL, decoded.
fn query_value(url: &str, name: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .map(|v| percent_decode(v, false).expect("an encoded value decodes"))
}

/// The `child` texts of `element`'s children named `name`.
fn texts(parent: &cognito_wasm::wire::xml::Element, name: &str, child: &str) -> Vec<String> {
    parent
        .children_named(name)
        .map(|e| e.child_text(child).unwrap_or("~missing~").to_owned())
        .collect()
}

/// Text XML 1.0 carries as it is (a parser turns CR into LF and refuses
/// most other control characters).
fn xml_safe(text: &str) -> bool {
    !text.chars().any(|c| c < ' ' && c != '\t' && c != '\n')
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (lines, body) = cognito_wasm_fuzz::head_and_body(data);
    let line = |i: usize| lines.get(i).cloned().unwrap_or_default();
    let mut context = line(9).split(' ').map(str::to_owned).collect::<Vec<_>>();
    context.resize(2, String::new());
    let flags: u32 = context[0].parse().unwrap_or(0);
    let expires_in: u32 = context[1].parse().unwrap_or(3600);
    let location = ObjectLocation {
        bucket: line(0),
        region: line(1),
        key: line(2),
        endpoint: optional(&lines, 3),
        force_path_style: flags & 1 != 0,
    };
    let range = optional(&lines, 4);
    let attributes = ObjectAttributes {
        content_type: optional(&lines, 5),
        metadata: lines
            .iter()
            .skip(10)
            .filter(|l| !l.is_empty())
            .map(|l| header(l))
            .collect(),
    };
    let (source_bucket, source_key, upload_id) = (line(6), line(7), line(8));
    let items: Vec<String> = String::from_utf8_lossy(body)
        .split('\n')
        .map(str::to_owned)
        .collect();

    // GetObject: the range sent is the one given.
    let get = objects::get_object_request(&location, range.as_deref());
    check(&get);
    if let Ok(get) = &get {
        assert_eq!(header_of(get, "range"), range.as_deref(), "the range sent");
    }
    check(&objects::head_object_request(&location));
    check(&objects::delete_object_request(&location));

    // PutObject: the attributes sent are the ones given.
    let put = objects::put_object_request(&location, body.to_vec(), &attributes);
    check(&put);
    if let Ok(put) = &put {
        assert_eq!(
            header_of(put, "content-type"),
            attributes.content_type.as_deref(),
            "the content type sent"
        );
        let mut size = 0;
        for (name, value) in &attributes.metadata {
            let sent = header_of(put, &format!("x-amz-meta-{}", name.to_ascii_lowercase()));
            assert_eq!(sent, Some(value.as_str()), "the metadata sent");
            size += name.len() + value.len();
        }
        assert!(size <= 2048, "metadata is at most 2 KB");
        assert_eq!(put.body, body, "the body sent");
    }
    let create = multipart::create_multipart_upload_request(&location, &attributes);
    check(&create);
    assert_eq!(
        create.is_ok(),
        put.is_ok(),
        "a PUT's attributes start an upload"
    );
    if let (Ok(create), Ok(put)) = (&create, &put) {
        assert_eq!(create.headers, put.headers, "a PUT's attribute headers");
    }

    // CopyObject: the source header decodes to the source.
    let replace = (flags & 4 != 0).then_some(&attributes);
    let copy = objects::copy_object_request(&location, &source_bucket, &source_key, replace);
    check(&copy);
    if let Ok(copy) = &copy {
        let source = header_of(copy, "x-amz-copy-source").expect("a copy names its source");
        let encoded_key = source
            .strip_prefix(&format!("/{source_bucket}/"))
            .expect("the source starts with its bucket");
        assert_eq!(
            percent_decode(encoded_key, false).expect("an encoded key decodes"),
            source_key,
            "the source key"
        );
        assert_eq!(
            header_of(copy, "x-amz-metadata-directive").is_some(),
            replace.is_some(),
            "REPLACE only when asked"
        );
    }

    // DeleteObjects: the body reads back to the keys; the checksum is its hash.
    let quiet = flags & 2 != 0;
    let delete = objects::delete_objects_request(
        &location.bucket,
        &location.region,
        location.endpoint.as_deref(),
        location.force_path_style,
        &items,
        quiet,
    );
    check(&delete);
    if let Ok(delete) = &delete {
        let checksum = base64_encode(
            &Sha256::digest(&delete.body),
            Base64Alphabet::Standard,
            true,
        );
        assert_eq!(
            header_of(delete, "x-amz-checksum-sha256"),
            Some(checksum.as_str()),
            "the checksum is the body's SHA-256"
        );
        let text = std::str::from_utf8(&delete.body).expect("the body is UTF-8");
        let root = parse_document(text).expect("the DeleteObjects body is XML");
        assert_eq!(root.name, "Delete");
        assert_eq!(texts(&root, "Object", "Key"), items, "the keys sent");
        assert_eq!(root.child("Quiet").is_some(), quiet, "Quiet when asked");
    }

    // Multipart with any upload id and parts.
    let parts: Vec<(u32, String)> = items
        .iter()
        .enumerate()
        .map(|(i, l)| match l.split_once(' ') {
            Some((n, etag)) => (n.parse().unwrap_or(i as u32 + 1), etag.to_owned()),
            None => (i as u32 + 1, l.clone()),
        })
        .collect();
    let complete = multipart::complete_multipart_upload_request(&location, &upload_id, &parts);
    check(&complete);
    if let Ok(complete) = &complete {
        assert!(!upload_id.is_empty(), "an upload has an id");
        assert!(!parts.is_empty(), "an upload has a part");
        assert!(
            parts.windows(2).all(|w| w[0].0 < w[1].0),
            "parts are in ascending order"
        );
        assert_eq!(
            query_value(&complete.url, "uploadId").as_deref(),
            Some(upload_id.as_str()),
            "the upload id in the URL"
        );
        if parts.iter().all(|(_, etag)| xml_safe(etag)) {
            let text = std::str::from_utf8(&complete.body).expect("the body is UTF-8");
            let root = parse_document(text).expect("the CompleteMultipartUpload body is XML");
            let numbers: Vec<String> = parts.iter().map(|(n, _)| n.to_string()).collect();
            let etags: Vec<String> = parts.iter().map(|(_, e)| e.clone()).collect();
            assert_eq!(texts(&root, "Part", "PartNumber"), numbers, "part numbers");
            assert_eq!(texts(&root, "Part", "ETag"), etags, "ETags");
        }
    }
    let abort = multipart::abort_multipart_upload_request(&location, &upload_id);
    check(&abort);
    assert_eq!(
        abort.is_ok(),
        !upload_id.is_empty() && location.url().is_ok(),
        "an upload of a valid object with an id can be aborted"
    );
    let part = multipart::upload_part_request(&location, &upload_id, 1);
    check(&part);
    if let Ok(part) = &part {
        assert_eq!(
            query_value(&part.url, "uploadId").as_deref(),
            Some(upload_id.as_str()),
            "the upload id in the URL"
        );
    }

    // A presigned PUT carries its signature.
    let credentials = SigningCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
        session_token: Some("token/with+chars=".into()),
    };
    let params = SigningParams {
        credentials: &credentials,
        region: &location.region,
        service: "s3",
        time_ms: 1_767_268_800_000.0,
    };
    let signer = Signer::new();
    let content_type = attributes.content_type.as_deref();
    match objects::presign_put_object(&signer, &params, &location, content_type, expires_in) {
        Ok(url) => assert!(url.contains("X-Amz-Signature="), "the URL is signed"),
        Err(e) => assert!(!e.name().is_empty(), "an error has a name"),
    }
});
