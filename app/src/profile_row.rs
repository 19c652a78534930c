//! "My profile": the user's row of the profiles table, whose partition key
//! is their identity id (GetItem, PutItem), marshalled with the library's
//! AttributeValue conversion.

use cognito_wasm::dynamodb::marshal::{map_from_attributes, map_to_attributes, Plain};
use cognito_wasm::wire::json::Value;
use cognito_wasm::CognitoError;

use crate::data_calls::dynamodb_call;
use crate::session::ClientHandle;
use crate::settings::Settings;

/// The attributes the panel edits, in order.
pub const PROFILE_FIELDS: [&str; 2] = ["displayName", "city"];

/// A row: every attribute, in the table's order.
pub type Row = Vec<(String, Plain)>;

/// The row's key: the partition key set to `identity_id`.
fn key(settings: &Settings, identity_id: &str) -> Row {
    vec![(
        settings.data.partition_key.clone(),
        Plain::String(identity_id.to_owned()),
    )]
}

/// The row of `identity_id`, if there is one.
pub async fn load(
    handle: &ClientHandle,
    settings: &Settings,
    identity_id: &str,
) -> Result<Option<Row>, CognitoError> {
    let body = Value::object([
        ("TableName", Value::String(settings.data.table.clone())),
        ("Key", map_to_attributes(&key(settings, identity_id))?),
        ("ConsistentRead", Value::Bool(true)),
    ]);
    let reply = dynamodb_call(handle, settings, "GetItem", &body).await?;
    match reply.get("Item") {
        None => Ok(None),
        Some(item) => match map_from_attributes(item)? {
            Plain::Map(pairs) => Ok(Some(pairs)),
            _ => Err(CognitoError::invalid_response(
                "GetItem's Item is not a map",
            )),
        },
    }
}

/// `row` (or a new one) with the key of `identity_id` and `fields` set
/// (an empty value removes the attribute).
pub fn edited(
    settings: &Settings,
    identity_id: &str,
    row: Option<&Row>,
    fields: &[(String, String)],
) -> Row {
    let mut out: Row = row.cloned().unwrap_or_default();
    out.retain(|(name, _)| *name != settings.data.partition_key);
    out.splice(0..0, key(settings, identity_id));
    for (name, value) in fields {
        out.retain(|(n, _)| n != name);
        if !value.trim().is_empty() {
            out.push((name.clone(), Plain::String(value.trim().to_owned())));
        }
    }
    out
}

/// Writes `row` whole (PutItem).
pub async fn save(
    handle: &ClientHandle,
    settings: &Settings,
    row: &Row,
) -> Result<(), CognitoError> {
    let body = Value::object([
        ("TableName", Value::String(settings.data.table.clone())),
        ("Item", map_to_attributes(row)?),
    ]);
    dynamodb_call(handle, settings, "PutItem", &body).await?;
    Ok(())
}

/// The text of a field of `row` (strings as they are, other values as
/// their DynamoDB text; missing: empty).
pub fn field_text(row: Option<&Row>, name: &str) -> String {
    match row
        .and_then(|r| r.iter().find(|(n, _)| n == name))
        .map(|(_, v)| v)
    {
        Some(Plain::String(s)) | Some(Plain::Number(s)) => s.clone(),
        Some(Plain::Bool(b)) => b.to_string(),
        Some(Plain::Null) | None => String::new(),
        Some(_) => "(not text)".to_owned(),
    }
}
