// The JS surface under wrong types (wrong-types-site.mjs) in Firefox ESR or
// WebKitGTK over WebDriver (E2E_ENGINE): each test starts a fresh browser with
// one window, a call's promise polled for (webdriver.mjs, Window: no script
// timeout, so a call the page gives 15 s to answer cannot end the session's
// script). The page carries the watch script first in its <head>.
import { before, after } from 'node:test';
import { stack } from './harness.mjs';
import { serveSite, wrongTypesTests } from './wrong-types-site.mjs';
import { engineName, openWindows, withWatch } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let site;

before(async () => {
  localStack = await stack();
  info = localStack.info;
  site = await serveSite(`wrong-types-${engine}`, info, withWatch);
});

after(async () => {
  await site?.server.close();
  await localStack?.stop();
});

async function openPage() {
  const { windows: [page], close } = await openWindows([`${site.server.url}/index.html`], engine);
  return { page, close };
}

wrongTypesTests({ label: `${engine}: `, info: () => info, plan: () => site.plan, openPage });
