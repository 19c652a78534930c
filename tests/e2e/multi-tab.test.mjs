// The multi-tab tests (multi-tab-site.mjs) in Chromium: each test's tabs are
// pages of one browser context (one localStorage), the pages' Date.now shifted
// by an init script. They run twice: with the Web Locks API, and with
// navigator.locks removed before the pages' scripts run (as on a page served
// over plain http from a LAN address), where the lock is taken over a
// BroadcastChannel.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack, serveStatic, browser } from './harness.mjs';
import { appConfig, checkLocks, dropLocks, pageStatus, unpackedPackage, watchPage } from './npm-package.mjs';
import { PORT, SLOW_MS, TIMEOUT, multiTabTests, pageHtml, setStackClock, shiftedClock } from './multi-tab-site.mjs';

let localStack;
let info;
let server;
let chrome;

before(async () => {
  const pkgDir = await unpackedPackage('multi-tab');
  localStack = await stack();
  info = localStack.info;
  server = await serveStatic(pkgDir, PORT, {
    extra: { '/index.html': pageHtml(), '/config.json': JSON.stringify(appConfig(info)) },
  });
  chrome = await browser();
});

after(async () => {
  if (info) await setStackClock(info, 0);
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

/**
 * One browser context (one localStorage) with `count` tabs; `slow` tabs get delayed
 * replies; without `locks` the tabs have no navigator.locks.
 */
async function openTabs(count, { slow = [] } = {}, locks = true) {
  const context = await chrome.newContext();
  await context.addInitScript(shiftedClock);
  await dropLocks(context, locks);
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const watch = watchPage(page);
    await page.goto(`${server.url}/index.html${slow.includes(i) ? `?delay=${SLOW_MS}` : ''}`);
    assert.equal(await pageStatus(page, watch), 'ready', watch.problems.join('\n'));
    await checkLocks(page, locks);
    tabs.push({ page, watch, evaluate: (fn, arg) => page.evaluate(fn, arg), problems: async () => watch.problems });
  }
  await setStackClock(info, 0);
  return { tabs, close: () => context.close() };
}

multiTabTests({ label: 'Web Locks: ', info: () => info, openTabs });
multiTabTests({
  label: 'no navigator.locks, BroadcastChannel: ',
  info: () => info,
  openTabs: (count, options) => openTabs(count, options, false),
});
