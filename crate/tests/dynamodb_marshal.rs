//! DynamoDB AttributeValue marshalling and request/reply shapes.

use cognito_wasm::dynamodb::marshal::{
    from_attribute, is_number, number_kind, to_attribute, to_json, NumberKind, Plain,
};
use cognito_wasm::dynamodb::shapes::{reply_to_plain, request_body};
use cognito_wasm::wire::json::{parse, Value};
use proptest::prelude::*;

fn json(text: &str) -> Value {
    parse(text).unwrap()
}

fn map(pairs: &[(&str, Plain)]) -> Plain {
    Plain::Map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[test]
fn every_type_marshals_to_its_attribute_value() {
    let item = map(&[
        ("s", Plain::String("x".into())),
        (
            "n",
            Plain::Number("12345678901234567890123456789012345678".into()),
        ),
        ("t", Plain::Bool(true)),
        ("z", Plain::Null),
        ("b", Plain::Binary(vec![0, 255, 16])),
        (
            "l",
            Plain::List(vec![Plain::Number("1".into()), Plain::String("a".into())]),
        ),
        ("m", map(&[("k", Plain::String("v".into()))])),
        ("ss", Plain::StringSet(vec!["a".into(), "b".into()])),
        ("ns", Plain::NumberSet(vec!["1".into(), "2.5".into()])),
        ("bs", Plain::BinarySet(vec![vec![1], vec![2, 3]])),
    ]);
    let wire = to_attribute(&item).unwrap();
    assert_eq!(
        wire,
        json(
            r#"{"M":{"s":{"S":"x"},"n":{"N":"12345678901234567890123456789012345678"},
            "t":{"BOOL":true},"z":{"NULL":true},"b":{"B":"AP8Q"},
            "l":{"L":[{"N":"1"},{"S":"a"}]},"m":{"M":{"k":{"S":"v"}}},
            "ss":{"SS":["a","b"]},"ns":{"NS":["1","2.5"]},"bs":{"BS":["AQ==","AgM="]}}}"#
        )
    );
    assert_eq!(from_attribute(&wire).unwrap(), item);
}

#[test]
fn bad_values_are_refused() {
    let e = to_attribute(&Plain::StringSet(vec![])).unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
    assert!(to_attribute(&Plain::NumberSet(vec![])).is_err());
    assert!(to_attribute(&Plain::BinarySet(vec![])).is_err());
    let e = to_attribute(&Plain::Number("12abc".into())).unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
    for bad in [
        r#"{"X":1}"#,
        r#"{"S":1}"#,
        r#"{"S":"a","N":"1"}"#,
        r#"{}"#,
        r#"{"B":"!!"}"#,
        r#"{"L":{}}"#,
        r#"{"SS":[1]}"#,
        r#"{"BOOL":"true"}"#,
        r#""S""#,
    ] {
        let e = from_attribute(&json(bad)).unwrap_err();
        assert_eq!(e.name(), "InvalidResponse", "{bad}");
    }
}

#[test]
fn numbers_keep_every_digit() {
    assert_eq!(number_kind("42"), NumberKind::Exact(42.0));
    assert_eq!(number_kind("-1.5"), NumberKind::Exact(-1.5));
    assert_eq!(number_kind("0.1"), NumberKind::Exact(0.1));
    assert_eq!(
        number_kind("9007199254740991"),
        NumberKind::Exact(9007199254740991.0)
    );
    assert_eq!(number_kind("1E+2"), NumberKind::Exact(100.0));
    assert_eq!(number_kind("100.000"), NumberKind::Exact(100.0));
    // 2^53 + 1 is not a double.
    assert_eq!(
        number_kind("9007199254740993"),
        NumberKind::Integer("9007199254740993".into())
    );
    assert_eq!(
        number_kind("-9.007199254740993E15"),
        NumberKind::Integer("-9007199254740993".into())
    );
    assert_eq!(
        number_kind("1234567890123456789012E+3"),
        NumberKind::Integer("1234567890123456789012000".into())
    );
    assert_eq!(
        number_kind("-123456789012345678901234567890"),
        NumberKind::Integer("-123456789012345678901234567890".into())
    );
    assert_eq!(number_kind("1E+30"), NumberKind::Exact(1e30));
    assert_eq!(number_kind("1234567890123456789.5"), NumberKind::Decimal);
    assert_eq!(
        number_kind("0.12345678901234567890123"),
        NumberKind::Decimal
    );
    assert_eq!(number_kind("not a number"), NumberKind::Decimal);
    assert!(is_number("-0.5e-3") && is_number("+7") && is_number(".5"));
    assert!(!is_number("") && !is_number("-") && !is_number("1e") && !is_number("0x10"));
}

