// The Yew demo's main flows (demo-site.mjs) in Debian's headless Chromium,
// driven by Playwright: one browser, a fresh context per test.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browser } from './harness.mjs';
import { demoTests, serveDemo } from './demo-site.mjs';
import { openPlaywrightDemo } from './demo-page.mjs';

let site;
let chrome;

before(async () => {
  site = await serveDemo();
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await site?.stop();
});

demoTests({
  info: () => site.info,
  open: (viewport) => openPlaywrightDemo(chrome, site.url, site.info.userPoolId, 20_000, viewport),
  cspRefusals: (problems) => {
    // Both policies refuse it: the header's (with the loader's hash) and the <meta> one.
    assert.equal(problems.length, 2, `two CSP refusals: ${problems}`);
    assert.ok(problems.every((p) => /inline script violates/.test(p)), String(problems));
    assert.ok(problems.some((p) => p.includes("'sha256-")) && problems.some((p) => /directive 'script-src 'self' 'wasm-unsafe-eval''/.test(p)));
  },
});
