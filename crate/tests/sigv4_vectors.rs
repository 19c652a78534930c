//! The AWS SigV4 signing test suite (`tests/vectors/sigv4`, from
//! awslabs/aws-c-auth): every case, header and query signing, both
//! `normalize` settings, checked for the canonical request, the string to
//! sign, the signature and the added headers / query parameters.
//!
//! `request.txt` holds a raw HTTP request; the signer takes what a browser
//! can send, so the request is turned into that, and where a case cannot be
//! sent by a browser as written, what is checked says so:
//! - A path may contain spaces or UTF-8: those bytes are percent-encoded
//!   here. With S3 rules (`normalize` false) the signer decodes the path
//!   once before encoding it canonically, so the result is the same. For
//!   other services AWS encodes the path it receives a second time, so a
//!   browser's `%20` is signed as `%2520`: those cases check that, and all
//!   else in the canonical request, string to sign and signature.
//! - With S3 rules a `.`/`..` segment is refused (fetch removes it before
//!   sending): those cases check the refusal.
//! - Repeated header lines are given as one header, their values joined by
//!   `,` (what a server reading those lines signs; a browser merges
//!   repeated headers as `a, b`, tested in `sigv4_headers.rs`).
//! - Folded header lines are joined with a newline (the signer collapses
//!   whitespace).

use std::fs;
use std::path::{Path, PathBuf};

use cognito_wasm::sigv4::{
    derive_signing_key, is_unsignable, sha256_hex, SignOptions, Signer, SigningCredentials,
    SigningParams,
};
use cognito_wasm::wire::dates::parse_iso8601;
use cognito_wasm::wire::encoding::percent_decode;
use cognito_wasm::wire::http::HttpRequest;
use hmac::{Hmac, Mac};
use sha2::Sha256;

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
    let mut merged: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        match merged
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            Some((_, joined)) => {
                joined.push(',');
                joined.push_str(value.trim());
            }
            None => merged.push((name, value)),
        }
    }
    let headers = merged;
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

/// How a case is checked (see the file's comment).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Check {
    /// Every published value.
    AsPublished,
    /// What a browser cannot send as written: a path it sends
    /// percent-encoded (non-S3 rules: encoded a second time), or a header
    /// it controls (never signed). The published canonical request with
    /// that changed, the string to sign over its hash, and its signature.
    Adjusted,
    /// S3 rules and a `.`/`..` segment: refused.
    Refused,
}

fn check_of(case: &Case) -> Check {
    let path = case.request.url.splitn(4, '/').nth(3).unwrap_or("");
    let path = path.split('?').next().unwrap_or("");
    let dots = path.split('/').any(|s| s == "." || s == "..");
    let unsignable = case.request.headers.iter().any(|(n, _)| is_unsignable(n));
    if !case.options.normalize_path && dots {
        Check::Refused
    } else if (case.options.normalize_path && path.contains('%')) || unsignable {
        Check::Adjusted
    } else {
        Check::AsPublished
    }
}

/// The published canonical request, string to sign and signature of
/// `form` (`header` or `query`), adjusted as `check` says: for
/// [`Check::Adjusted`], with non-S3 rules the path line encoded again (`%`
/// → `%25`), unsignable headers taken out of the headers and signed names
/// (also in the query's `X-Amz-SignedHeaders`), then the string to sign
/// over that request's hash, and its signature.
fn expected(case: &Case, check: Check, form: &str) -> (String, String, String) {
    let canonical = read(&case.dir, &format!("{form}-canonical-request.txt"));
    let string_to_sign = read(&case.dir, &format!("{form}-string-to-sign.txt"));
    let signature = read(&case.dir, &format!("{form}-signature.txt"))
        .trim()
        .to_string();
    if check != Check::Adjusted {
        return (canonical, string_to_sign, signature);
    }
    let mut lines: Vec<String> = canonical.split('\n').map(String::from).collect();
    if case.options.normalize_path {
        lines[1] = lines[1].replace('%', "%25");
    }
    let names_at = lines.len() - 2;
    let kept: Vec<&str> = lines[names_at]
        .split(';')
        .filter(|n| !is_unsignable(n))
        .collect();
    let dropped: Vec<String> = lines[names_at]
        .split(';')
        .filter(|n| is_unsignable(n))
        .map(String::from)
        .collect();
    lines[names_at] = kept.join(";");
    lines.retain(|l| !dropped.iter().any(|d| l.starts_with(&format!("{d}:"))));
    for d in &dropped {
        // The query form lists the signed names in X-Amz-SignedHeaders.
        lines[2] = lines[2].replace(&format!("{d}%3B"), "");
    }
    let canonical = lines.join("\n");
    let (head, _) = string_to_sign.rsplit_once('\n').unwrap();
    let string_to_sign = format!("{head}\n{}", sha256_hex(canonical.as_bytes()));
    let scope_date = &string_to_sign.lines().nth(2).unwrap()[..8];
    let key = derive_signing_key(
        &case.credentials.secret_access_key,
        scope_date,
        &case.region,
        &case.service,
    )
    .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(string_to_sign.as_bytes());
    let signature = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (canonical, string_to_sign, signature)
}

