//! SigV4 rules that make a signature hold for what the browser sends:
//! non-S3 paths sent as given and signed encoded twice, S3 paths with dot
//! segments refused, methods signed as fetch sends them, headers the
//! browser controls left unsigned, repeated headers merged as the browser
//! merges them. Only the public signer API is used.

use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::http::HttpRequest;

const T: f64 = 1_440_938_160_000.0; // 2015-08-30T12:36:00Z

fn creds() -> SigningCredentials {
    SigningCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
        session_token: None,
    }
}

fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        url: url.into(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: vec![],
    }
}

fn sign(
    service: &str,
    req: HttpRequest,
) -> Result<cognito_wasm::sigv4::SignedRequest, cognito_wasm::error::CognitoError> {
    let c = creds();
    let params = SigningParams {
        credentials: &c,
        region: "us-east-1",
        service,
        time_ms: T,
    };
    let options = if service == "s3" {
        SignOptions::s3()
    } else {
        SignOptions::default()
    };
    Signer::new().sign(req, &params, &options)
}

fn line(canonical: &str, n: usize) -> &str {
    canonical.lines().nth(n).unwrap()
}

#[test]
fn non_s3_paths_are_sent_as_given_and_signed_encoded_twice() {
    let url = "https://x.execute-api.us-east-1.amazonaws.com/prod/u/a%40b.com";
    let signed = sign("execute-api", request("GET", url, &[])).unwrap();
    assert_eq!(signed.request.url, url);
    assert_eq!(line(&signed.canonical_request, 1), "/prod/u/a%2540b.com");
    // botocore 1.43 (SigV4Auth, execute-api, us-east-1, these credentials,
    // x-amz-date 20150830T123600Z) signs this request with:
    assert_eq!(
        signed.signature,
        "b8f9cc988f2478f84da22f286a85327dcabcd99cbe7d26a61cce32e6f302339c"
    );
    for (path, canonical) in [
        ("/a%2Fb", "/a%252Fb"),
        ("/a//b/./c/../d/", "/a/b/d/"),
        ("/caf%C3%A9", "/caf%25C3%25A9"),
        ("/a+b", "/a%2Bb"),
    ] {
        let url = format!("https://dynamodb.us-east-1.amazonaws.com{path}");
        let signed = sign("dynamodb", request("POST", &url, &[])).unwrap();
        assert_eq!(signed.request.url, url, "{path}: sent as given");
        assert_eq!(line(&signed.canonical_request, 1), canonical, "{path}");
    }
}

#[test]
fn s3_paths_with_dot_segments_are_refused() {
    for path in ["/b/../k", "/b/./k", "/b/%2e%2E/k", "/b/k/.."] {
        let url = format!("https://s3.us-east-1.amazonaws.com{path}");
        let e = sign("s3", request("GET", &url, &[])).unwrap_err();
        assert_eq!(e.name(), "InvalidParameterException", "{path}");
        assert!(e.message.contains("'..'"), "{path}: {}", e.message);
    }
    let url = "https://s3.us-east-1.amazonaws.com/b/..k/k..";
    let signed = sign("s3", request("GET", url, &[])).unwrap();
    assert_eq!(line(&signed.canonical_request, 1), "/b/..k/k..");
}

#[test]
fn methods_are_signed_as_fetch_sends_them() {
    let url = "https://dynamodb.us-east-1.amazonaws.com/";
    let signed = sign("dynamodb", request("patch", url, &[])).unwrap();
    assert_eq!(signed.request.method, "patch");
    assert!(signed.canonical_request.starts_with("patch\n"));
    let signed = sign("dynamodb", request("post", url, &[])).unwrap();
    assert_eq!(signed.request.method, "POST");
    assert!(signed.canonical_request.starts_with("POST\n"));
}

#[test]
fn headers_the_browser_controls_are_sent_but_not_signed() {
    let url = "https://dynamodb.us-east-1.amazonaws.com/";
    let browser_controlled = [
        ("User-Agent", "app/1"),
        ("Content-Length", "0"),
        ("Date", "Sun, 30 Aug 2015 12:36:00 GMT"),
        ("Connection", "keep-alive"),
        ("Accept-Encoding", "gzip"),
        ("Expect", "100-continue"),
        (
            "X-Amzn-Trace-Id",
            "Root=1-5759e988-bd862e3fe1be46a994272793",
        ),
        ("Cache-Control", "no-cache"),
        ("Sec-Fetch-Mode", "cors"),
    ];
    let mut headers = browser_controlled.to_vec();
    headers.push(("X-Amz-Target", "DynamoDB_20120810.ListTables"));
    let signed = sign("dynamodb", request("POST", url, &headers)).unwrap();
    let names = signed.canonical_request.lines().rev().nth(1).unwrap();
    assert_eq!(names, "host;x-amz-date;x-amz-target");
    for (name, value) in browser_controlled {
        assert!(
            signed
                .request
                .headers
                .iter()
                .any(|(n, v)| n == name && v == value),
            "{name} is still sent"
        );
    }
}

#[test]
fn repeated_headers_are_merged_as_the_browser_sends_them() {
    let url = "https://dynamodb.us-east-1.amazonaws.com/";
    let headers = [
        ("X-Custom", " 1 "),
        ("x-custom", "2   and  3"),
        ("Content-Type", "application/x-amz-json-1.0"),
    ];
    let signed = sign("dynamodb", request("POST", url, &headers)).unwrap();
    assert!(
        signed.canonical_request.contains("\nx-custom:1, 2 and 3\n"),
        "{}",
        signed.canonical_request
    );
    let sent: Vec<(&str, &str)> = signed
        .request
        .headers
        .iter()
        .filter(|(n, _)| !n.starts_with("x-amz") && n != "authorization")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        sent,
        [
            ("X-Custom", "1, 2   and  3"),
            ("Content-Type", "application/x-amz-json-1.0")
        ]
    );
}
