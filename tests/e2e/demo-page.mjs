// The demo page as its end-to-end tests drive it, in one shape for every engine:
// `playwrightDemo` wraps a Playwright page (Chromium), `webdriverDemo` a WebDriver
// Browser (Firefox ESR, WebKitGTK; webdriver.mjs). The tests of demo-site.mjs,
// demo-accounts-site.mjs and demo-data-site.mjs are written once against it, with
// CSS selectors (`tid` for a data-testid) and functions run in the page with one
// argument.
//
// Where the engines differ:
// - what fails a test in the page: in Chromium, CSP refusals, panics and uncaught
//   errors (from Playwright's console and page-error events); over WebDriver, what
//   the watch script (webdriver.mjs) collects: those and every console error or
//   warning.
// - choosing a file: Playwright's setInputFiles; over WebDriver, Element Send Keys
//   with the file's path on the <input type=file> (the W3C way to upload). Both
//   read the same file from disk.
// - a download: Playwright saves the browser's real download. WebDriver has no
//   download events, so `download` wraps URL.createObjectURL and
//   HTMLAnchorElement.prototype.click in the page (installed by script, after the
//   page's CSP, which a WebDriver script is not subject to): the demo's
//   `a.download` click on a blob: URL is caught there, the browser's own save is
//   not started, and the Blob the page handed to it is read back in 1 MiB base64
//   chunks. So in Firefox and WebKit the test checks the bytes and file name the
//   page gives the browser, not the file the browser would write.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshot } from './harness.mjs';
import { Browser } from './webdriver.mjs';

/** The CSS selector of a data-testid. */
export const tid = (id) => `[data-testid="${id}"]`;

/**
 * Marks, in the page, the first element matching `arg.css` whose text holds every
 * one of `arg.has` and none of `arg.not`, then its first descendant matching
 * `arg.inner` (when given), with a data-e2e-target attribute, and returns its
 * selector (null when there is none).
 */
function markTarget(arg) {
  const row = [...document.querySelectorAll(arg.css)].find((e) => (arg.has ?? []).every((t) => e.textContent.includes(t))
    && !(arg.not ?? []).some((t) => e.textContent.includes(t)));
  const target = row && (arg.inner ? row.querySelector(arg.inner) : row);
  if (!target) return null;
  window.__e2eTargets = (window.__e2eTargets ?? 0) + 1;
  target.setAttribute('data-e2e-target', String(window.__e2eTargets));
  return `[data-e2e-target="${window.__e2eTargets}"]`;
}

/** Whether the element `css` is in the page and not disabled. */
function usable(css) {
  const e = document.querySelector(css);
  return e !== null && !e.disabled;
}

/** What every engine's page object offers on top of its own few primitives. */
function common(page, timeout) {
  return {
    ...page,
    /** Waits for `fn(arg)` to be truthy in the page and returns it. */
    waitFor: (fn, arg, what = String(fn)) => page.poll(fn, arg, what, timeout),
    /** Waits until an element `css` is in the page. */
    shown: (css) => page.poll((s) => document.querySelector(s) !== null, css, css, timeout),
    /** The text content of the first element `css` (null when none). */
    text: (css) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, css),
    /** The text contents of every element `css`. */
    texts: (css) => page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent), css),
    /** How many elements match `css`. */
    count: (css) => page.evaluate((s) => document.querySelectorAll(s).length, css),
    /** The value of the field `css`. */
    value: (css) => page.evaluate((s) => document.querySelector(s)?.value ?? null, css),
    /**
     * Waits for an element `css` whose text holds all of `has` and none of `not`,
     * and returns a selector of it, or of its descendant `inner`.
     */
    row: (css, { has = [], not = [], inner } = {}) => page.poll(markTarget, { css, has, not, inner },
      `${css} with ${JSON.stringify(has)}${not.length ? ` without ${JSON.stringify(not)}` : ''}`, timeout),
  };
}

/**
 * The demo in a Playwright page. `problems` collects CSP refusals, panics and
 * page errors; `close` ends the page (its context).
 */
export function playwrightDemo(page, { timeout, close }) {
  page.setDefaultTimeout(timeout);
  const problems = [];
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|panicked|RuntimeError|unreachable/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return common({
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    poll: async (fn, arg, what, ms) => {
      try {
        return await (await page.waitForFunction(fn, arg, { timeout: ms, polling: 100 })).jsonValue();
      } catch (e) {
        throw new Error(`timed out waiting for ${what}: ${e.message.split('\n')[0]}`);
      }
    },
    fill: (css, text) => page.locator(css).first().fill(text),
    click: (css) => page.locator(css).first().click(),
    select: (css, value) => page.locator(css).first().selectOption(value),
    typeKeys: (text) => page.keyboard.type(text),
    press: (key) => page.keyboard.press(key),
    chooseFile: (css, path) => page.locator(css).first().setInputFiles(path),
    download: async (css) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(css).first().click()]);
      return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
    },
    screenshot: (name) => screenshot(page, name),
    problems: async () => [...problems],
    clearProblems: async () => { problems.length = 0; },
    close,
  }, timeout);
}

/** Wraps URL.createObjectURL and anchors' click() to keep what the page hands out as a download. */
function catchDownloads() {
  if (window.__e2eDownloads) return;
  const downloads = window.__e2eDownloads = [];
  const blobs = new Map();
  const create = URL.createObjectURL;
  URL.createObjectURL = function (object) {
    const url = create.call(URL, object);
    blobs.set(url, object);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download') && blobs.has(this.href)) {
      downloads.push({ name: this.download, blob: blobs.get(this.href) });
      return undefined;
    }
    return click.call(this);
  };
}

