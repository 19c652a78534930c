//! Browser tests of the signing exports (`signRequest`, `awsFetch`) against
//! the local stack's S3, with credentials from the identity pool. Run by
//! `scripts/test-browser`. The package's S3 calls over them (`listObjects`,
//! `getObject`, …) are JavaScript, tested end to end (tests/e2e/s3-*.mjs).
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::fetch::{aws_fetch, infer_region_service};
use cognito_wasm::js::sign::sign_request;
use cognito_wasm::wire::encoding::uri_encode;
use cognito_wasm::wire::http::HttpResponse;
use js_sys::{Array, Date, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const README: &str = "public/readme.txt";
const SPACED: &str = "public/a b/with space.txt";
const SPACED_BODY: &str = "Spaces in folder and file.\n";
const UNICODE: &str = "public/unicode/h\u{e9}llo w\u{f6}rld \u{2713}.txt";
const UNICODE_BODY: &str = "Unicode: h\u{e9}llo w\u{f6}rld \u{2713}\n";

/// A fresh plain object with `pairs` set.
fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).expect("set");
    }
    o.into()
}

/// The path-style URL of `key` in the stack's bucket.
fn object_url(stack: &Stack, key: &str) -> String {
    format!(
        "{}/{}/{}",
        stack.endpoint,
        stack.bucket,
        uri_encode(key, true)
    )
}

/// Checks that `reply` is a 200 (showing the body otherwise) with `body`.
fn assert_ok_with_body(reply: &HttpResponse, body: &str) {
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.text().expect("UTF-8"), body);
}

fn signed_headers(signed: &JsValue) -> Vec<(String, String)> {
    let headers = get(signed, "headers");
    Object::entries(headers.unchecked_ref())
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn sign_request_output_is_accepted() {
    let stack = stack();
    let credentials = user_credentials(&stack).await;
    let request = object(&[
        ("method", "GET".into()),
        ("url", object_url(&stack, SPACED).into()),
    ]);
    let options = |extra: &[(&str, JsValue)]| {
        let mut pairs = vec![
            ("credentials", credentials.clone()),
            ("region", JsValue::from_str(&stack.region)),
            ("service", JsValue::from_str("s3")),
        ];
        pairs.extend(extra.iter().cloned());
        object(&pairs)
    };
    let signed =
        sign_request(request.clone(), options(&[])).unwrap_or_else(|e| panic!("{}", describe(&e)));
    let headers = signed_headers(&signed);
    for name in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        assert!(headers.iter().any(|(n, _)| n == name), "{name} missing");
    }
    assert!(headers.iter().all(|(n, _)| n != "host"));
    let reply = send("GET", &get_str(&signed, "url"), headers).await;
    assert_ok_with_body(&reply, SPACED_BODY);

    // A fixed signing date gives the same signature every time.
    let date = JsValue::from(Date::new(&JsValue::from_f64(Date::now() - 1_000.0)));
    let a =
        sign_request(request.clone(), options(&[("signingDate", date.clone())])).expect("signed");
    let b = sign_request(request.clone(), options(&[("signingDate", date)])).expect("signed");
    assert_eq!(
        get(&get(&a, "headers"), "authorization"),
        get(&get(&b, "headers"), "authorization")
    );
    // A date far from the server's clock is refused by the stack. (Another
    // object: the browser's HTTP cache may answer a URL it fetched before.)
    let stale = JsValue::from(Date::new(&JsValue::from_f64(Date::now() - 3_600_000.0)));
    let guide = object(&[("url", object_url(&stack, "public/docs/guide.txt").into())]);
    let old = sign_request(guide, options(&[("signingDate", stale)])).expect("signed");
    let reply = send("GET", &get_str(&old, "url"), signed_headers(&old)).await;
    assert_eq!(reply.status, 403);
    assert!(String::from_utf8_lossy(&reply.body).contains("RequestTimeTooSkewed"));

    // Bad arguments are refused.
    let no_url = object(&[("method", "GET".into())]);
    match sign_request(no_url, options(&[])) {
        Ok(_) => panic!("request without url signed"),
        Err(e) => assert_error(&e, "InvalidParameterException"),
    };
    let no_service = object(&[
        ("credentials", credentials.clone()),
        ("region", JsValue::from_str(&stack.region)),
    ]);
    let request = object(&[("url", object_url(&stack, SPACED).into())]);
    match sign_request(request, no_service) {
        Ok(_) => panic!("no service accepted"),
        Err(e) => assert_error(&e, "InvalidParameterException"),
    };
}

