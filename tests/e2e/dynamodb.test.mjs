// awsJson and the dynamodb namespace through the packed npm package (its entry, as
// package.json names it; no bundler) in headless Chromium, against the local stack's
// `profiles` table, whose policy lets a signed-in user touch only the row keyed by
// their own identity id (dynamodb:LeadingKeys) and lets guests write nothing.
// Served on 127.0.0.1:8082 (an origin the stack's CORS allows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stackRequests } from './harness.mjs';
import { openSignedInPage, pageCalls } from './package-page.mjs';
import { PORT, html } from './dynamodb-site.mjs';
import { ownRow, failedCondition, otherUsersRow, guestWrites } from './dynamodb-cases.mjs';

const TIMEOUT = 60_000;

let localStack;
let info;
let server;
let chrome;
let page;
let watch;

before(async () => {
  let manifest;
  let entry;
  ({ localStack, info, server, chrome, page, watch, manifest, entry } = await openSignedInPage('dynamodb', PORT, html, TIMEOUT));
  assert.equal(manifest.module, `./${entry}`);
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

const { call, ok, rejected } = pageCalls(() => page);
const cases = { get info() { return info; }, ok, rejected, identityId: () => page.evaluate(() => window.identityId()) };

test('the signed-in user puts, gets, updates, queries (paged), batch-gets and deletes their own row', () => ownRow(cases));
test('a failed condition rejects with ConditionalCheckFailedException, not retried', () => failedCondition(cases));
test("the user is denied the other user's row (AccessDeniedException), and the admin flag on their own", () => otherUsersRow(cases));
test('guests cannot write', () => guestWrites(cases));

test('awsJson sends any target, names the errors; wrong input and an aborted signal send nothing', async () => {
  const key = { [info.tablePartitionKey]: { S: info.identityIds.demo } };
  const reply = await page.evaluate(([t, k]) => window.json('DynamoDB_20120810.GetItem', { TableName: t, Key: k }), [info.table, key]);
  assert.equal(reply.value?.Item?.displayName?.S, 'Demo User', JSON.stringify(reply));
  const text = await page.evaluate(([t, k]) => window.json('DynamoDB_20120810.GetItem', JSON.stringify({ TableName: t, Key: k })), [info.table, key]);
  assert.deepEqual(text, reply);
  const other = { [info.tablePartitionKey]: { S: info.identityIds.other } };
  const denied = await page.evaluate(([t, k]) => window.json('DynamoDB_20120810.GetItem', { TableName: t, Key: k }), [info.table, other]);
  assert.equal(denied.error?.name, 'AccessDeniedException');
  // A GetItem without a Key: moto fails with HTTP 500 (InternalFailure, a traceback on the
  // stack's stderr), which is retried as AWS advises: 4 attempts, then the error.
  await stackRequests(info, true);
  const invalid = await page.evaluate(() => window.json('DynamoDB_20120810.GetItem', { TableName: 'profiles' }));
  assert.deepEqual([invalid.error?.ours, invalid.error?.retryable], [true, true], JSON.stringify(invalid));
  assert.equal((await stackRequests(info)).counts['DynamoDB_20120810.GetItem'], 4);

  await stackRequests(info, true);
  const aborted = await page.evaluate(([t, k]) => window.abortedCall(t, k), [info.table, { [info.tablePartitionKey]: info.identityIds.demo }]);
  assert.equal(aborted.error?.name, 'AbortError');
  for (const bad of [{ item: { identityId: 'x', bad: [undefined] } }, { key: 'secret-text' }, { item: { identityId: 'x', s: '$nothing' }, region: 'not a region' }]) {
    const r = await call('user', 'putItem', { tableName: info.table, ...bad });
    assert.equal(r.error?.name, 'InvalidParameterException', JSON.stringify(r));
    assert.ok(!r.error.message.includes('secret-text'));
  }
  const bigBody = await page.evaluate(() => window.json('DynamoDB_20120810.GetItem', { n: 1n }));
  assert.equal(bigBody.error?.name, 'InvalidParameterException');
  const { counts } = await stackRequests(info);
  assert.deepEqual(Object.keys(counts).filter((t) => t.startsWith('DynamoDB_')), [], 'nothing was sent');
  // The refusals above (400, 403) and moto's 500s are the only failed loads.
  assert.deepEqual(watch.problems.filter((p) => !/status of (400|403|500)\b/.test(p)), []);
});
