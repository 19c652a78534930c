// The Yew demo's main flows (app/), written once over a demo page object
// (demo-page.mjs) and run in Chromium by demo.test.mjs and in Firefox ESR and
// WebKitGTK by webdriver-demo.mjs, and what the demo's end-to-end tests (these,
// demo-data-site.mjs, demo-accounts-site.mjs) share: the release build in
// target/demo-dist, a stack of their own, the config.json they serve and the
// Content-Security-Policy header they send.
//
// The page is served with a Content-Security-Policy header stricter than the
// <meta> policy in app/index.html: connect-src is exactly the stack's endpoint
// and the only scripts allowed inline are trunk's loader (by hash) and what the
// runner adds (webdriver.mjs's watch script). Every test fails on any CSP
// violation, Rust panic or uncaught error.
//
// The tests start their own stack (not the one scripts/test shares between
// layers): the new-password test changes the `newbie` user for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root, serveStatic, stack, stackRequests } from './harness.mjs';
import { appConfig } from './npm-package.mjs';
import { tid, signIn } from './demo-page.mjs';

/** Where scripts/test's build-app layer (`trunk build --release`) puts the demo. */
export const dist = join(root, 'target', 'demo-dist');

/** The demo origin the stack's CORS rule allows. */
export const PORT = 8081;

/** The built index.html; a clear error when the demo was not built. */
export async function demoHtml() {
  const indexHtml = join(dist, 'index.html');
  await access(indexHtml).catch(() => {
    throw new Error(`${indexHtml} is missing: build the demo first (from the repository root: trunk build --release)`);
  });
  return readFile(indexHtml, 'utf8');
}

/**
 * A stack of the tests' own, even when scripts/test exported STACK_JSON: the
 * tests change it for good (the `newbie` user's password, new users, rows and
 * files). `allowedOrigin`: a further page origin its CORS rule allows.
 */
export async function ownStack({ allowedOrigin } = {}) {
  const saved = { json: process.env.STACK_JSON, origins: process.env.STACK_ALLOWED_ORIGINS };
  delete process.env.STACK_JSON;
  if (allowedOrigin !== undefined) process.env.STACK_ALLOWED_ORIGINS = allowedOrigin;
  try {
    return await stack();
  } finally {
    if (saved.json !== undefined) process.env.STACK_JSON = saved.json;
    if (saved.origins === undefined) delete process.env.STACK_ALLOWED_ORIGINS;
    else process.env.STACK_ALLOWED_ORIGINS = saved.origins;
  }
}

/**
 * The CSP header: the page's own files, trunk's loader by hash (and any further
 * inline script sources in `scriptSources`), the stack's endpoint only.
 */
