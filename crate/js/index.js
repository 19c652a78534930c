/* @ts-self-types="./index.d.ts" */
// The package's entry (package.json `main`, `module`, `exports`): the
// wasm-bindgen glue's exports, and `awsJson` and the `dynamodb` namespace,
// which are JavaScript over the glue's `awsFetch` (aws_json.js). Bundled by
// scripts/npm-package.mjs (`entry`), with `./cognito_wasm.js` left to the
// glue and `./cognito_error.js` pointed at the glue's own copy, so that
// `isCognitoError` knows these errors.
export * from './cognito_wasm.js';
export { default } from './cognito_wasm.js';
export { awsJson, dynamodb } from './aws_json.js';
