// The Yew demo's data panels (demo-data-site.mjs) in Firefox ESR or WebKitGTK
// over WebDriver (E2E_ENGINE): a fresh browser (fresh profile) per test, the
// watch script (webdriver.mjs) first in the page and allowed by the CSP header,
// so a page error, a console error or warning or a CSP violation fails a test.
import { before, after } from 'node:test';
import { demoDataTests, serveData } from './demo-data-site.mjs';
import { openWebDriverDemo } from './demo-page.mjs';
import { engineName, withWatch, WATCH_SCRIPT_HASH } from './webdriver.mjs';

const engine = engineName();

let site;

before(async () => {
  site = await serveData({ transform: (html) => withWatch(html), scriptSources: [WATCH_SCRIPT_HASH] });
});

after(async () => {
  await site?.stop();
});

demoDataTests({
  label: `${engine}: `,
  info: () => site.info,
  open: () => openWebDriverDemo(engine, site.url, site.info.userPoolId, 120_000),
});
