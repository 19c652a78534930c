//! The transport loop of every Cognito call: send, learn the clock skew
//! from the reply, retry per [`RetryMode`], and redact the error.
//!
//! # Redaction
//!
//! A server may echo what a request carried in its error message (an
//! emulator puts the refresh token in its `NotAuthorizedException`), and
//! error messages are shown and logged. So before [`CognitoClient::call`]
//! returns an error:
//! 1. the secrets of the call are collected: every value, at any depth of
//!    the request's JSON body, of a field that [`Secret::of_field`]
//!    classifies (all the values under `Logins`), the values of the headers
//!    that [`is_secret_header`] names, and the `secrets` the caller adds;
//! 2. each of them at least [`MIN_SECRET_CHARS`] long is replaced by
//!    [`REDACTED`] wherever it appears in the message;
//! 3. a `NetworkError`'s message is prefixed with the operation's name.
//!
//! A new operation whose request names its secrets with the fields below
//! needs nothing more; a secret under another field name is either added to
//! [`Secret::of_field`] (when it is a field of the Cognito API) or passed
//! in `secrets`.
use crate::prelude::*;

use super::retry::{self, RetryMode};
use super::{CognitoClient, Platform};
use crate::cognito::aws_json;
use crate::error::{CognitoError, ErrorKind};
use crate::wire::http::{is_secret_header, HttpRequest, HttpResponse};
use crate::wire::json::{self, Value};
use crate::wire::text;

/// What replaces a secret in an error message.
pub(crate) const REDACTED: &str = "<redacted>";

/// Shorter values are not searched for: an empty or one-letter value would
/// match ordinary text of the message, and no secret is that short.
pub(crate) const MIN_SECRET_CHARS: usize = 4;

/// Why a value a request carries is secret. Every class is redacted alike;
/// the classes say why a field is on the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Secret {
    /// A password: `PASSWORD`, `NEW_PASSWORD`, `Password`,
    /// `PreviousPassword`, `ProposedPassword`.
    Password,
    /// A value derived from the client secret that proves knowing it:
    /// `SECRET_HASH`, `SecretHash`.
    Proof,
    /// A one-time code: `SMS_MFA_CODE`, `SOFTWARE_TOKEN_MFA_CODE`,
    /// `EMAIL_OTP_CODE`, `ConfirmationCode`, `Code`, `UserCode`.
    Code,
    /// A token: `REFRESH_TOKEN`, `AccessToken`, `Token` (RevokeToken), and
    /// every provider token in `Logins`.
    Token,
    /// The app client's secret: `ClientSecret`.
    ClientCredential,
    /// A challenge's `Session`, which stands for the half-done sign-in.
    Session,
}

impl Secret {
    /// The class of secret a request field named `key` holds, if any.
    pub(crate) fn of_field(key: &str) -> Option<Secret> {
        Some(match key {
            "PASSWORD" | "NEW_PASSWORD" | "Password" | "PreviousPassword" | "ProposedPassword" => {
                Secret::Password
            }
            "SECRET_HASH" | "SecretHash" => Secret::Proof,
            "SMS_MFA_CODE"
            | "SOFTWARE_TOKEN_MFA_CODE"
            | "EMAIL_OTP_CODE"
            | "ConfirmationCode"
            | "Code"
            | "UserCode" => Secret::Code,
            "REFRESH_TOKEN" | "AccessToken" | "Token" | "Logins" => Secret::Token,
            "ClientSecret" => Secret::ClientCredential,
            "Session" => Secret::Session,
            _ => return None,
        })
    }
}

