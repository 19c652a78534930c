// Tabs share one session (storage: 'local'): three pages of one origin in one
// browser context (one localStorage), each with its own CognitoClient from the
// npm package, against the local stack.
// - 50 concurrent getCredentials() spread over the tabs, with the tokens due:
//   one REFRESH_TOKEN_AUTH and one GetCredentialsForIdentity in the stack's
//   request count (the lock makes the other tabs wait, then take what the
//   first one stored);
// - a sign-out in one tab: the next call of the others rejects (NotSignedIn);
// - another user signed in in one tab while a slow tab refreshes the first
//   user's tokens: the slow tab never writes its session back.
// "Tokens due" is an hour later for the pages and the stack alike: the stack's
// clock moves (POST /_stack/clock) and so does the pages' Date.now (an init
// script adds the shift kept in localStorage under e2e.clockShiftMs), so the
// pages learn no clock offset and see the tokens an hour old.
// Each test runs twice: with the Web Locks API, and with navigator.locks
// removed before the pages' scripts run (as on a page served over plain http
// from a LAN address), where the lock is taken over a BroadcastChannel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stack, serveStatic, browser, stackRequests } from './harness.mjs';
import { appConfig, pageStatus, unpackedPackage, watchPage } from './npm-package.mjs';
import { PORT } from './plain-page-site.mjs';

const TIMEOUT = 60_000;
/** How far the clocks move: the tokens (one hour) are then within the 300 s margin. */
const DUE_SHIFT_S = 3400;
/** The slow tab's replies come this late (the stack's /_stack/delay/<ms>/). */
const SLOW_MS = 3000;
const REFRESH = 'AWSCognitoIdentityProviderService.InitiateAuth';
const GET_ID = 'AWSCognitoIdentityService.GetId';
const GET_CREDENTIALS = 'AWSCognitoIdentityService.GetCredentialsForIdentity';

const script = `
import init, { CognitoClient } from './cognito_wasm.js';

const config = await (await fetch('./config.json')).json();
await init();
const delay = new URLSearchParams(location.search).get('delay');
const endpoint = delay ? config.endpoints.cognitoIdp + '/_stack/delay/' + delay + '/' : config.endpoints.cognitoIdp;
const client = new CognitoClient({
  userPoolId: config.userPoolId,
  clientId: config.clientId,
  identityPoolId: config.identityPoolId,
  endpoints: { cognitoIdp: endpoint, cognitoIdentity: endpoint },
  storage: 'local',
});
const outcome = (p) => p.then((ok) => ({ ok }), (e) => ({ error: { name: e.name, message: e.message } }));
window.signIn = (username, password) => outcome(client.signIn({ username, password }).then((r) => r.signedIn));
window.signOut = () => outcome(client.signOut().then(() => true));
window.credentials = () => outcome(client.getCredentials().then((c) => ({ accessKeyId: c.accessKeyId, identityId: c.identityId })));
window.user = () => client.currentUser()?.username ?? null;
// n calls at once, from the real time startAt on (the pages' Date.now is shifted).
window.burst = async (n, startAt) => {
  while (performance.timeOrigin + performance.now() < startAt) await new Promise((r) => setTimeout(r, 2));
  return Promise.all(Array.from({ length: n }, () => window.credentials()));
};
document.getElementById('status').textContent = 'ready';
`;

const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm, tabs</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p><script type="module">${script}</script></body>
</html>
`;

let localStack;
let info;
let server;
let chrome;

before(async () => {
  const pkgDir = await unpackedPackage('multi-tab');
  localStack = await stack();
  info = localStack.info;
  server = await serveStatic(pkgDir, PORT, {
    extra: { '/index.html': html, '/config.json': JSON.stringify(appConfig(info)) },
  });
  chrome = await browser();
});

after(async () => {
  if (info) await setStackClock(0);
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

async function setStackClock(offsetSeconds) {
  const res = await fetch(`${info.endpoint}/_stack/clock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds }),
  });
  assert.equal(res.status, 200, await res.text());
}

/** The two ways the tabs share a lock: `locks` false removes navigator.locks from every tab. */
const MODES = [
  { label: 'Web Locks', locks: true },
  { label: 'no navigator.locks: BroadcastChannel', locks: false },
];

