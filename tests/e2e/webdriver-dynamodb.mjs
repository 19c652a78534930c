// The dynamodb namespace of the packed package (dynamodb-site.mjs's page, the cases of
// dynamodb-cases.mjs) in Firefox ESR or WebKitGTK over WebDriver (E2E_ENGINE), against
// the local stack's `profiles` table: the user's own row through every call, a failed
// condition, the other user's row denied, guests denied writes, and awsJson. The page
// carries the watch script (webdriver.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stack, serveStatic } from './harness.mjs';
import { appConfig, unpackedPackage } from './npm-package.mjs';
import { callAssertions } from './package-page.mjs';
import { PORT, html } from './dynamodb-site.mjs';
import { ownRow, failedCondition, otherUsersRow, guestWrites, awsJsonCalls } from './dynamodb-cases.mjs';
import { Browser, engineName, withWatch } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;
let browser;

before(async () => {
  const pkg = await unpackedPackage(`dynamodb-${engine}`);
  const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8'));
  const entry = manifest.exports['.'].default.replace(/^\.\//, '');
  localStack = await stack();
  info = localStack.info;
  server = await serveStatic(dirname(pkg), PORT, {
    extra: { '/index.html': withWatch(html(entry)), '/config.json': JSON.stringify(appConfig(info)) },
  });
  browser = await Browser.launch(engine);
  await browser.goto(`${server.url}/index.html`);
  const status = await browser.waitFor(() => {
    const s = document.getElementById('status').textContent;
    return s !== 'loading…' && s;
  }, [], { what: 'the page to start' });
  assert.equal(status, 'ready', JSON.stringify((await browser.watched()).problems));
  const signedIn = await browser.evaluate((u, p) => window.signIn(u, p), info.users.demo.username, info.users.demo.password);
  assert.deepEqual(signedIn, { signedIn: true });
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
