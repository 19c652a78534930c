//! Plain values to and from DynamoDB's AttributeValue JSON (`{"S": "x"}`,
//! `{"N": "1.5"}`, `{"M": {…}}`, …).
//!
//! Numbers stay decimal text end to end (DynamoDB keeps 38 significant
//! digits; a JavaScript number keeps about 17), so nothing is rounded here;
//! [`number_kind`] tells the JavaScript layer whether the text survives as a
//! JS number.
use crate::prelude::*;

use crate::error::CognitoError;
use crate::wire::encoding::{base64_decode, base64_encode, Base64Alphabet};
use crate::wire::json::{parse_number, Value};

/// A value as a page holds it, before or after marshalling.
#[derive(Clone, Debug, PartialEq)]
pub enum Plain {
    /// `null` (`NULL`).
    Null,
    /// A boolean (`BOOL`).
    Bool(bool),
    /// A number as decimal text (`N`).
    Number(String),
    /// A string (`S`).
    String(String),
    /// Bytes (`B`, base64 on the wire).
    Binary(Vec<u8>),
    /// A list (`L`).
    List(Vec<Plain>),
    /// A map (`M`), keys in order.
    Map(Vec<(String, Plain)>),
    /// A set of strings (`SS`).
    StringSet(Vec<String>),
    /// A set of numbers as decimal text (`NS`).
    NumberSet(Vec<String>),
    /// A set of byte strings (`BS`).
    BinarySet(Vec<Vec<u8>>),
}

/// What a DynamoDB number can become in JavaScript without loss.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberKind {
    /// A JS number holds it exactly (its shortest form is the same decimal).
    Exact(f64),
    /// An integer a JS number would round: a `BigInt` of these digits
    /// (sign, digits, no exponent).
    Integer(String),
    /// A fraction a JS number would round: kept as its decimal string.
    Decimal,
}

/// `(negative, significant digits, exponent)` with value
/// `0.<digits> × 10^exponent`; zero has no digits. `None` when `text` is not
/// a decimal number (optional sign, digits, optional fraction and exponent).
fn canonical(text: &str) -> Option<(bool, String, i64)> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => {
            let e = &rest[i + 1..];
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            (&rest[..i], e.parse::<i64>().ok()?)
        }
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let all = format!("{whole}{fraction}");
    let leading = all.bytes().take_while(|&b| b == b'0').count();
    let digits = all[leading..].trim_end_matches('0').to_owned();
    if digits.is_empty() {
        return Some((false, digits, 0));
    }
    let point = whole.len() as i64 - leading as i64 + exponent;
    Some((negative, digits, point))
}

/// Whether `text` is a number DynamoDB could hold (decimal syntax).
pub fn is_number(text: &str) -> bool {
    canonical(text).is_some()
}

/// How a DynamoDB number should reach JavaScript: as a number when that is
/// exact, else a `BigInt` (integers) or its string (fractions).
pub fn number_kind(text: &str) -> NumberKind {
    let Some(exact) = canonical(text) else {
        return NumberKind::Decimal;
    };
    // Read from the canonical digits, not the text: every spelling of one
    // number (`0.5`, `.5`, `05E-1`) gets the same answer, and zero is a
    // number, never a `BigInt` without digits.
    let (negative, digits, point) = exact.clone();
    let sign = if text.starts_with('-') { "-" } else { "" };
    let json = if digits.is_empty() {
        format!("{sign}0")
    } else {
        format!("{sign}0.{digits}e{point}")
    };
    if let Some(f) = parse_number(&json) {
        if f.is_finite() && canonical(&Value::Number(f).to_string()) == Some(exact) {
            return NumberKind::Exact(f);
        }
    }
    if point >= digits.len() as i64 {
        // Exponents are at most six digits long: the zeros are bounded.
        let zeros = "0".repeat((point - digits.len() as i64) as usize);
        let sign = if negative { "-" } else { "" };
        NumberKind::Integer(format!("{sign}{digits}{zeros}"))
    } else {
        NumberKind::Decimal
    }
}

fn typed(tag: &str, value: Value) -> Value {
    Value::Object(vec![(tag.to_owned(), value)])
}

fn base64(bytes: &[u8]) -> Value {
    Value::String(base64_encode(bytes, Base64Alphabet::Standard, true))
}

fn number_text(text: &str) -> Result<Value, CognitoError> {
    if is_number(text) {
        Ok(Value::String(text.to_owned()))
    } else {
        Err(CognitoError::invalid_parameter(
            "a DynamoDB number must be decimal text",
        ))
    }
}

fn non_empty<T>(set: &[T]) -> Result<(), CognitoError> {
    if set.is_empty() {
        Err(CognitoError::invalid_parameter(
            "a DynamoDB set cannot be empty",
        ))
    } else {
        Ok(())
    }
}

/// The AttributeValue of `value`. Refuses empty sets and numbers that are
/// not decimal text (`InvalidParameterException`).
pub fn to_attribute(value: &Plain) -> Result<Value, CognitoError> {
    Ok(match value {
        Plain::Null => typed("NULL", Value::Bool(true)),
        Plain::Bool(b) => typed("BOOL", Value::Bool(*b)),
        Plain::Number(n) => typed("N", number_text(n)?),
        Plain::String(s) => typed("S", Value::String(s.clone())),
        Plain::Binary(b) => typed("B", base64(b)),
        Plain::List(items) => typed(
            "L",
            Value::Array(items.iter().map(to_attribute).collect::<Result<_, _>>()?),
        ),
        Plain::Map(pairs) => typed("M", map_to_attributes(pairs)?),
        Plain::StringSet(set) => {
            non_empty(set)?;
            typed(
                "SS",
                Value::Array(set.iter().map(|s| Value::from(s.as_str())).collect()),
            )
        }
        Plain::NumberSet(set) => {
            non_empty(set)?;
            typed(
                "NS",
                Value::Array(
                    set.iter()
                        .map(|n| number_text(n))
                        .collect::<Result<_, _>>()?,
                ),
            )
        }
        Plain::BinarySet(set) => {
            non_empty(set)?;
            typed("BS", Value::Array(set.iter().map(|b| base64(b)).collect()))
        }
    })
}

