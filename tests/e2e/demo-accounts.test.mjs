// The demo's account screens (demo-accounts-site.mjs) in Debian's headless
// Chromium, driven by Playwright: one browser, a fresh context per test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { browser } from './harness.mjs';
import { demoAccountsTests, serveAccounts, totp } from './demo-accounts-site.mjs';
import { openPlaywrightDemo } from './demo-page.mjs';

let site;
let chrome;

before(async () => {
  site = await serveAccounts();
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await site?.stop();
});

test('totp() matches the RFC 6238 SHA-1 test vectors', () => {
  // RFC 6238 appendix B: secret "12345678901234567890" (base32 below), 8 digits
  // there; the last 6 of each.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(totp(secret, Math.floor(59 / 30)), '287082');
  assert.equal(totp(secret, Math.floor(1111111109 / 30)), '081804');
  assert.equal(totp(secret, Math.floor(2000000000 / 30)), '279037');
});

demoAccountsTests({
  info: () => site.info,
  open: () => openPlaywrightDemo(chrome, site.url, site.info.userPoolId, 20_000),
});
