// The cross-tab lock of the npm package (TabLock in its transport.js snippet,
// behind the client's Platform::lock) on its own, in Chromium: with the Web
// Locks API, and with navigator.locks removed before the pages' scripts run,
// where it is taken over a BroadcastChannel. Its contract either way: `p`
// resolves 1 once held at once, 2 once held after another holder let it go
// (the client then waits for that holder's storage writes), false when not
// granted within waitMs; drop()
// releases it or gives up waiting; one holder at a time, in one page and
// across tabs; a page that goes away frees the lock it held.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic, browser } from './harness.mjs';
import { checkLocks, dropLocks, unpackedPackage, watchPage } from './npm-package.mjs';
import { PORT } from './plain-page-site.mjs';

const TIMEOUT = 30_000;

let server;
let chrome;

before(async () => {
  const pkgDir = await unpackedPackage('tab-lock');
  const [snippets] = await readdir(join(pkgDir, 'snippets'));
  const script = `
import { TabLock } from './snippets/${snippets}/js/transport.js';

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
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cognito-wasm, tab lock</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p><script type="module">${script}</script></body>
</html>
`;
  server = await serveStatic(pkgDir, PORT, { extra: { '/index.html': html, '/blank.html': '<!doctype html>' } });
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

/** One browser context with `count` tabs on the page; without `locks` they have no navigator.locks. */
async function openTabs(count, locks) {
  const context = await chrome.newContext();
  await dropLocks(context, locks);
  const tabs = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const watch = watchPage(page);
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
    await checkLocks(page, locks);
    tabs.push({ page, watch });
  }
  return { tabs, close: () => context.close() };
}

const call = (tab, name, ...args) => tab.page.evaluate(([n, a]) => window[n](...a), [name, args]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls the lock `key`'s state in `tab` until it leaves 'waiting' (or `ms` pass). */
async function settled(tab, key, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const state = await call(tab, 'state', key);
    if (state !== 'waiting' || Date.now() > deadline) return state;
    await sleep(20);
  }
}

for (const { label, locks } of [
  { label: 'Web Locks', locks: true },
  { label: 'no navigator.locks: BroadcastChannel', locks: false },
]) {
  test(`${label}: one page: a second lock waits for the first, gives up after waitMs, or when dropped`, async () => {
    const { tabs: [tab], close } = await openTabs(1, locks);
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
      assert.deepEqual(tab.watch.problems, []);
    } finally {
      await close();
    }
  });

  test(`${label}: three tabs, 15 locks at once: one holder at a time, every lock granted`, async () => {
    const { tabs, close } = await openTabs(3, locks);
    try {
      const startAt = Date.now() + 500;
      const held = (await Promise.all(tabs.map((t) => call(t, 'crowd', 'crowd', 5, 20, startAt)))).flat();
      assert.equal(held.filter(Boolean).length, 15, 'every lock granted');
      // The tabs read one clock; 1 ms of slack for its rounding in each process.
      held.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < held.length; i++) {
        assert.ok(held[i][0] >= held[i - 1][1] - 1, `never two holders at once: ${JSON.stringify(held)}`);
      }
      assert.deepEqual(tabs.flatMap((t) => t.watch.problems), []);
    } finally {
      await close();
    }
  });

  test(`${label}: a tab that goes away frees the lock it held`, async () => {
    const { tabs: [a, b], close } = await openTabs(2, locks);
    try {
      await call(a, 'take', 'a', 'one', 10_000);
      assert.equal(await call(a, 'outcome', 'a'), 1);
      await call(b, 'take', 'b', 'one', 10_000);
      await sleep(400);
      assert.equal(await call(b, 'state', 'b'), 'waiting', 'held by the other tab');
      await a.page.goto(`${server.url}/blank.html`);
      assert.equal(await settled(b, 'b', 3000), 2, 'granted once the holder\'s page is gone, after a wait');
      assert.deepEqual(b.watch.problems, []);
    } finally {
      await close();
    }
  });
}
