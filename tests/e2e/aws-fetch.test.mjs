// awsFetch through the packed npm package (its entry, as package.json names it; no
// bundler) in headless Chromium against the local stack: objects got and put, HTTP
// errors resolved, wrong options refused, a provider's errors named, timeouts, aborts
// and network failures, and the page's clock offset learned from a reply. The page
// and the tests are aws-fetch-site.mjs's (also webdriver-aws-fetch.mjs's, in Firefox
// ESR and WebKitGTK).
import { before, after } from 'node:test';
import { openSignedInPage } from './package-page.mjs';
import { PORT, html, awsFetchTests } from './aws-fetch-site.mjs';

let localStack;
let info;
let server;
let chrome;
let page;

before(async () => {
  ({ localStack, info, server, chrome, page } = await openSignedInPage('aws-fetch', PORT, html, 120_000));
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

awsFetchTests({
  label: '',
  info: () => info,
  run: (name, ...args) => page.evaluate(([n, a]) => window[n](...a), [name, args]),
});
