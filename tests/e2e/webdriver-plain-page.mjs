// The plain-page test of the npm package (plain-page.test.mjs) in Firefox ESR or
// WebKitGTK over WebDriver (E2E_ENGINE): the `npm pack` tarball unpacked as it is,
// served on 127.0.0.1:8084 under a strict Content-Security-Policy (no eval, only
// 'wasm-unsafe-eval') next to a page whose inline module imports ./cognito_wasm.js,
// awaits init() (or init({ module_or_path })), signs in with SRP, gets credentials
// and lists public/. The page carries the watch script (webdriver.mjs): an error,
// a console error or warning, or a CSP violation fails a test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stack, serveStatic } from './harness.mjs';
import { appConfig, unpackedPackage } from './npm-package.mjs';
import { Browser, engineName, withWatch, WATCH_SCRIPT_HASH } from './webdriver.mjs';

const PORT = 8084; // the plain-page origin the stack's CORS allows
const engine = engineName();

let pkgDir;
let localStack;
let info;
let server;

/** The same page as plain-page.test.mjs: `initCall` is the expression that loads the wasm. */
function pageHtml(initCall) {
  const script = `
import init, { CognitoClient, listObjects, isCognitoError } from './cognito_wasm.js';

const config = await (await fetch('./config.json')).json();
const wasm = await ${initCall};
const client = new CognitoClient({
  userPoolId: config.userPoolId,
  clientId: config.clientId,
  identityPoolId: config.identityPoolId,
  endpoints: config.endpoints,
});

window.signInAndList = async (username, password) => {
  try {
    const result = await client.signIn({ username, password });
    const credentials = await client.getCredentials();
    const listing = await listObjects({
      provider: client.credentialProvider(), region: config.region, bucket: config.bucket,
      prefix: config.prefix, delimiter: '/', endpoint: config.endpoints.s3,
    });
    document.getElementById('keys').replaceChildren(
      ...[...listing.prefixes, ...listing.objects.map((o) => o.key)].map((k) => Object.assign(document.createElement('li'), { textContent: k })));
    document.getElementById('status').textContent = 'Signed in as ' + client.currentUser().username;
    return {
      signedIn: result.signedIn,
      identityId: credentials.identityId,
      accessKeyId: credentials.accessKeyId,
      expiration: credentials.expiration instanceof Date,
      objects: listing.objects.map((o) => [o.key, o.size, o.etag, o.lastModified instanceof Date]),
      prefixes: listing.prefixes,
    };
  } catch (e) {
    document.getElementById('status').textContent = e.name + ': ' + e.message;
    return { error: { name: e.name, message: e.message, retryable: e.retryable, isError: e instanceof Error, isCognitoError: isCognitoError(e) } };
  }
};
window.initAgainIsSame = async () => (await init()) === wasm;
document.getElementById('status').textContent = 'ready';
`;
  const html = withWatch(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm, no bundler</title><link rel="icon" href="data:,"></head>
<body>
<p id="status">loading…</p>
<ul id="keys"></ul>
<script type="module">${script}</script>
</body>
</html>
`);
  return { html, hash: createHash('sha256').update(script).digest('base64') };
}

const plain = pageHtml('init()');
const custom = pageHtml("init({ module_or_path: '/elsewhere/any-name.wasm' })");

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
    const status = await browser.waitFor(() => {
      const s = document.getElementById('status').textContent;
      return s !== 'loading…' && s;
    }, [], { what: 'the page to start' }).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify((await browser.watched()).problems)}`);
    });
    assert.equal(status, 'ready', JSON.stringify((await browser.watched()).problems));
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

test(`${engine}: a plain page imports ./cognito_wasm.js, awaits init() and signs in, gets credentials, lists`, async () => {
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
    assert.deepEqual(ownFiles, ['/cognito_wasm.js', '/cognito_wasm_bg.wasm', '/config.json', '/index.html', ...snippets].sort());
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
