//! Browser tests of the S3 object exports (`getObject`, `putObject`,
//! `headObject`, `deleteObject`, `deleteObjects`, `copyObject`,
//! `presignPutObject`) against the local stack, whose roles let the demo
//! user write only `private/<identity id>/`. Run by `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::browser::global_fetch;
use cognito_wasm::js::s3_objects::{
    copy_object, delete_object, delete_objects, get_object, head_object, presign_put_object,
    put_object,
};
use cognito_wasm::wire::json;
use js_sys::{Array, Date, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The `other` user's identity id (whose folder the demo user may not touch).
fn other_identity_id() -> String {
    let Some(text) = option_env!("STACK_JSON") else {
        panic!("build the browser tests with STACK_JSON set to the local stack's JSON line");
    };
    let v = json::parse(text).expect("STACK_JSON is JSON");
    v.get("identityIds")
        .and_then(|ids| ids.get("other"))
        .and_then(|id| id.as_str())
        .expect("identityIds.other")
        .to_owned()
}

/// Options for the stack's bucket with `credentials`, plus `extra`.
fn options(stack: &Stack, credentials: &JsValue, extra: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    let mut pairs = vec![
        ("credentials", credentials.clone()),
        ("region", JsValue::from_str(&stack.region)),
        ("bucket", JsValue::from_str(&stack.bucket)),
        ("endpoint", JsValue::from_str(&stack.endpoint)),
    ];
    pairs.extend(extra.iter().cloned());
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), &v).expect("set");
    }
    o.into()
}

fn own_key(stack: &Stack, name: &str) -> String {
    format!("private/{}/objects-test/{name}", stack.demo_identity_id)
}

async fn ok(promise: Promise, what: &str) -> JsValue {
    resolve(promise)
        .await
        .unwrap_or_else(|e| panic!("{what} failed: {}", describe(&e)))
}

/// Calls `value[name]()` and awaits the promise it returns.
async fn call(value: &JsValue, name: &str) -> JsValue {
    let f: Function = get(value, name).dyn_into().expect("a method");
    let promise: Promise = f.call0(value).expect("call").dyn_into().expect("a promise");
    JsFuture::from(promise).await.expect("resolved")
}

/// The bytes of a `getObject` result's body.
async fn body_bytes(result: &JsValue) -> Vec<u8> {
    Uint8Array::new(&call(&get(result, "body"), "arrayBuffer").await).to_vec()
}

fn blob_of(text: &str) -> JsValue {
    let ctor: Function = get(&js_sys::global(), "Blob").dyn_into().expect("Blob");
    Reflect::construct(&ctor, &Array::of1(&Array::of1(&JsValue::from_str(text)))).expect("new Blob")
}

