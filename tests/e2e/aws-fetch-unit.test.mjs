// awsFetch (crate/js/aws_fetch.js) in Node over a scripted fetch and signRequest: the
// region and service an AWS host name implies (an unknown host's service never
// guessed), the options checked before anything is sent, the credential provider's
// errors given library names, what is copied from the Request and init to the signed
// request, the reply's Date and Age handed to the wasm's clock, and the timeout, abort
// and network errors. The module is copied beside a stand-in for the wasm-bindgen glue
// (`signRequest`, `__observeClock`), as the package's entry bundles it beside the real
// glue. (These were the Rust browser tests of the wasm export; the stack tests through
// the packed package are aws-fetch.test.mjs and webdriver-aws-fetch.mjs.)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './harness.mjs';

let awsFetch;
let CognitoError;
/** Answers each fetch: `(request, init) => Response | Promise`. */
let handler;
let fetched;
let signed;
let observed;

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key-value', sessionToken: 'secret-token' };
const keys = { ...credentials };
const DYNAMODB = 'https://dynamodb.eu-west-1.amazonaws.com/';

before(async () => {
  const dir = join(root, 'target', 'e2e-npm', 'aws-fetch-unit');
  await mkdir(dir, { recursive: true });
  for (const f of ['aws_fetch.js', 'dynamodb_values.js', 'host.js']) {
    await copyFile(join(root, 'crate', 'js', f), join(dir, f));
  }
  await writeFile(join(dir, 'cognito_wasm.js'), [
    'export const signRequest = (...args) => globalThis.scriptedSignRequest(...args);',
    'export const __observeClock = (...args) => globalThis.scriptedObserveClock(...args);', ''].join('\n'));
  globalThis.scriptedSignRequest = (request, options) => {
    signed.push({ request, options });
    return {
      url: `${request.url}${request.url.includes('?') ? '&' : '?'}signed=1`,
      headers: { ...request.headers, 'x-amz-date': '20260102T030405Z', authorization: 'AWS4-HMAC-SHA256 Signature=abc' },
    };
  };
  globalThis.scriptedObserveClock = (...args) => observed.push(args);
  globalThis.fetch = (request, init) => {
    fetched.push({ request, init });
    return handler(request, init);
  };
  ({ awsFetch } = await import(pathToFileURL(join(dir, 'aws_fetch.js')).href));
  CognitoError = (await import(pathToFileURL(join(dir, 'host.js')).href)).CognitoError;
});

