//! The AWS SigV4 signing test suite (`tests/vectors/sigv4`, from
//! awslabs/aws-c-auth): every case, header and query signing, both
//! `normalize` settings, checked for the canonical request, the string to
//! sign, the signature and the added headers / query parameters.
//!
//! `request.txt` holds a raw HTTP request whose path may contain spaces or
//! UTF-8; the signer takes a URL, so those bytes are percent-encoded here
//! (the signer decodes the path once before encoding it canonically, so the
//! result is the same). Folded header lines are joined with a newline (the
//! signer collapses whitespace).

use std::fs;
use std::path::{Path, PathBuf};

use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::dates::parse_iso8601;
use cognito_wasm::wire::encoding::percent_decode;
use cognito_wasm::wire::http::HttpRequest;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/sigv4");

struct Case {
    name: String,
    dir: PathBuf,
    credentials: SigningCredentials,
    region: String,
    service: String,
    time_ms: f64,
    options: SignOptions,
    expires_in: u32,
    request: HttpRequest,
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

/// Percent-encodes the bytes a URL may not carry raw (space, controls,
/// non-ASCII); everything else, `%` escapes included, stays as written.
fn encode_raw(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b <= 0x20 || b >= 0x7f {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

fn parse_request(raw: &str) -> HttpRequest {
    let (head, body) = match raw.split_once("\n\n") {
        Some((h, b)) => (h, b),
        None => (raw, ""),
    };
    let mut lines = head.lines();
    let request_line = lines.next().expect("request line");
    let method = request_line.split(' ').next().unwrap().to_string();
    let target = request_line
        .strip_prefix(&format!("{method} "))
        .and_then(|r| r.strip_suffix(" HTTP/1.1"))
        .expect("request target");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().expect("folded line after a header");
            last.1.push('\n');
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').expect("header line");
            headers.push((name.to_string(), value.to_string()));
        }
    }
    let host = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_string())
        .expect("Host header");
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case("host"));
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let mut url = format!("https://{host}{}", encode_raw(path));
    if let Some(q) = query {
        url.push('?');
        url.push_str(&encode_raw(q));
    }
    HttpRequest {
        method,
        url,
        headers,
        body: body.as_bytes().to_vec(),
    }
}

fn load_cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(VECTORS)
        .unwrap_or_else(|e| panic!("{VECTORS}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("context.json").exists())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let ctx: serde_json::Value = serde_json::from_str(&read(&dir, "context.json")).unwrap();
            let c = &ctx["credentials"];
            let credentials = SigningCredentials {
                access_key_id: c["access_key_id"].as_str().unwrap().into(),
                secret_access_key: c["secret_access_key"].as_str().unwrap().into(),
                session_token: c["token"].as_str().map(Into::into),
            };
            let options = SignOptions {
                normalize_path: ctx["normalize"].as_bool().unwrap(),
                sign_body: ctx["sign_body"].as_bool().unwrap(),
                unsigned_payload: false,
                omit_session_token: ctx["omit_session_token"].as_bool().unwrap_or(false),
            };
            Case {
                name: dir.file_name().unwrap().to_string_lossy().into_owned(),
                credentials,
                region: ctx["region"].as_str().unwrap().into(),
                service: ctx["service"].as_str().unwrap().into(),
                time_ms: parse_iso8601(ctx["timestamp"].as_str().unwrap()).unwrap(),
                options,
                expires_in: ctx["expiration_in_seconds"].as_u64().unwrap() as u32,
                request: parse_request(&read(&dir, "request.txt")),
                dir,
            }
        })
        .collect()
}

