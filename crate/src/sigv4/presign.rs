//! Query signing (presigned URLs): the same stages as header signing, with
//! the algorithm, credential, date, expiry and signed header names moved
//! into the query and the signature appended to it.
use crate::prelude::*;

use alloc::borrow::Cow;

use super::canonical::{
    borrowed_pairs, canonical_method, canonical_path, canonical_query, canonical_request,
    check_headers, decode_component, header_list, is_unsignable, merged_headers, wire_path,
    write_signed_names,
};
use super::key::sha256_hex_32;
use super::scope::Scope;
use super::url::split_url;
use super::{
    body_hash, session_token, SecretDigest, SignOptions, SignedRequest, Signer, SigningParams,
    ALGORITHM, MAX_PRESIGN_EXPIRES, UNSIGNED_PAYLOAD,
};
use crate::error::CognitoError;
use crate::wire::decimal::push_decimal;
use crate::wire::encoding::uri_encode;
use crate::wire::http::HttpRequest;
use crate::wire::text::concat;

/// Query parameters the presigner adds itself.
const PRESIGN_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

impl Signer {
    /// Query signing (presigned URL), `expires_in` seconds (1 s … 7 days,
    /// otherwise `InvalidParameterException`). Headers of the request are
    /// signed too (but those [`is_unsignable`]) and must be sent with the
    /// URL; a repeated one is returned merged as the browser sends it;
    /// `host` is signed as in [`Signer::sign`]. The payload hash is
    /// `UNSIGNED-PAYLOAD` when `unsigned_payload`, else the body's SHA-256.
    pub fn presign(
        &self,
        request: HttpRequest,
        params: &SigningParams,
        expires_in: u32,
        options: &SignOptions,
    ) -> Result<SignedRequest, CognitoError> {
        if !(1..=MAX_PRESIGN_EXPIRES).contains(&expires_in) {
            return Err(CognitoError::invalid_parameter(text!(
                "expiresIn must be between 1 and ",
                MAX_PRESIGN_EXPIRES,
                " seconds"
            )));
        }
        let scope = Scope::new(params)?;
        let digest = &SecretDigest::of(&params.credentials.secret_access_key);
        let url = split_url(&request.url)?;
        let method = canonical_method(&request.method)?.into_owned();
        let authority = url.authority();
        let given = borrowed_pairs(&request.headers);
        check_headers(&given, &authority)?;
        let kept =
            |n: &str| !n.eq_ignore_ascii_case("host") && !n.eq_ignore_ascii_case("authorization");
        let headers: Vec<(String, String)> = merged_headers(&given, &kept)
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.into_owned()))
            .collect();
        for part in url.query.split('&') {
            let key = decode_component(part.split('=').next().unwrap_or(""))?;
            if PRESIGN_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(&key)) {
                return Err(CognitoError::invalid_parameter(text!(
                    "URL already has the ",
                    key,
                    " parameter"
                )));
            }
        }
        let token = session_token(params);
        let given_hash = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-content-sha256"))
            .map(|(_, v)| v.trim());
        let payload_hash = match given_hash {
            Some(v) => Cow::Borrowed(v),
            None if options.unsigned_payload => Cow::Borrowed(UNSIGNED_PAYLOAD),
            None => body_hash(&request.body),
        };

        // The canonical request, with the signing parameters in its query.
        let signed_pairs = borrowed_pairs(&headers);
        let list = header_list(&authority, &signed_pairs, &|n| !is_unsignable(n), &[]);
        let mut signed_headers = String::new();
        write_signed_names(&mut signed_headers, &list);
        let mut credential = concat(&[&params.credentials.access_key_id, "/"]);
        credential.push_str(&concat(&scope.parts()));
        let mut expires = String::new();
        push_decimal(&mut expires, expires_in.into());
        let mut extra: Vec<(&str, &str)> = vec![
            ("X-Amz-Algorithm", ALGORITHM),
            ("X-Amz-Credential", &credential),
            ("X-Amz-Date", scope.amz_date()),
            ("X-Amz-Expires", &expires),
            ("X-Amz-SignedHeaders", &signed_headers),
        ];
        if let (Some(t), false) = (token, options.omit_session_token) {
            extra.push(("X-Amz-Security-Token", t));
        }
        let query = canonical_query(url.query, &extra)?;
        let path = canonical_path(url.path, options.normalize_path)?;
        let (canonical_request, _) =
            canonical_request(&method, &path, &query, &list, &payload_hash);
        drop(list);

        // The string to sign and its signature.
        let request_hash = sha256_hex_32(&canonical_request);
        let string_to_sign =
            concat(&scope.string_to_sign(core::str::from_utf8(&request_hash).unwrap_or("")));
        let signature = self.keys.signature(
            &params.credentials.secret_access_key,
            digest,
            &scope,
            &[&string_to_sign],
        )?;
        let signature = core::str::from_utf8(&signature).unwrap_or("").to_owned();

        // The URL to send: the signed query plus the signature.
        let wire_path = wire_path(url.path, path, options.normalize_path);
        let mut signed_url = concat(&[
            &url.origin(),
            &wire_path,
            "?",
            &query,
            "&X-Amz-Signature=",
            &signature,
        ]);
        if let (Some(t), true) = (token, options.omit_session_token) {
            signed_url.push_str("&X-Amz-Security-Token=");
            signed_url.push_str(&uri_encode(t, false));
        }
        Ok(SignedRequest {
            request: HttpRequest {
                method,
                url: signed_url,
                headers,
                body: request.body,
            },
            canonical_request,
            string_to_sign,
            signature,
        })
    }
}
