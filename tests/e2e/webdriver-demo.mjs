// The Yew demo's main flows (demo.test.mjs) in Firefox ESR or WebKitGTK over
// WebDriver (E2E_ENGINE): the release build in target/demo-dist (scripts/test's
// build-app layer), served on 127.0.0.1:8081 (the demo origin the stack's CORS
// allows) with a generated config.json, the watch script (webdriver.mjs) first in
// its page and a Content-Security-Policy header naming the stack alone. Each test
// types and clicks as a user would; a page error, a console error or warning, or
// a CSP violation fails it.
//
// Like demo.test.mjs, the tests start their own stack: the new-password test
// changes the `newbie` user for good.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic } from './harness.mjs';
import { appConfig } from './npm-package.mjs';
import { PORT, demoHtml, ownStack, contentSecurityPolicy, dist } from './demo-site.mjs';
import { Browser, engineName, withWatch, WATCH_SCRIPT_HASH } from './webdriver.mjs';

const engine = engineName();

let localStack;
let info;
let server;

before(async () => {
  const html = withWatch(await demoHtml());
  localStack = await ownStack();
  info = localStack.info;
  server = await serveStatic(dist, PORT, {
    headers: { 'content-security-policy': contentSecurityPolicy(html, info.endpoint, [WATCH_SCRIPT_HASH]) },
    extra: { '/index.html': html, '/config.json': JSON.stringify(appConfig(info)) },
  });
});

after(async () => {
  await server?.close();
  await localStack?.stop();
});

