//! S3 ListObjectsV2: request building and result parsing.
