// awsFetch of the packed package against the local stack, written once for
// aws-fetch.test.mjs (Chromium, Playwright) and webdriver-aws-fetch.mjs (Firefox ESR
// and WebKitGTK, WebDriver): the page (the package's entry imported with no bundler, a
// signed-in user), one window function per case returning plain data, and the tests
// over a driver's `run(name, ...args)`. These were the Rust browser tests of the wasm
// export (browser_s3.rs, browser_sign.rs); the logic is also tested in Node
// (aws-fetch-unit.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';

/** The origin the stack's CORS allows (the www/ tests' port; the e2e tests run one at a time). */
export const PORT = 8082;

/** The page for the package's `entry` (its file name, package.json `exports`). */
export const html = (entry) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm: awsFetch</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p>
<script type="module">
import init, { CognitoClient, awsFetch, isCognitoError, presignGetObject, signRequest } from './package/${entry}';

await init();
const config = await (await fetch('./config.json')).json();
const user = new CognitoClient({ userPoolId: config.userPoolId, clientId: config.clientId,
  identityPoolId: config.identityPoolId, endpoints: config.endpoints });
const { region, bucket } = config;
const endpoint = config.endpoints.s3;
const url = (key) => endpoint + '/' + bucket + '/' + key.split('/').map(encodeURIComponent).join('/');
const s3 = (extra) => ({ provider: user.credentialProvider(), region, service: 's3', ...extra });
const error = (e) => ({ error: { name: e.name, message: e.message, retryable: e.retryable, ours: isCognitoError(e) } });
const outcome = (promise) => promise.then(async (r) => ({ status: r.status, text: await r.text(), response: r instanceof Response }), error);

