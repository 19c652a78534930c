//! Browser tests of `awsJson` and the `dynamodb` namespace against the
//! local stack's `profiles` table, whose policy lets each signed-in user
//! touch only the rows keyed by their own identity id. Run by
//! `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::dynamodb::{aws_json, DynamoDb};
use cognito_wasm::wire::json;
use js_sys::{Array, BigInt, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The stack's table and the two users' identity ids.
struct Table {
    name: String,
    partition_key: String,
    other_identity_id: String,
}

fn table() -> Table {
    let Some(text) = option_env!("STACK_JSON") else {
        panic!("build the browser tests with STACK_JSON set to the local stack's JSON line");
    };
    let v = json::parse(text).expect("STACK_JSON is not JSON");
    let s = |path: &[&str]| {
        let mut at = &v;
        for key in path {
            at = at.get(key).expect("STACK_JSON field");
        }
        at.as_str().expect("a string").to_owned()
    };
    Table {
        name: s(&["table"]),
        partition_key: s(&["tablePartitionKey"]),
        other_identity_id: s(&["identityIds", "other"]),
    }
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).expect("set");
    }
    o.into()
}

/// Call options for `credentials` plus `extra`.
fn options(stack: &Stack, credentials: &JsValue, extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![
        ("credentials", credentials.clone()),
        ("region", JsValue::from_str(&stack.region)),
        ("endpoint", JsValue::from_str(&stack.endpoint)),
    ];
    pairs.extend(extra.iter().cloned());
    object(&pairs)
}

fn key_of(table: &Table, identity_id: &str) -> JsValue {
    object(&[(&table.partition_key, JsValue::from_str(identity_id))])
}

async fn ok(promise: Promise, what: &str) -> JsValue {
    resolve(promise)
        .await
        .unwrap_or_else(|e| panic!("{what} failed: {}", describe(&e)))
}

fn set(items: &[JsValue]) -> JsValue {
    let s = js_sys::Set::new(&JsValue::UNDEFINED);
    for i in items {
        s.add(i);
    }
    s.into()
}

fn set_items(value: &JsValue) -> Vec<JsValue> {
    let s: &js_sys::Set = value.dyn_ref().expect("a Set");
    let mut items: Vec<JsValue> = s.values().into_iter().map(|v| v.expect("item")).collect();
    items.sort_by_key(|v| format!("{v:?}"));
    items
}

fn big(text: &str) -> JsValue {
    BigInt::new(&JsValue::from_str(text))
        .expect("BigInt")
        .into()
}

fn bytes(value: &JsValue) -> Vec<u8> {
    value
        .dyn_ref::<Uint8Array>()
        .expect("a Uint8Array")
        .to_vec()
}

