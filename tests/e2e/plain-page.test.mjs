// The npm package used unchanged from a plain page: no bundler, no polyfill, no
// shim. The `npm pack` tarball is unpacked as it is and served on 127.0.0.1:8084
// next to a small HTML page whose inline <script type="module"> imports
// the package's entry ./index.js, calls `await init()` (or `init({ module_or_path })` with a
// .wasm URL elsewhere), signs in with SRP, gets credentials and lists public/.
// The page is served under a strict Content-Security-Policy header (no eval:
// only 'wasm-unsafe-eval'); any console error or warning fails a test.
// Also checks what the tarball holds and what its package.json says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stack, serveStatic, browser, screenshot } from './harness.mjs';
import { appConfig, pageStatus, unpackedPackage, watchPage } from './npm-package.mjs';
import { PORT, pageHtml } from './plain-page-site.mjs';

const TIMEOUT = 60_000;

let pkgDir;
let localStack;
let info;
let server;
let chrome;

const plain = pageHtml('init()');
const custom = pageHtml("init({ module_or_path: '/elsewhere/any-name.wasm' })");

before(async () => {
  pkgDir = await unpackedPackage('plain-page');
  localStack = await stack();
  info = localStack.info;
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' 'sha256-${plain.hash}' 'sha256-${custom.hash}'`,
    `connect-src 'self' ${info.endpoint}`,
    'img-src data:',
    "base-uri 'none'",
  ].join('; ');
  server = await serveStatic(pkgDir, PORT, {
    headers: { 'content-security-policy': csp },
    extra: {
      '/index.html': plain.html,
      '/custom.html': custom.html,
      '/config.json': JSON.stringify(appConfig(info)),
      '/elsewhere/any-name.wasm': await readFile(join(pkgDir, 'cognito_wasm_bg.wasm')),
    },
  });
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

async function openPage(path) {
  const context = await chrome.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const watch = watchPage(page);
  await page.goto(`${server.url}${path}`);
  assert.equal(await pageStatus(page, watch), 'ready', watch.problems.join('\n'));
  return { page, watch, close: () => context.close() };
}

/** What a signed-in listing of public/ with delimiter '/' must be. */
function assertListing(result) {
  assert.equal(result.error, undefined, JSON.stringify(result.error));
  assert.equal(result.signedIn, true);
  assert.match(result.identityId, new RegExp(`^${info.region}:[0-9a-f-]{36}$`));
  assert.match(result.accessKeyId, /^ASIA/);
  assert.equal(result.expiration, true, 'expiration is a Date');
  assert.deepEqual(result.objects.map((o) => o[0]), ['public/readme.txt']);
  const [, size, etag, isDate] = result.objects[0];
  assert.equal(size, 'Hello from the public prefix.\n'.length);
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.equal(isDate, true, 'lastModified is a Date');
  assert.deepEqual(result.prefixes, ['public/a b/', 'public/docs/', 'public/many/', 'public/symbols/', 'public/unicode/']);
}

test('a plain page imports ./index.js, awaits init() and signs in, gets credentials, lists', async () => {
  const { page, watch, close } = await openPage('/index.html');
  const { username, password } = info.users.demo;
  assertListing(await page.evaluate(([u, p]) => window.signInAndList(u, p), [username, password]));
  assert.equal(await page.evaluate(() => window.initAgainIsSame()), true, 'init() again returns the same instance');
  assert.equal(await page.locator('#status').textContent(), `Signed in as ${username}`);
  await screenshot(page, 'plain-page-listing');
  // Only the package's own files (and the page's config) were loaded: no polyfill, no shim.
  const ownFiles = watch.requested.filter((u) => u.startsWith(server.url)).map((u) => new URL(u).pathname).sort();
  const snippets = (await readdir(join(pkgDir, 'snippets'), { recursive: true }))
    .filter((f) => f.endsWith('.js')).map((f) => `/snippets/${f}`);
  assert.deepEqual(ownFiles, ['/cognito_wasm.js', '/cognito_wasm_bg.wasm', '/config.json', '/index.html', '/index.js', ...snippets].sort());
  assert.deepEqual(watch.problems, [], 'no console error or warning, no CSP violation');
  await close();
});

test('wrong argument types to synchronous methods throw a CognitoError and the module keeps working', async () => {
  const { page, watch, close } = await openPage('/index.html');
  const results = await page.evaluate(() => window.badArguments());
  for (const r of results) assert.deepEqual(r, { name: 'InvalidParameterException', isCognitoError: true });
  const { username, password } = info.users.demo;
  assertListing(await page.evaluate(([u, p]) => window.signInAndList(u, p), [username, password]));
  assert.deepEqual(watch.problems, []);
  await close();
});

test('init({ module_or_path }) loads the .wasm from another URL', async () => {
  const { page, watch, close } = await openPage('/custom.html');
  const wasmRequests = watch.requested.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname);
  assert.deepEqual(wasmRequests, ['/elsewhere/any-name.wasm'], 'only the given URL, not the default next to the JS');
  const { username, password } = info.users.demo;
  assertListing(await page.evaluate(([u, p]) => window.signInAndList(u, p), [username, password]));
  await screenshot(page, 'plain-page-custom-wasm-url');
  assert.deepEqual(watch.problems, []);
  await close();
});

