// The Yew demo's main flows (demo-site.mjs) in Firefox ESR or WebKitGTK over
// WebDriver (E2E_ENGINE): a fresh browser (fresh profile) per test, the watch
// script (webdriver.mjs) first in the page and allowed by the CSP header, so a
// page error, a console error or warning or a CSP violation fails a test.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoTests, serveDemo } from './demo-site.mjs';
import { openWebDriverDemo } from './demo-page.mjs';
import { engineName, withWatch, WATCH_SCRIPT_HASH } from './webdriver.mjs';

const engine = engineName();

let site;

before(async () => {
  site = await serveDemo({ transform: (html) => withWatch(html), scriptSources: [WATCH_SCRIPT_HASH] });
});

after(async () => {
  await site?.stop();
});

demoTests({
  label: `${engine}: `,
  info: () => site.info,
  open: (viewport) => openWebDriverDemo(engine, site.url, site.info.userPoolId, 60_000, viewport),
  cspRefusals: (problems) => {
    // Both policies refuse it, each with a securitypolicyviolation event (the
    // watch script's words; the engines name the directive script-src-elem).
    assert.equal(problems.length, 2, `two CSP refusals: ${problems}`);
    assert.ok(problems.every((p) => /^CSP violation: script-src(-elem)? inline$/.test(p)), String(problems));
  },
});