async fn response_text(response: &JsValue) -> String {
    let text: Promise = Reflect::get(response, &"text".into())
        .expect("text")
        .unchecked_into::<js_sys::Function>()
        .call0(response)
        .expect("text()")
        .unchecked_into();
    JsFuture::from(text)
        .await
        .expect("body")
        .as_string()
        .expect("a string")
}

/// awsFetch of the object at `key` (no init) with `options`.
async fn fetch_object(stack: &Stack, key: &str, options: JsValue) -> Result<JsValue, JsValue> {
    resolve(aws_fetch(
        JsValue::from_str(&object_url(stack, key)),
        JsValue::UNDEFINED,
        options,
    ))
    .await
}

#[wasm_bindgen_test]
async fn aws_fetch_gets_an_s3_object() {
    let stack = stack();
    let client = new_client(&stack, true);
    sign_in_demo(&stack, &client).await;
    let fetch_options = object(&[
        ("provider", client.credential_provider()),
        ("region", JsValue::from_str(&stack.region)),
        ("service", JsValue::from_str("s3")),
    ]);
    let response = fetch_object(&stack, UNICODE, fetch_options.clone())
        .await
        .unwrap_or_else(|e| panic!("awsFetch failed: {}", describe(&e)));
    let response: web_sys::Response = response.dyn_into().expect("a Response");
    assert_eq!(response.status(), 200);
    assert_eq!(response_text(&response).await, UNICODE_BODY);

    // A Request as input, with init.
    let request = web_sys::Request::new_with_str(&object_url(
        &stack,
        &format!("private/{}/welcome.txt", stack.demo_identity_id),
    ))
    .expect("Request");
    let init = object(&[("method", "GET".into())]);
    let response = resolve(aws_fetch(request.into(), init, fetch_options.clone()))
        .await
        .unwrap_or_else(|e| panic!("awsFetch failed: {}", describe(&e)));
    let response: web_sys::Response = response.dyn_into().expect("a Response");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response_text(&response).await,
        "Welcome, demo: only you can read this.\n"
    );

    // HTTP errors are Responses too.
    let missing = fetch_object(&stack, "public/no-such-key.txt", fetch_options)
        .await
        .expect("a Response");
    assert_eq!(missing.unchecked_ref::<web_sys::Response>().status(), 404);

    // No credentials, or no region for a non-AWS host: refused.
    let no_credentials = object(&[("region", JsValue::from_str(&stack.region))]);
    assert_rejected(
        fetch_object(&stack, README, no_credentials).await,
        "InvalidParameterException",
    );
    let credentials = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("credentials");
    let no_region = object(&[("credentials", credentials)]);
    assert_rejected(
        fetch_object(&stack, README, no_region).await,
        "InvalidParameterException",
    );
}

