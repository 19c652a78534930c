// The demo's account screens (app/), written once over a demo page object
// (demo-page.mjs) and run in Chromium by demo-accounts.test.mjs and in Firefox ESR
// and WebKitGTK by webdriver-demo-accounts.mjs: sign-up confirmed with the code
// read from the page's outbox panel, a password reset, TOTP enrolment with a code
// computed here from the secret the page shows (RFC 6238), then a sign-in that
// asks for a TOTP code; on the pool that requires MFA, MFA_SETUP answered in the
// page (its new device confirmed by the sign-in), "Remember this device"
// (UpdateDeviceStatus alone), a sign-in that skips MFA, and the device forgotten
// (MFA asked again).
//
// The stack is the tests' own (they create users and change passwords), started
// with this page's origin allowed by CORS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { serveStatic } from './harness.mjs';
import { appConfig } from './npm-package.mjs';
import { demoHtml, ownStack, dist } from './demo-site.mjs';
import { tid, signIn } from './demo-page.mjs';

// Not the demo tests' 8081: an origin of these tests' own, let in by their stack.
export const PORT = 8120;
const PASSWORD = 'Sign-up-passw0rd!';
const NEW_PASSWORD = 'Reset-passw0rd!2';

/**
 * The stack (its origin allowed) and the built demo served on PORT, with
 * `html` (the built index.html, given to `transform`) as /index.html:
 * `{ info, url, stop }`.
 */
export async function serveAccounts(transform = (html) => html) {
  const html = transform(await demoHtml());
  const url = `http://127.0.0.1:${PORT}`;
  const localStack = await ownStack({ allowedOrigin: url });
  const { info } = localStack;
  const server = await serveStatic(dist, PORT, {
    extra: { '/index.html': html, '/config.json': JSON.stringify(appConfig(info)) },
  }).catch(async (e) => { await localStack.stop(); throw e; });
  return {
    info, url: `${url}/index.html`,
    stop: async () => { await server.close(); await localStack.stop(); },
  };
}

/** The newest code the outbox panel shows for `username` and `purpose`, once there are `count`. */
async function codeFromOutbox(page, username, purpose, count = 1) {
  await page.waitFor(([u, p, n]) => [...document.querySelectorAll('[data-testid=outbox-row]')]
    .filter((r) => r.textContent.includes(u) && r.textContent.includes(p)).length >= n,
  [username, purpose, count], `${count} ${purpose} code(s) for ${username}`);
  const code = await page.row(tid('outbox-row'), { has: [username, purpose], inner: tid('outbox-code') });
  return (await page.text(code)).trim();
}

async function signedInAs(page, username) {
  await page.row('.who', { has: [`Signed in as ${username}`] });
}

async function signOut(page) {
  await page.click(tid('sign-out'));
  await page.shown(tid('sign-in'));
}

