// The packed npm package served with a test's page, opened in headless Chromium
// (Playwright) or in Firefox ESR / WebKitGTK (WebDriver) and signed in as the stack's
// demo user, and the page's `window.call` as assertions: the set-up the tests of the
// package's data calls share (dynamodb, s3-objects).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stack, serveStatic, browser } from './harness.mjs';
import { appConfig, pageStatus, unpackedPackage, watchPage } from './npm-package.mjs';
import { Browser, withWatch } from './webdriver.mjs';

/**
 * The tarball unpacked into target/e2e-npm/`name`, a stack, and the page `html(entry)`
 * served on `port` beside the package with the stack's config.json:
 * `{ localStack, info, server, manifest, entry }`.
 */
async function servePage(name, port, html) {
  const pkg = await unpackedPackage(name);
  const manifest = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8'));
  const entry = manifest.exports['.'].default.replace(/^\.\//, '');
  const localStack = await stack();
  const info = localStack.info;
  const server = await serveStatic(dirname(pkg), port, {
    extra: { '/index.html': html(entry), '/config.json': JSON.stringify(appConfig(info)) },
  });
  return { localStack, info, server, manifest, entry };
}

/**
 * The package's page (servePage), a fresh Chromium page on it, ready and signed
 * in: `{ localStack, info, server, chrome, page, watch, manifest, entry }`.
 */
export async function openSignedInPage(name, port, html, timeout) {
  const { localStack, info, server, manifest, entry } = await servePage(name, port, html);
  const chrome = await browser();
  const context = await chrome.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const watch = watchPage(page);
  await page.goto(`${server.url}/index.html`);
  assert.equal(await pageStatus(page, watch), 'ready', watch.problems.join('\n'));
  const signedIn = await page.evaluate(([u, p]) => window.signIn(u, p), [info.users.demo.username, info.users.demo.password]);
  assert.deepEqual(signedIn, { signedIn: true });
  return { localStack, info, server, chrome, page, watch, manifest, entry };
}

/**
 * The same over WebDriver in `engine` (the page with the watch script first):
 * `{ localStack, info, server, browser }`.
 */
export async function openSignedInWebDriver(name, port, html, engine) {
  const { localStack, info, server } = await servePage(name, port, (entry) => withWatch(html(entry)));
  const browser = await Browser.launch(engine);
  await browser.goto(`${server.url}/index.html`);
  await browser.ready();
  const signedIn = await browser.evaluate((u, p) => window.signIn(u, p), info.users.demo.username, info.users.demo.password);
  assert.deepEqual(signedIn, { signedIn: true });
  return { localStack, info, server, browser };
}

/**
 * `window.call(who, method, options)` of the page `page()` returns: `call` resolves
 * `{ value }` or `{ error }`; `ok` asserts success and resolves the value; `rejected`
 * asserts a CognitoError named `name` and resolves it.
 */
export function pageCalls(page) {
  return callAssertions((who, method, options) => page().evaluate(([w, m, o]) => window.call(w, m, o), [who, method, options]));
}

/**
 * `ok` and `rejected` over `call(who, method, options)`, a page's `window.call` reached
 * through any driver (Playwright above, WebDriver in the webdriver-*.mjs tests).
 */
export function callAssertions(call) {
  const ok = async (who, method, options) => {
    const r = await call(who, method, options);
    assert.equal(r.error, undefined, `${method}: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  const rejected = async (who, method, options, name) => {
    const r = await call(who, method, options);
    assert.ok(r.error, `${method} succeeded: ${JSON.stringify(r.value)}`);
    assert.equal(r.error.name, name, JSON.stringify(r.error));
    assert.equal(r.error.ours, true, 'isCognitoError');
    return r.error;
  };
  return { call, ok, rejected };
}