/** Every fetch answered by `answer` (default: a 200). */
const script = (answer = () => new Response('ok', { status: 200 })) => {
  handler = answer;
  fetched = [];
  signed = [];
  observed = [];
};
/** A fetch that never answers: it rejects as fetch does when its signal aborts. */
const hanging = (request, init) => new Promise((_, reject) => {
  init.signal.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')));
});
const rejects = async (promise, name, message) => {
  const e = await promise.then((v) => assert.fail(`resolved ${v}`), (x) => x);
  assert.ok(e instanceof CognitoError, String(e?.stack ?? e));
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  if (message !== undefined) assert.equal(e.message, message);
  for (const secret of ['secret-key-value', 'secret-token']) assert.ok(!e.message.includes(secret), e.message);
  return e;
};
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test('region and service come from AWS host names; an unknown host needs `service`, never guessed', async () => {
  const cases = [
    ['https://dynamodb.eu-west-1.amazonaws.com/', 'eu-west-1', 'dynamodb'],
    ['https://my-bucket.s3.eu-central-1.amazonaws.com/key', 'eu-central-1', 's3'],
    ['https://s3.dualstack.us-west-2.amazonaws.com/b/k', 'us-west-2', 's3'],
    ['https://my-bucket.s3.amazonaws.com/', 'us-east-1', 's3'],
    ['https://s3.amazonaws.com/', 'us-east-1', 's3'],
    ['https://my-bucket.s3-eu-west-1.amazonaws.com/', 'eu-west-1', 's3'],
    ['https://b.s3-accelerate.amazonaws.com/', 'us-east-1', 's3'],
    ['https://abc123.execute-api.ap-south-1.amazonaws.com/prod', 'ap-south-1', 'execute-api'],
    ['https://sts.amazonaws.com/', 'us-east-1', 'sts'],
    ['https://email.us-east-1.amazonaws.com/', 'us-east-1', 'ses'],
    ['https://sqs.us-east-1.amazonaws.com/', 'us-east-1', 'sqs'],
    ['https://queue.amazonaws.com/', 'us-east-1', 'sqs'],
    ['https://lambda-fips.us-gov-west-1.amazonaws.com/', 'us-gov-west-1', 'lambda'],
    ['https://s3.cn-north-1.amazonaws.com.cn/', 'cn-north-1', 's3'],
    ['https://xyz.appsync-api.eu-west-2.amazonaws.com/graphql', 'eu-west-2', 'appsync'],
    ['https://xyz.appsync-realtime-api.eu-west-2.amazonaws.com/', 'eu-west-2', 'appsync'],
    ['https://ap-123456789012.s3-accesspoint.us-east-1.amazonaws.com/', 'us-east-1', 's3'],
    ['https://ap-123456789012.s3-accesspoint.dualstack.us-east-1.amazonaws.com/', 'us-east-1', 's3'],
    ['https://123456789012.s3-control.us-west-2.amazonaws.com/', 'us-west-2', 's3'],
    ['https://ol-123456789012.s3-object-lambda.us-east-1.amazonaws.com/', 'us-east-1', 's3-object-lambda'],
    ['https://ap-1.op-0123.s3-outposts.us-west-2.amazonaws.com/', 'us-west-2', 's3-outposts'],
    ['https://b--usw2-az1--x-s3.s3express-usw2-az1.us-west-2.amazonaws.com/', 'us-west-2', 's3express'],
    ['https://s3express-control.us-west-2.amazonaws.com/', 'us-west-2', 's3express'],
    ['https://iot.eu-west-1.amazonaws.com/', 'eu-west-1', 'execute-api'],
    ['https://a1b2c3-ats.iot.eu-west-1.amazonaws.com/', 'eu-west-1', 'iotdata'],
    ['https://data-ats.iot.eu-west-1.amazonaws.com/', 'eu-west-1', 'iotdata'],
    ['https://a1b2c3.jobs.iot.eu-west-1.amazonaws.com/', 'eu-west-1', 'iot-jobs-data'],
    ['https://bedrock-runtime.us-east-1.amazonaws.com/', 'us-east-1', 'bedrock'],
    ['https://runtime.sagemaker.us-east-1.amazonaws.com/', 'us-east-1', 'sagemaker'],
    ['HTTPS://DynamoDB.EU-West-1.AmazonAWS.com/', 'eu-west-1', 'dynamodb'],
  ];
  for (const [url, region, service] of cases) {
    script();
    await awsFetch(url, undefined, { credentials });
    assert.deepEqual([signed[0].options.region, signed[0].options.service], [region, service], url);
    assert.deepEqual(signed[0].options.credentials, keys);
  }
  // Given options win over the host's.
  script();
  await awsFetch(DYNAMODB, null, { credentials, region: 'us-east-2', service: 'execute-api' });
  assert.deepEqual([signed[0].options.region, signed[0].options.service], ['us-east-2', 'execute-api']);
  // Hosts that name no known service: `service` is asked for, whatever the region.
  const unknown = [
    'http://127.0.0.1:4566/bucket', 'https://example.com/x', 'https://foo.bar.amazonaws.com/',
    'https://newservice.eu-west-1.amazonaws.com/x', 'https://x.credentials.iot.eu-west-1.amazonaws.com/',
    'https://eu-west-1.amazonaws.com/', 'https://dualstack.amazonaws.com/', 'ftp://s3.amazonaws.com/',
    'https://s3.amazonaws.com.example.com/',
  ];
  for (const url of unknown) {
    script();
    await rejects(awsFetch(url, undefined, { credentials, region: 'eu-west-1' }), 'InvalidParameterException',
      'unknown host: pass `service` in the options');
    assert.equal(signed.length + fetched.length, 0, url);
  }
  // With `service`, the region comes from the host (us-east-1 for a global one), else it is asked for.
  for (const [url, region] of [['https://newservice.eu-west-1.amazonaws.com/x', 'eu-west-1'], ['https://foo.bar.amazonaws.com/', 'us-east-1']]) {
    script();
    await awsFetch(url, undefined, { credentials, service: 'newservice' });
    assert.deepEqual([signed[0].options.region, signed[0].options.service], [region, 'newservice'], url);
  }
  for (const url of ['http://127.0.0.1:4566/bucket', 'https://example.com/', 'https://eu-west-1.amazonaws.com/']) {
    script();
    await rejects(awsFetch(url, undefined, { credentials, service: 's3' }), 'InvalidParameterException',
      'unknown region: pass `region` in the options');
  }
});