/** The request log's text, which must hold none of `secrets`. */
async function assertLogHides(page, secrets) {
  const log = await page.text('.request-log');
  for (const secret of secrets) assert.ok(!log.includes(secret), `the log does not show ${secret}`);
  return log;
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret at time step `step`. */
export function totp(secret, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `base32 character ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

const timeStep = () => Math.floor(Date.now() / 30_000);

/** Waits until the TOTP time step is past `step` (a code is single-use). */
async function nextStep(step) {
  while (timeStep() === step) await new Promise((ok) => setTimeout(ok, 500));
}

/**
 * The account tests. `open()` gives a fresh demo page with the settings loaded,
 * `{ page, close }` (demo-page.mjs's openDemo); `info()` the stack's JSON.
 */
export function demoAccountsTests({ label = '', info, open }) {
  test(`${label}signs up, confirms with the code from the outbox panel (after a new one), resets the password, enrols TOTP and signs in with it`, async () => {
    const { page, close } = await open();
    try {
      const username = `e2e-${randomBytes(4).toString('hex')}`;
      const email = `${username}@example.com`;

      // Sign-up → confirm (after asking for a new code) → signed in.
      await page.shown(tid('outbox'));
      await page.click(tid('sign-up-link'));
      await page.fill(tid('sign-up-username'), username);
      await page.fill(tid('sign-up-email'), email);
      await page.fill(tid('sign-up-password'), PASSWORD);
      await page.click(tid('sign-up-submit'));
      await page.shown(tid('confirm-code'));
      assert.match(await page.text(tid('notice')), /Code sent to .+ by EMAIL/);
      const first = await codeFromOutbox(page, username, 'sign-up');
      assert.match(first, /^\d{6}$/);
      await page.click(tid('resend-code'));
      await page.row(tid('notice'), { has: ['A new code'] });
      const code = await codeFromOutbox(page, username, 'sign-up', 2);
      await page.fill(tid('confirm-code'), code);
      await page.click(tid('confirm-submit'));
      await signedInAs(page, username);
      let log = await assertLogHides(page, [PASSWORD, first, code]);
      for (const op of ['SignUp', 'ResendConfirmationCode', 'ConfirmSignUp', 'InitiateAuth']) {
        assert.ok(log.includes(op), `log shows ${op}`);
      }
      await page.screenshot('demo-accounts-signed-up');

      // Forgot password → reset → signed in with the new password.
      await signOut(page);
      await page.click(tid('forgot-password-link'));
      await page.fill(tid('reset-username'), username);
      await page.click(tid('reset-submit'));
      await page.shown(tid('reset-code'));
      const resetCode = await codeFromOutbox(page, username, 'forgot-password');
      await page.fill(tid('reset-code'), resetCode);
      await page.fill(tid('reset-new-password'), NEW_PASSWORD);
      await page.click(tid('reset-submit'));
      await signedInAs(page, username);
      log = await assertLogHides(page, [NEW_PASSWORD, resetCode]);
      assert.ok(log.includes('ForgotPassword') && log.includes('ConfirmForgotPassword'));

      // Profile: the attributes as Cognito holds them.
      await page.shown(tid('profile'));
      await page.row(tid('attribute-email'), { has: [email] });

      // Security: TOTP enrolment with the QR code drawn in the page, the secret in text.
      await page.click(tid('totp-setup'));
      await page.shown(tid('totp-secret'));
      const secret = (await page.text(tid('totp-secret'))).trim();
      assert.match(secret, /^[A-Z2-7]{16,}=*$/);
      const qr = await page.evaluate((s) => {
        const e = document.querySelector(s);
        return { tag: e.tagName.toLowerCase(), path: e.querySelector('path')?.getAttribute('d') ?? '' };
      }, tid('totp-qr'));
      assert.equal(qr.tag, 'svg');
      assert.ok(qr.path.length > 100, 'the QR code is drawn');
      const enrolledAt = timeStep();
      const enrolCode = totp(secret, enrolledAt);
      await page.fill(tid('totp-code'), enrolCode);
      await page.click(tid('totp-verify'));
      await page.row(tid('notice'), { has: ['TOTP'] });
      await assertLogHides(page, [secret, enrolCode]);
      await page.screenshot('demo-accounts-totp');

      // Sign-in now asks for a TOTP code (a code is single-use: wait for the next step).
      await signOut(page);
      await signIn(page, username, NEW_PASSWORD);
      await page.shown(tid('mfa-code'));
      assert.match(await page.text('form.challenge'), /SOFTWARE_TOKEN_MFA/);
      await nextStep(enrolledAt);
      const signInCode = totp(secret, timeStep());
      await page.fill(tid('mfa-code'), signInCode);
      await page.click(tid('submit-challenge'));
      await signedInAs(page, username);
      await assertLogHides(page, [NEW_PASSWORD, signInCode]);
    } finally {
      await close();
    }
  });

  test(`${label}a wrong confirmation code is refused with its AWS name`, async () => {
    const { page, close } = await open();
    try {
      const username = `e2e-${randomBytes(4).toString('hex')}`;
      await page.click(tid('sign-up-link'));
      await page.fill(tid('sign-up-username'), username);
      await page.fill(tid('sign-up-email'), `${username}@example.com`);
      await page.fill(tid('sign-up-password'), PASSWORD);
      await page.click(tid('sign-up-submit'));
      await page.shown(tid('confirm-code'));
      const code = await codeFromOutbox(page, username, 'sign-up');
      const wrong = code === '000000' ? '111111' : '000000';
      await page.fill(tid('confirm-code'), wrong);
      await page.click(tid('confirm-submit'));
      await page.row(tid('error'), { has: ['CodeMismatchException'] });
      await page.shown(tid('confirm-code'));
    } finally {
      await close();
    }
  });

  test(`${label}on the MFA pool: a remembered device skips MFA until it is forgotten`, async () => {
    const { page, close } = await open();
    try {
      const mfa = info().mfaPool;
      const { username, password } = mfa.users.setup;
      await page.fill('#set-user-pool', mfa.userPoolId);
      await page.fill('#set-client', mfa.clientId);
      // The identity pool trusts the demo pool only: no credentials here.
      await page.fill('#set-identity-pool', '');

      // MFA_SETUP: the secret shown in the challenge form, a code computed here.
      await signIn(page, username, password);
      await page.shown(tid('mfa-code'));
      assert.match(await page.text('form.challenge'), /MFA_SETUP/);
      const secret = (await page.text(tid('totp-secret'))).trim();
      const enrolledAt = timeStep();
      await page.fill(tid('mfa-code'), totp(secret, enrolledAt));
      await page.click(tid('submit-challenge'));
      await signedInAs(page, username);

      // The pool tracks devices: the sign-in confirmed this one (ConfirmDevice), and the
      // pool remembers it on the user's word.
      await page.row(tid('device-row'), { has: ['not remembered'] });
      let log = await page.text('.request-log');
      assert.ok(log.includes('ConfirmDevice'), 'log shows the sign-in\'s ConfirmDevice');
      assert.ok(!log.includes('UpdateDeviceStatus'), 'not remembered yet');
      await page.click(tid('remember-device'));
      await page.row(tid('notice'), { has: ['Device remembered'] });
      await page.shown(tid('device-remembered'));
      await page.row(tid('device-row'), { has: ['remembered'], not: ['not remembered'] });
      log = await page.text('.request-log');
      assert.ok(log.includes('UpdateDeviceStatus'), 'log shows UpdateDeviceStatus');
      await page.screenshot('demo-accounts-remembered-device');

      // Signed out and in again: no MFA code asked.
      await signOut(page);
      await signIn(page, username, password);
      await signedInAs(page, username);
      assert.equal(await page.count(tid('mfa-code')), 0, 'no MFA code asked');
      log = await page.text('.request-log');
      assert.ok(log.includes('DEVICE_PASSWORD_VERIFIER'), 'log shows the device challenge');

      // Forgotten: the next sign-in asks for the code again.
      await page.click(`${tid('device-row')} ${tid('forget-device')}`);
      await page.row(tid('notice'), { has: ['Device forgotten'] });
      await page.shown(tid('remember-device'));
      await signOut(page);
      await signIn(page, username, password);
      await page.shown(tid('mfa-code'));
      assert.match(await page.text('form.challenge'), /SOFTWARE_TOKEN_MFA/);
    } finally {
      await close();
    }
  });
}
