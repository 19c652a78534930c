//! cognito-identity (identity pool) request and response shapes.