/**
 * One browser context (one localStorage) with `count` tabs; `slow` tabs get delayed
 * replies; without `locks` the tabs have no navigator.locks.
 */
async function openTabs(count, { slow = [], locks = true } = {}) {
  const context = await chrome.newContext();
  await context.addInitScript(() => {
    const now = Date.now;
    Date.now = () => now() + Number(localStorage.getItem('e2e.clockShiftMs') ?? 0);
  });
  if (!locks) {
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
    });
  }
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const watch = watchPage(page);
    await page.goto(`${server.url}/index.html${slow.includes(i) ? `?delay=${SLOW_MS}` : ''}`);
    assert.equal(await pageStatus(page, watch), 'ready', watch.problems.join('\n'));
    const has = await page.evaluate(() => ({ locks: navigator.locks !== undefined, channel: typeof BroadcastChannel }));
    assert.deepEqual(has, { locks, channel: 'function' }, 'navigator.locks as the test asks');
    tabs.push({ page, watch });
  }
  await setStackClock(0);
  return { tabs, close: () => context.close() };
}

/** Moves the stack's clock and the pages' clock `seconds` ahead of the machine's. */
async function shiftClocks(tab, seconds) {
  await setStackClock(seconds);
  await tab.page.evaluate((ms) => localStorage.setItem('e2e.clockShiftMs', String(ms)), seconds * 1000);
}

const call = (tab, name, ...args) => tab.page.evaluate(([n, a]) => window[n](...a), [name, args]);

/** The library's keys in localStorage, with the tokens' user name and the credentials' sub. */
async function stored(tab) {
  const entries = await tab.page.evaluate(() => Object.entries(localStorage));
  const mine = Object.fromEntries(entries.filter(([k]) => k.startsWith('cognito-wasm.')));
  const suffix = (s) => Object.keys(mine).find((k) => k.endsWith(s));
  const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
  const tokens = suffix('.tokens') && JSON.parse(mine[suffix('.tokens')]);
  const credentials = suffix('.credentials') && JSON.parse(mine[suffix('.credentials')]);
  return {
    keys: Object.keys(mine).map((k) => k.split('.').at(-1)).sort(),
    user: tokens ? claims(tokens.idToken)['cognito:username'] : null,
    sub: tokens ? claims(tokens.idToken).sub : null,
    credentialsSub: credentials?.sub ?? null,
  };
}

function problems(tabs) {
  return tabs.flatMap((t) => t.watch.problems);
}

