//! Browser tests of the signing export `signRequest` against the local
//! stack's S3, with credentials from the identity pool. Run by
//! `scripts/test-browser`. The package's `awsFetch` and the S3 calls over it
//! (`listObjects`, `getObject`, …) are JavaScript, tested in Node
//! (tests/e2e/aws-fetch-unit.test.mjs, s3-*-unit.test.mjs) and end to end
//! (tests/e2e/aws-fetch.test.mjs, s3-*.mjs).
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::sign::sign_request;
use cognito_wasm::wire::encoding::uri_encode;
use cognito_wasm::wire::http::HttpResponse;
use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SPACED: &str = "public/a b/with space.txt";
const SPACED_BODY: &str = "Spaces in folder and file.\n";

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
