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
