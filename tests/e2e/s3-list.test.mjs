// listObjects, listAllObjects and presignGetObject through the packed npm package (its
// entry, as package.json names it; no bundler) in headless Chromium, against the local
// stack's bucket, whose policy lets guests list public/ only and a signed-in user also
// their own private/<identity id>/: the cases of s3-list-cases.mjs (also
// webdriver-s3-list.mjs's, in Firefox ESR and WebKitGTK) on s3-list-site.mjs's page.
import { test, before, after } from 'node:test';
import { openSignedInPage, pageCalls } from './package-page.mjs';
import { PORT, html } from './s3-list-site.mjs';
import { CASES } from './s3-list-cases.mjs';

const TIMEOUT = 60_000;

let localStack;
let info;
let server;
let chrome;
let page;
let watch;

before(async () => {
  ({ localStack, info, server, chrome, page, watch } = await openSignedInPage('s3-list', PORT, html, TIMEOUT));
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

const { ok, rejected } = pageCalls(() => page);
const cases = {
  get info() { return info; }, ok, rejected,
  run: (name, ...args) => page.evaluate(([n, a]) => window[n](...a), [name, args]),
  problems: async () => watch.problems,
};

for (const [title, run] of CASES) test(title, () => run(cases));
