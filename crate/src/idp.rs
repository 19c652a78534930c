//! cognito-idp (user pool) request and response shapes.
