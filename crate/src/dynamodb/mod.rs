//! DynamoDB and any other AWS JSON 1.0/1.1 API: signed POSTs with
//! `X-Amz-Target`, errors named from `__type` / `x-amzn-ErrorType`,
//! throttling and transient failures retried with capped, jittered
//! exponential backoff, and the paging and `UnprocessedKeys` loops of
//! `queryAll` and `batchGetItem`.
use crate::prelude::*;

pub mod marshal;
pub mod shapes;

use crate::client::platform::Platform;
use crate::client::retry::{self, RetryMode};
use crate::client::skew::{is_clock_skew_refusal, ClockSkew};
use crate::cognito::aws_json;
use crate::error::{CognitoError, ErrorKind};
use crate::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use crate::wire::http::{HttpRequest, HttpResponse};
use crate::wire::json::Value;

/// Most pages `queryAll` fetches before giving up.
pub const MAX_PAGES: usize = 1000;
/// Most BatchGetItem rounds (the first included) while `UnprocessedKeys`
/// remain; what is still unprocessed after them is returned to the caller.
pub const MAX_BATCH_ROUNDS: u32 = 8;

/// One AWS JSON call.
#[derive(Clone, Debug)]
pub struct JsonCall<'a> {
    /// Signing name and host label (`dynamodb`, `kinesis`, `logs`).
    pub service: &'a str,
    /// Region of the endpoint and the signature.
    pub region: &'a str,
    /// Custom endpoint URL; default `https://<service>.<region>.amazonaws.com/`.
    pub endpoint: Option<&'a str>,
    /// `X-Amz-Target` (`DynamoDB_20120810.GetItem`).
    pub target: &'a str,
    /// Content type; default [`content_type_for`] the service.
    pub content_type: Option<&'a str>,
    /// JSON body.
    pub body: Vec<u8>,
}

/// AWS JSON 1.0 for DynamoDB (and its streams), 1.1 for the others.
pub fn content_type_for(service: &str) -> &'static str {
    if service == "dynamodb" {
        "application/x-amz-json-1.0"
    } else {
        aws_json::CONTENT_TYPE
    }
}

/// The HTTP request of `call` (unsigned).
pub fn json_request(call: &JsonCall) -> HttpRequest {
    let url = match call.endpoint {
        Some(endpoint) => endpoint.to_owned(),
        None => format!("https://{}.{}.amazonaws.com/", call.service, call.region),
    };
    HttpRequest {
        method: "POST".to_owned(),
        url,
        headers: vec![
            (
                "Content-Type".to_owned(),
                call.content_type
                    .unwrap_or_else(|| content_type_for(call.service))
                    .to_owned(),
            ),
            ("X-Amz-Target".to_owned(), call.target.to_owned()),
        ],
        body: call.body.clone(),
    }
}

/// Whether the error asks to slow down (the throttling kinds AWS SDKs
/// retry, DynamoDB's included, and HTTP 429).
pub fn is_throttling(error: &CognitoError, status: u16) -> bool {
    status == 429 || error.kind.is_throttling()
}

/// The error of a non-2xx reply: the AWS name, throttling marked retryable.
pub fn error_of(response: &HttpResponse) -> CognitoError {
    let mut error = aws_json::error_from_response(response);
    if is_throttling(&error, response.status) {
        error.retryable = true;
    }
    error
}

/// `AbortError`, for a call whose signal fired.
pub fn aborted_error() -> CognitoError {
    CognitoError::new(ErrorKind::AbortError, "the call was aborted", false)
}

/// Signs and sends `call`, learning the clock offset from each reply;
/// retries once at once when the request time was refused and the offset
/// could be corrected, and with backoff (at most
/// [`retry::MAX_ATTEMPTS`] attempts) on throttling, 5xx and network
/// failures, as AWS advises for every call. `aborted` is asked before
/// each attempt and after each reply. Returns the 2xx reply.
pub async fn send<P: Platform>(
    platform: &P,
    signer: &Signer,
    skew: &ClockSkew,
    credentials: &SigningCredentials,
    call: &JsonCall<'_>,
    aborted: &dyn Fn() -> bool,
) -> Result<HttpResponse, CognitoError> {
    let request = json_request(call);
    // The call's endpoint (AWS's or the caller's `endpoint`) is configured.
    skew.configure(&request.url);
    let mut skew_retried = false;
    let mut attempt = 0;
    loop {
        if aborted() {
            return Err(aborted_error());
        }
        let signed_time = skew.now_ms(platform.now_ms());
        let params = SigningParams {
            credentials,
            region: call.region,
            service: call.service,
            time_ms: signed_time,
        };
        let signed = signer.sign(request.clone(), &params, &SignOptions::default())?;
        let offset_before = skew.offset_ms();
        let result = platform.send(signed.request).await;
        if aborted() {
            return Err(aborted_error());
        }
        let (error, status) = match result {
            Ok(response) => {
                let local_after = platform.now_ms();
                skew.observe(&request.url, &response, local_after);
                if (200..300).contains(&response.status) {
                    return Ok(response);
                }
                let error = error_of(&response);
                let corrected = (skew.offset_ms() - offset_before).abs() >= 1000.0;
                if !skew_retried
                    && corrected
                    && is_clock_skew_refusal(&error, signed_time, skew.now_ms(local_after))
                {
                    skew_retried = true;
                    continue;
                }
                (error, Some(response.status))
            }
            Err(error) => (error, None),
        };
        if !retry::should_retry(RetryMode::Idempotent, &error, status, attempt) {
            return Err(error);
        }
        pause(platform, attempt).await;
        attempt += 1;
    }
}

