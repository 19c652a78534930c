/* @ts-self-types="./index.d.ts" */
// The package's entry (package.json `main`, `module`, `exports`): the
// wasm-bindgen glue's exports (named one by one: the glue's `__observeClock` is
// internal, for aws_fetch.js; scripts/npm-package.mjs `entry` checks that no other
// is left out), and `awsFetch` (aws_fetch.js), `awsJson`, the `dynamodb`
// namespace (aws_json.js), the S3 object calls (s3_objects.js) and the S3 listing
// and presigned GET (s3_list.js): JavaScript over the glue's `signRequest`
// (the calls over awsFetch). Bundled by
// scripts/npm-package.mjs (`entry`), with `./cognito_wasm.js` left to the
// glue and `./host.js` (CognitoError) pointed at the glue's own copy of it, so
// that `isCognitoError` knows these errors.
export { default, initSync, AwsSigner, CognitoClient, isCognitoError, signRequest } from './cognito_wasm.js';
export { awsFetch } from './aws_fetch.js';
export { awsJson, dynamodb } from './aws_json.js';
export { getObject, putObject, headObject, deleteObject, deleteObjects, copyObject, presignPutObject } from './s3_objects.js';
export { listObjects, listAllObjects, presignGetObject } from './s3_list.js';
