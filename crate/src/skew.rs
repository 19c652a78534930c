//! Clock offset learned from server Date headers.
