// The Yew demo's data panels (demo-data-site.mjs) in Debian's headless Chromium,
// driven by Playwright: one browser, a fresh context per test.
import { before, after } from 'node:test';
import { browser } from './harness.mjs';
import { demoDataTests, serveData } from './demo-data-site.mjs';
import { openPlaywrightDemo } from './demo-page.mjs';

let site;
let chrome;

before(async () => {
  site = await serveData();
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await site?.stop();
});

demoDataTests({
  info: () => site.info,
  open: () => openPlaywrightDemo(chrome, site.url, site.info.userPoolId, 120_000),
});
