// The S3 object calls of the packed package (s3-objects.test.mjs's page,
// s3-objects-site.mjs) in Firefox ESR or WebKitGTK over WebDriver (E2E_ENGINE),
// against the local stack: the own folder's round trip with every body kind, signed
// and UNSIGNED-PAYLOAD; the other user's folder and guest writes denied; a presigned
// PUT; a 20 MB upload in parts with progress and an abort that leaves no incomplete
// upload. The page carries the watch script (webdriver.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PORT, html } from './s3-objects-site.mjs';
import { callAssertions, openSignedInWebDriver } from './package-page.mjs';
import { engineName } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;
let browser;

before(async () => {
  ({ localStack, info, server, browser } = await openSignedInWebDriver(`s3-objects-${engine}`, PORT, html, engine));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await localStack?.stop();
});

const { ok, rejected } = callAssertions((who, method, options) =>
  browser.evaluate((w, m, o) => window.call(w, m, o), who, method, options));
const own = (name) => `private/${info.identityIds.demo}/objects-${engine}/${name}`;

test(`${engine}: put (every body kind, signed and unsigned), get, head, copy, delete in the own folder`, async () => {
  const bodies = [{ blob: 'a blob body' }, { buffer: 'an ArrayBuffer body' }, { bytes: 'a typed array body' }, { text: 'a string ✓' }];
  const keys = [];
  for (const [i, body] of bodies.entries()) {
    for (const unsignedPayload of [false, true]) {
      const key = own(`body-${i}-${unsignedPayload}.txt`);
      keys.push(key);
      await ok('user', 'putObject', { key, body, unsignedPayload, contentType: 'text/plain', metadata: { Owner: engine } });
      const got = await ok('user', 'getObject', { key });
      assert.deepEqual([got.body.text, got.contentType, got.metadata], [Object.values(body)[0], 'text/plain', { owner: engine }]);
    }
  }
  const ranged = await ok('user', 'getObject', { key: keys[0], range: 'bytes=2-5' });
  assert.equal(ranged.body.text, 'blob');
  const head = await ok('user', 'headObject', { key: keys[0] });
  assert.deepEqual([head.size, head.metadata], [11, { owner: engine }]);
  const copy = await ok('user', 'copyObject', { key: own('copy.txt'), sourceKey: keys[0] });
  assert.equal(copy.etag, head.etag);
  await ok('user', 'deleteObject', { key: own('copy.txt') });
  await rejected('user', 'getObject', { key: own('copy.txt') }, 'NoSuchKey');
  await rejected('user', 'headObject', { key: own('copy.txt') }, 'NotFound');
  assert.deepEqual(await ok('user', 'deleteObjects', { keys, quiet: true }), { deleted: [], errors: [] });
});

test(`${engine}: the other user's folder and guest writes are denied; a presigned PUT uploads`, async () => {
  const other = `private/${info.identityIds.other}/welcome.txt`;
  await rejected('user', 'getObject', { key: other }, 'AccessDenied');
  await rejected('user', 'putObject', { key: other, body: { text: 'x' } }, 'AccessDenied');
  const batch = await ok('user', 'deleteObjects', { keys: [other] });
  assert.deepEqual(batch.errors.map((e) => [e.key, e.code]), [[other, 'AccessDenied']]);
  await rejected('guest', 'putObject', { key: 'public/guest-write.txt', body: { text: 'x' } }, 'AccessDenied');
  assert.equal((await ok('guest', 'getObject', { key: 'public/readme.txt' })).body.text, 'Hello from the public prefix.\n');

  const key = own('presigned.txt');
  assert.deepEqual(await browser.evaluate((k) => window.presignedPut(k, 'by URL\n'), key), { status: 200, signed: true });
  assert.equal((await ok('user', 'getObject', { key })).body.text, 'by URL\n');
  await ok('user', 'deleteObject', { key });
});

test(`${engine}: a 20 MB body goes up in three parts with progress to 100 %; an abort leaves no incomplete upload`, async () => {
  const folder = own('multipart/');
  const key = own('multipart/big.bin');
  const up = await browser.evaluate((k) => window.bigUpload(k, false), key);
  assert.equal(up.error, undefined, JSON.stringify(up.error));
  assert.match(up.value.etag, /-3"$/);
  assert.deepEqual(up.progress.map((p) => p.loaded).sort((a, b) => a - b).at(-1), 20 * 1024 * 1024);
  assert.equal(up.progress.length, 3);
  assert.equal(await browser.evaluate((k) => window.sameAsBig(k), key), true);
  const abortedKey = own(`multipart/aborted-${Date.now()}.bin`);
  const stopped = await browser.evaluate((k) => window.bigUpload(k, true), abortedKey);
  assert.equal(stopped.error?.name, 'AbortError', JSON.stringify(stopped));
  assert.deepEqual(await browser.evaluate((p) => window.incomplete(p), folder), []);
  await rejected('user', 'headObject', { key: abortedKey }, 'NotFound');
  await ok('user', 'deleteObject', { key });
  const problems = (await browser.watched()).problems;
  assert.deepEqual(problems.filter((p) => !/failed to load/.test(p)), [], JSON.stringify(problems));
});
