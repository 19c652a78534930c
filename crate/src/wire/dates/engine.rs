//! The browser build's ISO 8601 and HTTP date parsers behind
//! [`super::parse_iso8601`] and [`super::parse_http_date`]: a regular
//! expression for the form and `Date` for the calendar
//! (`crate/js/host.js`), which keeps the Rust parsers (`native.rs`)
//! out of the wasm (BENCHMARKS.md §7, "Wire parsing by the engine"). They
//! accept exactly the text the Rust parsers accept (surrounding whitespace
//! is trimmed on the Rust side, before either) and give the same Unix ms.
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// Unix ms of an ISO 8601 timestamp, NaN if refused.
    #[wasm_bindgen(js_name = iso8601Ms)]
    fn iso8601_engine(s: &str) -> f64;

    /// Unix ms of an IMF-fixdate, NaN if refused.
    #[wasm_bindgen(js_name = httpDateMs)]
    fn http_date_engine(s: &str) -> f64;
}

/// [`super::parse_iso8601`] of trimmed text, by the engine.
pub fn iso8601_ms(s: &str) -> Option<f64> {
    let ms = iso8601_engine(s);
    (!ms.is_nan()).then_some(ms)
}

/// [`super::parse_http_date`] of trimmed text, by the engine.
pub fn http_date_ms(s: &str) -> Option<f64> {
    let ms = http_date_engine(s);
    (!ms.is_nan()).then_some(ms)
}