test('wrong options, init and input are refused before the provider is asked or anything is signed or sent', async () => {
  let asked = 0;
  const provider = () => {
    asked += 1;
    return credentials;
  };
  const throwing = Object.defineProperty({}, 'credentials', { get() { throw new Error('secret-key-value'); }, enumerable: true });
  const cases = [
    [DYNAMODB, undefined, 5, 'options must be an object'],
    [DYNAMODB, undefined, [], 'options must be an object'],
    [DYNAMODB, undefined, () => credentials, 'options must be an object'],
    [DYNAMODB, undefined, undefined, 'options must be an object'],
    [DYNAMODB, undefined, null, 'options must be an object'],
    [DYNAMODB, undefined, { credentials, signal: {} }, 'signal must be an AbortSignal'],
    [DYNAMODB, undefined, { credentials, signal: 'x' }, 'signal must be an AbortSignal'],
    ...[0, 1.5, -1, '5', null, 2 ** 31, Number.NaN].map((timeoutMs) => [DYNAMODB, undefined, { credentials, timeoutMs },
      'timeoutMs must be a whole number of milliseconds from 1 to 2147483647']),
    [DYNAMODB, undefined, {}, 'credentials or provider is required'],
    [DYNAMODB, undefined, { credentials: null, provider: undefined }, 'credentials or provider is required'],
    [DYNAMODB, undefined, { credentials, provider }, 'give either credentials or provider, not both'],
    [DYNAMODB, undefined, { provider: 'x' }, 'options.provider must be a function'],
    [DYNAMODB, undefined, { credentials: 'x', provider: 'x' }, 'options.provider must be a function'],
    [DYNAMODB, undefined, { credentials: () => credentials }, 'credentials must be an object; pass a function as `provider`'],
    [DYNAMODB, undefined, { credentials: 'AKID' }, 'credentials must be an object'],
    [DYNAMODB, undefined, { credentials: [] }, 'credentials must be an object'],
    [DYNAMODB, undefined, { credentials: {} }, 'credentials.accessKeyId is required'],
    [DYNAMODB, undefined, { credentials: { accessKeyId: 5, secretAccessKey: 'x' } }, 'credentials.accessKeyId must be a string'],
    [DYNAMODB, undefined, { credentials: { accessKeyId: 'a' } }, 'credentials.secretAccessKey is required'],
    [DYNAMODB, undefined, { credentials: { accessKeyId: '', secretAccessKey: 'secret-key-value' } },
      'credentials.accessKeyId and credentials.secretAccessKey must not be empty'],
    [DYNAMODB, undefined, { credentials: { ...credentials, sessionToken: 5 } }, 'credentials.sessionToken must be a string'],
    [DYNAMODB, undefined, throwing, 'options.credentials could not be read'],
    [DYNAMODB, undefined, { provider, region: 5 }, 'options.region must be a string'],
    [DYNAMODB, undefined, { provider, service: ['s3'] }, 'options.service must be a string'],
    [DYNAMODB, 'POST', { provider }, 'awsFetch init must be an object'],
    [DYNAMODB, [], { provider }, 'awsFetch init must be an object'],
    [5, undefined, { provider }, 'awsFetch input must be a string, URL or Request'],
    [undefined, undefined, { provider }, 'awsFetch input must be a string, URL or Request'],
    [{ url: DYNAMODB }, undefined, { provider }, 'awsFetch input must be a string, URL or Request'],
    ['not a url', undefined, { provider }, 'awsFetch: input and init do not make a valid request'],
    [DYNAMODB, { method: 'bad method' }, { provider }, 'awsFetch: input and init do not make a valid request'],
    [DYNAMODB, { method: 'GET', body: 'x' }, { provider }, 'awsFetch: input and init do not make a valid request'],
    [DYNAMODB, { headers: { 'bad name': 'x' } }, { provider }, 'awsFetch: input and init do not make a valid request'],
  ];
  for (const [input, init, options, message] of cases) {
    script();
    await rejects(awsFetch(input, init, options), 'InvalidParameterException', message);
    assert.deepEqual([asked, signed.length, fetched.length], [0, 0, 0], message);
  }
  // A Request whose body was read already.
  const used = new Request(DYNAMODB, { method: 'POST', body: 'x' });
  await used.text();
  script();
  await rejects(awsFetch(used, undefined, { provider }), 'InvalidParameterException');
  assert.deepEqual([asked, signed.length, fetched.length], [0, 0, 0]);
  // An aborted signal in the options: its abort error, nothing done.
  for (const [reason, name, retryable] of [[undefined, 'AbortError', false], [new DOMException('slow', 'TimeoutError'), 'TimeoutError', true]]) {
    script();
    const e = await rejects(awsFetch(DYNAMODB, undefined, { provider, signal: AbortSignal.abort(reason) }), name,
      name === 'AbortError' ? 'the call was aborted' : 'the call timed out');
    assert.equal(e.retryable, retryable);
    assert.deepEqual([asked, signed.length, fetched.length], [0, 0, 0]);
  }
  // A signal-like object that cannot be listened to ends the call as aborted.
  script();
  await rejects(awsFetch(DYNAMODB, undefined, { provider, signal: { aborted: false } }), 'AbortError');
  assert.deepEqual([asked, signed.length, fetched.length], [0, 0, 0]);
  // Rejected, never thrown.
  const promise = awsFetch(5, 5, 5);
  await promise.catch(() => {});
  assert.ok(promise instanceof Promise);
});

