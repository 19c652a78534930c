//! The AWS JSON envelope (`cognito::aws_json`): any reply (status, headers,
//! body; format in src/lib.rs) becomes a JSON object or a CognitoError with
//! a name, without a panic.
#![no_main]
use cognito_wasm::cognito::aws_json;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let response = cognito_wasm_fuzz::response(data);
    match aws_json::parse_reply(&response, "InitiateAuth") {
        Ok(value) => assert!(value.as_object().is_some(), "a reply is an object"),
        Err(e) => assert!(!e.name().is_empty(), "an error has a name"),
    }
    let error = aws_json::error_from_response(&response);
    assert!(!error.name().is_empty(), "an error has a name");
});
