// End-to-end tests of the Yew demo (app/), built by `trunk build --release`
// into target/demo-dist, served on 127.0.0.1:8081 with a generated
// config.json, against the local stack, in Debian's headless Chromium.
//
// The page is served with a Content-Security-Policy header stricter than the
// <meta> policy in app/index.html: connect-src is exactly the stack's
// endpoint and the only script allowed inline is trunk's loader (by hash).
// Every test fails on any CSP violation, Rust panic or uncaught error.
//
// The tests start their own stack (not the one scripts/test shares between
// layers): the new-password test changes the `newbie` user for good.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic, browser, screenshot, stackRequests } from './harness.mjs';
import { appConfig } from './npm-package.mjs';
import { PORT, demoHtml, ownStack, contentSecurityPolicy, dist } from './demo-site.mjs';

const TIMEOUT = 20_000;

let localStack;
let info;
let server;
let chrome;

before(async () => {
  const html = await demoHtml();
  localStack = await ownStack();
  info = localStack.info;
  server = await serveStatic(dist, PORT, {
    headers: { 'content-security-policy': contentSecurityPolicy(html, info.endpoint) },
    extra: { '/config.json': JSON.stringify(appConfig(info)) },
  });
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

/** A fresh page with the settings loaded; collects CSP violations and crashes. */
async function openDemo(viewport = { width: 1280, height: 900 }) {
  const context = await chrome.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|panicked|RuntimeError|unreachable/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}/`);
  // The form is prefilled from config.json once it has been fetched.
  await page.waitForFunction((id) => document.querySelector('#set-user-pool')?.value === id, info.userPoolId);
  return {
    page,
    problems,
    close: async () => {
      await context.close();
      assert.deepEqual(problems, [], 'no CSP violation, panic or page error');
    },
  };
}

async function signIn(page, username, password) {
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
}

async function listPrefix(page, prefix) {
  await page.getByTestId('prefix').fill(prefix);
  await page.getByTestId('list').click();
}

/** Names shown in the object rows. */
async function objectNames(page) {
  return page.getByTestId('s3-object').locator('td.name').allTextContents();
}

test('signs in with SRP, shows tokens and credentials, lists public/ and browses a folder', async () => {
  const { page, close } = await openDemo();
  const { username, password } = info.users.demo;
  await signIn(page, username, password);

  const claims = page.getByTestId('id-token-claims');
  await claims.waitFor();
  const claimsText = await claims.textContent();
  assert.match(claimsText, new RegExp(`${info.userPoolId}`), 'iss names the user pool');
  assert.match(claimsText, new RegExp(info.clientId), 'aud is the app client');
  assert.match(claimsText, /token_use\s*id/);
  await page.getByTestId('identity-id').waitFor();
  assert.match(await page.getByTestId('identity-id').textContent(), new RegExp(`^${info.region}:[0-9a-f-]{36}$`));
  assert.match(await page.getByTestId('access-key-id').textContent(), /^ASIA[A-Z0-9]{12,}$/);
  assert.match(await page.getByTestId('expiration').textContent(), /UTC \(in (59m|1h)/);

  await listPrefix(page, 'public/');
  await page.getByTestId('s3-object').first().waitFor();
  assert.ok((await objectNames(page)).includes('readme.txt'));
  const folders = await page.getByTestId('s3-prefix').allTextContents();
  for (const f of ['docs/', 'many/', 'a b/', 'unicode/', 'symbols/']) {
    assert.ok(folders.some((t) => t.includes(f)), `folder ${f} listed (got ${folders})`);
  }

  // Each object has a presigned GET link for its key, valid 15 minutes, with the
  // session token. (The local stack does not accept query-string auth yet, so
  // only the link's form is checked here, not the download.)
  const href = await page.getByTestId('s3-object').filter({ hasText: 'readme.txt' }).getByRole('link').getAttribute('href');
  const link = new URL(href);
  assert.equal(`${link.origin}${link.pathname}`, `${info.endpoint}/${info.bucket}/public/readme.txt`);
  assert.equal(link.searchParams.get('X-Amz-Expires'), '900');
  assert.equal(link.searchParams.get('X-Amz-SignedHeaders'), 'host');
  assert.match(link.searchParams.get('X-Amz-Credential'), new RegExp(`^ASIA\\w+/\\d{8}/${info.region}/s3/aws4_request$`));
  assert.ok(link.searchParams.get('X-Amz-Security-Token'));
  assert.match(link.searchParams.get('X-Amz-Signature'), /^[0-9a-f]{64}$/);

  // Into a folder with spaces, then back with the breadcrumb.
  await page.getByTestId('s3-prefix').filter({ hasText: 'a b/' }).getByRole('button').click();
  await page.getByTestId('s3-object').filter({ hasText: 'with space.txt' }).waitFor();
  assert.deepEqual(await page.getByTestId('s3-prefix').allTextContents().then((t) => t.map((s) => s.trim())), ['▸ c d/']);
  await page.getByRole('navigation', { name: 'Location' }).getByRole('button', { name: 'public/' }).click();
  await page.getByTestId('s3-object').filter({ hasText: 'readme.txt' }).waitFor();

  // The request log: every step's calls, the SigV4 strings, no secrets.
  const log = await page.locator('.request-log').textContent();
  for (const op of ['InitiateAuth', 'RespondToAuthChallenge', 'GetId', 'GetCredentialsForIdentity', 'S3 ListObjectsV2']) {
    assert.ok(log.includes(op), `log shows ${op}`);
  }
  assert.ok(log.includes('AWS4-HMAC-SHA256\n'), 'string to sign shown');
  assert.match(log, /x-amz-security-token:[^\n]{8}…\(\d+ chars\)/, 'session token shortened in the canonical request');
  assert.match(log, /"SecretKey": "‹redacted›"/);
  assert.match(log, /"RefreshToken": "‹redacted›"/);
  const body = await page.locator('body').textContent();
  assert.ok(!body.includes(password), 'the password appears nowhere');
  await page.getByRole('button', { name: 'Reveal' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Reveal' }).getAttribute('aria-pressed'), 'false');

  await page.locator('.call').last().locator('summary').click();
  await screenshot(page, 'demo-signed-in-list');

  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in').waitFor();
  await page.locator('.call', { hasText: 'RevokeToken' }).waitFor();
  assert.equal(await page.getByTestId('identity-id').count(), 0, 'credentials gone after sign-out');
  await close();
});

test('a guest lists public/', async () => {
  const { page, close } = await openDemo();
  await page.getByTestId('guest').click();
  await page.getByTestId('identity-id').waitFor();
  assert.match(await page.locator('.who').textContent(), /Guest/);
  await listPrefix(page, 'public/');
  await page.getByTestId('s3-object').filter({ hasText: 'readme.txt' }).waitFor();
  assert.equal(await page.getByTestId('id-token-claims').count(), 0, 'a guest has no tokens');
  const log = await page.locator('.request-log').textContent();
  assert.ok(!log.includes('InitiateAuth'), 'a guest skips the user pool');
  await screenshot(page, 'demo-guest-public');
  await close();
});

test('a guest is denied private/ and sees why', async () => {
  const { page, close } = await openDemo();
  await page.getByTestId('guest').click();
  await page.getByTestId('identity-id').waitFor();
  await listPrefix(page, 'private/');
  const error = page.getByTestId('error');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /Listing failed/);
  assert.match(text, /AccessDenied/);
  assert.match(text, /guest/i, 'the hint explains the guest role');
  assert.equal(await page.getByTestId('s3-object').count(), 0);
  // Still usable: public/ lists right after.
  await listPrefix(page, 'public/');
  await page.getByTestId('s3-object').first().waitFor();
  await listPrefix(page, 'private/');
  await error.waitFor();
  await screenshot(page, 'demo-guest-denied-private');
  await close();
});

test('a wrong password is refused with a clear error', async () => {
  const { page, close } = await openDemo();
  await signIn(page, info.users.demo.username, 'Wrong-passw0rd!');
  const error = page.getByTestId('error');
  await error.waitFor();
  assert.match(await error.textContent(), /NotAuthorizedException/);
  assert.equal(await page.getByTestId('sign-in').isEnabled(), true, 'the form can be used again');
  assert.equal(await page.getByTestId('identity-id').count(), 0);
  await screenshot(page, 'demo-wrong-password');
  // The right password then works.
  await page.getByTestId('password').fill(info.users.demo.password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('id-token-claims').waitFor();
  assert.equal(await page.getByTestId('error').count(), 0, 'the old error is gone');
  await close();
});

test('the new-password challenge is completed', async () => {
  const { page, close } = await openDemo();
  const { username, password } = info.users.newPassword;
  await signIn(page, username, password);
  const newPassword = page.getByTestId('new-password');
  await newPassword.waitFor();
  assert.match(await page.locator('form.challenge').textContent(), /NEW_PASSWORD_REQUIRED/);
  await screenshot(page, 'demo-new-password-challenge');
  await newPassword.fill('Brand-new-passw0rd!');
  await page.getByTestId('submit-challenge').click();
  const claims = page.getByTestId('id-token-claims');
  await claims.waitFor();
  assert.match(await claims.textContent(), new RegExp(`cognito:username\\s*${username}`));
  await page.getByTestId('identity-id').waitFor();
  const log = await page.locator('.request-log').textContent();
  assert.ok(!log.includes('Brand-new-passw0rd!'), 'the new password is not shown');
  assert.match(log, /"NEW_PASSWORD": "‹redacted›"/);
  await screenshot(page, 'demo-new-password-done');

  // The new password is the password now.
  await page.getByTestId('sign-out').click();
  await signIn(page, username, 'Brand-new-passw0rd!');
  await claims.waitFor();
  await close();
});

test('pages through the 1,100 keys of public/many/', async () => {
  const { page, close } = await openDemo();
  await signIn(page, info.users.demo.username, info.users.demo.password);
  await page.getByTestId('identity-id').waitFor();

  // Small pages: the continuation token carries on where the page ended.
  await page.locator('#page-size').selectOption('25');
  await listPrefix(page, 'public/many/');
  await page.getByTestId('s3-object').first().waitFor();
  let names = await objectNames(page);
  assert.equal(names.length, 25);
  assert.equal(names[0], 'item-0000.txt');
  await page.getByTestId('next-page').click();
  await page.getByTestId('s3-object').filter({ hasText: 'item-0025.txt' }).waitFor();
  names = await objectNames(page);
  assert.deepEqual([names.length, names[0], names[24]], [25, 'item-0025.txt', 'item-0049.txt']);
  assert.match(await page.locator('table.objects caption').textContent(), /^Page 2 /);

  // Whole prefix: 1,000 then 100, then no next page.
  await page.locator('#page-size').selectOption('1000');
  await listPrefix(page, 'public/many/');
  await page.getByTestId('s3-object').filter({ hasText: 'item-0999.txt' }).waitFor();
  assert.equal(await page.getByTestId('s3-object').count(), 1000);
  await page.getByTestId('next-page').click();
  await page.getByTestId('s3-object').filter({ hasText: 'item-1099.txt' }).waitFor();
  names = await objectNames(page);
  assert.deepEqual([names.length, names[0], names[99]], [100, 'item-1000.txt', 'item-1099.txt']);
  assert.equal(await page.getByTestId('next-page').count(), 0, 'no page after the last');
  await page.locator('table.objects').scrollIntoViewIfNeeded();
  await screenshot(page, 'demo-paging-last-page');
  await close();
});

test('the pool map shows which user pool the identity pool is bound to', async () => {
  const { page, close } = await openDemo();
  await signIn(page, info.users.demo.username, info.users.demo.password);
  await page.getByTestId('identity-id').waitFor();
  await page.getByRole('button', { name: 'Map the pools' }).click();
  const map = page.getByTestId('pool-map');
  await map.waitFor();
  const binding = map.locator('.binding.ours');
  await binding.first().waitFor();
  const text = await binding.first().textContent();
  assert.ok(text.includes(`cognito-idp.${info.region}.amazonaws.com/${info.userPoolId}`), text);
  assert.ok(text.includes(info.userPoolId) && text.includes('cognito-wasm-demo'), 'the user pool is named');
  const clients = await map.locator('.binding').allTextContents();
  assert.ok(clients.some((t) => t.includes(info.clientId)), 'the app client of the binding is shown');
  assert.ok((await map.textContent()).includes(info.identityPoolId));
  const log = await page.locator('.request-log').textContent();
  for (const op of ['ListUserPools', 'ListIdentityPools', 'DescribeIdentityPool']) {
    assert.ok(log.includes(op), `log shows ${op}`);
  }
  await map.scrollIntoViewIfNeeded();
  await screenshot(page, 'demo-pool-map');
  await close();
});

test('invalid settings are explained inline and nothing is sent', async () => {
  const { page, close } = await openDemo();
  const before = await stackRequests(info);
  await page.locator('#set-user-pool').fill('not-a-pool');
  await page.locator('#set-user-pool-error').waitFor();
  assert.match(await page.locator('#set-user-pool-error').textContent(), /userPoolId/);
  assert.equal(await page.getByTestId('sign-in').isDisabled(), true);
  await page.locator('#set-s3-endpoint').fill('ftp://example.com');
  await page.locator('#set-s3-endpoint-error').waitFor();
  await page.locator('.settings').scrollIntoViewIfNeeded();
  await screenshot(page, 'demo-invalid-settings');
  const after = await stackRequests(info);
  assert.equal(after.total, before.total, 'no request reached the stack');
  await close();
});

test('works at phone width, by keyboard, and the CSP blocks inline script', async () => {
  const { page, problems, close } = await openDemo({ width: 390, height: 844 });
  // Keyboard only: focus the user name, type, Tab to the password, Enter submits.
  await page.getByTestId('username').focus();
  await page.keyboard.type(info.users.demo.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(info.users.demo.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('identity-id').waitFor();
  await page.getByTestId('prefix').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('s3-object').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow}px)`);
  await screenshot(page, 'demo-phone');

  const injected = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.appendChild(s);
    return window.__injected === true;
  });
  assert.equal(injected, false, 'an injected inline script does not run');
  // That refusal is the one CSP report this test expects.
  await page.waitForTimeout(200);
  // Both policies refuse it: the header's (with the loader's hash) and the <meta> one.
  assert.equal(problems.length, 2, `two CSP refusals: ${problems}`);
  assert.ok(problems.every((p) => /inline script violates/.test(p)), String(problems));
  assert.ok(problems.some((p) => p.includes("'sha256-")) && problems.some((p) => /directive 'script-src 'self' 'wasm-unsafe-eval''/.test(p)));
  problems.length = 0;
  await close();
});
