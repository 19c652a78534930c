// awsFetch of the packed package (aws-fetch.test.mjs's page and tests, aws-fetch-site.mjs)
// in Firefox ESR or WebKitGTK over WebDriver (E2E_ENGINE), against the local stack. The
// page carries the watch script (webdriver.mjs).
import { before, after } from 'node:test';
import { PORT, html, awsFetchTests } from './aws-fetch-site.mjs';
import { openSignedInWebDriver } from './package-page.mjs';
import { engineName } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;
let browser;

before(async () => {
  ({ localStack, info, server, browser } = await openSignedInWebDriver(`aws-fetch-${engine}`, PORT, html, engine));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await localStack?.stop();
});

awsFetchTests({
  label: `${engine}: `,
  info: () => info,
  run: (name, ...args) => browser.evaluate((n, a) => window[n](...a), name, args),
});
