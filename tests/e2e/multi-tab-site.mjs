// The multi-tab tests of the npm package (multi-tab.test.mjs in Chromium,
// webdriver-multi-tab.mjs in Firefox and WebKit): the page each tab opens, the
// clock shift, and the tests themselves, written once over a tab that runs
// functions in its page (`evaluate(fn, arg)`) and reports what went wrong there
// (`problems()`).
//
// Tabs share one session (storage: 'local'): pages of one origin in one browser
// profile (one localStorage), each with its own CognitoClient from the npm
// package, against the local stack.
// - 50 concurrent getCredentials() spread over three tabs, with the tokens due:
//   one REFRESH_TOKEN_AUTH and one GetCredentialsForIdentity in the stack's
//   request count (the Web Lock makes the other tabs wait, then take what the
//   first one stored);
// - a sign-out in one tab: the others are told at once (their signedOut event,
//   from the storage event) and their next call rejects (NotSignedIn);
// - another user signed in in one tab while a slow tab refreshes the first
//   user's tokens: the slow tab never writes its session back.
// "Tokens due" is an hour later for the pages and the stack alike: the stack's
// clock moves (POST /_stack/clock) and so does the pages' Date.now (shiftedClock,
// run before the page's own scripts, adds the shift kept in localStorage under
// e2e.clockShiftMs), so the pages learn no clock offset and see the tokens an
// hour old.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stackRequests } from './harness.mjs';

export { PORT } from './plain-page-site.mjs';

export const TIMEOUT = 60_000;
/** How far the clocks move: the tokens (one hour) are then within the 300 s margin. */
const DUE_SHIFT_S = 3400;
/** The slow tab's replies come this late (the stack's /_stack/delay/<ms>/). */
export const SLOW_MS = 3000;
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
// The client's session events, in order (another tab's change arrives with the storage event).
const events = [];
for (const name of ['signedIn', 'signedOut', 'tokensRefreshed']) client.on(name, () => events.push(name));
window.seen = () => events.slice();
// n calls at once, from the real time startAt on (the pages' Date.now is shifted);
// burstSpan: when (real time) the calls started and when the last one settled.
window.burst = async (n, startAt) => {
  while (performance.timeOrigin + performance.now() < startAt) await new Promise((r) => setTimeout(r, 2));
  const start = performance.timeOrigin + performance.now();
  const results = await Promise.all(Array.from({ length: n }, () => window.credentials()));
  window.burstSpan = [start, performance.timeOrigin + performance.now()];
  return results;
};
document.getElementById('status').textContent = 'ready';
`;

/** The page; `wrap` edits the finished HTML (the WebDriver tests put their scripts first in it). */
export function pageHtml(wrap = (html) => html) {
  return wrap(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm, tabs</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p><script type="module">${script}</script></body>
</html>
`);
}

/** Shifts the page's Date.now by localStorage's e2e.clockShiftMs: runs before the page's scripts. */
export function shiftedClock() {
  const now = Date.now;
  Date.now = () => now() + Number(localStorage.getItem('e2e.clockShiftMs') ?? 0);
}

/** Moves the stack's clock `offsetSeconds` ahead of the machine's. */
export async function setStackClock(info, offsetSeconds) {
  const res = await fetch(`${info.endpoint}/_stack/clock`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds }),
  });
  assert.equal(res.status, 200, await res.text());
}

/**
 * Registers the tests. `env.info()`: the stack's info; `env.openTabs(count, { slow })`:
 * `count` tabs of one profile on the page, ready, the `slow` ones (indexes) with
 * replies SLOW_MS late, as `{ tabs, close }`; `env.label`: put before each test's name.
 */
export function multiTabTests(env) {
  const label = env.label ?? '';

  /** Moves the stack's clock and the pages' clock `seconds` ahead of the machine's. */
  async function shiftClocks(tab, seconds) {
    await setStackClock(env.info(), seconds);
    await tab.evaluate((ms) => localStorage.setItem('e2e.clockShiftMs', String(ms)), seconds * 1000);
  }

  const call = (tab, name, ...args) => tab.evaluate(([n, a]) => window[n](...a), [name, args]);

  /** The library's keys in localStorage, with the tokens' user name and the credentials' sub. */
  async function stored(tab) {
    const entries = await tab.evaluate(() => Object.entries(localStorage));
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

  async function problems(tabs) {
    return (await Promise.all(tabs.map((t) => t.problems()))).flat();
  }

  test(`${label}50 concurrent getCredentials in three tabs with the tokens due: one refresh, one credentials request`, async () => {
    const info = env.info();
    const { tabs, close } = await env.openTabs(3);
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
      // The tabs' calls were under way together: each burst started before any ended.
      const spans = await Promise.all(tabs.map((t) => t.evaluate(() => window.burstSpan)));
      const lastStart = Math.max(...spans.map(([s]) => s));
      const firstEnd = Math.min(...spans.map(([, e]) => e));
      assert.ok(lastStart < firstEnd, `the three bursts overlapped (${JSON.stringify(spans.map(([s, e]) => [s - startAt, e - startAt]))} ms)`);
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
      assert.deepEqual(await problems(tabs), []);
    } finally {
      await close();
    }
  });

  test(`${label}a sign-out in one tab signs out the others: their next call rejects`, async () => {
    const info = env.info();
    const { tabs, close } = await env.openTabs(3);
    try {
      const [a, b, c] = tabs;
      const { username, password } = info.users.demo;
      assert.deepEqual(await call(a, 'signIn', username, password), { ok: true });
      const before = await call(b, 'credentials');
      assert.equal(before.error, undefined, JSON.stringify(before.error));
      assert.equal(await call(c, 'user'), username, 'tab C follows the sign-in');
      assert.deepEqual(await call(a, 'signOut'), { ok: true });
      // B and C hear of it at once, before any call of theirs (the storage event).
      for (const tab of [b, c]) {
        const deadline = Date.now() + 5000;
        while (!(await call(tab, 'seen')).includes('signedOut') && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.deepEqual(await call(tab, 'seen'), ['signedIn', 'signedOut'], 'told of the sign-in and the sign-out');
      }
      await stackRequests(info, true);
      assert.equal((await call(b, 'credentials')).error?.name, 'NotSignedIn');
      assert.equal((await call(c, 'credentials')).error?.name, 'NotSignedIn');
      assert.equal(await call(b, 'user'), null);
      const { total } = await stackRequests(info);
      assert.equal(total, 0, 'rejected without a request');
      assert.deepEqual((await stored(b)).keys, []);
      assert.deepEqual(await problems(tabs), []);
    } finally {
      await close();
    }
  });

  test(`${label}another user signed in in one tab: a slow tab refreshing the first user never writes over it`, async () => {
    const info = env.info();
    // Tab A's replies take SLOW_MS: its refresh is under way when B signs in.
    const { tabs, close } = await env.openTabs(2, { slow: [0] });
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
      assert.deepEqual(await problems(tabs), []);
    } finally {
      await close();
    }
  });
}
