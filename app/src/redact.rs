//! What the request log may show: every secret removed or shortened before
//! a request or response is displayed.
//!
//! Hidden entirely: passwords, SECRET_HASH, refresh tokens, the AWS secret
//! key, client secrets, one-time codes (confirmation, reset, verification,
//! MFA), the TOTP secret and a device's password verifier. Shortened (recognisable, not usable): ID and access
//! tokens, session tokens, the challenge `Session`, `Logins` values, SRP
//! numbers, SigV4 signatures.

use cognito_wasm::wire::json::{self, Value};

use crate::format::{shorten, truncate};
use crate::pretty_json::pretty;

/// Shown in place of a hidden value.
pub const HIDDEN: &str = "‹redacted›";
/// Characters of a shortened value that stay visible.
const KEEP: usize = 8;
/// Longest body shown, in characters.
const MAX_BODY_CHARS: usize = 6_000;

/// JSON member names whose values are never shown.
const HIDE: &[&str] = &[
    "PASSWORD",
    "NEW_PASSWORD",
    "SECRET_HASH",
    "REFRESH_TOKEN",
    "RefreshToken",
    "SecretKey",
    "SecretAccessKey",
    "ClientSecret",
    "Password",
    "PreviousPassword",
    "ProposedPassword",
    "SMS_MFA_CODE",
    "SOFTWARE_TOKEN_MFA_CODE",
    "EMAIL_OTP_CODE",
    "ConfirmationCode",
    "Code",
    "UserCode",
    "SecretCode",
    "PasswordVerifier",
    "ANSWER",
];

/// JSON member names whose values are shortened.
const SHORTEN: &[&str] = &[
    "IdToken",
    "AccessToken",
    "SessionToken",
    "Session",
    "Token",
    "SRP_A",
    "SRP_B",
    "SALT",
    "SECRET_BLOCK",
    "PASSWORD_CLAIM_SECRET_BLOCK",
    "PASSWORD_CLAIM_SIGNATURE",
    "DEVICE_KEY",
    "Salt",
];

/// Header names whose values are shortened (`Authorization` keeps its
/// credential scope and signed headers; only the signature is cut).
const SHORTEN_HEADERS: &[&str] = &["x-amz-security-token", "cookie"];

/// Query parameters (presigned URLs) whose values are shortened.
const SHORTEN_QUERY: &[&str] = &["X-Amz-Signature", "X-Amz-Security-Token"];

/// A JSON value with secrets hidden or shortened, recursively.
pub fn redact_json(value: &Value) -> Value {
    redact_member(value, None)
}

fn redact_member(value: &Value, key: Option<&str>) -> Value {
    if let Some(key) = key {
        if HIDE.contains(&key) {
            return Value::String(HIDDEN.to_owned());
        }
        if SHORTEN.contains(&key) {
            if let Some(s) = value.as_str() {
                return Value::String(shorten(s, KEEP));
            }
        }
        if key == "Logins" {
            if let Some(pairs) = value.as_object() {
                return Value::Object(
                    pairs
                        .iter()
                        .map(|(k, v)| {
                            let shown = v
                                .as_str()
                                .map_or_else(|| HIDDEN.to_owned(), |s| shorten(s, KEEP));
                            (k.clone(), Value::String(shown))
                        })
                        .collect(),
                );
            }
        }
    }
    match value {
        Value::Object(pairs) => Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), redact_member(v, Some(k))))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| redact_member(v, None)).collect()),
        other => other.clone(),
    }
}

/// A body for display: JSON redacted and indented, other text cut to a
/// readable length, binary data as its size.
pub fn redact_body(body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return format!("‹{} bytes of binary data›", body.len());
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(value) = json::parse(text) {
            return truncate(&pretty(&redact_json(&value)), MAX_BODY_CHARS);
        }
        // Unparsable JSON-looking text may still hold a secret: hide it.
        return format!("‹{} characters of unreadable JSON›", text.chars().count());
    }
    truncate(text, MAX_BODY_CHARS)
}

