// The plain-page test of the npm package (plain-page.test.mjs) in Firefox ESR or
// WebKitGTK over WebDriver (E2E_ENGINE): the `npm pack` tarball unpacked as it is,
// served on 127.0.0.1:8084 under a strict Content-Security-Policy (no eval, only
// 'wasm-unsafe-eval') next to a page whose inline module imports the package's entry ./index.js,
// awaits init() (or init({ module_or_path })), signs in with SRP, gets credentials
// and lists public/. The page carries the watch script (webdriver.mjs): an error,
// a console error or warning, or a CSP violation fails a test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stack, serveStatic } from './harness.mjs';
import { appConfig, unpackedPackage } from './npm-package.mjs';
import { PORT, pageHtml } from './plain-page-site.mjs';
import { Browser, engineName, withWatch, WATCH_SCRIPT_HASH } from './webdriver.mjs';

const engine = engineName();

let pkgDir;
let localStack;
let info;
let server;

const plain = pageHtml('init()', withWatch);
const custom = pageHtml("init({ module_or_path: '/elsewhere/any-name.wasm' })", withWatch);

before(async () => {
  pkgDir = await unpackedPackage(`plain-page-${engine}`);
  localStack = await stack();
  info = localStack.info;
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${WATCH_SCRIPT_HASH} 'sha256-${plain.hash}' 'sha256-${custom.hash}'`,
    `connect-src 'self' ${info.endpoint}`,
    'img-src data:',
    "base-uri 'none'",
  ].join('; ');
  server = await serveStatic(pkgDir, PORT, {
    headers: { 'content-security-policy': csp },
    extra: {
      '/index.html': plain.html,
      '/custom.html': custom.html,
      '/config.json': JSON.stringify(appConfig(info)),
      '/elsewhere/any-name.wasm': await readFile(join(pkgDir, 'cognito_wasm_bg.wasm')),
    },
  });
});

after(async () => {
  await server?.close();
  await localStack?.stop();
});

/** A fresh browser (fresh profile) on `path`, once the page is ready. */
async function openPage(path) {
  const browser = await Browser.launch(engine);
  try {
    await browser.goto(`${server.url}${path}`);
    await browser.ready();
    return browser;
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** What a signed-in listing of public/ with delimiter '/' must be. */
function assertListing(result) {
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.equal(result.signedIn, true);
  assert.match(result.identityId, new RegExp(`^${info.region}:[0-9a-f-]{36}$`));
  assert.match(result.accessKeyId, /^ASIA/);
  assert.equal(result.expiration, true, 'expiration is a Date');
  assert.deepEqual(result.objects.map((o) => o[0]), ['public/readme.txt']);
  const [, size, etag, isDate] = result.objects[0];
  assert.equal(size, 'Hello from the public prefix.\n'.length);
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.equal(isDate, true, 'lastModified is a Date');
  assert.deepEqual(result.prefixes, ['public/a b/', 'public/docs/', 'public/many/', 'public/symbols/', 'public/unicode/']);
}

const signInAndList = (u, p) => window.signInAndList(u, p);

test(`${engine}: a plain page imports ./index.js, awaits init() and signs in, gets credentials, lists`, async () => {
  const browser = await openPage('/index.html');
  try {
    const { username, password } = info.users.demo;
    assertListing(await browser.evaluate(signInAndList, username, password));
    assert.equal(await browser.evaluate(() => window.initAgainIsSame()), true, 'init() again returns the same instance');
    assert.equal(await browser.text('#status'), `Signed in as ${username}`);
    await browser.screenshot('plain-page-listing');
    const { problems, requested } = await browser.watched();
    // Only the package's own files (and the page's config) were loaded: no polyfill, no shim.
    const ownFiles = [...new Set(requested.filter((u) => u.startsWith(server.url)).map((u) => new URL(u).pathname))].sort();
    const snippets = (await readdir(join(pkgDir, 'snippets'), { recursive: true }))
      .filter((f) => f.endsWith('.js')).map((f) => `/snippets/${f}`);
    assert.deepEqual(ownFiles, ['/cognito_wasm.js', '/cognito_wasm_bg.wasm', '/config.json', '/index.html', '/index.js', ...snippets].sort());
    assert.deepEqual(problems, [], 'no error, no console error or warning, no CSP violation');
  } finally {
    await browser.close();
  }
});

test(`${engine}: init({ module_or_path }) loads the .wasm from another URL`, async () => {
  const browser = await openPage('/custom.html');
  try {
    const wasmRequests = (await browser.watched()).requested.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname);
    assert.deepEqual(wasmRequests, ['/elsewhere/any-name.wasm'], 'only the given URL, not the default next to the JS');
    const { username, password } = info.users.demo;
    assertListing(await browser.evaluate(signInAndList, username, password));
    await browser.screenshot('plain-page-custom-wasm-url');
    assert.deepEqual((await browser.watched()).problems, []);
  } finally {
    await browser.close();
  }
});

test(`${engine}: a refused sign-in rejects with a CognitoError (an Error) that hides the password`, async () => {
  const browser = await openPage('/index.html');
  try {
    const wrong = 'Wrong-passw0rd!';
    const { error } = await browser.evaluate(signInAndList, info.users.demo.username, wrong);
    assert.equal(error.name, 'NotAuthorizedException');
    assert.equal(error.isError, true, 'an Error subclass');
    assert.equal(error.isCognitoError, true);
    assert.equal(error.retryable, false);
    assert.ok(error.message.length > 0 && !error.message.includes(wrong));
    await browser.screenshot('plain-page-wrong-password');
    assert.deepEqual((await browser.watched()).problems, []);
  } finally {
    await browser.close();
  }
});
