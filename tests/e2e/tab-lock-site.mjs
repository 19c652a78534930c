// The cross-tab lock tests (tab-lock.test.mjs in Chromium, webdriver-tab-lock.mjs
// in Firefox and WebKit): the page and the tests, written once over a tab that
// runs functions in its page (`evaluate(fn, arg)`), reports what went wrong there
// (`problems()`) and loads another URL (`goto(url)`).
//
// The lock is the npm package's TabLock (its host.js snippet, behind the
// client's Platform::lock), with the Web Locks API and with navigator.locks
// removed before the pages' scripts run, where it is taken over a
// BroadcastChannel. Its contract either way: `p` resolves 1 once held at once,
// 2 once held after another holder let it go (the client then waits for that
// holder's storage writes), false when not granted within waitMs; drop()
// releases it or gives up waiting; one holder at a time, in one page and across
// tabs; a page that goes away frees the lock it held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export { PORT } from './plain-page-site.mjs';

/**
 * The page, for the unpacked package in `pkgDir`; `wrap` edits the finished HTML
 * (the WebDriver tests put their scripts first in it).
 */
export async function pageHtml(pkgDir, wrap = (html) => html) {
  const [snippets] = await readdir(join(pkgDir, 'snippets'));
  const script = `
import { TabLock } from './snippets/${snippets}/js/host.js';

const locks = new Map();
// Starts the lock \`key\`; its outcome is kept for state().
window.take = (key, name, waitMs) => {
  const lock = new TabLock(name, waitMs);
  locks.set(key, lock);
  lock.p.then((held) => (lock.held = held));
};
window.state = (key) => locks.get(key).held ?? 'waiting';
window.outcome = (key) => locks.get(key).p;
window.drop = (key) => locks.get(key).drop();
// n locks of \`name\` at once from the real time startAt on, each held holdMs:
// when each was held ([from, to], the machine's clock in ms), or null if not
// granted.
window.crowd = async (name, n, holdMs, startAt) => {
  const now = () => performance.timeOrigin + performance.now();
  while (now() < startAt) await new Promise((r) => setTimeout(r, 2));
  return Promise.all(Array.from({ length: n }, async () => {
    const lock = new TabLock(name, 20_000);
    if (!(await lock.p)) return null;
    const from = now();
    await new Promise((r) => setTimeout(r, holdMs));
    const to = now();
    lock.drop();
    return [from, to];
  }));
};
document.getElementById('status').textContent = 'ready';
`;
  return wrap(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm, tab lock</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p><script type="module">${script}</script></body>
</html>
`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const call = (tab, name, ...args) => tab.evaluate(([n, a]) => window[n](...a), [name, args]);

/** Polls the lock `key`'s state in `tab` until it leaves 'waiting' (or `ms` pass). */
async function settled(tab, key, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = await call(tab, 'state', key);
    if (state !== 'waiting' || Date.now() > deadline) return state;
    await sleep(20);
  }
}

/**
 * Registers the tests, with and without navigator.locks. `env.openTabs(count, locks)`:
 * `count` tabs of one profile on the page, ready, navigator.locks as `locks` says
 * (checked), as `{ tabs, close }`; `env.blankUrl`: a page without the lock;
 * `env.label`: put before each test's name.
 */
export function tabLockTests(env) {
  const prefix = env.label ?? '';
  for (const { label, locks } of [
    { label: 'Web Locks', locks: true },
    { label: 'no navigator.locks: BroadcastChannel', locks: false },
  ]) {
    test(`${prefix}${label}: one page: a second lock waits for the first, gives up after waitMs, or when dropped`, async () => {
      const { tabs: [tab], close } = await env.openTabs(1, locks);
      try {
        await call(tab, 'take', 'a', 'one', 10_000);
        assert.equal(await call(tab, 'outcome', 'a'), 1, 'the first lock is held at once');
        await call(tab, 'take', 'b', 'one', 10_000);
        await call(tab, 'take', 'other', 'two', 10_000);
        assert.equal(await call(tab, 'outcome', 'other'), 1, 'a lock of another name is not held up');
        await sleep(400);
        assert.equal(await call(tab, 'state', 'b'), 'waiting', 'the second waits while the first is held');
        await call(tab, 'drop', 'a');
        assert.equal(await settled(tab, 'b'), 2, 'the second is held once the first is dropped, after a wait');
        // Not granted within waitMs: false.
        const started = Date.now();
        await call(tab, 'take', 'late', 'one', 300);
        assert.equal(await call(tab, 'outcome', 'late'), false);
        assert.ok(Date.now() - started >= 300, 'not before waitMs');
        // Dropped while waiting: false, and it leaves nothing held.
        await call(tab, 'take', 'gone', 'one', 10_000);
        await sleep(200);
        await call(tab, 'drop', 'gone');
        assert.equal(await call(tab, 'outcome', 'gone'), false);
        await call(tab, 'drop', 'b');
        await call(tab, 'take', 'c', 'one', 10_000);
        assert.equal(await settled(tab, 'c'), 1, 'free again once the holder drops it: held at once');
        assert.deepEqual(await tab.problems(), []);
      } finally {
        await close();
      }
    });

    test(`${prefix}${label}: three tabs, 15 locks at once: one holder at a time, every lock granted`, async () => {
      const { tabs, close } = await env.openTabs(3, locks);
      try {
        const startAt = Date.now() + 500;
        const holdMs = 50;
        const held = (await Promise.all(tabs.map((t) => call(t, 'crowd', 'crowd', 5, holdMs, startAt)))).flat();
        assert.equal(held.filter(Boolean).length, 15, 'every lock granted');
        // The tabs read one clock, rounded in each page: Firefox rounds both
        // performance.now() and each page's timeOrigin to 1 ms where the page is not
        // cross-origin isolated, so two tabs' readings of one instant can differ by up
        // to 2 ms. 5 ms of slack; two holders at once would overlap by a whole hold.
        held.sort((x, y) => x[0] - y[0]);
        for (let i = 1; i < held.length; i++) {
          assert.ok(held[i][0] >= held[i - 1][1] - 5, `never two holders at once: ${JSON.stringify(held)}`);
        }
        assert.deepEqual((await Promise.all(tabs.map((t) => t.problems()))).flat(), []);
      } finally {
        await close();
      }
    });

    test(`${prefix}${label}: a tab that goes away frees the lock it held`, async () => {
      const { tabs: [a, b], close } = await env.openTabs(2, locks);
      try {
        await call(a, 'take', 'a', 'one', 10_000);
        assert.equal(await call(a, 'outcome', 'a'), 1);
        await call(b, 'take', 'b', 'one', 10_000);
        await sleep(400);
        assert.equal(await call(b, 'state', 'b'), 'waiting', 'held by the other tab');
        await a.goto(env.blankUrl());
        assert.equal(await settled(b, 'b', 3000), 2, 'granted once the holder\'s page is gone, after a wait');
        assert.deepEqual(await b.problems(), []);
      } finally {
        await close();
      }
    });
  }
}
