//! SECRET_HASH for app clients that have a client secret.
