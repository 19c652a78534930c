//! DynamoDB request bodies from a user's options
//! (`dynamodb::shapes::request_body`) and the marshalling of any user value
//! (`marshal::to_attribute`, `item_to_attributes`, `to_json`). Input: the
//! options as JSON text, a one-member `{"N"|"B"|"SS"|"NS"|"BS": …}` standing
//! for a number of any text, bytes or a set (src/lib.rs, `user_value`). A
//! body or a CognitoError with a name, without a panic, and:
//! - a value is refused only for a number that is not decimal text, an
//!   empty set, or (where a number goes as JSON) a number that is not
//!   finite; the refusal is an `InvalidParameterException`;
//! - a marshalled value reads back (`from_attribute`) to the value given;
//! - what is written is JSON text that reads back to the same value (no
//!   number becomes `null`);
//! - a body is an object of the options' PascalCase names whose `Key`,
//!   `Item`, `ExclusiveStartKey` and `ExpressionAttributeValues` read back
//!   to the maps given; `camel` undoes `pascal`.
#![no_main]
use cognito_wasm::dynamodb::marshal::{self, is_number, Plain};
use cognito_wasm::dynamodb::shapes;
use cognito_wasm::wire::json::{self, parse_number, Value};
use cognito_wasm::CognitoError;
use cognito_wasm_fuzz::user_value;

/// Whether `to_attribute` must take the value: decimal numbers, no empty set.
fn marshallable(plain: &Plain) -> bool {
    match plain {
        Plain::Number(n) => is_number(n),
        Plain::NumberSet(set) => !set.is_empty() && set.iter().all(|n| is_number(n)),
        Plain::StringSet(set) => !set.is_empty(),
        Plain::BinarySet(set) => !set.is_empty(),
        Plain::List(items) => items.iter().all(marshallable),
        Plain::Map(pairs) => pairs.iter().all(|(_, p)| marshallable(p)),
        _ => true,
    }
}

/// Whether `to_json` must take the value: numbers that are finite JSON
/// numbers.
fn jsonable(plain: &Plain) -> bool {
    match plain {
        Plain::Number(n) => parse_number(n).is_some_and(f64::is_finite),
        Plain::List(items) => items.iter().all(jsonable),
        Plain::Map(pairs) => pairs.iter().all(|(_, p)| jsonable(p)),
        _ => true,
    }
}

/// JSON text of `value` reads back to `value`.
fn reads_back(value: &Value) {
    let text = value.to_string();
    let again = json::parse(&text).expect("written JSON is JSON");
    assert_eq!(&again, value, "written JSON reads back the same: {text}");
}

fn refused(e: &CognitoError) {
    assert_eq!(e.name(), "InvalidParameterException");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = json::parse(text) else {
        return;
    };
    let plain = user_value(&value);

    match marshal::to_attribute(&plain) {
        Ok(wire) => {
            assert!(marshallable(&plain), "only marshallable values are taken");
            reads_back(&wire);
            let read = marshal::from_attribute(&wire).expect("a marshalled value reads");
            assert_eq!(read, plain, "a marshalled value reads back as given");
        }
        Err(e) => {
            assert!(!marshallable(&plain), "a marshallable value is taken");
            refused(&e);
        }
    }
    match marshal::to_json(&plain) {
        Ok(json) => {
            assert!(jsonable(&plain), "only finite numbers go as JSON");
            reads_back(&json);
        }
        Err(e) => {
            assert!(!jsonable(&plain), "finite numbers go as JSON");
            refused(&e);
        }
    }
    match marshal::item_to_attributes(&plain, "item") {
        Ok(item) => {
            assert!(matches!(plain, Plain::Map(_)), "an item is an object");
            let read = marshal::map_from_attributes(&item).expect("an item reads");
            assert_eq!(read, plain, "an item reads back as given");
        }
        Err(e) => refused(&e),
    }

    let Plain::Map(options) = &plain else {
        return;
    };
    for (name, _) in options {
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            assert_eq!(
                &shapes::camel(&shapes::pascal(name)),
                name,
                "camel undoes pascal"
            );
        }
    }
    match shapes::request_body(options) {
        Ok(body) => {
            reads_back(&body);
            let members = body.as_object().expect("a body is an object");
            assert_eq!(members.len(), options.len(), "one member per option");
            for ((name, given), (wire, sent)) in options.iter().zip(members) {
                assert_eq!(wire, &shapes::pascal(name), "names are PascalCase");
                if [
                    "Key",
                    "Item",
                    "ExclusiveStartKey",
                    "ExpressionAttributeValues",
                ]
                .contains(&wire.as_str())
                {
                    let read = marshal::map_from_attributes(sent).expect("a map reads");
                    assert_eq!(&read, given, "{wire} reads back as given");
                }
            }
        }
        Err(e) => refused(&e),
    }
});