#[wasm_bindgen_test]
async fn put_get_head_copy_and_delete_in_the_own_folder() {
    let stack = stack();
    let creds = user_credentials(&stack).await;
    let key = own_key(&stack, "a b+c=é.bin");
    let copy_key = own_key(&stack, "copy of a b.bin");
    let bytes: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
    let metadata = Object::new();
    Reflect::set(&metadata, &"owner".into(), &"demo".into()).expect("set");
    let put = ok(
        put_object(options(
            &stack,
            &creds,
            &[
                ("key", key.as_str().into()),
                ("body", Uint8Array::from(bytes.as_slice()).into()),
                ("contentType", "application/x-test".into()),
                ("metadata", metadata.into()),
            ],
        )),
        "putObject",
    )
    .await;
    let etag = get_str(&put, "etag");
    assert!(etag.starts_with('"'), "{etag}");

    let got = ok(
        get_object(options(&stack, &creds, &[("key", key.as_str().into())])),
        "getObject",
    )
    .await;
    assert_eq!(get_str(&got, "contentType"), "application/x-test");
    assert_eq!(get(&got, "size").as_f64(), Some(bytes.len() as f64));
    assert_eq!(get_str(&got, "etag"), etag);
    let modified: Date = get(&got, "lastModified").dyn_into().expect("a Date");
    assert!((modified.get_time() - Date::now()).abs() < 3_600_000.0);
    assert_eq!(body_bytes(&got).await, bytes);

    let part = ok(
        get_object(options(
            &stack,
            &creds,
            &[
                ("key", key.as_str().into()),
                ("range", "bytes=10-19".into()),
            ],
        )),
        "ranged getObject",
    )
    .await;
    assert_eq!(body_bytes(&part).await, bytes[10..20].to_vec());

    let head = ok(
        head_object(options(&stack, &creds, &[("key", key.as_str().into())])),
        "headObject",
    )
    .await;
    assert_eq!(get(&head, "size").as_f64(), Some(bytes.len() as f64));
    assert_eq!(get_str(&head, "etag"), etag);

    let copied = ok(
        copy_object(options(
            &stack,
            &creds,
            &[
                ("key", copy_key.as_str().into()),
                ("sourceKey", key.as_str().into()),
            ],
        )),
        "copyObject",
    )
    .await;
    assert_eq!(get_str(&copied, "etag"), etag);
    let copy = ok(
        get_object(options(
            &stack,
            &creds,
            &[("key", copy_key.as_str().into())],
        )),
        "getObject of the copy",
    )
    .await;
    assert_eq!(body_bytes(&copy).await, bytes);

    let deleted = ok(
        delete_objects(options(
            &stack,
            &creds,
            &[(
                "keys",
                Array::of2(&key.as_str().into(), &copy_key.as_str().into()).into(),
            )],
        )),
        "deleteObjects",
    )
    .await;
    let mut names: Vec<String> = Array::from(&get(&deleted, "deleted"))
        .iter()
        .map(|k| k.as_string().expect("a key"))
        .collect();
    names.sort();
    let mut expected = vec![key.clone(), copy_key.clone()];
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(Array::from(&get(&deleted, "errors")).length(), 0);

    let missing = resolve(get_object(options(
        &stack,
        &creds,
        &[("key", key.as_str().into())],
    )))
    .await;
    assert_rejected(missing, "NoSuchKey");
    let missing = resolve(head_object(options(
        &stack,
        &creds,
        &[("key", key.as_str().into())],
    )))
    .await;
    assert_rejected(missing, "NotFound");
}

#[wasm_bindgen_test]
async fn blobs_and_strings_signed_or_unsigned_come_back_equal() {
    let stack = stack();
    let creds = user_credentials(&stack).await;
    let cases = [
        (
            "blob-signed.txt",
            blob_of("from a Blob ✓\n"),
            false,
            "from a Blob ✓\n",
        ),
        (
            "blob-unsigned.txt",
            blob_of("unsigned Blob\n"),
            true,
            "unsigned Blob\n",
        ),
        (
            "string.txt",
            JsValue::from_str("a string é\n"),
            false,
            "a string é\n",
        ),
        ("string-unsigned.txt", JsValue::from_str("u\n"), true, "u\n"),
    ];
    for (name, body, unsigned, text) in cases {
        let key = own_key(&stack, name);
        ok(
            put_object(options(
                &stack,
                &creds,
                &[
                    ("key", key.as_str().into()),
                    ("body", body),
                    ("unsignedPayload", unsigned.into()),
                ],
            )),
            name,
        )
        .await;
        let got = ok(
            get_object(options(&stack, &creds, &[("key", key.as_str().into())])),
            name,
        )
        .await;
        assert_eq!(body_bytes(&got).await, text.as_bytes(), "{name}");
        ok(
            delete_object(options(&stack, &creds, &[("key", key.as_str().into())])),
            "deleteObject",
        )
        .await;
    }
}

