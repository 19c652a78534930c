// The cases of listObjects, listAllObjects and presignGetObject run in every engine
// (s3-list.test.mjs in Chromium, webdriver-s3-list.mjs in Firefox ESR and WebKitGTK)
// against s3-list-site.mjs's page and the local stack's bucket (seeded public/ keys,
// 1100 of them under public/many/; each user's own private/<identity id>/). Each case
// takes `env`: the stack's `info`, `run(name, ...args)` (the page's `window[name]`,
// awaited), the page's call assertions (`ok`, `rejected`, package-page.mjs's
// callAssertions over `window.call`) and `problems()`, what the page's watch collected.
// CASES lists them with their tests' titles.
import assert from 'node:assert/strict';
import { stackRequests } from './harness.mjs';

const README = 'public/readme.txt';
const README_BODY = 'Hello from the public prefix.\n';
const UNICODE = 'public/unicode/héllo wörld ✓.txt';
const UNICODE_BODY = 'Unicode: héllo wörld ✓\n';
const MANY = Array.from({ length: 1100 }, (_, i) => `public/many/item-${String(i).padStart(4, '0')}.txt`);
/** The attempts of one call the library makes (README: "up to four attempts"). */
const MAX_ATTEMPTS = 4;

const keys = (result) => result.objects.map((o) => o.key);

/** A prefix with a delimiter: its one object (size, quoted etag, a Date), its five "folders". */
async function withDelimiter({ ok }) {
  const result = await ok('user credentials', 'listObjects', { prefix: 'public/', delimiter: '/' });
  assert.deepEqual(keys(result), [README]);
  assert.deepEqual(result.prefixes, ['public/a b/', 'public/docs/', 'public/many/', 'public/symbols/', 'public/unicode/']);
  assert.equal(result.isTruncated, false);
  assert.equal(result.nextContinuationToken, undefined);
  assert.equal(result.keyCount, 6, 'one key and five prefixes');
  const [readme] = result.objects;
  assert.deepEqual(Object.keys(readme).sort(), ['etag', 'key', 'lastModified', 'size']);
  assert.equal(readme.size, README_BODY.length);
  assert.match(readme.etag, /^"[0-9a-f]{32}"$/);
  // A Date (the page sends a Date as { date: its ISO text }), from the last few years.
  assert.deepEqual(Object.keys(readme.lastModified), ['date'], JSON.stringify(readme.lastModified));
  const modified = Date.parse(readme.lastModified.date);
  assert.ok(modified > 1.6e12 && modified <= Date.now() + 60_000, readme.lastModified.date);
}

/** Prefixes without a delimiter: every key below them, in order, whatever its characters. */
async function withoutDelimiter({ ok }) {
  const docs = await ok('user credentials', 'listObjects', { prefix: 'public/docs/' });
  assert.deepEqual(keys(docs), ['public/docs/guide.txt', 'public/docs/nested/deep/file.txt']);
  assert.deepEqual([docs.prefixes, docs.keyCount, docs.isTruncated], [[], 2, false]);
  const unicode = await ok('user credentials', 'listObjects', { prefix: 'public/unicode/' });
  assert.deepEqual(keys(unicode), [UNICODE, 'public/unicode/日本語/ファイル.txt']);
  const symbols = await ok('user credentials', 'listObjects', { prefix: 'public/symbols/' });
  assert.deepEqual(keys(symbols), ['public/symbols/100% done~.txt', 'public/symbols/a+b=c.txt', 'public/symbols/x=1&y=2 (copy).txt']);
  const none = await ok('user credentials', 'listAllObjects', { prefix: 'public/no-such-folder/' });
  assert.deepEqual([none.objects, none.prefixes, none.isTruncated, none.nextContinuationToken, none.keyCount], [[], [], false, undefined, 0]);
}

