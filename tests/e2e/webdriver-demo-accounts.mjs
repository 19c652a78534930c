// The demo's account screens (demo-accounts-site.mjs) in Firefox ESR or WebKitGTK
// over WebDriver (E2E_ENGINE): a fresh browser (fresh profile) per test, the
// watch script (webdriver.mjs) first in the page, so a page error or a console
// error or warning fails a test.
import { before, after } from 'node:test';
import { demoAccountsTests, serveAccounts } from './demo-accounts-site.mjs';
import { openWebDriverDemo } from './demo-page.mjs';
import { engineName, withWatch } from './webdriver.mjs';

const engine = engineName();

let site;

before(async () => {
  site = await serveAccounts((html) => withWatch(html));
});

after(async () => {
  await site?.stop();
});

demoAccountsTests({
  label: `${engine}: `,
  info: () => site.info,
  open: () => openWebDriverDemo(engine, site.url, site.info.userPoolId),
});
