//! The local stack's outbox: the codes it "delivered" by email or SMS
//! (`GET /_stack/outbox`), read so a visitor of the demo can type them.
//! Only the local stack has one; against AWS the codes go to real
//! mailboxes and the demo asks for nothing.

use cognito_wasm::wire::json::{self, Value};

/// Most deliveries shown (the newest).
pub const SHOWN: usize = 8;

/// One delivered message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Whom it was for.
    pub username: String,
    /// Why: `sign-up`, `forgot-password`, `verify-email`, `mfa`, …
    pub purpose: String,
    /// The full email address or phone number.
    pub destination: String,
    /// `EMAIL` or `SMS`.
    pub medium: String,
    /// The code.
    pub code: String,
    /// When, ISO 8601 UTC.
    pub time: String,
}

/// The outbox URL of the stack at `endpoint` for the pool `user_pool_id`
/// (every user of the pool).
pub fn outbox_url(endpoint: &str, user_pool_id: &str) -> String {
    let pool: String = user_pool_id
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!(
        "{}/_stack/outbox?userPoolId={pool}",
        endpoint.trim().trim_end_matches('/')
    )
}

/// The deliveries of an outbox reply, newest first, at most [`SHOWN`];
/// `None` when the body is not an outbox (not the local stack).
pub fn parse_outbox(body: &[u8]) -> Option<Vec<Delivery>> {
    let value = json::parse(std::str::from_utf8(body).ok()?).ok()?;
    let field = |entry: &Value, name: &str| entry.get_str(name).unwrap_or_default().to_owned();
    let mut deliveries: Vec<Delivery> = value
        .as_array()?
        .iter()
        .map(|entry| Delivery {
            username: field(entry, "username"),
            purpose: field(entry, "purpose"),
            destination: field(entry, "destination"),
            medium: field(entry, "medium"),
            code: field(entry, "code"),
            time: field(entry, "time"),
        })
        .collect();
    deliveries.reverse();
    deliveries.truncate(SHOWN);
    Some(deliveries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_pool_escaped() {
        assert_eq!(
            outbox_url("http://127.0.0.1:4566/", "eu-west-1_Abc123"),
            "http://127.0.0.1:4566/_stack/outbox?userPoolId=eu-west-1_Abc123"
        );
        assert_eq!(
            outbox_url("http://h", "a&b c"),
            "http://h/_stack/outbox?userPoolId=a%26b%20c"
        );
    }

    #[test]
    fn newest_first_and_at_most_a_few() {
        let entries: Vec<String> = (0..10)
            .map(|i| {
                format!(
                    r#"{{"destination":"u{i}@example.com","medium":"EMAIL","code":"10000{i}","purpose":"sign-up","time":"2026-01-01T00:00:0{i}.000Z","username":"u{i}","userPoolId":"p"}}"#
                )
            })
            .collect();
        let body = format!("[{}]", entries.join(","));
        let shown = parse_outbox(body.as_bytes()).expect("an outbox");
        assert_eq!(shown.len(), SHOWN);
        assert_eq!(shown[0].username, "u9");
        assert_eq!(shown[0].code, "100009");
        assert_eq!(shown[0].destination, "u9@example.com");
        assert_eq!(shown[0].purpose, "sign-up");
        assert_eq!(shown[SHOWN - 1].username, "u2");
    }

    #[test]
    fn anything_else_is_no_outbox() {
        assert_eq!(parse_outbox(b"[]"), Some(vec![]));
        assert_eq!(parse_outbox(br#"{"__type":"NotFound"}"#), None);
        assert_eq!(parse_outbox(b"<html>"), None);
        assert_eq!(parse_outbox(&[0xff, 0xfe]), None);
    }
}
