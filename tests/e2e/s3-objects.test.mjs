// The S3 object calls (getObject, putObject, headObject, deleteObject, deleteObjects,
// copyObject, presignPutObject) through the packed npm package (its entry, as
// package.json names it; no bundler) in headless Chromium, against the local stack's
// bucket, whose policy lets a signed-in user write only `private/<identity id>/` and
// lets guests read `public/` only. The page is s3-objects-site.mjs's (also
// webdriver-s3-objects.mjs's, in Firefox ESR and WebKitGTK).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stackRequests } from './harness.mjs';
import { openSignedInPage, pageCalls } from './package-page.mjs';
import { PORT, html } from './s3-objects-site.mjs';

const TIMEOUT = 120_000;

let localStack;
let info;
let server;
let chrome;
let page;
let watch;

before(async () => {
  ({ localStack, info, server, chrome, page, watch } = await openSignedInPage('s3-objects', PORT, html, TIMEOUT));
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

const { call, ok, rejected } = pageCalls(() => page);
const own = (name) => `private/${info.identityIds.demo}/objects-e2e/${name}`;

test('put, get (whole and ranged), head, copy and delete in the own folder', async () => {
  assert.equal(await page.evaluate(() => window.identityId()), info.identityIds.demo);
  const key = own('hello world+ü.txt');
  const put = await ok('user', 'putObject', { key, body: { text: 'hello, S3 objects\n' }, contentType: 'text/plain', metadata: { Owner: 'demo' } });
  assert.match(put.etag, /^"[0-9a-f]{32}"$/);
  const got = await ok('user', 'getObject', { key });
  assert.equal(got.body.text, 'hello, S3 objects\n');
  assert.equal(got.contentType, 'text/plain');
  assert.equal(got.size, 18);
  assert.equal(got.etag, put.etag);
  assert.ok(Math.abs(Date.parse(got.lastModified.date) - Date.now()) < 10 * 60_000, got.lastModified.date);
  // The stack's CORS rule exposes x-amz-meta-owner, as an app's bucket would for the metadata it reads.
  assert.deepEqual(got.metadata, { owner: 'demo' });
  const ranged = await ok('user', 'getObject', { key, range: 'bytes=0-4' });
  assert.equal(ranged.body.text, 'hello');
  assert.equal(ranged.contentRange, 'bytes 0-4/18');
  const head = await ok('user', 'headObject', { key });
  assert.deepEqual([head.size, head.etag, head.contentType, head.metadata, head.body], [18, put.etag, 'text/plain', { owner: 'demo' }, undefined]);

  const copyKey = own('copy.txt');
  const copy = await ok('user', 'copyObject', { key: copyKey, sourceKey: key, contentType: 'text/markdown' });
  assert.equal(copy.etag, put.etag);
  assert.ok(copy.lastModified?.date);
  const copied = await ok('user', 'getObject', { key: copyKey });
  assert.deepEqual([copied.body.text, copied.contentType], ['hello, S3 objects\n', 'text/markdown']);

  assert.equal(await ok('user', 'deleteObject', { key }), undefined);
  await rejected('user', 'getObject', { key }, 'NoSuchKey');
  await rejected('user', 'headObject', { key }, 'NotFound');
  const e = await rejected('user', 'copyObject', { key: own('copy2.txt'), sourceKey: key }, 'NoSuchKey');
  assert.equal(e.retryable, false);
  const batch = await ok('user', 'deleteObjects', { keys: [copyKey, own('never-there.txt')] });
  assert.deepEqual([batch.deleted.sort(), batch.errors], [[copyKey, own('never-there.txt')].sort(), []]);
  await rejected('user', 'headObject', { key: copyKey }, 'NotFound');
});

test('Blob, ArrayBuffer, typed-array and string bodies, signed or UNSIGNED-PAYLOAD, come back equal', async () => {
  const bodies = [{ blob: 'a blob body' }, { buffer: 'an ArrayBuffer body' }, { bytes: 'a typed array body' }, { text: 'a string body ✓' }];
  const keys = [];
  for (const [i, body] of bodies.entries()) {
    for (const unsignedPayload of [false, true]) {
      const key = own(`body-${i}-${unsignedPayload}.txt`);
      keys.push(key);
      await ok('user', 'putObject', { key, body, unsignedPayload });
      const text = Object.values(body)[0];
      assert.equal((await ok('user', 'getObject', { key })).body.text, text);
    }
  }
  const batch = await ok('user', 'deleteObjects', { keys, quiet: true });
  assert.deepEqual(batch, { deleted: [], errors: [] });
});

test("the user is denied the other user's folder; guests read public/ and write nothing", async () => {
  const other = `private/${info.identityIds.other}/welcome.txt`;
  await rejected('user', 'getObject', { key: other }, 'AccessDenied');
  await rejected('user', 'headObject', { key: other }, 'AccessDenied');
  const denied = await rejected('user', 'putObject', { key: other, body: { text: 'secret-body-text' } }, 'AccessDenied');
  assert.ok(!denied.message.includes('secret-body-text'));
  await rejected('user', 'deleteObject', { key: other }, 'AccessDenied');
  await rejected('user', 'copyObject', { key: own('stolen.txt'), sourceKey: other }, 'AccessDenied');
  const batch = await ok('user', 'deleteObjects', { keys: [other] });
  assert.deepEqual(batch.deleted, []);
  assert.deepEqual(batch.errors.map((e) => [e.key, e.code]), [[other, 'AccessDenied']]);

  await rejected('guest', 'putObject', { key: 'public/guest-write.txt', body: { text: 'x' } }, 'AccessDenied');
  await rejected('guest', 'putObject', { key: own('guest.txt'), body: { text: 'x' } }, 'AccessDenied');
  await rejected('guest', 'deleteObject', { key: 'public/readme.txt' }, 'AccessDenied');
  const readme = await ok('guest', 'getObject', { key: 'public/readme.txt' });
  assert.equal(readme.body.text, 'Hello from the public prefix.\n');
});

test('a presigned PUT uploads with plain fetch', async () => {
  const key = own('presigned upload.txt');
  assert.deepEqual(await page.evaluate(([k]) => window.presignedPut(k, 'uploaded by URL\n'), [key]), { status: 200, signed: true });
  const got = await ok('user', 'getObject', { key });
  assert.deepEqual([got.body.text, got.contentType], ['uploaded by URL\n', 'text/plain']);
  await ok('user', 'deleteObject', { key });
});

test('wrong input and an aborted signal send nothing', async () => {
  await stackRequests(info, true);
  const aborted = await page.evaluate(() => window.abortedGet('public/readme.txt'));
  assert.equal(aborted.error?.name, 'AbortError');
  for (const [method, options] of [['getObject', { key: '' }], ['headObject', { key: 'public/readme.txt', signal: 'no' }],
    ['putObject', { key: own('x'), body: { text: 'b' }, metadata: { 'bad name': 'v' } }], ['deleteObjects', { keys: [] }],
    ['copyObject', { key: own('x') }], ['getObject', { key: 'a/../b' }]]) {
    await rejected('user', method, options, 'InvalidParameterException');
  }
  const { counts } = await stackRequests(info);
  assert.deepEqual(Object.keys(counts).filter((k) => k.startsWith('S3 ')), [], 'nothing was sent to S3');
});

test('a 20 MB body goes up in three parts with progress to 100 % (signed, and UNSIGNED-PAYLOAD); an abort leaves no incomplete upload', async () => {
  const folder = own('multipart/');
  const key = own('multipart/big.bin');
  await stackRequests(info, true);
  const up = await page.evaluate(([k]) => window.bigUpload(k, false), [key]);
  assert.equal(up.error, undefined, JSON.stringify(up.error));
  assert.match(up.value.etag, /-3"$/);
  const total = 20 * 1024 * 1024;
  assert.deepEqual(up.progress.map((p) => p.total), [total, total, total]);
  assert.ok(up.progress.every((p, i) => i === 0 || p.loaded > up.progress[i - 1].loaded));
  assert.equal(up.progress.at(-1).loaded, total);
  const { counts } = await stackRequests(info);
  assert.equal(counts['S3 PUT'], 3, `three UploadPart calls (${JSON.stringify(counts)})`);
  assert.equal(counts['S3 POST'], 2, 'CreateMultipartUpload and CompleteMultipartUpload');
  assert.equal(await page.evaluate(([k]) => window.sameAsBig(k), [key]), true, 'the parts came back equal');
  assert.deepEqual(await page.evaluate(([p]) => window.incomplete(p), [folder]), []);

  // The same Blob signed UNSIGNED-PAYLOAD: its parts go to fetch unread.
  const unsigned = await page.evaluate(([k]) => window.bigUpload(k, false, true), [key]);
  assert.equal(unsigned.error, undefined, JSON.stringify(unsigned.error));
  assert.match(unsigned.value.etag, /-3"$/);
  assert.equal(unsigned.progress.at(-1).loaded, total);
  assert.equal(await page.evaluate(([k]) => window.sameAsBig(k), [key]), true, 'the unsigned parts came back equal');

  const abortedKey = own(`multipart/aborted-${Date.now()}.bin`);
  await stackRequests(info, true);
  const stopped = await page.evaluate(([k]) => window.bigUpload(k, true), [abortedKey]);
  assert.equal(stopped.error?.name, 'AbortError', JSON.stringify(stopped));
  assert.equal(stopped.progress.length, 1);
  assert.equal((await stackRequests(info)).counts['S3 DELETE'], 1, 'AbortMultipartUpload');
  assert.deepEqual(await page.evaluate(([p]) => window.incomplete(p), [folder]), []);
  await rejected('user', 'headObject', { key: abortedKey }, 'NotFound');
  await ok('user', 'deleteObject', { key });
  // The refusals above (403, 404) and the aborted parts are the only failed loads.
  assert.deepEqual(watch.problems.filter((p) => !/status of (403|404)\b|net::ERR_ABORTED/.test(p)), []);
});