for (const { label, locks } of MODES) {
  test(`${label}: 50 concurrent getCredentials in three tabs with the tokens due: one refresh, one credentials request`, async () => {
    const { tabs, close } = await openTabs(3, { locks });
    try {
      const [a] = tabs;
      const { username, password } = info.users.demo;
      assert.deepEqual(await call(a, 'signIn', username, password), { ok: true });
      const first = await call(a, 'credentials');
      assert.equal(first.error, undefined, JSON.stringify(first.error));
      // An hour later for everyone: the tokens (and credentials) are due in every tab.
      await shiftClocks(a, DUE_SHIFT_S);
      await stackRequests(info, true);
      const startAt = Date.now() + 500;
      const results = (await Promise.all(tabs.map((t, i) => call(t, 'burst', i === 2 ? 16 : 17, startAt)))).flat();
      assert.equal(results.length, 50);
      const errors = results.filter((r) => r.error);
      assert.deepEqual(errors, [], 'no call failed');
      const { counts } = await stackRequests(info);
      assert.equal(counts[REFRESH], 1, `one REFRESH_TOKEN_AUTH (${JSON.stringify(counts)})`);
      assert.equal(counts[GET_CREDENTIALS], 1, `one GetCredentialsForIdentity (${JSON.stringify(counts)})`);
      assert.ok((counts[GET_ID] ?? 0) <= 1, `at most one GetId (${JSON.stringify(counts)})`);
      const keys = new Set(results.map((r) => r.ok.accessKeyId));
      assert.equal(keys.size, 1, `one set of credentials for every call (${[...keys]})`);
      assert.notEqual(results[0].ok.accessKeyId, first.ok.accessKeyId, 'new credentials');
      assert.equal(results[0].ok.identityId, first.ok.identityId);
      const kept = await stored(a);
      assert.deepEqual(kept.keys, ['credentials', 'identityIds', 'tokens']);
      assert.equal(kept.user, username);
      assert.equal(kept.credentialsSub, kept.sub, 'the shared credentials are the user\'s');
      assert.deepEqual(problems(tabs), []);
    } finally {
      await close();
    }
  });

  test(`${label}: a sign-out in one tab signs out the others: their next call rejects`, async () => {
    const { tabs, close } = await openTabs(3, { locks });
    try {
      const [a, b, c] = tabs;
      const { username, password } = info.users.demo;
      assert.deepEqual(await call(a, 'signIn', username, password), { ok: true });
      const before = await call(b, 'credentials');
      assert.equal(before.error, undefined, JSON.stringify(before.error));
      assert.equal(await call(c, 'user'), username, 'tab C follows the sign-in');
      assert.deepEqual(await call(a, 'signOut'), { ok: true });
      await stackRequests(info, true);
      assert.equal((await call(b, 'credentials')).error?.name, 'NotSignedIn');
      assert.equal((await call(c, 'credentials')).error?.name, 'NotSignedIn');
      assert.equal(await call(b, 'user'), null);
      const { total } = await stackRequests(info);
      assert.equal(total, 0, 'rejected without a request');
      assert.deepEqual((await stored(b)).keys, []);
      assert.deepEqual(problems(tabs), []);
    } finally {
      await close();
    }
  });

  test(`${label}: another user signed in in one tab: a slow tab refreshing the first user never writes over it`, async () => {
    // Tab A's replies take SLOW_MS: its refresh is under way when B signs in.
    const { tabs, close } = await openTabs(2, { slow: [0], locks });
    try {
      const [a, b] = tabs;
      const demo = info.users.demo;
      const other = info.users.other;
      assert.deepEqual(await call(b, 'signIn', demo.username, demo.password), { ok: true });
      assert.equal(await call(a, 'user'), demo.username);
      await shiftClocks(a, DUE_SHIFT_S);
      await stackRequests(info, true);
      let settled = false;
      const pending = call(a, 'credentials').catch((e) => ({ thrown: e.message })).finally(() => { settled = true; });
      // A's REFRESH_TOKEN_AUTH leaves at once; its reply is SLOW_MS away (the stack
      // counts it once answered).
      await new Promise((r) => setTimeout(r, 500));
      // The stack checks the SRP TIMESTAMP against the machine's clock: back to it to sign in.
      await shiftClocks(b, 0);
      assert.deepEqual(await call(b, 'signIn', other.username, other.password), { ok: true });
      assert.equal(settled, false, 'B signed in while A\'s refresh was under way');
      const afterSignIn = await stored(b);
      assert.equal(afterSignIn.user, other.username);
      const outcome = await pending;
      const { counts } = await stackRequests(info);
      assert.equal(counts[REFRESH], 2, `A's REFRESH_TOKEN_AUTH and B's sign-in (${JSON.stringify(counts)})`);
      // A acts for the new user or rejects; it never hands out the first user's credentials.
      if (outcome.ok) assert.equal(outcome.ok.identityId, info.identityIds[other.username]);
      else assert.equal(outcome.error.name, 'NotSignedIn', JSON.stringify(outcome.error));
      const now = await stored(a);
      assert.equal(now.user, other.username, 'the stored session is still the other user\'s');
      assert.equal(now.sub, afterSignIn.sub);
      // A's next calls are the other user's, and store only the other user's.
      assert.equal(await call(a, 'user'), other.username);
      const next = await call(a, 'credentials');
      assert.equal(next.error, undefined, JSON.stringify(next.error));
      assert.equal(next.ok.identityId, info.identityIds[other.username]);
      const last = await stored(a);
      assert.equal(last.user, other.username);
      assert.equal(last.credentialsSub, afterSignIn.sub);
      assert.deepEqual(problems(tabs), []);
    } finally {
      await close();
    }
  });
}
