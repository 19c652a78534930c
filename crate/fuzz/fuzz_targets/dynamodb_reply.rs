//! DynamoDB replies (`dynamodb::reply_json`, `dynamodb::error_of`,
//! `dynamodb::shapes::reply_to_plain`) of any status, headers and body
//! (format in src/lib.rs), and every value in a JSON body as an
//! AttributeValue (`marshal::from_attribute`, `map_from_attributes`) and as
//! ordinary JSON (`marshal::from_json`), with every number read through
//! `marshal::number_kind`: a value or a CognitoError with a name, without a
//! panic, and:
//! - an error has a name; HTTP 429 is retryable; a 2xx reply is an object
//!   whose plain form is a map with camelCase names;
//! - a malformed AttributeValue is an `InvalidResponse`; one that is read
//!   and can be written again (decimal numbers, non-empty sets) writes to
//!   JSON text that reads back to the same plain value;
//! - ordinary JSON with finite numbers goes to a plain value and back
//!   unchanged (`to_json`);
//! - how a number reaches JavaScript depends on its value, not its
//!   spelling (`0.5`, `.5`, `0.5e0`), and a `BigInt`'s digits are a sign
//!   and digits without leading zeros.
#![no_main]
use cognito_wasm::dynamodb::marshal::{self, is_number, number_kind, NumberKind, Plain};
use cognito_wasm::dynamodb::{self, shapes};
use cognito_wasm::wire::json::{self, Value};
use cognito_wasm_fuzz::{all_finite, walk};

/// The number texts in a plain value.
fn numbers<'p>(plain: &'p Plain, out: &mut Vec<&'p str>) {
    match plain {
        Plain::Number(n) => out.push(n),
        Plain::NumberSet(set) => out.extend(set.iter().map(String::as_str)),
        Plain::List(items) => items.iter().for_each(|p| numbers(p, out)),
        Plain::Map(pairs) => pairs.iter().for_each(|(_, p)| numbers(p, out)),
        _ => {}
    }
}

/// Whether `to_attribute` can write the value: decimal numbers, no empty set.
fn writable(plain: &Plain) -> bool {
    match plain {
        Plain::Number(n) => is_number(n),
        Plain::NumberSet(set) => !set.is_empty() && set.iter().all(|n| is_number(n)),
        Plain::StringSet(set) => !set.is_empty(),
        Plain::BinarySet(set) => !set.is_empty(),
        Plain::List(items) => items.iter().all(writable),
        Plain::Map(pairs) => pairs.iter().all(|(_, p)| writable(p)),
        _ => true,
    }
}

fn same_kind(a: &NumberKind, b: &NumberKind) -> bool {
    match (a, b) {
        // 0 and -0 are one value.
        (NumberKind::Exact(x), NumberKind::Exact(y)) => x == y,
        _ => a == b,
    }
}

fn check_number(text: &str) {
    let kind = number_kind(text);
    match &kind {
        NumberKind::Exact(f) => {
            assert!(f.is_finite(), "an exact number is finite");
            assert!(is_number(text), "an exact number is a number");
        }
        NumberKind::Integer(digits) => {
            assert!(is_number(text), "a BigInt is a number");
            let unsigned = digits.strip_prefix('-').unwrap_or(digits);
            assert!(
                !unsigned.is_empty()
                    && unsigned.bytes().all(|b| b.is_ascii_digit())
                    && !unsigned.starts_with('0'),
                "a BigInt is a sign and digits: {text:?} gave {digits:?}"
            );
        }
        NumberKind::Decimal => {}
    }
    if !is_number(text) || text.len() > 64 {
        return;
    }
    // The same value spelled otherwise.
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let sign = &text[..text.len() - unsigned.len()];
    let mut others = vec![format!("{sign}0{unsigned}")];
    if !text.contains(['e', 'E']) {
        others.push(format!("{text}e0"));
        if !text.contains('.') {
            others.push(format!("{text}.0"));
        }
    }
    for other in others {
        assert!(
            same_kind(&kind, &number_kind(&other)),
            "{text:?} and {other:?} reach JavaScript alike"
        );
    }
}

fn check_attribute(value: &Value) {
    match marshal::from_attribute(value) {
        Ok(plain) => {
            let mut texts = Vec::new();
            numbers(&plain, &mut texts);
            texts.into_iter().for_each(check_number);
            match marshal::to_attribute(&plain) {
                Ok(wire) => {
                    let text = wire.to_string();
                    let again = json::parse(&text).expect("a written AttributeValue is JSON");
                    let read = marshal::from_attribute(&again).expect("it reads back");
                    assert_eq!(read, plain, "an AttributeValue reads back the same");
                }
                Err(e) => {
                    assert!(!writable(&plain), "a writable value is written");
                    assert_eq!(e.name(), "InvalidParameterException");
                }
            }
        }
        Err(e) => assert_eq!(e.name(), "InvalidResponse"),
    }
    match marshal::map_from_attributes(value) {
        Ok(plain) => assert!(matches!(plain, Plain::Map(_)), "an item is a map"),
        Err(e) => assert_eq!(e.name(), "InvalidResponse"),
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let response = cognito_wasm_fuzz::response(data);
    let error = dynamodb::error_of(&response);
    assert!(!error.name().is_empty(), "an error has a name");
    if response.status == 429 {
        assert!(error.retryable, "HTTP 429 is retried");
    }
    match dynamodb::reply_json(&response, "Query") {
        Ok(reply) => {
            let members = reply.as_object().expect("a reply is an object");
            match shapes::reply_to_plain(&reply) {
                Ok(Plain::Map(plain)) => {
                    assert!(plain.len() <= members.len(), "one name per member");
                    for (name, _) in &plain {
                        assert!(
                            !name.starts_with(|c: char| c.is_ascii_uppercase()),
                            "names are camelCase"
                        );
                    }
                }
                Ok(_) => panic!("a plain reply is a map"),
                Err(e) => assert_eq!(e.name(), "InvalidResponse"),
            }
        }
        Err(e) => assert!(!e.name().is_empty(), "an error has a name"),
    }

    let Ok(text) = std::str::from_utf8(&response.body) else {
        return;
    };
    let Ok(value) = json::parse(text) else {
        return;
    };
    walk(&value, &mut check_attribute);
    let plain = marshal::from_json(&value);
    let mut texts = Vec::new();
    numbers(&plain, &mut texts);
    texts.into_iter().for_each(check_number);
    if all_finite(&value) {
        let back = marshal::to_json(&plain).expect("plain JSON goes back");
        assert_eq!(back, value, "JSON to plain and back is the same");
    }
});
