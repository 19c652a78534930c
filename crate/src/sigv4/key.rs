//! Signing-key derivation (`AWS4`+secret → date → region → service →
//! `aws4_request`), the cache of derived keys, and the signature itself:
//! HMAC-SHA256 of the string to sign with the derived key.
use crate::prelude::*;

use core::cell::RefCell;
use core::fmt;

use crate::crypto::sha256::Sha256;

use super::fast::feed_gathered;
use super::scope::Scope;
use crate::error::CognitoError;
use crate::wire::encoding::{hex_32, hex_encode};
use crate::wire::text::concat;

use crate::crypto::hmac::hmac_sha256;
pub(super) use crate::crypto::hmac::HmacSha256;

/// Signing keys kept in a [`KeyCache`].
pub(super) const KEY_CACHE_SIZE: usize = 4;

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex_encode(&Sha256::digest(data))
}

/// Lower-case hex SHA-256 of `text`, on the stack.
pub(super) fn sha256_hex_32(text: &str) -> [u8; 64] {
    hex_32(&Sha256::digest(text.as_bytes()))
}

/// Overwrites `text`, which holds a secret, with zeros and empties it:
/// the heap block it gives back then holds nothing for whatever is
/// allocated there next.
pub(crate) fn wipe(text: &mut String) {
    let mut bytes = core::mem::take(text).into_bytes();
    bytes.fill(0);
    // The zeros are observed, so not elided before the free.
    core::hint::black_box(&bytes);
}

/// The SigV4 signing key: `AWS4`+secret → date → region → service →
/// `aws4_request`. Never fails today (HMAC takes keys of any length); the
/// `Result` is the public signature's.
pub fn derive_signing_key(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
) -> Result<[u8; 32], CognitoError> {
    let mut first_key = concat(&["AWS4", secret]);
    let k_date = hmac_sha256(first_key.as_bytes(), &[date.as_bytes()]);
    wipe(&mut first_key);
    let k_region = hmac_sha256(&k_date, &[region.as_bytes()]);
    let k_service = hmac_sha256(&k_region, &[service.as_bytes()]);
    Ok(hmac_sha256(&k_service, &[b"aws4_request"]))
}

/// The SHA-256 of a secret access key: what the signing-key cache is keyed
/// by (the cache never holds the secret itself).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretDigest([u8; 32]);

impl SecretDigest {
    /// The digest of `secret`.
    pub fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()))
    }
}

impl fmt::Debug for SecretDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretDigest(<redacted>)")
    }
}

/// A cached derived key, kept as the HMAC already keyed with it (its inner
/// and outer pads hashed once, not at every signature); the secret is kept
/// only as its SHA-256.
struct CachedKey {
    secret_digest: [u8; 32],
    date: String,
    region: String,
    service: String,
    mac: HmacSha256,
}

/// The last few derived signing keys, newest last.
#[derive(Default)]
pub(super) struct KeyCache {
    keys: RefCell<Vec<CachedKey>>,
}

impl KeyCache {
    /// Number of keys held.
    pub(super) fn len(&self) -> usize {
        self.keys.try_borrow().map(|c| c.len()).unwrap_or(0)
    }

    /// Drops every cached key, overwriting each in place first (the digest
    /// and the keyed HMAC state) so that the freed memory does not keep a
    /// key derived from the last user's secret. Called at sign-out and
    /// before another user's session starts.
    pub(super) fn forget(&self) {
        if let Ok(mut cache) = self.keys.try_borrow_mut() {
            for key in cache.iter_mut() {
                key.secret_digest = [0; 32];
                key.mac = HmacSha256::new(&[0; 32]);
            }
            // The overwrites are observed, so not elided before the free.
            core::hint::black_box(&*cache);
            cache.clear();
        }
    }

    /// The HMAC keyed with the derived key for (secret, date, region,
    /// service), from the cache when possible.
    fn signing_mac(
        &self,
        secret: &str,
        digest: &SecretDigest,
        scope: &Scope,
    ) -> Result<HmacSha256, CognitoError> {
        let digest = digest.0;
        let (date, region, service) = (scope.date(), scope.region, scope.service);
        let matches = |c: &CachedKey| {
            c.secret_digest == digest
                && c.date == date
                && c.region == region
                && c.service == service
        };
        if let Ok(cache) = self.keys.try_borrow() {
            if let Some(hit) = cache.iter().find(|c| matches(c)) {
                return Ok(hit.mac.clone());
            }
        }
        let key = derive_signing_key(secret, date, region, service)?;
        let mac = HmacSha256::new(&key);
        if let Ok(mut cache) = self.keys.try_borrow_mut() {
            if cache.len() >= KEY_CACHE_SIZE {
                cache.remove(0);
            }
            cache.push(CachedKey {
                secret_digest: digest,
                date: date.into(),
                region: region.into(),
                service: service.into(),
                mac: mac.clone(),
            });
        }
        Ok(mac)
    }

    /// The signature (hex): HMAC-SHA256, keyed with the derived key of
    /// `scope`, of the string to sign given in `pieces`.
    pub(super) fn signature(
        &self,
        secret: &str,
        digest: &SecretDigest,
        scope: &Scope,
        pieces: &[&str],
    ) -> Result<[u8; 64], CognitoError> {
        let mut mac = self.signing_mac(secret, digest, scope)?;
        feed_gathered(&mut mac, pieces);
        Ok(hex_32(&mac.finalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgotten_keys_are_gone_and_derived_again() {
        let cache = KeyCache::default();
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let credentials = crate::sigv4::SigningCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: secret.into(),
            session_token: None,
        };
        let params = crate::sigv4::SigningParams {
            credentials: &credentials,
            region: "eu-west-1",
            service: "s3",
            time_ms: 1_700_000_000_000.0,
        };
        let scope = Scope::new(&params).unwrap();
        let digest = SecretDigest::of(secret);
        let first = cache.signature(secret, &digest, &scope, &["x"]).unwrap();
        assert_eq!(cache.len(), 1);
        cache.forget();
        assert_eq!(cache.len(), 0);
        let again = cache.signature(secret, &digest, &scope, &["x"]).unwrap();
        assert_eq!(first, again);
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn aws_documented_signing_key() {
        // From the AWS SigV4 documentation (iam/20120215/us-east-1).
        let key = derive_signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        )
        .unwrap();
        assert_eq!(
            hex_encode(&key),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }
}
