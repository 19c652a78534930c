//! S3 object replies (`s3::objects` and `s3::multipart`): any status,
//! headers and body (format in src/lib.rs) read as a HEAD/GET/PUT reply
//! (`parse_object_response`, `object_info`), a DeleteObjects reply, a
//! CopyObject reply, and a CreateMultipartUpload or CompleteMultipartUpload
//! reply: a result or a CognitoError with a name, without a panic. A reply
//! that is not 2xx is never a result; what is read from headers and XML
//! is trimmed and not blank where the parser promises it, metadata names are
//! lower-case and dates finite.
#![no_main]
use cognito_wasm::s3::{multipart, objects};
use cognito_wasm::CognitoError;

fn is_trimmed(text: &str) -> bool {
    text.trim() == text
}

fn check_error(e: &CognitoError) {
    assert!(!e.name().is_empty(), "an error has a name");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let response = cognito_wasm_fuzz::response(data);
    let success = (200..300).contains(&response.status);

    let info = objects::object_info(&response);
    for value in [&info.content_type, &info.content_range, &info.etag]
        .into_iter()
        .flatten()
    {
        assert!(is_trimmed(value), "header values are trimmed");
    }
    if let Some(ms) = info.last_modified_ms {
        assert!(ms.is_finite(), "Last-Modified is finite");
    }
    for (name, value) in &info.metadata {
        assert!(!name.is_empty(), "a metadata name is not empty");
        assert!(
            !name.bytes().any(|b| b.is_ascii_uppercase()),
            "metadata names are lower-case"
        );
        assert!(is_trimmed(value), "metadata values are trimmed");
    }
    match objects::parse_object_response(&response) {
        Ok(parsed) => {
            assert!(success, "only a 2xx reply describes an object");
            assert_eq!(parsed, info, "a 2xx reply is its headers");
        }
        Err(e) => {
            assert!(!success, "a 2xx reply is not an error");
            check_error(&e);
        }
    }

    match objects::parse_delete_objects_response(&response) {
        Ok(output) => {
            assert!(success, "only a 2xx reply is a DeleteResult");
            for error in &output.errors {
                assert!(is_trimmed(&error.code), "error codes are trimmed");
                assert!(is_trimmed(&error.message), "messages are trimmed");
            }
        }
        Err(e) => check_error(&e),
    }

    match objects::parse_copy_object_response(&response) {
        Ok(output) => {
            assert!(success, "only a 2xx reply is a CopyObjectResult");
            assert!(!output.etag.is_empty(), "a copy has an ETag");
            assert!(is_trimmed(&output.etag), "the ETag is trimmed");
            if let Some(ms) = output.last_modified_ms {
                assert!(ms.is_finite(), "LastModified is finite");
            }
        }
        Err(e) => check_error(&e),
    }

    for parse in [
        multipart::parse_create_multipart_upload_response,
        multipart::parse_complete_multipart_upload_response,
    ] {
        match parse(&response) {
            Ok(field) => {
                assert!(success, "only a 2xx reply starts or completes an upload");
                assert!(!field.is_empty(), "an upload id or ETag is not empty");
                assert!(is_trimmed(&field), "an upload id or ETag is trimmed");
            }
            Err(e) => check_error(&e),
        }
    }
});