export function contentSecurityPolicy(html, endpoint, scriptSources = []) {
  const loader = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  assert.ok(loader, 'trunk loader script not found in index.html');
  const hash = createHash('sha256').update(loader[1]).digest('base64');
  return [
    "default-src 'none'",
    ["script-src 'self' 'wasm-unsafe-eval'", `'sha256-${hash}'`, ...scriptSources].join(' '),
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${endpoint}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * A stack of the tests' own and the built demo served on PORT with the CSP header
 * (allowing `scriptSources` too), `transform(html)` as /index.html and
 * `config(info)` as /config.json: `{ info, url, stop }`.
 */
export async function serveDemo({ transform = (html) => html, scriptSources = [], config = appConfig } = {}) {
  const html = transform(await demoHtml());
  const localStack = await ownStack();
  const { info } = localStack;
  const server = await serveStatic(dist, PORT, {
    headers: { 'content-security-policy': contentSecurityPolicy(html, info.endpoint, scriptSources) },
    extra: { '/index.html': html, '/config.json': JSON.stringify(config(info)) },
  }).catch(async (e) => { await localStack.stop(); throw e; });
  return {
    info, url: `${server.url}/index.html`,
    stop: async () => { await server.close(); await localStack.stop(); },
  };
}

async function listPrefix(page, prefix) {
  await page.fill(tid('prefix'), prefix);
  await page.click(tid('list'));
}

/** The names shown in the object rows. */
const objectNames = (page) => page.texts(`${tid('s3-object')} td.name`);

/** Waits for the object row naming `name`. */
const objectListed = (page, name) => page.row(tid('s3-object'), { has: [name] });

/**
 * The demo's main flows. `open(viewport?)` gives a fresh demo page with the
 * settings loaded, `{ page, close }` (demo-page.mjs's openDemo); `info()` the
 * stack's JSON; `cspRefusals(problems)` checks, in the engine's own words, that
 * `problems` are the two refusals (the header's policy and the <meta> one) of an
 * injected inline script.
 */
export function demoTests({ label = '', info, open, cspRefusals }) {
  test(`${label}signs in with SRP, shows tokens and credentials, lists public/ and browses a folder`, async () => {
    const { page, close } = await open();
    try {
      const { username, password } = info().users.demo;
      await signIn(page, username, password);
      await page.shown(tid('id-token-claims'));
      const claims = await page.text(tid('id-token-claims'));
      assert.ok(claims.includes(info().userPoolId), 'iss names the user pool');
      assert.ok(claims.includes(info().clientId), 'aud is the app client');
      assert.match(claims, /token_use\s*id/);
      await page.shown(tid('identity-id'));
      assert.match(await page.text(tid('identity-id')), new RegExp(`^${info().region}:[0-9a-f-]{36}$`));
      assert.match(await page.text(tid('access-key-id')), /^ASIA[A-Z0-9]{12,}$/);
      assert.match(await page.text(tid('expiration')), /UTC \(in (59m|1h)/);

      await listPrefix(page, 'public/');
      await objectListed(page, 'readme.txt');
      const folders = await page.texts(tid('s3-prefix'));
      for (const f of ['docs/', 'many/', 'a b/', 'unicode/', 'symbols/']) {
        assert.ok(folders.some((t) => t.includes(f)), `folder ${f} listed (got ${folders})`);
      }

      // Each object has a presigned GET link for its key, valid 15 minutes, with the
      // session token. (The local stack does not accept query-string auth yet, so
      // only the link's form is checked here, not the download.)
      const anchor = await page.row(tid('s3-object'), { has: ['readme.txt'], inner: 'a' });
      const link = new URL(await page.evaluate((s) => document.querySelector(s).getAttribute('href'), anchor));
      assert.equal(`${link.origin}${link.pathname}`, `${info().endpoint}/${info().bucket}/public/readme.txt`);
      assert.equal(link.searchParams.get('X-Amz-Expires'), '900');
      assert.equal(link.searchParams.get('X-Amz-SignedHeaders'), 'host');
      assert.match(link.searchParams.get('X-Amz-Credential'), new RegExp(`^ASIA\\w+/\\d{8}/${info().region}/s3/aws4_request$`));
      assert.ok(link.searchParams.get('X-Amz-Security-Token'));
      assert.match(link.searchParams.get('X-Amz-Signature'), /^[0-9a-f]{64}$/);

      // Into a folder with spaces, then back with the breadcrumb.
      await page.click(await page.row(tid('s3-prefix'), { has: ['a b/'], inner: 'button' }));
      await objectListed(page, 'with space.txt');
      assert.deepEqual((await page.texts(tid('s3-prefix'))).map((s) => s.trim()), ['▸ c d/']);
      await page.click(await page.row('nav[aria-label="Location"] button', { has: ['public/'] }));
      await objectListed(page, 'readme.txt');

      // The request log: every step's calls, the SigV4 strings, no secrets.
      const log = await page.text('.request-log');
      for (const op of ['InitiateAuth', 'RespondToAuthChallenge', 'GetId', 'GetCredentialsForIdentity', 'S3 ListObjectsV2']) {
        assert.ok(log.includes(op), `log shows ${op}`);
      }
      assert.ok(log.includes('AWS4-HMAC-SHA256\n'), 'string to sign shown');
      assert.match(log, /x-amz-security-token:[^\n]{8}…\(\d+ chars\)/, 'session token shortened in the canonical request');
      assert.match(log, /"SecretKey": "‹redacted›"/);
      assert.match(log, /"RefreshToken": "‹redacted›"/);
      assert.ok(!(await page.text('body')).includes(password), 'the password appears nowhere');
      const reveal = await page.row('button', { has: ['Reveal'] });
      assert.equal(await page.evaluate((s) => document.querySelector(s).getAttribute('aria-pressed'), reveal), 'false');

      // The last call opened, for the screenshot.
      await page.click(await page.evaluate(() => {
        const calls = document.querySelectorAll('.call summary');
        calls[calls.length - 1].setAttribute('data-e2e-target', 'last-call');
        return '[data-e2e-target="last-call"]';
      }));
      await page.screenshot('demo-signed-in-list');

      await page.click(tid('sign-out'));
      await page.shown(tid('sign-in'));
      await page.row('.call', { has: ['RevokeToken'] });
      assert.equal(await page.count(tid('identity-id')), 0, 'credentials gone after sign-out');
    } finally {
      await close();
    }
  });

  test(`${label}a guest lists public/`, async () => {
    const { page, close } = await open();
    try {
      await page.click(tid('guest'));
      await page.shown(tid('identity-id'));
      assert.match(await page.text('.who'), /Guest/);
      await listPrefix(page, 'public/');
      await objectListed(page, 'readme.txt');
      assert.equal(await page.count(tid('id-token-claims')), 0, 'a guest has no tokens');
      assert.ok(!(await page.text('.request-log')).includes('InitiateAuth'), 'a guest skips the user pool');
      await page.screenshot('demo-guest-public');
    } finally {
      await close();
    }
  });

  test(`${label}a guest is denied private/ and sees why`, async () => {
    const { page, close } = await open();
    try {
      await page.click(tid('guest'));
      await page.shown(tid('identity-id'));
      await listPrefix(page, 'private/');
      await page.shown(tid('error'));
      const text = await page.text(tid('error'));
      assert.match(text, /Listing failed/);
      assert.match(text, /AccessDenied/);
      assert.match(text, /guest/i, 'the hint explains the guest role');
      assert.equal(await page.count(tid('s3-object')), 0);
      // Still usable: public/ lists right after.
      await listPrefix(page, 'public/');
      await page.shown(tid('s3-object'));
      await listPrefix(page, 'private/');
      await page.shown(tid('error'));
      await page.screenshot('demo-guest-denied-private');
    } finally {
      await close();
    }
  });

  test(`${label}a wrong password is refused with a clear error`, async () => {
    const { page, close } = await open();
    try {
      await signIn(page, info().users.demo.username, 'Wrong-passw0rd!');
      await page.shown(tid('error'));
      assert.match(await page.text(tid('error')), /NotAuthorizedException/);
      await page.waitFor((s) => !document.querySelector(s).disabled, tid('sign-in'), 'the form usable again');
      assert.equal(await page.count(tid('identity-id')), 0);
      await page.screenshot('demo-wrong-password');
      // The right password then works.
      await page.fill(tid('password'), info().users.demo.password);
      await page.click(tid('sign-in'));
      await page.shown(tid('id-token-claims'));
      assert.equal(await page.count(tid('error')), 0, 'the old error is gone');
    } finally {
      await close();
    }
  });

  test(`${label}the new-password challenge is completed`, async () => {
    const { page, close } = await open();
    try {
      const { username, password } = info().users.newPassword;
      await signIn(page, username, password);
      await page.shown(tid('new-password'));
      assert.match(await page.text('form.challenge'), /NEW_PASSWORD_REQUIRED/);
      await page.screenshot('demo-new-password-challenge');
      await page.fill(tid('new-password'), 'Brand-new-passw0rd!');
      await page.click(tid('submit-challenge'));
      await page.shown(tid('id-token-claims'));
      assert.match(await page.text(tid('id-token-claims')), new RegExp(`cognito:username\\s*${username}`));
      await page.shown(tid('identity-id'));
      const log = await page.text('.request-log');
      assert.ok(!log.includes('Brand-new-passw0rd!'), 'the new password is not shown');
      assert.match(log, /"NEW_PASSWORD": "‹redacted›"/);
      await page.screenshot('demo-new-password-done');

      // The new password is the password now.
      await page.click(tid('sign-out'));
      await signIn(page, username, 'Brand-new-passw0rd!');
      await page.shown(tid('id-token-claims'));
    } finally {
      await close();
    }
  });

  test(`${label}pages through the 1,100 keys of public/many/`, async () => {
    const { page, close } = await open();
    try {
      await signIn(page, info().users.demo.username, info().users.demo.password);
      await page.shown(tid('identity-id'));

      // Small pages: the continuation token carries on where the page ended.
      await page.select('#page-size', '25');
      await listPrefix(page, 'public/many/');
      await objectListed(page, 'item-0000.txt');
      let names = await objectNames(page);
      assert.deepEqual([names.length, names[0]], [25, 'item-0000.txt']);
      await page.click(tid('next-page'));
      await objectListed(page, 'item-0025.txt');
      names = await objectNames(page);
      assert.deepEqual([names.length, names[0], names[24]], [25, 'item-0025.txt', 'item-0049.txt']);
      assert.match(await page.text('table.objects caption'), /^Page 2 /);

      // Whole prefix: 1,000 then 100, then no next page.
      await page.select('#page-size', '1000');
      await listPrefix(page, 'public/many/');
      await objectListed(page, 'item-0999.txt');
      assert.equal(await page.count(tid('s3-object')), 1000);
      await page.click(tid('next-page'));
      await objectListed(page, 'item-1099.txt');
      names = await objectNames(page);
      assert.deepEqual([names.length, names[0], names[99]], [100, 'item-1000.txt', 'item-1099.txt']);
      assert.equal(await page.count(tid('next-page')), 0, 'no page after the last');
      await page.evaluate(() => document.querySelector('table.objects').scrollIntoView());
      await page.screenshot('demo-paging-last-page');
    } finally {
      await close();
    }
  });

  test(`${label}the pool map shows which user pool the identity pool is bound to`, async () => {
    const { page, close } = await open();
    try {
      await signIn(page, info().users.demo.username, info().users.demo.password);
      await page.shown(tid('identity-id'));
      await page.click(await page.row('button', { has: ['Map the pools'] }));
      const map = tid('pool-map');
      await page.shown(`${map} .binding.ours`);
      const text = await page.text(`${map} .binding.ours`);
      assert.ok(text.includes(`cognito-idp.${info().region}.amazonaws.com/${info().userPoolId}`), text);
      assert.ok(text.includes(info().userPoolId) && text.includes('cognito-wasm-demo'), 'the user pool is named');
      const clients = await page.texts(`${map} .binding`);
      assert.ok(clients.some((t) => t.includes(info().clientId)), 'the app client of the binding is shown');
      assert.ok((await page.text(map)).includes(info().identityPoolId));
      const log = await page.text('.request-log');
      for (const op of ['ListUserPools', 'ListIdentityPools', 'DescribeIdentityPool']) {
        assert.ok(log.includes(op), `log shows ${op}`);
      }
      await page.evaluate((s) => document.querySelector(s).scrollIntoView(), map);
      await page.screenshot('demo-pool-map');
    } finally {
      await close();
    }
  });

  test(`${label}invalid settings are explained inline and nothing is sent`, async () => {
    const { page, close } = await open();
    try {
      const before = await stackRequests(info());
      await page.fill('#set-user-pool', 'not-a-pool');
      await page.shown('#set-user-pool-error');
      assert.match(await page.text('#set-user-pool-error'), /userPoolId/);
      assert.equal(await page.evaluate((s) => document.querySelector(s).disabled, tid('sign-in')), true);
      await page.fill('#set-s3-endpoint', 'ftp://example.com');
      await page.shown('#set-s3-endpoint-error');
      await page.evaluate(() => document.querySelector('.settings').scrollIntoView());
      await page.screenshot('demo-invalid-settings');
      const after = await stackRequests(info());
      assert.equal(after.total, before.total, 'no request reached the stack');
    } finally {
      await close();
    }
  });

  test(`${label}works at phone width, by keyboard, and the CSP blocks inline script`, async () => {
    const { page, close } = await open({ width: 390, height: 844 });
    try {
      // Keyboard only: focus the user name, type, Tab to the password, Enter submits.
      await page.shown(tid('username'));
      await page.evaluate((s) => document.querySelector(s).focus(), tid('username'));
      await page.typeKeys(info().users.demo.username);
      await page.press('Tab');
      await page.typeKeys(info().users.demo.password);
      await page.press('Enter');
      await page.shown(tid('identity-id'));
      await page.evaluate((s) => document.querySelector(s).focus(), tid('prefix'));
      await page.press('Enter');
      await page.shown(tid('s3-object'));
      // A WebDriver window size is the window's outer size, and the engines keep a
      // window wider than 390 px: over WebDriver the page got 500 px in Firefox ESR
      // and 447 px in WebKitGTK's MiniBrowser, not 390 (the message says which).
      const { overflow, width } = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth, width: window.innerWidth,
      }));
      assert.ok(overflow <= 0, `no horizontal scrolling at ${width} px (overflow ${overflow}px)`);
      await page.screenshot('demo-phone');

      const injected = await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__injected = true;';
        document.body.appendChild(s);
        return window.__injected === true;
      });
      assert.equal(injected, false, 'an injected inline script does not run');
      // That refusal is the one CSP report this test expects.
      await new Promise((ok) => setTimeout(ok, 200));
      cspRefusals(await page.problems());
      await page.clearProblems();
    } finally {
      await close();
    }
  });
}
