// The Yew demo's data panels (app/: "My files", "My profile", the policy panel),
// written once over a demo page object (demo-page.mjs) and run in Chromium by
// demo-data.test.mjs and in Firefox ESR and WebKitGTK by webdriver-demo-data.mjs:
// the release build in target/demo-dist, served on 127.0.0.1:8081 (the demo
// tests' origin; the files run one at a time, demo-site.mjs's serveDemo) with a
// config.json holding what scripts/stack-config writes, against a local stack of
// the tests' own.
//
// Nothing is mocked: the uploads, downloads, rows and refusals are the stack's,
// whose IAM evaluates the role's policy variables. The page is served with the
// same strict Content-Security-Policy as the demo tests, and every test fails on
// a CSP violation, Rust panic or uncaught error. How a file is chosen and a
// download read in each engine: demo-page.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackRequests } from './harness.mjs';
import { appConfig } from './npm-package.mjs';
import { serveDemo } from './demo-site.mjs';
import { tid, signIn } from './demo-page.mjs';

/**
 * The stack and the built demo (demo-site.mjs's serveDemo) with the config.json
 * scripts/stack-config writes from the stack's JSON line.
 */
export function serveData(options = {}) {
  return serveDemo({
    ...options,
    config: (info) => {
      const base = appConfig(info);
      return {
        ...base,
        endpoints: { ...base.endpoints, dynamodb: info.endpoint },
        table: info.table,
        tablePartitionKey: info.tablePartitionKey,
        policy: info.policies.authenticated,
        identityIds: info.identityIds,
      };
    },
  });
}

/** The row of `name` in "My files" (its selector, once it is there). */
const fileRow = (page, name, inner) => page.row(tid('file-row'), { has: [name], inner });

/**
 * The data tests. `open()` gives a fresh demo page with the settings loaded,
 * `{ page, close }` (demo-page.mjs's openDemo); `info()` the stack's JSON.
 */
