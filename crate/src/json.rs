//! A small JSON value type with a parser and serializer (no panics on any input).
