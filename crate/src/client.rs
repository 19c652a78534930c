//! The Cognito client: sign-in flows, tokens and credentials over a Platform.
