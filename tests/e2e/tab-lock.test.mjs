// The cross-tab lock tests (tab-lock-site.mjs) in Chromium: each test's tabs are
// pages of one browser context; without navigator.locks, an init script removes
// it before the pages' scripts run.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, browser } from './harness.mjs';
import { checkLocks, dropLocks, pageStatus, unpackedPackage, watchPage } from './npm-package.mjs';
import { PORT, pageHtml, tabLockTests } from './tab-lock-site.mjs';

const TIMEOUT = 30_000;

let server;
let chrome;

before(async () => {
  const pkgDir = await unpackedPackage('tab-lock');
  server = await serveStatic(pkgDir, PORT, { extra: { '/index.html': await pageHtml(pkgDir), '/blank.html': '<!doctype html>' } });
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

/** One browser context with `count` tabs on the page; without `locks` they have no navigator.locks. */
async function openTabs(count, locks) {
  const context = await chrome.newContext();
  await dropLocks(context, locks);
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const watch = watchPage(page);
    await page.goto(`${server.url}/index.html`);
    assert.equal(await pageStatus(page, watch, TIMEOUT), 'ready', watch.problems.join('\n'));
    await checkLocks(page, locks);
    tabs.push({ evaluate: (fn, arg) => page.evaluate(fn, arg), problems: async () => watch.problems, goto: (url) => page.goto(url) });
  }
  return { tabs, close: () => context.close() };
}

tabLockTests({ openTabs, blankUrl: () => `${server.url}/blank.html` });
