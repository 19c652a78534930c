// The reading of signRequest's and AwsSigner's arguments (crate/js/host.js, a
// wasm-bindgen snippet) in Node: the fields it joins for the wasm (every header shape
// and body kind, signing time, presign, the session token sent once), the binary body
// handed over apart, and every wrong argument refused with an InvalidParameterException
// that names the field and never holds the secret, the token or the body. That the wasm
// signs what it joins as the Rust signer does: crate/tests/browser_sign.rs and the
// botocore differential (sigv4-botocore.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './harness.mjs';

const lib = await import(pathToFileURL(join(root, 'crate', 'js', 'host.js')).href);
const { CognitoError } = lib;
const { packSignArgs, packRequest, packSigner, takeBody, forgetToken } = lib;

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';
const URL_ = 'https://b.s3.eu-west-1.amazonaws.com/k?a=1';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN };
const options = (extra = {}) => ({ credentials, region: 'eu-west-1', service: 's3', ...extra });

/** packRequest's fields: [time, expiresIn, method, url, binary, body, ...header pairs]. */
const fieldsOf = (request, opts) => packRequest(request, opts).split('\0');

test('signRequest joins token, scope, keys, timing and the request; an unchanged token crosses as ""', () => {
  forgetToken();
  const request = { method: 'PUT', url: URL_, headers: { 'content-type': 'text/plain' }, body: 'hi' };
  const date = new Date(Date.UTC(2024, 4, 6, 7, 8, 9));
  const first = packSignArgs(request, options({ signingDate: date }));
  assert.deepEqual(first.split('\0'), ['=' + TOKEN, 'eu-west-1', 's3', 'AKIDEXAMPLE', SECRET,
    String(date.getTime()), '', 'PUT', URL_, '', 'hi', 'content-type', 'text/plain']);
  // The same token again: an empty field; another: "=" and it; none: "=".
  assert.equal(packSignArgs(request, options()).split('\0')[0], '');
  const other = { ...credentials, sessionToken: 'other' };
  assert.equal(packSignArgs(request, options({ credentials: other })).split('\0')[0], '=other');
  const none = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };
  assert.equal(packSignArgs(request, options({ credentials: none })).split('\0')[0], '=');
  assert.equal(packSignArgs(request, options({ credentials: none })).split('\0')[0], '');
  // Forgotten (sign-out): sent again in full.
  assert.equal(forgetToken(), true);
  assert.equal(packSignArgs(request, options()).split('\0')[0], '=' + TOKEN);
});

test('a Headers object, [name, value] pairs and a record give the same header fields', () => {
  const record = { 'Content-Type': 'text/plain', 'x-amz-meta-a': 'b' };
  const headers = new Headers(record);
  const expected = ['content-type', 'text/plain', 'x-amz-meta-a', 'b'];
  assert.deepEqual(fieldsOf({ url: URL_, headers }).slice(6), expected);
  assert.deepEqual(fieldsOf({ url: URL_, headers: [...headers] }).slice(6), expected);
  assert.deepEqual(fieldsOf({ url: URL_, headers: record }).slice(6), ['Content-Type', 'text/plain', 'x-amz-meta-a', 'b']);
  // A class instance is read as a record (its own enumerable fields).
  class Custom { constructor() { this.a = '1'; } }
  assert.deepEqual(fieldsOf({ url: URL_, headers: new Custom() }).slice(6), ['a', '1']);
  // undefined and null fields are not given.
  assert.deepEqual(fieldsOf({ url: URL_, method: null, headers: null, body: null }, null),
    ['', '', 'GET', URL_, '', '']);
});

