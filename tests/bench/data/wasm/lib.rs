//! The two halves of the `dynamodb` namespace's marshalling, exported on
//! their own for the benchmark page, doing exactly what a call does with
//! its items: plain JavaScript items → DynamoDB JSON text (the request
//! body's items), and a Query reply's text → plain JavaScript items. The
//! library's whole JavaScript API (with `dynamodb` and `s3-objects`) is
//! linked in too, for `putObject`.

use cognito_wasm::dynamodb::marshal::{item_to_attributes, Plain};
use cognito_wasm::dynamodb::shapes::reply_to_plain;
use cognito_wasm::js::dynamodb::{to_js, to_plain};
use cognito_wasm::wire::json::{self, Value};
use cognito_wasm::CognitoError;
use wasm_bindgen::prelude::*;

fn thrown(error: CognitoError) -> JsValue {
    cognito_wasm::js::error::to_js(error)
}

/// Plain items (an array of objects) as the JSON text of an array of
/// DynamoDB items (AttributeValue maps), as a request body carries them.
#[wasm_bindgen(js_name = marshallItems)]
pub fn marshall_items(items: &js_sys::Array) -> Result<String, JsValue> {
    let mut out = Vec::with_capacity(items.length() as usize);
    for item in items.iter() {
        let plain = to_plain(&item, 0).map_err(thrown)?;
        out.push(item_to_attributes(&plain, "item").map_err(thrown)?);
    }
    Ok(Value::Array(out).to_string())
}

/// A Query reply's JSON text as the `dynamodb.query` result:
/// `{ items, count, scannedCount, … }` with plain items.
#[wasm_bindgen(js_name = unmarshallQueryReply)]
pub fn unmarshall_query_reply(text: &str) -> Result<JsValue, JsValue> {
    let reply = json::parse(text).map_err(thrown)?;
    let plain: Plain = reply_to_plain(&reply).map_err(thrown)?;
    Ok(to_js(&plain))
}
