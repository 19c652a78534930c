//! Browser tests of the S3 and signing exports (`listObjects`,
//! `listAllObjects`, `presignGetObject`, `signRequest`, `awsFetch`) against
//! the local stack, with credentials from the identity pool. Run by
//! `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::js::fetch::{aws_fetch, infer_region_service};
use cognito_wasm::js::s3::{list_all_objects, list_objects, presign_get_object};
use cognito_wasm::js::sign::sign_request;
use cognito_wasm::wire::encoding::uri_encode;
use cognito_wasm::wire::http::HttpResponse;
use js_sys::{Array, Date, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const README: &str = "public/readme.txt";
const README_BODY: &str = "Hello from the public prefix.\n";
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

/// listObjects options for the stack's bucket, credentials from `source`
/// (`("credentials", object)` or `("provider", function)`), plus `extra`.
fn list_options(stack: &Stack, source: (&str, &JsValue), extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![
        (source.0, source.1.clone()),
        ("region", JsValue::from_str(&stack.region)),
        ("bucket", JsValue::from_str(&stack.bucket)),
        ("endpoint", JsValue::from_str(&stack.endpoint)),
    ];
    pairs.extend(extra.iter().cloned());
    object(&pairs)
}

/// The keys of a ListObjectsResult.
fn keys(result: &JsValue) -> Vec<String> {
    let objects: Array = get(result, "objects").dyn_into().expect("objects array");
    objects.iter().map(|o| get_str(&o, "key")).collect()
}

fn strings(value: JsValue) -> Vec<String> {
    let array: Array = value.dyn_into().expect("an array");
    array
        .iter()
        .map(|v| v.as_string().expect("a string"))
        .collect()
}

fn object_url(stack: &Stack, key: &str) -> String {
    format!(
        "{}/{}/{}",
        stack.endpoint,
        stack.bucket,
        uri_encode(key, true)
    )
}

async fn list(options: JsValue) -> JsValue {
    resolve(list_objects(options))
        .await
        .unwrap_or_else(|e| panic!("listObjects failed: {}", describe(&e)))
}

/// listObjects options with `credentials` (an object) plus `extra`.
fn with_credentials(stack: &Stack, credentials: &JsValue, extra: &[(&str, JsValue)]) -> JsValue {
    list_options(stack, ("credentials", credentials), extra)
}

/// listObjects of `prefix` with `credentials`, no delimiter.
async fn list_prefix(stack: &Stack, credentials: &JsValue, prefix: &str) -> JsValue {
    list(with_credentials(
        stack,
        credentials,
        &[("prefix", prefix.into())],
    ))
    .await
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

#[wasm_bindgen_test]
async fn list_a_prefix_with_a_delimiter() {
    let stack = stack();
    let credentials = user_credentials(&stack).await;
    let result = list(with_credentials(
        &stack,
        &credentials,
        &[("prefix", "public/".into()), ("delimiter", "/".into())],
    ))
    .await;
    assert_eq!(keys(&result), vec![README]);
    assert_eq!(
        strings(get(&result, "prefixes")),
        vec![
            "public/a b/",
            "public/docs/",
            "public/many/",
            "public/symbols/",
            "public/unicode/"
        ]
    );
    assert_eq!(get(&result, "isTruncated").as_bool(), Some(false));
    assert!(get(&result, "nextContinuationToken").is_undefined());
    let objects: Array = get(&result, "objects").dyn_into().expect("array");
    let readme = objects.get(0);
    assert_eq!(
        get(&readme, "size").as_f64(),
        Some(README_BODY.len() as f64)
    );
    assert!(get_str(&readme, "etag").starts_with('"'));
    let modified: Date = get(&readme, "lastModified").dyn_into().expect("a Date");
    assert!(modified.get_time() > 1.6e12 && modified.get_time() <= Date::now() + 60_000.0);
}

#[wasm_bindgen_test]
async fn list_a_prefix_without_a_delimiter() {
    let stack = stack();
    let credentials = user_credentials(&stack).await;
    let docs = list_prefix(&stack, &credentials, "public/docs/").await;
    assert_eq!(
        keys(&docs),
        vec!["public/docs/guide.txt", "public/docs/nested/deep/file.txt"]
    );
    assert!(strings(get(&docs, "prefixes")).is_empty());
    let unicode = list_prefix(&stack, &credentials, "public/unicode/").await;
    assert_eq!(
        keys(&unicode),
        vec![
            UNICODE,
            "public/unicode/\u{65e5}\u{672c}\u{8a9e}/\u{30d5}\u{30a1}\u{30a4}\u{30eb}.txt"
        ]
    );
    let symbols = list_prefix(&stack, &credentials, "public/symbols/").await;
    assert_eq!(
        keys(&symbols),
        vec![
            "public/symbols/100% done~.txt",
            "public/symbols/a+b=c.txt",
            "public/symbols/x=1&y=2 (copy).txt"
        ]
    );
}

#[wasm_bindgen_test]
async fn pages_through_more_than_a_thousand_keys() {
    let stack = stack();
    let expected: Vec<String> = (0..1100)
        .map(|i| format!("public/many/item-{i:04}.txt"))
        .collect();
    let credentials = user_credentials(&stack).await;
    let prefix = ("prefix", JsValue::from_str("public/many/"));
    let first = list(list_options(
        &stack,
        ("credentials", &credentials),
        std::slice::from_ref(&prefix),
    ))
    .await;
    assert_eq!(get(&first, "isTruncated").as_bool(), Some(true));
    let token = get(&first, "nextContinuationToken");
    assert!(token.as_string().is_some_and(|t| !t.is_empty()));
    let second = list(list_options(
        &stack,
        ("credentials", &credentials),
        &[prefix.clone(), ("continuationToken", token)],
    ))
    .await;
    assert_eq!(get(&second, "isTruncated").as_bool(), Some(false));
    let mut by_hand = keys(&first);
    assert_eq!(by_hand.len(), 1000);
    by_hand.extend(keys(&second));
    assert_eq!(by_hand, expected);

    // listAllObjects with a provider: every key exactly once, in 3 pages.
    let client = new_client(&stack, true);
    sign_in_demo(&stack, &client).await;
    let provider = client.credential_provider();
    reset_counts(&stack).await;
    let all = resolve(list_all_objects(list_options(
        &stack,
        ("provider", &provider),
        &[prefix, ("maxKeys", JsValue::from(400))],
    )))
    .await
    .unwrap_or_else(|e| panic!("listAllObjects failed: {}", describe(&e)));
    assert_eq!(keys(&all), expected);
    assert_eq!(get(&all, "isTruncated").as_bool(), Some(false));
    assert_eq!(counts(&stack).await.of(S3_GET), 3);
}

#[wasm_bindgen_test]
async fn a_tampered_secret_key_is_refused() {
    let stack = stack();
    let credentials = user_credentials(&stack).await;
    let secret = get_str(&credentials, "secretAccessKey");
    // One character changed (to one it cannot already be).
    let first = if secret.starts_with('x') { "y" } else { "x" };
    let tampered_secret = format!("{first}{}", &secret[1..]);
    assert_ne!(tampered_secret, secret);
    let tampered = object(&[
        ("accessKeyId", get(&credentials, "accessKeyId")),
        ("secretAccessKey", JsValue::from_str(&tampered_secret)),
        ("sessionToken", get(&credentials, "sessionToken")),
    ]);
    let result = resolve(list_objects(list_options(
        &stack,
        ("credentials", &tampered),
        &[("prefix", "public/".into())],
    )))
    .await;
    let error = assert_rejected(result, "SignatureDoesNotMatch");
    assert_eq!(get(&error, "retryable").as_bool(), Some(false));
    assert!(!get_str(&error, "message").contains(&secret[1..]));
}

#[wasm_bindgen_test]
async fn guests_are_denied_the_private_prefix() {
    let stack = stack();
    let client = new_client(&stack, true);
    let guest = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("guest credentials");
    let same = resolve(client.get_guest_credentials())
        .await
        .expect("guest credentials");
    assert_eq!(get_str(&guest, "identityId"), get_str(&same, "identityId"));
    let public = list_prefix(&stack, &guest, "public/docs/").await;
    assert_eq!(keys(&public).len(), 2);
    let denied = resolve(list_objects(list_options(
        &stack,
        ("credentials", &guest),
        &[("prefix", "private/".into())],
    )))
    .await;
    assert_rejected(denied, "AccessDenied");

    // Signed in, the same client gets the authenticated role.
    sign_in_demo(&stack, &client).await;
    let user = resolve(client.get_credentials(JsValue::UNDEFINED))
        .await
        .expect("user credentials");
    assert_ne!(get_str(&user, "identityId"), get_str(&guest, "identityId"));
    // The user's own folder, named by their identity id (IAM policy variable).
    assert_eq!(get_str(&user, "identityId"), stack.demo_identity_id);
    let own = format!("private/{}/", stack.demo_identity_id);
    let private = list_prefix(&stack, &user, &own).await;
    assert_eq!(keys(&private), vec![format!("{own}welcome.txt")]);
    // Not the rest of private/.
    let denied = resolve(list_objects(list_options(
        &stack,
        ("credentials", &user),
        &[("prefix", "private/".into())],
    )))
    .await;
    assert_rejected(denied, "AccessDenied");
}

#[wasm_bindgen_test]
async fn a_presigned_get_url_fetches_the_object() {
    let stack = stack();
    let credentials = user_credentials(&stack).await;
    for (key, body) in [(README, README_BODY), (UNICODE, UNICODE_BODY)] {
        let options = with_credentials(
            &stack,
            &credentials,
            &[("key", key.into()), ("expiresIn", JsValue::from(120))],
        );
        let url = presign_get_object(options).unwrap_or_else(|e| panic!("{}", describe(&e)));
        assert!(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires=120"));
        let reply = send("GET", &url, vec![]).await;
        assert_ok_with_body(&reply, body);
        // One changed character of the URL breaks it.
        let broken = url.replacen("X-Amz-Expires=120", "X-Amz-Expires=121", 1);
        assert_eq!(send("GET", &broken, vec![]).await.status, 403);
    }
    // Presigned through signRequest.
    let request = object(&[(
        "url",
        object_url(&stack, "public/docs/nested/deep/file.txt").into(),
    )]);
    let options = object(&[
        ("credentials", credentials.clone()),
        ("region", JsValue::from_str(&stack.region)),
        ("service", JsValue::from_str("s3")),
        ("presign", object(&[("expiresIn", JsValue::from(60))])),
    ]);
    let signed = sign_request(request, options).unwrap_or_else(|e| panic!("{}", describe(&e)));
    let url = get_str(&signed, "url");
    assert!(url.contains("X-Amz-Signature=") && !url.contains("X-Amz-Content-Sha256"));
    assert!(
        signed_headers(&signed).is_empty(),
        "nothing to send but the URL"
    );
    let reply = send("GET", &url, vec![]).await;
    assert_ok_with_body(&reply, "Deep inside.\n");

    let bad = list_options(&stack, ("credentials", &credentials), &[("key", "".into())]);
    match presign_get_object(bad) {
        Ok(_) => panic!("empty key accepted"),
        Err(e) => assert_error(&e, "InvalidParameterException"),
    };
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

#[wasm_bindgen_test]
async fn bad_s3_options_are_refused_before_any_request() {
    let stack = stack();
    let credentials = user_credentials(&stack).await;
    reset_counts(&stack).await;
    let half = object(&[("accessKeyId", "AKID".into())]);
    let cases = [
        JsValue::UNDEFINED,
        object(&[("bucket", JsValue::from_str(&stack.bucket))]),
        list_options(&stack, ("credentials", &half), &[]),
        with_credentials(&stack, &credentials, &[("maxKeys", JsValue::from(0))]),
        with_credentials(&stack, &credentials, &[("maxKeys", JsValue::from(2.5))]),
        with_credentials(&stack, &credentials, &[("prefix", JsValue::from(1))]),
        with_credentials(&stack, &credentials, &[("provider", JsValue::from(1))]),
        with_credentials(&stack, &credentials, &[("bucket", "".into())]),
        list_options(&stack, ("provider", &JsValue::from_str("f")), &[]),
    ];
    for options in cases {
        assert_rejected(
            resolve(list_objects(options)).await,
            "InvalidParameterException",
        );
    }
    // A provider's own failure (a bug, a refusal): the library's name, not
    // the JavaScript class, which stays in the message; not retryable.
    let failing = js_sys::Function::new_no_args("throw new TypeError('no credentials today')");
    let result = resolve(list_objects(list_options(
        &stack,
        ("provider", &failing),
        &[],
    )))
    .await;
    let error = assert_rejected(result, "CredentialsProviderError");
    assert_eq!(get(&error, "retryable").as_bool(), Some(false));
    assert!(
        get_str(&error, "message").ends_with("TypeError: no credentials today"),
        "{}",
        describe(&error)
    );
    // fetch's "no reply" TypeError inside a provider: a retryable
    // NetworkError, thrown or rejected.
    for body in [
        "throw new TypeError('Failed to fetch')",
        "return Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'))",
    ] {
        let offline = js_sys::Function::new_no_args(body);
        let result = resolve(list_objects(list_options(
            &stack,
            ("provider", &offline),
            &[],
        )))
        .await;
        let error = assert_rejected(result, "NetworkError");
        assert_eq!(get(&error, "retryable").as_bool(), Some(true), "{body}");
    }
    // An AWS SDK provider's error keeps its AWS name; throttling is
    // retryable.
    let throttled = js_sys::Function::new_no_args(
        "const e = new Error('Rate exceeded'); e.name = 'TooManyRequestsException'; throw e",
    );
    let result = resolve(list_objects(list_options(
        &stack,
        ("provider", &throttled),
        &[],
    )))
    .await;
    let error = assert_rejected(result, "TooManyRequestsException");
    assert_eq!(get(&error, "retryable").as_bool(), Some(true));
    let rejecting = js_sys::Function::new_no_args("return Promise.reject(new Error('nope'))");
    let result = resolve(list_objects(list_options(
        &stack,
        ("provider", &rejecting),
        &[],
    )))
    .await;
    assert_rejected(result, "CredentialsProviderError");
    assert_eq!(counts(&stack).await.total(), 0);
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