#[wasm_bindgen_test]
async fn the_user_puts_gets_updates_queries_and_deletes_their_own_row() {
    let stack = stack();
    let table = table();
    let credentials = user_credentials(&stack).await;
    let me = &stack.demo_identity_id;
    let call = |extra: &[(&str, JsValue)]| {
        let mut pairs = vec![("tableName", JsValue::from_str(&table.name))];
        pairs.extend(extra.iter().cloned());
        options(&stack, &credentials, &pairs)
    };
    let key = key_of(&table, me);
    let seeded = ok(
        DynamoDb::get_item(call(&[
            ("key", key.clone()),
            ("consistentRead", true.into()),
        ])),
        "getItem",
    )
    .await;
    let original = get(&seeded, "item");
    assert_eq!(get_str(&original, "identityId"), *me);
    assert_eq!(get_str(&original, "displayName"), "Demo User");

    let nested = object(&[(
        "list",
        Array::of4(&1.into(), &"x".into(), &JsValue::NULL, &true.into()).into(),
    )]);
    let item = object(&[
        (&table.partition_key, JsValue::from_str(me)),
        ("displayName", "Demo User".into()),
        ("city", "Dublin".into()),
        ("big", big("123456789012345678901234567890")),
        ("pi", 3.25.into()),
        ("fraction", "0.1".into()),
        ("bin", Uint8Array::from(&[0u8, 1, 255][..]).into()),
        ("tags", set(&["b".into(), "a".into()])),
        ("scores", set(&[1.into(), 2.5.into()])),
        ("nested", nested),
        ("skipped", JsValue::UNDEFINED),
    ]);
    ok(DynamoDb::put_item(call(&[("item", item)])), "putItem").await;
    let got = get(
        &ok(
            DynamoDb::get_item(call(&[
                ("key", key.clone()),
                ("consistentRead", true.into()),
            ])),
            "getItem",
        )
        .await,
        "item",
    );
    let big_back = get(&got, "big");
    assert!(big_back.is_bigint(), "{big_back:?}");
    assert_eq!(big_back, big("123456789012345678901234567890"));
    assert_eq!(get(&got, "pi").as_f64(), Some(3.25));
    assert_eq!(get_str(&got, "fraction"), "0.1", "a string stays a string");
    assert_eq!(bytes(&get(&got, "bin")), vec![0, 1, 255]);
    assert_eq!(
        set_items(&get(&got, "tags")),
        vec![JsValue::from("a"), "b".into()]
    );
    assert_eq!(
        set_items(&get(&got, "scores")),
        vec![JsValue::from(1), 2.5.into()]
    );
    let list: Array = get(&get(&got, "nested"), "list").dyn_into().expect("list");
    assert_eq!(
        list.to_vec(),
        vec![1.into(), "x".into(), JsValue::NULL, true.into()]
    );
    assert!(get(&got, "skipped").is_undefined() && !Reflect::has(&got, &"skipped".into()).unwrap());

    let updated = ok(
        DynamoDb::update_item(call(&[
            ("key", key.clone()),
            ("updateExpression", "SET city = :c".into()),
            (
                "expressionAttributeValues",
                object(&[(":c", "Cork".into())]),
            ),
            ("returnValues", "ALL_NEW".into()),
        ])),
        "updateItem",
    )
    .await;
    assert_eq!(get_str(&get(&updated, "attributes"), "city"), "Cork");

    let query = |all: bool| {
        let o = call(&[
            ("keyConditionExpression", "#k = :id".into()),
            (
                "expressionAttributeNames",
                object(&[("#k", table.partition_key.as_str().into())]),
            ),
            (
                "expressionAttributeValues",
                object(&[(":id", me.as_str().into())]),
            ),
        ]);
        if all {
            DynamoDb::query_all(o)
        } else {
            DynamoDb::query(o)
        }
    };
    for all in [false, true] {
        let result = ok(query(all), "query").await;
        let items: Array = get(&result, "items").dyn_into().expect("items");
        assert_eq!(items.length(), 1);
        assert_eq!(get_str(&items.get(0), "city"), "Cork");
        assert_eq!(get(&result, "count").as_f64(), Some(1.0));
    }

    let batch = ok(
        DynamoDb::batch_get_item(options(
            &stack,
            &credentials,
            &[(
                "requestItems",
                object(&[(
                    &table.name,
                    object(&[
                        ("keys", Array::of1(&key).into()),
                        ("consistentRead", true.into()),
                    ]),
                )]),
            )],
        )),
        "batchGetItem",
    )
    .await;
    let rows: Array = get(&get(&batch, "responses"), &table.name)
        .dyn_into()
        .expect("rows");
    assert_eq!(rows.length(), 1);
    assert_eq!(get_str(&rows.get(0), "city"), "Cork");
    assert!(get(&batch, "unprocessedKeys").is_undefined());

    let deleted = ok(
        DynamoDb::delete_item(call(&[
            ("key", key.clone()),
            ("returnValues", "ALL_OLD".into()),
        ])),
        "deleteItem",
    )
    .await;
    assert_eq!(get_str(&get(&deleted, "attributes"), "city"), "Cork");
    let gone = ok(
        DynamoDb::get_item(call(&[
            ("key", key.clone()),
            ("consistentRead", true.into()),
        ])),
        "getItem",
    )
    .await;
    assert!(get(&gone, "item").is_undefined());

    // The seeded row back, as other tests and the demo expect it.
    ok(DynamoDb::put_item(call(&[("item", original)])), "putItem").await;
}

#[wasm_bindgen_test]
async fn a_failed_condition_is_conditional_check_failed() {
    let stack = stack();
    let table = table();
    let credentials = user_credentials(&stack).await;
    let item = object(&[
        (
            &table.partition_key,
            JsValue::from_str(&stack.demo_identity_id),
        ),
        ("displayName", "Demo User".into()),
        ("city", "Dublin".into()),
    ]);
    let result = resolve(DynamoDb::put_item(options(
        &stack,
        &credentials,
        &[
            ("tableName", table.name.as_str().into()),
            ("item", item),
            (
                "conditionExpression",
                "attribute_not_exists(identityId)".into(),
            ),
        ],
    )))
    .await;
    let e = assert_rejected(result, "ConditionalCheckFailedException");
    assert_eq!(get(&e, "retryable").as_bool(), Some(false));
}