/// A map of AttributeValues (an item, a key, `ExpressionAttributeValues`).
pub fn map_to_attributes(pairs: &[(String, Plain)]) -> Result<Value, CognitoError> {
    Ok(Value::Object(
        pairs
            .iter()
            .map(|(k, v)| Ok((k.clone(), to_attribute(v)?)))
            .collect::<Result<_, CognitoError>>()?,
    ))
}

/// Like [`map_to_attributes`] for a [`Plain::Map`]; anything else is an
/// `InvalidParameterException` naming `what`.
pub fn item_to_attributes(value: &Plain, what: &str) -> Result<Value, CognitoError> {
    match value {
        Plain::Map(pairs) => map_to_attributes(pairs),
        _ => Err(CognitoError::invalid_parameter(format!(
            "{what} must be an object"
        ))),
    }
}

fn bad(what: &str) -> CognitoError {
    CognitoError::invalid_response(format!("DynamoDB reply has a malformed {what}"))
}

fn strings(value: &Value, what: &str) -> Result<Vec<String>, CognitoError> {
    value
        .as_array()
        .ok_or_else(|| bad(what))?
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| bad(what)))
        .collect()
}

fn bytes(value: &Value) -> Result<Vec<u8>, CognitoError> {
    value
        .as_str()
        .and_then(|s| base64_decode(s, Base64Alphabet::Standard, false))
        .ok_or_else(|| bad("binary value"))
}

/// The plain value of an AttributeValue; an unknown or malformed one is an
/// `InvalidResponse`.
pub fn from_attribute(value: &Value) -> Result<Plain, CognitoError> {
    let [(tag, inner)] = value.as_object().ok_or_else(|| bad("AttributeValue"))? else {
        return Err(bad("AttributeValue"));
    };
    Ok(match tag.as_str() {
        "NULL" => Plain::Null,
        "BOOL" => Plain::Bool(inner.as_bool().ok_or_else(|| bad("BOOL"))?),
        "N" => Plain::Number(inner.as_str().ok_or_else(|| bad("N"))?.to_owned()),
        "S" => Plain::String(inner.as_str().ok_or_else(|| bad("S"))?.to_owned()),
        "B" => Plain::Binary(bytes(inner)?),
        "L" => Plain::List(
            inner
                .as_array()
                .ok_or_else(|| bad("L"))?
                .iter()
                .map(from_attribute)
                .collect::<Result<_, _>>()?,
        ),
        "M" => map_from_attributes(inner)?,
        "SS" => Plain::StringSet(strings(inner, "SS")?),
        "NS" => Plain::NumberSet(strings(inner, "NS")?),
        "BS" => Plain::BinarySet(
            inner
                .as_array()
                .ok_or_else(|| bad("BS"))?
                .iter()
                .map(bytes)
                .collect::<Result<_, _>>()?,
        ),
        _ => return Err(bad("AttributeValue type")),
    })
}

/// A [`Plain::Map`] from an object of AttributeValues (an item or key).
pub fn map_from_attributes(value: &Value) -> Result<Plain, CognitoError> {
    Ok(Plain::Map(
        value
            .as_object()
            .ok_or_else(|| bad("item"))?
            .iter()
            .map(|(k, v)| Ok((k.clone(), from_attribute(v)?)))
            .collect::<Result<_, CognitoError>>()?,
    ))
}

/// A plain value as ordinary JSON (request fields that are not
/// AttributeValues: `Limit`, `ConsistentRead`, `ExpressionAttributeNames`);
/// binary becomes base64 and sets become arrays.
pub fn to_json(value: &Plain) -> Result<Value, CognitoError> {
    Ok(match value {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(*b),
        Plain::Number(n) => Value::Number(
            parse_number(n)
                .filter(|f| f.is_finite())
                .ok_or_else(|| CognitoError::invalid_parameter("a number must be finite"))?,
        ),
        Plain::String(s) => Value::String(s.clone()),
        Plain::Binary(b) => base64(b),
        Plain::List(items) => Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Plain::Map(pairs) => Value::Object(
            pairs
                .iter()
                .map(|(k, v)| Ok((k.clone(), to_json(v)?)))
                .collect::<Result<_, CognitoError>>()?,
        ),
        Plain::StringSet(set) | Plain::NumberSet(set) => {
            Value::Array(set.iter().map(|s| Value::from(s.as_str())).collect())
        }
        Plain::BinarySet(set) => Value::Array(set.iter().map(|b| base64(b)).collect()),
    })
}

/// Ordinary JSON as a plain value (reply fields that are not
/// AttributeValues: `Count`, `ConsumedCapacity`).
pub fn from_json(value: &Value) -> Plain {
    match value {
        Value::Null => Plain::Null,
        Value::Bool(b) => Plain::Bool(*b),
        Value::Number(n) => Plain::Number(Value::Number(*n).to_string()),
        Value::String(s) => Plain::String(s.clone()),
        Value::Array(items) => Plain::List(items.iter().map(from_json).collect()),
        Value::Object(pairs) => Plain::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), from_json(v)))
                .collect(),
        ),
    }
}
