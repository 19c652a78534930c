// The AWS SDK v3 and cognito-wasm side by side (s3-sdk.test.mjs in Chromium,
// webdriver-s3-sdk.mjs in Firefox and WebKit): one page loads the unpacked npm
// tarball (no bundler) and @aws-sdk/client-s3 (bundled by esbuild for the
// browser); an S3Client given `client.credentialProvider()` must list exactly what
// `listObjects` (the package entry's) lists — keys, sizes, ETags, dates, prefixes, continuation — for
// authenticated and guest credentials, and both must be refused the same way where
// the role allows nothing. Served on 127.0.0.1:8082. The tests are written once
// over a page that runs functions (`evaluate(fn, arg)`), reports what went wrong
// there (`problems()`) and saves a screenshot (`screenshot(name)`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { serveStatic, stackRequests } from './harness.mjs';
import { appConfig, unpackedPackage } from './npm-package.mjs';

/** One of the origins the stack's CORS allows. */
export const PORT = 8082;

const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm and the AWS SDK</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p><pre id="out"></pre>
<script type="module">
import init, { CognitoClient, listObjects, isCognitoError } from './package/index.js';
import { S3Client, ListObjectsV2Command } from './sdk/s3.js';

await init();
const config = await (await fetch('./config.json')).json();
const client = new CognitoClient({
  userPoolId: config.userPoolId, clientId: config.clientId, identityPoolId: config.identityPoolId,
  endpoints: config.endpoints,
});
const where = { region: config.region, bucket: config.bucket, endpoint: config.endpoints.s3 };
const guestProvider = () => client.getGuestCredentials();
const sdkFor = (credentials) =>
  new S3Client({ region: config.region, endpoint: config.endpoints.s3, forcePathStyle: true, credentials });

// Every page of a listing, in one plain shape, through cognito-wasm.
async function ours(provider, params) {
  const pages = [];
  let continuationToken;
  do {
    const p = await listObjects({ provider, ...where, ...params, continuationToken });
    pages.push({
      objects: p.objects.map((o) => [o.key, o.size, o.etag, o.lastModified.getTime()]),
      prefixes: p.prefixes, isTruncated: p.isTruncated, keyCount: p.keyCount,
    });
    continuationToken = p.nextContinuationToken;
  } while (continuationToken);
  return pages;
}

// The same through the AWS SDK v3.
async function theirs(credentials, params) {
  const s3 = sdkFor(credentials);
  const pages = [];
  let ContinuationToken;
  do {
    const p = await s3.send(new ListObjectsV2Command({
      Bucket: config.bucket, Prefix: params.prefix, Delimiter: params.delimiter, MaxKeys: params.maxKeys,
      StartAfter: params.startAfter, ContinuationToken,
    }));
    pages.push({
      objects: (p.Contents ?? []).map((o) => [o.Key, o.Size, o.ETag, o.LastModified.getTime()]),
      prefixes: (p.CommonPrefixes ?? []).map((c) => c.Prefix), isTruncated: p.IsTruncated, keyCount: p.KeyCount,
    });
    ContinuationToken = p.NextContinuationToken;
  } while (ContinuationToken);
  return pages;
}

const outcome = (promise) => promise.then((value) => ({ value }), (e) => ({ error: { name: e.name, ours: isCognitoError(e) } }));