/// `SignedHeaders=` in an Authorization value without unsignable names.
fn without_unsignable(authorization: &str) -> String {
    let Some((head, rest)) = authorization.split_once("SignedHeaders=") else {
        return authorization.to_string();
    };
    let (names, tail) = rest.split_once(',').unwrap_or((rest, ""));
    let kept: Vec<&str> = names.split(';').filter(|n| !is_unsignable(n)).collect();
    format!("{head}SignedHeaders={},{tail}", kept.join(";"))
}

#[test]
fn every_vector_signs_as_published() {
    let cases = load_cases();
    assert!(cases.len() >= 38, "only {} vector cases found", cases.len());
    assert!(cases.iter().any(|c| !c.options.normalize_path));
    assert!(cases.iter().any(|c| c.options.omit_session_token));
    let signer = Signer::new();
    let mut counts = [0usize; 3];
    for case in &cases {
        let params = SigningParams {
            credentials: &case.credentials,
            region: &case.region,
            service: &case.service,
            time_ms: case.time_ms,
        };
        let name = &case.name;
        let check = check_of(case);
        counts[check as usize] += 1;
        if check == Check::Refused {
            for result in [
                signer.sign(case.request.clone(), &params, &case.options),
                signer.presign(case.request.clone(), &params, 60, &case.options),
            ] {
                let e = result.expect_err(name);
                assert_eq!(e.name(), "InvalidParameterException", "{name}");
                assert!(e.message.contains("'..'"), "{name}: {}", e.message);
            }
            continue;
        }

        // Header signing.
        let (canonical, string_to_sign, signature) = expected(case, check, "header");
        let signed = signer
            .sign(case.request.clone(), &params, &case.options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            signed.canonical_request, canonical,
            "{name}: header canonical request"
        );
        assert_eq!(
            signed.string_to_sign, string_to_sign,
            "{name}: header string to sign"
        );
        assert_eq!(signed.signature, signature, "{name}: header signature");
        let published = read(&case.dir, "header-signature.txt");
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
        let expected_added: Vec<(String, String)> =
            expected_added_headers(&read(&case.dir, "header-signed-request.txt"), &case.request)
                .into_iter()
                .map(|(n, v)| {
                    (
                        n,
                        without_unsignable(&v.replace(published.trim(), &signature)),
                    )
                })
                .collect();
        assert_eq!(added, expected_added, "{name}: headers added by signing");
        assert!(
            !signed
                .request
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("host")),
            "{name}: host must be left to the browser"
        );

        // Query signing.
        let (canonical, string_to_sign, signature) = expected(case, check, "query");
        let presigned = signer
            .presign(
                case.request.clone(),
                &params,
                case.expires_in,
                &case.options,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            presigned.canonical_request, canonical,
            "{name}: query canonical request"
        );
        assert_eq!(
            presigned.string_to_sign, string_to_sign,
            "{name}: query string to sign"
        );
        assert_eq!(presigned.signature, signature, "{name}: query signature");
        let published = read(&case.dir, "query-signature.txt");
        let expected_line = read(&case.dir, "query-signed-request.txt");
        let target = expected_line.lines().next().unwrap();
        let expected_query = target
            .split_once('?')
            .map(|(_, q)| q.rsplit_once(' ').unwrap().0)
            .unwrap()
            .replace(published.trim(), &signature)
            .replace("content-length%3B", "");
        let our_query = presigned.request.url.split_once('?').unwrap().1;
        assert_eq!(
            query_pairs(our_query),
            query_pairs(&encode_raw(&expected_query)),
            "{name}: presigned URL parameters"
        );
        assert_eq!(
            presigned.request.headers, case.request.headers,
            "{name}: presign keeps headers"
        );
    }
    // Which cases took which check: a change here is a change of rules.
    assert_eq!(counts, [30, 4, 4], "as published, adjusted, refused");
}

#[test]
fn signed_urls_carry_the_canonical_query_and_the_path_to_send() {
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
        // S3 rules send the canonical path; other services the path given.
        let given = case.request.url.split('?').next().unwrap();
        let mut expected = if case.options.normalize_path {
            given.to_string()
        } else {
            format!("https://example.amazonaws.com{path}")
        };
        if !query.is_empty() {
            expected = format!("{expected}?{query}");
        }
        assert_eq!(signed.request.url, expected, "{name}");
    }
}
