//! Reply fixtures that both wire backends must read alike: the Rust parsers of
//! native builds (`cargo test`, `crate/tests/wire_backends.rs`) and the
//! JavaScript engine's `JSON.parse` and `Date` of the browser build
//! (`scripts/test-browser`, `crate/tests/browser_wire.rs`), each against the
//! same expected results, written down from the Rust parsers (today's
//! semantics). A case that one side reads differently fails that side's test.
//!
//! Results are written as text: a JSON value with numbers as Rust's `{:?}`
//! of the `f64` (exact: `-0.0`, `inf`, every digit that round-trips) and
//! strings as `{:?}`; an object's members each key once with its last value,
//! sorted by key (what `Value::get` reads; the browser's `JSON.parse` keeps
//! one member per key and puts integer-like keys first); an error as
//! `error:<name>`. An expected `error:<name>:depth` also asks that the
//! message say it was nested too deeply (the depth limit on valid JSON; text
//! both deep and malformed may be refused for either reason).
#![allow(dead_code)]

use cognito_wasm::cognito::identity::parse_credentials;
use cognito_wasm::wire::dates::{parse_http_date, parse_iso8601};
use cognito_wasm::wire::http::HttpResponse;
use cognito_wasm::wire::json::{self, Value};
use cognito_wasm::CognitoError;

