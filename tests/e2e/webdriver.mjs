// A small W3C WebDriver client (node's fetch, no dependency) for the engines
// playwright-core cannot drive from Debian's packages: Firefox ESR through
// geckodriver, and WebKitGTK through WebKitWebDriver (its MiniBrowser needs a
// display: run these tests under xvfb-run, as tests/e2e/package.json does).
// E2E_ENGINE picks the engine: firefox or webkit.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { artifacts } from './harness.mjs';

/** How each engine's WebDriver server is started and what session it is asked for. */
export const ENGINES = {
  firefox: {
    name: 'Firefox ESR',
    driver: () => process.env.GECKODRIVER
      ?? [join(homedir(), '.cargo', 'bin', 'geckodriver'), '/usr/bin/geckodriver'].find((p) => existsSync(p))
      ?? 'geckodriver',
    args: (port) => ['--port', String(port), '--host', '127.0.0.1'],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        args: ['-headless'],
        prefs: { 'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false },
      },
    },
  },
  webkit: {
    name: 'WebKitGTK',
    driver: () => process.env.WEBKITWEBDRIVER ?? '/usr/bin/WebKitWebDriver',
    args: (port) => [`--port=${port}`],
    // No browser options: WebKitWebDriver starts the package's own MiniBrowser
    // in automation mode, with an ephemeral profile.
    capabilities: {},
  },
};

/** The engine these tests run in (E2E_ENGINE). */
export function engineName() {
  const name = process.env.E2E_ENGINE;
  if (!ENGINES[name]) throw new Error(`set E2E_ENGINE to one of ${Object.keys(ENGINES).join(', ')} (got ${name})`);
  return name;
}

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** A WebDriver failure, with the driver's error code and message. */
export class WebDriverError extends Error {
  constructor(what, value) {
    super(`${what}: ${value?.error ?? 'error'}: ${value?.message ?? JSON.stringify(value)}`);
    this.code = value?.error;
  }
}

/** One browser session over W3C WebDriver. */
export class Browser {
  #base; #child; #exited; #queue = Promise.resolve();

  constructor(engine, base, child, exited) {
    this.engine = engine; this.#base = base; this.#child = child; this.#exited = exited;
  }

