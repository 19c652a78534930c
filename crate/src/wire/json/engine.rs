//! The browser build's JSON parser behind [`super::parse`] and
//! [`super::parse_number`]: the JavaScript engine's `JSON.parse`
//! (`crate/js/host.js`), its result walked into a [`Value`]. This
//! keeps the Rust parser (`native.rs`, about 5 KB of wasm) out of the
//! download (BENCHMARKS.md §7, "Wire parsing by the engine").
//!
//! What the Rust parser refuses, this refuses too, as the same
//! `InvalidResponse`: `host.js` turns away lone surrogate escapes, which
//! `JSON.parse` alone accepts, and the walk refuses nesting deeper than
//! [`MAX_DEPTH`]. Numbers are the engine's, which are the Rust parser's:
//! the correctly rounded `f64` of the token (`±Infinity` beyond its range,
//! `-0` kept). Objects come as `JSON.parse` makes them: each key once,
//! with its last value, integer-like keys first; [`Value::get`] reads them
//! as it reads the Rust parser's (the last member wins).
use crate::prelude::*;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{Value, MAX_DEPTH};
use crate::error::CognitoError;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// `JSON.parse(text)`, or `undefined` if the Rust parser would refuse it.
    #[wasm_bindgen(js_name = jsonParse)]
    fn json_parse(text: &str) -> JsValue;

    /// The number `text` is if it is exactly one JSON number.
    #[wasm_bindgen(js_name = jsonNumber)]
    fn json_number(text: &str) -> Option<f64>;
}

/// [`super::parse_number`] by the engine.
pub fn parse_number(text: &str) -> Option<f64> {
    json_number(text)
}

/// [`super::parse`] by the engine.
pub fn parse(text: &str) -> Result<Value, CognitoError> {
    walk(&json_parse(text), 0)
}

/// The [`Value`] of what `JSON.parse` returned (`undefined`: refused), `depth`
/// arrays or objects deep.
fn walk(value: &JsValue, depth: usize) -> Result<Value, CognitoError> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if value.is_undefined() {
        return Err(CognitoError::invalid_response("invalid JSON"));
    }
    if depth >= MAX_DEPTH {
        return Err(CognitoError::invalid_response(
            "invalid JSON: nested too deeply",
        ));
    }
    if Array::is_array(value) {
        let mut items = Vec::new();
        for item in value.unchecked_ref::<Array>().iter() {
            items.push(walk(&item, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let mut pairs = Vec::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        pairs.push((key, walk(&entry.get(1), depth + 1)?));
    }
    Ok(Value::Object(pairs))
}
