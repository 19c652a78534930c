//! Browser tests of SigV4 from JavaScript: `signRequest` and `AwsSigner`
//! read their arguments in one JavaScript pass (`crate/js/host.js`),
//! a binary body crossing apart. Every shape (a record or a `Headers`
//! object, a string or a binary body) must sign exactly as the Rust signer
//! does, whatever the previous call sent (the session token is sent once
//! and then marked as unchanged), and the stack, which verifies signatures,
//! must accept what they sign. Run by `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::sign::{pack_request, sign_options, sign_request};
use cognito_wasm::js::signer::JsAwsSigner;
use cognito_wasm::sigv4::{Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::encoding::uri_encode;
use cognito_wasm::wire::http::HttpRequest;
use cognito_wasm::ErrorKind;
use js_sys::{Array, Date, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2024-05-06T07:08:09Z.
const TIME_MS: f64 = 1_714_979_289_000.0;

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).expect("set");
    }
    o.into()
}

fn js_credentials(c: &SigningCredentials) -> JsValue {
    let mut pairs = vec![
        ("accessKeyId", JsValue::from_str(&c.access_key_id)),
        ("secretAccessKey", JsValue::from_str(&c.secret_access_key)),
    ];
    if let Some(t) = &c.session_token {
        pairs.push(("sessionToken", JsValue::from_str(t)));
    }
    object(&pairs)
}

fn credentials(secret: &str, token: Option<&str>) -> SigningCredentials {
    SigningCredentials {
        access_key_id: "ASIAQEXAMPLEEXAMPLE1".into(),
        secret_access_key: secret.into(),
        session_token: token.map(Into::into),
    }
}

/// A request to sign in the test cases: method, URL, headers, body.
struct Case {
    method: &'static str,
    url: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    service: &'static str,
}

const CASES: &[Case] = &[
    Case {
        method: "GET",
        url: "https://demo-bucket.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=users%2Falice%2F&delimiter=%2F",
        headers: &[],
        body: "",
        service: "s3",
    },
    Case {
        method: "put",
        url: "https://b.s3.eu-west-1.amazonaws.com/a%2fb/c+d%7e?z=1&a=%41&a=",
        // (Values without outer spaces: a `Headers` object trims them.)
        headers: &[("Content-Type", "text/plain;  charset=utf-8"), ("X-Amz-Meta-Note", "a\tb")],
        body: "caf\u{e9} body",
        service: "s3",
    },
    Case {
        method: "POST",
        url: "https://api.example.com:8443/stage/./a/../items?b=2&a=1",
        headers: &[("content-type", "application/json")],
        body: "{\"k\":1}",
        service: "execute-api",
    },
    // A method fetch sends as given, and a repeated header (as two record
    // keys, or merged by a `Headers` object): signed as the browser sends
    // them.
    Case {
        method: "patch",
        url: "https://dynamodb.eu-west-1.amazonaws.com/a%40b/",
        headers: &[("X-Rep", "1"), ("x-rep", "2  3"), ("User-Agent", "app/1")],
        body: "{}",
        service: "dynamodb",
    },
    // No header of the caller's and no payload hash header: the result
    // shapes without x-amz-content-sha256 (with and without a token).
    Case {
        method: "GET",
        url: "https://sts.eu-west-1.amazonaws.com/?Version=2011-06-15&Action=GetCallerIdentity",
        headers: &[],
        body: "",
        service: "sts",
    },
];

/// What the Rust signer returns for `case`: URL and headers (lower-case
/// names; the signer merges repeated names as the browser does).
fn expected(case: &Case, c: &SigningCredentials) -> (String, Vec<(String, String)>) {
    rust_signature(case, c, None)
}

