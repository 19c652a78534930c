// The SigV4 differential of the JS API against botocore (sigv4-botocore-site.mjs)
// in headless Chromium: one page.evaluate per variant signs every case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, browser } from './harness.mjs';
import { pageStatus, unpackedPackage, watchPage } from './npm-package.mjs';
import { PORT, VARIANTS, assertMatchesBotocore, generateCases, pageHtml } from './sigv4-botocore-site.mjs';

let server;
let chrome;

before(async () => {
  const pkgDir = await unpackedPackage('sigv4-botocore');
  server = await serveStatic(pkgDir, PORT, { extra: { '/index.html': pageHtml() } });
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

test('signRequest and AwsSigner match botocore on every generated request', async (t) => {
  const generated = await generateCases('sigv4-botocore');

  const context = await chrome.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const watch = watchPage(page);
  await page.goto(`${server.url}/index.html`);
  assert.equal(await pageStatus(page, watch), 'ready', watch.problems.join('\n'));
  const results = {};
  for (const [api, shape] of VARIANTS) {
    results[`${api}/${shape}`] = await page.evaluate(([c, a, s]) => window.signAll(c, a, s), [generated.cases, api, shape]);
  }
  assert.deepEqual(watch.problems, []);
  await context.close();

  await assertMatchesBotocore(t, generated, results, 'Chromium');
});