#[wasm_bindgen_test]
async fn other_folders_and_guest_writes_are_denied() {
    let stack = stack();
    let creds = user_credentials(&stack).await;
    let other = format!("private/{}/welcome.txt", other_identity_id());
    let denied = resolve(get_object(options(
        &stack,
        &creds,
        &[("key", other.as_str().into())],
    )))
    .await;
    assert_rejected(denied, "AccessDenied");
    let denied = resolve(put_object(options(
        &stack,
        &creds,
        &[("key", other.as_str().into()), ("body", "x".into())],
    )))
    .await;
    assert_rejected(denied, "AccessDenied");
    let batch = ok(
        delete_objects(options(
            &stack,
            &creds,
            &[("keys", Array::of1(&other.as_str().into()).into())],
        )),
        "deleteObjects",
    )
    .await;
    let errors = Array::from(&get(&batch, "errors"));
    assert_eq!(errors.length(), 1);
    assert_eq!(get_str(&errors.get(0), "code"), "AccessDenied");
    assert_eq!(get_str(&errors.get(0), "key"), other);

    let client = new_client(&stack, true);
    let guest = ok(
        client.get_credentials(JsValue::UNDEFINED),
        "guest credentials",
    )
    .await;
    let denied = resolve(put_object(options(
        &stack,
        &guest,
        &[
            ("key", "public/guest-write.txt".into()),
            ("body", "x".into()),
        ],
    )))
    .await;
    assert_rejected(denied, "AccessDenied");
    // The guest still reads public/.
    let readme = ok(
        get_object(options(
            &stack,
            &guest,
            &[("key", "public/readme.txt".into())],
        )),
        "guest getObject",
    )
    .await;
    assert_eq!(
        body_bytes(&readme).await,
        b"Hello from the public prefix.\n"
    );
}

#[wasm_bindgen_test]
async fn a_presigned_put_uploads_with_plain_fetch() {
    let stack = stack();
    let creds = user_credentials(&stack).await;
    let key = own_key(&stack, "presigned upload.txt");
    let url = presign_put_object(options(
        &stack,
        &creds,
        &[
            ("key", key.as_str().into()),
            ("contentType", "text/plain".into()),
            ("expiresIn", 120.into()),
        ],
    ))
    .unwrap_or_else(|e| panic!("presignPutObject failed: {}", describe(&e)));
    let headers = Object::new();
    Reflect::set(&headers, &"content-type".into(), &"text/plain".into()).expect("set");
    let init = Object::new();
    Reflect::set(&init, &"method".into(), &"PUT".into()).expect("set");
    Reflect::set(&init, &"body".into(), &"uploaded by URL\n".into()).expect("set");
    Reflect::set(&init, &"headers".into(), &headers).expect("set");
    let pending: Promise = global_fetch()
        .expect("fetch")
        .call2(&js_sys::global(), &JsValue::from_str(&url), &init)
        .expect("fetch call")
        .dyn_into()
        .expect("a promise");
    let response = JsFuture::from(pending).await.expect("a reply");
    assert_eq!(get(&response, "status").as_f64(), Some(200.0));
    let got = ok(
        get_object(options(&stack, &creds, &[("key", key.as_str().into())])),
        "getObject",
    )
    .await;
    assert_eq!(get_str(&got, "contentType"), "text/plain");
    assert_eq!(body_bytes(&got).await, b"uploaded by URL\n");
    ok(
        delete_object(options(&stack, &creds, &[("key", key.as_str().into())])),
        "deleteObject",
    )
    .await;
}

#[wasm_bindgen_test]
async fn an_aborted_signal_rejects_with_abort_error() {
    let stack = stack();
    let creds = user_credentials(&stack).await;
    let ctor: Function = get(&js_sys::global(), "AbortController")
        .dyn_into()
        .expect("AbortController");
    let controller = Reflect::construct(&ctor, &Array::new()).expect("new AbortController");
    let abort: Function = get(&controller, "abort").dyn_into().expect("abort");
    abort.call0(&controller).expect("abort()");
    let result = resolve(get_object(options(
        &stack,
        &creds,
        &[
            ("key", "public/readme.txt".into()),
            ("signal", get(&controller, "signal")),
        ],
    )))
    .await;
    assert_rejected(result, "AbortError");
    let bad = resolve(head_object(options(
        &stack,
        &creds,
        &[("key", "public/readme.txt".into()), ("signal", "no".into())],
    )))
    .await;
    assert_rejected(bad, "InvalidParameterException");
}

