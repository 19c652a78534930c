// The cross-tab lock tests (tab-lock-site.mjs) in Firefox ESR or WebKitGTK over
// WebDriver (E2E_ENGINE): each test starts a fresh browser (fresh profile) and
// its tabs are top-level windows of that browser, driven in turn, a call's
// promise polled for (webdriver.mjs, Window), so the tabs' calls run at the
// same time. The page carries the watch script first in its <head> (a page
// error, a console error or warning fails a test); without navigator.locks,
// the page is served with noLocks run before its own scripts.
import { before, after } from 'node:test';
import { serveStatic } from './harness.mjs';
import { checkLocks, noLocks, unpackedPackage } from './npm-package.mjs';
import { PORT, pageHtml, tabLockTests } from './tab-lock-site.mjs';
import { engineName, openWindows, withWatch } from './webdriver.mjs';

const engine = engineName();

let server;

before(async () => {
  const pkgDir = await unpackedPackage(`tab-lock-${engine}`);
  server = await serveStatic(pkgDir, PORT, {
    extra: {
      '/index.html': await pageHtml(pkgDir, withWatch),
      '/no-locks.html': await pageHtml(pkgDir, (html) => withWatch(html, noLocks)),
      '/blank.html': '<!doctype html>',
    },
  });
});

after(async () => {
  await server?.close();
});

/** A fresh browser with `count` windows on the page; without `locks` they have no navigator.locks. */
async function openTabs(count, locks) {
  const url = `${server.url}/${locks ? 'index' : 'no-locks'}.html`;
  const { windows, close } = await openWindows(Array(count).fill(url), engine);
  try {
    for (const window of windows) await checkLocks(window, locks);
  } catch (e) {
    await close();
    throw e;
  }
  return { tabs: windows, close };
}

tabLockTests({ label: `${engine}: `, openTabs, blankUrl: () => `${server.url}/blank.html` });
