//! The plain JS objects the API returns (built with `Reflect`, no serde),
//! and the checks of a positional string argument and of an options
//! object's shape. The options' fields are read in JavaScript
//! (`js/host.js`, through `client_args.rs`).
use crate::prelude::*;

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::CognitoError;

/// A positional string argument: anything else (including `undefined`) is an
/// `InvalidParameterException` naming the argument, not its value.
pub fn string_argument(value: &JsValue, what: &str) -> Result<String, CognitoError> {
    value
        .as_string()
        .ok_or_else(|| CognitoError::invalid_parameter(text!(what, " must be a string")))
}

/// Whether `value` may be an options object: an object that is neither an
/// array nor a function (a wrong argument that `Reflect` would read as an
/// object with no fields).
pub fn is_options_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !Array::is_array(value)
}

/// Sets `key` on a plain object made here (cannot fail for such objects).
pub fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value.into());
}

/// A JS `Date` for ms since the epoch.
pub fn date(ms: f64) -> JsValue {
    Date::new(&JsValue::from_f64(ms)).into()
}

/// A JS array of strings.
pub fn string_array<S: AsRef<str>>(items: &[S]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s.as_ref()))
        .collect::<Array>()
        .into()
}

/// A plain object `{ name: value, … }` of strings.
pub fn string_record(pairs: &[(String, String)]) -> JsValue {
    let object = Object::new();
    for (name, value) in pairs {
        set(&object, name, value.as_str());
    }
    object.into()
}

/// Parses JSON text made by the library's own serializer into a JS value
/// (`null` if it could not be parsed).
pub fn json_to_js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}
