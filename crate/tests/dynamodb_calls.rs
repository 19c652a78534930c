//! The DynamoDB/AWS JSON call: request shape, error names, throttling
//! retries, queryAll paging and BatchGetItem's UnprocessedKeys rounds,
//! over a scripted platform.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use cognito_wasm::client::platform::Platform;
use cognito_wasm::client::retry::MAX_ATTEMPTS;
use cognito_wasm::client::skew::ClockSkew;
use cognito_wasm::dynamodb::{error_of, json_request, send, Dynamo, JsonCall, MAX_BATCH_ROUNDS};
use cognito_wasm::sigv4::{Signer, SigningCredentials};
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::wire::json::{parse, Value};
use cognito_wasm::CognitoError;
use futures_executor::block_on;

struct FakePlatform {
    replies: RefCell<VecDeque<Result<HttpResponse, CognitoError>>>,
    sent: RefCell<Vec<HttpRequest>>,
    sleeps: RefCell<Vec<u32>>,
    now: Cell<f64>,
}

impl FakePlatform {
    fn new(replies: Vec<Result<HttpResponse, CognitoError>>) -> Self {
        Self {
            replies: RefCell::new(replies.into()),
            sent: RefCell::new(Vec::new()),
            sleeps: RefCell::new(Vec::new()),
            now: Cell::new(1_767_268_800_000.0),
        }
    }

    fn bodies(&self) -> Vec<Value> {
        self.sent
            .borrow()
            .iter()
            .map(|r| parse(std::str::from_utf8(&r.body).unwrap()).unwrap())
            .collect()
    }
}

impl Platform for FakePlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        self.sent.borrow_mut().push(request);
        self.replies
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| Err(CognitoError::network("no scripted reply left")))
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        buf.fill(0);
        Ok(())
    }

    async fn sleep(&self, ms: u32) {
        self.sleeps.borrow_mut().push(ms);
    }
}

fn reply(status: u16, body: &str) -> Result<HttpResponse, CognitoError> {
    Ok(HttpResponse {
        status,
        headers: vec![("Content-Type".into(), "application/x-amz-json-1.0".into())],
        body: body.as_bytes().to_vec(),
    })
}

fn credentials() -> SigningCredentials {
    SigningCredentials {
        access_key_id: "ASIAEXAMPLEKEY".into(),
        secret_access_key: "secret".into(),
        session_token: Some("token".into()),
    }
}

fn header<'a>(r: &'a HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn never() -> bool {
    false
}

