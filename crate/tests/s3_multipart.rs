//! S3 multipart upload plan: part sizes within S3's limits, request shapes
//! (queries, attribute headers, the CompleteMultipartUpload XML) and reply
//! parsing.

use cognito_wasm::s3::multipart::{
    abort_multipart_upload_request, complete_multipart_upload_request,
    create_multipart_upload_request, parse_complete_multipart_upload_response,
    parse_create_multipart_upload_response, plan_parts, upload_part_request, PartRange,
    MAX_OBJECT_SIZE, MAX_PARTS, MAX_PART_SIZE, MIN_PART_SIZE,
};
use cognito_wasm::s3::objects::{ObjectAttributes, ObjectLocation};
use cognito_wasm::wire::http::HttpResponse;

const MIB: u64 = 1024 * 1024;

fn local(key: &str) -> ObjectLocation {
    ObjectLocation {
        bucket: "demo-bucket".into(),
        region: "us-east-1".into(),
        key: key.into(),
        endpoint: Some("http://127.0.0.1:5000".into()),
        force_path_style: false,
    }
}

fn reply(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn parts_cover_the_body_within_s3_limits() {
    let parts = plan_parts(12 * MIB + 1, 5 * MIB).unwrap();
    assert_eq!(
        parts,
        vec![
            PartRange {
                number: 1,
                start: 0,
                end: 5 * MIB
            },
            PartRange {
                number: 2,
                start: 5 * MIB,
                end: 10 * MIB
            },
            PartRange {
                number: 3,
                start: 10 * MIB,
                end: 12 * MIB + 1
            },
        ]
    );
    // Too small a preference is raised to 5 MiB.
    assert_eq!(plan_parts(6 * MIB, 1).unwrap().len(), 2);
    assert_eq!(
        plan_parts(0, 8 * MIB).unwrap(),
        vec![PartRange {
            number: 1,
            start: 0,
            end: 0
        }]
    );
    for total in [1, 5 * MIB, 100_000 * MIB, MAX_OBJECT_SIZE] {
        let parts = plan_parts(total, 8 * MIB).unwrap();
        assert!(parts.len() as u64 <= MAX_PARTS, "{total}");
        assert_eq!(parts.first().unwrap().start, 0);
        assert_eq!(parts.last().unwrap().end, total);
        for pair in parts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_eq!(pair[1].number, pair[0].number + 1);
            let size = pair[0].end - pair[0].start;
            assert!(
                (MIN_PART_SIZE..=MAX_PART_SIZE).contains(&size),
                "{total}: {size}"
            );
        }
    }
    assert!(plan_parts(MAX_OBJECT_SIZE + 1, 8 * MIB).is_err());
}

#[test]
fn requests_name_the_upload_in_the_query() {
    let attributes = ObjectAttributes {
        content_type: Some("video/mp4".into()),
        metadata: vec![("Owner".into(), "demo".into())],
    };
    let create = create_multipart_upload_request(&local("big/a b.mp4"), &attributes).unwrap();
    assert_eq!(create.method, "POST");
    assert_eq!(
        create.url,
        "http://127.0.0.1:5000/demo-bucket/big/a%20b.mp4?uploads"
    );
    assert_eq!(
        create.headers,
        vec![
            ("content-type".to_string(), "video/mp4".to_string()),
            ("x-amz-meta-owner".to_string(), "demo".to_string()),
        ]
    );
    let part = upload_part_request(&local("k"), "id/+=", 3).unwrap();
    assert_eq!(part.method, "PUT");
    assert_eq!(
        part.url,
        "http://127.0.0.1:5000/demo-bucket/k?partNumber=3&uploadId=id%2F%2B%3D"
    );
    assert!(upload_part_request(&local("k"), "id", 0).is_err());
    assert!(upload_part_request(&local("k"), "id", 10_001).is_err());
    assert!(upload_part_request(&local("k"), "", 1).is_err());
    let abort = abort_multipart_upload_request(&local("k"), "u1").unwrap();
    assert_eq!(
        (abort.method.as_str(), abort.url.as_str()),
        ("DELETE", "http://127.0.0.1:5000/demo-bucket/k?uploadId=u1")
    );
}

#[test]
fn complete_lists_the_parts_in_order() {
    let parts = vec![(1, "\"a1\"".to_string()), (2, "\"b&2\"".to_string())];
    let r = complete_multipart_upload_request(&local("k"), "u1", &parts).unwrap();
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "http://127.0.0.1:5000/demo-bucket/k?uploadId=u1");
    assert_eq!(
        String::from_utf8(r.body).unwrap(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
         <Part><PartNumber>1</PartNumber><ETag>&quot;a1&quot;</ETag></Part>\
         <Part><PartNumber>2</PartNumber><ETag>&quot;b&amp;2&quot;</ETag></Part>\
         </CompleteMultipartUpload>"
    );
    let unordered = vec![(2, "x".to_string()), (1, "y".to_string())];
    assert!(complete_multipart_upload_request(&local("k"), "u1", &unordered).is_err());
    let repeated = vec![(1, "x".to_string()), (1, "y".to_string())];
    assert!(complete_multipart_upload_request(&local("k"), "u1", &repeated).is_err());
    assert!(complete_multipart_upload_request(&local("k"), "u1", &[]).is_err());
}

#[test]
fn replies_give_the_upload_id_and_final_etag_or_the_error() {
    let id = parse_create_multipart_upload_response(&reply(
        200,
        "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>\
         <UploadId>VXBsb2Fk</UploadId></InitiateMultipartUploadResult>",
    ))
    .unwrap();
    assert_eq!(id, "VXBsb2Fk");
    let etag = parse_complete_multipart_upload_response(&reply(
        200,
        "<CompleteMultipartUploadResult><ETag>\"3858f6-2\"</ETag></CompleteMultipartUploadResult>",
    ))
    .unwrap();
    assert_eq!(etag, "\"3858f6-2\"");
    let late = parse_complete_multipart_upload_response(&reply(
        200,
        "<Error><Code>InternalError</Code><Message>m</Message></Error>",
    ))
    .unwrap_err();
    assert_eq!((late.name(), late.retryable), ("InternalError", true));
    let denied = parse_create_multipart_upload_response(&reply(
        403,
        "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
    ))
    .unwrap_err();
    assert_eq!(denied.name(), "AccessDenied");
    let small = parse_complete_multipart_upload_response(&reply(
        400,
        "<Error><Code>EntityTooSmall</Code><Message>m</Message></Error>",
    ))
    .unwrap_err();
    assert_eq!(small.name(), "EntityTooSmall");
    assert!(parse_create_multipart_upload_response(&reply(
        200,
        "<InitiateMultipartUploadResult/>"
    ))
    .is_err());
}