/// Found by the `dynamodb_reply` fuzz target: `02` became a `BigInt` of
/// `2` where `2` is a number, and `00` a `BigInt` without digits.
#[test]
fn numbers_reach_javascript_by_value_not_spelling() {
    for (a, b) in [
        ("2", "02"),
        ("0", "00"),
        ("0", ".0"),
        ("0.5", ".5"),
        ("5", "5."),
        ("-1.5", "-01.50e0"),
        ("1.5", "+1.5"),
        ("100", "1e2"),
        ("9007199254740993", "09007199254740993.0"),
        ("0.1234567890123456789", "00.1234567890123456789e0"),
    ] {
        assert_eq!(number_kind(a), number_kind(b), "{a} and {b}");
    }
    assert_eq!(number_kind("00"), NumberKind::Exact(0.0));
    assert_eq!(number_kind(".5"), NumberKind::Exact(0.5));
    assert_eq!(number_kind("5."), NumberKind::Exact(5.0));
    assert_eq!(
        number_kind("-0009007199254740993"),
        NumberKind::Integer("-9007199254740993".into())
    );
}

/// A number given where plain JSON goes (`limit`) that a double cannot hold
/// is refused, not sent as `null` (the `dynamodb_request` fuzz target's
/// property; the input was found by reading the code).
#[test]
fn numbers_too_big_for_json_are_refused() {
    let huge = Plain::Number(format!("1{}", "0".repeat(400)));
    assert_eq!(
        to_json(&huge).unwrap_err().name(),
        "InvalidParameterException"
    );
    let e = request_body(&[
        ("tableName".into(), Plain::String("t".into())),
        ("limit".into(), huge.clone()),
    ])
    .unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
    assert_eq!(
        to_json(&Plain::Number("1e308".into())).unwrap(),
        Value::Number(1e308)
    );
    // In an AttributeValue the digits go as text, all of them.
    assert!(to_attribute(&huge).is_ok());
}

#[test]
fn request_bodies_use_dynamodb_names() {
    let body = request_body(&[
        ("tableName".into(), Plain::String("profiles".into())),
        (
            "key".into(),
            map(&[("identityId", Plain::String("eu-west-1:1".into()))]),
        ),
        ("consistentRead".into(), Plain::Bool(true)),
        ("limit".into(), Plain::Number("10".into())),
        (
            "expressionAttributeNames".into(),
            map(&[("#n", Plain::String("name".into()))]),
        ),
        (
            "expressionAttributeValues".into(),
            map(&[(":v", Plain::Number("3".into()))]),
        ),
        (
            "exclusiveStartKey".into(),
            map(&[("id", Plain::String("k".into()))]),
        ),
    ])
    .unwrap();
    assert_eq!(
        body,
        json(
            r##"{"TableName":"profiles","Key":{"identityId":{"S":"eu-west-1:1"}},
            "ConsistentRead":true,"Limit":10,"ExpressionAttributeNames":{"#n":"name"},
            "ExpressionAttributeValues":{":v":{"N":"3"}},"ExclusiveStartKey":{"id":{"S":"k"}}}"##
        )
    );
    let batch = request_body(&[(
        "requestItems".into(),
        map(&[(
            "profiles",
            map(&[
                (
                    "keys",
                    Plain::List(vec![map(&[("identityId", Plain::String("a".into()))])]),
                ),
                ("projectionExpression", Plain::String("city".into())),
            ]),
        )]),
    )])
    .unwrap();
    assert_eq!(
        batch,
        json(
            r#"{"RequestItems":{"profiles":{"Keys":[{"identityId":{"S":"a"}}],"ProjectionExpression":"city"}}}"#
        )
    );
    let e = request_body(&[("item".into(), Plain::String("x".into()))]).unwrap_err();
    assert_eq!(e.message, "item must be an object");
    let e = request_body(&[(
        "requestItems".into(),
        map(&[("t", map(&[("keys", Plain::String("x".into()))]))]),
    )])
    .unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
}

