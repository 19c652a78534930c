//! Signs requests read as JSON lines on stdin with the library's SigV4
//! signer and writes one JSON line per request on stdout: what a browser
//! would send (URL, headers) and what was signed. The SigV4 differential
//! test against botocore (`tests/stack/test_sigv4_botocore.py`) drives it.
//!
//! In: `{"method", "url", "headers": [[name, value], …], "body",
//! "service", "region", "access_key_id", "secret_access_key",
//! "session_token" (or null), "time_ms", "presign" (seconds, or null)}`.
//! Out: `{"ok": true, "method", "url", "headers", "canonical_request",
//! "signature"}` or `{"ok": false, "name", "message"}`. The service's rules
//! are those the JavaScript API applies (S3's for the S3 family; presigned
//! S3 URLs with an unsigned payload).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::{BufRead, Write};

    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let signer = cognito_wasm::sigv4::Signer::new();
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let input: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        let reply = sign(&signer, &input);
        writeln!(out, "{reply}").expect("stdout");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn sign(signer: &cognito_wasm::sigv4::Signer, input: &serde_json::Value) -> serde_json::Value {
    use cognito_wasm::sigv4::{is_s3_family, SignOptions, SigningCredentials, SigningParams};
    use cognito_wasm::wire::http::HttpRequest;
    use serde_json::json;

    let text = |key: &str| input[key].as_str().unwrap_or_default().to_owned();
    let service = text("service");
    let region = text("region");
    let headers = input["headers"]
        .as_array()
        .map(|pairs| {
            pairs
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or_default().to_owned(),
                        p[1].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let request = HttpRequest {
        method: text("method"),
        url: text("url"),
        headers,
        body: text("body").into_bytes(),
    };
    let credentials = SigningCredentials {
        access_key_id: text("access_key_id"),
        secret_access_key: text("secret_access_key"),
        session_token: input["session_token"].as_str().map(str::to_owned),
    };
    let params = SigningParams {
        credentials: &credentials,
        region: &region,
        service: &service,
        time_ms: input["time_ms"].as_f64().unwrap_or(f64::NAN),
    };
    let presign = input["presign"].as_u64();
    let options = if is_s3_family(&service) {
        SignOptions {
            unsigned_payload: presign.is_some(),
            sign_body: presign.is_none(),
            ..SignOptions::s3()
        }
    } else {
        SignOptions::default()
    };
    let signed = match presign {
        Some(seconds) => signer.presign(
            request,
            &params,
            u32::try_from(seconds).unwrap_or(u32::MAX),
            &options,
        ),
        None => signer.sign(request, &params, &options),
    };
    match signed {
        Ok(s) => json!({
            "ok": true,
            "method": s.request.method,
            "url": s.request.url,
            "headers": s.request.headers,
            "canonical_request": s.canonical_request,
            "signature": s.signature,
        }),
        Err(e) => json!({"ok": false, "name": e.name(), "message": e.message}),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
