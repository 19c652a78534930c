//! The signer end to end: redaction, key cache, URL handling, refusals.
use crate::prelude::*;

use super::*;
use crate::error::ErrorKind;
use crate::wire::encoding::uri_encode;
use proptest::prelude::*;

fn creds(token: Option<&str>) -> SigningCredentials {
    SigningCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
        session_token: token.map(Into::into),
    }
}

const T: f64 = 1_440_938_160_000.0; // 2015-08-30T12:36:00Z

fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url: url.into(),
        headers: vec![],
        body: vec![],
    }
}

#[test]
fn debug_redacts_secrets() {
    let c = creds(Some("TOKEN-VALUE"));
    let shown = format!("{c:?}");
    assert!(shown.contains("AKIDEXAMPLE"));
    assert!(!shown.contains("EXAMPLEKEY"));
    assert!(!shown.contains("TOKEN-VALUE"));
    let signer = Signer::new();
    let params = SigningParams {
        credentials: &c,
        region: "us-east-1",
        service: "s3",
        time_ms: T,
    };
    let signed = signer
        .presign(
            get("https://b.s3.us-east-1.amazonaws.com/k"),
            &params,
            60,
            &SignOptions::s3(),
        )
        .unwrap();
    let shown = format!("{signed:?}");
    assert!(!shown.contains("TOKEN-VALUE"), "{shown}");
}

#[test]
fn signing_key_cache_is_per_scope() {
    let signer = Signer::new();
    let c = creds(None);
    let mut params = SigningParams {
        credentials: &c,
        region: "us-east-1",
        service: "s3",
        time_ms: T,
    };
    let first = signer
        .sign(get("https://h/"), &params, &SignOptions::s3())
        .unwrap();
    let again = signer
        .sign(get("https://h/"), &params, &SignOptions::s3())
        .unwrap();
    assert_eq!(first.signature, again.signature);
    assert_eq!(signer.cached_keys(), 1);
    params.time_ms = T + 86_400_000.0;
    signer
        .sign(get("https://h/"), &params, &SignOptions::s3())
        .unwrap();
    assert_eq!(signer.cached_keys(), 2);
    params.region = "eu-west-1";
    signer
        .sign(get("https://h/"), &params, &SignOptions::s3())
        .unwrap();
    let mut other = creds(None);
    other.secret_access_key = "another".into();
    params.credentials = &other;
    let changed = signer
        .sign(get("https://h/"), &params, &SignOptions::s3())
        .unwrap();
    assert_eq!(signer.cached_keys(), 4);
    params.service = "execute-api";
    signer
        .sign(get("https://h/"), &params, &SignOptions::s3())
        .unwrap();
    assert_eq!(signer.cached_keys(), key::KEY_CACHE_SIZE);
    // A cached key gives the same signature as a fresh signer.
    params.service = "s3";
    let fresh = Signer::new()
        .sign(get("https://h/"), &params, &SignOptions::s3())
        .unwrap();
    assert_eq!(fresh.signature, changed.signature);
}

#[test]
fn header_signing_adds_s3_headers_and_no_host() {
    let c = creds(Some("tok/en+="));
    let params = SigningParams {
        credentials: &c,
        region: "us-east-1",
        service: "s3",
        time_ms: T,
    };
    let mut req = get("http://127.0.0.1:5000/bucket?prefix=a%2Fb&list-type=2");
    req.headers.push(("Host".into(), "127.0.0.1:5000".into()));
    let s = Signer::new()
        .sign(req, &params, &SignOptions::s3())
        .unwrap();
    let names: Vec<&str> = s.request.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "x-amz-content-sha256",
            "x-amz-date",
            "x-amz-security-token",
            "authorization"
        ]
    );
    assert_eq!(
        s.request.url,
        "http://127.0.0.1:5000/bucket?list-type=2&prefix=a%2Fb"
    );
    assert_eq!(
        s.canonical_request,
        format!(
            "GET\n/bucket\nlist-type=2&prefix=a%2Fb\nhost:127.0.0.1:5000\n\
             x-amz-content-sha256:{EMPTY_PAYLOAD_SHA256}\nx-amz-date:20150830T123600Z\n\
             x-amz-security-token:tok/en+=\n\n\
             host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n{EMPTY_PAYLOAD_SHA256}"
        )
    );
    let mut wrong = get("http://127.0.0.1:5000/bucket");
    wrong.headers.push(("host".into(), "evil".into()));
    assert!(Signer::new()
        .sign(wrong, &params, &SignOptions::s3())
        .is_err());
}

