//! `awsJson` (any AWS JSON 1.0/1.1 API) and the `dynamodb` namespace:
//! `getItem`, `putItem`, `updateItem`, `deleteItem`, `query`, `queryAll`
//! and `batchGetItem` over plain JavaScript values.
//!
//! Values: strings, numbers, `BigInt`, booleans, `null`, arrays, plain
//! objects, `Uint8Array`/`ArrayBuffer`/typed arrays (binary) and `Set`s of
//! strings, numbers or binary. Numbers come back as JS numbers when exact,
//! else integers as `BigInt` and fractions as their decimal string.
use crate::prelude::*;

use js_sys::{Array, BigInt, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::convert::{self, Bad, Reader};
use super::credentials::CredentialSource;
use crate::browser::BrowserPlatform;
use crate::dynamodb::marshal::{number_kind, NumberKind, Plain};
use crate::dynamodb::{self, shapes, Dynamo, JsonCall};
use crate::error::CognitoError;
use crate::wire::json::Value;

/// Deepest nesting DynamoDB stores; deeper (or cyclic) values are refused.
const MAX_DEPTH: usize = 32;

/// Options that say how to call, not what to send.
const CALL_OPTIONS: [&str; 5] = ["credentials", "provider", "region", "endpoint", "signal"];

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Where a call gets its signing keys, where it goes and how to cancel it. */
export type AwsCallOptions = CredentialSource & {
  region: string;
  /** Custom endpoint URL (`http://127.0.0.1:4566`); default `https://<service>.<region>.amazonaws.com/`. */
  endpoint?: string;
  /** Checked before each attempt and after each reply: an aborted call rejects with `AbortError`. */
  signal?: AbortSignal;
};

/** Options of `awsJson`. */
export type AwsJsonOptions = AwsCallOptions & {
  /** Signing name (`dynamodb`, `kinesis`, `logs`, …). */
  service: string;
  /** `X-Amz-Target` (`DynamoDB_20120810.GetItem`). */
  target: string;
  /** The request: a value to `JSON.stringify`, or JSON text. */
  body?: unknown;
  /** Default `application/x-amz-json-1.0` for `dynamodb`, `application/x-amz-json-1.1` otherwise. */
  contentType?: string;
};

/** A DynamoDB value: sets are `Set`s of one kind, binary is `Uint8Array`; numbers that a JS number would round come back as `bigint` (integers) or `string` (fractions). */
export type DynamoValue = string | number | bigint | boolean | null | Uint8Array | DynamoValue[]
  | Set<string> | Set<number | bigint> | Set<Uint8Array> | { [name: string]: DynamoValue };
/** An item or key. */
export type DynamoItem = { [name: string]: DynamoValue };

/** DynamoDB request fields in camelCase (`tableName`, `key`, `conditionExpression`, …); `key`, `item`, `exclusiveStartKey` and `expressionAttributeValues` hold plain values. */
export type DynamoOptions = AwsCallOptions & { tableName: string; [field: string]: unknown };
/** The reply's fields in camelCase; `item`, `attributes`, `items`, `lastEvaluatedKey` as plain values. */
export type DynamoResult = {
  item?: DynamoItem; attributes?: DynamoItem; items?: DynamoItem[];
  count?: number; scannedCount?: number; lastEvaluatedKey?: DynamoItem; [field: string]: unknown;
};
/** Options of `dynamodb.batchGetItem`: `requestItems: { [table]: { keys: DynamoItem[], projectionExpression?, … } }`. */
export type BatchGetItemOptions = AwsCallOptions & {
  requestItems: { [table: string]: { keys: DynamoItem[]; [field: string]: unknown } };
};
/** `responses` per table; `unprocessedKeys` only when some keys were still unprocessed after the retries. */
export type BatchGetItemResult = {
  responses: { [table: string]: DynamoItem[] };
  unprocessedKeys?: { [table: string]: { keys: DynamoItem[]; [field: string]: unknown } };
};
"#;

fn bad(message: &str) -> CognitoError {
    CognitoError::invalid_parameter(message)
}

/// The bytes of an `ArrayBuffer` or a view of one (`Uint8Array`, …).
fn binary(value: &JsValue) -> Option<Vec<u8>> {
    if value.is_string() {
        return None;
    }
    convert::body_bytes(value)
}

fn number_text(value: &JsValue) -> Result<Option<String>, CognitoError> {
    if let Some(n) = value.as_f64() {
        if !n.is_finite() {
            return Err(bad("a DynamoDB number must be finite"));
        }
        return Ok(Some(Value::Number(n).to_string()));
    }
    if value.is_bigint() {
        let text = value
            .unchecked_ref::<BigInt>()
            .to_string(10)
            .map_err(|_| bad("a BigInt could not be written"))?;
        return Ok(Some(String::from(text)));
    }
    Ok(None)
}

fn is_plain_object(value: &JsValue) -> bool {
    let proto = Object::get_prototype_of(value);
    proto.is_null() || proto == Object::get_prototype_of(&Object::new())
}

/// A `Set` of strings, numbers (or `BigInt`s) or binary.
fn set_to_plain(set: &js_sys::Set) -> Result<Plain, CognitoError> {
    let values: Vec<JsValue> = set.values().into_iter().filter_map(Result::ok).collect();
    let first = values
        .first()
        .ok_or_else(|| bad("a DynamoDB set cannot be empty"))?;
    let mixed = || bad("a DynamoDB set holds only strings, only numbers or only binary");
    if first.is_string() {
        return values
            .iter()
            .map(|v| v.as_string().ok_or_else(mixed))
            .collect::<Result<_, _>>()
            .map(Plain::StringSet);
    }
    if number_text(first)?.is_some() {
        return values
            .iter()
            .map(|v| number_text(v)?.ok_or_else(mixed))
            .collect::<Result<_, _>>()
            .map(Plain::NumberSet);
    }
    values
        .iter()
        .map(|v| binary(v).ok_or_else(mixed))
        .collect::<Result<_, _>>()
        .map(Plain::BinarySet)
}

/// A JavaScript value as a [`Plain`] value; `undefined` members of objects
/// are left out.
pub fn to_plain(value: &JsValue, depth: usize) -> Result<Plain, CognitoError> {
    if depth > MAX_DEPTH {
        return Err(bad("a value nests too deep (or refers to itself)"));
    }
    if value.is_null() {
        return Ok(Plain::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Plain::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Ok(Plain::String(s));
    }
    if let Some(n) = number_text(value)? {
        return Ok(Plain::Number(n));
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        return array
            .iter()
            .map(|item| to_plain(&item, depth + 1))
            .collect::<Result<_, _>>()
            .map(Plain::List);
    }
    if let Some(set) = value.dyn_ref::<js_sys::Set>() {
        return set_to_plain(set);
    }
    if let Some(bytes) = binary(value) {
        return Ok(Plain::Binary(bytes));
    }
    if value.is_object() && !value.is_function() && is_plain_object(value) {
        let mut members = Vec::new();
        for entry in Object::entries(value.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            let v = entry.get(1);
            if v.is_undefined() {
                continue;
            }
            let k = entry.get(0).as_string().unwrap_or_default();
            members.push((k, to_plain(&v, depth + 1)?));
        }
        return Ok(Plain::Map(members));
    }
    Err(bad(
        "a DynamoDB value must be a string, number, BigInt, boolean, null, array, plain object, Set or binary",
    ))
}

fn number_to_js(text: &str) -> JsValue {
    match number_kind(text) {
        NumberKind::Exact(f) => JsValue::from_f64(f),
        NumberKind::Integer(digits) => BigInt::new(&JsValue::from_str(&digits))
            .map(JsValue::from)
            .unwrap_or_else(|_| JsValue::from_str(text)),
        NumberKind::Decimal => JsValue::from_str(text),
    }
}

fn bytes_to_js(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

fn set_of(items: impl Iterator<Item = JsValue>) -> JsValue {
    let set = js_sys::Set::new(&JsValue::UNDEFINED);
    for item in items {
        set.add(&item);
    }
    set.into()
}

/// A [`Plain`] value as JavaScript (objects built with `Object.fromEntries`,
/// so a `__proto__` member stays a member).
pub fn to_js(value: &Plain) -> JsValue {
    match value {
        Plain::Null => JsValue::NULL,
        Plain::Bool(b) => JsValue::from_bool(*b),
        Plain::Number(n) => number_to_js(n),
        Plain::String(s) => JsValue::from_str(s),
        Plain::Binary(b) => bytes_to_js(b),
        Plain::List(items) => items.iter().map(to_js).collect::<Array>().into(),
        Plain::Map(pairs) => {
            let entries: Array = pairs
                .iter()
                .map(|(k, v)| Array::of2(&JsValue::from_str(k), &to_js(v)))
                .collect();
            Object::from_entries(&entries)
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL)
        }
        Plain::StringSet(set) => set_of(set.iter().map(|s| JsValue::from_str(s))),
        Plain::NumberSet(set) => set_of(set.iter().map(|n| number_to_js(n))),
        Plain::BinarySet(set) => set_of(set.iter().map(|b| bytes_to_js(b))),
    }
}

/// How a call was asked to run: keys, region, endpoint, signal.
struct Call {
    source: CredentialSource,
    region: String,
    endpoint: Option<String>,
    signal: Option<JsValue>,
}

impl Call {
    fn read(r: &Reader) -> Result<Call, CognitoError> {
        let signal = r.value("signal")?;
        if signal.as_ref().is_some_and(|s| !s.is_object()) {
            return Err(bad("options.signal must be an AbortSignal"));
        }
        Ok(Call {
            source: CredentialSource::from_options(r)?,
            region: r.required_string("region")?,
            endpoint: r.string("endpoint")?,
            signal,
        })
    }
}

fn aborted(signal: &Option<JsValue>) -> bool {
    signal.as_ref().is_some_and(|s| {
        Reflect::get(s, &JsValue::from_str("aborted"))
            .map(|a| a.is_truthy())
            .unwrap_or(false)
    })
}

async fn aws_json_call(options: JsValue) -> Result<JsValue, CognitoError> {
    let r = Reader::new(&options, "options", Bad::Parameter)?;
    let call = Call::read(&r)?;
    let service = r.required_string("service")?;
    let target = r.required_string("target")?;
    let content_type = r.string("contentType")?;
    let body = match r.value("body")? {
        None => "{}".to_owned(),
        Some(b) => match b.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(&b)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| bad("options.body cannot be written as JSON"))?,
        },
    };
    let credentials = call.source.resolve().await?;
    let shared = super::shared();
    let json_call = JsonCall {
        service: &service,
        region: &call.region,
        endpoint: call.endpoint.as_deref(),
        target: &target,
        content_type: content_type.as_deref(),
        body: body.into_bytes(),
    };
    let signal = call.signal;
    let response = dynamodb::send(
        &BrowserPlatform,
        &shared.signer,
        &shared.skew,
        &credentials,
        &json_call,
        &|| aborted(&signal),
    )
    .await?;
    let text = response.text()?;
    if text.trim().is_empty() {
        return Ok(Object::new().into());
    }
    js_sys::JSON::parse(text)
        .map_err(|_| CognitoError::invalid_response(format!("{target} reply is not JSON")))
}

