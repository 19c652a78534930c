// awsJson and the dynamodb namespace (crate/js/aws_json.js) in Node over a scripted
// awsFetch: the request each call sends, the error mapping, the retries (which errors,
// how many attempts, the backoff's bounds), `signal` during a wait, the paging of
// queryAll and the UnprocessedKeys rounds of batchGetItem. The module is copied beside a
// stand-in for aws_fetch.js (its one import, `awsFetch`, tested in aws-fetch-unit.test.mjs),
// as the package's entry bundles it beside the real one.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './harness.mjs';

let lib;
let CognitoError;
/** The scripted replies (a Response, or an Error to reject with) and the requests seen. */
let replies;
let seen;

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-key-value', sessionToken: 'secret-token' };
const base = { credentials, region: 'eu-west-1' };

before(async () => {
  const dir = join(root, 'target', 'e2e-npm', 'aws-json-unit');
  await mkdir(dir, { recursive: true });
  for (const f of ['aws_json.js', 'dynamodb_values.js', 'host.js']) {
    await copyFile(join(root, 'crate', 'js', f), join(dir, f));
  }
  await writeFile(join(dir, 'aws_fetch.js'), 'export const awsFetch = (...args) => globalThis.scriptedAwsFetch(...args);\n');
  globalThis.scriptedAwsFetch = async (url, init, options) => {
    seen.push({ url, init, options, at: Date.now() });
    let next = replies.shift();
    if (next === undefined) throw new Error('no scripted reply left');
    if (typeof next === 'function') next = next();
    if (next instanceof Error) throw next;
    return next;
  };
  lib = await import(pathToFileURL(join(dir, 'aws_json.js')).href);
  CognitoError = (await import(pathToFileURL(join(dir, 'host.js')).href)).CognitoError;
});

const json = (status, body, headers = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
const script = (...list) => {
  replies = list;
  seen = [];
};
const rejects = async (promise, name) => {
  const e = await promise.then(() => assert.fail('resolved'), (x) => x);
  assert.ok(e instanceof CognitoError, String(e));
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  for (const secret of ['secret-key-value', 'secret-token', 'secret-item-value']) assert.ok(!e.message.includes(secret));
  return e;
};

test('a dynamodb call: the signed POST it asks awsFetch for, and the plain result', async () => {
  script(json(200, { Item: { id: { S: 'a' }, n: { N: '1.5' } }, ConsumedCapacity: { CapacityUnits: 0.5 } }));
  const r = await lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' }, consistentRead: true });
  assert.deepEqual(r, { item: { id: 'a', n: 1.5 }, consumedCapacity: { CapacityUnits: 0.5 } });
  assert.equal(seen.length, 1);
  const { url, init, options } = seen[0];
  assert.equal(url, 'https://dynamodb.eu-west-1.amazonaws.com/');
  assert.equal(init.method, 'POST');
  assert.deepEqual(init.headers, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' });
  assert.deepEqual(JSON.parse(init.body), { TableName: 't', Key: { id: { S: 'a' } }, ConsistentRead: true });
  assert.deepEqual(options, { credentials, region: 'eu-west-1', service: 'dynamodb' });

  const provider = () => credentials;
  const signal = new AbortController().signal;
  script(json(200, ''));
  assert.deepEqual(await lib.awsJson({ provider, region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', signal, timeoutMs: 500,
    service: 'kinesis', target: 'Kinesis_20131202.ListStreams', body: { Limit: 1 } }), {});
  assert.equal(seen[0].url, 'http://127.0.0.1:4566');
  assert.equal(seen[0].init.headers['content-type'], 'application/x-amz-json-1.1');
  assert.equal(seen[0].init.body, '{"Limit":1}');
  assert.deepEqual(seen[0].options, { provider, region: 'us-east-1', service: 'kinesis', signal, timeoutMs: 500 });
});

test('errors: the name after `#` (or from x-amzn-ErrorType), the message, retryable for throttling and 5xx', async () => {
  script(json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' }));
  let e = await rejects(lib.dynamodb.putItem({ ...base, tableName: 't', item: { id: 'secret-item-value' } }), 'ConditionalCheckFailedException');
  assert.deepEqual([e.message, e.retryable, seen.length], ['The conditional request failed', false, 1]);
  script(json(400, { Message: 'denied' }, { 'x-amzn-ErrorType': 'AccessDeniedException:http://internal.amazon.com/coral/' }));
  e = await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } }), 'AccessDeniedException');
  assert.deepEqual([e.message, e.retryable], ['denied', false]);
  script(json(200, 'not json'));
  await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } }), 'InvalidResponse');
  script(json(200, { Item: { id: { Q: 'x' } } }));
  await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } }), 'InvalidResponse');
});

