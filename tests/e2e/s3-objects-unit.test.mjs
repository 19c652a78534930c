// The S3 object calls (crate/js/s3_objects.js) in Node over a scripted awsFetch and
// signRequest: the request each call sends (method, URL, headers, body), the XML
// parsing, the error mapping (XML bodies, body-less HEAD replies, 200-with-error
// bodies), the retries, wrong input refused before any request, and the multipart
// upload (its plan, parts in flight, progress, one retry loop per part, abort on
// failure and on the signal). The module is copied beside stand-ins for the
// wasm-bindgen glue and for aws_fetch.js (tested in aws-fetch-unit.test.mjs), as the
// package's entry bundles it beside the real ones.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './harness.mjs';

let lib;
let CognitoError;
/** Answers each request: `(request) => Response | Error | Promise of one`. */
let handler;
let seen;
let signed;

const MiB = 1024 * 1024;
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key-value', sessionToken: 'secret-token' };
const base = { credentials, region: 'eu-west-1', bucket: 'my-bucket', endpoint: 'http://127.0.0.1:4566' };
const where = 'http://127.0.0.1:4566/my-bucket';

before(async () => {
  const dir = join(root, 'target', 'e2e-npm', 's3-objects-unit');
  await mkdir(dir, { recursive: true });
  for (const f of ['s3_objects.js', 'aws_json.js', 'dynamodb_values.js', 'host.js']) {
    await copyFile(join(root, 'crate', 'js', f), join(dir, f));
  }
  await writeFile(join(dir, 'aws_fetch.js'), 'export const awsFetch = (...args) => globalThis.scriptedAwsFetch(...args);\n');
  await writeFile(join(dir, 'cognito_wasm.js'), 'export const signRequest = (...args) => globalThis.scriptedSignRequest(...args);\n');
  CognitoError = (await import(pathToFileURL(join(dir, 'host.js')).href)).CognitoError;
  globalThis.scriptedAwsFetch = async (url, init, options) => {
    const request = { url, method: init.method, headers: { ...init.headers }, body: init.body, options, done: false };
    seen.push(request);
    const signal = options.signal;
    const abort = () => new CognitoError('AbortError', 'the call was aborted', false);
    if (signal?.aborted) throw abort();
    const reply = await new Promise((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(abort()), { once: true });
      Promise.resolve().then(() => handler(request)).then(resolve, reject);
    });
    request.done = true;
    if (reply instanceof Error) throw reply;
    return reply;
  };
  globalThis.scriptedSignRequest = (request, options) => {
    signed.push({ request, options });
    if (options.presign) return { url: `${request.url}?X-Amz-Signature=abc`, headers: {} };
    return { url: request.url, headers: { ...request.headers, authorization: 'AWS4-HMAC-SHA256 Signature=abc' } };
  };
  // The browser's fetch, which gets a Blob signed UNSIGNED-PAYLOAD (signRequest signs its headers).
  globalThis.fetch = (url, init) => globalThis.scriptedAwsFetch(url, init, { direct: true, signal: init.signal });
  lib = await import(pathToFileURL(join(dir, 's3_objects.js')).href);
});

