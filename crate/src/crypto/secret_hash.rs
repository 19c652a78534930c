//! SECRET_HASH for app clients that have a client secret.
use crate::prelude::*;

use crate::crypto::hmac::hmac_sha256;
use crate::wire::encoding::{base64_encode, Base64Alphabet};

/// base64(HMAC-SHA256(client_secret, username ‖ client_id)), the
/// `SECRET_HASH` Cognito wants with every call for a client with a secret.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mac = hmac_sha256(
        client_secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    );
    base64_encode(&mac, Base64Alphabet::Standard, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_value() {
        assert_eq!(
            secret_hash("clientSecret", "test", "123abd"),
            "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg="
        );
    }
}
