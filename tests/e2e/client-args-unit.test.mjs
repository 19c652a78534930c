// The reading of CognitoClient's arguments (its constructor's options, signIn,
// respondToChallenge, the account family, forceRefresh and signOut's global; crate/js/host.js, a wasm-bindgen snippet) in Node: the fields it packs
// for the wasm (any text, NULs and astral characters included, each as its UTF-16
// length and itself), and every wrong argument refused with the message naming the
// field and never holding the password, code or token. That the wasm unpacks what it
// packs: crate/src/js/client_args.rs's tests and the browser tests of the account family.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './harness.mjs';

const { packArgs } = await import(pathToFileURL(join(root, 'crate', 'js', 'host.js')).href);

// The kinds, in the order of crate/src/js/client_args.rs's Kind.
const KINDS = ['signUp', 'confirmSignUp', 'resendSignUpCode', 'forgotPassword', 'confirmForgotPassword',
  'changePassword', 'updateUserAttributes', 'sendAttributeVerificationCode', 'verifyAttribute',
  'deleteUserAttributes', 'verifyTotpSetup', 'setMfaPreference', 'rememberDevice', 'forgetDevice',
  'signIn', 'respondToChallenge', 'config', 'forceRefresh', 'signOut'];
const pack = (method, first, second) => packArgs(KINDS.indexOf(method), first, second);

const SECRET = 'Secret-Passw0rd!';

/** The fields of a packed string (null: not given), as the wasm reads them; throws on a refusal. */
function fields(packed) {
  assert.ok(!packed.startsWith('!'), `refused: ${packed}`);
  const out = [];
  let rest = packed;
  while (rest !== '') {
    if (rest.startsWith('-')) {
      out.push(null);
      rest = rest.slice(1);
      continue;
    }
    const colon = rest.indexOf(':');
    const length = Number(rest.slice(0, colon));
    assert.ok(colon > 0 && Number.isInteger(length), `a field at ${JSON.stringify(rest)}`);
    out.push(rest.slice(colon + 1, colon + 1 + length));
    rest = rest.slice(colon + 1 + length);
  }
  return out;
}

/** The message of a refused argument. */
function refusal(packed) {
  assert.ok(packed.startsWith('!'), `not refused: ${packed}`);
  return packed.slice(1);
}

test('signUp packs username, password and its three records as counts and pairs, in property order', () => {
  const packed = pack('signUp', {
    username: 'ana', password: SECRET,
    attributes: { email: 'ana@example.com', 'custom:tier': 'gold' },
    clientMetadata: { source: 'web' },
  });
  assert.deepEqual(fields(packed), ['ana', SECRET, '2', 'email', 'ana@example.com', 'custom:tier', 'gold',
    '0', '1', 'source', 'web']);
  // null records are none, as undefined ones.
  assert.deepEqual(fields(pack('signUp', { username: 'a', password: 'b', attributes: null })),
    ['a', 'b', '0', '0', '0']);
});

test('any text crosses as it is: NULs, separators, astral characters and lone surrogates keep their place', () => {
  const odd = ['a\0b', '3:x', '-', '', '😀 é', '\ud800x'];
  for (const text of odd) {
    assert.deepEqual(fields(pack('changePassword', { oldPassword: text, newPassword: 'n' + text })), [text, 'n' + text]);
  }
  // The length counts UTF-16 units (what a JS string's length is).
  assert.equal(pack('forgotPassword', { username: '😀' }), '2:😀');
  assert.deepEqual(fields(pack('deleteUserAttributes', ['a\0', '😀'])), ['2', 'a\0', '😀']);
});

test('each method packs its fields in order; optional ones not given are "-"', () => {
  assert.deepEqual(fields(pack('confirmSignUp', { username: 'u', code: '123' })), ['u', '123', null]);
  assert.deepEqual(fields(pack('confirmSignUp', { username: 'u', code: '123', signIn: true })), ['u', '123', '']);
  assert.deepEqual(fields(pack('confirmSignUp', { username: 'u', code: '123', signIn: false })), ['u', '123', null]);
  assert.deepEqual(fields(pack('resendSignUpCode', { username: 'u' })), ['u']);
  assert.deepEqual(fields(pack('confirmForgotPassword', { username: 'u', code: 'c', newPassword: 'p' })), ['u', 'c', 'p']);
  assert.deepEqual(fields(pack('updateUserAttributes', { name: 'N' })), ['1', 'name', 'N']);
  assert.deepEqual(fields(pack('sendAttributeVerificationCode', 'email')), ['email']);
  assert.deepEqual(fields(pack('verifyAttribute', 'email', '999')), ['email', '999']);
  assert.deepEqual(fields(pack('deleteUserAttributes', [])), ['0']);
  assert.deepEqual(fields(pack('verifyTotpSetup', { code: '123456' })), ['123456', null]);
  assert.deepEqual(fields(pack('verifyTotpSetup', { code: '123456', friendlyName: 'phone' })), ['123456', 'phone']);
  assert.deepEqual(fields(pack('setMfaPreference', { totp: 'preferred', email: 'disabled' })), ['preferred', null, 'disabled']);
  assert.deepEqual(fields(pack('setMfaPreference', {})), [null, null, null]);
  assert.deepEqual(fields(pack('rememberDevice')), [null]);
  assert.deepEqual(fields(pack('rememberDevice', null)), [null]);
  assert.deepEqual(fields(pack('rememberDevice', 'laptop')), ['laptop']);
  assert.deepEqual(fields(pack('forgetDevice', 'eu-west-1_k')), ['eu-west-1_k']);
  assert.deepEqual(fields(pack('signIn', { username: 'u', password: SECRET, signal: undefined })), ['u', SECRET]);
  assert.deepEqual(fields(pack('respondToChallenge', { code: '123' })), [null, '123', null, '0']);
  assert.deepEqual(fields(pack('respondToChallenge', { newPassword: SECRET, attributes: { name: 'N' } })),
    [SECRET, null, null, '1', 'name', 'N']);
});

