//! The signer's speed-tuned paths (borrowing what is already canonical,
//! word-at-a-time byte checks, the gathered HMAC update, the key cache,
//! `sign_headers` without building a request) against a plain reference
//! signer written here from the SigV4 documentation and the browser rules:
//! over generated requests, both give the same Authorization and URL.

use std::borrow::Cow;

use cognito_wasm::sigv4::{
    is_unsignable, RequestRef, SecretDigest, SignOptions, Signer, SigningCredentials, SigningParams,
};
use cognito_wasm::wire::encoding::{percent_decode, uri_encode};
use cognito_wasm::wire::http::HttpRequest;
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

const T: f64 = 1_440_938_160_000.0; // 2015-08-30T12:36:00Z
const AMZ_DATE: &str = "20150830T123600Z";
const HOST: &str = "h.example.amazonaws.com";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn collapse(value: &str) -> String {
    value.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// A generated request: method, path, query, headers, body, token.
#[derive(Clone, Debug)]
struct Generated {
    service: &'static str,
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    token: Option<String>,
}

/// The reference: every stage computed plainly, nothing borrowed, no
/// shortcut. Returns (Authorization, URL to send).
fn reference(g: &Generated, c: &SigningCredentials) -> (String, String) {
    let s3 = g.service == "s3";
    let upper = g.method.to_ascii_uppercase();
    let method = if ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"].contains(&upper.as_str()) {
        upper
    } else {
        g.method.clone()
    };
    let path = if s3 {
        uri_encode(&percent_decode(&g.path, false).unwrap(), true)
    } else {
        let segments: Vec<&str> = g.path.split('/').filter(|s| !s.is_empty()).collect();
        let mut normal = format!("/{}", segments.join("/"));
        if g.path.ends_with('/') && !segments.is_empty() {
            normal.push('/');
        }
        uri_encode(&normal, true)
    };
    let mut pairs: Vec<(String, String)> = g
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let enc = |s: &str| uri_encode(&percent_decode(s, false).unwrap(), false);
            (enc(k), enc(v))
        })
        .collect();
    pairs.sort();
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let query = query.join("&");
    let payload = hex(&Sha256::digest(&g.body));
    let mut signed: Vec<(String, String)> = vec![("host".into(), HOST.into())];
    for (n, v) in &g.headers {
        if !is_unsignable(n) {
            signed.push((n.to_ascii_lowercase(), v.clone()));
        }
    }
    if s3 {
        signed.push(("x-amz-content-sha256".into(), payload.clone()));
    }
    signed.push(("x-amz-date".into(), AMZ_DATE.into()));
    if let Some(t) = &g.token {
        signed.push(("x-amz-security-token".into(), t.clone()));
    }
    let mut names: Vec<String> = signed.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    names.dedup();
    let mut canonical_headers = String::new();
    for name in &names {
        let values: Vec<&str> = signed
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        let value = if values.len() == 1 {
            collapse(values[0])
        } else {
            let trimmed: Vec<&str> = values
                .iter()
                .map(|v| v.trim_matches([' ', '\t', '\r', '\n']))
                .collect();
            collapse(&trimmed.join(", "))
        };
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let signed_names = names.join(";");
    let canonical =
        format!("{method}\n{path}\n{query}\n{canonical_headers}\n{signed_names}\n{payload}");
    let scope = "20150830/us-east-1/".to_string() + g.service + "/aws4_request";
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{AMZ_DATE}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(
        format!("AWS4{}", c.secret_access_key).as_bytes(),
        "20150830",
    );
    for part in ["us-east-1", g.service, "aws4_request"] {
        key = hmac(&key, part);
    }
    let signature = hex(&hmac(&key, &string_to_sign));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_names}, Signature={signature}",
        c.access_key_id
    );
    let sent_path = if s3 { path } else { g.path.clone() };
    let mut url = format!("https://{HOST}{sent_path}");
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    (authorization, url)
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._~-]{1,8}",
        "[a-z]{0,3}(%[0-7][0-9A-F]|%[0-7][0-9a-f]|[+=!$&'()*,;:@]){1,3}[a-z]{0,3}",
        "(%C3%A9|%E2%82%AC|%20|%2F|%2f){1,2}",
        Just(String::new()),
    ]
    .prop_filter("fetch resolves dot segments", |s| {
        let decoded = percent_decode(s, false).unwrap_or_default();
        decoded != "." && decoded != ".."
    })
}

