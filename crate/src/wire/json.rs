//! A small JSON value type with a parser and serializer (no panics on any input).
//!
//! Enough JSON for the Cognito wire format, JWT payloads and stored session
//! state: objects keep their key order, numbers are `f64`, strings support
//! every escape including surrogate pairs. The parser refuses nesting deeper
//! than [`MAX_DEPTH`] instead of recursing without bound. [`parse`] is the
//! JavaScript engine's `JSON.parse` in the browser build (`json/engine.rs`)
//! and a Rust parser natively (`json/native.rs`), accepting the same text.
use crate::prelude::*;

use core::fmt;

use crate::error::CognitoError;

// The parser: the JavaScript engine's `JSON.parse` in the browser build
// (smaller: BENCHMARKS.md §7), the Rust parser natively. Both accept the
// same text and give the same values (`crate/tests/wire_fixtures`, run by
// `cargo test` and by the browser tests in browser_wire.rs).
#[cfg(target_arch = "wasm32")]
mod engine;
#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(target_arch = "wasm32")]
use engine as backend;
#[cfg(not(target_arch = "wasm32"))]
use native as backend;

/// Deepest nesting of arrays and objects the parser accepts.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// Any number, as `f64`.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object; keys in document order (duplicates are kept, lookups take
    /// the last one, as JavaScript's `JSON.parse` does). What the browser
    /// build's [`parse`] returns has each key once, in `JSON.parse`'s order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// An object from `(key, value)` pairs.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// An object whose values are all strings.
    pub fn string_map<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Value {
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), Value::String(v.into())))
                .collect(),
        )
    }

    /// The member `key` of an object (the last one if repeated); `None` for
    /// other values or a missing key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(pairs) => pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// `get(key)` as a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    /// `get(key)` as a number.
    pub fn get_f64(&self, key: &str) -> Option<f64> {
        self.get(key).and_then(Value::as_f64)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Number(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

/// Compact JSON text ([`Value::to_json`]).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl Value {
    /// Compact JSON text. Non-finite numbers (which JSON cannot express) are
    /// written as `null`. Written without `core::fmt`, which would otherwise
    /// be in the wasm for this alone (BENCHMARKS.md §9, "Messages without
    /// `core::fmt`").
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    /// Appends the compact JSON text of `self` to `out`.
    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_finite() => write_number(out, *n),
            Value::Number(_) => out.push_str("null"),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Object(pairs) => {
                out.push('{');
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, k);
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// A finite number as JSON text: integers without a fraction (`3`, not `3.0`).
/// In the browser the JavaScript engine formats it (`Number.prototype.toString`),
/// which keeps core's float formatting out of the wasm; natively Rust's shortest
/// round-trip form, which is the same text for every integer below 10^21 and
/// every other number from 10^-6 to 10^21 (outside that range JavaScript
/// writes an exponent, `1e-7`, Rust all the digits; both parse back to the
/// same number; `-0` is `0` in the browser).
#[cfg(target_arch = "wasm32")]
fn write_number(out: &mut String, n: f64) {
    match js_sys::Number::from(n).to_string_with_radix(10) {
        Ok(text) => out.push_str(&String::from(text)),
        Err(_) => out.push_str("null"),
    }
}

/// A finite number as JSON text (see the wasm32 version).
#[cfg(not(target_arch = "wasm32"))]
fn write_number(out: &mut String, n: f64) {
    use core::fmt::Write;
    let _ = write!(out, "{n}");
}

/// `s` as a JSON string: quoted, with `"`, `\` and control characters
/// escaped.
fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        if escaped.is_empty() {
            // \u00XX: the control characters left are below 0x20.
            let byte = c as u8;
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        } else {
            out.push_str(escaped);
        }
        start = i + c.len_utf8();
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// The value of `text` if it is exactly one JSON number (no whitespace, no
/// `+`, no `Infinity`); `None` otherwise. For fields that carry a number
/// inside a string. The value is the one `JSON.parse` gives: the nearest
/// `f64` (correctly rounded), `±Infinity` beyond its range, `-0` kept.
pub fn parse_number(text: &str) -> Option<f64> {
    backend::parse_number(text)
}

/// Parses JSON text (surrounding whitespace allowed, nothing else after the
/// value). Any syntax error, a lone surrogate escape (`"\ud800"`), or nesting
/// deeper than [`MAX_DEPTH`], is an `InvalidResponse` (never quoting the
/// content). Natively the message names the byte offset; in the browser the
/// engine does not say where, and the message says only what (`nested too
/// deeply`) when it is the depth.
///
/// Objects: natively every member in document order; in the browser as
/// `JSON.parse` builds them, each key once with its last value, integer-like
/// keys first. [`Value::get`] reads the same on both (the last member wins).
pub fn parse(text: &str) -> Result<Value, CognitoError> {
    backend::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    #[test]
    fn parses_every_kind_of_value() {
        let v =
            parse(r#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}, "a": 0} "#).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Number(0.0)), "last duplicate wins");
        assert_eq!(v.get("b").and_then(|b| b.get_str("c")), Some("d"));
        let first = &v.as_object().unwrap()[0].1;
        assert_eq!(
            first,
            &Value::Array(vec![
                Value::Number(1.0),
                Value::Number(-2500.0),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ])
        );
        assert_eq!(parse("0").unwrap(), Value::Number(0.0));
        assert_eq!(parse("1.7e9").unwrap().as_f64(), Some(1.7e9));
    }

    #[test]
    fn string_escapes_including_surrogate_pairs() {
        let v = parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\u2713\ud83d\ude00""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\té✓😀"));
        assert_eq!(parse(r#""日本語""#).unwrap().as_str(), Some("日本語"));
    }

    #[test]
    fn refuses_bad_input() {
        for bad in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "+1",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"\\udc00\"",
            "\"\\u12\"",
            "\"a\nb\"",
            "[1] 2",
            "{1:2}",
            "NaN",
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidResponse, "{bad:?}");
        }
    }

    #[test]
    fn depth_is_limited() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep)
            .unwrap_err()
            .message
            .contains("nested too deeply"));
        let very_deep = "{\"a\":".repeat(100_000);
        assert!(parse(&very_deep).is_err());
    }

    #[test]
    fn serializes_with_escapes() {
        let v = Value::object([
            ("k\"ey", Value::from("line\nbreak\u{1}\\ é")),
            ("n", Value::Number(1700000000.5)),
            ("i", Value::Number(3.0)),
            ("inf", Value::Number(f64::INFINITY)),
            ("list", Value::Array(vec![Value::Null, Value::Bool(true)])),
        ]);
        assert_eq!(
            v.to_string(),
            r#"{"k\"ey":"line\nbreak\u0001\\ é","n":1700000000.5,"i":3,"inf":null,"list":[null,true]}"#
        );
    }

    #[test]
    fn parse_number_takes_exactly_one_json_number() {
        assert_eq!(parse_number("1700000000"), Some(1_700_000_000.0));
        assert_eq!(parse_number("-1.5e3"), Some(-1500.0));
        assert_eq!(parse_number("1700000000.25"), Some(1_700_000_000.25));
        for bad in [
            "",
            " 1",
            "1 ",
            "+1",
            "1.",
            ".5",
            "Infinity",
            "NaN",
            "1e",
            "2024-01-01",
            "0x10",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_print_as_javascript_does() {
        for (n, text) in [
            (0.0, "0"),
            (3.0, "3"),
            (-42.0, "-42"),
            (1_700_000_000_000.0, "1700000000000"),
            (1_700_000_000.5, "1700000000.5"),
            (0.1, "0.1"),
            (-0.000123, "-0.000123"),
            (9_007_199_254_740_991.0, "9007199254740991"),
        ] {
            assert_eq!(Value::Number(n).to_string(), text);
        }
    }

    #[test]
    fn serde_json_agrees() {
        let v = Value::object([
            ("s", Value::from("\u{0}\u{1f}\"\\/\u{7f}😀")),
            ("n", Value::Number(-0.000123)),
        ]);
        let theirs: serde_json::Value = serde_json::from_str(&v.to_string()).unwrap();
        assert_eq!(theirs["s"], "\u{0}\u{1f}\"\\/\u{7f}😀");
        assert_eq!(theirs["n"], -0.000123);
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>()
                .prop_filter("finite", |n| n.is_finite())
                .prop_map(Value::Number),
            any::<i64>().prop_map(|n| Value::Number(n as f64)),
            ".*".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::vec((".*", inner), 0..8).prop_map(Value::Object),
            ]
        })
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC*") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_json_like_text(s in "[\\[\\]{}\",:\\\\u0-9a-fA-F.eE+\\- ntrul]{0,64}") {
            let _ = parse(&s);
        }

        #[test]
        fn serialize_then_parse_round_trips(v in arb_value()) {
            let text = v.to_string();
            prop_assert_eq!(parse(&text).unwrap(), v);
        }
    }
}
