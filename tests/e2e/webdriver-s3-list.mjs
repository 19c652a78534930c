// listObjects, listAllObjects and presignGetObject of the packed package (s3-list-site.mjs's
// page, the cases of s3-list-cases.mjs) in Firefox ESR or WebKitGTK over WebDriver
// (E2E_ENGINE), against the local stack's bucket: listings with and without a delimiter,
// 1100 keys in pages, a tampered secret, guests and private/, presigned GETs, wrong
// options, aborted signals, the clock offset and the S3 list rows of the fault matrix.
// The page carries the watch script (webdriver.mjs).
import { test, before, after } from 'node:test';
import { callAssertions, openSignedInWebDriver } from './package-page.mjs';
import { PORT, html } from './s3-list-site.mjs';
import { CASES } from './s3-list-cases.mjs';
import { engineName } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;
let browser;

before(async () => {
  ({ localStack, info, server, browser } = await openSignedInWebDriver(`s3-list-${engine}`, PORT, html, engine));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await localStack?.stop();
});

const { ok, rejected } = callAssertions((who, method, options) =>
  browser.evaluate((w, m, o) => window.call(w, m, o), who, method, options));
const cases = {
  get info() { return info; }, ok, rejected,
  run: (name, ...args) => browser.evaluate((n, a) => window[n](...a), name, args),
  problems: async () => (await browser.watched()).problems,
};

for (const [title, run] of CASES) test(`${engine}: ${title}`, () => run(cases));
