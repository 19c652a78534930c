// End-to-end tests of www/, the plain JavaScript app (Vite) that installs the packed
// cognito-wasm tarball: `vite build` into www/dist, served on 127.0.0.1:8082 with a
// generated config.json, in Debian's headless Chromium against the local stack. The
// app signs in, gets credentials, lists public/ with listAllObjects, and lists it again
// with @aws-sdk/client-s3 given client.credentialProvider(); the test compares both
// listings itself. Also: the same app under Vite's dev server, a Vite app passing
// the .wasm URL to init(), and www/example.ts against the package's declarations
// with `tsc --strict --noEmit`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root, stack, serveStatic, browser, screenshot } from './harness.mjs';
import { appConfig, packedTarball, shownKeys, watchPage, work } from './npm-package.mjs';
import { buildWasmUrlApp, startDevServer } from './www-vite.mjs';

const run = promisify(execFile);
const www = join(root, 'www');
const dist = join(www, 'dist');
const PORT = 8082; // one of the origins the stack's CORS allows
const TIMEOUT = 60_000;

let localStack;
let info;
let chrome;

before(async () => {
  const { version } = await packedTarball();
  // What npm ci installed is the tarball, not the source folder.
  const installed = JSON.parse(await readFile(join(www, 'node_modules', 'cognito-wasm', 'package.json'), 'utf8'));
  assert.equal(installed.version, version);
  const lock = JSON.parse(await readFile(join(www, 'package-lock.json'), 'utf8'));
  assert.equal(lock.packages['node_modules/cognito-wasm'].resolved, `file:../target/npm/cognito-wasm-${version}.tgz`);
  await run(join(www, 'node_modules', '.bin', 'vite'), ['build', '--emptyOutDir', '--logLevel', 'warn'], { cwd: www });
  localStack = await stack();
  info = localStack.info;
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await localStack?.stop();
});

/** Opens the app at `url`, waits until it is ready to sign in. */
async function openApp(url) {
  const context = await chrome.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const watch = watchPage(page);
  await page.goto(url);
  await page.locator('#sign-in button:enabled').waitFor();
  return { page, watch, close: () => context.close() };
}

/** Signs in through the form and waits for the verdict or an error. */
async function signInAndList(page, username, password) {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('#sign-in button').click();
  await page.locator('#verdict:not(:empty), #error:not(:empty)').first().waitFor();
}

/** Checks a complete run of the app: user, credentials, both listings, equal. */
async function assertListedTwice(page) {
  assert.equal(await page.locator('#error').textContent(), '');
  assert.equal(await page.locator('#user').textContent(), info.users.demo.username);
  assert.match(await page.locator('#identity').textContent(), new RegExp(`^${info.region}:[0-9a-f-]{36}$`));
  const expires = new Date(await page.locator('#expires').textContent());
  const minutes = (expires.getTime() - Date.now()) / 60_000;
  assert.ok(minutes > 50 && minutes <= 61, `credentials last about an hour (${minutes} min)`);

  const ours = await shownKeys(page, '#ours');
  const sdk = await shownKeys(page, '#sdk');
  // public/ has more than 1,000 keys: both listings went through several pages.
  assert.ok(ours.length > 1000, `listAllObjects paged through public/ (${ours.length} keys)`);
  assert.deepEqual(sdk, ours, 'the AWS SDK lists the same keys, in the same order');
  assert.equal(new Set(ours).size, ours.length, 'every key once');
  assert.ok(ours.every((k) => k.startsWith('public/')), 'only the prefix');
  for (const key of ['public/readme.txt', 'public/unicode/héllo wörld ✓.txt', 'public/unicode/日本語/ファイル.txt',
    'public/symbols/a+b=c.txt', 'public/symbols/x=1&y=2 (copy).txt', 'public/symbols/100% done~.txt',
    'public/many/item-0000.txt', 'public/many/item-1099.txt']) {
    assert.ok(ours.includes(key), `${key} listed`);
  }
  assert.equal(await page.locator('#verdict').textContent(), `Both list the same ${ours.length} keys.`);
  // The password field is emptied and the password is nowhere in the page.
  assert.equal(await page.locator('input[name=password]').inputValue(), '');
  assert.ok(!(await page.content()).includes(info.users.demo.password));
}

test('the built app signs in, gets credentials and lists public/ the same as the AWS SDK', async () => {
  const server = await serveStatic(dist, PORT, { extra: { '/config.json': JSON.stringify(appConfig(info)) } });
  try {
    const { page, watch, close } = await openApp(`${server.url}/`);
    await signInAndList(page, info.users.demo.username, info.users.demo.password);
    await assertListedTwice(page);
    // The .wasm came from Vite's hashed asset, as application/wasm (no fallback warning).
    assert.ok(watch.requested.some((u) => /\/assets\/cognito_wasm_bg-[\w-]+\.wasm$/.test(u)), 'hashed .wasm asset loaded');
    await screenshot(page, 'www-built-listing');
    assert.deepEqual(watch.problems, []);
    await close();
  } finally {
    await server.close();
  }
});