/** A fresh browser (fresh profile) on the demo, once its settings are loaded. */
async function openDemo() {
  const browser = await Browser.launch(engine);
  try {
    await browser.resize(1280, 900);
    await browser.goto(`${server.url}/index.html`);
    await browser.waitFor((id) => document.querySelector('#set-user-pool')?.value === id, [info.userPoolId],
      { what: 'the settings from config.json' })
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify((await browser.watched()).problems)}`); });
    return browser;
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Runs `body(browser)` on a fresh demo, then checks that nothing went wrong in the page. */
async function withDemo(body) {
  const browser = await openDemo();
  try {
    await body(browser);
    assert.deepEqual((await browser.watched()).problems, [], 'no page error, console error or CSP violation');
  } finally {
    await browser.close();
  }
}

const byTestId = (id) => `[data-testid="${id}"]`;

/** Waits until an element with data-testid `id` is in the page. */
function shown(browser, id) {
  return browser.waitFor((s) => document.querySelector(s) !== null, [byTestId(id)], { what: id });
}

/** Waits until no element with data-testid `id` is in the page. */
function gone(browser, id) {
  return browser.waitFor((s) => document.querySelector(s) === null, [byTestId(id)], { what: `${id} gone` });
}

async function signIn(browser, username, password) {
  await browser.type(byTestId('username'), username);
  await browser.type(byTestId('password'), password);
  await browser.click(byTestId('sign-in'));
}

async function listPrefix(browser, prefix) {
  await browser.type(byTestId('prefix'), prefix);
  await browser.click(byTestId('list'));
}

/** The names shown in the object rows. */
function objectNames(browser) {
  return browser.evaluate(() => [...document.querySelectorAll('[data-testid="s3-object"] td.name')]
    .map((e) => e.textContent));
}

/** Waits for an object row naming `name`. */
function objectListed(browser, name) {
  return browser.waitFor((n) => [...document.querySelectorAll('[data-testid="s3-object"] td.name')]
    .some((e) => e.textContent === n), [name], { what: `object ${name}` });
}

test(`${engine}: the demo signs in with SRP, shows tokens and credentials, lists and pages public/, and signs out`, async () => {
  await withDemo(async (browser) => {
    const { username, password } = info.users.demo;
    await signIn(browser, username, password);
    await shown(browser, 'id-token-claims');
    const claims = await browser.text(byTestId('id-token-claims'));
    assert.ok(claims.includes(info.userPoolId), 'iss names the user pool');
    assert.ok(claims.includes(info.clientId), 'aud is the app client');
    await shown(browser, 'identity-id');
    assert.match(await browser.text(byTestId('identity-id')), new RegExp(`^${info.region}:[0-9a-f-]{36}$`));
    assert.match(await browser.text(byTestId('access-key-id')), /^ASIA[A-Z0-9]{12,}$/);

    await listPrefix(browser, 'public/');
    await objectListed(browser, 'readme.txt');
    const folders = await browser.texts(byTestId('s3-prefix'));
    for (const f of ['docs/', 'many/', 'a b/', 'unicode/', 'symbols/']) {
      assert.ok(folders.some((t) => t.includes(f)), `folder ${f} listed (got ${folders})`);
    }
    // Each object links to a presigned GET of its key.
    const href = await browser.evaluate(() => [...document.querySelectorAll('[data-testid="s3-object"]')]
      .find((row) => row.textContent.includes('readme.txt'))?.querySelector('a')?.href);
    const link = new URL(href);
    assert.equal(`${link.origin}${link.pathname}`, `${info.endpoint}/${info.bucket}/public/readme.txt`);
    assert.match(link.searchParams.get('X-Amz-Signature'), /^[0-9a-f]{64}$/);

    const log = await browser.text('.request-log');
    for (const op of ['InitiateAuth', 'RespondToAuthChallenge', 'GetId', 'GetCredentialsForIdentity', 'S3 ListObjectsV2']) {
      assert.ok(log.includes(op), `log shows ${op}`);
    }
    assert.match(log, /"RefreshToken": "‹redacted›"/);
    const html = await browser.evaluate(() => document.documentElement.outerHTML);
    assert.ok(!html.includes(password), 'the password appears nowhere');
    await browser.screenshot('demo-signed-in-list');

    // Small pages: the continuation token carries on where the page ended.
    await browser.click('#page-size option[value="25"]');
    await listPrefix(browser, 'public/many/');
    await objectListed(browser, 'item-0000.txt');
    let names = await objectNames(browser);
    assert.deepEqual([names.length, names[0], names[24]], [25, 'item-0000.txt', 'item-0024.txt']);
    await browser.click(byTestId('next-page'));
    await objectListed(browser, 'item-0025.txt');
    names = await objectNames(browser);
    assert.deepEqual([names.length, names[0], names[24]], [25, 'item-0025.txt', 'item-0049.txt']);

    await browser.click(byTestId('sign-out'));
    await shown(browser, 'sign-in');
    await gone(browser, 'identity-id');
  });
});

test(`${engine}: a guest lists public/ and is denied private/ with the reason`, async () => {
  await withDemo(async (browser) => {
    await browser.click(byTestId('guest'));
    await shown(browser, 'identity-id');
    assert.match(await browser.text('.who'), /Guest/);
    await listPrefix(browser, 'public/');
    await objectListed(browser, 'readme.txt');
    assert.equal(await browser.text(byTestId('id-token-claims')), null, 'a guest has no tokens');

    await listPrefix(browser, 'private/');
    await shown(browser, 'error');
    const error = await browser.text(byTestId('error'));
    assert.match(error, /AccessDenied/);
    assert.match(error, /guest/i, 'the hint explains the guest role');
    await browser.screenshot('demo-guest-denied-private');
  });
});

test(`${engine}: a wrong password is refused by name, then the right one signs in`, async () => {
  await withDemo(async (browser) => {
    await signIn(browser, info.users.demo.username, 'Wrong-passw0rd!');
    await shown(browser, 'error');
    assert.match(await browser.text(byTestId('error')), /NotAuthorizedException/);
    assert.equal(await browser.text(byTestId('identity-id')), null);
    await browser.type(byTestId('password'), info.users.demo.password);
    await browser.click(byTestId('sign-in'));
    await shown(browser, 'id-token-claims');
    await gone(browser, 'error');
  });
});

test(`${engine}: the new-password challenge is completed`, async () => {
  await withDemo(async (browser) => {
    const { username, password } = info.users.newPassword;
    await signIn(browser, username, password);
    await shown(browser, 'new-password');
    assert.match(await browser.text('form.challenge'), /NEW_PASSWORD_REQUIRED/);
    await browser.type(byTestId('new-password'), 'Brand-new-passw0rd!');
    await browser.click(byTestId('submit-challenge'));
    await shown(browser, 'id-token-claims');
    assert.ok((await browser.text(byTestId('id-token-claims'))).includes(username));
    await shown(browser, 'identity-id');
    const log = await browser.text('.request-log');
    assert.ok(!log.includes('Brand-new-passw0rd!'), 'the new password is not shown');
    assert.match(log, /"NEW_PASSWORD": "‹redacted›"/);
  });
});