window.signIn = (username, password) => user.signIn({ username, password });
window.identityId = async () => (await user.getCredentials()).identityId;
// GET of \`key\`: as a string URL, a URL object, or a Request with an init.
window.get = (key, how) => {
  if (how === 'url') return outcome(awsFetch(new URL(url(key)), null, s3()));
  if (how === 'request') return outcome(awsFetch(new Request(url(key)), { method: 'GET' }, s3()));
  return outcome(awsFetch(url(key), undefined, s3()));
};
// A PUT with a body and headers, then its GET (the body's SHA-256 signed), then its
// DELETE: the object does not outlive the test (the e2e files may share one stack).
window.putAndGet = async (key, text) => {
  const put = await outcome(awsFetch(url(key), { method: 'PUT', body: text, headers: { 'content-type': 'text/plain' } }, s3()));
  const get = await outcome(awsFetch(url(key), undefined, s3()));
  return { put, get, deleted: await outcome(awsFetch(url(key), { method: 'DELETE' }, s3())) };
};
window.refusals = async () => {
  const credentials = await user.getCredentials();
  const cases = {
    noCredentials: [url('public/readme.txt'), { region }],
    noRegionOrService: [url('public/readme.txt'), { credentials }],
    noService: [url('public/readme.txt'), { credentials, region }],
    unknownHost: ['https://example.com/x', { credentials, region: 'eu-west-1' }],
    unknownAwsHost: ['https://newservice.eu-west-1.amazonaws.com/x', { credentials, region: 'eu-west-1' }],
    badInit: [url('public/readme.txt'), { credentials, region, service: 's3' }, 'GET'],
    badSignal: [url('public/readme.txt'), { credentials, region, service: 's3', signal: {} }],
    badTimeout: [url('public/readme.txt'), { credentials, region, service: 's3', timeoutMs: 0 }],
  };
  const out = {};
  for (const [name, [input, options, init]] of Object.entries(cases)) out[name] = await outcome(awsFetch(input, init, options));
  return out;
};
// The errors of a provider running each body (no request is made).
window.providerErrors = async (bodies) => {
  const out = [];
  for (const body of bodies) {
    const r = await outcome(awsFetch('https://s3.us-east-1.amazonaws.com/bucket', undefined, { provider: new Function(body) }));
    out.push(r.error ?? r);
  }
  return out;
};
// A reply slower than timeoutMs, the options' and the request's signal aborting one, and no server at all.
window.noReply = async () => {
  const slow = endpoint + '/_stack/delay/3000/' + bucket + '/public/readme.txt';
  const credentials = await user.getCredentials();
  const options = (extra) => ({ credentials, region, service: 's3', ...extra });
  const started = Date.now();
  const timeout = await outcome(awsFetch(slow, undefined, options({ timeoutMs: 300 })));
  const timeoutMs = Date.now() - started;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const byOptions = await outcome(awsFetch(slow, undefined, options({ signal: controller.signal })));
  const byRequest = await outcome(awsFetch(slow, { signal: AbortSignal.timeout(200) }, options({})));
  const network = await outcome(awsFetch('http://127.0.0.1:1/x', undefined, options({})));
  return { timeout, timeoutMs, byOptions, byRequest, network };
};
// The stack's clock moved \`seconds\` (the page sends a simple POST: no preflight).
window.setStackClock = async (seconds) => {
  const r = await fetch(endpoint + '/_stack/clock', { method: 'POST', body: JSON.stringify({ offsetSeconds: seconds }) });
  return r.status;
};
// Signed by signRequest (headers) or presignGetObject (URL) and sent with the browser's fetch,
// which teaches the page's clock nothing: the status of each.
window.signedElsewhere = async (key) => {
  const credentials = await user.getCredentials();
  const signed = signRequest({ url: url(key) }, { credentials, region, service: 's3' });
  const header = await fetch(signed.url, { headers: signed.headers, cache: 'no-store' });
  const presigned = presignGetObject({ credentials, region, bucket, key, endpoint, expiresIn: 60 });
  const query = await fetch(presigned, { cache: 'no-store' });
  return { header: header.status, presigned: query.status, text: await header.text() };
};
window.fetchWithCredentials = async (key) => outcome(awsFetch(url(key), undefined, { credentials: await user.getCredentials(), region, service: 's3' }));
document.getElementById('status').textContent = 'ready';
</script>
</body>
</html>
`;

const README = 'Hello from the public prefix.\n';

/**
 * The tests over `env.run(name, ...args)` (a window function of the page, its result as
 * plain data), `env.info()` (the stack's) and `env.label` (put before each name).
 */
export function awsFetchTests(env) {
  const { run, label } = env;

  test(`${label}awsFetch gets objects (a string URL, a URL, a Request with an init), puts one, and resolves HTTP errors as Responses`, async () => {
    const unicode = 'public/unicode/h\u00e9llo w\u00f6rld \u2713.txt';
    for (const how of ['string', 'url', 'request']) {
      assert.deepEqual(await run('get', unicode, how), { status: 200, text: 'Unicode: h\u00e9llo w\u00f6rld \u2713\n', response: true }, how);
    }
    const own = `private/${env.info().identityIds.demo}/welcome.txt`;
    assert.deepEqual(await run('get', own, 'request'), { status: 200, text: 'Welcome, demo: only you can read this.\n', response: true });
    const missing = await run('get', 'public/no-such-key.txt', 'string');
    assert.equal(missing.status, 404, JSON.stringify(missing));
    const denied = await run('get', `private/${env.info().identityIds.other}/welcome.txt`, 'string');
    assert.equal(denied.status, 403, JSON.stringify(denied));
    const key = `private/${env.info().identityIds.demo}/aws-fetch/put ${label.replace(/\W/g, '') || 'chromium'}.txt`;
    const { put, get, deleted } = await run('putAndGet', key, 'sent by awsFetch ✓\n');
    assert.equal(put.status, 200, JSON.stringify(put));
    assert.deepEqual(get, { status: 200, text: 'sent by awsFetch ✓\n', response: true });
    assert.equal(deleted.status, 204, JSON.stringify(deleted));
  });

  test(`${label}wrong options are refused with InvalidParameterException; an unknown host's service is never guessed`, async () => {
    const r = await run('refusals');
    const messages = Object.fromEntries(Object.entries(r).map(([k, v]) => {
      assert.deepEqual([v.error?.name, v.error?.ours, v.error?.retryable], ['InvalidParameterException', true, false], `${k}: ${JSON.stringify(v)}`);
      return [k, v.error.message];
    }));
    assert.deepEqual(messages, {
      noCredentials: 'credentials or provider is required',
      noRegionOrService: 'unknown host: pass `service` in the options',
      noService: 'unknown host: pass `service` in the options',
      unknownHost: 'unknown host: pass `service` in the options',
      unknownAwsHost: 'unknown host: pass `service` in the options',
      badInit: 'awsFetch init must be an object',
      badSignal: 'signal must be an AbortSignal',
      badTimeout: 'timeoutMs must be a whole number of milliseconds from 1 to 2147483647',
    });
  });

  test(`${label}a provider's errors get library names`, async () => {
    const cases = [
      ["throw new TypeError('Failed to fetch')", 'NetworkError', 'the credential provider failed: Failed to fetch', true],
      ["return Promise.reject(new TypeError('Load failed'))", 'NetworkError', 'the credential provider failed: Load failed', true],
      ["return Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'))", 'NetworkError',
        'the credential provider failed: NetworkError when attempting to fetch resource.', true],
      ["throw new RangeError('too far')", 'CredentialsProviderError', 'the credential provider failed: RangeError: too far', false],
      ["throw new Error('nope')", 'CredentialsProviderError', 'the credential provider failed: nope', false],
      ["const e = new Error('Rate exceeded'); e.name = 'TooManyRequestsException'; throw e", 'TooManyRequestsException',
        'the credential provider failed: Rate exceeded', true],
      ["throw new DOMException('slow', 'TimeoutError')", 'TimeoutError', 'the credential provider failed: slow', true],
      ["throw new DOMException('stop', 'AbortError')", 'AbortError', 'the credential provider failed: stop', false],
      ["const e = new Error('Token expired'); e.name = 'ExpiredTokenException'; throw e", 'ExpiredTokenException',
        'the credential provider failed: Token expired', false],
      ['throw 42', 'CredentialsProviderError', 'the credential provider failed', false],
      ['return {}', 'InvalidParameterException', "the provider's credentials.accessKeyId is required", false],
    ];
    const got = await run('providerErrors', cases.map((c) => c[0]));
    assert.deepEqual(got.map((e) => [e.name, e.message, e.retryable, e.ours]), cases.map(([, n, m, r]) => [n, m, r, true]));
  });

  test(`${label}no reply within timeoutMs: TimeoutError; the options' or the request's signal: AbortError / TimeoutError; no server: NetworkError`, async () => {
    const { timeout, timeoutMs, byOptions, byRequest, network } = await run('noReply');
    const origin = env.info().endpoint;
    assert.deepEqual(timeout.error, { name: 'TimeoutError', message: `no reply in time from ${origin}`, retryable: true, ours: true });
    assert.ok(timeoutMs >= 250 && timeoutMs < 2500, `${timeoutMs} ms`);
    assert.deepEqual(byOptions.error, { name: 'AbortError', message: 'the call was aborted', retryable: false, ours: true });
    assert.deepEqual(byRequest.error, { name: 'TimeoutError', message: 'the call timed out', retryable: true, ours: true });
    assert.deepEqual(network.error, { name: 'NetworkError', message: 'no reply from http://127.0.0.1:1', retryable: true, ours: true });
  });

  test(`${label}the page's clock offset is learned from an awsFetch reply: a stack 20 min ahead then accepts signRequest and presigned URLs`, async () => {
    assert.equal(await run('setStackClock', 1200), 200);
    try {
      // Signed with the page's clock and sent by the browser's fetch (which teaches nothing): refused.
      const before = await run('signedElsewhere', 'public/readme.txt');
      assert.deepEqual([before.header, before.presigned], [403, 403], JSON.stringify(before));
      assert.match(before.text, /RequestTimeTooSkewed/);
      // awsFetch's reply is refused too, but its Date teaches the page's clock.
      const refused = await run('fetchWithCredentials', 'public/readme.txt');
      assert.equal(refused.status, 403, JSON.stringify(refused));
      const after = await run('signedElsewhere', 'public/readme.txt');
      assert.deepEqual(after, { header: 200, presigned: 200, text: README });
      assert.deepEqual(await run('fetchWithCredentials', 'public/readme.txt'), { status: 200, text: README, response: true });
    } finally {
      assert.equal(await run('setStackClock', 0), 200);
    }
  });
}
