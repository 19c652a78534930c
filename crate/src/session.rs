//! Tokens, credentials, expiry and refresh rules.
