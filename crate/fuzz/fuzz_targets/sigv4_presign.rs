//! SigV4 query signing (`sigv4::Signer::presign`) of an arbitrary method,
//! URL, headers, body and lifetime (format in src/lib.rs), and S3's
//! presigned GET of an arbitrary bucket and key (`s3::presign_get_object`:
//! the URL's host is the bucket, its path the key) and ListObjectsV2
//! requests built from the same strings: a URL or a
//! CognitoError, without a panic. A presigned URL carries its signature.
#![no_main]
use cognito_wasm::s3;
use cognito_wasm::sigv4::{self, Signer, SigningParams};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (cx, request) = cognito_wasm_fuzz::signing_input(data);
    let credentials = cx.credentials();
    let params = SigningParams {
        credentials: &credentials,
        region: &cx.region,
        service: &cx.service,
        time_ms: cx.time_ms,
    };
    let options = cx.options();
    let signer = Signer::new();
    if let Ok(signed) = signer.presign(request.clone(), &params, cx.expires, &options) {
        assert_eq!(signed.signature.len(), 64, "a signature is 64 hex digits");
        let tail = format!("X-Amz-Signature={}", signed.signature);
        assert!(
            signed.request.url.contains(&tail),
            "the URL carries the signature"
        );
    }
    let _ = sigv4::split_url(&request.url);
    // S3: the URL's host as the bucket, its path as the key, the header
    // lines' first value as a custom endpoint.
    let (bucket, key) = match request.url.split_once("://") {
        Some((_, rest)) => rest.split_once('/').unwrap_or((rest, "")),
        None => (request.url.as_str(), ""),
    };
    let endpoint = request.headers.first().map(|(_, v)| v.as_str());
    let force_path_style = cx.flags & 32 != 0;
    let _ = s3::object_url(bucket, &cx.region, key, endpoint, force_path_style);
    if let Ok(url) = s3::presign_get_object(
        &signer,
        &params,
        bucket,
        key,
        endpoint,
        force_path_style,
        cx.expires,
    ) {
        assert!(
            url.contains("X-Amz-Signature="),
            "the URL carries the signature"
        );
    }
    let input = s3::ListObjectsInput {
        bucket: bucket.to_owned(),
        region: cx.region.clone(),
        prefix: Some(key.to_owned()),
        delimiter: request.headers.get(1).map(|(_, v)| v.clone()),
        max_keys: Some(cx.expires),
        continuation_token: request.headers.get(2).map(|(_, v)| v.clone()),
        start_after: request.headers.get(3).map(|(_, v)| v.clone()),
        endpoint: endpoint.map(str::to_owned),
        force_path_style,
    };
    let _ = s3::list_objects_request(&input);
});
