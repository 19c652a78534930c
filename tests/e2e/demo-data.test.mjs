// End-to-end tests of the Yew demo's data panels (app/: "My files", "My
// profile", the policy panel), built by `trunk build --release` into
// target/demo-dist, served on 127.0.0.1:8081 (the demo tests' origin; the
// files run one at a time) with a config.json holding what scripts/stack-config
// writes, against a local stack of their own, in Debian's headless Chromium.
//
// Nothing is mocked: the uploads, downloads, rows and refusals are the
// stack's, whose IAM evaluates the role's policy variables. The page is
// served with the same strict Content-Security-Policy as demo.test.mjs, and
// every test fails on a CSP violation, Rust panic or uncaught error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, browser, screenshot, stackRequests } from './harness.mjs';
import { appConfig } from './npm-package.mjs';
import { PORT, demoHtml, ownStack, contentSecurityPolicy, dist } from './demo-site.mjs';

const TIMEOUT = 30_000;

let localStack;
let info;
let server;
let chrome;

before(async () => {
  const html = await demoHtml();
  localStack = await ownStack();
  info = localStack.info;
  // What scripts/stack-config writes from the stack's JSON line.
  const base = appConfig(info);
  const config = {
    ...base,
    endpoints: { ...base.endpoints, dynamodb: info.endpoint },
    table: info.table,
    tablePartitionKey: info.tablePartitionKey,
    policy: info.policies.authenticated,
    identityIds: info.identityIds,
  };
  server = await serveStatic(dist, PORT, {
    headers: { 'content-security-policy': contentSecurityPolicy(html, info.endpoint) },
    extra: { '/config.json': JSON.stringify(config) },
  });
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  await server?.close();
  await localStack?.stop();
});

/** A fresh page, signed in as `user`, with credentials; collects CSP violations and crashes. */
async function signedIn(user = 'demo') {
  const context = await chrome.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|panicked|RuntimeError|unreachable/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const open = async () => {
    await page.goto(`${server.url}/`);
    await page.waitForFunction((id) => document.querySelector('#set-user-pool')?.value === id, info.userPoolId);
    await page.getByTestId('username').fill(info.users[user].username);
    await page.getByTestId('password').fill(info.users[user].password);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('identity-id').waitFor();
    assert.equal(await page.getByTestId('identity-id').textContent(), info.identityIds[user]);
  };
  await open();
  return {
    page,
    problems,
    /** Loads the page again and signs in again (a new session, nothing kept in memory). */
    reopen: open,
    close: async () => {
      await context.close();
      assert.deepEqual(problems, [], 'no CSP violation, panic or page error');
    },
  };
}

/** The row of `name` in "My files". */
const fileRow = (page, name) => page.getByTestId('file-row').filter({ hasText: name });