test('throttling, 5xx and network failures are retried (4 attempts, full-jitter backoff under 100, 200, 400 ms); others are not', async () => {
  for (const [reply, name] of [
    [() => json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' }), 'ProvisionedThroughputExceededException'],
    [() => json(400, { __type: 'ThrottlingException' }), 'ThrottlingException'],
    [() => json(400, { __type: 'RequestLimitExceeded' }), 'RequestLimitExceeded'],
    [() => json(500, { __type: 'InternalServerError' }), 'InternalServerError'],
    [() => json(503, ''), 'InternalErrorException'],
    [() => new CognitoError('NetworkError', 'offline', true), 'NetworkError'],
  ]) {
    script(reply(), reply(), json(200, { Attributes: { id: { S: 'a' } } }));
    assert.deepEqual(await lib.dynamodb.updateItem({ ...base, tableName: 't', key: { id: 'a' } }), { attributes: { id: 'a' } }, name);
    assert.equal(seen.length, 3, name);
    script(reply(), reply(), reply(), reply(), reply());
    const e = await rejects(lib.dynamodb.deleteItem({ ...base, tableName: 't', key: { id: 'a' } }), name);
    assert.equal(e.retryable, true);
    assert.equal(seen.length, 4, `${name}: attempts`);
    const waits = seen.slice(1).map((s, i) => s.at - seen[i].at);
    waits.forEach((w, i) => assert.ok(w <= 100 * 2 ** i + 50, `${name}: wait ${i} was ${w} ms`));
  }
  for (const reply of [json(400, { __type: 'ValidationException' }), new CognitoError('AbortError', 'the call was aborted', false)]) {
    script(reply);
    await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } }), reply instanceof Error ? 'AbortError' : 'ValidationException');
    assert.equal(seen.length, 1);
  }
  // The backoff: a random wait from 0 up to a doubling ceiling, capped at 2 s.
  for (let attempt = 0; attempt < 8; attempt++) {
    const ceiling = Math.min(2000, 100 * 2 ** attempt);
    const ms = Array.from({ length: 200 }, () => lib.backoffMs(attempt));
    assert.ok(ms.every((m) => m >= 0 && m <= ceiling), `attempt ${attempt}`);
    assert.ok(Math.min(...ms) < ceiling / 4 && Math.max(...ms) > (ceiling * 3) / 4, `attempt ${attempt}: full jitter`);
  }
});

test('a refusal of the request time is sent again once, at once; a second one or another signature error is not', async () => {
  const skew = () => json(400, { __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'Signature expired: 20240101T000000Z is now earlier than 20240101T001500Z' });
  script(skew(), json(200, { Item: { id: { S: 'a' } } }));
  assert.deepEqual((await lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } })).item, { id: 'a' });
  assert.equal(seen.length, 2);
  assert.ok(seen[1].at - seen[0].at < 50, 'sent again at once');
  script(skew(), skew());
  await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } }), 'InvalidSignatureException');
  assert.equal(seen.length, 2);
  script(json(400, { __type: 'InvalidSignatureException', message: 'The request signature we calculated does not match' }));
  await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } }), 'InvalidSignatureException');
  assert.equal(seen.length, 1);
});

