// The S3 listing and presigned GET (crate/js/s3_list.js) in Node over a scripted
// awsFetch and signRequest: the request each call sends (URL, sorted and encoded
// query, awsFetch's options), the ListBucketResult read (URL-encoded keys, sizes,
// dates, counts), replies that are not one, the retries (a reply cut off while it
// is read included), the pages of listAllObjects and where it stops, and wrong
// input refused before any request. The modules are copied beside a stand-in for
// the wasm-bindgen glue and for aws_fetch.js (tested in aws-fetch-unit.test.mjs), as the
// package's entry bundles them beside the real ones.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './harness.mjs';

let lib;
let CognitoError;
/** Answers each request: `(request) => Response | Error`. */
let handler;
let seen;
let signed;

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key-value', sessionToken: 'secret-token' };
const base = { credentials, region: 'eu-west-1', bucket: 'my-bucket', endpoint: 'http://127.0.0.1:4566' };
const where = 'http://127.0.0.1:4566/my-bucket';

before(async () => {
  const dir = join(root, 'target', 'e2e-npm', 's3-list-unit');
  await mkdir(dir, { recursive: true });
  for (const f of ['s3_list.js', 's3_objects.js', 'aws_json.js', 'dynamodb_values.js', 'host.js']) {
    await copyFile(join(root, 'crate', 'js', f), join(dir, f));
  }
  await writeFile(join(dir, 'aws_fetch.js'), 'export const awsFetch = (...args) => globalThis.scriptedAwsFetch(...args);\n');
  await writeFile(join(dir, 'cognito_wasm.js'), 'export const signRequest = (...args) => globalThis.scriptedSignRequest(...args);\n');
  CognitoError = (await import(pathToFileURL(join(dir, 'host.js')).href)).CognitoError;
  globalThis.scriptedAwsFetch = async (url, init, options) => {
    seen.push({ url, method: init.method, headers: init.headers, options });
    if (options.signal?.aborted) throw new CognitoError('AbortError', 'the call was aborted', false);
    const reply = await handler();
    if (reply instanceof Error) throw reply;
    return reply;
  };
  globalThis.scriptedSignRequest = (request, options) => {
    signed.push({ request, options });
    return { url: `${request.url}?X-Amz-Signature=abc`, headers: {} };
  };
  lib = await import(pathToFileURL(join(dir, 's3_list.js')).href);
});

const reply = (status, body = '', headers = {}) => new Response(body, { status, headers });
/** A 200 whose body fails while it is read (the connection lost mid-body). */
const cutOff = () => new Response(new ReadableStream({ start: (c) => c.error(new TypeError('terminated')) }), { status: 200 });
/** Replies in order, one per request. */
const queue = (...list) => {
  seen = [];
  signed = [];
  handler = () => {
    const next = list.shift();
    if (next === undefined) throw new Error('no scripted reply left');
    return typeof next === 'function' ? next() : next;
  };
};
const rejects = async (promise, name) => {
  const e = await promise.then(() => assert.fail('resolved'), (x) => x);
  assert.ok(e instanceof CognitoError, String(e?.stack ?? e));
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  for (const secret of ['secret-key-value', 'secret-token']) assert.ok(!e.message.includes(secret), e.message);
  return e;
};
/** A ListBucketResult page with `fields` (raw XML) inside. */
const page = (fields) => reply(200, `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${fields}</ListBucketResult>`);
const contents = (key, size = 1) => `<Contents><Key>${key}</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>`
  + `<ETag>&quot;e-${size}&quot;</ETag><Size>${size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;

test('listObjects: a signed GET of the bucket with the query sorted and encoded, and awsFetch given the call options', async () => {
  queue(page('<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated>'));
  const result = await lib.listObjects({
    ...base, prefix: 'a b/ü+', delimiter: '/', maxKeys: 2, startAfter: 'a b/0', continuationToken: 'tok/en=', timeoutMs: 5000,
  });
  assert.deepEqual(result, { objects: [], prefixes: [], isTruncated: false, keyCount: 0 });
  assert.equal(seen.length, 1);
  assert.equal(seen[0].method, 'GET');
  assert.equal(seen[0].url, `${where}?continuation-token=tok%2Fen%3D&delimiter=%2F&encoding-type=url&list-type=2`
    + '&max-keys=2&prefix=a%20b%2F%C3%BC%2B&start-after=a%20b%2F0');
  assert.deepEqual(seen[0].options, { credentials, region: 'eu-west-1', service: 's3', timeoutMs: 5000 });
  // Empty strings are left out; on AWS the bucket is the host (virtual-hosted) or the first segment.
  queue(page(''), page(''), page(''));
  await lib.listObjects({ ...base, endpoint: undefined, prefix: '' });
  await lib.listObjects({ ...base, endpoint: undefined, bucket: 'my.bucket' });
  await lib.listObjects({ ...base, endpoint: 'http://127.0.0.1:4566/base/' });
  assert.deepEqual(seen.map((q) => q.url), [
    'https://my-bucket.s3.eu-west-1.amazonaws.com/?encoding-type=url&list-type=2',
    'https://s3.eu-west-1.amazonaws.com/my.bucket?encoding-type=url&list-type=2',
    'http://127.0.0.1:4566/base/my-bucket?encoding-type=url&list-type=2',
  ]);
});

test('listObjects reads the page: URL-encoded keys and prefixes decoded, sizes, dates, ETags, counts and the next token', async () => {
  queue(page(`<Name>my-bucket</Name><Prefix>a+b%2F</Prefix><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys>
