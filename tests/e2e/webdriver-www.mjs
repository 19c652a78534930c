// The www/ app's main flows (www.test.mjs) in Firefox ESR or WebKitGTK over
// WebDriver (E2E_ENGINE): `vite build` of www/ (which installs the packed tarball),
// served on 127.0.0.1:8082 with a generated config.json and the watch script
// (webdriver.mjs) first in its page; the user signs in through the form, the app
// gets credentials and lists public/ with listAllObjects and again with
// @aws-sdk/client-s3 given client.credentialProvider(); the test compares both. Also:
// the same app under Vite's dev server, and a Vite app handing init() the .wasm URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root, stack, serveStatic } from './harness.mjs';
import { appConfig, packedTarball } from './npm-package.mjs';
import { Browser, engineName, withWatch, WATCH_SCRIPT } from './webdriver.mjs';
import { buildWasmUrlApp, startDevServer } from './www-vite.mjs';

const run = promisify(execFile);
const www = join(root, 'www');
const PORT = 8082; // the www/ origin the stack's CORS allows
const engine = engineName();
const dist = join(root, 'target', 'e2e-npm', `www-dist-${engine}`);

let localStack;
let info;
let server;

before(async () => {
  const { version } = await packedTarball();
  // What npm ci installed is the tarball, not the source folder.
  const installed = JSON.parse(await readFile(join(www, 'node_modules', 'cognito-wasm', 'package.json'), 'utf8'));
  assert.equal(installed.version, version);
  // Built into target/ (www/dist belongs to www.test.mjs, which may run at the same time).
  await run(join(www, 'node_modules', '.bin', 'vite'), ['build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: www });
  localStack = await stack();
  info = localStack.info;
  const index = withWatch(await readFile(join(dist, 'index.html'), 'utf8'));
  // Generated bodies take their type from the path's extension: the app is opened as /index.html.
  server = await serveStatic(dist, PORT, { extra: { '/index.html': index, '/config.json': JSON.stringify(appConfig(info)) } });
});

after(async () => {
  await server?.close();
  await localStack?.stop();
});

/** A fresh browser (fresh profile) on the app at `url`, once it is ready to sign in. */
async function openApp(url = `${server.url}/index.html`) {
  const browser = await Browser.launch(engine);
  try {
    await browser.resize(1100, 900);
    await browser.goto(url);
    await browser.waitFor(() => document.querySelector('#sign-in button:enabled') !== null, [], { what: 'the sign-in button' })
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify((await browser.watched()).problems)}`); });
    return browser;
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Signs in through the form (typed and clicked over WebDriver) and waits for the verdict or an error. */
async function signInAndList(browser, username, password) {
  await browser.type('input[name=username]', username);
  await browser.type('input[name=password]', password);
  await browser.click('#sign-in button');
  await browser.waitFor(() => document.querySelector('#verdict:not(:empty), #error:not(:empty)') !== null, [],
    { what: 'the verdict or an error' });
}

/** Checks a complete run of the app: user, credentials, both listings, equal. */
async function assertListedTwice(browser) {
  assert.equal(await browser.text('#error'), '');
  assert.equal(await browser.text('#user'), info.users.demo.username);
  assert.match(await browser.text('#identity'), new RegExp(`^${info.region}:[0-9a-f-]{36}$`));
  const expires = new Date(await browser.text('#expires'));
  const minutes = (expires.getTime() - Date.now()) / 60_000;
  assert.ok(minutes > 50 && minutes <= 61, `credentials last about an hour (${minutes} min)`);

  const ours = await browser.texts('#ours li');
  const sdk = await browser.texts('#sdk li');
  // public/ has more than 1,000 keys: both listings went through several pages.
  assert.ok(ours.length > 1000, `listAllObjects paged through public/ (${ours.length} keys)`);
  assert.deepEqual(sdk, ours, 'the AWS SDK lists the same keys, in the same order');
  assert.equal(new Set(ours).size, ours.length, 'every key once');
  assert.ok(ours.every((k) => k.startsWith('public/')), 'only the prefix');
  for (const key of ['public/readme.txt', 'public/unicode/héllo wörld ✓.txt', 'public/unicode/日本語/ファイル.txt',
    'public/symbols/a+b=c.txt', 'public/symbols/x=1&y=2 (copy).txt', 'public/symbols/100% done~.txt',
    'public/many/item-0000.txt', 'public/many/item-1099.txt']) {
    assert.ok(ours.includes(key), `${key} listed`);
  }
  assert.equal(await browser.text('#verdict'), `Both list the same ${ours.length} keys.`);
  // The password field is emptied and the password is nowhere in the page.
  assert.equal(await browser.evaluate(() => document.querySelector('input[name=password]').value), '');
  assert.ok(!(await browser.evaluate(() => document.documentElement.outerHTML)).includes(info.users.demo.password));
}

test(`${engine}: the built app signs in, gets credentials and lists public/ the same as the AWS SDK`, async () => {
  const browser = await openApp();
  try {
    await signInAndList(browser, info.users.demo.username, info.users.demo.password);
    await assertListedTwice(browser);
    const { problems, requested } = await browser.watched();
    // The .wasm came from Vite's hashed asset.
    assert.ok(requested.some((u) => /\/assets\/cognito_wasm_bg-[\w-]+\.wasm$/.test(u)), 'hashed .wasm asset loaded');
    await browser.screenshot('www-built-listing');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test(`${engine}: a wrong password shows NotAuthorizedException and nothing is listed`, async () => {
  const browser = await openApp();
  try {
    await signInAndList(browser, info.users.demo.username, 'Wrong-passw0rd!');
    assert.match(await browser.text('#error'), /^NotAuthorizedException: /);
    assert.equal((await browser.texts('#ours li')).length, 0);
    assert.equal(await browser.text('#identity'), '');
    await browser.screenshot('www-wrong-password');
    assert.deepEqual((await browser.watched()).problems, []);
    // The form works again with the right password.
    await signInAndList(browser, info.users.demo.username, info.users.demo.password);
    await browser.waitFor(() => document.querySelector('#verdict:not(:empty)') !== null, [], { what: 'the verdict' });
    assert.equal(await browser.text('#error'), '');
  } finally {
    await browser.close();
  }
});

test(`${engine}: the same app runs under the Vite dev server`, async () => {
  // The built app's server is closed meanwhile (same port); the watch script goes
  // first in the dev server's page.
  await server.close();
  const dev = await startDevServer(www, PORT, appConfig(info), (html) => withWatch(html));
  try {
    const browser = await openApp(`http://127.0.0.1:${PORT}/`);
    try {
      await signInAndList(browser, info.users.demo.username, info.users.demo.password);
      await assertListedTwice(browser);
      const { problems, requested } = await browser.watched();
      assert.ok(requested.some((u) => u.endsWith('/node_modules/cognito-wasm/cognito_wasm_bg.wasm')),
        'the .wasm next to cognito_wasm.js, as published');
      await browser.screenshot('www-dev-server-listing');
      assert.deepEqual(problems.filter((p) => !/\[vite\]/.test(p)), []);
    } finally {
      await browser.close();
    }
  } finally {
    await dev.close();
    server = undefined;
  }
});

test(`${engine}: a Vite app can hand init() the .wasm URL itself (cognito-wasm/cognito_wasm_bg.wasm?url)`, async () => {
  const out = join(root, 'target', 'e2e-npm', `vite-url-${engine}`);
  await buildWasmUrlApp(www, out, `<script>${WATCH_SCRIPT}</script>`);
  const urlApp = await serveStatic(out, PORT);
  const browser = await Browser.launch(engine);
  try {
    await browser.goto(`${urlApp.url}/`);
    const result = await browser.waitFor(() => window.result, [], { what: 'the app to start' });
    assert.match(result.wasmUrl, /^\/assets\/cognito_wasm_bg-[\w-]+\.wasm$/);
    assert.equal(result.again, true, 'a second init() returns the same instance');
    assert.equal(result.error, 'InvalidConfig', 'the module runs');
    const { problems, requested } = await browser.watched();
    assert.deepEqual(requested.filter((u) => u.endsWith('.wasm')), [`${urlApp.url}${result.wasmUrl}`]);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await urlApp.close();
  }
});
