//! Input formats shared by the fuzz targets (`fuzz_targets/`).
//!
//! The targets that take more than one string read a small text format, so
//! that the seed corpora written by `scripts/fuzz` from the repository's
//! fixtures stay readable and the fuzzer's mutations stay meaningful:
//! lines separated by `\n`, then (where there is one) a blank line and a
//! body of raw bytes.

use cognito_wasm::dynamodb::marshal::{self, Plain};
use cognito_wasm::sigv4::{SignOptions, SigningCredentials};
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::wire::json::Value;

/// Splits `data` at the first blank line: the lines before it (lossy UTF-8,
/// `\r` trimmed) and the bytes after it.
pub fn head_and_body(data: &[u8]) -> (Vec<String>, &[u8]) {
    let (head, body) = match find(data, b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &data[data.len()..]),
    };
    let lines = String::from_utf8_lossy(head)
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect();
    (lines, body)
}

fn find(data: &[u8], needle: &[u8]) -> Option<usize> {
    data.windows(needle.len()).position(|w| w == needle)
}

/// A header line `name:value` (the value's leading blanks kept: the code
/// under test decides what to trim).
pub fn header(line: &str) -> (String, String) {
    match line.split_once(':') {
        Some((n, v)) => (n.to_owned(), v.to_owned()),
        None => (line.to_owned(), String::new()),
    }
}

/// An HTTP reply: first line the status (anything else is 200), then
/// `name:value` header lines, a blank line and the body.
///
/// ```text
/// 400
/// x-amzn-ErrorType:NotAuthorizedException
///
/// {"__type":"NotAuthorizedException","message":"Incorrect username or password."}
/// ```
pub fn response(data: &[u8]) -> HttpResponse {
    let (lines, body) = head_and_body(data);
    let mut lines = lines.into_iter();
    let status = lines
        .next()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .unwrap_or(200);
    HttpResponse {
        status,
        headers: lines
            .filter(|l| !l.is_empty())
            .map(|l| header(&l))
            .collect(),
        body: body.to_vec(),
    }
}

/// What to sign with and how, from the first line of a signer input:
/// `service region flags expires time_ms` (missing or unreadable fields get
/// the default). `flags` bits: 1 normalise the path, 2 sign the body,
/// 4 unsigned payload, 8 omit the session token, 16 credentials carry a
/// session token.
#[derive(Clone, Debug)]
pub struct SignContext {
    /// Service of the credential scope.
    pub service: String,
    /// Region of the credential scope.
    pub region: String,
    /// Option bits (see the type's doc).
    pub flags: u32,
    /// Presigned URL lifetime, seconds.
    pub expires: u32,
    /// Signing time, Unix ms.
    pub time_ms: f64,
}

impl SignContext {
    /// The signing options the flags ask for.
    // `..default()`: a field added to SignOptions later keeps its default here.
    #[allow(clippy::needless_update)]
    pub fn options(&self) -> SignOptions {
        SignOptions {
            normalize_path: self.flags & 1 != 0,
            sign_body: self.flags & 2 != 0,
            unsigned_payload: self.flags & 4 != 0,
            omit_session_token: self.flags & 8 != 0,
            ..SignOptions::default()
        }
    }

    /// The SigV4 test suite's credentials, with a session token when the
    /// flags ask for one.
    pub fn credentials(&self) -> SigningCredentials {
        SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: (self.flags & 16 != 0).then(|| "token/with+chars=".into()),
        }
    }
}

/// A request to sign: the context line ([`SignContext`]), then
/// `METHOD URL`, then `name:value` header lines, a blank line and the body.
///
/// ```text
/// service us-east-1 1 3600 1440938160000
/// GET https://example.amazonaws.com/?Param1=value1
/// My-Header1:value1
///
/// ```
pub fn signing_input(data: &[u8]) -> (SignContext, HttpRequest) {
    let (lines, body) = head_and_body(data);
    let mut lines = lines.into_iter();
    let context = lines.next().unwrap_or_default();
    let mut fields = context.split(' ');
    let mut next = || fields.next().unwrap_or("").to_owned();
    let service = next();
    let region = next();
    let flags = next().parse().unwrap_or(1);
    let expires = next().parse().unwrap_or(3600);
    let time_ms = next().parse().unwrap_or(1_440_938_160_000.0);
    let request_line = lines.next().unwrap_or_default();
    let (method, url) = request_line
        .split_once(' ')
        .unwrap_or((request_line.as_str(), ""));
    let request = HttpRequest {
        method: method.to_owned(),
        url: url.to_owned(),
        headers: lines
            .filter(|l| !l.is_empty())
            .map(|l| header(&l))
            .collect(),
        body: body.to_vec(),
    };
    (
        SignContext {
            service,
            region,
            flags,
            expires,
            time_ms,
        },
        request,
    )
}

/// The lines of `data` (lossy UTF-8), for targets that take several strings.
pub fn lines(data: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(data)
        .split('\n')
        .map(str::to_owned)
        .collect()
}

/// `None` for the line `~` or a missing line, else the line: how the
/// multi-line targets tell an absent optional setting from an empty one.
pub fn optional(lines: &[String], i: usize) -> Option<String> {
    lines.get(i).filter(|l| *l != "~").cloned()
}

/// A user's DynamoDB value from JSON, the way the JavaScript API hands one
/// over: a one-member object `{"N": text}`, `{"B": base64}`, `{"SS": […]}`,
/// `{"NS": […]}` or `{"BS": […]}` that reads as an AttributeValue stands for
/// what JSON cannot write (a number as any text, bytes, sets, empty ones
/// included); arrays and objects are lists and maps of such values; other
/// scalars are themselves.
pub fn user_value(value: &Value) -> Plain {
    if let Ok(plain) = marshal::from_attribute(value) {
        if matches!(
            plain,
            Plain::Number(_)
                | Plain::Binary(_)
                | Plain::StringSet(_)
                | Plain::NumberSet(_)
                | Plain::BinarySet(_)
        ) {
            return plain;
        }
    }
    match value {
        Value::Array(items) => Plain::List(items.iter().map(user_value).collect()),
        Value::Object(pairs) => Plain::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), user_value(v)))
                .collect(),
        ),
        other => marshal::from_json(other),
    }
}

/// Calls `each` on `value` and every value nested in it, depth first.
pub fn walk(value: &Value, each: &mut dyn FnMut(&Value)) {
    each(value);
    match value {
        Value::Array(items) => items.iter().for_each(|v| walk(v, each)),
        Value::Object(pairs) => pairs.iter().for_each(|(_, v)| walk(v, each)),
        _ => {}
    }
}

/// Whether every number in `value` is finite (JSON text cannot write the
/// others: they are written as `null`).
pub fn all_finite(value: &Value) -> bool {
    let mut finite = true;
    walk(value, &mut |v| {
        if let Value::Number(n) = v {
            finite &= n.is_finite();
        }
    });
    finite
}
