//! The fault matrix: each fault the local stack can inject
//! (`POST /_stack/faults`, tests/stack/README.md) against each flow of the
//! JS API — sign-in (SRP, the fault on RespondToAuthChallenge), refresh
//! (REFRESH_TOKEN_AUTH), identity (GetId), credentials
//! (GetCredentialsForIdentity). Run by `scripts/test-browser`. (The S3
//! column, ListObjectsV2 through the package's JavaScript `listObjects`, is
//! tests/e2e/s3-list.test.mjs.) Every client has a `timeoutMs` of
//! [`TIMEOUT_MS`]; the `delay` row answers [`DELAY_MS`] late.
//!
//! Every cell runs twice. First with the fault armed for one call fewer
//! than the retry budget ([`MAX_ATTEMPTS`]): a fault the flow may retry is
//! recovered from, using the whole budget; any other fails at once with the
//! row's `name` and `retryable`. Then, for a fault that was recovered from,
//! with the fault armed past the budget: the call fails after exactly
//! [`MAX_ATTEMPTS`] tries, with the row's `name` and `retryable: true`. After
//! each run, nothing is lost: a signed-in user is still signed in (tokens
//! are cleared only on NotAuthorizedException, which no row sends) and the
//! flow's next call succeeds once the fault is disarmed.
//!
//! The rows come from one table ([`fault_matrix!`]): a new fault is a new
//! line there.
#![cfg(target_arch = "wasm32")]

mod browser_common;

use browser_common::*;
use cognito_wasm::client::retry::MAX_ATTEMPTS;
use cognito_wasm::js::client::JsCognitoClient;
use cognito_wasm::wire::json::{self, Value};
use js_sys::Date;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The `timeoutMs` of every call of these tests.
const TIMEOUT_MS: f64 = 1_500.0;
/// How late the `delay` fault answers: past [`TIMEOUT_MS`].
const DELAY_MS: f64 = 2_500.0;

/// How a flow reacts to a fault.
#[derive(Clone, Copy)]
enum Reaction {
    /// A failure safe to repeat: retried by every flow (a throttling error
    /// comes before the request is processed, so even a challenge answer is
    /// repeated). The name the call fails with.
    Throttled(&'static str),
    /// A failure retried where the call is safe to repeat; a challenge
    /// answer (single-use SRP secret) fails at once, retryable.
    Transient(&'static str),
    /// A failure no retry helps: `(name, retryable)`.
    Final(&'static str, bool),
    /// The reply is still right: the call succeeds first time.
    Served,
}

/// One row of the matrix.
struct Row {
    /// The stack's fault name.
    fault: &'static str,
    /// The fault's `delayMs`, if it takes one.
    delay_ms: Option<f64>,
    reaction: Reaction,
    /// The browser itself resends a request whose reused connection was
    /// closed before any reply byte, so the stack counts more calls than
    /// the library made: Chromium once more, Firefox up to its
    /// `network.http.request.max-attempts` (10 by default).
    browser_resends: bool,
}

/// The most times a browser sends one fetch whose connection is reset
/// (Firefox's default `network.http.request.max-attempts`).
const BROWSER_ATTEMPTS: u32 = 10;

/// The flows, each with the one operation its fault is armed on.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Flow {
    SignIn,
    Refresh,
    Identity,
    Credentials,
}

impl Flow {
    /// The operation the stack arms, and its key in the request counter.
    fn operation(self) -> (&'static str, &'static str) {
        match self {
            Flow::SignIn => ("RespondToAuthChallenge", RESPOND),
            Flow::Refresh => ("InitiateAuth", INITIATE_AUTH),
            Flow::Identity => ("GetId", GET_ID),
            Flow::Credentials => ("GetCredentialsForIdentity", GET_CREDENTIALS),
        }
    }
}

/// What a run of a flow should give.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Succeeded after `tries` calls of the faulted operation.
    Succeeded { tries: u32 },
    /// Rejected with this CognitoError.
    Failed { name: String, retryable: bool },
}

fn failed(name: &str, retryable: bool) -> Outcome {
    Outcome::Failed {
        name: name.to_owned(),
        retryable,
    }
}

/// Whether `flow` repeats a call that met `row`'s fault.
fn retried(row: &Row, flow: Flow) -> bool {
    match row.reaction {
        Reaction::Throttled(..) => true,
        Reaction::Transient(..) => flow != Flow::SignIn,
        Reaction::Final(..) | Reaction::Served => false,
    }
}

/// The outcome of a run with `armed` faults, per the row's reaction.
fn expected(row: &Row, flow: Flow, armed: u32) -> Outcome {
    match row.reaction {
        Reaction::Served => Outcome::Succeeded { tries: 1 },
        Reaction::Final(name, retryable) => failed(name, retryable),
        Reaction::Throttled(name) | Reaction::Transient(name) => {
            if retried(row, flow) && armed < MAX_ATTEMPTS {
                Outcome::Succeeded { tries: armed + 1 }
            } else {
                failed(name, true)
            }
        }
    }
}

fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.session_storage().ok().flatten())
        .expect("sessionStorage")
}