/** The error of awsFetch when its provider is `provider`. */
const providerError = async (provider) => {
  script();
  const e = await awsFetch('https://s3.us-east-1.amazonaws.com/bucket', undefined, { provider }).then(
    (v) => assert.fail(`resolved ${v}`), (x) => x);
  assert.ok(e instanceof CognitoError, String(e));
  assert.deepEqual([signed.length, fetched.length], [0, 0]);
  return e;
};

test("a provider's errors get library names: NetworkError, CredentialsProviderError, or their own (throttling and timeouts retryable)", async () => {
  // fetch's "no reply" TypeError, thrown or rejected, in any browser's words: a retryable NetworkError.
  for (const message of ['Failed to fetch', 'Load failed', 'NetworkError when attempting to fetch resource.',
    'The Internet connection appears to be offline.', 'Network request failed']) {
    for (const provider of [() => { throw new TypeError(message); }, () => Promise.reject(new TypeError(message))]) {
      const e = await providerError(provider);
      assert.deepEqual([e.name, e.message, e.retryable], ['NetworkError', `the credential provider failed: ${message}`, true]);
    }
  }
  const cases = [
    // Another JavaScript class: the provider's own failure, its class and message kept in the message.
    [() => { throw new RangeError('too far'); }, 'CredentialsProviderError', 'the credential provider failed: RangeError: too far', false],
    [() => { throw new TypeError('x is not a function'); }, 'CredentialsProviderError', 'the credential provider failed: TypeError: x is not a function', false],
    [() => { throw Object.assign(new Error(), { name: 'AppError' }); }, 'CredentialsProviderError', 'the credential provider failed: AppError', false],
    [() => { throw new Error('nope'); }, 'CredentialsProviderError', 'the credential provider failed: nope', false],
    [() => Promise.reject(new Error()), 'CredentialsProviderError', 'the credential provider failed', false],
    // A named error (an AWS SDK provider's) keeps its name; throttling and timeouts are retryable.
    [() => { throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }); }, 'TooManyRequestsException', 'the credential provider failed: Rate exceeded', true],
    [() => { throw Object.assign(new Error('slow down'), { name: 'SlowDown' }); }, 'SlowDown', 'the credential provider failed: slow down', true],
    [() => { throw new DOMException('slow', 'TimeoutError'); }, 'TimeoutError', 'the credential provider failed: slow', true],
    [() => { throw new DOMException('stop', 'AbortError'); }, 'AbortError', 'the credential provider failed: stop', false],
    [() => { throw Object.assign(new Error('Token expired'), { name: 'ExpiredTokenException' }); }, 'ExpiredTokenException', 'the credential provider failed: Token expired', false],
    [() => Promise.reject(Object.assign(new Error('no'), { name: 'NotAuthorizedException' })), 'NotAuthorizedException', 'the credential provider failed: no', false],
    // Not an Error at all: the library's name and the context.
    [() => { throw 42; }, 'CredentialsProviderError', 'the credential provider failed', false],
    [() => Promise.reject('secret-token'), 'CredentialsProviderError', 'the credential provider failed', false],
    // A CognitoError (another cognito-wasm call's) is passed on as it was.
    [() => Promise.reject(new CognitoError('NotSignedIn', 'nobody is signed in', false)), 'NotSignedIn', 'nobody is signed in', false],
    [() => { throw new CognitoError('NetworkError', 'no reply from x', true); }, 'NetworkError', 'no reply from x', true],
    // What it returns must be credentials.
    [() => undefined, 'InvalidParameterException', "the provider's credentials must be an object", false],
    [() => Promise.resolve(() => credentials), 'InvalidParameterException', "the provider's credentials must be an object; pass a function as `provider`", false],
    [() => ({ accessKeyId: 'a' }), 'InvalidParameterException', "the provider's credentials.secretAccessKey is required", false],
    [() => ({ accessKeyId: 'a', secretAccessKey: '' }), 'InvalidParameterException',
      "the provider's credentials.accessKeyId and the provider's credentials.secretAccessKey must not be empty", false],
  ];
  for (const [provider, name, message, retryable] of cases) {
    const e = await providerError(provider);
    assert.deepEqual([e.name, e.message, e.retryable], [name, message, retryable], String(provider));
  }
  // Credentials returned, or a promise (or any thenable) of them; other fields are ignored, an empty token is none.
  for (const provider of [() => credentials, async () => credentials, () => ({ then: (ok) => ok(credentials) }),
    () => ({ ...credentials, expiration: new Date(), identityId: 'id' })]) {
    script();
    await awsFetch(DYNAMODB, undefined, { provider });
    assert.deepEqual(signed[0].options.credentials, keys);
  }
  script();
  await awsFetch(DYNAMODB, undefined, { provider: () => ({ ...credentials, sessionToken: '' }) });
  assert.deepEqual(signed[0].options.credentials, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key-value' });
});