/// What the Rust signer returns for `case`, header-signed or, with
/// `presign_expires` seconds, presigned: URL and headers (lower-case names).
fn rust_signature(
    case: &Case,
    c: &SigningCredentials,
    presign_expires: Option<u32>,
) -> (String, Vec<(String, String)>) {
    let request = HttpRequest {
        method: case.method.into(),
        url: case.url.into(),
        headers: case
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: case.body.as_bytes().to_vec(),
    };
    let params = SigningParams {
        credentials: c,
        region: "eu-west-1",
        service: case.service,
        time_ms: TIME_MS,
    };
    let options = sign_options(case.service, presign_expires.is_some());
    let signed = match presign_expires {
        None => Signer::new().sign(request, &params, &options),
        Some(seconds) => Signer::new().presign(request, &params, seconds, &options),
    }
    .expect("the Rust signer signs the case");
    let mut headers: Vec<(String, String)> = signed
        .request
        .headers
        .into_iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v))
        .collect();
    headers.sort();
    (signed.request.url, headers)
}

/// URL and sorted lower-cased headers of a `SignedRequest`.
fn parts(signed: &JsValue) -> (String, Vec<(String, String)>) {
    let headers = get(signed, "headers");
    let mut pairs: Vec<(String, String)> = Object::entries(headers.unchecked_ref())
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (
                pair.get(0).as_string().expect("name").to_ascii_lowercase(),
                pair.get(1).as_string().expect("value"),
            )
        })
        .collect();
    pairs.sort();
    (get_str(signed, "url"), pairs)
}

/// The request of `case` with its headers as a record and its body as a
/// string (`plain`), or as a `Headers` object and its body as bytes.
fn js_request(case: &Case, plain: bool) -> JsValue {
    let headers = if plain {
        object(
            &case
                .headers
                .iter()
                .map(|(n, v)| (*n, JsValue::from_str(v)))
                .collect::<Vec<_>>(),
        )
    } else {
        let h = web_sys::Headers::new().expect("Headers");
        for (n, v) in case.headers {
            h.append(n, v).expect("append");
        }
        h.into()
    };
    let body: JsValue = if plain {
        case.body.into()
    } else {
        Uint8Array::from(case.body.as_bytes()).into()
    };
    object(&[
        ("method", case.method.into()),
        ("url", case.url.into()),
        ("headers", headers),
        ("body", body),
    ])
}

fn date() -> JsValue {
    Date::new(&JsValue::from_f64(TIME_MS)).into()
}