test('a reply cut off while its body is read is a NetworkError, retried like one', async () => {
  const cut = () => new Response(new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode('{"Item":'));
      c.error(new TypeError('terminated'));
    },
  }), { status: 200 });
  script(cut(), json(200, { Item: { id: { S: 'a' } } }));
  const r = await lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } });
  assert.deepEqual(r.item, { id: 'a' });
  assert.equal(seen.length, 2);
  script(cut(), cut(), cut(), cut());
  const e = await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' } }), 'NetworkError');
  assert.equal(e.retryable, true);
  assert.equal(seen.length, 4);  // WebKit hands a body cut off on the way over as complete: shorter than its
  // Content-Length and not JSON, it is retried the same way; not JSON at full length is not.
  script(json(200, '{"Item":', { 'content-length': '40' }), json(200, { Item: { id: { S: 'b' } } }));
  assert.deepEqual((await lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'b' } })).item, { id: 'b' });
  assert.equal(seen.length, 2);
  script(json(200, '{"Item":', { 'content-length': '8' }), json(200, {}));
  assert.equal((await rejects(lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'b' } }), 'InvalidResponse')).retryable, false);
  assert.equal(seen.length, 1);
});

test('an abort during the wait between retries ends the call at once with AbortError', async () => {
  const throttled = () => json(400, { __type: 'ThrottlingException' });
  const controller = new AbortController();
  // The abort comes during the first wait (its ceiling is 100 ms, the second's 200).
  script(throttled(), () => {
    throw new Error('asked again after the abort');
  });
  const started = Date.now();
  const call = lib.dynamodb.getItem({ ...base, tableName: 't', key: { id: 'a' }, signal: controller.signal });
  while (seen.length === 0) await new Promise((ok) => setTimeout(ok, 0));
  controller.abort();
  await rejects(call, 'AbortError');
  assert.ok(Date.now() - started < 100);
  assert.equal(seen.length, 1);
  script();
  await rejects(lib.awsJson({ ...base, service: 'dynamodb', target: 'X', signal: AbortSignal.abort() }), 'AbortError');
  assert.equal(seen.length, 0);
});

test('wrong input is InvalidParameterException before any request', async () => {
  script();
  const bad = [
    () => lib.dynamodb.getItem(),
    () => lib.dynamodb.getItem('t'),
    () => lib.dynamodb.getItem({ tableName: 't', key: { id: 'a' }, region: 'eu-west-1' }),
    () => lib.dynamodb.getItem({ ...base, region: undefined, tableName: 't' }),
    () => lib.dynamodb.getItem({ ...base, region: 'eu-west-1/../x', tableName: 't' }),
    () => lib.dynamodb.getItem({ ...base, endpoint: 42, tableName: 't' }),
    () => lib.dynamodb.getItem({ ...base, signal: 'stop', tableName: 't' }),
    () => lib.dynamodb.putItem({ ...base, tableName: 't', item: { id: new Set() } }),
    () => lib.dynamodb.putItem({ ...base, tableName: 't', item: { id: new Map([['k', 'secret-item-value']]) } }),
    () => lib.dynamodb.query({ ...base, tableName: 't', exclusiveStartKey: ['secret-item-value'] }),
    () => lib.dynamodb.batchGetItem({ ...base, requestItems: { t: { keys: 'secret-item-value' } } }),
    () => lib.awsJson({ ...base, target: 'X' }),
    () => lib.awsJson({ ...base, service: 'dynamodb' }),
    () => lib.awsJson({ ...base, service: 'dynamodb', target: 'X', body: { n: 1n } }),
    () => lib.awsJson({ ...base, service: 'dynamo db', target: 'X' }),
    () => lib.awsJson({ ...base, service: 'dynamodb', target: 'X', contentType: 5 }),
  ];
  for (const [i, f] of bad.entries()) {
    const e = await rejects(f(), 'InvalidParameterException');
    assert.equal(e.retryable, false, `case ${i}`);
  }
  assert.equal(seen.length, 0);
});

