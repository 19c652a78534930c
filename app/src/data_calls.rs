//! Step 3 for the data panels: an S3 or DynamoDB request signed with the
//! session's temporary credentials (its SigV4 strings noted for the log),
//! sent, and retried with backoff while AWS says a retry may work.

use cognito_wasm::client::platform::Platform;
use cognito_wasm::client::retry::{self, RetryMode};
use cognito_wasm::dynamodb::shapes::TARGET_PREFIX;
use cognito_wasm::dynamodb::{self, json_request, reply_json, JsonCall};
use cognito_wasm::s3::parse_s3_error;
use cognito_wasm::sigv4::{SignOptions, Signer, SigningParams};
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::wire::json::Value;
use cognito_wasm::CognitoError;

use crate::redact::redact_canonical_request;
use crate::request_log::SigningNote;
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Which service a request is for: how it is signed and how its errors
/// read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// S3: signing name `s3`, S3's signing rules, XML errors.
    S3,
    /// DynamoDB: signing name `dynamodb`, JSON errors.
    DynamoDb,
}

/// Signs `request` for `service` with the session's credentials, sends
/// it, and returns the 2xx reply or the service's error.
pub async fn send(
    handle: &ClientHandle,
    settings: &Settings,
    service: Service,
    request: HttpRequest,
) -> Result<HttpResponse, CognitoError> {
    let credentials = handle.credentials().await?;
    let signing = credentials.signing();
    let client = &handle.client;
    let platform = client.platform();
    let region = settings.s3_region();
    let (name, options) = match service {
        Service::S3 => ("s3", SignOptions::s3()),
        Service::DynamoDb => ("dynamodb", SignOptions::default()),
    };
    let signer = Signer::new();
    let mut attempt = 0;
    loop {
        let params = SigningParams {
            credentials: &signing,
            region: &region,
            service: name,
            time_ms: client.now_ms(),
        };
        let signed = signer.sign(request.clone(), &params, &options)?;
        // Noted and sent with no await between: the note is this call's.
        platform.note_signing(SigningNote {
            canonical_request: redact_canonical_request(&signed.canonical_request),
            string_to_sign: signed.string_to_sign.clone(),
        });
        let url = signed.request.url.clone();
        let (error, status) = match platform.send(signed.request).await {
            Ok(response) => {
                client.skew().observe(&url, &response, platform.now_ms());
                if (200..300).contains(&response.status) {
                    return Ok(response);
                }
                let error = match service {
                    Service::S3 => parse_s3_error(&response),
                    Service::DynamoDb => dynamodb::error_of(&response),
                };
                (error, Some(response.status))
            }
            Err(error) => (error, None),
        };
        if !retry::should_retry(RetryMode::Idempotent, &error, status, attempt) {
            return Err(error);
        }
        let mut random = [0u8; 4];
        // Without randomness the wait is still bounded; jitter is lost.
        let _ = platform.random_bytes(&mut random);
        platform
            .sleep(retry::backoff_ms(attempt, u32::from_le_bytes(random)))
            .await;
        attempt += 1;
    }
}

/// One DynamoDB operation (`GetItem`, …) with a wire-format body; its
/// reply's JSON.
pub async fn dynamodb_call(
    handle: &ClientHandle,
    settings: &Settings,
    operation: &str,
    body: &Value,
) -> Result<Value, CognitoError> {
    let endpoint = Some(settings.data.dynamodb_endpoint.trim()).filter(|e| !e.is_empty());
    let region = settings.s3_region();
    let target = format!("{TARGET_PREFIX}{operation}");
    let request = json_request(&JsonCall {
        service: "dynamodb",
        region: &region,
        endpoint,
        target: &target,
        content_type: None,
        body: body.to_string().into_bytes(),
    });
    let response = send(handle, settings, Service::DynamoDb, request).await?;
    reply_json(&response, operation)
}