fn run<T>(
    replies: Vec<Result<HttpResponse, CognitoError>>,
    f: impl AsyncFnOnce(&Dynamo<'_, FakePlatform>) -> T,
) -> (T, FakePlatform) {
    let platform = FakePlatform::new(replies);
    let signer = Signer::new();
    let skew = ClockSkew::new();
    let credentials = credentials();
    let out = {
        let dynamo = Dynamo {
            platform: &platform,
            signer: &signer,
            skew: &skew,
            credentials: &credentials,
            region: "eu-west-1",
            endpoint: None,
            aborted: &never,
        };
        block_on(f(&dynamo))
    };
    (out, platform)
}

#[test]
fn requests_are_signed_json_posts_with_a_target() {
    let call = JsonCall {
        service: "dynamodb",
        region: "eu-west-1",
        endpoint: None,
        target: "DynamoDB_20120810.GetItem",
        content_type: None,
        body: b"{}".to_vec(),
    };
    let r = json_request(&call);
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "https://dynamodb.eu-west-1.amazonaws.com/");
    assert_eq!(
        header(&r, "content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(
        header(&r, "x-amz-target"),
        Some("DynamoDB_20120810.GetItem")
    );
    let kinesis = json_request(&JsonCall {
        service: "kinesis",
        target: "Kinesis_20131202.ListStreams",
        ..call.clone()
    });
    assert_eq!(kinesis.url, "https://kinesis.eu-west-1.amazonaws.com/");
    assert_eq!(
        header(&kinesis, "content-type"),
        Some("application/x-amz-json-1.1")
    );
    let custom = json_request(&JsonCall {
        endpoint: Some("http://127.0.0.1:4566"),
        content_type: Some("application/json"),
        ..call
    });
    assert_eq!(custom.url, "http://127.0.0.1:4566");
    assert_eq!(header(&custom, "content-type"), Some("application/json"));

    let ((), platform) = run(vec![reply(200, r#"{"Item":{"a":{"S":"b"}}}"#)], async |d| {
        let v = d
            .call("GetItem", &parse(r#"{"TableName":"t"}"#).unwrap())
            .await
            .unwrap();
        assert_eq!(v, parse(r#"{"Item":{"a":{"S":"b"}}}"#).unwrap());
    });
    let sent = platform.sent.borrow();
    assert_eq!(
        header(&sent[0], "x-amz-target"),
        Some("DynamoDB_20120810.GetItem")
    );
    assert_eq!(header(&sent[0], "x-amz-security-token"), Some("token"));
    let auth = header(&sent[0], "authorization").unwrap();
    assert!(auth.contains("/eu-west-1/dynamodb/aws4_request"), "{auth}");
    assert!(auth.contains("x-amz-target"), "{auth}");
}

#[test]
fn errors_carry_the_aws_name() {
    for (body, name, retryable) in [
        (
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#,
            "ConditionalCheckFailedException",
            false,
        ),
        (
            r#"{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User is not authorized"}"#,
            "AccessDeniedException",
            false,
        ),
        (
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}"#,
            "ProvisionedThroughputExceededException",
            true,
        ),
        (
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}"#,
            "ResourceNotFoundException",
            false,
        ),
        (
            r#"{"__type":"com.amazon.coral.validate#ValidationException"}"#,
            "ValidationException",
            false,
        ),
        (
            r#"{"__type":"RequestLimitExceeded"}"#,
            "RequestLimitExceeded",
            true,
        ),
    ] {
        let e = error_of(&reply(400, body).unwrap());
        assert_eq!((e.name(), e.retryable), (name, retryable), "{body}");
    }
    let e = error_of(&reply(500, "").unwrap());
    assert!(e.retryable);
}

#[test]
fn throttling_is_retried_with_backoff_then_given_up() {
    let throttled = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"x"}"#;
    let (result, platform) = run(
        vec![
            reply(400, throttled),
            reply(400, throttled),
            reply(200, "{}"),
        ],
        async |d| d.call("PutItem", &parse("{}").unwrap()).await,
    );
    assert_eq!(result.unwrap(), parse("{}").unwrap());
    assert_eq!(platform.sent.borrow().len(), 3);
    assert_eq!(*platform.sleeps.borrow(), vec![50, 100]);

    let (result, platform) = run(
        (0..MAX_ATTEMPTS + 2)
            .map(|_| reply(400, throttled))
            .collect(),
        async |d| d.call("PutItem", &parse("{}").unwrap()).await,
    );
    let e = result.unwrap_err();
    assert_eq!(e.name(), "ProvisionedThroughputExceededException");
    assert!(e.retryable);
    assert_eq!(platform.sent.borrow().len(), MAX_ATTEMPTS as usize);

    let (result, platform) = run(
        vec![reply(
            400,
            r#"{"__type":"x#ConditionalCheckFailedException"}"#,
        )],
        async |d| d.call("PutItem", &parse("{}").unwrap()).await,
    );
    assert_eq!(
        result.unwrap_err().name(),
        "ConditionalCheckFailedException"
    );
    assert_eq!(platform.sent.borrow().len(), 1, "not retried");
}

#[test]
fn an_aborted_call_is_not_sent() {
    let platform = FakePlatform::new(vec![reply(200, "{}")]);
    let call = JsonCall {
        service: "dynamodb",
        region: "eu-west-1",
        endpoint: None,
        target: "DynamoDB_20120810.GetItem",
        content_type: None,
        body: b"{}".to_vec(),
    };
    let e = block_on(send(
        &platform,
        &Signer::new(),
        &ClockSkew::new(),
        &credentials(),
        &call,
        &|| true,
    ))
    .unwrap_err();
    assert_eq!(e.name(), "AbortError");
    assert!(platform.sent.borrow().is_empty());
}

#[test]
fn query_all_follows_last_evaluated_key() {
    let (result, platform) = run(
        vec![
            reply(
                200,
                r#"{"Items":[{"k":{"S":"a"}}],"Count":1,"ScannedCount":1,"LastEvaluatedKey":{"k":{"S":"a"}}}"#,
            ),
            reply(
                200,
                r#"{"Items":[{"k":{"S":"b"}},{"k":{"S":"c"}}],"Count":2,"ScannedCount":3,"LastEvaluatedKey":{"k":{"S":"c"}}}"#,
            ),
            reply(200, r#"{"Items":[],"Count":0,"ScannedCount":0}"#),
        ],
        async |d| {
            d.query_all(&parse(r#"{"TableName":"t","Limit":2}"#).unwrap())
                .await
        },
    );
    assert_eq!(
        result.unwrap(),
        parse(r#"{"Items":[{"k":{"S":"a"}},{"k":{"S":"b"}},{"k":{"S":"c"}}],"Count":3,"ScannedCount":4}"#).unwrap()
    );
    let bodies = platform.bodies();
    assert_eq!(bodies[0], parse(r#"{"TableName":"t","Limit":2}"#).unwrap());
    assert_eq!(
        bodies[2],
        parse(r#"{"TableName":"t","Limit":2,"ExclusiveStartKey":{"k":{"S":"c"}}}"#).unwrap()
    );

    let page = r#"{"Items":[],"Count":0,"LastEvaluatedKey":{"k":{"S":"a"}}}"#;
    let (result, _) = run(vec![reply(200, page), reply(200, page)], async |d| {
        d.query_all(&parse("{}").unwrap()).await
    });
    assert_eq!(result.unwrap_err().name(), "InvalidResponse");
}

#[test]
fn batch_get_asks_again_for_unprocessed_keys() {
    let (result, platform) = run(
        vec![
            reply(
                200,
                r#"{"Responses":{"t":[{"k":{"S":"a"}}]},"UnprocessedKeys":{"t":{"Keys":[{"k":{"S":"b"}}],"ConsistentRead":true}}}"#,
            ),
            reply(
                200,
                r#"{"Responses":{"t":[{"k":{"S":"b"}}],"u":[{"k":{"S":"z"}}]},"UnprocessedKeys":{}}"#,
            ),
        ],
        async |d| {
            d.batch_get_all(
                &parse(r#"{"RequestItems":{"t":{"Keys":[{"k":{"S":"a"}},{"k":{"S":"b"}}]}}}"#)
                    .unwrap(),
            )
            .await
        },
    );
    assert_eq!(
        result.unwrap(),
        parse(r#"{"Responses":{"t":[{"k":{"S":"a"}},{"k":{"S":"b"}}],"u":[{"k":{"S":"z"}}]}}"#)
            .unwrap()
    );
    assert_eq!(
        platform.bodies()[1],
        parse(r#"{"RequestItems":{"t":{"Keys":[{"k":{"S":"b"}}],"ConsistentRead":true}}}"#)
            .unwrap()
    );
    assert_eq!(platform.sleeps.borrow().len(), 1);

    let stuck = r#"{"Responses":{},"UnprocessedKeys":{"t":{"Keys":[{"k":{"S":"b"}}]}}}"#;
    let (result, platform) = run(
        (0..MAX_BATCH_ROUNDS + 2)
            .map(|_| reply(200, stuck))
            .collect(),
        async |d| {
            d.batch_get_all(&parse(r#"{"RequestItems":{}}"#).unwrap())
                .await
        },
    );
    assert_eq!(
        result.unwrap(),
        parse(r#"{"Responses":{},"UnprocessedKeys":{"t":{"Keys":[{"k":{"S":"b"}}]}}}"#).unwrap()
    );
    assert_eq!(platform.sent.borrow().len(), MAX_BATCH_ROUNDS as usize);
}