/// A client for the public app client with `extra` options and the tests'
/// `timeoutMs`.
fn client_with(stack: &Stack, mut extra: Vec<(&str, Value)>) -> JsCognitoClient {
    extra.push(("timeoutMs", Value::Number(TIMEOUT_MS)));
    JsCognitoClient::new(client_options(stack, &stack.client_id, extra))
        .unwrap_or_else(|e| panic!("client options refused: {}", describe(&e)))
}

/// A client restored from sessionStorage whose stored tokens have expired:
/// its next getTokens refreshes.
async fn client_due_for_refresh(stack: &Stack) -> JsCognitoClient {
    storage().clear().expect("clear");
    let options = || {
        vec![
            ("storage", Value::from("session")),
            ("authFlow", Value::from("USER_PASSWORD_AUTH")),
        ]
    };
    sign_in_demo(stack, &client_with(stack, options())).await;
    let storage = storage();
    let key = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .find(|k| k.ends_with(".tokens"))
        .expect("tokens stored");
    let mut stored =
        json::parse(&storage.get_item(&key).ok().flatten().expect("tokens")).expect("stored JSON");
    let now = Date::now();
    if let Value::Object(pairs) = &mut stored {
        for (name, value) in pairs.iter_mut() {
            match name.as_str() {
                "expiresAt" => *value = Value::Number(now - 60_000.0),
                "obtainedAt" => *value = Value::Number(now - 3_660_000.0),
                _ => {}
            }
        }
    }
    storage
        .set_item(&key, &stored.to_string())
        .expect("write tokens");
    let client = client_with(stack, options());
    assert!(client.is_signed_in(), "the stored session is restored");
    client
}

/// The client a flow's faulted call is made on, ready for it.
async fn set_up(stack: &Stack, flow: Flow) -> JsCognitoClient {
    match flow {
        Flow::SignIn => client_with(stack, vec![]),
        Flow::Refresh => client_due_for_refresh(stack).await,
        Flow::Identity | Flow::Credentials => {
            let client = client_with(stack, vec![("authFlow", Value::from("USER_PASSWORD_AUTH"))]);
            sign_in_demo(stack, &client).await;
            client
        }
    }
}

/// The flow's call: the value it resolves to, or its rejection.
async fn call(stack: &Stack, flow: Flow, client: &JsCognitoClient) -> Result<JsValue, JsValue> {
    match flow {
        Flow::SignIn => {
            resolve(client.sign_in(credentials_of(&stack.demo_username, &stack.demo_password)))
                .await
        }
        Flow::Refresh => resolve(client.get_tokens(JsValue::UNDEFINED)).await,
        Flow::Identity | Flow::Credentials => {
            resolve(client.get_credentials(JsValue::UNDEFINED)).await
        }
    }
}

/// Nothing was lost: a session the flow had is still there, and the flow's
/// next call, with no fault armed, succeeds.
async fn check_nothing_lost(stack: &Stack, flow: Flow, client: &JsCognitoClient, succeeded: bool) {
    let signed_in = flow != Flow::SignIn || succeeded;
    assert_eq!(
        client.is_signed_in(),
        signed_in,
        "{flow:?}: signed in after the fault"
    );
    if flow == Flow::Refresh {
        let storage = storage();
        assert!(
            (0..storage.length().unwrap_or(0))
                .filter_map(|i| storage.key(i).ok().flatten())
                .any(|k| k.ends_with(".tokens")),
            "the stored session is kept"
        );
    }
    if let Err(e) = call(stack, flow, client).await {
        panic!("{flow:?} after the fault: {}", describe(&e));
    }
}