/// JSON text (bytes: some are not UTF-8) and what reading it gives.
pub const JSON: &[(&str, &[u8], &str)] = &[
    // Valid replies.
    ("empty object", b"{}", "{}"),
    ("whitespace around", b" \t\r\n{ } \n", "{}"),
    (
        "InitiateAuth reply",
        br#"{"AuthenticationResult":{"AccessToken":"eyJ.a.b","ExpiresIn":3600,"IdToken":"eyJ.c.d","RefreshToken":"r","TokenType":"Bearer"},"ChallengeParameters":{}}"#,
        r#"{"AuthenticationResult":{"AccessToken":"eyJ.a.b","ExpiresIn":3600.0,"IdToken":"eyJ.c.d","RefreshToken":"r","TokenType":"Bearer"},"ChallengeParameters":{}}"#,
    ),
    (
        "challenge reply",
        br#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1","SRP_B":"ff","SECRET_BLOCK":"c2Vj","USER_ID_FOR_SRP":"u","userAttributes":"{\"email\":\"a@b.c\"}"},"Session":null}"#,
        r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1","SECRET_BLOCK":"c2Vj","SRP_B":"ff","USER_ID_FOR_SRP":"u","userAttributes":"{\"email\":\"a@b.c\"}"},"Session":null}"#,
    ),
    (
        "GetCredentialsForIdentity reply, epoch float",
        br#"{"Credentials":{"AccessKeyId":"ASIA","Expiration":1.7649012345678E9,"SecretKey":"s","SessionToken":"t"},"IdentityId":"us-east-1:1"}"#,
        r#"{"Credentials":{"AccessKeyId":"ASIA","Expiration":1764901234.5678,"SecretKey":"s","SessionToken":"t"},"IdentityId":"us-east-1:1"}"#,
    ),
    (
        "error reply",
        br#"{"__type":"com.amazonaws.cognito#NotAuthorizedException","message":"Incorrect username or password."}"#,
        r#"{"__type":"com.amazonaws.cognito#NotAuthorizedException","message":"Incorrect username or password."}"#,
    ),
    ("every literal", b"[true,false,null]", "[true,false,null]"),
    ("array of arrays", b"[[],[[]],{}]", "[[],[[]],{}]"),
    // Numbers.
    ("zero", b"0", "0.0"),
    ("negative zero", b"-0", "-0.0"),
    ("negative zero with exponent", b"-0.0e-0", "-0.0"),
    ("integer", b"1764901234", "1764901234.0"),
    ("epoch ms", b"1764901234567", "1764901234567.0"),
    ("epoch float", b"1764901234.567", "1764901234.567"),
    ("largest safe integer", b"9007199254740991", "9007199254740991.0"),
    ("2^53 + 1 rounds to even", b"9007199254740993", "9007199254740992.0"),
    ("30 digits", b"123456789012345678901234567890", "1.2345678901234568e29"),
    ("one tenth", b"0.1", "0.1"),
    ("sum that is not 0.3", b"0.30000000000000004", "0.30000000000000004"),
    ("halfway to the next double", b"1.00000000000000011102230246251565404236316680908203125", "1.0"),
    ("just above halfway", b"1.00000000000000011102230246251565404236316680908203126", "1.0000000000000002"),
    ("exponent forms", b"[1E5,1e+5,2.5e-3,-7e0]", "[100000.0,100000.0,0.0025,-7.0]"),
    ("tiny", b"1e-7", "1e-7"),
    ("smallest subnormal", b"5e-324", "5e-324"),
    ("below the smallest subnormal", b"2e-324", "0.0"),
    ("largest double", b"1.7976931348623157e308", "1.7976931348623157e308"),
    ("huge: infinity", b"1e400", "inf"),
    ("huge negative: minus infinity", b"-1e400", "-inf"),
    ("400 digits", b"1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "inf"),
    // Strings.
    ("escapes", br#""a\"b\\c\/d\b\f\n\r\t""#, r#""a\"b\\c/d\u{8}\u{c}\n\r\t""#),
    ("unicode escapes", br#""\u00e9\u2713\u0000\uFFFF""#, r#""é✓\0\u{ffff}""#),
    ("surrogate pair escape", br#""\ud83d\ude00\uD83D\uDE00""#, r#""😀😀""#),
    ("raw UTF-8", "\"日本語 😀 \u{2028}\u{7f}\"".as_bytes(), r#""日本語 😀 \u{2028}\u{7f}""#),
    ("key with escapes", br#"{"k\u0065y\n":1}"#, r#"{"key\n":1.0}"#),
    ("empty key", br#"{"":1}"#, r#"{"":1.0}"#),
    ("__proto__ key", br#"{"__proto__":{"a":1}}"#, r#"{"__proto__":{"a":1.0}}"#),
    // Duplicate keys: the last one is read.
    ("duplicate keys", br#"{"a":1,"b":2,"a":3}"#, r#"{"a":3.0,"b":2.0}"#),
    ("duplicate keys, nested", br#"{"x":{"a":1},"x":{"b":[1,{"c":1,"c":"2"}]}}"#, r#"{"x":{"b":[1.0,{"c":"2"}]}}"#),
    ("integer-like keys", br#"{"b":1,"2":2,"1":3,"10":4}"#, r#"{"1":3.0,"10":4.0,"2":2.0,"b":1.0}"#),
    // Malformed: truncated.
    ("empty", b"", "error:InvalidResponse"),
    ("only whitespace", b" \n", "error:InvalidResponse"),
    ("truncated reply", br#"{"AuthenticationResult":{"AccessToken":"eyJ"#, "error:InvalidResponse"),
    ("truncated after a key", br#"{"a""#, "error:InvalidResponse"),
    ("truncated after a colon", br#"{"a":"#, "error:InvalidResponse"),
    ("truncated array", b"[1,2", "error:InvalidResponse"),
    ("truncated literal", b"nul", "error:InvalidResponse"),
    ("truncated escape", br#""\"#, "error:InvalidResponse"),
    ("truncated unicode escape", br#""\u12""#, "error:InvalidResponse"),
    ("truncated number", b"-", "error:InvalidResponse"),
    // Malformed: grammar.
    ("trailing comma in array", b"[1,]", "error:InvalidResponse"),
    ("trailing comma in object", br#"{"a":1,}"#, "error:InvalidResponse"),
    ("missing colon", br#"{"a" 1}"#, "error:InvalidResponse"),
    ("number key", b"{1:2}", "error:InvalidResponse"),
    ("single quotes", b"'a'", "error:InvalidResponse"),
    ("two values", b"[1] 2", "error:InvalidResponse"),
    ("two literals", b"true false", "error:InvalidResponse"),
    ("closing brace too many", br#"{"a":1}}"#, "error:InvalidResponse"),
    ("leading zero", b"01", "error:InvalidResponse"),
    ("bare fraction point", b"1.", "error:InvalidResponse"),
    ("leading point", b".5", "error:InvalidResponse"),
    ("bare exponent", b"1e", "error:InvalidResponse"),
    ("plus sign", b"+1", "error:InvalidResponse"),
    ("hex number", b"0x10", "error:InvalidResponse"),
    ("NaN", b"NaN", "error:InvalidResponse"),
    ("Infinity", b"Infinity", "error:InvalidResponse"),
    ("unknown escape", br#""\x""#, "error:InvalidResponse"),
    ("raw newline in a string", b"\"a\nb\"", "error:InvalidResponse"),
    ("raw tab in a string", b"\"a\tb\"", "error:InvalidResponse"),
    ("byte order mark", "\u{feff}{}".as_bytes(), "error:InvalidResponse"),
    ("no-break space around", "\u{a0}{}".as_bytes(), "error:InvalidResponse"),
    ("vertical tab around", b"\x0b{}", "error:InvalidResponse"),
    ("comment", b"{} // c", "error:InvalidResponse"),
    // Malformed: lone surrogates (JSON.parse alone accepts them).
    ("lone high surrogate", br#""\ud800""#, "error:InvalidResponse"),
    ("lone low surrogate", br#""\udc00""#, "error:InvalidResponse"),
    ("high surrogate then a letter", br#""\ud800\u0041""#, "error:InvalidResponse"),
    ("surrogates in the wrong order", br#""\udc00\ud800""#, "error:InvalidResponse"),
    ("lone surrogate at the end", br#""ok \ud83d""#, "error:InvalidResponse"),
    ("lone surrogate in a key", br#"{"\udfff":1}"#, "error:InvalidResponse"),
    ("lone surrogate deep inside", br#"{"a":[{"b":"\uDBFF"}]}"#, "error:InvalidResponse"),
    ("escaped backslash then ud800: no escape", br#""\\ud800""#, r#""\\ud800""#),
    // Not UTF-8 (refused before any parser runs).
    ("invalid UTF-8 in a string", b"{\"a\":\"\xff\"}", "error:InvalidResponse"),
    ("UTF-8 of a surrogate", b"\"\xed\xa0\x80\"", "error:InvalidResponse"),
    ("truncated UTF-8", b"\"\xe6\x97\"", "error:InvalidResponse"),
    ("Latin-1 text", b"{\"name\":\"Jos\xe9\"}", "error:InvalidResponse"),
];

/// The nesting cases, built at run time: 128 deep is read, 129 is refused,
/// and 100,000 deep (balanced or cut short) is refused without recursing
/// through it.
pub fn deep_json() -> Vec<(String, Vec<u8>, String)> {
    let arrays = |n: usize| "[".repeat(n) + &"]".repeat(n);
    let objects = |n: usize| "{\"a\":".repeat(n - 1) + "{}" + &"}".repeat(n - 1);
    let objects_128 = "{\"a\":".repeat(127) + "{}" + &"}".repeat(127);
    [
        ("128 arrays deep", arrays(128), arrays(128)),
        (
            "129 arrays deep",
            arrays(129),
            "error:InvalidResponse:depth".into(),
        ),
        ("128 objects deep", objects(128), objects_128),
        (
            "129 objects deep",
            objects(129),
            "error:InvalidResponse:depth".into(),
        ),
        (
            "100,000 arrays deep",
            arrays(100_000),
            "error:InvalidResponse".into(),
        ),
        (
            "100,000 open arrays",
            "[".repeat(100_000),
            "error:InvalidResponse".into(),
        ),
        (
            "100,000 open objects",
            "{\"a\":".repeat(100_000),
            "error:InvalidResponse".into(),
        ),
    ]
    .into_iter()
    .map(|(name, text, expected)| (name.to_owned(), text.into_bytes(), expected))
    .collect()
}

/// `json::parse_number` (a number inside a string): text and its value.
pub const NUMBER: &[(&str, &str)] = &[
    ("1764901234", "Some(1764901234.0)"),
    ("1764901234.5678", "Some(1764901234.5678)"),
    ("-1.5e3", "Some(-1500.0)"),
    ("-0", "Some(-0.0)"),
    ("1e400", "Some(inf)"),
    ("9007199254740993", "Some(9007199254740992.0)"),
    ("", "None"),
    (" 1", "None"),
    ("1 ", "None"),
    ("+1", "None"),
    ("1.", "None"),
    (".5", "None"),
    ("01", "None"),
    ("Infinity", "None"),
    ("NaN", "None"),
    ("1e", "None"),
    ("0x10", "None"),
    ("2024-01-01", "None"),
    ("1_000", "None"),
    ("١٢", "None"),
];

/// ISO 8601 timestamps (S3, STS, older emulators' `Expiration`) and their Unix ms.
pub const ISO8601: &[(&str, &str)] = &[
    ("2009-10-12T17:50:30.000Z", "Some(1255369830000.0)"),
    ("2009-10-12T17:50:30.5Z", "Some(1255369830500.0)"),
    ("2009-10-12T17:50:30.123456789Z", "Some(1255369830123.0)"),
    ("2009-10-12t17:50:30z", "Some(1255369830000.0)"),
    ("2009-10-12T19:50:30+02:00", "Some(1255369830000.0)"),
    ("2009-10-12T15:20:30-02:30", "Some(1255369830000.0)"),
    ("2009-10-12T17:50:30.25+23:59", "Some(1255283490250.0)"),
    ("  2009-10-12T17:50:30Z \n", "Some(1255369830000.0)"),
    ("2016-12-31T23:59:60Z", "Some(1483228799000.0)"),
    ("2000-02-29T00:00:00Z", "Some(951782400000.0)"),
    ("1970-01-01T00:00:00Z", "Some(0.0)"),
    ("1969-12-31T23:59:59Z", "Some(-1000.0)"),
    ("0000-01-01T00:00:00Z", "Some(-62167219200000.0)"),
    ("0050-06-01T00:00:00Z", "Some(-60576249600000.0)"),
    ("9999-12-31T23:59:59.999Z", "Some(253402300799999.0)"),
    ("", "None"),
    ("2009-10-12", "None"),
    ("2009-13-12T17:50:30Z", "None"),
    ("2009-00-12T17:50:30Z", "None"),
    ("2009-02-29T17:50:30Z", "None"),
    ("1900-02-29T17:50:30Z", "None"),
    ("2009-04-31T17:50:30Z", "None"),
    ("2009-10-00T17:50:30Z", "None"),
    ("2009-10-12T24:00:00Z", "None"),
    ("2009-10-12T17:60:30Z", "None"),
    ("2009-10-12T17:50:61Z", "None"),
    ("2009-10-12T17:50:30", "None"),
    ("2009-10-12T17:50:30.Z", "None"),
    ("2009-10-12T17:50:30.1234567890Z", "None"),
    ("2009-10-12T17:50:30+2:00", "None"),
    ("2009-10-12T17:50:30+24:00", "None"),
    ("2009-10-12T17:50:30+02:60", "None"),
    ("2009-10-12T17:50:30+0200", "None"),
    ("2009-10-12T17:50:30+02:00Z", "None"),
    ("2009-10-12 17:50:30Z", "None"),
    ("09-10-12T17:50:30Z", "None"),
    ("+2009-10-12T17:50:30Z", "None"),
    ("2009-10-12T17:50:30.00xZ", "None"),
    ("2009-1O-12T17:50:30Z", "None"),
    ("２００９-10-12T17:50:30Z", "None"),
    ("\u{feff}2009-10-12T17:50:30Z", "None"),
    ("2009-10-12T17:50:30Z\u{85}", "Some(1255369830000.0)"),
    ("Mon, 12 Oct 2009 17:50:30 GMT", "None"),
];

/// HTTP `Date` headers (the clock offset is learned from them) and their Unix ms.
pub const HTTP_DATE: &[(&str, &str)] = &[
    ("Sun, 06 Nov 1994 08:49:37 GMT", "Some(784111777000.0)"),
    ("Thu, 26 Nov 2026 04:57:53 GMT", "Some(1795669073000.0)"),
    ("Thu, 26 Nov 2026 04:57:53 UTC", "Some(1795669073000.0)"),
    ("Xyz, 26 Nov 2026 04:57:53 GMT", "Some(1795669073000.0)"),
    ("26 Nov 2026 04:57:53 GMT", "Some(1795669073000.0)"),
    ("Thu, 6 nov 2026 04:57:53 GMT", "Some(1793941073000.0)"),
    (
        "Thu,\t26  NOV 2026\r\n04:57:53 GMT ",
        "Some(1795669073000.0)",
    ),
    ("Sat, 31 Dec 2016 23:59:60 GMT", "Some(1483228799000.0)"),
    ("Tue, 29 Feb 2000 00:00:00 GMT", "Some(951782400000.0)"),
    ("Sat, 01 Jan 0050 00:00:00 GMT", "Some(-60589296000000.0)"),
    ("Sun, 06 Nov 1994 08:49:37 PST", "None"),
    ("Sun, 06 Nov 1994 08:49:37 gmt", "None"),
    ("Sun, 31 Nov 1994 08:49:37 GMT", "None"),
    ("Sun, 00 Nov 1994 08:49:37 GMT", "None"),
    ("Sun, 006 Nov 1994 08:49:37 GMT", "None"),
    ("Sun, 29 Feb 1900 08:49:37 GMT", "None"),
    ("Sun, 06 Nov 94 08:49:37 GMT", "None"),
    ("Sun, 06 Nov 1994 8:49:37 GMT", "None"),
    ("Sun, 06 Nov 1994 08:49 GMT", "None"),
    ("Sun, 06 Nov 1994 24:00:00 GMT", "None"),
    ("Sun, 06 Nov 1994 08:49:37 GMT extra", "None"),
    ("Sun, 06 Nov, 1994 08:49:37 GMT", "None"),
    ("Sun, 06 November 1994 08:49:37 GMT", "None"),
    ("Sun, 06 anf 1994 08:49:37 GMT", "None"),
    ("Sun, 06 Nov 1994\u{a0}08:49:37 GMT", "None"),
    ("Sun, 06 Nov 1994\u{b}08:49:37 GMT", "None"),
    ("Sunday, 06-Nov-94 08:49:37 GMT", "None"),
    ("Sun Nov  6 08:49:37 1994", "None"),
    ("2026-11-26T04:57:53Z", "None"),
    ("garbage", "None"),
    ("", "None"),
];

/// GetCredentialsForIdentity replies (status, body) and what the client reads:
/// the Expiration as epoch ms and the identity id, or the error's name.
pub const CREDENTIALS: &[(&str, u16, &[u8], &str)] = &[
    ("epoch seconds", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":1764901234},"IdentityId":"us-east-1:1"}"#, "1764901234000.0 us-east-1:1"),
    ("fractional epoch seconds", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":1.7649012345678E9}}"#, "1764901234567.8 requested"),
    ("number in a string", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":" 1764901234.5 "}}"#, "1764901234500.0 requested"),
    ("ISO 8601 string", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":"2025-12-05T02:20:34Z"}}"#, "1764901234000.0 requested"),
    ("ISO 8601 string with an offset", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":"2025-12-05T04:20:34.5+02:00"}}"#, "1764901234500.0 requested"),
    ("duplicate Expiration: the last", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":1,"Expiration":1764901234}}"#, "1764901234000.0 requested"),
    ("Expiration not a date", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":"tomorrow"}}"#, "error:InvalidResponse"),
    ("Expiration an object", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":{}}}"#, "error:InvalidResponse"),
    ("Expiration infinite", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":1e400}}"#, "error:InvalidResponse"),
    ("Expiration negative zero", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","SessionToken":"T","Expiration":-0}}"#, "error:InvalidResponse"),
    ("SecretKey a number", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":1,"SessionToken":"T","Expiration":1764901234}}"#, "error:InvalidResponse"),
    ("Credentials an array", 200, br#"{"Credentials":[]}"#, "error:InvalidResponse"),
    ("reply an array", 200, br#"[{"Credentials":{}}]"#, "error:InvalidResponse"),
    ("reply a string", 200, br#""{}""#, "error:InvalidResponse"),
    ("reply cut short", 200, br#"{"Credentials":{"AccessKeyId":"A","SecretKey":"S","Sess"#, "error:InvalidResponse"),
    ("reply with a lone surrogate", 200, br#"{"Credentials":{"AccessKeyId":"\ud800","SecretKey":"S","SessionToken":"T","Expiration":1764901234}}"#, "error:InvalidResponse"),
    ("reply not UTF-8", 200, b"{\"Credentials\":{\"AccessKeyId\":\"\xc3\x28\",\"SecretKey\":\"S\",\"SessionToken\":\"T\",\"Expiration\":1764901234}}", "error:InvalidResponse"),
    ("error reply", 400, br#"{"__type":"com.amazonaws.cognito.identity#NotAuthorizedException","message":"Invalid login token."}"#, "error:NotAuthorizedException"),
    ("error reply, duplicate __type: the last", 400, br#"{"__type":"ResourceNotFoundException","__type":"TooManyRequestsException"}"#, "error:TooManyRequestsException"),
    ("error reply not JSON", 400, b"<html>Bad Request</html>", "error:UnknownError"),
    ("error reply cut short", 500, br#"{"__type":"InternalErrorExc"#, "error:InternalErrorException"),
];

/// A [`Value`] as the fixtures write it (see the module documentation).
pub fn canonical(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("{n:?}"),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", items.join(","))
        }
        Value::Object(pairs) => {
            let mut keys: Vec<&String> = pairs.iter().map(|(k, _)| k).collect();
            keys.sort();
            keys.dedup();
            let members: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{k:?}:{}", value.get(k).map(canonical).unwrap_or_default()))
                .collect();
            format!("{{{}}}", members.join(","))
        }
    }
}

fn error(e: &CognitoError) -> String {
    let depth = if e.message.contains("nested too deeply") {
        ":depth"
    } else {
        ""
    };
    format!("error:{}{depth}", e.name())
}

/// What reading `bytes` as a reply's JSON gives: the body's text (not UTF-8:
/// the reply's error), then `json::parse`.
pub fn read_json(bytes: &[u8]) -> String {
    let response = HttpResponse {
        status: 200,
        headers: Vec::new(),
        body: bytes.to_vec(),
    };
    match response.text().and_then(json::parse) {
        Ok(value) => canonical(&value),
        Err(e) => error(&e),
    }
}

/// What the client reads from a GetCredentialsForIdentity reply.
pub fn read_credentials(status: u16, body: &[u8]) -> String {
    let response = HttpResponse {
        status,
        headers: Vec::new(),
        body: body.to_vec(),
    };
    match parse_credentials(&response, "requested") {
        Ok(c) => format!("{:?} {}", c.expiration_ms, c.identity_id),
        Err(e) => error(&e),
    }
}

/// Every fixture whose result differs from the expected one, as
/// `kind "case": got …, expected …` (empty: all agree).
pub fn disagreements() -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |kind: &str, case: &str, got: String, expected: &str| {
        // `:depth` is checked only where the fixture asks for it.
        let got = if expected.ends_with(":depth") {
            got
        } else {
            got.replace(":depth", "")
        };
        if got != expected {
            let case: String = case.chars().take(60).collect();
            let got: String = got.chars().take(200).collect();
            let expected: String = expected.chars().take(200).collect();
            out.push(format!("{kind} {case:?}: got {got}, expected {expected}"));
        }
    };
    for (name, bytes, expected) in JSON {
        check("json", name, read_json(bytes), expected);
    }
    for (name, bytes, expected) in deep_json() {
        check("json", &name, read_json(&bytes), &expected);
    }
    for (text, expected) in NUMBER {
        check(
            "number",
            text,
            format!("{:?}", json::parse_number(text)),
            expected,
        );
    }
    for (text, expected) in ISO8601 {
        check(
            "iso8601",
            text,
            format!("{:?}", parse_iso8601(text)),
            expected,
        );
    }
    for (text, expected) in HTTP_DATE {
        check(
            "http-date",
            text,
            format!("{:?}", parse_http_date(text)),
            expected,
        );
    }
    for (name, status, body, expected) in CREDENTIALS {
        check(
            "credentials",
            name,
            read_credentials(*status, body),
            expected,
        );
    }
    out
}

/// How many fixtures [`disagreements`] checks.
pub fn count() -> usize {
    JSON.len()
        + deep_json().len()
        + NUMBER.len()
        + ISO8601.len()
        + HTTP_DATE.len()
        + CREDENTIALS.len()
}
