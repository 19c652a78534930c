// End-to-end tests of the demo's account screens (app/), built by
// `trunk build --release` into target/demo-dist, against a local stack of
// their own, in Debian's headless Chromium: sign-up confirmed with the code
// read from the page's outbox panel, a password reset, TOTP enrolment with a
// code computed here from the secret the page shows (RFC 6238), then a
// sign-in that asks for a TOTP code; on the pool that requires MFA, MFA_SETUP
// answered in the page (its new device confirmed by the sign-in), "Remember
// this device" (UpdateDeviceStatus alone), a sign-in that skips MFA, and
// the device forgotten (MFA asked again).
//
// The stack is their own (these tests create users and change passwords),
// started with this page's origin allowed by CORS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { serveStatic, browser, screenshot } from './harness.mjs';
import { appConfig } from './npm-package.mjs';
import { demoHtml, ownStack, dist } from './demo-site.mjs';

// Not the demo tests' 8081: an origin of this file's own, let in by its stack.
const PORT = 8120;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const TIMEOUT = 20_000;
const PASSWORD = 'Sign-up-passw0rd!';
const NEW_PASSWORD = 'Reset-passw0rd!2';

let localStack;
let info;
let server;
let chrome;

before(async () => {
  await demoHtml();
  localStack = await ownStack({ allowedOrigin: ORIGIN });
  info = localStack.info;
  server = await serveStatic(dist, PORT, { extra: { '/config.json': JSON.stringify(appConfig(info)) } });
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

/** A fresh page with the settings loaded; collects panics and page errors. */
async function openDemo() {
  const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('console', (m) => {
    if (/panicked|RuntimeError|unreachable/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}/`);
  await page.waitForFunction((id) => document.querySelector('#set-user-pool')?.value === id, info.userPoolId);
  return {
    page,
    close: async () => {
      await context.close();
      assert.deepEqual(problems, [], 'no panic or page error');
    },
  };
}

/** The newest code the outbox panel shows for `username` and `purpose`, once there are `count`. */
async function codeFromOutbox(page, username, purpose, count = 1) {
  const rows = page.getByTestId('outbox-row').filter({ hasText: username }).filter({ hasText: purpose });
  await page.waitForFunction(
    ([u, p, n]) => [...document.querySelectorAll('[data-testid=outbox-row]')]
      .filter((r) => r.textContent.includes(u) && r.textContent.includes(p)).length >= n,
    [username, purpose, count],
  );
  return (await rows.first().getByTestId('outbox-code').textContent()).trim();
}

async function signIn(page, username, password) {
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
}

async function signedInAs(page, username) {
  await page.locator('.who', { hasText: `Signed in as ${username}` }).waitFor();
}

async function signOut(page) {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in').waitFor();
}

/** The request log's text, which must hold none of `secrets`. */
async function assertLogHides(page, secrets) {
  const log = await page.locator('.request-log').textContent();
  for (const secret of secrets) assert.ok(!log.includes(secret), `the log does not show ${secret}`);
  return log;
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret at time step `step`. */
function totp(secret, step) {
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

test('totp() matches the RFC 6238 SHA-1 test vectors', () => {
  // RFC 6238 appendix B: secret "12345678901234567890" (base32 below), 8 digits
  // there; the last 6 of each.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  assert.equal(totp(secret, Math.floor(59 / 30)), '287082');
  assert.equal(totp(secret, Math.floor(1111111109 / 30)), '081804');
  assert.equal(totp(secret, Math.floor(2000000000 / 30)), '279037');
});

test('signs up, confirms with the code from the outbox panel (after a new one), resets the password, enrols TOTP and signs in with it', async () => {
  const { page, close } = await openDemo();
  const username = `e2e-${randomBytes(4).toString('hex')}`;
  const email = `${username}@example.com`;

  // Sign-up → confirm (after asking for a new code) → signed in.
  await page.getByTestId('outbox').waitFor();
  await page.getByTestId('sign-up-link').click();
  await page.getByTestId('sign-up-username').fill(username);
  await page.getByTestId('sign-up-email').fill(email);
  await page.getByTestId('sign-up-password').fill(PASSWORD);
  await page.getByTestId('sign-up-submit').click();
  await page.getByTestId('confirm-code').waitFor();
  assert.match(await page.getByTestId('notice').textContent(), /Code sent to .+ by EMAIL/);
  const first = await codeFromOutbox(page, username, 'sign-up');
  assert.match(first, /^\d{6}$/);
  await page.getByTestId('resend-code').click();
  await page.getByTestId('notice').filter({ hasText: 'A new code' }).waitFor();
  const code = await codeFromOutbox(page, username, 'sign-up', 2);
  await page.getByTestId('confirm-code').fill(code);
  await page.getByTestId('confirm-submit').click();
  await signedInAs(page, username);
  let log = await assertLogHides(page, [PASSWORD, first, code]);
  for (const op of ['SignUp', 'ResendConfirmationCode', 'ConfirmSignUp', 'InitiateAuth']) {
    assert.ok(log.includes(op), `log shows ${op}`);
  }
  await screenshot(page, 'demo-accounts-signed-up');

  // Forgot password → reset → signed in with the new password.
  await signOut(page);
  await page.getByTestId('forgot-password-link').click();
  await page.getByTestId('reset-username').fill(username);
  await page.getByTestId('reset-submit').click();
  await page.getByTestId('reset-code').waitFor();
  const resetCode = await codeFromOutbox(page, username, 'forgot-password');
  await page.getByTestId('reset-code').fill(resetCode);
  await page.getByTestId('reset-new-password').fill(NEW_PASSWORD);
  await page.getByTestId('reset-submit').click();
  await signedInAs(page, username);
  log = await assertLogHides(page, [NEW_PASSWORD, resetCode]);
  assert.ok(log.includes('ForgotPassword') && log.includes('ConfirmForgotPassword'));

  // Profile: the attributes as Cognito holds them.
  await page.getByTestId('profile').waitFor();
  await page.getByTestId('attribute-email').filter({ hasText: email }).waitFor();

  // Security: TOTP enrolment with the QR code drawn in the page, the secret in text.
  await page.getByTestId('totp-setup').click();
  const secret = (await page.getByTestId('totp-secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{16,}=*$/);
  const qr = page.getByTestId('totp-qr');
  assert.equal(await qr.evaluate((e) => e.tagName.toLowerCase()), 'svg');
  assert.ok((await qr.locator('path').getAttribute('d')).length > 100, 'the QR code is drawn');
  const enrolledAt = timeStep();
  const enrolCode = totp(secret, enrolledAt);
  await page.getByTestId('totp-code').fill(enrolCode);
  await page.getByTestId('totp-verify').click();
  await page.getByTestId('notice').filter({ hasText: 'TOTP' }).waitFor();
  await assertLogHides(page, [secret, enrolCode]);
  await screenshot(page, 'demo-accounts-totp');

  // Sign-in now asks for a TOTP code (a code is single-use: wait for the next step).
  await signOut(page);
  await signIn(page, username, NEW_PASSWORD);
  await page.getByTestId('mfa-code').waitFor();
  assert.match(await page.locator('form.challenge').textContent(), /SOFTWARE_TOKEN_MFA/);
  while (timeStep() === enrolledAt) await new Promise((ok) => setTimeout(ok, 500));
  const signInCode = totp(secret, timeStep());
  await page.getByTestId('mfa-code').fill(signInCode);
  await page.getByTestId('submit-challenge').click();
  await signedInAs(page, username);
  await assertLogHides(page, [NEW_PASSWORD, signInCode]);
  await close();
});

test('a wrong confirmation code is refused with its AWS name', async () => {
  const { page, close } = await openDemo();
  const username = `e2e-${randomBytes(4).toString('hex')}`;
  await page.getByTestId('sign-up-link').click();
  await page.getByTestId('sign-up-username').fill(username);
  await page.getByTestId('sign-up-email').fill(`${username}@example.com`);
  await page.getByTestId('sign-up-password').fill(PASSWORD);
  await page.getByTestId('sign-up-submit').click();
  await page.getByTestId('confirm-code').waitFor();
  const code = await codeFromOutbox(page, username, 'sign-up');
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByTestId('confirm-code').fill(wrong);
  await page.getByTestId('confirm-submit').click();
  await page.getByTestId('error').filter({ hasText: 'CodeMismatchException' }).waitFor();
  await page.getByTestId('confirm-code').waitFor();
  await close();
});

test('on the MFA pool: a remembered device skips MFA until it is forgotten', async () => {
  const { page, close } = await openDemo();
  const mfa = info.mfaPool;
  const { username, password } = mfa.users.setup;
  await page.locator('#set-user-pool').fill(mfa.userPoolId);
  await page.locator('#set-client').fill(mfa.clientId);
  // The identity pool trusts the demo pool only: no credentials here.
  await page.locator('#set-identity-pool').fill('');

  // MFA_SETUP: the secret shown in the challenge form, a code computed here.
  await signIn(page, username, password);
  await page.getByTestId('mfa-code').waitFor();
  assert.match(await page.locator('form.challenge').textContent(), /MFA_SETUP/);
  const secret = (await page.getByTestId('totp-secret').textContent()).trim();
  const enrolledAt = timeStep();
  await page.getByTestId('mfa-code').fill(totp(secret, enrolledAt));
  await page.getByTestId('submit-challenge').click();
  await signedInAs(page, username);

  // The pool tracks devices: the sign-in confirmed this one (ConfirmDevice), and the
  // pool remembers it on the user's word.
  await page.getByTestId('device-row').filter({ hasText: 'not remembered' }).waitFor();
  let log = await page.locator('.request-log').textContent();
  assert.ok(log.includes('ConfirmDevice'), 'log shows the sign-in\'s ConfirmDevice');
  assert.ok(!log.includes('UpdateDeviceStatus'), 'not remembered yet');
  await page.getByTestId('remember-device').click();
  await page.getByTestId('notice').filter({ hasText: 'Device remembered' }).waitFor();
  await page.getByTestId('device-remembered').waitFor();
  await page.getByTestId('device-row').filter({ hasText: 'remembered' }).filter({ hasNotText: 'not remembered' }).waitFor();
  log = await page.locator('.request-log').textContent();
  assert.ok(log.includes('UpdateDeviceStatus'), 'log shows UpdateDeviceStatus');
  await screenshot(page, 'demo-accounts-remembered-device');

  // Signed out and in again: no MFA code asked.
  await signOut(page);
  await signIn(page, username, password);
  await signedInAs(page, username);
  assert.equal(await page.getByTestId('mfa-code').count(), 0, 'no MFA code asked');
  log = await page.locator('.request-log').textContent();
  assert.ok(log.includes('DEVICE_PASSWORD_VERIFIER'), 'log shows the device challenge');

  // Forgotten: the next sign-in asks for the code again.
  await page.getByTestId('device-row').getByTestId('forget-device').click();
  await page.getByTestId('notice').filter({ hasText: 'Device forgotten' }).waitFor();
  await page.getByTestId('remember-device').waitFor();
  await signOut(page);
  await signIn(page, username, password);
  await page.getByTestId('mfa-code').waitFor();
  assert.match(await page.locator('form.challenge').textContent(), /SOFTWARE_TOKEN_MFA/);
  await close();
});
