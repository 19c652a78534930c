//! The Cognito operations as plain values: request builders and reply
//! parsers for the user pool (`cognito-idp`) and the identity pool
//! (`cognito-identity`), over the AWS JSON 1.1 envelope. No I/O: the
//! [`crate::client`] sends what these build.

pub mod account;
pub mod aws_json;
pub mod challenge;
pub mod identity;
pub mod idp;
pub mod sign_up;
