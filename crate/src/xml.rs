//! A small XML reader for S3 replies (no panics on any input).