test('the signed request: method, URL, headers and body signed (the body as bytes); mode, credentials, cache, redirect, referrer policy, integrity and keepalive copied; the reply resolved as it came', async () => {
  const reply = new Response('<Error/>', { status: 404, headers: { date: 'Fri, 02 Jan 2026 03:04:05 GMT' } });
  script(() => reply);
  const source = new Request('https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b?x=1', {
    method: 'PUT', headers: { 'content-type': 'text/plain', 'x-amz-meta-owner': 'ann' }, body: 'hello ✓',
    mode: 'cors', credentials: 'omit', cache: 'no-store', redirect: 'manual', referrerPolicy: 'no-referrer',
    integrity: 'sha256-abc',
  });
  // (A non-empty init resets the Request's referrer policy, as fetch's does: init sets it.)
  const response = await awsFetch(source, { headers: { 'content-type': 'text/plain', 'x-extra': '1' }, referrerPolicy: 'same-origin' },
    { credentials });
  assert.equal(response, reply);
  assert.equal(signed.length, 1);
  const { request, options } = signed[0];
  assert.deepEqual(options, { credentials: keys, region: 'eu-west-1', service: 's3' });
  assert.equal(request.method, 'PUT');
  assert.equal(request.url, 'https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b?x=1');
  assert.deepEqual(request.headers, { 'content-type': 'text/plain', 'x-extra': '1' });
  assert.ok(request.body instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(request.body), 'hello ✓');
  assert.equal(fetched.length, 1);
  const sent = fetched[0].request;
  assert.ok(sent instanceof Request);
  assert.equal(sent.url, 'https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b?x=1&signed=1');
  assert.equal(sent.method, 'PUT');
  assert.deepEqual(Object.fromEntries(sent.headers), {
    authorization: 'AWS4-HMAC-SHA256 Signature=abc', 'content-type': 'text/plain', 'x-amz-date': '20260102T030405Z', 'x-extra': '1',
  });
  assert.equal(await sent.text(), 'hello ✓');
  assert.deepEqual([sent.mode, sent.credentials, sent.cache, sent.redirect, sent.referrerPolicy, sent.integrity],
    ['cors', 'omit', 'no-store', 'manual', 'same-origin', 'sha256-abc']);
  // A URL object and init's method; a GET has no body to sign or send; the defaults are the Request's.
  script();
  await awsFetch(new URL(DYNAMODB), { method: 'post', keepalive: true }, { credentials });
  assert.equal(signed[0].request.method, 'POST');
  assert.equal(signed[0].request.body, undefined);
  assert.equal(fetched[0].request.keepalive, true);
  script();
  await awsFetch(DYNAMODB, undefined, { credentials });
  assert.deepEqual(signed[0].request, { method: 'GET', url: DYNAMODB, headers: {} });
  const plain = fetched[0].request;
  assert.deepEqual([plain.method, plain.cache, plain.redirect, plain.keepalive, plain.body], ['GET', 'default', 'follow', false, null]);
  // signRequest's refusal (a CognitoError) is the call's.
  script();
  globalThis.scriptedSignRequest = ((sign) => (r, o) => {
    globalThis.scriptedSignRequest = sign;
    throw new CognitoError('InvalidParameterException', 'region and service must not be empty', false);
  })(globalThis.scriptedSignRequest);
  await rejects(awsFetch(DYNAMODB, undefined, { credentials, region: '' }), 'InvalidParameterException', 'region and service must not be empty');
  assert.equal(fetched.length, 0);
});

