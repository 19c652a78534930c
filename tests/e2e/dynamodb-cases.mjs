// The DynamoDB cases run in every engine (dynamodb.test.mjs in Chromium,
// webdriver-dynamodb.mjs in Firefox ESR and WebKitGTK) against dynamodb-site.mjs's page:
// each takes the stack's info, the page's call assertions (`ok`, `rejected`, as
// package-page.mjs's pageCalls makes them) and `identityId()`, the page's identity id.
import assert from 'node:assert/strict';
import { stackRequests } from './harness.mjs';

/** The signed-in user puts, gets, updates, queries (paged), batch-gets and deletes their own row. */
export async function ownRow({ info, ok, identityId }) {
  const me = info.identityIds.demo;
  assert.equal(await identityId(), me);
  const table = { tableName: info.table };
  const key = { [info.tablePartitionKey]: me };
  const seeded = (await ok('user', 'getItem', { ...table, key, consistentRead: true })).item;
  assert.equal(seeded.identityId, me);
  assert.equal(seeded.displayName, 'Demo User');

  const item = {
    ...key, displayName: 'Demo User', city: 'Dublin', big: '$big', pi: 3.25, fraction: '0.1', bin: '$bin',
    tags: '$tags', scores: '$scores', nested: { list: [1, 'x', null, true] }, skipped: '$nothing',
  };
  assert.deepEqual(await ok('user', 'putItem', { ...table, item }), {});
  const got = (await ok('user', 'getItem', { ...table, key, consistentRead: true })).item;
  assert.deepEqual(got, {
    ...key, displayName: 'Demo User', city: 'Dublin', big: { bigint: '123456789012345678901234567890' }, pi: 3.25,
    fraction: '0.1', bin: { bytes: [0, 1, 255] }, tags: { set: ['a', 'b'] }, scores: { set: [1, 2.5] },
    nested: { list: [1, 'x', null, true] },
  });

  const updated = await ok('user', 'updateItem', {
    ...table, key, updateExpression: 'SET city = :c', expressionAttributeValues: { ':c': 'Cork' }, returnValues: 'ALL_NEW',
  });
  assert.equal(updated.attributes.city, 'Cork');

  // Query: one page, then every page (limit 1: the page size). The table keys a row by
  // identity id alone, so the user's query holds one row; the paging over many pages is
  // in aws-json.test.mjs.
  const query = {
    ...table, keyConditionExpression: '#k = :id', expressionAttributeNames: { '#k': info.tablePartitionKey },
    expressionAttributeValues: { ':id': me },
  };
  const first = await ok('user', 'query', { ...query, limit: 1 });
  assert.equal(first.count, 1);
  assert.equal(first.items[0].city, 'Cork');
  const pages = first.lastEvaluatedKey ? 2 : 1;
  if (first.lastEvaluatedKey) {
    assert.deepEqual(first.lastEvaluatedKey, key);
    const next = await ok('user', 'query', { ...query, limit: 1, exclusiveStartKey: first.lastEvaluatedKey });
    assert.deepEqual([next.count, next.items, next.lastEvaluatedKey], [0, [], undefined]);
  }
  await stackRequests(info, true);
  const all = await ok('user', 'queryAll', { ...query, limit: 1 });
  assert.deepEqual([all.count, all.items.map((i) => i.city), all.lastEvaluatedKey], [1, ['Cork'], undefined]);
  assert.equal((await stackRequests(info)).counts['DynamoDB_20120810.Query'], pages);

  const batch = await ok('user', 'batchGetItem', { requestItems: { [info.table]: { keys: [key], consistentRead: true } } });
  assert.deepEqual(batch.responses[info.table].map((r) => r.city), ['Cork']);
  assert.equal('unprocessedKeys' in batch, false);

  const deleted = await ok('user', 'deleteItem', { ...table, key, returnValues: 'ALL_OLD' });
  assert.equal(deleted.attributes.city, 'Cork');
  assert.deepEqual(await ok('user', 'getItem', { ...table, key, consistentRead: true }), {});

  // The seeded row back, as the other tests and the demo expect it.
  await ok('user', 'putItem', { ...table, item: seeded });
  assert.deepEqual((await ok('user', 'getItem', { ...table, key, consistentRead: true })).item, seeded);
}

/** A failed condition rejects with ConditionalCheckFailedException, not retried. */
export async function failedCondition({ info, rejected }) {
  await stackRequests(info, true);
  const error = await rejected('user', 'putItem', {
    tableName: info.table, item: { [info.tablePartitionKey]: info.identityIds.demo, displayName: 'Demo User' },
    conditionExpression: 'attribute_not_exists(identityId)',
  }, 'ConditionalCheckFailedException');
  assert.equal(error.retryable, false);
  assert.equal((await stackRequests(info)).counts['DynamoDB_20120810.PutItem'], 1);
}

