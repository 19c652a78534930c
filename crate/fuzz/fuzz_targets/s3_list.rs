//! S3 ListObjectsV2 result documents (`s3::parse_list_objects_xml`): any
//! body is a listing or a CognitoError, without a panic; the dates it read are
//! finite and a continuation token is never blank.
#![no_main]
use cognito_wasm::s3;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(listing) = s3::parse_list_objects_xml(text) {
        for object in &listing.objects {
            if let Some(ms) = object.last_modified_ms {
                assert!(ms.is_finite(), "LastModified is finite");
            }
        }
        if let Some(token) = &listing.next_continuation_token {
            assert!(
                !token.trim().is_empty(),
                "a continuation token is not blank"
            );
        }
    }
});