export function demoDataTests({ label = '', info, open }) {
  /** Signs in as `user` and waits for its identity id. */
  async function signedIn(page, user) {
    await signIn(page, info().users[user].username, info().users[user].password);
    await page.shown(tid('identity-id'));
    assert.equal(await page.text(tid('identity-id')), info().identityIds[user]);
  }

  test(`${label}My files: upload in parts with progress, listed, downloaded byte for byte, deleted`, async () => {
    const { page, close } = await open();
    const dir = await mkdtemp(join(tmpdir(), 'demo-data-'));
    try {
      await signedIn(page, 'demo');
      const files = tid('my-files');
      await page.shown(files);
      assert.match(await page.text(files), new RegExp(`private/${info().identityIds.demo}/`), 'the folder is named after the identity id');
      // The seeded file of the user's own folder is listed.
      await fileRow(page, 'welcome.txt');

      // 12 MiB: three 5 MiB parts (the panel uploads from 10 MiB in parts).
      const body = randomBytes(12 * 1024 * 1024);
      const name = `e2e upload ${Date.now()}.bin`;
      await stackRequests(info(), true);
      // Every value the progress bar takes, from the first.
      await page.evaluate(() => {
        window.progressSeen = [];
        new MutationObserver(() => {
          const bar = document.querySelector('[data-testid="upload-progress"]');
          if (bar && window.progressSeen.at(-1) !== bar.value) window.progressSeen.push(bar.value);
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      // From a file on disk: the browser reads it itself.
      const path = join(dir, name);
      await writeFile(path, body);
      await page.chooseFile(tid('upload-input'), path);
      // Parts are hashed and signed in the page: give a loaded machine time, and
      // fail at once with the panel's error if there is one.
      const outcome = await page.waitFor(([n, f]) => {
        if ([...document.querySelectorAll('[data-testid="file-row"]')].some((r) => r.textContent.includes(n))) return 'listed';
        const error = document.querySelector(`${f} [data-testid="error"]`);
        return error ? `upload failed: ${error.textContent}` : null;
      }, [name, files], `${name} listed`);
      assert.equal(outcome, 'listed');
      assert.equal(await page.evaluate((s) => document.querySelector(s)?.getAttribute('value'), tid('upload-progress')), '100');
      assert.match(await page.text(files), /100 % — 12 MiB of 12 MiB/);
      const seen = await page.evaluate(() => window.progressSeen);
      assert.equal(seen.at(-1), 100);
      assert.ok(seen.some((v) => v > 0 && v < 100), `progress moved through the parts (${seen})`);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `progress never goes back (${seen})`);
      const { counts } = await stackRequests(info());
      assert.equal(counts['S3 PUT'], 3, `three UploadPart calls (${JSON.stringify(counts)})`);
      assert.equal(counts['S3 POST'], 2, 'CreateMultipartUpload and CompleteMultipartUpload');
      assert.match(await page.text(await fileRow(page, name)), /12 MiB/);

      // Download: what the browser is given is what was uploaded.
      const download = await page.download(await fileRow(page, name, tid('download')));
      assert.equal(download.name, name);
      assert.equal(download.bytes.length, body.length);
      assert.ok(download.bytes.equals(body), 'downloaded bytes equal the uploaded ones');

      // The request log names the calls, signed in step 3.
      const log = await page.text('.request-log');
      for (const op of ['S3 CreateMultipartUpload', 'S3 UploadPart', 'S3 CompleteMultipartUpload', 'S3 GetObject']) {
        assert.ok(log.includes(op), `log shows ${op}`);
      }
      await page.screenshot('demo-data-my-files');

      // A small file goes up in one PutObject; then delete both.
      const note = join(dir, 'note.txt');
      await writeFile(note, 'a small note\n');
      await page.chooseFile(tid('upload-input'), note);
      await fileRow(page, 'note.txt');
      for (const n of [name, 'note.txt']) {
        await page.click(await fileRow(page, n, tid('delete-file')));
        await page.waitFor((x) => ![...document.querySelectorAll('[data-testid="file-row"]')]
          .some((r) => r.textContent.includes(x)), n, `${n} gone`);
      }
      await fileRow(page, 'welcome.txt');
      assert.equal(await page.count(tid('error')), 0);
    } finally {
      await rm(dir, { recursive: true });
      await close();
    }
  });

  test(`${label}My profile: saved in DynamoDB and read back after a reload`, async () => {
    const { page, reopen, close } = await open();
    try {
      await signedIn(page, 'demo');
      const displayName = tid('profile-field-displayName');
      const city = tid('profile-field-city');
      // The seeded row, read with GetItem.
      await page.waitFor((s) => document.querySelector(s)?.value === 'Demo User', displayName, 'the seeded display name');
      assert.equal(await page.value(city), 'Dublin');

      const newName = `Demo ${Date.now()}`;
      await page.fill(displayName, newName);
      await page.fill(city, 'Cork');
      await page.click(tid('profile-save'));
      await page.shown(tid('profile-saved'));
      assert.equal(await page.count(tid('error')), 0);

      // A new session: the page loaded again, signed in again, nothing kept in memory.
      await reopen();
      await signedIn(page, 'demo');
      await page.waitFor(([s, v]) => document.querySelector(s)?.value === v, [displayName, newName], 'the saved display name');
      assert.equal(await page.value(city), 'Cork');
      const log = await page.text('.request-log');
      assert.ok(log.includes('GetItem'), 'log shows GetItem');
      await page.screenshot('demo-data-my-profile');
    } finally {
      await close();
    }
  });

  test(`${label}the policy shows the identity resolved; the other user's folder and row are AccessDenied`, async () => {
    const { page, close } = await open();
    try {
      await signedIn(page, 'demo');
      await page.shown(tid('policy'));
      const policy = await page.text(tid('policy'));
      const own = info().identityIds.demo;
      assert.ok(policy.includes(`arn:aws:s3:::${info().bucket}/private/${own}/*`), 'the folder resource, resolved');
      assert.ok(policy.includes(`"private/${own}/*"`), 'the s3:prefix condition, resolved');
      assert.ok(policy.includes('dynamodb:LeadingKeys'));
      assert.ok(!policy.includes('${cognito-identity.amazonaws.com:sub}'), 'no variable left');

      await page.click(tid('try-other-user'));
      const outcomes = tid('other-user-outcome');
      await page.waitFor((s) => document.querySelectorAll(s).length >= 2, outcomes, 'two outcomes');
      const [list, row] = await page.texts(outcomes);
      const { bucket, identityIds, table, tablePartitionKey } = info();
      assert.match(list, new RegExp(`ListObjectsV2 s3://${bucket}/private/${identityIds.other}/ → AccessDenied`));
      assert.match(row, new RegExp(`GetItem ${table} \\{${tablePartitionKey}: ${identityIds.other}\\} → AccessDeniedException`));
      assert.match(row, /not authorized to perform: dynamodb:GetItem/);
      // Denied only there: the user's own folder still lists.
      await fileRow(page, 'welcome.txt');
      await page.screenshot('demo-data-other-user-denied');
    } finally {
      await close();
    }
  });
}