/// Keys of the incomplete multipart uploads under `prefix`
/// (ListMultipartUploads, signed through `awsFetch`'s signer).
async fn incomplete_uploads(stack: &Stack, creds: &JsValue, prefix: &str) -> Vec<String> {
    let url = format!(
        "{}/{}?prefix={}&uploads",
        stack.endpoint,
        stack.bucket,
        cognito_wasm::wire::encoding::uri_encode(prefix, false)
    );
    let reply = ok(
        cognito_wasm::js::fetch::aws_fetch(
            JsValue::from_str(&url),
            JsValue::UNDEFINED,
            options(stack, creds, &[("service", "s3".into())]),
        ),
        "ListMultipartUploads",
    )
    .await;
    let text = call(&reply, "text").await.as_string().expect("text");
    assert_eq!(get(&reply, "status").as_f64(), Some(200.0), "{text}");
    text.split("<Key>")
        .skip(1)
        .filter_map(|s| s.split("</Key>").next())
        .map(String::from)
        .collect()
}

#[wasm_bindgen_test]
async fn a_20_mb_body_goes_up_in_parts_with_progress_and_an_abort_leaves_no_upload() {
    let stack = stack();
    let creds = user_credentials(&stack).await;
    let folder = own_key(&stack, "multipart/");
    let key = own_key(&stack, "multipart/big.bin");
    let bytes: Vec<u8> = (0..20 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let seen = Array::new();
    let record =
        Function::new_with_args("p", "this.push(p.loaded); if (p.loaded > p.total) throw 1")
            .bind0(&seen);
    let put = ok(
        put_object(options(
            &stack,
            &creds,
            &[
                ("key", key.as_str().into()),
                ("body", blob_of_bytes(&bytes)),
                ("onProgress", record.into()),
            ],
        )),
        "multipart putObject",
    )
    .await;
    assert!(
        get_str(&put, "etag").ends_with("-3\""),
        "{}",
        get_str(&put, "etag")
    );
    let loaded: Vec<f64> = seen.iter().map(|v| v.as_f64().expect("a number")).collect();
    assert_eq!(loaded.len(), 3, "{loaded:?}");
    assert!(loaded.windows(2).all(|w| w[0] < w[1]), "{loaded:?}");
    assert_eq!(loaded.last().copied(), Some(bytes.len() as f64));
    let got = ok(
        get_object(options(&stack, &creds, &[("key", key.as_str().into())])),
        "getObject",
    )
    .await;
    assert!(
        body_bytes(&got).await == bytes,
        "the parts came back different"
    );
    assert!(!incomplete_uploads(&stack, &creds, &folder)
        .await
        .contains(&key));

    // Aborted after the first part: the upload is aborted on S3 too.
    let ctor: Function = get(&js_sys::global(), "AbortController")
        .dyn_into()
        .expect("AbortController");
    let controller = Reflect::construct(&ctor, &Array::new()).expect("new AbortController");
    let stop = Function::new_with_args("p", "this.abort()").bind0(&controller);
    // A fresh key each run: the stack keeps what earlier runs left.
    let aborted_key = own_key(&stack, &format!("multipart/aborted-{}.bin", Date::now()));
    let result = resolve(put_object(options(
        &stack,
        &creds,
        &[
            ("key", aborted_key.as_str().into()),
            ("body", Uint8Array::from(bytes.as_slice()).into()),
            ("onProgress", stop.into()),
            ("signal", get(&controller, "signal")),
        ],
    )))
    .await;
    assert_rejected(result, "AbortError");
    assert!(!incomplete_uploads(&stack, &creds, &folder)
        .await
        .contains(&aborted_key));
    let missing = resolve(head_object(options(
        &stack,
        &creds,
        &[("key", aborted_key.as_str().into())],
    )))
    .await;
    assert_rejected(missing, "NotFound");
    ok(
        delete_object(options(&stack, &creds, &[("key", key.as_str().into())])),
        "deleteObject",
    )
    .await;
}

fn blob_of_bytes(bytes: &[u8]) -> JsValue {
    let ctor: Function = get(&js_sys::global(), "Blob").dyn_into().expect("Blob");
    Reflect::construct(
        &ctor,
        &Array::of1(&Array::of1(&Uint8Array::from(bytes).into())),
    )
    .expect("new Blob")
}