#[test]
fn refuses_bad_parameters() {
    let c = creds(None);
    let ok = SigningParams {
        credentials: &c,
        region: "us-east-1",
        service: "s3",
        time_ms: T,
    };
    let signer = Signer::new();
    let opts = SignOptions::s3();
    for params in [
        SigningParams { region: "", ..ok },
        SigningParams {
            region: "us east",
            ..ok
        },
        SigningParams {
            service: "S3/x",
            ..ok
        },
        SigningParams {
            time_ms: f64::NAN,
            ..ok
        },
        SigningParams {
            time_ms: -5.0,
            ..ok
        },
    ] {
        let e = signer.sign(get("https://h/"), &params, &opts).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    }
    let mut no_key = creds(None);
    no_key.access_key_id = "AK/ID".into();
    assert!(signer
        .sign(
            get("https://h/"),
            &SigningParams {
                credentials: &no_key,
                ..ok
            },
            &opts
        )
        .is_err());
    let mut bad_header = get("https://h/");
    bad_header.headers.push(("bad name".into(), "v".into()));
    assert!(signer.sign(bad_header, &ok, &opts).is_err());
    assert!(signer.sign(get("https://h/%ff"), &ok, &opts).is_err());
}

#[test]
fn presign_expiry_bounds() {
    let c = creds(None);
    let params = SigningParams {
        credentials: &c,
        region: "us-east-1",
        service: "s3",
        time_ms: T,
    };
    let signer = Signer::new();
    let opts = SignOptions {
        unsigned_payload: true,
        ..SignOptions::s3()
    };
    for bad in [0, MAX_PRESIGN_EXPIRES + 1, u32::MAX] {
        let e = signer
            .presign(get("https://h/k"), &params, bad, &opts)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidParameterException);
    }
    for good in [1, 3600, MAX_PRESIGN_EXPIRES] {
        let s = signer
            .presign(get("https://h/k"), &params, good, &opts)
            .unwrap();
        assert!(s.request.url.contains(&format!("X-Amz-Expires={good}&")));
        assert!(s.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
    }
    let e = signer
        .presign(get("https://h/k?X-Amz-Signature=abc"), &params, 60, &opts)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidParameterException);
}

#[test]
fn signing_with_a_kept_digest_is_signing() {
    let signer = Signer::new();
    let c = creds(Some("TOKEN"));
    let params = SigningParams {
        credentials: &c,
        region: "eu-west-1",
        service: "s3",
        time_ms: T,
    };
    let digest = SecretDigest::of(&c.secret_access_key);
    assert_eq!(format!("{digest:?}"), "SecretDigest(<redacted>)");
    for url in [
        "https://b.s3.eu-west-1.amazonaws.com/k?b=1&a=2",
        "https://h:8443/x%2fy",
    ] {
        let plain = signer.sign(get(url), &params, &SignOptions::s3()).unwrap();
        let kept = signer
            .sign_with_digest(get(url), &params, &SignOptions::s3(), &digest)
            .unwrap();
        assert_eq!(plain, kept);
    }
}

proptest! {
    #[test]
    fn never_panics_on_any_url(url in "\\PC*", method in "[A-Za-z]{0,8}") {
        let c = creds(Some("t"));
        let params = SigningParams { credentials: &c, region: "us-east-1", service: "s3", time_ms: T };
        let signer = Signer::new();
        let req = HttpRequest { method, url: url.clone(), headers: vec![], body: vec![] };
        let _ = signer.sign(req.clone(), &params, &SignOptions::default());
        let _ = signer.presign(req, &params, 60, &SignOptions::s3());
        let _ = split_url(&url);
    }

    #[test]
    fn signed_url_is_its_own_canonical_form(
        path in "(/[a-zA-Z0-9 +=&~%é._-]{0,6}){1,4}",
        value in "[a-zA-Z0-9 +=&~%é/._-]{0,10}",
    ) {
        let url = format!(
            "https://h{}?b={}&a=1",
            uri_encode(&path, true),
            uri_encode(&value, false)
        );
        let c = creds(None);
        let params = SigningParams { credentials: &c, region: "us-east-1", service: "s3", time_ms: T };
        let signer = Signer::new();
        if path.split('/').any(|s| s == "." || s == "..") {
            // Fetch would remove these segments before sending.
            let refused = signer.sign(get(&url), &params, &SignOptions::s3());
            prop_assert!(refused.is_err());
            return Ok(());
        }
        let first = signer.sign(get(&url), &params, &SignOptions::s3()).unwrap();
        let second = signer.sign(get(&first.request.url), &params, &SignOptions::s3()).unwrap();
        prop_assert_eq!(&first.canonical_request, &second.canonical_request);
        prop_assert_eq!(&first.request.url, &second.request.url);
        let expected_query = format!("a=1&b={}", uri_encode(&value, false));
        prop_assert!(first.canonical_request.contains(&expected_query));
    }
}
