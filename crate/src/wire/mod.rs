//! Wire formats, with no I/O and no panics on any input: JSON, XML, the
//! encodings (hex, URI, base64), dates, JWT payloads, and HTTP requests and
//! replies as plain values.

pub mod dates;
pub mod encoding;
pub mod http;
pub mod json;
pub mod jwt;
pub(crate) mod sort;
pub(crate) mod text;
pub mod xml;