/// Calls any AWS JSON 1.0/1.1 API (a SigV4-signed POST with
/// `X-Amz-Target`) and resolves the reply's parsed JSON. Errors are
/// `CognitoError`s named by the service (`AccessDeniedException`,
/// `ValidationException`, …); throttling, 5xx and network failures are
/// retried with backoff.
#[wasm_bindgen(js_name = awsJson, unchecked_return_type = "Promise<any>")]
pub fn aws_json(
    #[wasm_bindgen(unchecked_param_type = "AwsJsonOptions")] options: JsValue,
) -> Promise {
    super::promise(aws_json_call(options))
}

/// Which DynamoDB call, and how.
#[derive(Clone, Copy)]
enum Operation {
    Single(&'static str),
    QueryAll,
    BatchGet,
}

async fn dynamo(options: JsValue, operation: Operation) -> Result<JsValue, CognitoError> {
    let r = Reader::new(&options, "options", Bad::Parameter)?;
    let call = Call::read(&r)?;
    let mut fields = Vec::new();
    for entry in Object::entries(options.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1);
        if CALL_OPTIONS.contains(&name.as_str()) || value.is_undefined() {
            continue;
        }
        fields.push((name, to_plain(&value, 0)?));
    }
    let body = shapes::request_body(&fields)?;
    let credentials = call.source.resolve().await?;
    let shared = super::shared();
    let signal = call.signal;
    let is_aborted = || aborted(&signal);
    let client = Dynamo {
        platform: &BrowserPlatform,
        signer: &shared.signer,
        skew: &shared.skew,
        credentials: &credentials,
        region: &call.region,
        endpoint: call.endpoint.as_deref(),
        aborted: &is_aborted,
    };
    let reply = match operation {
        Operation::Single(name) => client.call(name, &body).await?,
        Operation::QueryAll => client.query_all(&body).await?,
        Operation::BatchGet => client.batch_get_all(&body).await?,
    };
    Ok(to_js(&shapes::reply_to_plain(&reply)?))
}

