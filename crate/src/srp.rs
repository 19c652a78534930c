//! Cognito's SRP-6a client (USER_SRP_AUTH / PASSWORD_VERIFIER).