/** 1100 keys: two pages by hand (1000, then the rest), and listAllObjects in three pages of 400. */
async function pagesOfMany({ info, ok }) {
  const first = await ok('user credentials', 'listObjects', { prefix: 'public/many/' });
  assert.equal(first.isTruncated, true);
  assert.equal(typeof first.nextContinuationToken, 'string');
  assert.notEqual(first.nextContinuationToken, '');
  assert.deepEqual([first.objects.length, first.keyCount], [1000, 1000]);
  const second = await ok('user credentials', 'listObjects', { prefix: 'public/many/', continuationToken: first.nextContinuationToken });
  assert.deepEqual([second.isTruncated, second.nextContinuationToken, second.keyCount], [false, undefined, 100]);
  assert.deepEqual([...keys(first), ...keys(second)], MANY);
  const pageOfTwo = await ok('user credentials', 'listObjects', { prefix: 'public/many/', maxKeys: 2, continuationToken: first.nextContinuationToken });
  assert.deepEqual([keys(pageOfTwo), pageOfTwo.isTruncated], [MANY.slice(1000, 1002), true]);

  // With a provider: every key exactly once, in order, from three requests.
  await stackRequests(info, true);
  const all = await ok('user', 'listAllObjects', { prefix: 'public/many/', maxKeys: 400 });
  assert.deepEqual(keys(all), MANY);
  assert.deepEqual([all.isTruncated, all.nextContinuationToken, all.keyCount, all.prefixes], [false, undefined, 1100, []]);
  assert.equal((await stackRequests(info)).counts['S3 GET'], 3);
}

/** One changed character of the secret key: S3's SignatureDoesNotMatch, not retryable and sent once, the secret not shown. */
async function tamperedSecret({ info, run }) {
  await stackRequests(info, true);
  const result = await run('tampered', 'public/');
  assert.equal(result.changed, true);
  assert.deepEqual(result.error && [result.error.name, result.error.retryable, result.error.ours, result.error.isError],
    ['SignatureDoesNotMatch', false, true, true], JSON.stringify(result));
  assert.equal(result.secretShown, false);
  assert.equal((await stackRequests(info)).counts['S3 GET'], 1);
}

/**
 * Guests (one identity, whichever call gave the credentials) list public/ but not
 * private/; the user (another identity) lists their own folder but not the rest of private/.
 */
async function guestsAndPrivate({ info, ok, rejected, run }) {
  const [guestId, sameGuestId] = await run('guestIdentityIds');
  assert.equal(sameGuestId, guestId);
  assert.ok(guestId.startsWith(`${info.region}:`), guestId);
  assert.notEqual(guestId, info.identityIds.demo);
  const publicDocs = await ok('guest credentials', 'listObjects', { prefix: 'public/docs/' });
  assert.equal(publicDocs.objects.length, 2);
  await rejected('guest credentials', 'listObjects', { prefix: 'private/' }, 'AccessDenied');
  await rejected('guest', 'listAllObjects', { prefix: 'private/' }, 'AccessDenied');

  const me = info.identityIds.demo;
  assert.equal(await run('identityId'), me);
  const own = `private/${me}/`;
  const mine = await ok('user credentials', 'listObjects', { prefix: own });
  assert.deepEqual(keys(mine), [`${own}welcome.txt`]);
  const denied = await rejected('user credentials', 'listObjects', { prefix: 'private/' }, 'AccessDenied');
  assert.equal(denied.retryable, false);
}

/**
 * Presigned GETs fetch the objects with a plain fetch, and one changed character breaks
 * them; a provider and wrong options are refused synchronously, before any request.
 */