test("each reply's Date and Age (\"\" when absent) go to the wasm's clock with the signed URL; no reply teaches nothing", async () => {
  script(() => new Response('', { status: 403, headers: { date: 'Fri, 02 Jan 2026 03:04:05 GMT' } }));
  const r = await awsFetch(DYNAMODB, undefined, { credentials });
  assert.equal(r.status, 403);
  assert.deepEqual(observed, [[`${DYNAMODB}?signed=1`, 'Fri, 02 Jan 2026 03:04:05 GMT', '']]);
  script(() => new Response('', { status: 200, headers: { date: 'Fri, 02 Jan 2026 03:04:05 GMT', age: '30' } }));
  await awsFetch('http://127.0.0.1:4566/b', undefined, { credentials, region: 'eu-west-1', service: 's3' });
  assert.deepEqual(observed, [['http://127.0.0.1:4566/b?signed=1', 'Fri, 02 Jan 2026 03:04:05 GMT', '30']]);
  script(() => new Response(''));
  await awsFetch(DYNAMODB, undefined, { credentials });
  assert.deepEqual(observed, [[`${DYNAMODB}?signed=1`, '', '']]);
  // An empty Age (a cached reply of unknown age: it teaches nothing) is told apart from none.
  script(() => new Response('', { headers: { date: 'Fri, 02 Jan 2026 03:04:05 GMT', age: '' } }));
  await awsFetch(DYNAMODB, undefined, { credentials });
  assert.deepEqual(observed, [[`${DYNAMODB}?signed=1`, 'Fri, 02 Jan 2026 03:04:05 GMT', '-']]);
  script(() => Promise.reject(new TypeError('fetch failed')));
  await rejects(awsFetch(DYNAMODB, undefined, { credentials }), 'NetworkError');
  assert.deepEqual(observed, []);
});