/** Bytes `arg.from`.. of download `arg.index`, base64, at most `arg.size` of them (a promise). */
async function downloadChunk(arg) {
  const blob = window.__e2eDownloads[arg.index].blob;
  const bytes = new Uint8Array(await blob.slice(arg.from, arg.from + arg.size).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { total: blob.size, base64: btoa(binary) };
}

/** The WebDriver key codes of the keys the tests press. */
const KEYS = { Tab: '\uE004', Enter: '\uE007' };

/** Presses and releases each of `keys` in turn on the focused element (WebDriver Perform Actions). */
async function keyActions(browser, keys) {
  const actions = keys.flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]);
  await browser.command('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  await browser.command('DELETE', '/actions');
}

/**
 * The demo in a WebDriver Browser (webdriver.mjs). `problems` is what the watch
 * script (first in the page, webdriver.mjs's withWatch) collected.
 */
export function webdriverDemo(browser, { timeout }) {
  const poll = (fn, arg, what, ms) => browser.waitFor(fn, [arg], { what, timeout: ms });
  // Playwright waits for an element to be there and enabled before it acts; so does this.
  const ready = (css) => poll(usable, css, `${css} usable`, timeout);
  return common({
    goto: (url) => browser.goto(url),
    evaluate: (fn, arg) => browser.evaluate(fn, arg),
    poll,
    fill: async (css, text) => {
      await ready(css);
      const id = await browser.find(css);
      await browser.command('POST', `/element/${id}/clear`, {});
      if (text !== '') await browser.command('POST', `/element/${id}/value`, { text });
      // Element Clear fires no input event: tell the page, as typing would.
      else await browser.evaluate((s) => document.querySelector(s).dispatchEvent(new Event('input', { bubbles: true })), css);
    },
    click: async (css) => { await ready(css); await browser.click(css); },
    select: async (css, value) => { await ready(css); await browser.click(`${css} option[value="${value}"]`); },
    typeKeys: (text) => keyActions(browser, [...text]),
    press: (key) => keyActions(browser, [KEYS[key]]),
    chooseFile: async (css, path) => {
      await ready(css);
      const id = await browser.find(css);
      await browser.command('POST', `/element/${id}/value`, { text: path });
    },
    download: async (css) => {
      await browser.evaluate(catchDownloads);
      const index = await browser.evaluate(() => window.__e2eDownloads.length);
      await ready(css);
      await browser.click(css);
      await poll((i) => window.__e2eDownloads.length > i, index, 'a download', timeout);
      const name = await browser.evaluate((i) => window.__e2eDownloads[i].name, index);
      const chunks = [];
      for (let from = 0, total = 1; from < total;) {
        const chunk = await browser.evaluate(downloadChunk, { index, from, size: 1 << 20 });
        total = chunk.total;
        const bytes = Buffer.from(chunk.base64, 'base64');
        assert.ok(bytes.length > 0 || total === 0, 'a chunk of the download');
        chunks.push(bytes);
        from += bytes.length;
        if (total === 0) break;
      }
      return { name, bytes: Buffer.concat(chunks) };
    },
    screenshot: (name) => browser.screenshot(name),
    problems: async () => (await browser.watched()).problems,
    clearProblems: () => browser.evaluate(() => { window.__e2eProblems.length = 0; }),
    close: () => browser.close(),
  }, timeout);
}

/**
 * Loads the demo at `url` in `page` (a page object above with a `close()`) and
 * waits for config.json's settings: `{ page, reopen, close }`, where `reopen`
 * loads it again (a new session, nothing kept in memory) and `close` ends the
 * page and then fails on any problem the page had.
 */
export async function openDemo(page, url, userPoolId) {
  const load = async () => {
    await page.goto(url);
    await page.waitFor((id) => document.querySelector('#set-user-pool')?.value === id, userPoolId,
      'the settings from config.json')
      .catch(async (e) => { throw new Error(`${e.message}: ${JSON.stringify(await page.problems())}`); });
  };
  try {
    await load();
  } catch (e) {
    await page.close();
    throw e;
  }
  return {
    page,
    reopen: load,
    close: async () => {
      const problems = await page.problems().finally(() => page.close());
      assert.deepEqual(problems, [], 'no page error, CSP violation or panic');
    },
  };
}

/** Types `username` and `password` into the sign-in form and submits it. */
export async function signIn(page, username, password) {
  await page.fill(tid('username'), username);
  await page.fill(tid('password'), password);
  await page.click(tid('sign-in'));
}

/** The demo at `url` in a fresh context of the Playwright browser `chrome` (openDemo). */
export async function openPlaywrightDemo(chrome, url, userPoolId, timeout, viewport = { width: 1280, height: 900 }) {
  const context = await chrome.newContext({ viewport, acceptDownloads: true });
  const page = playwrightDemo(await context.newPage(), { timeout, close: () => context.close() });
  return openDemo(page, url, userPoolId);
}

/** The demo at `url` in a fresh WebDriver browser of `engine` (fresh profile; openDemo). */
export async function openWebDriverDemo(engine, url, userPoolId, timeout = 60_000, viewport = { width: 1280, height: 900 }) {
  const browser = await Browser.launch(engine);
  try {
    await browser.resize(viewport.width, viewport.height);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return openDemo(webdriverDemo(browser, { timeout }), url, userPoolId);
}