test('a wrong password shows NotAuthorizedException and nothing is listed', async () => {
  const server = await serveStatic(dist, PORT, { extra: { '/config.json': JSON.stringify(appConfig(info)) } });
  try {
    const { page, watch, close } = await openApp(`${server.url}/`);
    await signInAndList(page, info.users.demo.username, 'Wrong-passw0rd!');
    assert.match(await page.locator('#error').textContent(), /^NotAuthorizedException: /);
    assert.equal(await page.locator('#ours li').count(), 0);
    assert.equal(await page.locator('#identity').textContent(), '');
    await screenshot(page, 'www-wrong-password');
    // The refused sign-in is the only console line (the browser logs the 400 reply).
    assert.ok(watch.problems.every((p) => /status of 400/.test(p)), watch.problems.join('\n'));
    // The form works again with the right password.
    await signInAndList(page, info.users.demo.username, info.users.demo.password);
    await page.locator('#verdict:not(:empty)').waitFor();
    await close();
  } finally {
    await server.close();
  }
});

test('the same app runs under the Vite dev server', async () => {
  const server = await startDevServer(www, PORT, appConfig(info));
  try {
    const { page, watch, close } = await openApp(`http://127.0.0.1:${PORT}/`);
    await signInAndList(page, info.users.demo.username, info.users.demo.password);
    await assertListedTwice(page);
    assert.ok(watch.requested.some((u) => u.endsWith('/node_modules/cognito-wasm/cognito_wasm_bg.wasm')),
      'the .wasm next to cognito_wasm.js, as published');
    await screenshot(page, 'www-dev-server-listing');
    assert.deepEqual(watch.problems.filter((p) => !/\[vite\]/.test(p)), []);
    await close();
  } finally {
    await server.close();
  }
});

test('a Vite app can hand init() the .wasm URL itself (cognito-wasm/cognito_wasm_bg.wasm?url)', async () => {
  const out = join(work, 'vite-url');
  await buildWasmUrlApp(www, out);
  const server = await serveStatic(out, PORT);
  try {
    const context = await chrome.newContext();
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/`);
    const result = await page.waitForFunction(() => window.result).then((h) => h.jsonValue());
    assert.match(result.wasmUrl, /^\/assets\/cognito_wasm_bg-[\w-]+\.wasm$/);
    assert.equal(result.again, true, 'a second init() returns the same instance');
    assert.equal(result.error, 'InvalidConfig', 'the module runs');
    assert.deepEqual(watch.requested.filter((u) => u.endsWith('.wasm')), [`${server.url}${result.wasmUrl}`]);
    await screenshot(page, 'www-vite-wasm-url');
    assert.deepEqual(watch.problems, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test('example.ts passes tsc --strict --noEmit against the package declarations, and wrong use fails', async () => {
  const tsc = join(www, 'node_modules', '.bin', 'tsc');
  // The example (npm run typecheck): both tsconfigs, strict.
  await run('npm', ['run', '--silent', 'typecheck'], { cwd: www }).catch((e) => {
    throw new Error(`typecheck failed:\n${e.stdout}${e.stderr}`);
  });
  // The declarations have real types: misuse is refused. (Written under node_modules
  // so that 'cognito-wasm' resolves; never in the sources.)
  const dir = join(www, 'node_modules', '.typecheck-negative');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'wrong.ts'), `
import { AwsSigner, CognitoClient, listObjects, signRequest } from 'cognito-wasm';
export async function wrong(): Promise<void> {
  new CognitoClient({ clientId: 'abc' });                                    // TS2741: userPoolId missing
  const client = new CognitoClient({ userPoolId: 'eu-west-1_a', clientId: 'b', storage: 'disk' }); // TS2322
  const result = await client.signIn({ username: 'u', password: 'p' });
  if (result.signedIn) console.log(result.nextStep);                        // TS2339: no nextStep when signed in
  await listObjects({ region: 'eu-west-1', bucket: 'b' });                    // TS2345: credentials or provider
  const credentials = await client.getCredentials();
  const n: number = credentials.expiration;                                 // TS2322: a Date
  signRequest({ url: 'https://x' }, { credentials, region: 'r' });          // TS2741: service missing
  new AwsSigner({ credentials, region: 'r', service: 's3' }).sign({ url: 'https://x' }, { expiresIn: 60 }); // TS2353: not an option
  console.log(n);
}
`);
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
      lib: ['es2022', 'dom'], types: [], skipLibCheck: true },
    files: ['wrong.ts'],
  }));
  const failed = await run(tsc, ['--strict', '--noEmit', '-p', join(dir, 'tsconfig.json')]).then(() => null, (e) => e);
  assert.ok(failed, 'tsc refuses wrong.ts');
  const errors = [...failed.stdout.matchAll(/wrong\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(errors, ['4:TS2741', '5:TS2322', '7:TS2339', '8:TS2345', '10:TS2322', '11:TS2741', '12:TS2353'], failed.stdout);
});