const reply = (status, body = '', headers = {}) => new Response(status === 204 || body === null ? null : body, { status, headers });
const xmlError = (status, code, message) => reply(status,
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>REQ1</RequestId></Error>`);
const script = (fn) => {
  handler = fn;
  seen = [];
  signed = [];
};
/** Replies in order, one per request. */
const queue = (...list) => script(() => {
  const next = list.shift();
  if (next === undefined) throw new Error('no scripted reply left');
  return typeof next === 'function' ? next() : next;
});
const rejects = async (promise, name) => {
  const e = await promise.then(() => assert.fail('resolved'), (x) => x);
  assert.ok(e instanceof CognitoError, String(e?.stack ?? e));
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  for (const secret of ['secret-key-value', 'secret-token', 'BODY-SECRET']) assert.ok(!e.message.includes(secret), e.message);
  return e;
};
const bodyText = async (body) => (typeof body === 'string' ? body : body instanceof Blob ? body.text() : new TextDecoder().decode(body));

test('getObject: a signed GET of the object URL through awsFetch; the unread Response and its headers', async () => {
  queue(reply(206, 'hello', {
    'content-type': 'text/plain', 'content-length': '5', etag: '"abc"', 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT',
    'x-amz-meta-owner': ' ann ', 'content-range': 'bytes 0-4/10',
  }));
  const r = await lib.getObject({ ...base, key: 'private/a b+c/ü!.txt', range: 'bytes=0-4', timeoutMs: 5000 });
  assert.equal(seen.length, 1);
  const [q] = seen;
  assert.equal(q.method, 'GET');
  assert.equal(q.url, `${where}/private/a%20b%2Bc/%C3%BC%21.txt`);
  assert.deepEqual(q.headers, { range: 'bytes=0-4' });
  assert.deepEqual(q.options, { credentials, region: 'eu-west-1', service: 's3', timeoutMs: 5000 });
  assert.ok(r.body instanceof Response);
  assert.equal(await r.body.text(), 'hello');
  assert.deepEqual({ ...r, body: undefined }, {
    body: undefined, contentType: 'text/plain', size: 5, etag: '"abc"', lastModified: new Date('2015-10-21T07:28:00Z'),
    metadata: { owner: 'ann' }, contentRange: 'bytes 0-4/10',
  });
});

test('addressing: virtual-hosted on AWS, path-style for dotted names, forcePathStyle and endpoints with a base path', async () => {
  const cases = [
    [{ bucket: 'my-bucket' }, 'https://my-bucket.s3.eu-west-1.amazonaws.com/k'],
    [{ bucket: 'my.bucket' }, 'https://s3.eu-west-1.amazonaws.com/my.bucket/k'],
    [{ bucket: 'my-bucket', forcePathStyle: true }, 'https://s3.eu-west-1.amazonaws.com/my-bucket/k'],
    [{ bucket: 'bk1', region: 'cn-north-1' }, 'https://bk1.s3.cn-north-1.amazonaws.com.cn/k'],
    [{ bucket: 'b1' }, 'https://s3.eu-west-1.amazonaws.com/b1/k'],
    [{ bucket: 'my-bucket', endpoint: 'http://127.0.0.1:9/base/' }, 'http://127.0.0.1:9/base/my-bucket/k'],
  ];
  for (const [options, url] of cases) {
    queue(reply(200, ''));
    await lib.headObject({ credentials, region: 'eu-west-1', key: 'k', ...options });
    assert.equal(seen[0].url, url);
    assert.equal(seen[0].method, 'HEAD');
  }
});

test('putObject: string, ArrayBuffer, typed array (its own bytes only) and Blob bodies; attributes; UNSIGNED-PAYLOAD on request', async () => {
  const progress = [];
  queue(reply(200, '', { etag: '"e1"' }));
  const r = await lib.putObject({ ...base, key: 'k', body: 'héllo', contentType: 'text/plain', metadata: { Owner: 'ann', 'x-y': '1' },
    onProgress: (p) => progress.push(p) });
  assert.deepEqual(r, { etag: '"e1"' });
  assert.equal(seen[0].method, 'PUT');
  assert.deepEqual(seen[0].headers, { 'content-type': 'text/plain', 'x-amz-meta-owner': 'ann', 'x-amz-meta-x-y': '1' });
  assert.equal(await bodyText(seen[0].body), 'héllo');
  assert.deepEqual(progress, [{ loaded: 6, total: 6 }]);

  const bytes = new Uint8Array([9, 1, 2, 3, 9]);
  queue(reply(200), reply(200), reply(200, '', { etag: '"b"' }));
  await lib.putObject({ ...base, key: 'k', body: bytes.buffer });
  await lib.putObject({ ...base, key: 'k', body: bytes.subarray(1, 4) });
  const blob = new Blob(['blob body']);
  assert.deepEqual(await lib.putObject({ ...base, key: 'k', body: blob, unsignedPayload: true }), { etag: '"b"' });
  assert.deepEqual([...seen[0].body], [9, 1, 2, 3, 9]);
  assert.deepEqual(seen[0].headers, {});
  assert.deepEqual([...seen[1].body], [1, 2, 3]);
  assert.equal(seen[2].body, blob, 'a Blob signed UNSIGNED-PAYLOAD is handed to fetch as it is');
  assert.equal(seen[2].options.direct, true, 'not through awsFetch');
  assert.deepEqual(seen[2].headers, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', authorization: 'AWS4-HMAC-SHA256 Signature=abc' });
  assert.deepEqual(signed.map((x) => x.options), [{ credentials, region: 'eu-west-1', service: 's3' }]);

  // A Blob of another window (not an instance of this realm's Blob) is a Blob too.
  const foreign = { size: 3, slice: () => foreign, arrayBuffer: async () => new ArrayBuffer(3), type: '' };
  queue(reply(200));
  await lib.putObject({ ...base, key: 'k', body: foreign });
  assert.equal(seen[0].body, foreign);

  // A provider is asked for the credentials; a failing one rejects with CredentialsProviderError.
  queue(reply(200));
  await lib.putObject({ ...base, credentials: undefined, provider: async () => credentials, key: 'k', body: blob, unsignedPayload: true });
  assert.equal(signed.at(-1).options.credentials, credentials);
  queue();
  await rejects(lib.putObject({ ...base, credentials: undefined, provider: () => { throw new Error('secret-key-value'); }, key: 'k', body: blob,
    unsignedPayload: true }), 'CredentialsProviderError');
  assert.equal(seen.length, 0);
});

test('S3 errors: XML bodies give the AWS name, message and request id; body-less HEAD replies are named from the status', async () => {
  queue(xmlError(404, 'NoSuchKey', 'The specified key does not exist.'));
  let e = await rejects(lib.getObject({ ...base, key: 'k' }), 'NoSuchKey');
  assert.equal(e.message, 'The specified key does not exist. (request id: REQ1)');
  assert.equal(e.retryable, false);
  queue(xmlError(403, 'AccessDenied', 'Access Denied'));
  e = await rejects(lib.putObject({ ...base, key: 'k', body: 'BODY-SECRET' }), 'AccessDenied');
  assert.equal(seen.length, 1, 'AccessDenied is not retried');
  queue(reply(404, null, { 'x-amz-request-id': 'R2' }));
  e = await rejects(lib.headObject({ ...base, key: 'k' }), 'NotFound');
  assert.equal(e.message, 'S3 replied with HTTP 404 and no error details (request id: R2)');
  queue(reply(403, null));
  await rejects(lib.headObject({ ...base, key: 'k' }), 'AccessDenied');
  queue(reply(301, '<Error><Code>PermanentRedirect</Code><Message>m</Message><Region>us-east-2</Region></Error>'));
  e = await rejects(lib.deleteObject({ ...base, key: 'k' }), 'PermanentRedirect');
  assert.equal(e.message, 'm (bucket region: us-east-2)');
});

test('retries: 5xx, SlowDown and network failures are retried (4 attempts in all), then the last error; a skew refusal once at once', async () => {
  queue(xmlError(503, 'SlowDown', 'Please reduce your request rate.'), reply(200, '', { etag: '"x"' }));
  assert.deepEqual(await lib.putObject({ ...base, key: 'k', body: 'b' }), { etag: '"x"' });
  assert.equal(seen.length, 2);
  assert.equal(await bodyText(seen[1].body), 'b', 'the same body again');
  queue(reply(500), reply(500), reply(500), reply(500), reply(200));
  const e = await rejects(lib.deleteObject({ ...base, key: 'k' }), 'InternalError');
  assert.equal(e.retryable, true);
  assert.equal(seen.length, 4);
  queue(new CognitoError('NetworkError', 'failed to fetch', true), new CognitoError('TimeoutError', 'timed out', true), reply(204));
  await lib.deleteObject({ ...base, key: 'k' });
  assert.equal(seen.length, 3);
  queue(xmlError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.'), reply(204));
  await lib.deleteObject({ ...base, key: 'k' });
  assert.equal(seen.length, 2);
  // A Blob sent UNSIGNED-PAYLOAD bypasses awsFetch (and the page's clock offset it
  // learns): the refusal's Date signs the retry.
  const serverNow = Date.now() + 2 * 3600_000;
  queue(reply(403, '<Error><Code>RequestTimeTooSkewed</Code><Message>m</Message></Error>', { date: new Date(serverNow).toUTCString() }), reply(200));
  await lib.putObject({ ...base, key: 'k', body: new Blob(['b']), unsignedPayload: true });
  assert.equal(seen.length, 2);
  assert.equal(signed[0].options.signingDate, undefined);
  assert.ok(Math.abs(signed[1].options.signingDate - serverNow) < 5000, String(signed[1].options.signingDate));
  queue(new CognitoError('InvalidParameterException', 'bad credentials', false), reply(204));
  await rejects(lib.deleteObject({ ...base, key: 'k' }), 'InvalidParameterException');
  assert.equal(seen.length, 1);
});

test('deleteObjects: the XML body (escaped keys, quiet), its SHA-256 checksum header, and per-key errors in the result', async () => {
  queue(reply(200, `<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Deleted><Key>a&amp;b</Key></Deleted>
<Error><Key>c&lt;d</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>`));
  const r = await lib.deleteObjects({ ...base, keys: ['a&b', 'c<d'], quiet: false });
  assert.deepEqual(r, { deleted: ['a&b'], errors: [{ key: 'c<d', code: 'AccessDenied', message: 'Access Denied' }] });
  const [q] = seen;
  assert.equal(q.method, 'POST');
  assert.equal(q.url, `${where}?delete`);
  const xml = await bodyText(q.body);
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    + '<Object><Key>a&amp;b</Key></Object><Object><Key>c&lt;d</Key></Object></Delete>');
  assert.equal(q.headers['x-amz-checksum-sha256'], createHash('sha256').update(xml).digest('base64'));
  assert.equal(q.headers['content-type'], 'application/xml');
  queue(reply(200, '<DeleteResult/>'));
  await lib.deleteObjects({ credentials, region: 'eu-west-1', bucket: 'my-bucket', keys: ['k'], quiet: true });
  assert.equal(seen[0].url, 'https://my-bucket.s3.eu-west-1.amazonaws.com/?delete');
  assert.match(await bodyText(seen[0].body), /<Quiet>true<\/Quiet><\/Delete>$/);
});

test('copyObject: the copy source, REPLACE with new attributes, and a 200 reply with an error body', async () => {
  queue(reply(200, '<CopyObjectResult><LastModified>2024-01-02T03:04:05.000Z</LastModified><ETag>"c1"</ETag></CopyObjectResult>'));
  const r = await lib.copyObject({ ...base, key: 'to', sourceKey: 'from dir/ä', contentType: 'image/png' });
  assert.deepEqual(r, { etag: '"c1"', lastModified: new Date('2024-01-02T03:04:05Z') });
  assert.deepEqual(seen[0].headers, {
    'content-type': 'image/png', 'x-amz-metadata-directive': 'REPLACE', 'x-amz-copy-source': '/my-bucket/from%20dir/%C3%A4',
  });
  queue(reply(200, '<CopyObjectResult><ETag>"c2"</ETag></CopyObjectResult>'));
  await lib.copyObject({ ...base, key: 'to', sourceKey: 'from', sourceBucket: 'other' });
  assert.deepEqual(seen[0].headers, { 'x-amz-copy-source': '/other/from' });
  queue(reply(200, '<?xml version="1.0"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>'));
  const e = await rejects(lib.copyObject({ ...base, key: 'to', sourceKey: 'from' }), 'InternalError');
  assert.equal(e.message, 'We encountered an internal error.');
  queue(reply(200, 'not xml'));
  await rejects(lib.copyObject({ ...base, key: 'to', sourceKey: 'from' }), 'InvalidResponse');
});

test('a 200 reply cut off while its XML is read, or handed over short of its Content-Length, is a NetworkError', async () => {
  queue(new Response(new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode('<CopyObjectResult>'));
      c.error(new TypeError('terminated'));
    },
  }), { status: 200 }));
  const e = await rejects(lib.copyObject({ ...base, key: 'to', sourceKey: 'from' }), 'NetworkError');
  assert.equal(e.retryable, true);
  // WebKit hands such a body over as complete: shorter than its Content-Length and not XML.
  queue(reply(200, '<CopyObjectResult><ETag>', { 'content-length': '90' }));
  assert.equal((await rejects(lib.copyObject({ ...base, key: 'to', sourceKey: 'from' }), 'NetworkError')).retryable, true);
  queue(reply(200, '<CopyObjectResult><ETag>', { 'content-length': '24' }));
  await rejects(lib.copyObject({ ...base, key: 'to', sourceKey: 'from' }), 'InvalidResponse');
});

test('wrong input rejects with InvalidParameterException before any request', async () => {
  const bad = [
    () => lib.getObject(null),
    () => lib.getObject({ ...base, key: '' }),
    () => lib.getObject({ ...base, key: 'a/../b' }),
    () => lib.getObject({ ...base, key: 'x'.repeat(1025) }),
    () => lib.getObject({ ...base, key: 'k', bucket: 'bad/bucket' }),
    () => lib.getObject({ ...base, key: 'k', region: 'EU' }),
    () => lib.getObject({ ...base, key: 'k', range: 'first 10 bytes' }),
    () => lib.getObject({ ...base, key: 'k', credentials: undefined }),
    () => lib.getObject({ ...base, key: 'k', endpoint: 'http://h/?q=1' }),
    () => lib.getObject({ ...base, key: 'k', signal: 'stop' }),
    () => lib.getObject({ ...base, key: 'k', timeoutMs: -1 }),
    () => lib.getObject({ ...base, key: '\ud800' }),
    () => lib.putObject({ ...base, key: 'k' }),
    () => lib.putObject({ ...base, key: 'k', body: 42 }),
    () => lib.putObject({ ...base, key: 'k', body: 'BODY-SECRET', metadata: { 'bad name': 'v' } }),
    () => lib.putObject({ ...base, key: 'k', body: 'b', metadata: { a: 'v', A: 'w' } }),
    () => lib.putObject({ ...base, key: 'k', body: 'b', metadata: { a: 'ü' } }),
    () => lib.putObject({ ...base, key: 'k', body: 'b', metadata: { a: 'x'.repeat(2048) } }),
    () => lib.putObject({ ...base, key: 'k', body: 'b', contentType: 'text/\n' }),
    () => lib.putObject({ ...base, key: 'k', body: 'b', onProgress: 'yes' }),
    () => lib.deleteObjects({ ...base, keys: [] }),
    () => lib.deleteObjects({ ...base, keys: Array(1001).fill('k') }),
    () => lib.deleteObjects({ ...base, keys: ['ok', 7] }),
    () => lib.deleteObjects({ ...base, keys: ['a\rb'] }),
    () => lib.copyObject({ ...base, key: 'k' }),
    () => lib.copyObject({ ...base, key: 'k', sourceKey: 's', sourceBucket: '-x' }),
  ];
  for (const call of bad) {
    script(() => assert.fail('a request was sent'));
    await rejects(Promise.resolve().then(call), 'InvalidParameterException');
    assert.equal(seen.length, 0);
  }
});

test('presignPutObject: signRequest with PUT, the content type signed, expiresIn; a provider or wrong input refused', () => {
  script(() => assert.fail('no request'));
  const url = lib.presignPutObject({ ...base, key: 'up/a b', contentType: 'text/plain', expiresIn: 60 });
  assert.equal(url, `${where}/up/a%20b?X-Amz-Signature=abc`);
  assert.deepEqual(signed, [{
    request: { method: 'PUT', url: `${where}/up/a%20b`, headers: { 'content-type': 'text/plain' } },
    options: { credentials, region: 'eu-west-1', service: 's3', presign: { expiresIn: 60 } },
  }]);
  lib.presignPutObject({ ...base, key: 'k' });
  assert.deepEqual(signed[1].options.presign, { expiresIn: 900 });
  for (const options of [{ ...base, key: 'k', credentials: undefined, provider: () => credentials },
    { ...base, key: 'k', expiresIn: 0 }, { ...base, key: 'k', expiresIn: 604801 }, { ...base, key: '' }]) {
    assert.throws(() => lib.presignPutObject(options), (e) => e instanceof CognitoError && e.name === 'InvalidParameterException');
  }
  assert.equal(signed.length, 2);
});

test('planParts: 8 MiB parts, the last shorter; larger parts past 10,000; an empty body is one part', () => {
  assert.deepEqual(lib.planParts(20 * MiB), [
    { number: 1, start: 0, end: 8 * MiB }, { number: 2, start: 8 * MiB, end: 16 * MiB }, { number: 3, start: 16 * MiB, end: 20 * MiB }]);
  assert.equal(lib.planParts(16 * MiB).length, 2);
  const big = lib.planParts(100_000 * MiB);
  assert.equal(big.length, 10_000);
  assert.equal(big.at(-1).end, 100_000 * MiB);
  assert.deepEqual(lib.planParts(0), [{ number: 1, start: 0, end: 0 }]);
  assert.throws(() => lib.planParts(6 * 1024 ** 4), /5 TiB/);
});

/** A multipart server: create, parts (ETag "p<n>"), complete, abort; `fail(n, attempt)` may answer a part instead. */
function multipartServer({ fail = () => undefined, hold } = {}) {
  const state = { inFlight: 0, maxInFlight: 0, attempts: {}, parts: [] };
  script(async (q) => {
    const url = new URL(q.url);
    if (q.method === 'POST' && url.search === '?uploads') return reply(200, '<InitiateMultipartUploadResult><UploadId>u+1/=</UploadId></InitiateMultipartUploadResult>');
    if (q.method === 'PUT' && url.searchParams.has('partNumber')) {
      const n = Number(url.searchParams.get('partNumber'));
      assert.equal(url.searchParams.get('uploadId'), 'u+1/=');
      assert.match(q.url, /uploadId=u%2B1%2F%3D$/);
      state.attempts[n] = (state.attempts[n] ?? 0) + 1;
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        await (hold ? hold(n) : new Promise((r) => setTimeout(r, 5)));
        const failed = fail(n, state.attempts[n]);
        if (failed) return failed;
        state.parts.push({ n, size: q.body.size ?? q.body.byteLength, headers: q.headers });
        return reply(200, '', { etag: `"p${n}"` });
      } finally {
        state.inFlight--;
      }
    }
    if (q.method === 'POST' && url.searchParams.has('uploadId')) {
      state.completed = await bodyText(q.body);
      return reply(200, '<CompleteMultipartUploadResult><ETag>"whole-3"</ETag></CompleteMultipartUploadResult>');
    }
    if (q.method === 'DELETE' && url.searchParams.has('uploadId')) {
      state.aborted = { signal: q.options.signal };
      return reply(204);
    }
    throw new Error(`unexpected ${q.method} ${q.url}`);
  });
  return state;
}

test('multipart: a 40 MiB Blob goes up in five 8 MiB slices, at most 4 in flight, progress to 100 %, parts completed in order', async () => {
  const state = multipartServer();
  const blob = new Blob([new Uint8Array(40 * MiB)]);
  const progress = [];
  const r = await lib.putObject({ ...base, key: 'big', body: blob, contentType: 'video/mp4', onProgress: (p) => progress.push(p) });
  assert.deepEqual(r, { etag: '"whole-3"' });
  assert.deepEqual(seen[0].headers, { 'content-type': 'video/mp4' });
  assert.equal(state.parts.length, 5);
  assert.ok(state.parts.every((p) => p.size === 8 * MiB));
  assert.ok(seen.filter((q) => q.method === 'PUT').every((q) => q.body instanceof Blob), 'parts are Blob slices');
  assert.equal(state.maxInFlight, 4);
  assert.deepEqual(progress.map((p) => p.loaded), [8, 16, 24, 32, 40].map((m) => m * MiB));
  assert.ok(progress.every((p) => p.total === 40 * MiB));
  assert.equal(state.completed, '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    + [1, 2, 3, 4, 5].map((n) => `<Part><PartNumber>${n}</PartNumber><ETag>&quot;p${n}&quot;</ETag></Part>`).join('')
    + '</CompleteMultipartUpload>');
  assert.equal(state.aborted, undefined);
});

test('multipart: typed-array bodies are sliced too; unsignedPayload marks every part', async () => {
  const state = multipartServer();
  const bytes = new Uint8Array(17 * MiB + 3);
  await lib.putObject({ ...base, key: 'big', body: bytes, unsignedPayload: true });
  assert.deepEqual(state.parts.map((p) => p.size).sort((a, b) => a - b), [MiB + 3, 8 * MiB, 8 * MiB]);
  assert.ok(state.parts.every((p) => p.headers['x-amz-content-sha256'] === 'UNSIGNED-PAYLOAD'));
});

test('multipart: Blob parts signed UNSIGNED-PAYLOAD go to fetch as slices, not through awsFetch', async () => {
  const state = multipartServer();
  await lib.putObject({ ...base, key: 'big', body: new Blob([new Uint8Array(20 * MiB)]), unsignedPayload: true });
  const parts = seen.filter((q) => q.method === 'PUT');
  assert.equal(parts.length, 3);
  assert.ok(parts.every((q) => q.options.direct && q.body instanceof Blob && q.headers['x-amz-content-sha256'] === 'UNSIGNED-PAYLOAD'));
  assert.ok(seen.filter((q) => q.method !== 'PUT').every((q) => !q.options.direct), 'the other calls through awsFetch');
  assert.equal(state.parts.length, 3);
});

test('multipart: a part failing with 500 is retried by its one retry loop; a part denied stops the upload and aborts it', async () => {
  let state = multipartServer({ fail: (n, attempt) => (n === 2 && attempt === 1 ? reply(500) : undefined) });
  await lib.putObject({ ...base, key: 'big', body: new Blob([new Uint8Array(20 * MiB)]) });
  assert.deepEqual(state.attempts, { 1: 1, 2: 2, 3: 1 });
  assert.equal(state.aborted, undefined);

  state = multipartServer({ fail: (n) => (n === 3 ? reply(500) : undefined) });
  await rejects(lib.putObject({ ...base, key: 'big', body: new Blob([new Uint8Array(20 * MiB)]) }), 'InternalError');
  assert.equal(state.attempts[3], 4, 'four attempts of the part, no more');
  assert.ok(state.aborted, 'AbortMultipartUpload sent');
  assert.equal(state.completed, undefined);

  state = multipartServer({ fail: (n) => (n === 1 ? xmlError(403, 'AccessDenied', 'Access Denied') : undefined) });
  const progress = [];
  await rejects(lib.putObject({ ...base, key: 'big', body: new Blob([new Uint8Array(40 * MiB)]), onProgress: (p) => progress.push(p) }), 'AccessDenied');
  assert.equal(state.attempts[1], 1);
  assert.ok(state.aborted);
  assert.ok(Object.keys(state.attempts).length < 5 || progress.length < 5, 'no new part after the failure');
});

test('multipart: the signal aborts the parts in flight, AbortMultipartUpload is sent without it, the call rejects with AbortError', async () => {
  const controller = new AbortController();
  const state = multipartServer({ hold: (n) => (n === 1 ? new Promise((r) => setTimeout(r, 5)) : new Promise(() => {})) });
  const progress = [];
  const pending = lib.putObject({ ...base, key: 'big', body: new Blob([new Uint8Array(40 * MiB)]), signal: controller.signal,
    onProgress: (p) => { progress.push(p); controller.abort(); } });
  await rejects(pending, 'AbortError');
  assert.deepEqual(progress, [{ loaded: 8 * MiB, total: 40 * MiB }]);
  assert.deepEqual(state.aborted, { signal: undefined });
  assert.equal(state.completed, undefined);
  assert.ok(seen.filter((q) => q.method === 'PUT').length <= 5);
});

test('multipart: a CompleteMultipartUpload answered 200 with an error body rejects with that error and aborts', async () => {
  const state = multipartServer();
  const inner = handler;
  handler = (q) => (q.method === 'POST' && q.url.includes('uploadId=')
    ? reply(200, '<Error><Code>InvalidPart</Code><Message>One or more of the specified parts could not be found.</Message></Error>')
    : inner(q));
  await rejects(lib.putObject({ ...base, key: 'big', body: new Uint8Array(16 * MiB) }), 'InvalidPart');
  assert.ok(state.aborted);
});
