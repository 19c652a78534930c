//! The wire fixtures (`wire_fixtures/mod.rs`) through the Rust parsers of
//! native builds; `browser_wire.rs` runs the same fixtures through the
//! browser build's JavaScript engine.
#![cfg(not(target_arch = "wasm32"))]

mod wire_fixtures;

#[test]
fn the_rust_parsers_read_every_fixture_as_expected() {
    let wrong = wire_fixtures::disagreements();
    assert!(
        wrong.is_empty(),
        "{} of {} fixtures:\n{}",
        wrong.len(),
        wire_fixtures::count(),
        wrong.join("\n")
    );
}
