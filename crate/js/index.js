/* @ts-self-types="./index.d.ts" */
// The package's entry (package.json `main`, `module`, `exports`): the
// wasm-bindgen glue's exports, and `awsJson`, the `dynamodb` namespace
// (aws_json.js), the S3 object calls (s3_objects.js) and the S3 listing and
// presigned GET (s3_list.js), which are JavaScript over the glue's `awsFetch`
// and `signRequest`. Bundled by
// scripts/npm-package.mjs (`entry`), with `./cognito_wasm.js` left to the
// glue and `./cognito_error.js` pointed at the glue's own copy, so that
// `isCognitoError` knows these errors.
export * from './cognito_wasm.js';
export { default } from './cognito_wasm.js';
export { awsJson, dynamodb } from './aws_json.js';
export { getObject, putObject, headObject, deleteObject, deleteObjects, copyObject, presignPutObject } from './s3_objects.js';
export { listObjects, listAllObjects, presignGetObject } from './s3_list.js';
