//! JWT payload decoding (claims for display and expiry only; no signature check).