#[test]
fn replies_come_back_plain() {
    let plain = reply_to_plain(&json(
        r#"{"Items":[{"id":{"S":"a"},"n":{"N":"1"}}],"Count":1,"ScannedCount":2,
        "LastEvaluatedKey":{"id":{"S":"a"}},"ConsumedCapacity":{"TableName":"t"}}"#,
    ))
    .unwrap();
    assert_eq!(
        plain,
        map(&[
            (
                "items",
                Plain::List(vec![map(&[
                    ("id", Plain::String("a".into())),
                    ("n", Plain::Number("1".into()))
                ])])
            ),
            ("count", Plain::Number("1".into())),
            ("scannedCount", Plain::Number("2".into())),
            (
                "lastEvaluatedKey",
                map(&[("id", Plain::String("a".into()))])
            ),
            (
                "consumedCapacity",
                map(&[("TableName", Plain::String("t".into()))])
            ),
        ])
    );
    let plain = reply_to_plain(&json(
        r#"{"Responses":{"t":[{"id":{"S":"a"}}]},"UnprocessedKeys":{"t":{"Keys":[{"id":{"S":"b"}}]}}}"#,
    ))
    .unwrap();
    assert_eq!(
        plain,
        map(&[
            (
                "responses",
                map(&[(
                    "t",
                    Plain::List(vec![map(&[("id", Plain::String("a".into()))])])
                )])
            ),
            (
                "unprocessedKeys",
                map(&[(
                    "t",
                    map(&[(
                        "keys",
                        Plain::List(vec![map(&[("id", Plain::String("b".into()))])])
                    )])
                )])
            ),
        ])
    );
    let empty = reply_to_plain(&json(r#"{"Responses":{},"UnprocessedKeys":{}}"#)).unwrap();
    assert_eq!(empty, map(&[("responses", map(&[]))]));
    assert_eq!(
        reply_to_plain(&json(r#"{"Item":{"a":{"Q":1}}}"#))
            .unwrap_err()
            .name(),
        "InvalidResponse"
    );
    assert_eq!(
        reply_to_plain(&json(r#"{"Items":{}}"#)).unwrap_err().name(),
        "InvalidResponse"
    );
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        "-?[1-9][0-9]{0,37}",
        "-?[0-9]{1,19}\\.[0-9]{1,18}",
        (any::<f64>().prop_filter("finite", |f| f.is_finite())).prop_map(|f| f.to_string()),
    ]
}

fn plain() -> impl Strategy<Value = Plain> {
    let leaf = prop_oneof![
        Just(Plain::Null),
        any::<bool>().prop_map(Plain::Bool),
        number_text().prop_map(Plain::Number),
        "\\PC*".prop_map(Plain::String),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Plain::Binary),
        proptest::collection::vec("\\PC*", 1..5).prop_map(Plain::StringSet),
        proptest::collection::vec(number_text(), 1..5).prop_map(Plain::NumberSet),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..9), 1..4)
            .prop_map(Plain::BinarySet),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Plain::List),
            proptest::collection::vec(("\\PC{1,8}", inner), 0..6).prop_map(Plain::Map),
        ]
    })
}

proptest! {
    #[test]
    fn round_trips_through_json_text(value in plain()) {
        let wire = to_attribute(&value).unwrap();
        let back = from_attribute(&parse(&wire.to_string()).unwrap()).unwrap();
        prop_assert_eq!(back, value);
    }

    #[test]
    fn exact_numbers_are_the_same_double(n in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        let text = Value::Number(n).to_string();
        match number_kind(&text) {
            NumberKind::Exact(f) => prop_assert_eq!(f, n),
            other => prop_assert!(false, "{text} gave {other:?}"),
        }
    }

    #[test]
    fn big_integers_are_never_rounded(digits in "[1-9][0-9]{17,37}") {
        let kind = number_kind(&digits);
        if let NumberKind::Exact(f) = kind {
            let text = Value::Number(f).to_string();
            prop_assert_eq!(text.trim_end_matches('0'), digits.trim_end_matches('0'));
        } else {
            prop_assert_eq!(kind, NumberKind::Integer(digits));
        }
    }

    #[test]
    fn replies_never_panic(text in "\\PC{0,200}") {
        if let Ok(v) = parse(&text) {
            let _ = reply_to_plain(&v);
            let _ = from_attribute(&v);
        }
    }
}