test('wrong arguments are refused naming the field, never holding a password, code or token', () => {
  const cases = [
    ['signUp', ['ana'], 'signUp options must be an object'],
    ['signUp', [[1]], 'signUp options must be an object'],
    ['signUp', [null], 'signUp options must be an object'],
    ['signUp', [{ password: SECRET }], 'signUp options.username is required'],
    ['signUp', [{ username: 'a', password: 7 }], 'signUp options.password must be a string'],
    ['signUp', [{ username: 'a', password: SECRET, attributes: 'x' }], 'signUp options.attributes must be an object'],
    ['signUp', [{ username: 'a', password: SECRET, attributes: ['x'] }], 'signUp options.attributes must be an object'],
    ['signUp', [{ username: 'a', password: SECRET, validationData: { k: 1 } }], 'signUp options.validationData.k must be a string'],
    ['signUp', [{ username: 'a', password: SECRET, clientMetadata: { k: null } }], 'signUp options.clientMetadata.k must be a string'],
    ['confirmSignUp', [{ username: 'u' }], 'confirmSignUp options.code is required'],
    ['confirmSignUp', [{ username: 'u', code: SECRET, signIn: 'yes' }], 'confirmSignUp options.signIn must be true or false'],
    ['resendSignUpCode', [{}], 'resendSignUpCode options.username is required'],
    ['forgotPassword', [() => {}], 'forgotPassword options must be an object'],
    ['confirmForgotPassword', [{ username: 'u', code: SECRET }], 'confirmForgotPassword options.newPassword is required'],
    ['changePassword', [{ oldPassword: SECRET, newPassword: 1 }], 'changePassword options.newPassword must be a string'],
    ['updateUserAttributes', ['name'], 'attributes must be an object'],
    ['updateUserAttributes', [{ name: 1 }], 'attributes.name must be a string'],
    ['sendAttributeVerificationCode', [1], 'name must be a string'],
    ['sendAttributeVerificationCode', [undefined], 'name must be a string'],
    ['verifyAttribute', ['email'], 'code must be a string'],
    ['verifyAttribute', [null, SECRET], 'name must be a string'],
    ['deleteUserAttributes', ['email'], 'names must be an array of strings'],
    ['deleteUserAttributes', [['email', 1]], 'names must be an array of strings'],
    ['verifyTotpSetup', [{ code: SECRET, friendlyName: 1 }], 'verifyTotpSetup options.friendlyName must be a string'],
    ['setMfaPreference', [{ sms: 'on' }], "setMfaPreference options.sms must be 'preferred', 'enabled' or 'disabled'"],
    ['setMfaPreference', [{ totp: true }], 'setMfaPreference options.totp must be a string'],
    ['rememberDevice', [1], 'deviceName must be a string'],
    ['forgetDevice', [{}], 'deviceKey must be a string'],
    ['signIn', [{ username: 'u' }], 'signIn options.password is required'],
    ['signIn', [SECRET], 'signIn options must be an object'],
    ['respondToChallenge', ['123'], 'answer must be an object'],
    ['respondToChallenge', [{ code: 123 }], 'answer.code must be a string'],
    ['respondToChallenge', [{ newPassword: SECRET, attributes: { name: 2 } }], 'answer.attributes.name must be a string'],
  ];
  for (const [method, args, message] of cases) {
    const got = refusal(pack(method, ...args));
    assert.equal(got, message, `${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
    assert.ok(!got.includes(SECRET));
  }
});

test('fields are read one by one: the first wrong one is named, and objects that throw are refused by name', () => {
  // password is not read when username is wrong.
  let read = false;
  const options = { username: 1, get password() { read = true; return SECRET; } };
  assert.equal(refusal(pack('signUp', options)), 'signUp options.username must be a string');
  assert.equal(read, false);
  // A getter that throws (its error holds a secret) is named, its error not passed on.
  const throwing = { username: 'u', get password() { throw new Error(SECRET); } };
  assert.equal(refusal(pack('signIn', throwing)), 'signIn options.password could not be read');
  const thrownString = { get username() { throw SECRET; } };
  assert.equal(refusal(pack('forgotPassword', thrownString)), 'forgotPassword options.username could not be read');
  // A record whose keys cannot be listed, an array that cannot be read, a revoked Proxy.
  const keys = new Proxy({}, { ownKeys() { throw new Error(SECRET); } });
  assert.equal(refusal(pack('updateUserAttributes', keys)), 'attributes could not be read');
  const array = new Proxy([], { get() { throw new Error(SECRET); } });
  assert.equal(refusal(pack('deleteUserAttributes', array)), 'names must be an array of strings');
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.equal(refusal(pack('changePassword', proxy)), 'the arguments could not be read');
});

test("the constructor's options: its strings in order, the numbers checked, not packed", () => {
  const client = { userPoolId: 'eu-west-1_abc', clientId: 'client' };
  assert.deepEqual(fields(pack('config', client)), ['eu-west-1_abc', 'client', null, null, null, null, null, null, null]);
  const full = {
    ...client, identityPoolId: 'eu-west-1:id', region: 'eu-west-1', clientSecret: SECRET, authFlow: 'password',
    endpoints: { cognitoIdp: 'http://127.0.0.1:1/', cognitoIdentity: 'http://127.0.0.1:2/' },
    storage: 'session', refreshMarginSeconds: 1.5, timeoutMs: 500,
  };
  assert.deepEqual(fields(pack('config', full)), ['eu-west-1_abc', 'client', 'eu-west-1:id', 'eu-west-1', SECRET,
    'password', 'http://127.0.0.1:1/', 'http://127.0.0.1:2/', 'session']);
  // null is not given, as undefined.
  assert.deepEqual(fields(pack('config', { ...client, region: null, endpoints: null, refreshMarginSeconds: null })),
    ['eu-west-1_abc', 'client', null, null, null, null, null, null, null]);
  const wrong = [
    [null, 'options must be an object'],
    [[client], 'options must be an object'],
    [{ clientId: 'c' }, 'options.userPoolId is required'],
    [{ userPoolId: 'p', clientId: 7 }, 'options.clientId must be a string'],
    [{ ...client, clientSecret: 1 }, 'options.clientSecret must be a string'],
    [{ ...client, endpoints: 'http://x' }, 'options.endpoints must be an object'],
    [{ ...client, endpoints: { cognitoIdp: 1 } }, 'options.endpoints.cognitoIdp must be a string'],
    [{ ...client, storage: true }, 'options.storage must be a string'],
    [{ ...client, refreshMarginSeconds: '60' }, 'options.refreshMarginSeconds must be a finite number'],
    [{ ...client, refreshMarginSeconds: Infinity }, 'options.refreshMarginSeconds must be a finite number'],
    [{ ...client, get clientSecret() { throw new Error(SECRET); } }, 'options.clientSecret could not be read'],
  ];
  for (const [options, message] of wrong) {
    const packed = pack('config', options);
    assert.equal(refusal(packed), message);
    assert.ok(!packed.includes(SECRET));
  }
});

test('forceRefresh and signOut\'s global: true is "", false or not given "-", anything else refused', () => {
  for (const options of [undefined, null, {}, { forceRefresh: false }, { forceRefresh: null }, { signal: 1 }]) {
    assert.deepEqual(fields(pack('forceRefresh', options, 'getTokens options')), [null]);
  }
  assert.deepEqual(fields(pack('forceRefresh', { forceRefresh: true }, 'getTokens options')), ['']);
  assert.equal(refusal(pack('forceRefresh', { forceRefresh: 1 }, 'getCredentials options')),
    'getCredentials options.forceRefresh must be true or false');
  assert.equal(refusal(pack('forceRefresh', 'yes', 'credentialProvider options')), 'credentialProvider options must be an object');
  assert.equal(refusal(pack('forceRefresh', [], 'getTokens options')), 'getTokens options must be an object');
  assert.deepEqual(fields(pack('signOut', { global: true })), ['']);
  assert.deepEqual(fields(pack('signOut', undefined)), [null]);
  assert.equal(refusal(pack('signOut', { global: 'true' })), 'signOut options.global must be true or false');
  assert.equal(refusal(pack('signOut', 0)), 'signOut options must be an object');
});

test('packArgs never throws, whatever the kind', () => {
  assert.equal(refusal(packArgs(99, {})), 'the arguments could not be read');
  assert.equal(refusal(packArgs(-1)), 'the arguments could not be read');
});