async fn pause<P: Platform>(platform: &P, attempt: u32) {
    let mut random = [0u8; 4];
    // Without randomness the wait is still bounded; jitter is lost.
    let _ = platform.random_bytes(&mut random);
    platform
        .sleep(retry::backoff_ms(attempt, u32::from_le_bytes(random)))
        .await;
}

/// The JSON object of a 2xx reply (an empty body is `{}`).
pub fn reply_json(response: &HttpResponse, target: &str) -> Result<Value, CognitoError> {
    aws_json::parse_reply(response, target)
}

/// What the DynamoDB calls share: where and as whom.
pub struct Dynamo<'a, P: Platform> {
    /// Host services.
    pub platform: &'a P,
    /// Signer with its key cache.
    pub signer: &'a Signer,
    /// Learned clock offset.
    pub skew: &'a ClockSkew,
    /// Signing keys.
    pub credentials: &'a SigningCredentials,
    /// Region.
    pub region: &'a str,
    /// Custom endpoint.
    pub endpoint: Option<&'a str>,
    /// Whether the caller gave up.
    pub aborted: &'a dyn Fn() -> bool,
}

impl<P: Platform> Dynamo<'_, P> {
    /// One DynamoDB operation (`GetItem`) with a wire-format body.
    pub async fn call(&self, operation: &str, body: &Value) -> Result<Value, CognitoError> {
        let target = format!("{}{operation}", shapes::TARGET_PREFIX);
        let call = JsonCall {
            service: "dynamodb",
            region: self.region,
            endpoint: self.endpoint,
            target: &target,
            content_type: None,
            body: body.to_string().into_bytes(),
        };
        let response = send(
            self.platform,
            self.signer,
            self.skew,
            self.credentials,
            &call,
            self.aborted,
        )
        .await?;
        reply_json(&response, operation)
    }

    /// Query, following `LastEvaluatedKey` until the last page: every
    /// page's `Items` in order, `Count` and `ScannedCount` summed. Stops
    /// with `InvalidResponse` if a page repeats its key and `TooManyPages`
    /// after [`MAX_PAGES`].
    pub async fn query_all(&self, body: &Value) -> Result<Value, CognitoError> {
        let mut request = body.clone();
        let mut items = Vec::new();
        let (mut count, mut scanned) = (0.0, 0.0);
        let mut last_key: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page = self.call("Query", &request).await?;
            if let Some(page_items) = page.get("Items").and_then(Value::as_array) {
                items.extend(page_items.iter().cloned());
            }
            count += page.get_f64("Count").unwrap_or(0.0);
            scanned += page.get_f64("ScannedCount").unwrap_or(0.0);
            let Some(next) = page.get("LastEvaluatedKey").cloned() else {
                return Ok(Value::object([
                    ("Items", Value::Array(items)),
                    ("Count", Value::Number(count)),
                    ("ScannedCount", Value::Number(scanned)),
                ]));
            };
            let text = next.to_string();
            if last_key.as_deref() == Some(text.as_str()) {
                return Err(CognitoError::invalid_response(
                    "DynamoDB repeated a LastEvaluatedKey",
                ));
            }
            last_key = Some(text);
            set_member(&mut request, "ExclusiveStartKey", next);
        }
        Err(CognitoError::new(
            ErrorKind::TooManyPages,
            format!("query stopped after {MAX_PAGES} pages; narrow the key condition"),
            false,
        ))
    }

    /// BatchGetItem, asking again for `UnprocessedKeys` with backoff (at
    /// most [`MAX_BATCH_ROUNDS`] rounds): `Responses` merged per table;
    /// keys still unprocessed at the end stay in `UnprocessedKeys`.
    pub async fn batch_get_all(&self, body: &Value) -> Result<Value, CognitoError> {
        let mut request = body.clone();
        let mut responses: Vec<(String, Value)> = Vec::new();
        let mut round = 0;
        loop {
            let reply = self.call("BatchGetItem", &request).await?;
            for (table, items) in reply
                .get("Responses")
                .and_then(Value::as_object)
                .unwrap_or_default()
            {
                let items = items.as_array().unwrap_or_default();
                match responses.iter_mut().find(|(t, _)| t == table) {
                    Some((_, Value::Array(all))) => all.extend(items.iter().cloned()),
                    _ => responses.push((table.clone(), Value::Array(items.to_vec()))),
                }
            }
            let unprocessed = reply
                .get("UnprocessedKeys")
                .filter(|u| u.as_object().is_some_and(|o| !o.is_empty()))
                .cloned();
            round += 1;
            match unprocessed {
                Some(keys) if round < MAX_BATCH_ROUNDS => {
                    pause(self.platform, round - 1).await;
                    set_member(&mut request, "RequestItems", keys);
                }
                rest => {
                    let mut out = vec![("Responses".to_owned(), Value::Object(responses))];
                    if let Some(keys) = rest {
                        out.push(("UnprocessedKeys".to_owned(), keys));
                    }
                    return Ok(Value::Object(out));
                }
            }
        }
    }
}

/// Sets (or replaces) the member `key` of an object.
fn set_member(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(pairs) = object {
        pairs.retain(|(k, _)| k != key);
        pairs.push((key.to_owned(), value));
    }
}