  /** Starts the engine's driver on a free loopback port and opens a session. */
  static async launch(engine = engineName()) {
    const spec = ENGINES[engine];
    const port = await freePort();
    const log = [];
    const child = spawn(spec.driver(), spec.args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => log.push(String(d)));
    const exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
    child.once('error', (e) => log.push(String(e)));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${base}/status`).then((r) => r.json()).then((s) => s.value?.ready, () => false);
      if (ready) break;
      const code = await Promise.race([exited, new Promise((ok) => setTimeout(() => ok(undefined), 100))]);
      if (code !== undefined || Date.now() > deadline) {
        child.kill();
        throw new Error(`${spec.driver()} did not start (exit ${code}):\n${log.join('')}`);
      }
    }
    const browser = new Browser(engine, base, child, exited);
    try {
      const { sessionId, capabilities } = await browser.#send('POST', '/session',
        { capabilities: { alwaysMatch: spec.capabilities } });
      browser.session = sessionId;
      browser.version = `${capabilities.browserName} ${capabilities.browserVersion}`;
      await browser.command('POST', '/timeouts', { script: 120_000, pageLoad: 60_000, implicit: 0 });
    } catch (e) {
      await browser.close();
      throw new Error(`${e.message}\n${log.join('')}`);
    }
    return browser;
  }

  async #send(method, path, body) {
    const res = await fetch(`${this.#base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = await res.json().catch(() => ({ value: { error: `HTTP ${res.status}` } }));
    if (!res.ok) throw new WebDriverError(`${method} ${path}`, reply.value);
    return reply.value;
  }

  /** Sends one session command: `path` is relative to /session/{id}. */
  command(method, path, body) {
    return this.#send(method, `/session/${this.session}${path}`, body);
  }

  /** Ends the session (which ends the browser), then the driver, and waits for it to exit. */
  async close() {
    if (this.session) await this.#send('DELETE', `/session/${this.session}`).catch(() => {});
    this.session = undefined;
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Loads `url` and waits for the load event. */
  goto(url) { return this.command('POST', '/url', { url }); }

  /** The current window's handle. */
  windowHandle() { return this.command('GET', '/window'); }

  /**
   * Opens a new top-level window (a window, not a tab: WebKitGTK hides a
   * background tab and throttles its timers) and returns its handle; the
   * current window stays current.
   */
  async newWindow() {
    const { handle } = await this.command('POST', '/window/new', { type: 'window' });
    return handle;
  }

  /** Makes the window `handle` the current one. */
  switchTo(handle) { return this.command('POST', '/window', { handle }); }

  /**
   * Runs `body()` alone: the session has one current window, so what switches
   * windows (Window) goes through here.
   */
  exclusive(body) {
    const run = this.#queue.then(body);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Sets the window's size. */
  resize(width, height) { return this.command('POST', '/window/rect', { width, height }); }

  /**
   * Runs `fn(...args)` in the page and returns its result (awaited when it is a
   * promise); `fn` is sent as source, so it sees only its arguments.
   */
  evaluate(fn, ...args) {
    return this.command('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments);`, args });
  }

  /** Polls `fn(...args)` in the page until it returns a truthy value, and returns it. */
  async waitFor(fn, args = [], { timeout = 60_000, what = String(fn) } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, ...args);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }

  /**
   * Waits until the page's `#status` leaves "loading…" and checks it says
   * "ready"; either failure throws with what the watch script collected.
   */
  async ready(what = 'the page to start') {
    const status = await this.waitFor(() => {
      const s = document.getElementById('status').textContent;
      return s !== 'loading…' && s;
    }, [], { what }).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify((await this.watched()).problems)}`);
    });
    if (status !== 'ready') throw new Error(`${what}: status ${status}: ${JSON.stringify((await this.watched()).problems)}`);
  }

  /** The element matching `css` (a WebDriver element reference). */
  async find(css) {
    const value = await this.command('POST', '/element', { using: 'css selector', value: css });
    return Object.values(value)[0];
  }

  /** Types `text` into the field `css` (after clearing it), as a user would. */
  async type(css, text) {
    const id = await this.find(css);
    await this.command('POST', `/element/${id}/clear`, {});
    await this.command('POST', `/element/${id}/value`, { text });
  }

  /** Clicks the element `css`. */
  async click(css) {
    const id = await this.find(css);
    await this.command('POST', `/element/${id}/click`, {});
  }

  /** The text content of the first element matching `css` (null when none). */
  text(css) { return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, css); }

  /** The text contents of every element matching `css`. */
  texts(css) { return this.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent), css); }

  /** Saves a screenshot under target/e2e-artifacts, named for the engine. */
  async screenshot(name) {
    const png = await this.command('GET', '/screenshot');
    await mkdir(artifacts, { recursive: true });
    await writeFile(join(artifacts, `${this.engine}-${name}.png`), Buffer.from(png, 'base64'));
  }

  /**
   * What the page's watch script (WATCH_SCRIPT) collected, and every URL the page
   * requested (its Resource Timing entries: documents, scripts, fetches, the .wasm).
   */
  watched() {
    return this.evaluate(() => ({
      problems: [...(window.__e2eProblems ?? ['the watch script did not run'])],
      requested: [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)],
    }));
  }
}

/**
 * Collects in the page what must not happen there: uncaught errors and rejections,
 * console errors and warnings the page's scripts write, CSP violations, and
 * resources that failed to load. Classic WebDriver has no console or network log:
 * the test pages carry this script first in their <head>.
 */
export const WATCH_SCRIPT = `(() => {
  const problems = window.__e2eProblems = [];
  addEventListener('error', (e) => problems.push(e.message ? 'page error: ' + e.message
    : 'failed to load: ' + (e.target && (e.target.src || e.target.href))), true);
  addEventListener('unhandledrejection', (e) => problems.push('page error: ' + ((e.reason && e.reason.message) || e.reason)));
  addEventListener('securitypolicyviolation', (e) => problems.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = (...args) => { problems.push('console ' + level + ': ' + args.join(' ')); original.apply(console, args); };
  }
})();`;

/** The CSP source allowing WATCH_SCRIPT inline. */
export const WATCH_SCRIPT_HASH = `'sha256-${createHash('sha256').update(WATCH_SCRIPT).digest('base64')}'`;

/**
 * `html` with WATCH_SCRIPT first in its <head>, then a classic script calling
 * each of `before` (functions sent as source: they see only the page), all run
 * before the page's own scripts.
 */
export function withWatch(html, ...before) {
  const head = html.match(/<head[^>]*>/i);
  if (!head) throw new Error('no <head> to put the watch script in');
  const at = head.index + head[0].length;
  const scripts = [WATCH_SCRIPT, ...before.map((fn) => `(${fn})();`)].map((s) => `<script>${s}</script>`).join('');
  return `${html.slice(0, at)}${scripts}${html.slice(at)}`;
}

/**
 * One top-level window of a Browser, driven in turn with the session's other
 * windows: each command switches to it first. `evaluate` starts the call in the
 * page and polls for its outcome, so the session is never held while a page's
 * promise is pending and calls in several windows run at the same time.
 */
export class Window {
  #calls = 0;

  constructor(browser, handle) { this.browser = browser; this.handle = handle; }

  /** The browser's current window, and `count - 1` new ones, each a Window. */
  static async open(browser, count) {
    const handles = [await browser.windowHandle()];
    while (handles.length < count) handles.push(await browser.newWindow());
    return handles.map((h) => new Window(browser, h));
  }

  /** Runs `command(browser)` with this window current. */
  run(command) {
    return this.browser.exclusive(async () => {
      await this.browser.switchTo(this.handle);
      return command(this.browser);
    });
  }

  /** Loads `url` in this window. */
  goto(url) { return this.run((b) => b.goto(url)); }

  /**
   * Runs `fn(...args)` in this window's page and returns its (awaited) result;
   * a page error or a rejection throws here with its message.
   */
  async evaluate(fn, ...args) {
    const id = `${this.handle}:${this.#calls++}`;
    const script = `const [id, args] = arguments;
      const calls = window.__e2eCalls || (window.__e2eCalls = {});
      calls[id] = { done: false };
      new Promise((ok) => ok((${fn}).apply(null, args))).then(
        (value) => { calls[id] = { done: true, value }; },
        (e) => { calls[id] = { done: true, error: String((e && e.message) || e) }; });
      return id;`;
    await this.run((b) => b.command('POST', '/execute/sync', { script, args: [id, args] }));
    for (;;) {
      const outcome = await this.run((b) => b.evaluate((i) => {
        const call = window.__e2eCalls && window.__e2eCalls[i];
        if (call && call.done) delete window.__e2eCalls[i];
        return call || { done: true, error: 'the page lost the call (reloaded?)' };
      }, id));
      if (outcome.done) {
        if (outcome.error !== undefined) throw new Error(`in the page: ${outcome.error}`);
        return outcome.value;
      }
      await new Promise((ok) => setTimeout(ok, 20));
    }
  }

  /** What the page's watch script collected (Browser.watched) in this window. */
  watched() { return this.run((b) => b.watched()); }

  /** The problems the page's watch script collected in this window. */
  async problems() { return (await this.watched()).problems; }

  /** Saves a screenshot of this window (Browser.screenshot). */
  screenshot(name) { return this.run((b) => b.screenshot(name)); }
}

/**
 * A fresh browser (fresh profile) with one window (Window) per URL of `urls`,
 * each page loaded and ready (Browser.ready): `{ windows, close }`.
 */
export async function openWindows(urls, engine = engineName()) {
  const browser = await Browser.launch(engine);
  try {
    const windows = await Window.open(browser, urls.length);
    for (const [i, window] of windows.entries()) {
      await window.goto(urls[i]);
      await window.run((b) => b.ready(`window ${i} to start`));
    }
    return { windows, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
