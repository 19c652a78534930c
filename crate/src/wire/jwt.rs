//! JWT payload decoding (claims for display and expiry only; no signature check).
//!
//! The tokens come straight from Cognito over HTTPS; the library reads their
//! claims to show who is signed in, to know when they expire and to pick the
//! user's cached identity id. **No trust decision rests on them**: the
//! signature is not checked, and the services that receive the tokens check
//! them themselves.
use crate::prelude::*;

use crate::error::CognitoError;
use crate::wire::encoding::{base64_decode, Base64Alphabet};
use crate::wire::json::{self, Value};

/// The decoded payload of a JWT: a JSON object of claims.
#[derive(Clone, Debug, PartialEq)]
pub struct Claims {
    payload: Value,
}

impl Claims {
    /// Decodes the payload of `token` (`header.payload.signature`). `what`
    /// names the token in error messages (`"IdToken"`); the token itself never
    /// appears in them. A malformed token is an `InvalidResponse`.
    pub fn decode(token: &str, what: &str) -> Result<Claims, CognitoError> {
        let bad = |why: &str| CognitoError::invalid_response(text!(what, " is not a JWT: ", why));
        let mut parts = token.split('.');
        let (Some(_header), Some(payload), Some(_signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("expected three dot-separated parts"));
        };
        // base64url, padding optional (JWTs have none, some tools add it).
        let bytes = base64_decode(payload, Base64Alphabet::UrlSafe, false)
            .ok_or_else(|| bad("payload is not base64url"))?;
        let text = core::str::from_utf8(&bytes).map_err(|_| bad("payload is not UTF-8"))?;
        let payload = json::parse(text).map_err(|_| bad("payload is not JSON"))?;
        if payload.as_object().is_none() {
            return Err(bad("payload is not a JSON object"));
        }
        Ok(Claims { payload })
    }

    /// Wraps an already decoded payload object.
    pub fn from_value(payload: Value) -> Claims {
        Claims { payload }
    }

    /// The whole payload (a JSON object).
    pub fn value(&self) -> &Value {
        &self.payload
    }

    /// Any claim.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.payload.get(name)
    }

    /// A string claim.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.payload.get_str(name)
    }

    /// `sub`: the user's stable id.
    pub fn sub(&self) -> Option<&str> {
        self.get_str("sub")
    }

    /// `iss`: the issuer (`https://cognito-idp.<region>.amazonaws.com/<userPoolId>`).
    pub fn iss(&self) -> Option<&str> {
        self.get_str("iss")
    }

    /// `aud` (ID tokens: the app client id); the first entry when it is a list.
    pub fn aud(&self) -> Option<&str> {
        match self.get("aud")? {
            Value::Array(items) => items.first().and_then(Value::as_str),
            v => v.as_str(),
        }
    }

    /// `client_id` (access tokens: the app client id).
    pub fn client_id(&self) -> Option<&str> {
        self.get_str("client_id")
    }

    /// `token_use`: `"id"` or `"access"`.
    pub fn token_use(&self) -> Option<&str> {
        self.get_str("token_use")
    }

    /// `exp`: expiry in seconds since the Unix epoch.
    pub fn exp(&self) -> Option<f64> {
        self.payload.get_f64("exp").filter(|n| n.is_finite())
    }

    /// `exp` in milliseconds since the Unix epoch.
    pub fn exp_ms(&self) -> Option<f64> {
        self.exp().map(|s| s * 1000.0)
    }

    /// The user name: `cognito:username` (ID token) or `username` (access token).
    pub fn username(&self) -> Option<&str> {
        self.get_str("cognito:username")
            .or_else(|| self.get_str("username"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    fn token(payload: &str) -> String {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.c2ln",
            b64.encode(r#"{"alg":"RS256","kid":"k"}"#),
            b64.encode(payload)
        )
    }

    #[test]
    fn decodes_cognito_claims() {
        let c = Claims::decode(
            &token(
                r#"{"sub":"u-1","iss":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc","aud":"client1","token_use":"id","exp":1700000000,"cognito:username":"alice","email":"a@example.com"}"#,
            ),
            "IdToken",
        )
        .unwrap();
        assert_eq!(c.sub(), Some("u-1"));
        assert_eq!(
            c.iss(),
            Some("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc")
        );
        assert_eq!(c.aud(), Some("client1"));
        assert_eq!(c.token_use(), Some("id"));
        assert_eq!(c.exp(), Some(1_700_000_000.0));
        assert_eq!(c.exp_ms(), Some(1_700_000_000_000.0));
        assert_eq!(c.username(), Some("alice"));
        assert_eq!(c.get_str("email"), Some("a@example.com"));

        let access = Claims::decode(
            &token(
                r#"{"client_id":"client1","username":"bob","token_use":"access","aud":["x","y"]}"#,
            ),
            "AccessToken",
        )
        .unwrap();
        assert_eq!(access.client_id(), Some("client1"));
        assert_eq!(access.username(), Some("bob"));
        assert_eq!(access.aud(), Some("x"));
        assert_eq!(access.exp(), None);
    }

    #[test]
    fn payload_with_padding_and_url_alphabet() {
        // "?>" encodes to "Pz4" in base64url ("Pz4=" padded): both accepted.
        let c = Claims::decode("e30.eyJhIjoiPz4ifQ==.x", "IdToken").unwrap();
        assert_eq!(c.get_str("a"), Some("?>"));
        let c = Claims::decode("e30.eyJhIjoiPz4ifQ.x", "IdToken").unwrap();
        assert_eq!(c.get_str("a"), Some("?>"));
    }

    #[test]
    fn malformed_tokens_are_invalid_responses_without_the_token() {
        let secretish = "eyJzZWNyZXQiOjF9";
        for bad in [
            String::new(),
            "abc".to_owned(),
            format!("a.{secretish}"),
            format!("a.{secretish}.b.c"),
            "a.!!!.b".to_owned(),
            token("[1,2]"),
            token("not json"),
            format!("a.{}.b", "_w"), // 0xff: not UTF-8
        ] {
            let err = Claims::decode(&bad, "IdToken").unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidResponse);
            assert!(err.message.starts_with("IdToken is not a JWT"));
            assert!(!err.message.contains(secretish));
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Claims::decode(&s, "t");
        }

        #[test]
        fn never_panics_on_three_parts(a in "[A-Za-z0-9_=-]{0,40}", b in "[A-Za-z0-9_=+/-]{0,80}") {
            let _ = Claims::decode(&format!("{a}.{b}.{a}"), "t");
        }

        #[test]
        fn string_claims_round_trip(sub in "\\PC*", name in "\\PC*") {
            let payload = Value::object([("sub", Value::from(sub.as_str())), ("username", Value::from(name.as_str()))]);
            let c = Claims::decode(&token(&payload.to_string()), "t").unwrap();
            prop_assert_eq!(c.sub(), Some(sub.as_str()));
            prop_assert_eq!(c.username(), Some(name.as_str()));
        }
    }
}