/** The user is denied the other user's row (AccessDeniedException), and the admin flag on their own. */
export async function otherUsersRow({ info, rejected }) {
  const table = { tableName: info.table };
  const other = { [info.tablePartitionKey]: info.identityIds.other };
  await rejected('user', 'getItem', { ...table, key: other }, 'AccessDeniedException');
  await rejected('user', 'updateItem', {
    ...table, key: other, updateExpression: 'SET city = :c', expressionAttributeValues: { ':c': 'Cork' },
  }, 'AccessDeniedException');
  await rejected('user', 'putItem', { ...table, item: { ...other, displayName: 'mine now' } }, 'AccessDeniedException');
  await rejected('user', 'deleteItem', { ...table, key: other }, 'AccessDeniedException');
  await rejected('user', 'batchGetItem', { requestItems: { [info.table]: { keys: [other] } } }, 'AccessDeniedException');
  await rejected('user', 'putItem', {
    ...table, item: { [info.tablePartitionKey]: info.identityIds.demo, isAdmin: true },
  }, 'AccessDeniedException');
}

/** Guests cannot write. */
export async function guestWrites({ info, rejected }) {
  const table = { tableName: info.table };
  for (const key of [info.identityIds.demo, info.identityIds.other]) {
    await rejected('guest', 'putItem', { ...table, item: { [info.tablePartitionKey]: key, displayName: 'guest' } }, 'AccessDeniedException');
    await rejected('guest', 'deleteItem', { ...table, key: { [info.tablePartitionKey]: key } }, 'AccessDeniedException');
  }
}

/** awsJson sends any target, names the errors; wrong input and an aborted signal send nothing. */
export async function awsJsonCalls({ info, call, evaluate, problems }) {
  const key = { [info.tablePartitionKey]: { S: info.identityIds.demo } };
  const reply = await evaluate(([t, k]) => window.json('DynamoDB_20120810.GetItem', { TableName: t, Key: k }), [info.table, key]);
  assert.equal(reply.value?.Item?.displayName?.S, 'Demo User', JSON.stringify(reply));
  const text = await evaluate(([t, k]) => window.json('DynamoDB_20120810.GetItem', JSON.stringify({ TableName: t, Key: k })), [info.table, key]);
  assert.deepEqual(text, reply);
  const other = { [info.tablePartitionKey]: { S: info.identityIds.other } };
  const denied = await evaluate(([t, k]) => window.json('DynamoDB_20120810.GetItem', { TableName: t, Key: k }), [info.table, other]);
  assert.equal(denied.error?.name, 'AccessDeniedException');
  // A GetItem without a Key: moto fails with HTTP 500 (InternalFailure, a traceback on the
  // stack's stderr), which is retried as AWS advises: 4 attempts, then the error.
  await stackRequests(info, true);
  const invalid = await evaluate(() => window.json('DynamoDB_20120810.GetItem', { TableName: 'profiles' }));
  assert.deepEqual([invalid.error?.ours, invalid.error?.retryable], [true, true], JSON.stringify(invalid));
  assert.equal((await stackRequests(info)).counts['DynamoDB_20120810.GetItem'], 4);

  await stackRequests(info, true);
  const aborted = await evaluate(([t, k]) => window.abortedCall(t, k), [info.table, { [info.tablePartitionKey]: info.identityIds.demo }]);
  assert.equal(aborted.error?.name, 'AbortError', JSON.stringify(aborted));
  for (const bad of [{ item: { identityId: 'x', bad: ['$nothing'] } }, { key: 'secret-text' }, { item: { identityId: 'x', s: '$nothing' }, region: 'not a region' }]) {
    const r = await call('user', 'putItem', { tableName: info.table, ...bad });
    assert.equal(r.error?.name, 'InvalidParameterException', JSON.stringify(r));
    assert.ok(!r.error.message.includes('secret-text'));
  }
  const bigBody = await evaluate(() => window.json('DynamoDB_20120810.GetItem', { n: 1n }));
  assert.equal(bigBody.error?.name, 'InvalidParameterException');
  const { counts } = await stackRequests(info);
  assert.deepEqual(Object.keys(counts).filter((t) => t.startsWith('DynamoDB_')), [], 'nothing was sent');
  // The refusals above (400, 403) and moto's 500s are the only failed loads.
  assert.deepEqual((await problems()).filter((p) => !/status of (400|403|500)\b/.test(p)), []);
}
