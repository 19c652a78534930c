//! The JSON reader (`wire::json`): no panic on any text, and a parsed value
//! written back and parsed again is the same value (its text is stable).
#![no_main]
use cognito_wasm::wire::json::{self, Value};

fn finite(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_finite(),
        Value::Array(items) => items.iter().all(finite),
        Value::Object(pairs) => pairs.iter().all(|(_, v)| finite(v)),
        _ => true,
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = json::parse_number(text);
    let Ok(value) = json::parse(text) else {
        return;
    };
    let written = value.to_string();
    let again = json::parse(&written).expect("written JSON parses");
    assert_eq!(again.to_string(), written, "written JSON is stable");
    // Numbers past f64's range read as infinite and are written as null.
    if finite(&value) {
        assert_eq!(again, value, "parse → write → parse keeps the value");
    }
});
