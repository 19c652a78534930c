//! The wire fixtures (`wire_fixtures/mod.rs`) through the browser build's
//! parsers: the JavaScript engine's `JSON.parse` and `Date`
//! (in `crate/js/host.js`). `wire_backends.rs` runs the same fixtures
//! natively, through the Rust parsers; both must give the expected results.
//! Needs no stack. Run by `scripts/test-browser`.
#![cfg(target_arch = "wasm32")]

mod wire_fixtures;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_engine_reads_every_fixture_as_expected() {
    let wrong = wire_fixtures::disagreements();
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures:\n{}",
        wrong.len(),
        wire_fixtures::count(),
        wrong.join("\n")
    );
}
