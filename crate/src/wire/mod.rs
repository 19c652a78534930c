//! Wire formats, with no I/O and no panics on any input: JSON, XML, the
//! encodings (hex, URI, base64), dates, JWT payloads, HTTP requests and
//! replies as plain values, and the packed arguments JavaScript hands over.

pub mod dates;
pub(crate) mod decimal;
pub mod encoding;
pub mod http;
pub mod json;
pub mod jwt;
pub mod packed;
pub(crate) mod pieces;
pub(crate) mod sort;
pub(crate) mod text;
pub mod xml;
