// The multi-tab tests (multi-tab-site.mjs) in Firefox ESR or WebKitGTK over
// WebDriver (E2E_ENGINE): each test starts a fresh browser (fresh profile, one
// localStorage) and its tabs are top-level windows of that browser (WebDriver's
// New Window), driven in turn (webdriver.mjs, Window); a call's promise is polled
// for, so the tabs' calls run at the same time. The page carries the watch script
// and the clock shift first in its <head>: a page error, a console error or
// warning fails a test.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack, serveStatic } from './harness.mjs';
import { appConfig, unpackedPackage } from './npm-package.mjs';
import { PORT, SLOW_MS, TIMEOUT, multiTabTests, pageHtml, setStackClock, shiftedClock } from './multi-tab-site.mjs';
import { Browser, Window, engineName, withWatch } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;

/** The page with the watch script, then the clock shift, first in its <head>. */
function withScripts(html) {
  const at = html.indexOf('<head>') + '<head>'.length;
  return withWatch(`${html.slice(0, at)}<script>(${shiftedClock})();</script>${html.slice(at)}`);
}

before(async () => {
  const pkgDir = await unpackedPackage(`multi-tab-${engine}`);
  localStack = await stack();
  info = localStack.info;
  server = await serveStatic(pkgDir, PORT, {
    extra: { '/index.html': pageHtml(withScripts), '/config.json': JSON.stringify(appConfig(info)) },
  });
});

after(async () => {
  if (info) await setStackClock(info, 0);
  await server?.close();
  await localStack?.stop();
});

/** A fresh browser with `count` windows on the page; `slow` windows get delayed replies. */
async function openTabs(count, { slow = [] } = {}) {
  const browser = await Browser.launch(engine);
  try {
    const windows = await Window.open(browser, count);
    const tabs = [];
    for (const [i, window] of windows.entries()) {
      await window.goto(`${server.url}/index.html${slow.includes(i) ? `?delay=${SLOW_MS}` : ''}`);
      const status = await window.run((b) => b.waitFor(() => {
        const s = document.getElementById('status').textContent;
        return s !== 'loading…' && s;
      }, [], { timeout: TIMEOUT, what: `tab ${i} to start` })).catch(async (e) => {
        throw new Error(`${e.message}: ${JSON.stringify((await window.watched()).problems)}`);
      });
      assert.equal(status, 'ready', JSON.stringify((await window.watched()).problems));
      tabs.push({
        evaluate: (fn, arg) => window.evaluate(fn, arg),
        problems: async () => (await window.watched()).problems,
      });
    }
    await setStackClock(info, 0);
    return { tabs, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

multiTabTests({ label: `${engine}: `, info: () => info, openTabs });
