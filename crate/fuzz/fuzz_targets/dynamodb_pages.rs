//! DynamoDB calls over a platform that answers with any replies in turn
//! (input: replies in the format of src/lib.rs, separated by a line `---`;
//! after the last, the network fails): one call (`Dynamo::call`, with its
//! signing, clock-offset learning from any `Date`, and retries), `query_all`
//! and `batch_get_all`. A value or a CognitoError with a name, without a
//! panic or a wait, and:
//! - a call sends at most `MAX_ATTEMPTS` requests, and one more after a
//!   refused request time; a reply it returns is an object;
//! - `query_all` asks each page after the first from the last page's
//!   `LastEvaluatedKey` and returns every page's `Items` in order, `Count`
//!   and `ScannedCount` summed;
//! - `batch_get_all` makes at most `MAX_BATCH_ROUNDS` rounds, asks each
//!   round after the first for the last round's `UnprocessedKeys`, and
//!   returns per table as many items as the rounds gave it.
#![no_main]
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use cognito_wasm::client::platform::Platform;
use cognito_wasm::client::retry::MAX_ATTEMPTS;
use cognito_wasm::client::skew::ClockSkew;
use cognito_wasm::dynamodb::{Dynamo, MAX_BATCH_ROUNDS};
use cognito_wasm::sigv4::{Signer, SigningCredentials};
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::wire::json::{self, Value};
use cognito_wasm::CognitoError;

/// Answers with the scripted replies in turn, then a network failure.
struct Scripted {
    replies: RefCell<VecDeque<HttpResponse>>,
    /// What was sent, and the reply it got (none: the network failed).
    exchanges: RefCell<Vec<(HttpRequest, Option<HttpResponse>)>>,
    now: Cell<f64>,
}

impl Platform for Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        let reply = self.replies.borrow_mut().pop_front();
        self.exchanges.borrow_mut().push((request, reply.clone()));
        // Time passes between replies.
        self.now.set(self.now.get() + 250.0);
        reply.ok_or_else(|| CognitoError::network("no reply left"))
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        buf.fill(7);
        Ok(())
    }

    async fn sleep(&self, _ms: u32) {}
}

/// Runs a future that never waits (the scripted platform answers at once).
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("nothing waits on the scripted platform"),
    }
}

fn never() -> bool {
    false
}

/// The replies of `data`, split at lines `---`.
fn replies(data: &[u8]) -> Vec<HttpResponse> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(5).position(|w| w == b"\n---\n") {
        out.push(cognito_wasm_fuzz::response(&rest[..i]));
        rest = &rest[i + 5..];
    }
    out.push(cognito_wasm_fuzz::response(rest));
    out
}

/// The request bodies sent and the 2xx replies' JSON, in order: the pages
/// or rounds an operation saw (an unreadable 2xx reply ends it).
fn pages(platform: &Scripted) -> Vec<(Value, Value)> {
    platform
        .exchanges
        .borrow()
        .iter()
        .filter_map(|(request, reply)| {
            let reply = reply.as_ref()?;
            if !(200..300).contains(&reply.status) {
                return None;
            }
            let sent = json::parse(std::str::from_utf8(&request.body).ok()?).ok()?;
            let body = std::str::from_utf8(&reply.body).ok()?;
            let got = if body.trim().is_empty() {
                Value::Object(Vec::new())
            } else {
                json::parse(body).ok()?
            };
            Some((sent, got))
        })
        .collect()
}

fn items_of(value: Option<&Value>) -> Vec<Value> {
    value.and_then(Value::as_array).unwrap_or_default().to_vec()
}

fn check_error(e: &CognitoError) {
    assert!(!e.name().is_empty(), "an error has a name");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let script = replies(data);
    let credentials = SigningCredentials {
        access_key_id: "ASIAEXAMPLEKEY".into(),
        secret_access_key: "secret".into(),
        session_token: Some("token".into()),
    };
    let signer = Signer::new();
    let operate = |op: u8| {
        let platform = Scripted {
            replies: RefCell::new(script.clone().into()),
            exchanges: RefCell::new(Vec::new()),
            now: Cell::new(1_767_268_800_000.0),
        };
        let skew = ClockSkew::new();
        let dynamo = Dynamo {
            platform: &platform,
            signer: &signer,
            skew: &skew,
            credentials: &credentials,
            region: "eu-west-1",
            endpoint: None,
            aborted: &never,
        };
        let body = json::parse(r#"{"TableName":"t","Limit":2}"#).expect("JSON");
        let batch =
            json::parse(r#"{"RequestItems":{"t":{"Keys":[{"k":{"S":"a"}}]}}}"#).expect("JSON");
        let result = run(match op {
            0 => Box::pin(dynamo.call("GetItem", &body))
                as std::pin::Pin<Box<dyn Future<Output = _>>>,
            1 => Box::pin(dynamo.query_all(&body)),
            _ => Box::pin(dynamo.batch_get_all(&batch)),
        });
        (result, platform)
    };

    // One call.
    let (result, platform) = operate(0);
    let sent = platform.exchanges.borrow().len();
    assert!(
        sent as u32 <= MAX_ATTEMPTS + 1,
        "a call sends at most {MAX_ATTEMPTS} requests and one more for the clock: {sent}"
    );
    match result {
        Ok(reply) => assert!(reply.as_object().is_some(), "a reply is an object"),
        Err(e) => check_error(&e),
    }

    // Query, page after page.
    let (result, platform) = operate(1);
    let seen = pages(&platform);
    let mut start_key: Option<Value> = None;
    for (sent, page) in &seen {
        assert_eq!(
            sent.get("ExclusiveStartKey"),
            start_key.as_ref(),
            "a page is asked from the last page's key"
        );
        start_key = page.get("LastEvaluatedKey").cloned();
    }
    match result {
        Ok(all) => {
            let items: Vec<Value> = seen
                .iter()
                .flat_map(|(_, p)| items_of(p.get("Items")))
                .collect();
            assert_eq!(
                items_of(all.get("Items")),
                items,
                "every page's items, in order"
            );
            let sum = |name: &str| {
                seen.iter()
                    .map(|(_, p)| p.get_f64(name).unwrap_or(0.0))
                    .sum::<f64>()
            };
            for name in ["Count", "ScannedCount"] {
                let total = all.get_f64(name).expect("a total");
                assert!(
                    total == sum(name) || total.is_nan() && sum(name).is_nan(),
                    "{name} summed"
                );
            }
        }
        Err(e) => check_error(&e),
    }

    // BatchGetItem, round after round.
    let (result, platform) = operate(2);
    let seen = pages(&platform);
    assert!(
        seen.len() as u32 <= MAX_BATCH_ROUNDS,
        "at most {MAX_BATCH_ROUNDS} rounds"
    );
    for pair in seen.windows(2) {
        assert_eq!(
            pair[1].0.get("RequestItems"),
            pair[0].1.get("UnprocessedKeys"),
            "a round asks for the last round's unprocessed keys"
        );
    }
    match result {
        Ok(all) => {
            let tables = all
                .get("Responses")
                .and_then(Value::as_object)
                .expect("Responses per table");
            for (table, items) in tables {
                let given: usize = seen
                    .iter()
                    .filter_map(|(_, r)| r.get("Responses").and_then(Value::as_object))
                    .flat_map(|t| t.iter().filter(|(name, _)| name == table))
                    .map(|(_, items)| items_of(Some(items)).len())
                    .sum();
                assert_eq!(
                    items_of(Some(items)).len(),
                    given,
                    "{table}: as many items as the rounds gave"
                );
            }
        }
        Err(e) => check_error(&e),
    }
});