test('no reply: NetworkError; none within timeoutMs: TimeoutError; both retryable and naming the origin only', async () => {
  script(() => Promise.reject(new TypeError('fetch failed')));
  let e = await rejects(awsFetch('https://dynamodb.eu-west-1.amazonaws.com:443/x?secret=1', undefined, { credentials }),
    'NetworkError', 'no reply from https://dynamodb.eu-west-1.amazonaws.com');
  assert.equal(e.retryable, true);
  script(hanging);
  const started = Date.now();
  e = await rejects(awsFetch('http://127.0.0.1:4566/b/k', undefined, { credentials, region: 'eu-west-1', service: 's3', timeoutMs: 50 }),
    'TimeoutError', 'no reply in time from http://127.0.0.1:4566');
  assert.equal(e.retryable, true);
  assert.ok(Date.now() - started >= 45, `${Date.now() - started} ms`);
  assert.equal(fetched[0].init.signal.aborted, true);
  // The timeout is of the reply's headers: a body read later is not cut off.
  let body;
  script(() => new Response(new ReadableStream({ start: (c) => { body = c; } })));
  const response = await awsFetch(DYNAMODB, undefined, { credentials, timeoutMs: 20 });
  await tick(60);
  assert.equal(fetched[0].init.signal.aborted, false);
  body.enqueue(new TextEncoder().encode('late'));
  body.close();
  assert.equal(await response.text(), 'late');
});

test("the request's signal aborts it (AbortError, or TimeoutError for a timeout's reason), also its body after the reply", async () => {
  script(hanging);
  let controller = new AbortController();
  let call = awsFetch(DYNAMODB, { signal: controller.signal }, { credentials });
  await tick();
  assert.equal(fetched.length, 1);
  controller.abort();
  let e = await rejects(call, 'AbortError', 'the call was aborted');
  assert.equal(e.retryable, false);
  assert.equal(fetched[0].init.signal.aborted, true);
  // A Request's own signal, with a timeout's reason.
  script(hanging);
  controller = new AbortController();
  call = awsFetch(new Request(DYNAMODB, { signal: controller.signal }), undefined, { credentials });
  await tick();
  controller.abort(new DOMException('slow', 'TimeoutError'));
  e = await rejects(call, 'TimeoutError', 'the call timed out');
  assert.equal(e.retryable, true);
  // Aborted already: nothing is sent.
  script();
  await rejects(awsFetch(DYNAMODB, { signal: AbortSignal.abort() }, { credentials }), 'AbortError');
  assert.equal(fetched.length, 0);
  // After the reply the request's signal still aborts the exchange (the body).
  script();
  controller = new AbortController();
  await awsFetch(DYNAMODB, { signal: controller.signal }, { credentials });
  assert.equal(fetched[0].init.signal.aborted, false);
  controller.abort();
  assert.equal(fetched[0].init.signal.aborted, true);
});

test("the options' signal ends the whole call at once: the request in flight aborted, a pending provider's credentials never used", async () => {
  script(hanging);
  let controller = new AbortController();
  let call = awsFetch(DYNAMODB, undefined, { credentials, signal: controller.signal });
  await tick();
  assert.equal(fetched.length, 1);
  controller.abort();
  let e = await rejects(call, 'AbortError', 'the call was aborted');
  assert.equal(e.retryable, false);
  assert.equal(fetched[0].init.signal.aborted, true);
  // While the provider is asked: rejected at once; its credentials sign and send nothing.
  script();
  let give;
  controller = new AbortController();
  call = awsFetch(DYNAMODB, undefined, { provider: () => new Promise((ok) => { give = ok; }), signal: controller.signal });
  await tick();
  controller.abort(new DOMException('slow', 'TimeoutError'));
  await rejects(call, 'TimeoutError', 'the call timed out');
  give(credentials);
  await tick(10);
  assert.deepEqual([signed.length, fetched.length], [0, 0]);
  // After the reply, the options' signal changes nothing.
  script();
  controller = new AbortController();
  const response = await awsFetch(DYNAMODB, undefined, { credentials, signal: controller.signal });
  controller.abort();
  assert.equal(fetched[0].init.signal.aborted, false);
  assert.equal(await response.text(), 'ok');
});
