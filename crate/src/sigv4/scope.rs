//! The credential scope (`date/region/service/aws4_request`), the string to
//! sign over it, and the `Authorization` header that carries the result.
use crate::prelude::*;

use super::{SigningParams, ALGORITHM};
use crate::error::CognitoError;
use crate::wire::dates::amz_date_bytes;

/// Checks a credential scope's region and service (lower-case letters,
/// digits and `-`), as every signature does.
pub fn check_scope(region: &str, service: &str) -> Result<(), CognitoError> {
    check_scope_part(region, "region")?;
    check_scope_part(service, "service")
}

fn check_scope_part(value: &str, what: &str) -> Result<(), CognitoError> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(text!(
            what,
            " must be lower-case letters, digits and '-'"
        )))
    }
}

/// Validated credential scope and time of one signature (no allocation:
/// the scope is written piece by piece where it is needed).
pub(super) struct Scope<'a> {
    amz_date: [u8; 16],
    pub(super) region: &'a str,
    pub(super) service: &'a str,
}

impl<'a> Scope<'a> {
    /// The scope of `params`, checked: region and service, access key id
    /// (letters and digits), a secret, a representable time.
    pub(super) fn new(params: &SigningParams<'a>) -> Result<Self, CognitoError> {
        check_scope(params.region, params.service)?;
        let creds = params.credentials;
        let key_ok = !creds.access_key_id.is_empty()
            && creds.access_key_id.len() <= 128
            && creds
                .access_key_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric());
        if !key_ok {
            return Err(CognitoError::invalid_parameter(
                "access key id must be letters and digits",
            ));
        }
        if creds.secret_access_key.is_empty() {
            return Err(CognitoError::invalid_parameter(
                "secret access key is empty",
            ));
        }
        Ok(Self {
            amz_date: amz_date_bytes(params.time_ms)?,
            region: params.region,
            service: params.service,
        })
    }

    /// `YYYYMMDDTHHMMSSZ` of the signing time.
    pub(super) fn amz_date(&self) -> &str {
        core::str::from_utf8(&self.amz_date).unwrap_or("")
    }

    /// `YYYYMMDD` of the signing time.
    pub(super) fn date(&self) -> &str {
        self.amz_date().get(..8).unwrap_or("")
    }

    /// `date/region/service/aws4_request`, in pieces.
    pub(super) fn parts(&self) -> [&str; 6] {
        [
            self.date(),
            "/",
            self.region,
            "/",
            self.service,
            "/aws4_request",
        ]
    }

    /// The string to sign for a canonical request's hash (hex), in pieces:
    /// algorithm, time, scope, hash, one per line.
    pub(super) fn string_to_sign<'s>(&'s self, request_hash: &'s str) -> [&'s str; 11] {
        let [date, slash, region, _, service, _] = self.parts();
        [
            super::ALGORITHM,
            "\n",
            self.amz_date(),
            "\n",
            date,
            slash,
            region,
            slash,
            service,
            "/aws4_request\n",
            request_hash,
        ]
    }

    /// `AWS4-HMAC-SHA256 Credential=key/scope, SignedHeaders=…, Signature=…`.
    pub(super) fn authorization(
        &self,
        access_key_id: &str,
        signed_names: &str,
        signature: &str,
    ) -> String {
        let [date, slash, region, _, service, tail] = self.parts();
        let pieces = [
            ALGORITHM,
            " Credential=",
            access_key_id,
            slash,
            date,
            slash,
            region,
            slash,
            service,
            tail,
            ", SignedHeaders=",
            signed_names,
            ", Signature=",
            signature,
        ];
        let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
        for piece in pieces {
            out.push_str(piece);
        }
        out
    }
}
