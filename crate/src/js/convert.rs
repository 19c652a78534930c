//! Reading JS option objects (with `Reflect`, no serde) and building the
//! plain JS objects the API returns.
//!
//! A missing or mistyped field is an `InvalidConfig` (constructor options)
//! or `InvalidParameterException` (method arguments) naming the field,
//! never its value (values may be secrets).
use crate::prelude::*;

use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::CognitoError;

/// Which error a bad field gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bad {
    /// `InvalidConfig` (the client's constructor options).
    Config,
    /// `InvalidParameterException` (method arguments).
    Parameter,
}

impl Bad {
    /// The error for `message`.
    pub fn error(self, message: String) -> CognitoError {
        match self {
            Bad::Config => CognitoError::invalid_config(message),
            Bad::Parameter => CognitoError::invalid_parameter(message),
        }
    }
}

/// A positional string argument: anything else (including `undefined`) is an
/// `InvalidParameterException` naming the argument, not its value.
pub fn string_argument(value: &JsValue, what: &str) -> Result<String, CognitoError> {
    value
        .as_string()
        .ok_or_else(|| CognitoError::invalid_parameter(format!("{what} must be a string")))
}

/// Whether `value` may be an options object: an object that is neither an
/// array nor a function (a wrong argument that `Reflect` would read as an
/// object with no fields).
pub fn is_options_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !Array::is_array(value)
}

/// Reads the fields of one JS options object.
pub struct Reader {
    object: JsValue,
    context: String,
    bad: Bad,
}

/// `undefined` and `null` both mean "not given".
fn given(value: JsValue) -> Option<JsValue> {
    if value.is_undefined() || value.is_null() {
        None
    } else {
        Some(value)
    }
}

impl Reader {
    /// A reader for `value`, which must be an object (not an array);
    /// `context` names it in error messages (`options`, `signIn options`).
    pub fn new(value: &JsValue, context: &str, bad: Bad) -> Result<Reader, CognitoError> {
        if !is_options_object(value) {
            return Err(bad.error(format!("{context} must be an object")));
        }
        Ok(Reader {
            object: value.clone(),
            context: context.to_owned(),
            bad,
        })
    }

    /// Like [`Reader::new`], but `undefined`/`null` give `None`.
    pub fn optional(
        value: &JsValue,
        context: &str,
        bad: Bad,
    ) -> Result<Option<Reader>, CognitoError> {
        match given(value.clone()) {
            None => Ok(None),
            Some(v) => Reader::new(&v, context, bad).map(Some),
        }
    }

    fn error(&self, key: &str, what: &str) -> CognitoError {
        self.bad.error(format!("{}.{key} {what}", self.context))
    }

    /// The raw field, `None` when `undefined` or `null`.
    pub fn value(&self, key: &str) -> Result<Option<JsValue>, CognitoError> {
        Reflect::get(&self.object, &JsValue::from_str(key))
            .map(given)
            .map_err(|_| self.error(key, "could not be read"))
    }

    /// An optional string field.
    pub fn string(&self, key: &str) -> Result<Option<String>, CognitoError> {
        match self.value(key)? {
            None => Ok(None),
            Some(v) => v
                .as_string()
                .map(Some)
                .ok_or_else(|| self.error(key, "must be a string")),
        }
    }

    /// A required string field.
    pub fn required_string(&self, key: &str) -> Result<String, CognitoError> {
        self.string(key)?
            .ok_or_else(|| self.error(key, "is required"))
    }

    /// An optional finite number.
    pub fn number(&self, key: &str) -> Result<Option<f64>, CognitoError> {
        match self.value(key)? {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(n) if n.is_finite() => Ok(Some(n)),
                _ => Err(self.error(key, "must be a finite number")),
            },
        }
    }

    /// An optional boolean.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, CognitoError> {
        match self.value(key)? {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.error(key, "must be true or false")),
        }
    }

    /// An optional nested options object.
    pub fn object(&self, key: &str) -> Result<Option<Reader>, CognitoError> {
        match self.value(key)? {
            None => Ok(None),
            Some(v) => Reader::new(&v, &format!("{}.{key}", self.context), self.bad).map(Some),
        }
    }

    /// An optional function.
    pub fn function(&self, key: &str) -> Result<Option<Function>, CognitoError> {
        match self.value(key)? {
            None => Ok(None),
            Some(v) => v
                .dyn_into::<Function>()
                .map(Some)
                .map_err(|_| self.error(key, "must be a function")),
        }
    }
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
