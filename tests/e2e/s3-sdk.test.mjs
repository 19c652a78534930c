// The AWS SDK v3 and cognito-wasm side by side (s3-sdk-site.mjs) in headless
// Chromium: one page for both tests.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack, browser, screenshot } from './harness.mjs';
import { pageStatus, watchPage } from './npm-package.mjs';
import { s3SdkTests, serveSite } from './s3-sdk-site.mjs';

const TIMEOUT = 60_000;

let localStack;
let info;
let server;
let chrome;
let page;

before(async () => {
  localStack = await stack();
  info = localStack.info;
  server = await serveSite('s3-sdk', info);
  chrome = await browser();
  const context = await chrome.newContext();
  const tab = await context.newPage();
  tab.setDefaultTimeout(TIMEOUT);
  const watch = watchPage(tab);
  await tab.goto(`${server.url}/index.html`);
  assert.equal(await pageStatus(tab, watch), 'ready', watch.problems.join('\n'));
  page = {
    evaluate: (fn, arg) => tab.evaluate(fn, arg),
    problems: async () => watch.problems,
    screenshot: (name) => screenshot(tab, name),
  };
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

s3SdkTests({ info: () => info, page: () => page });
