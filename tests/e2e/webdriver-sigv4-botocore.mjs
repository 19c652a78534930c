// The SigV4 differential of the JS API against botocore (sigv4-botocore-site.mjs)
// in Firefox ESR or WebKitGTK over WebDriver (E2E_ENGINE): the cases go to the
// page once, then one script call per variant signs them all (a round trip per
// case would be thousands). The page carries the watch script (webdriver.mjs):
// a page error, a console error or warning fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic } from './harness.mjs';
import { unpackedPackage } from './npm-package.mjs';
import { PORT, VARIANTS, assertMatchesBotocore, generateCases, pageHtml } from './sigv4-botocore-site.mjs';
import { Browser, ENGINES, engineName, withWatch } from './webdriver.mjs';

const engine = engineName();

let server;

before(async () => {
  const pkgDir = await unpackedPackage(`sigv4-botocore-${engine}`);
  server = await serveStatic(pkgDir, PORT, { extra: { '/index.html': pageHtml(withWatch) } });
});

after(async () => {
  await server?.close();
});

test(`${engine}: signRequest and AwsSigner match botocore on every generated request`, async (t) => {
  const generated = await generateCases(`sigv4-botocore-${engine}`);

  const browser = await Browser.launch(engine);
  const results = {};
  try {
    await browser.goto(`${server.url}/index.html`);
    await browser.ready();
    await browser.evaluate((cases) => { window.cases = cases; }, generated.cases);
    for (const [api, shape] of VARIANTS) {
      results[`${api}/${shape}`] = await browser.evaluate((a, s) => window.signAll(window.cases, a, s), api, shape);
    }
    assert.deepEqual((await browser.watched()).problems, []);
  } finally {
    await browser.close();
  }

  await assertMatchesBotocore(t, generated, results, ENGINES[engine].name);
});