/// Headers for display, with signatures and tokens shortened.
pub fn redact_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if name.eq_ignore_ascii_case("authorization") {
                redact_authorization(value)
            } else if SHORTEN_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h)) {
                shorten(value, KEEP)
            } else {
                value.clone()
            };
            (name.clone(), shown)
        })
        .collect()
}

/// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` with the
/// signature shortened; any other scheme hidden.
pub fn redact_authorization(value: &str) -> String {
    match value.split_once("Signature=") {
        Some((head, signature)) if value.starts_with("AWS4-HMAC-SHA256 ") => {
            format!("{head}Signature={}", shorten(signature.trim(), KEEP))
        }
        _ => HIDDEN.to_owned(),
    }
}

/// A URL with presigned-URL secrets shortened.
pub fn redact_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let params: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if SHORTEN_QUERY.iter().any(|q| q.eq_ignore_ascii_case(name)) => {
                format!("{name}={}", shorten(value, KEEP))
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", params.join("&"))
}

/// A SigV4 canonical request with the session token shortened (it is one
/// of the signed headers, or a query parameter when presigning).
pub fn redact_canonical_request(canonical: &str) -> String {
    canonical
        .lines()
        .map(|line| {
            if let Some(token) = line.strip_prefix("x-amz-security-token:") {
                format!("x-amz-security-token:{}", shorten(token, KEEP))
            } else if line.contains("X-Amz-Security-Token=") || line.contains("X-Amz-Signature=") {
                redact_url(&format!("?{line}"))
                    .trim_start_matches('?')
                    .to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str =
        "eyJraWQiOiJhYmMiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

    #[test]
    fn hides_passwords_secrets_and_refresh_tokens() {
        let body = format!(
            r#"{{"AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{{"USERNAME":"demo","PASSWORD":"Demo-passw0rd!","SECRET_HASH":"c2VjcmV0aGFzaA=="}},
               "AuthenticationResult":{{"IdToken":"{JWT}","AccessToken":"{JWT}","RefreshToken":"refresh-token-value-1234567890"}},
               "Credentials":{{"AccessKeyId":"ASIAEXAMPLE","SecretKey":"wJalrXUtnFEMI/K7MDENG","SessionToken":"FQoGZXIvYXdzEBYaD-session-token-value"}},
               "ChallengeResponses":{{"NEW_PASSWORD":"Brand-new-passw0rd!","SMS_MFA_CODE":"123456","REFRESH_TOKEN":"another-refresh-token"}}}}"#
        );
        let shown = redact_body(body.as_bytes());
        for secret in [
            "Demo-passw0rd!",
            "c2VjcmV0aGFzaA==",
            "refresh-token-value",
            "wJalrXUtnFEMI",
            "Brand-new-passw0rd!",
            "123456",
            "another-refresh-token",
            JWT,
            "session-token-value",
        ] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
        assert!(shown.contains(r#""PASSWORD": "‹redacted›""#), "{shown}");
        assert!(shown.contains(r#""SecretKey": "‹redacted›""#));
        assert!(shown.contains(r#""IdToken": "eyJraWQi…("#), "{shown}");
        assert!(
            shown.contains(r#""AccessKeyId": "ASIAEXAMPLE""#),
            "the key id is not secret"
        );
        assert!(shown.contains(r#""USERNAME": "demo""#));
    }

    #[test]
    fn hides_codes_new_passwords_and_the_totp_secret() {
        let body = format!(
            r#"{{"ConfirmationCode":"483920","Password":"Reset-passw0rd!","PreviousPassword":"Old-passw0rd!",
               "ProposedPassword":"New-passw0rd!","AccessToken":"{JWT}","AttributeName":"email","Code":"551234",
               "UserCode":"902113","SecretCode":"JBSWY3DPEHPK3PXPJBSWY3DP","FriendlyName":"phone",
               "DeviceSecretVerifierConfig":{{"PasswordVerifier":"dmVyaWZpZXItYnl0ZXM=","Salt":"c2FsdC1ieXRlcy1zYWx0LWJ5dGVz"}},
               "ChallengeResponses":{{"SOFTWARE_TOKEN_MFA_CODE":"771203","EMAIL_OTP_CODE":"650021","ANSWER":"custom-answer"}}}}"#
        );
        let shown = redact_body(body.as_bytes());
        for secret in [
            "483920",
            "Reset-passw0rd!",
            "Old-passw0rd!",
            "New-passw0rd!",
            JWT,
            "551234",
            "902113",
            "JBSWY3DPEHPK3PXPJBSWY3DP",
            "dmVyaWZpZXItYnl0ZXM=",
            "c2FsdC1ieXRlcy1zYWx0LWJ5dGVz",
            "771203",
            "650021",
            "custom-answer",
        ] {
            assert!(!shown.contains(secret), "{secret} leaked in {shown}");
        }
        assert!(shown.contains(r#""AttributeName": "email""#), "{shown}");
        assert!(shown.contains(r#""FriendlyName": "phone""#), "{shown}");
        assert!(shown.contains(r#""Salt": "c2FsdC1i…("#), "{shown}");
    }

    #[test]
    fn shortens_logins_values() {
        let body = format!(
            r#"{{"IdentityPoolId":"eu-west-1:x","Logins":{{"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A":"{JWT}"}}}}"#
        );
        let shown = redact_body(body.as_bytes());
        assert!(!shown.contains(JWT));
        assert!(
            shown.contains("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A"),
            "the provider name stays"
        );
    }

    #[test]
    fn unreadable_json_is_hidden_and_text_is_cut() {
        assert_eq!(
            redact_body(br#"{"PASSWORD":"Demo-passw0rd!""#),
            "‹28 characters of unreadable JSON›"
        );
        let xml = "<a>".repeat(3_000);
        let shown = redact_body(xml.as_bytes());
        assert!(shown.len() < xml.len() && shown.ends_with("more characters not shown)"));
        assert_eq!(redact_body(&[0xff, 0xfe]), "‹2 bytes of binary data›");
        assert_eq!(redact_body(b""), "");
    }

    #[test]
    fn authorization_keeps_the_scope_not_the_signature() {
        let signature = "9efd532037765f612d8b63c9fa30fff97c275710539ca2bf23cbd68d729173e3";
        let header = format!(
            "AWS4-HMAC-SHA256 Credential=ASIAX/20250101/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}"
        );
        let shown = redact_authorization(&header);
        assert!(!shown.contains(signature));
        assert!(shown.starts_with("AWS4-HMAC-SHA256 Credential=ASIAX/20250101/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=9efd5320…"));
        assert_eq!(redact_authorization("Bearer abc.def"), HIDDEN);
        let headers = redact_headers(&[
            (
                "X-Amz-Security-Token".into(),
                "FQoGZXIvYXdzEBYaD-long-session-token".into(),
            ),
            ("x-amz-date".into(), "20250101T000000Z".into()),
        ]);
        assert!(!headers[0].1.contains("long-session-token"));
        assert_eq!(headers[1].1, "20250101T000000Z");
    }

    #[test]
    fn presigned_urls_and_canonical_requests_lose_their_secrets() {
        let url = "http://127.0.0.1:5000/b/k.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=FQoGZXIvYXdzEBYaD-long-session-token&X-Amz-Signature=9efd532037765f612d8b63c9fa30fff97c275710539ca2bf23cbd68d729173e3";
        let shown = redact_url(url);
        assert!(
            !shown.contains("long-session-token") && !shown.contains("d729173e3"),
            "{shown}"
        );
        assert!(
            shown.starts_with("http://127.0.0.1:5000/b/k.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&")
        );
        let canonical = "GET\n/b\nlist-type=2\nhost:127.0.0.1:5000\nx-amz-security-token:FQoGZXIvYXdzEBYaD-long-session-token\n\nhost;x-amz-security-token\ne3b0c442";
        let shown = redact_canonical_request(canonical);
        assert!(!shown.contains("long-session-token"));
        assert!(shown.contains("x-amz-security-token:FQoGZXIv…("));
        assert!(shown.contains("host:127.0.0.1:5000\n") && shown.ends_with("e3b0c442"));
    }
}
