// awsJson and the dynamodb namespace through the packed npm package (its entry, as
// package.json names it; no bundler) in headless Chromium, against the local stack's
// `profiles` table, whose policy lets a signed-in user touch only the row keyed by
// their own identity id (dynamodb:LeadingKeys) and lets guests write nothing.
// Served on 127.0.0.1:8082 (an origin the stack's CORS allows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSignedInPage, pageCalls } from './package-page.mjs';
import { PORT, html } from './dynamodb-site.mjs';
import { ownRow, failedCondition, otherUsersRow, guestWrites, awsJsonCalls } from './dynamodb-cases.mjs';

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
const cases = {
  get info() { return info; }, call, ok, rejected,
  identityId: () => page.evaluate(() => window.identityId()),
  evaluate: (fn, arg) => page.evaluate(fn, arg),
  problems: async () => watch.problems,
};

test('the signed-in user puts, gets, updates, queries (paged), batch-gets and deletes their own row', () => ownRow(cases));
test('a failed condition rejects with ConditionalCheckFailedException, not retried', () => failedCondition(cases));
test("the user is denied the other user's row (AccessDeniedException), and the admin flag on their own", () => otherUsersRow(cases));
test('guests cannot write', () => guestWrites(cases));
test('awsJson sends any target, names the errors; wrong input and an aborted signal send nothing', () => awsJsonCalls(cases));
