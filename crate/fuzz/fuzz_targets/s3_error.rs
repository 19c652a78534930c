//! S3 replies that are not 2xx, and error bodies (`s3::parse_s3_error`,
//! `s3::parse_s3_error_body`, `s3::parse_list_objects_response`): any
//! status, headers and body (format in src/lib.rs) give a CognitoError with
//! a name, without a panic.
#![no_main]
use cognito_wasm::s3;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let response = cognito_wasm_fuzz::response(data);
    if let Some(body) = s3::parse_s3_error_body(&response.body) {
        assert!(!body.code.is_empty(), "an error body has a code");
        if let Some(ms) = body.server_time_ms {
            assert!(ms.is_finite(), "ServerTime is finite");
        }
    }
    let error = s3::parse_s3_error(&response);
    assert!(!error.name().is_empty(), "an error has a name");
    if let Err(e) = s3::parse_list_objects_response(&response) {
        assert!(!e.name().is_empty(), "an error has a name");
    }
});
