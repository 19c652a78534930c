// The JS surface under wrong types (wrong-types-site.mjs) in headless Chromium:
// each test opens a page of its own.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack, browser } from './harness.mjs';
import { pageStatus, watchPage } from './npm-package.mjs';
import { serveSite, wrongTypesTests } from './wrong-types-site.mjs';

const TIMEOUT = 120_000;

let localStack;
let info;
let site;
let chrome;

before(async () => {
  localStack = await stack();
  info = localStack.info;
  site = await serveSite('wrong-types', info);
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await site?.server.close();
  await localStack?.stop();
});

async function openPage() {
  const context = await chrome.newContext();
  const tab = await context.newPage();
  tab.setDefaultTimeout(TIMEOUT);
  const watch = watchPage(tab);
  await tab.goto(`${site.server.url}/index.html`);
  assert.equal(await pageStatus(tab, watch), 'ready', watch.problems.join('\n'));
  const page = { evaluate: (fn, arg) => tab.evaluate(fn, arg), problems: async () => watch.problems };
  return { page, close: () => context.close() };
}

wrongTypesTests({ info: () => info, plan: () => site.plan, openPage });