fn run(options: JsValue, operation: Operation) -> Promise {
    super::promise(dynamo(options, operation))
}

/// DynamoDB over plain JavaScript values: `import { dynamodb } from
/// 'cognito-wasm'`, then `dynamodb.getItem({ tableName, key, credentials,
/// region })`. Options are DynamoDB's request fields in camelCase; results
/// its reply fields in camelCase.
#[wasm_bindgen(js_name = dynamodb)]
pub struct DynamoDb {
    _private: u8,
}

#[wasm_bindgen(js_class = dynamodb)]
impl DynamoDb {
    /// GetItem: resolves `{ item? }` (no `item` when there is no such row).
    #[wasm_bindgen(js_name = getItem, unchecked_return_type = "Promise<DynamoResult>")]
    pub fn get_item(
        #[wasm_bindgen(unchecked_param_type = "DynamoOptions")] options: JsValue,
    ) -> Promise {
        run(options, Operation::Single("GetItem"))
    }

    /// PutItem: `{ tableName, item, conditionExpression?, … }`; a failed
    /// condition rejects with `ConditionalCheckFailedException`.
    #[wasm_bindgen(js_name = putItem, unchecked_return_type = "Promise<DynamoResult>")]
    pub fn put_item(
        #[wasm_bindgen(unchecked_param_type = "DynamoOptions")] options: JsValue,
    ) -> Promise {
        run(options, Operation::Single("PutItem"))
    }