test('My files: upload in parts with progress, listed, downloaded byte for byte, deleted', async () => {
  const { page, close } = await signedIn('demo');
  const files = page.getByTestId('my-files');
  assert.match(await files.textContent(), new RegExp(`private/${info.identityIds.demo}/`), 'the folder is named after the identity id');
  // The seeded file of the user's own folder is listed.
  await fileRow(page, 'welcome.txt').waitFor();

  // 12 MiB: three 5 MiB parts (the panel uploads from 10 MiB in parts).
  const body = randomBytes(12 * 1024 * 1024);
  const name = `e2e upload ${Date.now()}.bin`;
  await stackRequests(info, true);
  // Every value the progress bar takes, from the first.
  await page.evaluate(() => {
    window.progressSeen = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="upload-progress"]');
      if (bar && window.progressSeen.at(-1) !== bar.value) window.progressSeen.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  // From a file on disk: the browser reads it itself (a buffer would cross the
  // DevTools protocol as base64).
  const dir = await mkdtemp(join(tmpdir(), 'demo-data-'));
  const path = join(dir, name);
  await writeFile(path, body);
  await page.getByTestId('upload-input').setInputFiles(path);
  // Parts are hashed and signed in the page: give a loaded machine time, and
  // fail at once with the panel's error if there is one.
  const outcome = await Promise.race([
    fileRow(page, name).waitFor({ timeout: 120_000 }).then(() => 'listed', (e) => `not listed: ${e.message}`),
    files.getByTestId('error').waitFor({ timeout: 120_000 })
      .then(async () => `upload failed: ${await files.getByTestId('error').textContent()}`, () => 'no error shown'),
  ]);
  assert.equal(outcome, 'listed');
  const progress = page.getByTestId('upload-progress');
  assert.equal(await progress.getAttribute('value'), '100');
  assert.match(await files.textContent(), /100 % — 12 MiB of 12 MiB/);
  const seen = await page.evaluate(() => window.progressSeen);
  assert.equal(seen.at(-1), 100);
  assert.ok(seen.some((v) => v > 0 && v < 100), `progress moved through the parts (${seen})`);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `progress never goes back (${seen})`);
  const { counts } = await stackRequests(info);
  assert.equal(counts['S3 PUT'], 3, `three UploadPart calls (${JSON.stringify(counts)})`);
  assert.equal(counts['S3 POST'], 2, 'CreateMultipartUpload and CompleteMultipartUpload');
  assert.match(await fileRow(page, name).textContent(), /12 MiB/);

  // Download: what the browser saves is what was uploaded.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    fileRow(page, name).getByTestId('download').click(),
  ]);
  assert.equal(download.suggestedFilename(), name);
  const saved = await readFile(await download.path());
  assert.equal(saved.length, body.length);
  assert.ok(saved.equals(body), 'downloaded bytes equal the uploaded ones');
  await rm(dir, { recursive: true });

  // The request log names the calls, signed in step 3.
  const log = await page.locator('.request-log').textContent();
  for (const op of ['S3 CreateMultipartUpload', 'S3 UploadPart', 'S3 CompleteMultipartUpload', 'S3 GetObject']) {
    assert.ok(log.includes(op), `log shows ${op}`);
  }
  await screenshot(page, 'demo-data-my-files');

  // A small file goes up in one PutObject; then delete both.
  await page.getByTestId('upload-input').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('a small note\n') });
  await fileRow(page, 'note.txt').waitFor();
  for (const n of [name, 'note.txt']) {
    await fileRow(page, n).getByTestId('delete-file').click();
    await fileRow(page, n).waitFor({ state: 'detached' });
  }
  await fileRow(page, 'welcome.txt').waitFor();
  assert.equal(await page.getByTestId('error').count(), 0);
  await close();
});

test('My profile: saved in DynamoDB and read back after a reload', async () => {
  const { page, reopen, close } = await signedIn('demo');
  const displayName = page.getByTestId('profile-field-displayName');
  const city = page.getByTestId('profile-field-city');
  // The seeded row, read with GetItem.
  await page.waitForFunction(() => document.querySelector('[data-testid="profile-field-displayName"]')?.value === 'Demo User');
  assert.equal(await city.inputValue(), 'Dublin');

  const newName = `Demo ${Date.now()}`;
  await displayName.fill(newName);
  await city.fill('Cork');
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-saved').waitFor();
  assert.equal(await page.getByTestId('error').count(), 0);

  await reopen();
  await page.waitForFunction((v) => document.querySelector('[data-testid="profile-field-displayName"]')?.value === v, newName);
  assert.equal(await city.inputValue(), 'Cork');
  const log = await page.locator('.request-log').textContent();
  assert.ok(log.includes('GetItem'), 'log shows GetItem');
  await screenshot(page, 'demo-data-my-profile');
  await close();
});

test('the policy shows the identity resolved; the other user\'s folder and row are AccessDenied', async () => {
  const { page, close } = await signedIn('demo');
  const policy = await page.getByTestId('policy').textContent();
  const own = info.identityIds.demo;
  assert.ok(policy.includes(`arn:aws:s3:::${info.bucket}/private/${own}/*`), 'the folder resource, resolved');
  assert.ok(policy.includes(`"private/${own}/*"`), 'the s3:prefix condition, resolved');
  assert.ok(policy.includes('dynamodb:LeadingKeys'));
  assert.ok(!policy.includes('${cognito-identity.amazonaws.com:sub}'), 'no variable left');

  await page.getByTestId('try-other-user').click();
  const outcomes = page.getByTestId('other-user-outcome');
  await outcomes.nth(1).waitFor();
  const [list, row] = await outcomes.allTextContents();
  assert.match(list, new RegExp(`ListObjectsV2 s3://${info.bucket}/private/${info.identityIds.other}/ → AccessDenied`));
  assert.match(row, new RegExp(`GetItem ${info.table} \\{${info.tablePartitionKey}: ${info.identityIds.other}\\} → AccessDeniedException`));
  assert.match(row, /not authorized to perform: dynamodb:GetItem/);
  // Denied only there: the user's own folder still lists.
  await fileRow(page, 'welcome.txt').waitFor();
  await screenshot(page, 'demo-data-other-user-denied');
  await close();
});