async function presignedGets({ info, run }) {
  for (const [key, body] of [[README, README_BODY], [UNICODE, UNICODE_BODY]]) {
    const { value: url, error } = await run('presign', 'user credentials', { key, expiresIn: 120 });
    assert.equal(error, undefined, JSON.stringify(error));
    assert.ok(url.includes('X-Amz-Signature=') && url.includes('X-Amz-Expires=120'), url);
    assert.deepEqual(await run('plainGet', url), { status: 200, text: body });
    const broken = url.replace('X-Amz-Expires=120', 'X-Amz-Expires=121');
    assert.equal((await run('plainGet', broken)).status, 403);
  }
  // The default validity is 900 s.
  const { value: byDefault } = await run('presign', 'user credentials', { key: README });
  assert.ok(byDefault.includes('X-Amz-Expires=900'), byDefault);

  await stackRequests(info, true);
  const refusals = [
    ['user', { key: README }],
    ['empty credentials', { key: README }],
    ['user credentials', { key: '' }],
    ['user credentials', { key: README, expiresIn: 0 }],
    ['user credentials', { key: README, expiresIn: 604_801 }],
    ['user credentials', { key: README, expiresIn: 1.5 }],
    ['user credentials', { key: README, bucket: '' }],
    ['user credentials', { key: README, region: '' }],
  ];
  for (const [who, options] of refusals) {
    const { value, error } = await run('presign', who, options);
    assert.equal(value, undefined, `${who} ${JSON.stringify(options)}: ${value}`);
    assert.deepEqual([error?.name, error?.ours, error?.isError], ['InvalidParameterException', true, true],
      `${who} ${JSON.stringify(options)}: ${JSON.stringify(error)}`);
  }
  // Without any credentials.
  const none = await run('presign', 'nobody', { key: README });
  assert.equal(none.error?.name, 'InvalidParameterException', JSON.stringify(none));
  assert.equal((await stackRequests(info)).total, 0, 'nothing was sent');
}

/**
 * Wrong options are refused with InvalidParameterException before any request; a
 * provider's own failure gets the library's name (its class kept in the message), fetch's
 * network TypeError a retryable NetworkError, an AWS SDK error its own name.
 */
async function refusedBeforeAnyRequest({ info, run, rejected, problems }) {
  await run('identityId'); // the user's credentials, fetched before the count
  await stackRequests(info, true);
  for (const method of ['listObjects', 'listAllObjects']) {
    for (const args of [[], [{ bucket: info.bucket }]]) {
      const { error } = await run('bare', method, ...args);
      assert.deepEqual([error?.name, error?.ours], ['InvalidParameterException', true], `${method}(${JSON.stringify(args)})`);
    }
    const wrong = [
      ['half credentials', {}],
      ['user credentials', { maxKeys: 0 }],
      ['user credentials', { maxKeys: 1001 }],
      ['user credentials', { maxKeys: 2.5 }],
      ['user credentials', { prefix: 1 }],
      ['user credentials', { provider: 1 }],
      ['user credentials', { bucket: '' }],
      ['user credentials', { region: '' }],
      ['user credentials', { signal: 'abort' }],
      ['user credentials', { timeoutMs: 0 }],
      ['nobody', { provider: 'f' }],
    ];
    for (const [who, options] of wrong) await rejected(who, method, options, 'InvalidParameterException');
  }

  const providerFailures = [
    // [the provider's body, name, retryable, its message (where the library words it)]
    ["throw new TypeError('no credentials today')", 'CredentialsProviderError', false, /TypeError: no credentials today$/],
    ["throw new TypeError('Failed to fetch')", 'NetworkError', true, /^the credential provider failed: /],
    ["return Promise.reject(new TypeError('Load failed'))", 'NetworkError', true, /^the credential provider failed: /],
    ["return Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'))", 'NetworkError', true, /^the credential provider failed: /],
    ["throw new RangeError('too far')", 'CredentialsProviderError', false, /^the credential provider failed: RangeError: too far$/],
    ["throw new Error('nope')", 'CredentialsProviderError', false, /^the credential provider failed: nope$/],
    ["return Promise.reject(new Error('nope'))", 'CredentialsProviderError', false, /^the credential provider failed: nope$/],
    ["const e = new Error('Rate exceeded'); e.name = 'TooManyRequestsException'; throw e", 'TooManyRequestsException', true, null],
    ["throw new DOMException('slow', 'TimeoutError')", 'TimeoutError', true, null],
    ["throw new DOMException('stop', 'AbortError')", 'AbortError', false, null],
    ["const e = new Error('Token expired'); e.name = 'ExpiredTokenException'; throw e", 'ExpiredTokenException', false, null],
    ['throw 42', 'CredentialsProviderError', false, /^the credential provider failed$/],
  ];
  for (const [body, name, retryable, message] of providerFailures) {
    const { error } = await run('withProvider', body);
    assert.deepEqual([error?.name, error?.retryable, error?.ours, error?.isError], [name, retryable, true, true], `${body}: ${JSON.stringify(error)}`);
    assert.equal(typeof error.message, 'string');
    if (message) assert.match(error.message, message, body);
  }
  assert.equal((await stackRequests(info)).total, 0, 'nothing was sent');
  assert.deepEqual((await problems()).filter((p) => p.startsWith('page error')), []);
}