test('a binary body, or a string one holding a NUL, crosses apart as its bytes', () => {
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  const check = (body, want) => {
    const fields = fieldsOf({ url: URL_, body });
    assert.deepEqual([fields[4], fields[5]], ['1', '']);
    assert.deepEqual([...takeBody()], [...want]);
    // Taken once.
    assert.equal(takeBody().length, 0);
  };
  check(bytes, bytes);
  check(bytes.buffer, bytes);
  check(new DataView(bytes.buffer, 1, 3), [1, 2, 250]);
  check(new Uint16Array([0x0201]), [1, 2]);
  check('a\0é', [0x61, 0, 0xc3, 0xa9]);
  // An empty binary body is an empty text one.
  assert.deepEqual(fieldsOf({ url: URL_, body: new Uint8Array(0) }).slice(4), ['', '']);
  assert.deepEqual(fieldsOf({ url: URL_, body: 'text' }).slice(4), ['', 'text']);
  // Each request packed forgets the previous one's body.
  fieldsOf({ url: URL_, body: bytes });
  fieldsOf({ url: URL_ });
  assert.equal(takeBody().length, 0);
});

test('signing time and presign', () => {
  assert.deepEqual(fieldsOf({ url: URL_ }, { signingDate: 1714979289000.9 }).slice(0, 2), ['1714979289000', '']);
  assert.deepEqual(fieldsOf({ url: URL_ }, { presign: { expiresIn: 604800 } }).slice(0, 2), ['', '604800']);
  assert.deepEqual(fieldsOf({ url: URL_ }, {}).slice(0, 2), ['', '']);
  assert.deepEqual(fieldsOf({ url: URL_ }, undefined).slice(0, 2), ['', '']);
  // Past year 9999 (the signer refuses it as it does any time that late).
  assert.equal(fieldsOf({ url: URL_ }, { signingDate: 1e300 })[0], String(Number.MAX_SAFE_INTEGER));
});

test('new AwsSigner joins token, scope and keys', () => {
  assert.deepEqual(packSigner(options()).split('\0'), [TOKEN, 'eu-west-1', 's3', 'AKIDEXAMPLE', SECRET]);
  const none = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: null };
  assert.deepEqual(packSigner(options({ credentials: none })).split('\0'), ['', 'eu-west-1', 's3', 'AKIDEXAMPLE', SECRET]);
});

/** Whether `call` throws an InvalidParameterException CognitoError with `message`. */
function refuses(call, message) {
  assert.throws(call, (e) => {
    assert.ok(e instanceof CognitoError, String(e));
    assert.equal(e.name, 'InvalidParameterException');
    assert.equal(e.retryable, false);
    assert.equal(e.message, message);
    for (const secret of [SECRET, TOKEN, 'the-body']) assert.ok(!e.message.includes(secret), e.message);
    return true;
  });
}

const throwing = { get url() { throw new Error('nope'); } };
const revoked = Proxy.revocable({}, {});
revoked.revoke();