test('a refused sign-in rejects with a CognitoError (an Error) that hides the password', async () => {
  const { page, watch, close } = await openPage('/index.html');
  const wrong = 'Wrong-passw0rd!';
  const { error } = await page.evaluate(([u, p]) => window.signInAndList(u, p), [info.users.demo.username, wrong]);
  assert.equal(error.name, 'NotAuthorizedException');
  assert.equal(error.isError, true, 'an Error subclass');
  assert.equal(error.isCognitoError, true);
  assert.equal(error.retryable, false);
  assert.ok(error.message.length > 0 && !error.message.includes(wrong));
  await screenshot(page, 'plain-page-wrong-password');
  // The 400 reply is the browser's one console line.
  assert.ok(watch.problems.every((p) => /status of 400/.test(p)), watch.problems.join('\n'));
  await close();
});

test('the tarball holds the package and nothing else, described by its package.json', async () => {
  const files = (await readdir(pkgDir, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile()).map((d) => relative(pkgDir, join(d.parentPath ?? d.path, d.name))).sort();
  assert.deepEqual(files.filter((f) => !f.startsWith('snippets/')),
    ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'cognito_wasm.d.ts', 'cognito_wasm.js', 'cognito_wasm_bg.wasm', 'index.d.ts',
      'index.js', 'package.json']);
  assert.ok(files.some((f) => /^snippets\/.+\.js$/.test(f)), 'the JS snippets the wasm imports');

  const pkg = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'cognito-wasm');
  assert.equal(pkg.type, 'module');
  // The entry: the glue's exports, and awsFetch, awsJson, dynamodb and the S3 calls (JavaScript).
  assert.equal(pkg.main, './index.js');
  assert.equal(pkg.module, './index.js');
  assert.equal(pkg.types, './index.d.ts');
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './index.js' });
  assert.equal(pkg.exports['./cognito_wasm_bg.wasm'], './cognito_wasm_bg.wasm');
  assert.equal(pkg.sideEffects, false);
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/.+\.git$/);
  assert.ok(pkg.keywords.includes('cognito') && pkg.description.length > 20);
  assert.equal(pkg.dependencies, undefined, 'no runtime dependencies');

  const readme = await readFile(join(pkgDir, 'README.md'), 'utf8');
  for (const text of ['npm install cognito-wasm', 'await init()', 'await init({ module_or_path:', 'SECRET_HASH', 'sessionStorage',
    'Browser support']) {
    assert.ok(readme.includes(text), `README mentions ${text}`);
  }
  assert.match(await readFile(join(pkgDir, 'LICENSE-MIT'), 'utf8'), /Permission is hereby granted/);
  assert.match(await readFile(join(pkgDir, 'LICENSE-APACHE'), 'utf8'), /Apache License\s+Version 2\.0/);

  const dts = await readFile(join(pkgDir, 'cognito_wasm.d.ts'), 'utf8');
  for (const name of ['class CognitoClient', 'function signRequest', 'function isCognitoError', 'interface CognitoError', 'export default function']) {
    assert.ok(dts.includes(name), `declarations include ${name}`);
  }
  // The glue's internal export for aws_fetch.js is declared as no function (only among InitOutput's raw
  // wasm exports), and the entry does not export it (scripts/npm-package.mjs checks).
  assert.ok(!dts.includes('function __observeClock'), 'the glue declares no internal function');
  assert.ok(!/:\s*any\b/.test(dts.split('export type InitInput')[0]), 'no `any` in the public API declarations');
  const entryDts = await readFile(join(pkgDir, 'index.d.ts'), 'utf8');
  for (const name of ["export * from './cognito_wasm.js'", "export { default } from './cognito_wasm.js'", 'function awsFetch', 'function awsJson',
    'class dynamodb', 'static queryAll', 'type DynamoValue', 'function listObjects', 'function listAllObjects',
    'function presignGetObject', 'interface ListObjectsResult', 'function getObject']) {
    assert.ok(entryDts.includes(name), `the entry's declarations include ${name}`);
  }
});