fn query_part() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._~-]{0,6}",
        "[a-zA-Z]{0,3}(%[0-7][0-9A-F]|%[0-7][0-9a-f]|[+!$'()*,;:@/?]|%C3%A9){1,3}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9/+=._-]{0,40}",
        "[ \t]{0,2}[a-z]{1,4}([ \t]{1,3}[a-z\"]{1,4}){0,3}[ \t]{0,2}",
        "[!-~]{20,90}",
    ]
}

prop_compose! {
    fn generated()(
        service in prop_oneof![Just("s3"), Just("execute-api"), Just("dynamodb")],
        method in prop_oneof![Just("GET"), Just("get"), Just("post"), Just("PUT"), Just("patch"), Just("DELETE")],
        segments in proptest::collection::vec(segment(), 1..5),
        trailing in any::<bool>(),
        pairs in proptest::collection::vec((query_part(), proptest::option::of(query_part())), 0..4),
        names in proptest::collection::vec(
            prop_oneof![
                Just("X-Custom".to_string()),
                Just("x-custom".to_string()),
                Just("Content-Type".to_string()),
                Just("User-Agent".to_string()),
                Just("content-length".to_string()),
                "x-[a-z]{1,6}",
            ],
            0..5,
        ),
        values in proptest::collection::vec(header_value(), 5),
        body in proptest::collection::vec(any::<u8>(), 0..40),
        token in proptest::option::of("[A-Za-z0-9/+=]{1,300}"),
    ) -> Generated {
        let mut path = format!("/{}", segments.join("/"));
        if trailing {
            path.push('/');
        }
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| match v {
                Some(v) => format!("{k}={v}"),
                None => k.clone(),
            })
            .collect();
        let headers = names.into_iter().zip(values).collect();
        Generated {
            service,
            method: method.to_string(),
            path,
            query: query.join("&"),
            headers,
            body,
            token,
        }
    }
}

fn credentials(token: Option<String>) -> SigningCredentials {
    SigningCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
        session_token: token,
    }
}

fn authorization_of(request: &HttpRequest) -> Cow<'_, str> {
    let value = request
        .headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    Cow::Borrowed(value)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fast_paths_sign_as_the_reference(g in generated()) {
        let c = credentials(g.token.clone());
        let params = SigningParams { credentials: &c, region: "us-east-1", service: g.service, time_ms: T };
        let options = if g.service == "s3" { SignOptions::s3() } else { SignOptions::default() };
        let mut url = format!("https://{HOST}{}", g.path);
        if !g.query.is_empty() {
            url.push('?');
            url.push_str(&g.query);
        }
        let (authorization, sent_url) = reference(&g, &c);

        // `sign`, on a signer whose key cache is warm after the first call.
        let signer = Signer::new();
        for _ in 0..2 {
            let request = HttpRequest {
                method: g.method.clone(),
                url: url.clone(),
                headers: g.headers.clone(),
                body: g.body.clone(),
            };
            let signed = signer.sign(request, &params, &options).unwrap();
            prop_assert_eq!(authorization_of(&signed.request), authorization.as_str());
            prop_assert_eq!(&signed.request.url, &sent_url);
        }

        // `sign_headers`, borrowing the request, with a kept digest.
        let headers: Vec<(&str, &str)> =
            g.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let digest = SecretDigest::of(&c.secret_access_key);
        let borrowed = signer
            .sign_headers(
                RequestRef { method: &g.method, url: &url, headers: &headers, body: &g.body },
                &params,
                &options,
                &digest,
            )
            .unwrap();
        prop_assert_eq!(&borrowed.authorization, &authorization);
        prop_assert_eq!(&borrowed.url, &sent_url);
    }
}
