// The multi-tab tests (multi-tab-site.mjs) in Firefox ESR or WebKitGTK over
// WebDriver (E2E_ENGINE): each test starts a fresh browser (fresh profile, one
// localStorage) and its tabs are top-level windows of that browser (WebDriver's
// New Window), driven in turn (webdriver.mjs, Window); a call's promise is polled
// for, so the tabs' calls run at the same time. The page carries the watch script
// and the clock shift first in its <head>: a page error, a console error or
// warning fails a test.
import { before, after } from 'node:test';
import { stack, serveStatic } from './harness.mjs';
import { appConfig, unpackedPackage } from './npm-package.mjs';
import { PORT, SLOW_MS, multiTabTests, pageHtml, setStackClock, shiftedClock } from './multi-tab-site.mjs';
import { engineName, openWindows, withWatch } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;

before(async () => {
  const pkgDir = await unpackedPackage(`multi-tab-${engine}`);
  localStack = await stack();
  info = localStack.info;
  server = await serveStatic(pkgDir, PORT, {
    extra: { '/index.html': pageHtml((html) => withWatch(html, shiftedClock)), '/config.json': JSON.stringify(appConfig(info)) },
  });
});

after(async () => {
  if (info) await setStackClock(info, 0);
  await server?.close();
  await localStack?.stop();
});

/** A fresh browser with `count` windows on the page; `slow` windows get delayed replies. */
async function openTabs(count, { slow = [] } = {}) {
  const urls = Array.from({ length: count }, (_, i) => `${server.url}/index.html${slow.includes(i) ? `?delay=${SLOW_MS}` : ''}`);
  const { windows, close } = await openWindows(urls, engine);
  await setStackClock(info, 0);
  return { tabs: windows, close };
}

multiTabTests({ label: `${engine}: `, info: () => info, openTabs });