test('signRequest refuses each wrong argument, naming the field', () => {
  const ok = { url: URL_ };
  for (const [request, opts, message] of [
    [undefined, options(), 'request must be an object'],
    [[URL_], options(), 'request must be an object'],
    [{}, options(), 'request.url is required'],
    [{ url: 5 }, options(), 'request.url must be a string'],
    [throwing, options(), 'request.url could not be read'],
    [{ url: URL_, method: 1 }, options(), 'request.method must be a string'],
    [{ url: URL_, headers: 'x' }, options(), 'request.headers must be an object'],
    [{ url: URL_, headers: { a: 1 } }, options(), 'request.headers.a must be a string'],
    [{ url: URL_, headers: [['a']] }, options(),
      'request.headers must be a Headers object, [name, value] pairs or a record of strings'],
    [{ url: URL_, headers: [['a', 1]] }, options(),
      'request.headers must be a Headers object, [name, value] pairs or a record of strings'],
    [{ url: URL_, body: 5 }, options(), 'request.body must be a string, an ArrayBuffer or a typed array'],
    [{ url: URL_, body: { text: 'the-body' } }, options(), 'request.body must be a string, an ArrayBuffer or a typed array'],
    [{ url: URL_, body: new Uint8Array(new SharedArrayBuffer(4)) }, options(),
      'request.body must be a string, an ArrayBuffer or a typed array'],
    [ok, undefined, 'options must be an object'],
    [ok, () => 1, 'options must be an object'],
    [ok, { region: 'eu-west-1', service: 's3' }, 'credentials is required'],
    [ok, options({ credentials: () => credentials }), 'credentials must be an object; pass a function as `provider`'],
    [ok, options({ credentials: 'AKID' }), 'credentials must be an object'],
    [ok, options({ credentials: { secretAccessKey: SECRET } }), 'credentials.accessKeyId is required'],
    [ok, options({ credentials: { accessKeyId: 'A', secretAccessKey: 1 } }), 'credentials.secretAccessKey must be a string'],
    [ok, options({ credentials: { accessKeyId: '', secretAccessKey: SECRET } }),
      'credentials.accessKeyId and credentials.secretAccessKey must not be empty'],
    [ok, options({ credentials: { ...credentials, sessionToken: 5 } }), 'credentials.sessionToken must be a string'],
    [ok, { credentials }, 'options.region is required'],
    [ok, { credentials, region: 'eu-west-1', service: 5 }, 'options.service must be a string'],
    [ok, options({ signingDate: new Date(NaN) }), 'options.signingDate must be a valid Date'],
    [ok, options({ signingDate: '2024-01-01' }), 'options.signingDate must be a valid Date'],
    [ok, options({ signingDate: -1 }), 'signing time is not a valid date'],
    [ok, options({ presign: 60 }), 'options.presign must be an object'],
    [ok, options({ presign: {} }), 'presign.expiresIn is required'],
    [ok, options({ presign: { expiresIn: '60' } }), 'options.presign.expiresIn must be a finite number'],
    [ok, options({ presign: { expiresIn: 0 } }), 'options.presign.expiresIn must be a whole number from 1 to 604800'],
    [ok, options({ presign: { expiresIn: 1.5 } }), 'options.presign.expiresIn must be a whole number from 1 to 604800'],
    // A NUL, which no field can carry, where a valid value never holds one.
    [{ url: URL_ + '\0' }, options(), 'invalid URL: control characters and backslashes are not allowed'],
    [{ url: URL_, method: 'G\0' }, options(), 'bad HTTP method'],
    [{ url: URL_, headers: { 'a\0': 'v' } }, options(), 'bad header name'],
    [{ url: URL_, headers: [['a', 'v\0']] }, options(), 'header names and values must not contain NUL characters'],
    [ok, options({ region: 'eu\0' }), "region must be lower-case letters, digits and '-'"],
    [ok, options({ service: 's3\0' }), "service must be lower-case letters, digits and '-'"],
    [ok, options({ credentials: { ...credentials, accessKeyId: 'A\0' } }), 'access key id must be letters and digits'],
    [ok, options({ credentials: { ...credentials, secretAccessKey: SECRET + '\0' } }),
      'credentials.secretAccessKey must not contain NUL characters'],
    [ok, options({ credentials: { ...credentials, sessionToken: TOKEN + '\0' } }),
      'credentials.sessionToken must not contain NUL characters'],
    [revoked.proxy, options(), 'the arguments could not be read'],
  ]) {
    refuses(() => packSignArgs(request, opts), message);
  }
});

test('AwsSigner refuses wrong options and requests alike', () => {
  refuses(() => packSigner('s3'), 'options must be an object');
  refuses(() => packSigner({ region: 'eu-west-1', service: 's3' }), 'credentials is required');
  refuses(() => packSigner({ credentials, region: 'eu-west-1' }), 'options.service is required');
  // The options are checked before the request.
  refuses(() => packRequest(undefined, 'x'), 'options must be an object');
  refuses(() => packRequest({ url: URL_, body: 1 }, undefined), 'request.body must be a string, an ArrayBuffer or a typed array');
  refuses(() => packRequest({ url: URL_ }, { signingDate: NaN }), 'options.signingDate must be a valid Date');
});

test('a refused call leaves the token kept as it was', () => {
  forgetToken();
  packSignArgs({ url: URL_ }, options());
  refuses(() => packSignArgs({ url: URL_ }, options({ credentials: { ...credentials, sessionToken: 'new' }, region: 1 })),
    'options.region must be a string');
  assert.equal(packSignArgs({ url: URL_ }, options()).split('\0')[0], '');
});