/** A signal that has already aborted: AbortError (not retryable), nothing sent. */
async function abortedSignal({ info, run }) {
  await run('identityId'); // the user's credentials, fetched before the count
  await stackRequests(info, true);
  for (const [who, method] of [['empty credentials', 'listObjects'], ['user', 'listObjects'], ['user', 'listAllObjects']]) {
    const { error } = await run('aborted', who, method);
    assert.deepEqual([error?.name, error?.retryable, error?.ours], ['AbortError', false, true], `${who} ${method}: ${JSON.stringify(error)}`);
  }
  assert.equal((await stackRequests(info)).total, 0, 'nothing was sent');
}

/** Moves the stack's clock `offsetSeconds` from the machine's. */
async function setStackClock(info, offsetSeconds) {
  const res = await fetch(`${info.endpoint}/_stack/clock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds }),
  });
  assert.equal(res.status, 200, await res.text());
}

/**
 * The stack's clock 20 minutes ahead: once a reply taught the page the offset, a URL
 * presignGetObject signs is accepted (signed with the page's own time it would have
 * expired, 900 s, on arrival).
 */
async function presignUsesTheClockOffset({ info, run }) {
  const learn = async () => {
    const { error } = await run('learnTheStackClock', info.users.demo.username);
    assert.equal(error?.name, 'NotAuthorizedException', JSON.stringify(error));
  };
  await run('identityId'); // the user's credentials, fetched before the clocks part
  let status;
  try {
    await setStackClock(info, 1200);
    await learn();
    const { value: url, error } = await run('presign', 'user credentials', { key: README });
    assert.equal(error, undefined, JSON.stringify(error));
    status = (await run('plainGet', url)).status;
  } finally {
    // Back in time, and the page learns it back, before any assertion.
    await setStackClock(info, 0);
    await learn();
  }
  assert.equal(status, 200, "presignGetObject used the page's offset");
}

/**
 * The fault matrix's S3 list rows (the stack's faults on ListObjectsV2, POST
 * /_stack/faults): the fault, its `delayMs`, how listObjects reacts — `retried` with the
 * S3 name it ends with when every try meets it, `final` with its name and retryable, or
 * `served` — and whether the browser itself resends the request (a connection reset
 * before any reply byte: Chromium once more, Firefox up to 10 times).
 */
const FAULT_ROWS = [
  { fault: '500', retried: 'InternalError' },
  { fault: '503', retried: 'ServiceUnavailable' },
  { fault: '429', retried: 'TooManyRequests' },
  { fault: 'throttling', retried: 'Throttling' },
  { fault: 'slowdown', retried: 'SlowDown' },
  { fault: 'reset', retried: 'NetworkError', browserResends: true },
  { fault: 'malformed', final: ['InvalidResponse', false] },
  { fault: 'html', retried: 'InternalError' },
  { fault: 'truncated', retried: 'NetworkError' },
  { fault: 'content-type', served: true },
  { fault: 'date-skew', served: true },
  { fault: 'delay', delayMs: 2_500, retried: 'TimeoutError' },
];
/** The `timeoutMs` of the fault matrix's listings (the `delay` row answers past it). */
const FAULT_TIMEOUT_MS = 1_500;
/** The most times a browser sends one fetch whose connection is reset (Firefox's default `network.http.request.max-attempts`). */
const BROWSER_ATTEMPTS = 10;

async function stackFaults(info, method, spec) {
  const res = await fetch(`${info.endpoint}/_stack/faults`, {
    method, headers: { 'content-type': 'application/json' }, body: spec && JSON.stringify(spec),
  });
  assert.equal(res.status, 200, await res.text());
}

/**
 * One row: listObjects (public/, two keys a page) with the fault armed for one call fewer
 * than the attempts: a retried fault is recovered from with every attempt, another fails
 * at once (or, served, succeeds at once); then, for a retried fault, armed past the
 * attempts: it fails after exactly MAX_ATTEMPTS tries, retryable. After each run the next
 * listing, the fault disarmed, succeeds.
 */
async function faultRow({ info, run }, row) {
  const runOnce = async (armed) => {
    const label = `${row.fault}, armed ${armed}`;
    await stackFaults(info, 'DELETE');
    await stackRequests(info, true);
    await stackFaults(info, 'POST', { operation: 'ListObjectsV2', fault: row.fault, count: armed, ...(row.delayMs && { delayMs: row.delayMs }) });
    const options = { prefix: 'public/', maxKeys: 2, timeoutMs: FAULT_TIMEOUT_MS };
    const { value, error } = await run('call', 'user credentials', 'listObjects', options);
    const tries = (await stackRequests(info)).counts['S3 GET'];
    await stackFaults(info, 'DELETE');
    if (row.served || (row.retried && armed < MAX_ATTEMPTS)) {
      assert.equal(error, undefined, `${label}: ${JSON.stringify(error)}`);
      assert.deepEqual([value.objects.length, value.isTruncated], [2, true], label);
      // A browser resend may spend faults the library never saw.
      if (!row.browserResends) assert.equal(tries, row.served ? 1 : armed + 1, `${label}: calls made`);
    } else {
      const [name, retryable] = row.final ?? [row.retried, true];
      assert.deepEqual([error?.name, error?.retryable, error?.ours, error?.isError], [name, retryable, true, true], `${label}: ${JSON.stringify(error ?? value)}`);
      // Every attempt when the listing retries, else one.
      const made = row.retried ? MAX_ATTEMPTS : 1;
      if (row.browserResends) assert.ok(tries >= made && tries <= BROWSER_ATTEMPTS * made, `${label}: ${tries} calls`);
      else assert.equal(tries, made, `${label}: calls made`);
    }
    const after = await run('call', 'user credentials', 'listObjects', options);
    assert.equal(after.error, undefined, `${label}, then disarmed: ${JSON.stringify(after.error)}`);
  };
  await runOnce(MAX_ATTEMPTS - 1);
  // Far more faults than tries, so browser resends cannot outlast them.
  if (row.retried) await runOnce(50);
}

const outcomeOf = (row) => (row.served ? 'served' : row.final ? `fails at once, ${row.final[0]}` : `retried, then ${row.retried}`);

/** Every case with its test's title, in the order the tests run (the fault rows last). */
export const CASES = [
  ['a prefix with a delimiter: its object (size, quoted etag, lastModified a Date) and its folders', withDelimiter],
  ['prefixes without a delimiter: every key below them, any characters', withoutDelimiter],
  ['1100 keys: two pages by continuationToken, maxKeys; listAllObjects gets each key once in 3 requests', pagesOfMany],
  ['a tampered secret key: SignatureDoesNotMatch, not retryable and sent once, the secret not shown', tamperedSecret],
  ['guests are denied private/; the user lists their own folder only', guestsAndPrivate],
  ['presigned GET URLs fetch the objects; a provider and wrong options are refused synchronously', presignedGets],
  ["wrong options are refused before any request; a provider's failures get the library's names", refusedBeforeAnyRequest],
  ['an aborted signal: AbortError, nothing sent', abortedSignal],
  ["a presigned URL uses the page's learned clock offset", presignUsesTheClockOffset],
  ...FAULT_ROWS.map((row) => [`fault ${row.fault} on ListObjectsV2: ${outcomeOf(row)}`, (env) => faultRow(env, row)]),
];
