// The dynamodb namespace of the packed package (dynamodb-site.mjs's page, the cases of
// dynamodb-cases.mjs) in Firefox ESR or WebKitGTK over WebDriver (E2E_ENGINE), against
// the local stack's `profiles` table: the user's own row through every call, a failed
// condition, the other user's row denied, guests denied writes, and awsJson. The page
// carries the watch script (webdriver.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { callAssertions, openSignedInWebDriver } from './package-page.mjs';
import { PORT, html } from './dynamodb-site.mjs';
import { ownRow, failedCondition, otherUsersRow, guestWrites, awsJsonCalls } from './dynamodb-cases.mjs';
import { engineName } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;
let browser;

before(async () => {
  ({ localStack, info, server, browser } = await openSignedInWebDriver(`dynamodb-${engine}`, PORT, html, engine));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await localStack?.stop();
});

const { call, ok, rejected } = callAssertions((who, method, options) =>
  browser.evaluate((w, m, o) => window.call(w, m, o), who, method, options));
const cases = {
  get info() { return info; }, call, ok, rejected,
  identityId: () => browser.evaluate(() => window.identityId()),
  evaluate: (fn, arg) => (arg === undefined ? browser.evaluate(fn) : browser.evaluate(fn, arg)),
  problems: async () => (await browser.watched()).problems,
};

test(`${engine}: the signed-in user puts, gets, updates, queries (paged), batch-gets and deletes their own row`, () => ownRow(cases));
test(`${engine}: a failed condition rejects with ConditionalCheckFailedException, not retried`, () => failedCondition(cases));
test(`${engine}: the user is denied the other user's row, and the admin flag on their own`, () => otherUsersRow(cases));
test(`${engine}: guests cannot write`, () => guestWrites(cases));
test(`${engine}: awsJson sends any target, names the errors; wrong input and an aborted signal send nothing`, () => awsJsonCalls(cases));