<Delimiter>%2F</Delimiter><EncodingType>url</EncodingType><IsTruncated>TRUE</IsTruncated>
<NextContinuationToken>next token</NextContinuationToken>
${contents('a+b%2Fc%2B1%C3%BC.txt', 12)}${contents('a+b%2F%20x', 0)}
<CommonPrefixes><Prefix>a+b%2Fsub%2F</Prefix></CommonPrefixes>`));
  const result = await lib.listObjects({ ...base, prefix: 'a b/', delimiter: '/' });
  assert.deepEqual(result, {
    objects: [
      { key: 'a b/c+1ü.txt', size: 12, lastModified: new Date('2026-01-02T03:04:05Z'), etag: '"e-12"' },
      { key: 'a b/ x', size: 0, lastModified: new Date('2026-01-02T03:04:05Z'), etag: '"e-0"' },
    ],
    prefixes: ['a b/sub/'],
    isTruncated: true,
    nextContinuationToken: 'next token',
    keyCount: 3,
  });
  assert.ok(result.objects[0].lastModified instanceof Date);
  // Without EncodingType the keys are as sent; without KeyCount it is what the page holds.
  queue(page(`${contents('a+b%2F')}<CommonPrefixes><Prefix>p%2F</Prefix></CommonPrefixes>`));
  assert.deepEqual(await lib.listObjects(base), {
    objects: [{ key: 'a+b%2F', size: 1, lastModified: new Date('2026-01-02T03:04:05Z'), etag: '"e-1"' }],
    prefixes: ['p%2F'],
    isTruncated: false,
    keyCount: 2,
  });
});

test('a reply that is not a listing rejects with InvalidResponse, not retried; an <Error> sent with 200 with its own name', async () => {
  const bad = [
    reply(200, 'not xml at all'),
    reply(200, '<ListAllMyBucketsResult></ListAllMyBucketsResult>'),
    page('<Contents><Size>1</Size></Contents>'),
    page(`<Contents><Key>k</Key><Size>-1</Size></Contents>`),
    page('<IsTruncated>maybe</IsTruncated>'),
    page('<KeyCount>many</KeyCount>'),
    page(`<EncodingType>url</EncodingType>${contents('bad%E0%A4%A')}`),
  ];
  for (const r of bad) {
    queue(r);
    const e = await rejects(lib.listObjects(base), 'InvalidResponse');
    assert.equal(e.retryable, false);
    assert.equal(seen.length, 1);
  }
  queue(reply(200, '<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId></Error>'));
  const e = await rejects(lib.listObjects(base), 'AccessDenied');
  assert.equal(e.message, 'Access Denied (request id: R1)');
});

test('S3 errors keep their names; 5xx, throttling, network failures and a reply cut off while read are retried, 4 attempts in all', async () => {
  queue(reply(403, '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'), page(''));
  const denied = await rejects(lib.listObjects(base), 'AccessDenied');
  assert.equal(denied.retryable, false);
  assert.equal(seen.length, 1);
  queue(reply(404, '<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>'));
  await rejects(lib.listObjects(base), 'NoSuchBucket');
  queue(reply(503, '<Error><Code>SlowDown</Code><Message>m</Message></Error>'), cutOff,
    new CognitoError('NetworkError', 'failed to fetch', true), page(contents('k')));
  assert.deepEqual((await lib.listObjects(base)).objects.map((o) => o.key), ['k']);
  assert.equal(seen.length, 4);
  // A body handed over short of its Content-Length (WebKit does not fail the read) is retried too.
  queue(reply(200, '<ListBucketResult><Contents>', { 'content-length': '300' }), page(contents('k2')));
  assert.deepEqual((await lib.listObjects(base)).objects.map((o) => o.key), ['k2']);
  assert.equal(seen.length, 2);
  queue(cutOff, cutOff, cutOff, cutOff, page(''));
  const e = await rejects(lib.listObjects(base), 'NetworkError');
  assert.equal(e.retryable, true);
  assert.equal(seen.length, 4);
  // A refusal of the request time: once more at once (awsFetch has learned the server's clock).
  queue(reply(403, '<Error><Code>RequestTimeTooSkewed</Code><Message>m</Message></Error>'), page(''));
  await lib.listObjects(base);
  assert.equal(seen.length, 2);
});

test('listAllObjects follows the tokens, gathers every page and sums keyCount; stops on a repeated or missing token and after 1000 pages', async () => {
  queue(
    page(`<KeyCount>2</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>t1</NextContinuationToken>${contents('a')}${contents('b')}`),
    page(`<KeyCount>1</KeyCount><IsTruncated>true</IsTruncated><NextContinuationToken>t/2</NextContinuationToken><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>`),
    page(`<KeyCount>1</KeyCount><IsTruncated>false</IsTruncated>${contents('c')}`),
  );
  const all = await lib.listAllObjects({ ...base, maxKeys: 2, prefix: 'x' });
  assert.deepEqual(all.objects.map((o) => o.key), ['a', 'b', 'c']);
  assert.deepEqual(all.prefixes, ['p/']);
  assert.equal(all.keyCount, 4);
  assert.equal(all.isTruncated, false);
  assert.equal(all.nextContinuationToken, undefined);
  assert.deepEqual(seen.map((q) => q.url.slice(where.length)), [
    '?encoding-type=url&list-type=2&max-keys=2&prefix=x',
    '?continuation-token=t1&encoding-type=url&list-type=2&max-keys=2&prefix=x',
    '?continuation-token=t%2F2&encoding-type=url&list-type=2&max-keys=2&prefix=x',
  ]);

  const truncated = (token) => page(`<IsTruncated>true</IsTruncated>${token ? `<NextContinuationToken>${token}</NextContinuationToken>` : ''}`);
  queue(truncated('t1'), truncated('t2'), truncated('t1'));
  await rejects(lib.listAllObjects(base), 'InvalidResponse');
  assert.equal(seen.length, 3);
  queue(truncated('start'));
  await rejects(lib.listAllObjects({ ...base, continuationToken: 'start' }), 'InvalidResponse');
  queue(truncated(''));
  await rejects(lib.listAllObjects(base), 'InvalidResponse');

  let n = 0;
  seen = [];
  handler = () => truncated(`t${n++}`);
  const e = await rejects(lib.listAllObjects(base), 'TooManyPages');
  assert.equal(e.retryable, false);
  assert.equal(seen.length, lib.MAX_PAGES);
});

test('wrong input rejects with InvalidParameterException before any request; an aborted signal with AbortError', async () => {
  const wrong = [
    undefined, null, 'options',
    { ...base, bucket: '' }, { ...base, bucket: 'a/b' }, { ...base, region: 'EU' }, { ...base, region: undefined },
    { ...base, credentials: undefined },
    { ...base, maxKeys: 0 }, { ...base, maxKeys: 1001 }, { ...base, maxKeys: 2.5 }, { ...base, maxKeys: '5' },
    { ...base, prefix: 1 }, { ...base, delimiter: {} }, { ...base, startAfter: 'x'.repeat(1025) },
    { ...base, continuationToken: 'é'.repeat(513) }, { ...base, forcePathStyle: 'yes' },
    { ...base, endpoint: 'ftp://host' }, { ...base, endpoint: 'http://host/?q' }, { ...base, signal: 'abort' },
    { ...base, timeoutMs: -1 },
  ];
  for (const options of wrong) {
    queue();
    await rejects(lib.listObjects(options), 'InvalidParameterException');
    await rejects(lib.listAllObjects(options), 'InvalidParameterException');
    assert.equal(seen.length, 0, JSON.stringify(options));
  }
  queue();
  await rejects(lib.listObjects({ ...base, signal: AbortSignal.abort() }), 'AbortError');
  await rejects(lib.listAllObjects({ ...base, signal: AbortSignal.abort() }), 'AbortError');
  assert.equal(seen.length, 0);
});

test('presignGetObject: signRequest with GET, the object URL and expiresIn (default 900); a provider or wrong input refused', () => {
  queue();
  assert.equal(lib.presignGetObject({ ...base, key: 'public/a b+c.txt' }), `${where}/public/a%20b%2Bc.txt?X-Amz-Signature=abc`);
  lib.presignGetObject({ ...base, endpoint: undefined, key: 'k', expiresIn: 60 });
  assert.deepEqual(signed.map((s) => s.request), [
    { method: 'GET', url: `${where}/public/a%20b%2Bc.txt` },
    { method: 'GET', url: 'https://my-bucket.s3.eu-west-1.amazonaws.com/k' },
  ]);
  assert.deepEqual(signed.map((s) => s.options), [
    { credentials, region: 'eu-west-1', service: 's3', presign: { expiresIn: 900 } },
    { credentials, region: 'eu-west-1', service: 's3', presign: { expiresIn: 60 } },
  ]);
  const wrong = [
    undefined, { ...base, key: 'k', credentials: undefined }, { ...base, key: 'k', credentials: undefined, provider: () => credentials },
    { ...base, key: '' }, { ...base, key: 'a/../b' }, { ...base, key: 'k', expiresIn: 0 }, { ...base, key: 'k', expiresIn: 604801 },
    { ...base, key: 'k', expiresIn: 1.5 }, { ...base, key: 'k', bucket: '' }, { ...base, key: 'k', forcePathStyle: 1 },
  ];
  for (const options of wrong) {
    assert.throws(() => lib.presignGetObject(options), (x) => x instanceof CognitoError && x.name === 'InvalidParameterException');
  }
  assert.equal(signed.length, 2, 'nothing more was signed');
  assert.throws(() => lib.presignGetObject({ ...base, key: 'k', provider: () => credentials }), /synchronous/);
});