test('queryAll follows LastEvaluatedKey to the last page; a repeated key is InvalidResponse', async () => {
  const page = (ids, last) => json(200, {
    Items: ids.map((id) => ({ pk: { S: 'me' }, sk: { N: String(id) } })), Count: ids.length, ScannedCount: ids.length + 1,
    ...(last === undefined ? {} : { LastEvaluatedKey: { pk: { S: 'me' }, sk: { N: String(last) } } }),
  });
  script(page([1, 2], 2), page([3, 4], 4), page([5], undefined));
  const r = await lib.dynamodb.queryAll({ ...base, tableName: 't', keyConditionExpression: 'pk = :p',
    expressionAttributeValues: { ':p': 'me' }, limit: 2 });
  assert.deepEqual(r, { items: [1, 2, 3, 4, 5].map((sk) => ({ pk: 'me', sk })), count: 5, scannedCount: 8 });
  const bodies = seen.map((s) => JSON.parse(s.init.body));
  assert.deepEqual(bodies.map((b) => b.ExclusiveStartKey), [undefined, { pk: { S: 'me' }, sk: { N: '2' } }, { pk: { S: 'me' }, sk: { N: '4' } }]);
  assert.ok(bodies.every((b) => b.Limit === 2 && b.KeyConditionExpression === 'pk = :p'));

  script(page([1], 1), page([1], 1));
  await rejects(lib.dynamodb.queryAll({ ...base, tableName: 't' }), 'InvalidResponse');
  // One page: what DynamoDB said, with the key to go on from.
  script(page([1, 2], 2));
  assert.deepEqual(await lib.dynamodb.query({ ...base, tableName: 't' }), {
    items: [{ pk: 'me', sk: 1 }, { pk: 'me', sk: 2 }], count: 2, scannedCount: 3, lastEvaluatedKey: { pk: 'me', sk: 2 },
  });
});

test('batchGetItem asks again for UnprocessedKeys and merges the responses; what is left after 8 rounds is returned', async () => {
  const key = (id) => ({ id: { S: id } });
  script(
    json(200, { Responses: { a: [key('1')] }, UnprocessedKeys: { a: { Keys: [key('2'), key('3')], ConsistentRead: true } } }),
    json(200, { Responses: { a: [key('2')], b: [key('x')] }, UnprocessedKeys: { a: { Keys: [key('3')], ConsistentRead: true } } }),
    json(200, { Responses: { a: [key('3')] }, UnprocessedKeys: {} }),
  );
  const r = await lib.dynamodb.batchGetItem({ ...base, requestItems: { a: { keys: [{ id: '1' }, { id: '2' }, { id: '3' }], consistentRead: true }, b: { keys: [{ id: 'x' }] } } });
  assert.deepEqual(r, { responses: { a: [{ id: '1' }, { id: '2' }, { id: '3' }], b: [{ id: 'x' }] } });
  assert.deepEqual(JSON.parse(seen[0].init.body), { RequestItems: {
    a: { Keys: [key('1'), key('2'), key('3')], ConsistentRead: true }, b: { Keys: [key('x')] } } });
  assert.deepEqual(JSON.parse(seen[2].init.body), { RequestItems: { a: { Keys: [key('3')], ConsistentRead: true } } });

  const stuck = () => json(200, { Responses: {}, UnprocessedKeys: { a: { Keys: [key('9')] } } });
  script(...Array.from({ length: 8 }, stuck));
  assert.deepEqual(await lib.dynamodb.batchGetItem({ ...base, requestItems: { a: { keys: [{ id: '9' }] } } }),
    { responses: {}, unprocessedKeys: { a: { keys: [{ id: '9' }] } } });
  assert.equal(seen.length, 8);
});