#[wasm_bindgen_test]
fn sign_request_signs_as_the_rust_signer_across_token_changes() {
    let a = credentials("secret/A+key", Some(&"TokenA".repeat(100)));
    let b = credentials("secret/B+key", Some(&"TokenB".repeat(120)));
    let none = credentials("secret/A+key", None);
    // Token sent, then marked as unchanged, then changed, then absent,
    // then back: every signature must use the right one.
    for c in [&a, &a, &b, &b, &none, &a, &none, &b] {
        let js_c = js_credentials(c);
        for case in CASES {
            for plain in [true, false] {
                let options = object(&[
                    ("credentials", js_c.clone()),
                    ("region", "eu-west-1".into()),
                    ("service", case.service.into()),
                    ("signingDate", date()),
                ]);
                let signed = sign_request(js_request(case, plain), options)
                    .unwrap_or_else(|e| panic!("{}", describe(&e)));
                assert_eq!(
                    parts(&signed),
                    expected(case, c),
                    "{} plain={plain}",
                    case.url
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn repeated_signatures_reuse_the_derived_key() {
    // A signature whose key is not found in the cache derives it and adds
    // it (up to four): after the first, the count must not move.
    let shared = cognito_wasm::js::shared();
    shared.signer.forget_keys();
    let c = credentials("secret/A+key", Some(&"TokenA".repeat(100)));
    let options = || {
        object(&[
            ("credentials", js_credentials(&c)),
            ("region", "eu-west-1".into()),
            ("service", "s3".into()),
            ("signingDate", date()),
        ])
    };
    let signer = JsAwsSigner::new(options()).unwrap_or_else(|e| panic!("{}", describe(&e)));
    let s3 = || CASES.iter().filter(|case| case.service == "s3");
    for (case, plain) in s3()
        .chain(s3())
        .zip([true, false, true, true, false, false])
    {
        sign_request(js_request(case, plain), options())
            .unwrap_or_else(|e| panic!("{}", describe(&e)));
        signer
            .sign(js_request(case, plain), object(&[("signingDate", date())]))
            .unwrap_or_else(|e| panic!("{}", describe(&e)));
        assert_eq!(shared.signer.cached_keys(), 1, "{} plain={plain}", case.url);
    }
}

#[wasm_bindgen_test]
fn every_shape_is_read_in_one_pass() {
    // A record or a `Headers` object, a string or a binary body, a signing
    // time or none, presigned or not: all read in JavaScript, into one
    // string.
    let options = object(&[("signingDate", date())]);
    let presign = object(&[("presign", object(&[("expiresIn", 60.into())]))]);
    for case in CASES {
        for plain in [true, false] {
            for options in [&options, &presign, &JsValue::UNDEFINED] {
                assert!(
                    pack_request(&js_request(case, plain), options).is_ok(),
                    "{} plain={plain}",
                    case.url
                );
            }
        }
    }
}

/// What the Rust presigner returns for `case` (expiring in 300 s): URL and
/// headers (lower-case names).
fn expected_presigned(case: &Case, c: &SigningCredentials) -> (String, Vec<(String, String)>) {
    rust_signature(case, c, Some(300))
}

#[wasm_bindgen_test]
fn presigned_urls_are_the_rust_presigners_for_every_shape() {
    // The body counts for the services outside the S3 family (its hash is
    // signed): a binary one must cross whole.
    let c = credentials("secret/A+key", Some(&"TokenA".repeat(100)));
    let signer = JsAwsSigner::new(object(&[
        ("credentials", js_credentials(&c)),
        ("region", "eu-west-1".into()),
        ("service", "execute-api".into()),
    ]))
    .unwrap_or_else(|e| panic!("{}", describe(&e)));
    for case in CASES {
        for plain in [true, false] {
            let timing = || {
                vec![
                    ("signingDate", date()),
                    ("presign", object(&[("expiresIn", 300.into())])),
                ]
            };
            let mut pairs = timing();
            pairs.extend([
                ("credentials", js_credentials(&c)),
                ("region", "eu-west-1".into()),
                ("service", case.service.into()),
            ]);
            let signed = sign_request(js_request(case, plain), object(&pairs))
                .unwrap_or_else(|e| panic!("{}", describe(&e)));
            assert_eq!(
                parts(&signed),
                expected_presigned(case, &c),
                "{} plain={plain}",
                case.url
            );
            if case.service == "execute-api" {
                let signed = signer
                    .sign(js_request(case, plain), object(&timing()))
                    .unwrap_or_else(|e| panic!("{}", describe(&e)));
                assert_eq!(
                    parts(&signed),
                    expected_presigned(case, &c),
                    "AwsSigner {} plain={plain}",
                    case.url
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn wrong_arguments_are_refused_with_the_field_named() {
    let c = js_credentials(&credentials("secret/A+key", Some("token")));
    let options = |extra: &[(&str, JsValue)]| {
        let mut pairs = vec![
            ("credentials", c.clone()),
            ("region", "eu-west-1".into()),
            ("service", "s3".into()),
        ];
        pairs.extend(extra.iter().cloned());
        object(&pairs)
    };
    let url = || ("url", JsValue::from_str(CASES[0].url));
    for (request, options, message) in [
        (
            JsValue::from_str("https://h/"),
            options(&[]),
            "request must be an object",
        ),
        (
            object(&[url(), ("headers", 5.into())]),
            options(&[]),
            "request.headers must be an object",
        ),
        (
            object(&[url(), ("body", 5.into())]),
            options(&[]),
            "request.body must be a string, an ArrayBuffer or a typed array",
        ),
        (
            object(&[url()]),
            options(&[("presign", object(&[("expiresIn", 0.into())]))]),
            "options.presign.expiresIn must be a whole number from 1 to 604800",
        ),
        (
            object(&[url()]),
            object(&[("region", "eu-west-1".into()), ("service", "s3".into())]),
            "credentials is required",
        ),
        // Refused by the signer, in wasm.
        (
            object(&[("url", "ftp://h/x".into())]),
            options(&[]),
            "invalid URL: only http and https are supported",
        ),
        (
            object(&[url()]),
            options(&[("region", "".into())]),
            "region and service must not be empty",
        ),
    ] {
        match sign_request(request, options) {
            Ok(_) => panic!("{message}: signed"),
            Err(e) => {
                assert!(!assert_error(&e, "InvalidParameterException"), "{message}");
                assert_eq!(get_str(&e, "message"), message);
            }
        }
    }
}

#[wasm_bindgen_test]
fn a_header_named_like_an_object_key_stays_a_header() {
    // `__proto__` is a valid header name; as a plain property it would set
    // the result's prototype instead of adding a header.
    let headers = Object::new();
    let descriptor = object(&[
        ("value", "p".into()),
        ("enumerable", true.into()),
        ("writable", true.into()),
        ("configurable", true.into()),
    ]);
    Object::define_property(&headers, &"__proto__".into(), descriptor.unchecked_ref());
    let request = object(&[("url", CASES[0].url.into()), ("headers", headers.into())]);
    let c = credentials("s", None);
    let options = object(&[
        ("credentials", js_credentials(&c)),
        ("region", "eu-west-1".into()),
        ("service", "s3".into()),
        ("signingDate", date()),
    ]);
    assert!(pack_request(&request, &options).is_ok());
    let signed = sign_request(request, options).unwrap_or_else(|e| panic!("{}", describe(&e)));
    let (_, headers) = parts(&signed);
    assert!(
        headers.contains(&("__proto__".to_owned(), "p".to_owned())),
        "{headers:?}"
    );
    let authorization = &headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .expect("signed")
        .1;
    assert!(
        authorization.contains("SignedHeaders=__proto__;host;"),
        "{authorization}"
    );
}

#[wasm_bindgen_test]
fn the_session_token_header_is_the_callers_own_string() {
    let c = credentials("s", Some(&"T".repeat(700)));
    let js_c = js_credentials(&c);
    let token = Reflect::get(&js_c, &"sessionToken".into()).expect("token");
    let options = object(&[
        ("credentials", js_c.clone()),
        ("region", "eu-west-1".into()),
        ("service", "s3".into()),
    ]);
    let signed = sign_request(js_request(&CASES[0], true), options).expect("signed");
    let header = get(&get(&signed, "headers"), "x-amz-security-token");
    assert!(js_sys::Object::is(&header, &token) || header == token);
    assert_eq!(header.as_string(), c.session_token);
}

#[wasm_bindgen_test]
fn an_empty_token_header_without_a_session_token_stays_empty() {
    // Without a session token the request's own (empty)
    // x-amz-security-token header is sent as given: it must come back as
    // "", not as the missing token (undefined).
    let c = credentials("s", None);
    let signer = JsAwsSigner::new(object(&[
        ("credentials", js_credentials(&c)),
        ("region", "eu-west-1".into()),
        ("service", "s3".into()),
    ]))
    .unwrap_or_else(|e| panic!("{}", describe(&e)));
    let request = object(&[
        ("url", "https://b.s3.eu-west-1.amazonaws.com/k".into()),
        ("headers", object(&[("x-amz-security-token", "".into())])),
    ]);
    let signed = signer
        .sign(request, JsValue::UNDEFINED)
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    let header = get(&get(&signed, "headers"), "x-amz-security-token");
    assert_eq!(header.as_string().as_deref(), Some(""));
}

#[wasm_bindgen_test]
fn aws_signer_signs_as_the_rust_signer() {
    for c in [
        credentials("secret/A+key", Some(&"TokenA".repeat(100))),
        credentials("secret/B+key", None),
    ] {
        for case in CASES {
            let signer = JsAwsSigner::new(object(&[
                ("credentials", js_credentials(&c)),
                ("region", "eu-west-1".into()),
                ("service", case.service.into()),
            ]))
            .unwrap_or_else(|e| panic!("{}", describe(&e)));
            for plain in [true, false] {
                let signed = signer
                    .sign(js_request(case, plain), object(&[("signingDate", date())]))
                    .unwrap_or_else(|e| panic!("{}", describe(&e)));
                assert_eq!(
                    parts(&signed),
                    expected(case, &c),
                    "{} plain={plain}",
                    case.url
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn aws_signer_refuses_bad_options() {
    let c = js_credentials(&credentials("s", None));
    for (options, what) in [
        (
            object(&[("region", "eu-west-1".into()), ("service", "s3".into())]),
            "no credentials",
        ),
        (
            object(&[
                ("credentials", c.clone()),
                ("region", "EU_WEST".into()),
                ("service", "s3".into()),
            ]),
            "bad region",
        ),
        (
            object(&[("credentials", c.clone()), ("region", "eu-west-1".into())]),
            "no service",
        ),
        (JsValue::from_str("s3"), "not an object"),
    ] {
        match JsAwsSigner::new(options) {
            Ok(_) => panic!("{what}: accepted"),
            Err(e) => assert!(!assert_error(&e, "InvalidParameterException"), "{what}"),
        }
    }
    let signer = JsAwsSigner::new(object(&[
        ("credentials", c),
        ("region", "eu-west-1".into()),
        ("service", "s3".into()),
    ]))
    .expect("signer");
    for (request, options, what) in [
        (
            object(&[("method", "GET".into())]),
            JsValue::UNDEFINED,
            "no url",
        ),
        (
            object(&[("url", "ftp://h/x".into())]),
            JsValue::UNDEFINED,
            "not http",
        ),
        (
            object(&[("url", "https://h/\0".into())]),
            JsValue::UNDEFINED,
            "NUL in url",
        ),
        (
            object(&[
                ("url", "https://h/".into()),
                ("headers", object(&[("x-a", "a\0b".into())])),
            ]),
            JsValue::UNDEFINED,
            "NUL in a header value",
        ),
        (
            object(&[("url", "https://h/".into())]),
            JsValue::from_str("x"),
            "options not an object",
        ),
        (
            object(&[("url", "https://h/".into())]),
            object(&[(
                "signingDate",
                Date::new(&JsValue::from_f64(f64::NAN)).into(),
            )]),
            "invalid date",
        ),
    ] {
        match signer.sign(request, options) {
            Ok(_) => panic!("{what}: signed"),
            Err(e) => assert!(!assert_error(&e, "InvalidParameterException"), "{what}"),
        }
    }
}

#[wasm_bindgen_test]
async fn headers_fetch_refuses_are_errors_not_exceptions() {
    use cognito_wasm::browser::BrowserPlatform;
    use cognito_wasm::client::platform::Platform;
    let stack = stack();
    for (name, value) in [
        ("x-a", "line\nbreak"),
        ("x-a", "nul\0"),
        ("x a", "v"),
        ("x-a", "\u{2713}"),
    ] {
        let result = BrowserPlatform
            .send(HttpRequest {
                method: "GET".into(),
                url: format!("{}/{}", stack.endpoint, stack.bucket),
                headers: vec![(name.into(), value.into())],
                body: Vec::new(),
            })
            .await;
        match result {
            Ok(reply) => panic!("{name:?}: {value:?} sent ({})", reply.status),
            Err(e) => assert_eq!(
                e.kind,
                ErrorKind::InvalidParameterException,
                "{name:?}: {value:?}"
            ),
        }
    }
}

/// The body of a GET of `url` signed by `signer`, which must succeed.
async fn signed_get(signer: &JsAwsSigner, url: &str) -> String {
    let signed = signer
        .sign(object(&[("url", url.into())]), JsValue::UNDEFINED)
        .unwrap_or_else(|e| panic!("{}", describe(&e)));
    let (signed_url, headers) = parts(&signed);
    let reply = send("GET", &signed_url, headers).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.text().expect("UTF-8").to_owned()
}

#[wasm_bindgen_test]
async fn the_stack_accepts_what_aws_signer_signs() {
    let stack = stack();
    let user = user_credentials(&stack).await;
    let signer_for = |secret: Option<&str>| {
        let c = Object::assign(&Object::new(), user.unchecked_ref());
        if let Some(s) = secret {
            Reflect::set(&c, &"secretAccessKey".into(), &s.into()).expect("set");
        }
        JsAwsSigner::new(object(&[
            ("credentials", c.into()),
            ("region", JsValue::from_str(&stack.region)),
            ("service", "s3".into()),
        ]))
        .unwrap_or_else(|e| panic!("{}", describe(&e)))
    };
    let url = format!(
        "{}/{}/{}",
        stack.endpoint,
        stack.bucket,
        uri_encode("public/a b/with space.txt", true)
    );
    let signer = signer_for(None);
    assert_eq!(
        signed_get(&signer, &url).await,
        "Spaces in folder and file.\n"
    );
    // A listing with an unsorted query, signed in one pass.
    let list_url = format!(
        "{}/{}?prefix=public%2F&list-type=2&delimiter=%2F",
        stack.endpoint, stack.bucket
    );
    assert!(signed_get(&signer, &list_url)
        .await
        .contains("<Prefix>public/</Prefix>"));

    // Presigned.
    let presign = object(&[("presign", object(&[("expiresIn", 60.into())]))]);
    let signed = signer
        .sign(object(&[("url", url.clone().into())]), presign)
        .expect("presigned");
    let reply = send("GET", &get_str(&signed, "url"), vec![]).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );

    // The wrong secret is refused by the stack.
    let wrong = signer_for(Some("not-the-secret"))
        .sign(object(&[("url", url.into())]), JsValue::UNDEFINED)
        .expect("signed");
    let (signed_url, headers) = parts(&wrong);
    let reply = send("GET", &signed_url, headers).await;
    assert_eq!(reply.status, 403);
    assert!(String::from_utf8_lossy(&reply.body).contains("SignatureDoesNotMatch"));
}

#[wasm_bindgen_test]
fn a_method_fetch_does_not_upper_case_is_signed_as_given() {
    let c = credentials("secret/A+key", None);
    for plain in [true, false] {
        let request = object(&[
            ("method", "patch".into()),
            ("url", "https://dynamodb.eu-west-1.amazonaws.com/".into()),
        ]);
        let options = object(&[
            ("credentials", js_credentials(&c)),
            ("region", "eu-west-1".into()),
            ("service", "dynamodb".into()),
            ("signingDate", date()),
        ]);
        if !plain {
            Reflect::set(&request, &"body".into(), &Uint8Array::new_with_length(0)).expect("set");
        }
        let signed = sign_request(request, options).expect("signed");
        let patch = Signer::new()
            .sign(
                HttpRequest {
                    method: "patch".into(),
                    url: "https://dynamodb.eu-west-1.amazonaws.com/".into(),
                    headers: vec![],
                    body: vec![],
                },
                &SigningParams {
                    credentials: &c,
                    region: "eu-west-1",
                    service: "dynamodb",
                    time_ms: TIME_MS,
                },
                &sign_options("dynamodb", false),
            )
            .expect("signed");
        assert!(patch.canonical_request.starts_with("patch\n"));
        assert_eq!(parts(&signed).1, {
            let mut h: Vec<(String, String)> = patch.request.headers;
            h.sort();
            h
        });
    }
}

#[wasm_bindgen_test]
fn s3_family_services_sign_with_s3_rules_from_javascript() {
    let c = credentials("secret/A+key", None);
    for (service, s3_rules) in [
        ("s3", true),
        ("s3-object-lambda", true),
        ("s3-outposts", true),
        ("s3express", true),
        ("execute-api", false),
        ("appsync", false),
    ] {
        let options = object(&[
            ("credentials", js_credentials(&c)),
            ("region", "eu-west-1".into()),
            ("service", service.into()),
            ("signingDate", date()),
        ]);
        let url = "https://h.eu-west-1.amazonaws.com/a%2Fb%40c";
        let signed = sign_request(object(&[("url", url.into())]), options).expect("signed");
        let (signed_url, headers) = parts(&signed);
        let has_sha = headers.iter().any(|(n, _)| n == "x-amz-content-sha256");
        assert_eq!(has_sha, s3_rules, "{service}: x-amz-content-sha256");
        // S3 rules send the path in its canonical form (encoded once);
        // other services send it as given.
        let expected_url = if s3_rules {
            "https://h.eu-west-1.amazonaws.com/a/b%40c"
        } else {
            url
        };
        assert_eq!(signed_url, expected_url, "{service}");
    }
}

/// Whether the module's memory holds the UTF-8 of the string at `path`
/// (dot-separated) of `holder`, a JavaScript object: the string is made and
/// read in JavaScript only, so no copy of it comes from the test itself.
fn memory_holds(holder: &JsValue, path: &str) -> bool {
    let scan = js_sys::Function::new_with_args(
        "buffer, holder, path",
        "const text = path.split('.').reduce((o, k) => o[k], holder);
         const needle = new TextEncoder().encode(text);
         const memory = new Uint8Array(buffer);
         outer: for (let i = memory.indexOf(needle[0]); i !== -1 && i + needle.length <= memory.length;
                     i = memory.indexOf(needle[0], i + 1)) {
           for (let j = 1; j < needle.length; j++) if (memory[i + j] !== needle[j]) continue outer;
           return true;
         }
         return false;",
    );
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    scan.call3(&JsValue::NULL, &memory.buffer(), holder, &path.into())
        .expect("scan")
        .as_bool()
        .expect("a boolean")
}

#[wasm_bindgen_test]
fn signing_leaves_no_copy_of_the_secret_in_wasm_memory() {
    // A secret never seen before (a fresh signing key is derived from it),
    // with a session token, for each shape of the arguments: header and
    // query signing, a string and a binary body.
    let make = js_sys::Function::new_with_args(
        "presign",
        "const fresh = () => crypto.randomUUID().replace(/-/g, '');
         const options = { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'S' + fresh() + fresh(),
                                           sessionToken: 'T' + fresh() },
                           region: 'eu-west-1', service: 's3' };
         if (presign) options.presign = { expiresIn: 60 };
         return options;",
    );
    let url = || {
        (
            "url",
            JsValue::from_str("https://b.s3.eu-west-1.amazonaws.com/k"),
        )
    };
    for (request, presign) in [
        (object(&[url()]), false),
        (
            object(&[
                url(),
                ("headers", web_sys::Headers::new().expect("Headers").into()),
                ("body", Uint8Array::from(&b"bytes"[..]).into()),
            ]),
            false,
        ),
        (object(&[url(), ("body", "text".into())]), true),
    ] {
        let options = make
            .call1(&JsValue::NULL, &presign.into())
            .expect("options");
        let signed = sign_request(request, options.clone()).expect("signed");
        if presign {
            assert!(get_str(&signed, "url").contains("X-Amz-Signature="));
        } else {
            assert!(
                get_str(&get(&signed, "headers"), "authorization").starts_with("AWS4-HMAC-SHA256 ")
            );
        }
        assert!(
            !memory_holds(&options, "credentials.secretAccessKey"),
            "a copy of the secret access key is left in wasm memory (presign: {presign})"
        );
    }
    // An AwsSigner keeps the secret while it lives (it signs with it), and
    // leaves no copy once freed: made and freed at once, and after signing.
    for sign in [false, true] {
        let options = make.call1(&JsValue::NULL, &false.into()).expect("options");
        let signer =
            JsAwsSigner::new(options.clone()).unwrap_or_else(|e| panic!("{}", describe(&e)));
        if sign {
            signer
                .sign(object(&[url()]), JsValue::UNDEFINED)
                .expect("signed");
        }
        drop(signer);
        assert!(
            !memory_holds(&options, "credentials.secretAccessKey"),
            "a copy of the secret access key is left in wasm memory (AwsSigner, sign: {sign})"
        );
    }
}