/// Query parameters of a URL or request line, decoded, sorted.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decode(k, false).unwrap(),
                percent_decode(v, false).unwrap(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

/// Headers of `header-signed-request.txt` that signing added (names lower-cased).
fn expected_added_headers(signed_request: &str, original: &HttpRequest) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = signed_request
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with([' ', '\t']))
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .filter(|(n, _)| {
            n != "host"
                && !original
                    .headers
                    .iter()
                    .any(|(o, _)| o.eq_ignore_ascii_case(n))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_vector_signs_as_published() {
    let cases = load_cases();
    assert!(cases.len() >= 38, "only {} vector cases found", cases.len());
    assert!(cases.iter().any(|c| !c.options.normalize_path));
    assert!(cases.iter().any(|c| c.options.omit_session_token));
    let signer = Signer::new();
    let mut checked = 0;
    for case in &cases {
        let params = SigningParams {
            credentials: &case.credentials,
            region: &case.region,
            service: &case.service,
            time_ms: case.time_ms,
        };
        let name = &case.name;

        // Header signing.
        let signed = signer
            .sign(case.request.clone(), &params, &case.options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            signed.canonical_request,
            read(&case.dir, "header-canonical-request.txt"),
            "{name}: header canonical request"
        );
        assert_eq!(
            signed.string_to_sign,
            read(&case.dir, "header-string-to-sign.txt"),
            "{name}: header string to sign"
        );
        assert_eq!(
            signed.signature,
            read(&case.dir, "header-signature.txt").trim(),
            "{name}: header signature"
        );
        let mut added: Vec<(String, String)> = signed
            .request
            .headers
            .iter()
            .filter(|(n, _)| {
                !case
                    .request
                    .headers
                    .iter()
                    .any(|(o, _)| o.eq_ignore_ascii_case(n))
            })
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect();
        added.sort();
        assert_eq!(
            added,
            expected_added_headers(&read(&case.dir, "header-signed-request.txt"), &case.request),
            "{name}: headers added by signing"
        );
        assert!(
            !signed
                .request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("host")),
            "{name}: host must be left to the browser"
        );

        // Query signing.
        let presigned = signer
            .presign(
                case.request.clone(),
                &params,
                case.expires_in,
                &case.options,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            presigned.canonical_request,
            read(&case.dir, "query-canonical-request.txt"),
            "{name}: query canonical request"
        );
        assert_eq!(
            presigned.string_to_sign,
            read(&case.dir, "query-string-to-sign.txt"),
            "{name}: query string to sign"
        );
        assert_eq!(
            presigned.signature,
            read(&case.dir, "query-signature.txt").trim(),
            "{name}: query signature"
        );
        let expected_line = read(&case.dir, "query-signed-request.txt");
        let target = expected_line.lines().next().unwrap();
        let expected_query = target
            .split_once('?')
            .map(|(_, q)| q.rsplit_once(' ').unwrap().0)
            .unwrap();
        let our_query = presigned.request.url.split_once('?').unwrap().1;
        assert_eq!(
            query_pairs(our_query),
            query_pairs(&encode_raw(expected_query)),
            "{name}: presigned URL parameters"
        );
        assert_eq!(
            presigned.request.headers, case.request.headers,
            "{name}: presign keeps headers"
        );
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}

#[test]
fn signed_urls_carry_the_canonical_path_and_query() {
    let cases = load_cases();
    let signer = Signer::new();
    for name in [
        "get-space-unnormalized",
        "get-utf8",
        "get-vanilla-query-order-encoded",
    ] {
        let case = cases.iter().find(|c| c.name == name).unwrap();
        let params = SigningParams {
            credentials: &case.credentials,
            region: &case.region,
            service: &case.service,
            time_ms: case.time_ms,
        };
        let signed = signer
            .sign(case.request.clone(), &params, &case.options)
            .unwrap();
        let mut lines = signed.canonical_request.lines();
        let (_, path, query) = (lines.next(), lines.next().unwrap(), lines.next().unwrap());
        let mut expected = format!("https://example.amazonaws.com{path}");
        if !query.is_empty() {
            expected = format!("{expected}?{query}");
        }
        assert_eq!(signed.request.url, expected, "{name}");
    }
}