#[wasm_bindgen_test]
async fn the_user_is_denied_the_other_users_row() {
    let stack = stack();
    let table = table();
    let credentials = user_credentials(&stack).await;
    let other = key_of(&table, &table.other_identity_id);
    let name: JsValue = table.name.as_str().into();
    let get_other = resolve(DynamoDb::get_item(options(
        &stack,
        &credentials,
        &[("tableName", name.clone()), ("key", other.clone())],
    )))
    .await;
    assert_rejected(get_other, "AccessDeniedException");
    let update_other = resolve(DynamoDb::update_item(options(
        &stack,
        &credentials,
        &[
            ("tableName", name.clone()),
            ("key", other.clone()),
            ("updateExpression", "SET city = :c".into()),
            (
                "expressionAttributeValues",
                object(&[(":c", "Cork".into())]),
            ),
        ],
    )))
    .await;
    assert_rejected(update_other, "AccessDeniedException");
    let batch = resolve(DynamoDb::batch_get_item(options(
        &stack,
        &credentials,
        &[(
            "requestItems",
            object(&[(&table.name, object(&[("keys", Array::of1(&other).into())]))]),
        )],
    )))
    .await;
    assert_rejected(batch, "AccessDeniedException");
    // The admin flag is denied even on the user's own row.
    let admin = resolve(DynamoDb::put_item(options(
        &stack,
        &credentials,
        &[
            ("tableName", name),
            (
                "item",
                object(&[
                    (
                        &table.partition_key,
                        JsValue::from_str(&stack.demo_identity_id),
                    ),
                    ("isAdmin", true.into()),
                ]),
            ),
        ],
    )))
    .await;
    assert_rejected(admin, "AccessDeniedException");
}

#[wasm_bindgen_test]
async fn guests_cannot_write() {
    let stack = stack();
    let table = table();
    let guest = ok(
        new_client(&stack, true).get_credentials(JsValue::UNDEFINED),
        "guest credentials",
    )
    .await;
    let result = resolve(DynamoDb::put_item(options(
        &stack,
        &guest,
        &[
            ("tableName", table.name.as_str().into()),
            (
                "item",
                object(&[(&table.partition_key, get(&guest, "identityId"))]),
            ),
        ],
    )))
    .await;
    assert_rejected(result, "AccessDeniedException");
}

#[wasm_bindgen_test]
async fn aws_json_sends_any_target_and_names_errors() {
    let stack = stack();
    let table = table();
    let credentials = user_credentials(&stack).await;
    let body = format!(
        r#"{{"TableName":"{}","Key":{{"{}":{{"S":"{}"}}}}}}"#,
        table.name, table.partition_key, stack.demo_identity_id
    );
    let base = |target: &str, body: &str| {
        options(
            &stack,
            &credentials,
            &[
                ("service", "dynamodb".into()),
                ("target", target.into()),
                ("body", js_sys::JSON::parse(body).expect("JSON")),
            ],
        )
    };
    let reply = ok(
        aws_json(base("DynamoDB_20120810.GetItem", &body)),
        "awsJson",
    )
    .await;
    assert_eq!(
        get_str(&get(&get(&reply, "Item"), "displayName"), "S"),
        "Demo User"
    );
    let other = body.replace(&stack.demo_identity_id, &table.other_identity_id);
    let denied = resolve(aws_json(base("DynamoDB_20120810.GetItem", &other))).await;
    assert_rejected(denied, "AccessDeniedException");
    let invalid = resolve(aws_json(base(
        "DynamoDB_20120810.GetItem",
        r#"{"TableName":"profiles"}"#,
    )))
    .await;
    assert!(invalid.is_err());

    // `AbortSignal.abort()`: a signal that has already fired.
    let abort_signal = Reflect::get(&js_sys::global(), &"AbortSignal".into()).expect("AbortSignal");
    let abort: js_sys::Function = Reflect::get(&abort_signal, &"abort".into())
        .expect("abort")
        .dyn_into()
        .expect("a function");
    let signal = abort.call0(&abort_signal).expect("AbortSignal.abort()");
    let mut pairs = vec![("signal", signal)];
    pairs.push(("service", "dynamodb".into()));
    pairs.push(("target", "DynamoDB_20120810.GetItem".into()));
    let aborted = resolve(aws_json(options(&stack, &credentials, &pairs))).await;
    assert_rejected(aborted, "AbortError");
}

#[wasm_bindgen_test]
async fn values_dynamodb_cannot_hold_are_refused_before_sending() {
    let stack = stack();
    let credentials = user_credentials(&stack).await;
    reset_counts(&stack).await;
    for bad in [
        set(&[]),
        set(&["a".into(), 1.into()]),
        js_sys::Map::new().into(),
        js_sys::Date::new_0().into(),
        f64::NAN.into(),
    ] {
        let result = resolve(DynamoDb::put_item(options(
            &stack,
            &credentials,
            &[
                ("tableName", "profiles".into()),
                ("item", object(&[("identityId", "x".into()), ("bad", bad)])),
            ],
        )))
        .await;
        assert_rejected(result, "InvalidParameterException");
    }
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let result = resolve(DynamoDb::put_item(options(
        &stack,
        &credentials,
        &[("tableName", "profiles".into()), ("item", cyclic.into())],
    )))
    .await;
    assert_rejected(result, "InvalidParameterException");
    assert_eq!(counts(&stack).await.total(), 0, "nothing was sent");
}