// One line per comparison, for the screenshot (the test compares the data itself).
const summary = (r) => r.error ? r.error.name : r.value.reduce((n, p) => n + p.objects.length + p.prefixes.length, 0) + ' entries';
window.compare = async (who, params) => {
  const provider = who === 'guest' ? guestProvider : client.credentialProvider();
  const result = { ours: await outcome(ours(provider, params)), sdk: await outcome(theirs(provider, params)) };
  document.getElementById('out').textContent += [who.padEnd(6), JSON.stringify(params).padEnd(80),
    'cognito-wasm: ' + summary(result.ours), ' SDK: ' + summary(result.sdk)].join(' ') + '\\n';
  return result;
};
window.signIn = (username, password) => client.signIn({ username, password });
document.getElementById('status').textContent = 'ready';
</script>
</body>
</html>
`;

/**
 * The tarball unpacked into target/e2e-npm/`name`/package and the SDK bundled
 * into its sdk/s3.js, served with the page (`wrap` edits its HTML) and the
 * stack's settings.
 */
export async function serveSite(name, info, wrap = (h) => h) {
  const pkg = await unpackedPackage(name);
  const dir = dirname(pkg);
  await build({
    stdin: { contents: "export { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';", resolveDir: import.meta.dirname },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: join(dir, 'sdk', 's3.js'), logLevel: 'warning',
  });
  return serveStatic(dir, PORT, {
    extra: { '/index.html': wrap(html), '/config.json': JSON.stringify(appConfig(info)) },
  });
}

/**
 * Registers the tests. `env.info()`: the stack's info; `env.page()`: the page,
 * ready, the same for both tests (the second counts one guest credentials
 * request over the page's life); `env.label`: put before each test's name.
 */
export function s3SdkTests(env) {
  const label = env.label ?? '';

  /** Lists with both, asserts the same result, returns cognito-wasm's pages. */
  async function same(who, params) {
    const { ours, sdk } = await env.page().evaluate(([w, p]) => window.compare(w, p), [who, params]);
    assert.equal(ours.error, undefined, `cognito-wasm failed: ${JSON.stringify(ours.error)}`);
    assert.equal(sdk.error, undefined, `the SDK failed: ${JSON.stringify(sdk.error)}`);
    assert.deepEqual(ours.value, sdk.value);
    return ours.value;
  }

  test(`${label}signed in: the SDK with client.credentialProvider() lists what listObjects lists`, async () => {
    const info = env.info();
    const page = env.page();
    const result = await page.evaluate(([u, p]) => window.signIn(u, p), [info.users.demo.username, info.users.demo.password]);
    assert.deepEqual(result, { signedIn: true });

    // One level with a delimiter: objects and "folders".
    const top = await same('user', { prefix: 'public/', delimiter: '/' });
    assert.equal(top.length, 1);
    assert.deepEqual(top[0].objects.map((o) => o[0]), ['public/readme.txt']);
    assert.equal(top[0].prefixes.length, 5);

    // The whole prefix, 1,110 keys: pages of 1,000 then 110, every key once.
    const all = await same('user', { prefix: 'public/' });
    assert.deepEqual(all.map((p) => [p.objects.length, p.isTruncated]), [[1000, true], [110, false]]);
    const keys = all.flatMap((p) => p.objects.map((o) => o[0]));
    assert.equal(new Set(keys).size, keys.length);

    // Keys that need encoding, small pages, startAfter.
    for (const params of [
      { prefix: 'public/unicode/' },
      { prefix: 'public/symbols/' },
      { prefix: 'public/a b/', delimiter: '/' },
      { prefix: 'public/many/', maxKeys: 7, startAfter: 'public/many/item-1090.txt' },
      { prefix: `private/${info.identityIds.demo}/` },
    ]) {
      const pages = await same('user', params);
      assert.ok(pages.some((p) => p.objects.length > 0), `${JSON.stringify(params)} lists something`);
    }
    const unicode = (await same('user', { prefix: 'public/unicode/' }))[0].objects.map((o) => o[0]);
    assert.deepEqual(unicode, ['public/unicode/héllo wörld ✓.txt', 'public/unicode/日本語/ファイル.txt']);
    const paged = await same('user', { prefix: 'public/many/', maxKeys: 7, startAfter: 'public/many/item-1090.txt' });
    assert.deepEqual(paged.map((p) => p.objects.length), [7, 2]);
    await page.screenshot('s3-sdk-authenticated');
  });

  test(`${label}guest credentials: the same listing of public/, and both refused private/`, async () => {
    const info = env.info();
    const page = env.page();
    // Guest credentials come from the identity pool whether or not a user is signed in.
    const before = await stackRequests(info);
    await same('guest', { prefix: 'public/', delimiter: '/' });
    const { ours, sdk } = await page.evaluate(() => window.compare('guest', { prefix: 'private/' }));
    assert.deepEqual(ours.error, { name: 'AccessDenied', ours: true });
    assert.equal(sdk.error?.name, 'AccessDenied');
    // Both took the guest credentials from the same provider: one guest identity, fetched once.
    const after = await stackRequests(info);
    const calls = (op) => (after.counts[op] ?? 0) - (before.counts[op] ?? 0);
    assert.equal(calls('AWSCognitoIdentityService.GetCredentialsForIdentity'), 1);
    assert.equal(calls('S3 GET'), 4);
    assert.deepEqual((await page.problems()).filter((p) => !/status of 403/.test(p)), [], 'only the two refusals are logged');
    await page.screenshot('s3-sdk-guest');
  });
}