#[wasm_bindgen_test]
fn region_and_service_come_from_aws_host_names() {
    let cases = [
        (
            "https://dynamodb.eu-west-1.amazonaws.com/",
            Some(("eu-west-1", "dynamodb")),
        ),
        (
            "https://my-bucket.s3.eu-central-1.amazonaws.com/key",
            Some(("eu-central-1", "s3")),
        ),
        (
            "https://s3.dualstack.us-west-2.amazonaws.com/b/k",
            Some(("us-west-2", "s3")),
        ),
        (
            "https://my-bucket.s3.amazonaws.com/",
            Some(("us-east-1", "s3")),
        ),
        ("https://s3.amazonaws.com/", Some(("us-east-1", "s3"))),
        (
            "https://my-bucket.s3-eu-west-1.amazonaws.com/",
            Some(("eu-west-1", "s3")),
        ),
        (
            "https://abc123.execute-api.ap-south-1.amazonaws.com/prod",
            Some(("ap-south-1", "execute-api")),
        ),
        ("https://sts.amazonaws.com/", Some(("us-east-1", "sts"))),
        (
            "https://email.us-east-1.amazonaws.com/",
            Some(("us-east-1", "ses")),
        ),
        (
            "https://lambda-fips.us-gov-west-1.amazonaws.com/",
            Some(("us-gov-west-1", "lambda")),
        ),
        (
            "https://s3.cn-north-1.amazonaws.com.cn/",
            Some(("cn-north-1", "s3")),
        ),
        ("http://127.0.0.1:4566/bucket", None),
        ("https://example.com/", None),
        ("https://foo.bar.amazonaws.com/", None),
        ("not a url", None),
    ];
    for (url, expected) in cases {
        let got = infer_region_service(url);
        let expected = expected.map(|(r, s)| (r.to_owned(), s.to_owned()));
        assert_eq!(got, expected, "{url}");
    }
}

/// The error of `awsFetch` when its credential provider runs `body`
/// (the provider fails before any request: no stack needed).
async fn provider_error(body: &str) -> JsValue {
    let provider = js_sys::Function::new_no_args(body);
    let options = Object::new();
    Reflect::set(&options, &"provider".into(), &provider).unwrap();
    let result = resolve(aws_fetch(
        "https://s3.us-east-1.amazonaws.com/bucket".into(),
        JsValue::UNDEFINED,
        options.into(),
    ))
    .await;
    match result {
        Ok(v) => panic!("{body}: resolved {v:?}"),
        Err(e) => e,
    }
}

#[wasm_bindgen_test]
async fn a_providers_errors_get_library_names() {
    // fetch's "no reply" TypeError, thrown or rejected, in any browser's
    // words: a retryable NetworkError.
    for body in [
        "throw new TypeError('Failed to fetch')",
        "return Promise.reject(new TypeError('Load failed'))",
        "return Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'))",
    ] {
        let e = provider_error(body).await;
        assert!(assert_error(&e, "NetworkError"), "{body}");
        assert!(get_str(&e, "message").starts_with("the credential provider failed: "));
    }
    // Another JavaScript class: the provider's own failure, not retryable,
    // its class and message kept in the message.
    let e = provider_error("throw new RangeError('too far')").await;
    assert!(!assert_error(&e, "CredentialsProviderError"));
    assert_eq!(
        get_str(&e, "message"),
        "the credential provider failed: RangeError: too far"
    );
    let e = provider_error("throw new Error('nope')").await;
    assert!(!assert_error(&e, "CredentialsProviderError"));
    assert_eq!(
        get_str(&e, "message"),
        "the credential provider failed: nope"
    );
    // A named error (an AWS SDK provider's) keeps its name; throttling and
    // timeouts are retryable.
    let e = provider_error(
        "const e = new Error('Rate exceeded'); e.name = 'TooManyRequestsException'; throw e",
    )
    .await;
    assert!(assert_error(&e, "TooManyRequestsException"));
    let e = provider_error("throw new DOMException('slow', 'TimeoutError')").await;
    assert!(assert_error(&e, "TimeoutError"));
    let e = provider_error("throw new DOMException('stop', 'AbortError')").await;
    assert!(!assert_error(&e, "AbortError"));
    let e = provider_error(
        "const e = new Error('Token expired'); e.name = 'ExpiredTokenException'; throw e",
    )
    .await;
    assert!(!assert_error(&e, "ExpiredTokenException"));
    // Not an Error at all: the library's name and the context.
    let e = provider_error("throw 42").await;
    assert!(!assert_error(&e, "CredentialsProviderError"));
    assert_eq!(get_str(&e, "message"), "the credential provider failed");
}
