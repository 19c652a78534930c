// Shared pieces of the npm package tests (www, plain page, AWS SDK): the packed
// tarball, unpacked as a user's node_modules would hold it, the page settings
// for the local stack, and a watch on what a page logs.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from './harness.mjs';

const run = promisify(execFile);

/** Where these tests unpack and build things (under target/, never in the sources). */
export const work = join(root, 'target', 'e2e-npm');

/**
 * The tarball `npm pack` made: scripts/build-npm runs first (it returns at once when
 * nothing changed; it also installs www/node_modules from the tarball).
 */
export async function packedTarball() {
  await run(join(root, 'scripts', 'build-npm'), [], { cwd: root, maxBuffer: 1 << 24 }).catch((e) => {
    throw new Error(`scripts/build-npm failed:\n${e.stderr ?? e.message}`);
  });
  const cargo = await readFile(join(root, 'crate', 'Cargo.toml'), 'utf8');
  const version = cargo.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) throw new Error('no version in crate/Cargo.toml');
  return { version, path: join(root, 'target', 'npm', `cognito-wasm-${version}.tgz`) };
}

/** The tarball unpacked into target/e2e-npm/<name>/package (its `package/` folder). */
export async function unpackedPackage(name) {
  const { path } = await packedTarball();
  const dir = join(work, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await run('tar', ['xzf', path, '-C', dir]);
  return join(dir, 'package');
}

/** The app settings (www/config.json format) for the local stack. */
export function appConfig(info, prefix = 'public/') {
  return {
    region: info.region,
    userPoolId: info.userPoolId,
    clientId: info.clientId,
    identityPoolId: info.identityPoolId,
    bucket: info.bucket,
    prefix,
    endpoints: { cognitoIdp: info.endpoint, cognitoIdentity: info.endpoint, s3: info.endpoint },
  };
}

/**
 * Collects what must not happen in a page: uncaught errors, console errors and
 * warnings (a wrong MIME type for the .wasm, deprecated init parameters, a CSP
 * refusal, a panic), and failed requests. Also records every URL requested.
 */
export function watchPage(page) {
  const problems = [];
  const requested = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => requested.push(r.url()));
  return { problems, requested };
}

/** The keys a page shows in the list `selector`. */
export async function shownKeys(page, selector) {
  return page.locator(`${selector} li`).allTextContents();
}

/**
 * Waits until the page's `#status` leaves "loading…" and returns it; fails at once on
 * an uncaught page error (a module that does not load never gets there).
 */
export async function pageStatus(page, watch, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const status = await page.locator('#status').textContent();
    if (status !== 'loading…') return status;
    const error = watch.problems.find((p) => p.startsWith('page error'));
    if (error) throw new Error(`the page failed to start: ${error}`);
    if (Date.now() > deadline) throw new Error(`the page did not start: ${watch.problems.join('\n')}`);
    await page.waitForTimeout(100);
  }
}

/**
 * Removes navigator.locks from the page it runs in (as on a page served over plain
 * http from a LAN address); run before the page's own scripts.
 */
export function noLocks() {
  Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
}

/** Without `locks`, runs noLocks in every page of the Playwright `context` before their scripts. */
export async function dropLocks(context, locks) {
  if (!locks) await context.addInitScript(noLocks);
}

/** Checks that `page` (anything with `evaluate(fn)`) has navigator.locks as `locks` says, and BroadcastChannel. */
export async function checkLocks(page, locks) {
  const has = await page.evaluate(() => ({ locks: navigator.locks !== undefined, channel: typeof BroadcastChannel }));
  if (has.locks !== locks || has.channel !== 'function') {
    throw new Error(`navigator.locks as the test asks: ${JSON.stringify(has)}, wanted locks ${locks}`);
  }
}