impl<P: Platform + 'static> CognitoClient<P> {
    /// Sends `request` (the Cognito operation `operation`), retrying per
    /// `mode`; learns the clock skew from every reply. Returns a 2xx reply,
    /// or the error with the call's secrets removed from its message (see
    /// the module's redaction rule; `secrets` are further values to remove,
    /// beyond those the rule finds in the request).
    pub(crate) async fn call(
        &self,
        request: HttpRequest,
        mode: RetryMode,
        operation: &str,
        secrets: &[&str],
    ) -> Result<HttpResponse, CognitoError> {
        let platform = &self.inner.platform;
        let mut attempt = 0;
        loop {
            let (error, status) = match platform.send(request.clone()).await {
                Ok(response) => {
                    self.inner
                        .skew
                        .observe(&request.url, &response, platform.now_ms());
                    if !(200..300).contains(&response.status) {
                        (
                            aws_json::error_from_response(&response),
                            Some(response.status),
                        )
                    } else if response.cut_short() && !parses_as_json(&response) {
                        // Retried like a connection lost before the reply.
                        (CognitoError::network("the reply was cut short"), None)
                    } else {
                        return Ok(response);
                    }
                }
                Err(e) => (e, None),
            };
            if !retry::should_retry(mode, &error, status, attempt) {
                return Err(redact(error, operation, &request, secrets));
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
}

/// Whether the body of `response` is JSON (a cut-short reply is not).
fn parses_as_json(response: &HttpResponse) -> bool {
    response.text().is_ok_and(|text| json::parse(text).is_ok())
}

/// Applies the redaction rule to the error of `request` (`operation`), with
/// the caller's further `secrets`.
fn redact(
    mut error: CognitoError,
    operation: &str,
    request: &HttpRequest,
    secrets: &[&str],
) -> CognitoError {
    let message = &mut error.message;
    for (_, value) in request
        .headers
        .iter()
        .filter(|(name, _)| is_secret_header(name))
    {
        remove_secret(message, value);
    }
    let body = core::str::from_utf8(&request.body)
        .ok()
        .and_then(|text| json::parse(text).ok());
    if let Some(body) = body {
        remove_secrets_in(&body, false, message);
    }
    for secret in secrets {
        remove_secret(message, secret);
    }
    if matches!(error.kind, ErrorKind::NetworkError) && !error.message.starts_with(operation) {
        error.message = text!(operation, ": ", error.message);
    }
    error
}

/// Removes from `message` the strings in `value` that are secret: all of
/// them when `secret` (the value of a secret field), else those under
/// secret fields.
fn remove_secrets_in(value: &Value, secret: bool, message: &mut String) {
    match value {
        Value::String(s) if secret => remove_secret(message, s),
        Value::Array(items) => {
            for item in items {
                remove_secrets_in(item, secret, message);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                remove_secrets_in(member, secret || Secret::of_field(key).is_some(), message);
            }
        }
        _ => {}
    }
}

/// Replaces `secret` in `message` by [`REDACTED`], unless it is shorter
/// than [`MIN_SECRET_CHARS`].
fn remove_secret(message: &mut String, secret: &str) {
    if secret.len() >= MIN_SECRET_CHARS && text::find(message, secret).is_some() {
        *message = text::replace(message, secret, REDACTED);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)], body: &str) -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: "https://cognito-idp.us-east-1.amazonaws.com/".into(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn redaction_removes_echoed_secrets() {
        let e = CognitoError::from_aws(
            "NotAuthorizedException",
            "Invalid refresh token: abcd-1234-secret",
            400,
        );
        let e = redact(
            e,
            "InitiateAuth",
            &request(&[], ""),
            &["abcd-1234-secret", ""],
        );
        assert_eq!(e.message, "Invalid refresh token: <redacted>");
        let e = redact(
            CognitoError::network("failed to fetch"),
            "GetId",
            &request(&[], ""),
            &[],
        );
        assert_eq!(e.message, "GetId: failed to fetch");
    }

    #[test]
    fn the_rule_finds_every_secret_field_of_a_request() {
        let body = r#"{
            "AuthParameters": {"USERNAME": "carol", "PASSWORD": "hunter2!", "SECRET_HASH": "c2VjcmV0aGFzaA==", "REFRESH_TOKEN": "rt-value"},
            "ChallengeResponses": {"NEW_PASSWORD": "n3w-pass", "SMS_MFA_CODE": "123456", "ANSWER": "SMS_MFA"},
            "Session": "sess-ion-value",
            "Logins": {"cognito-idp.us-east-1.amazonaws.com/us-east-1_X": "id.token.jwt", "accounts.google.com": "google-tok"},
            "Token": "refresh-tok", "ClientSecret": "cl-secret", "AccessToken": "acc-tok",
            "Nested": [{"ConfirmationCode": "654321"}],
            "ClientId": "client-id-1"
        }"#;
        let r = request(&[("Authorization", "AWS4-HMAC-SHA256 sig")], body);
        let secrets = [
            "hunter2!",
            "c2VjcmV0aGFzaA==",
            "rt-value",
            "n3w-pass",
            "123456",
            "sess-ion-value",
            "id.token.jwt",
            "google-tok",
            "refresh-tok",
            "cl-secret",
            "acc-tok",
            "654321",
            "AWS4-HMAC-SHA256 sig",
        ];
        let echoed = CognitoError::from_aws(
            "NotAuthorizedException",
            format!(
                "user carol (client client-id-1, MFA SMS_MFA): {}",
                secrets.join(" | ")
            ),
            400,
        );
        let e = redact(echoed, "RevokeToken", &r, &[]);
        let expected = vec![REDACTED; secrets.len()].join(" | ");
        assert_eq!(
            e.message,
            format!("user carol (client client-id-1, MFA SMS_MFA): {expected}")
        );
        // Names are exact: USERNAME and ClientId are not secret.
        assert_eq!(Secret::of_field("USERNAME"), None);
        assert_eq!(Secret::of_field("ClientId"), None);
        assert_eq!(Secret::of_field("password"), None);
        assert_eq!(Secret::of_field("Logins"), Some(Secret::Token));
        // A body that is not JSON hides nothing and breaks nothing.
        let e = CognitoError::from_aws("X", "not json { here", 400);
        assert_eq!(
            redact(e, "Op", &request(&[], "not json {"), &[]).message,
            "not json { here"
        );
    }
}