/// Runs `flow` once with `row`'s fault armed `armed` times and checks the
/// outcome, the calls made and that nothing was lost.
async fn run_once(stack: &Stack, row: &Row, flow: Flow, armed: u32) {
    let client = set_up(stack, flow).await;
    let (operation, counted) = flow.operation();
    clear_faults(stack).await;
    reset_counts(stack).await;
    let params: Vec<(&str, Value)> = row
        .delay_ms
        .map(|ms| ("delayMs", Value::Number(ms)))
        .into_iter()
        .collect();
    arm_fault(stack, operation, row.fault, armed, &params).await;
    let result = call(stack, flow, &client).await;
    let tries = counts(stack).await.of(counted);
    clear_faults(stack).await;
    let outcome = match &result {
        Ok(_) => Outcome::Succeeded { tries },
        Err(e) => {
            let retryable = assert_error(e, &get(e, "name").as_string().unwrap_or_default());
            Outcome::Failed {
                name: get(e, "name").as_string().unwrap_or_default(),
                retryable,
            }
        }
    };
    let want = expected(row, flow, armed);
    let label = format!("{} × {flow:?}, armed {armed}", row.fault);
    match (&outcome, &want) {
        // A browser resend may spend faults the library never saw.
        (Outcome::Succeeded { .. }, Outcome::Succeeded { .. }) if row.browser_resends => {}
        _ => assert_eq!(outcome, want, "{label}"),
    }
    if let Outcome::Failed { .. } = outcome {
        // Every try of the budget when the flow retries, else one.
        let made = if retried(row, flow) { MAX_ATTEMPTS } else { 1 };
        if row.browser_resends {
            assert!(
                (made..=BROWSER_ATTEMPTS * made).contains(&tries),
                "{label}: {tries} calls"
            );
        } else {
            assert_eq!(tries, made, "{label}: calls made");
        }
    }
    check_nothing_lost(stack, flow, &client, result.is_ok()).await;
}

/// One cell of the matrix: within the budget, then (for a fault recovered
/// from) past it.
async fn run(row: &Row, flow: Flow) {
    let stack = stack();
    run_once(&stack, row, flow, MAX_ATTEMPTS - 1).await;
    if matches!(
        expected(row, flow, MAX_ATTEMPTS - 1),
        Outcome::Succeeded { tries } if tries > 1
    ) {
        // Far more faults than tries, so browser resends cannot outlast them.
        run_once(&stack, row, flow, 50).await;
    }
    storage().clear().expect("clear");
}

/// `Some(e)` for an expression, `None` for nothing.
macro_rules! some_or_none {
    () => {
        None
    };
    ($e:expr) => {
        Some($e)
    };
}

/// The matrix: one module per row, one test per flow.
macro_rules! fault_matrix {
    ($($row:ident: $fault:literal $(($delay:expr))? => $reaction:expr, resends: $resends:literal;)*) => {$(
        mod $row {
            use super::*;

            const ROW: Row = Row {
                fault: $fault,
                delay_ms: some_or_none!($($delay)?),
                reaction: $reaction,
                browser_resends: $resends,
            };

            #[wasm_bindgen_test]
            async fn sign_in() {
                run(&ROW, Flow::SignIn).await;
            }

            #[wasm_bindgen_test]
            async fn refresh() {
                run(&ROW, Flow::Refresh).await;
            }

            #[wasm_bindgen_test]
            async fn identity() {
                run(&ROW, Flow::Identity).await;
            }

            #[wasm_bindgen_test]
            async fn credentials() {
                run(&ROW, Flow::Credentials).await;
            }
        }
    )*};
}

fault_matrix! {
    http_500: "500" => Reaction::Transient("InternalFailure"), resends: false;
    http_503: "503" => Reaction::Transient("ServiceUnavailable"), resends: false;
    http_429: "429" => Reaction::Throttled("TooManyRequestsException"), resends: false;
    throttling: "throttling" => Reaction::Throttled("ThrottlingException"), resends: false;
    slow_down: "slowdown" => Reaction::Throttled("SlowDown"), resends: false;
    reset: "reset" => Reaction::Transient("NetworkError"), resends: true;
    malformed: "malformed" => Reaction::Final("InvalidResponse", false), resends: false;
    html: "html" => Reaction::Transient("InternalErrorException"), resends: false;
    truncated: "truncated" => Reaction::Transient("NetworkError"), resends: false;
    content_type: "content-type" => Reaction::Served, resends: false;
    date_skew: "date-skew" => Reaction::Served, resends: false;
    delay: "delay" (DELAY_MS) => Reaction::Transient("TimeoutError"), resends: false;
}
