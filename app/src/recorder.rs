//! A `Platform` that sends through the browser and records each call in
//! the request log (redacted) for the "How it works" view.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};

use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::redact::{redact_body, redact_headers, redact_url};
use crate::request_log::{LogAction, LogEntry, Outcome, SigningNote, Step};

static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// [`BrowserPlatform`] plus a record of every call.
pub struct RecordingPlatform {
    inner: BrowserPlatform,
    log: Callback<LogAction>,
    signing: RefCell<Option<SigningNote>>,
}

impl RecordingPlatform {
    /// Records into `log`.
    pub fn new(log: Callback<LogAction>) -> Self {
        Self {
            inner: BrowserPlatform,
            log,
            signing: RefCell::new(None),
        }
    }

    /// Attaches the SigV4 strings to the next call sent.
    pub fn note_signing(&self, note: SigningNote) {
        *self.signing.borrow_mut() = Some(note);
    }
}

/// The step and operation of a request: Cognito calls by `X-Amz-Target`
/// (signed ones are step 3, like any AWS API), everything else is S3.
fn classify(request: &HttpRequest) -> (Step, String) {
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let signed = header("authorization").is_some();
    if let Some(target) = header("x-amz-target") {
        let operation = target.rsplit('.').next().unwrap_or(target).to_owned();
        let step = if signed {
            Step::Aws
        } else if target.starts_with("AWSCognitoIdentityService.") {
            Step::IdentityPool
        } else {
            Step::UserPool
        };
        return (step, operation);
    }
    (
        Step::Aws,
        s3_operation(&request.method, &request.url).to_owned(),
    )
}

/// The S3 operation of a request, by method and query.
fn s3_operation(method: &str, url: &str) -> &'static str {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let has = |name: &str| {
        query
            .split('&')
            .any(|p| p == name || p.starts_with(&format!("{name}=")))
    };
    match method {
        "GET" if has("list-type") => "S3 ListObjectsV2",
        "GET" => "S3 GetObject",
        "HEAD" => "S3 HeadObject",
        "PUT" if has("partNumber") => "S3 UploadPart",
        "PUT" => "S3 PutObject",
        "POST" if has("uploads") => "S3 CreateMultipartUpload",
        "POST" if has("uploadId") => "S3 CompleteMultipartUpload",
        "POST" if has("delete") => "S3 DeleteObjects",
        "DELETE" if has("uploadId") => "S3 AbortMultipartUpload",
        "DELETE" => "S3 DeleteObject",
        _ => "S3 request",
    }
}

/// Emits after the current task: the page re-renders outside the
/// library's call stack (it may be holding its own state then).
fn emit_later(log: &Callback<LogAction>, action: LogAction) {
    let log = log.clone();
    spawn_local(async move { log.emit(action) });
}

impl Platform for RecordingPlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let (step, operation) = classify(&request);
        let entry = LogEntry {
            id,
            step,
            operation,
            method: request.method.clone(),
            url: redact_url(&request.url),
            headers: redact_headers(&request.headers),
            body: redact_body(&request.body),
            signing: self.signing.borrow_mut().take(),
            outcome: None,
        };
        emit_later(
            &self.log,
            LogAction::Started {
                entry: Box::new(entry),
            },
        );
        let started = self.inner.now_ms();
        let result = self.inner.send(request).await;
        let duration_ms = self.inner.now_ms() - started;
        let outcome = match &result {
            Ok(response) => Outcome {
                status: Some(response.status),
                headers: redact_headers(&response.headers),
                body: redact_body(&response.body),
                duration_ms,
            },
            Err(error) => Outcome {
                status: None,
                headers: Vec::new(),
                body: error.to_string(),
                duration_ms,
            },
        };
        emit_later(&self.log, LogAction::Finished { id, outcome });
        result
    }

    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        self.inner.random_bytes(buf)
    }

    async fn sleep(&self, ms: u32) {
        self.inner.sleep(ms).await
    }
}
