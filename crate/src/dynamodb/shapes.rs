//! Request bodies from camelCase options and plain replies from DynamoDB's
//! PascalCase JSON: `tableName` is `TableName`, `key`/`item`/
//! `exclusiveStartKey`/`expressionAttributeValues` are marshalled to
//! AttributeValues, `requestItems.<table>.keys` too; every other field is
//! sent as ordinary JSON. Replies come back with camelCase top-level names
//! and `Item`, `Attributes`, `Items`, `LastEvaluatedKey`, `Responses` and
//! `UnprocessedKeys` unmarshalled.
use crate::prelude::*;

use super::marshal::{self, Plain};
use crate::error::CognitoError;
use crate::wire::json::Value;

/// DynamoDB's `X-Amz-Target` prefix.
pub const TARGET_PREFIX: &str = "DynamoDB_20120810.";

/// Request fields holding a map of AttributeValues.
const ATTRIBUTE_MAPS: [&str; 4] = [
    "Key",
    "Item",
    "ExclusiveStartKey",
    "ExpressionAttributeValues",
];

/// `tableName` → `TableName`.
pub fn pascal(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// `TableName` → `tableName`.
pub fn camel(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn members(value: &Plain, what: &str) -> Result<Vec<(String, Plain)>, CognitoError> {
    match value {
        Plain::Map(pairs) => Ok(pairs.clone()),
        _ => Err(CognitoError::invalid_parameter(format!(
            "{what} must be an object"
        ))),
    }
}

/// One `requestItems` entry of BatchGetItem: `keys` marshalled.
fn keys_and_attributes(value: &Plain, table: &str) -> Result<Value, CognitoError> {
    let mut out = Vec::new();
    for (name, v) in members(value, &format!("requestItems.{table}"))? {
        let wire = pascal(&name);
        let v = if wire == "Keys" {
            match &v {
                Plain::List(keys) => Value::Array(
                    keys.iter()
                        .map(|k| marshal::item_to_attributes(k, "a key"))
                        .collect::<Result<_, _>>()?,
                ),
                _ => {
                    return Err(CognitoError::invalid_parameter(format!(
                        "requestItems.{table}.keys must be an array"
                    )))
                }
            }
        } else {
            marshal::to_json(&v)?
        };
        out.push((wire, v));
    }
    Ok(Value::Object(out))
}

/// The JSON body of a DynamoDB call from its options (camelCase names).
pub fn request_body(options: &[(String, Plain)]) -> Result<Value, CognitoError> {
    let mut body = Vec::with_capacity(options.len());
    for (name, value) in options {
        let wire = pascal(name);
        let v = if ATTRIBUTE_MAPS.contains(&wire.as_str()) {
            marshal::item_to_attributes(value, name)?
        } else if wire == "RequestItems" {
            Value::Object(
                members(value, name)?
                    .iter()
                    .map(|(table, v)| Ok((table.clone(), keys_and_attributes(v, table)?)))
                    .collect::<Result<_, CognitoError>>()?,
            )
        } else {
            marshal::to_json(value)?
        };
        body.push((wire, v));
    }
    Ok(Value::Object(body))
}

fn bad(what: &str) -> CognitoError {
    CognitoError::invalid_response(format!("DynamoDB reply has a malformed {what}"))
}

fn items(value: &Value) -> Result<Plain, CognitoError> {
    Ok(Plain::List(
        value
            .as_array()
            .ok_or_else(|| bad("item list"))?
            .iter()
            .map(marshal::map_from_attributes)
            .collect::<Result<_, _>>()?,
    ))
}

fn per_table(
    value: &Value,
    each: impl Fn(&Value) -> Result<Plain, CognitoError>,
) -> Result<Plain, CognitoError> {
    Ok(Plain::Map(
        value
            .as_object()
            .ok_or_else(|| bad("table map"))?
            .iter()
            .map(|(table, v)| Ok((table.clone(), each(v)?)))
            .collect::<Result<_, CognitoError>>()?,
    ))
}

fn unprocessed(value: &Value) -> Result<Plain, CognitoError> {
    Ok(Plain::Map(
        value
            .as_object()
            .ok_or_else(|| bad("UnprocessedKeys"))?
            .iter()
            .map(|(name, v)| {
                Ok((
                    camel(name),
                    if name == "Keys" {
                        items(v)?
                    } else {
                        marshal::from_json(v)
                    },
                ))
            })
            .collect::<Result<_, CognitoError>>()?,
    ))
}

/// A plain reply: camelCase top-level names, items unmarshalled. An
/// `UnprocessedKeys` or `Responses` that is empty is left out.
pub fn reply_to_plain(reply: &Value) -> Result<Plain, CognitoError> {
    let mut out = Vec::new();
    for (name, v) in reply.as_object().ok_or_else(|| bad("reply"))? {
        let plain = match name.as_str() {
            "Item" | "Attributes" | "LastEvaluatedKey" => marshal::map_from_attributes(v)?,
            "Items" => items(v)?,
            "Responses" => per_table(v, items)?,
            "UnprocessedKeys" => {
                if v.as_object().is_some_and(|o| o.is_empty()) {
                    continue;
                }
                per_table(v, unprocessed)?
            }
            _ => marshal::from_json(v),
        };
        out.push((camel(name), plain));
    }
    Ok(Plain::Map(out))
}