    /// UpdateItem: `{ tableName, key, updateExpression, … }`; resolves
    /// `{ attributes? }` as `returnValues` asks.
    #[wasm_bindgen(js_name = updateItem, unchecked_return_type = "Promise<DynamoResult>")]
    pub fn update_item(
        #[wasm_bindgen(unchecked_param_type = "DynamoOptions")] options: JsValue,
    ) -> Promise {
        run(options, Operation::Single("UpdateItem"))
    }

    /// DeleteItem: `{ tableName, key, conditionExpression?, … }`.
    #[wasm_bindgen(js_name = deleteItem, unchecked_return_type = "Promise<DynamoResult>")]
    pub fn delete_item(
        #[wasm_bindgen(unchecked_param_type = "DynamoOptions")] options: JsValue,
    ) -> Promise {
        run(options, Operation::Single("DeleteItem"))
    }

    /// Query, one page: `{ items, count, scannedCount, lastEvaluatedKey? }`;
    /// pass `lastEvaluatedKey` back as `exclusiveStartKey` for the next.
    #[wasm_bindgen(js_name = query, unchecked_return_type = "Promise<DynamoResult>")]
    pub fn query(
        #[wasm_bindgen(unchecked_param_type = "DynamoOptions")] options: JsValue,
    ) -> Promise {
        run(options, Operation::Single("Query"))
    }

    /// Query, every page: `{ items, count, scannedCount }` of all pages
    /// (`limit` is then the page size).
    #[wasm_bindgen(js_name = queryAll, unchecked_return_type = "Promise<DynamoResult>")]
    pub fn query_all(
        #[wasm_bindgen(unchecked_param_type = "DynamoOptions")] options: JsValue,
    ) -> Promise {
        run(options, Operation::QueryAll)
    }

    /// BatchGetItem, asking again with backoff for `UnprocessedKeys`:
    /// resolves `{ responses, unprocessedKeys? }`.
    #[wasm_bindgen(js_name = batchGetItem, unchecked_return_type = "Promise<BatchGetItemResult>")]
    pub fn batch_get_item(
        #[wasm_bindgen(unchecked_param_type = "BatchGetItemOptions")] options: JsValue,
    ) -> Promise {
        run(options, Operation::BatchGet)
    }
}
