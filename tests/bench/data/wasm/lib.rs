//! cognito-wasm's JavaScript API with the `s3-objects` feature linked in,
//! for the data bench page's `putObject`. (The `dynamodb` namespace's
//! marshalling is JavaScript now, crate/js/dynamodb_values.js: the page
//! bundles it from there.)

// Linked for its wasm-bindgen exports only.
extern crate cognito_wasm;
