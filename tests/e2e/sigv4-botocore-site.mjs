// The SigV4 differential of the npm package's JavaScript API against botocore,
// shared by sigv4-botocore.test.mjs (Chromium) and webdriver-sigv4-botocore.mjs
// (Firefox ESR, WebKitGTK): the page that signs, the cases from
// tests/stack/sigv4_cases.py and botocore's verdict on the replies, with the
// assertions on it.
//
// The cases of tests/stack/sigv4_cases.py (fixed seed; s3, execute-api, dynamodb,
// lambda and sts; header and presigned form; the traps in paths, queries and headers
// listed there; with and without a session token) are signed in the browser by the
// packed package's `signRequest(request, { credentials, region, service, signingDate,
// presign? })` and by `new AwsSigner({ credentials, region, service }).sign(request,
// { signingDate, presign? })`, each with the request's headers given three ways:
// `[name, value]` pairs, a `Headers` object (with the body as a Uint8Array), and a
// plain record (the shape the fast path reads; only for cases whose header names are
// all different). The signing time is each case's, through `signingDate`.
// sigv4_cases.py then checks every reply with botocore, as the Rust half
// (tests/stack/test_sigv4_botocore.py) does: it matches botocore's Authorization (or
// presigned URL), or is a CognitoError InvalidParameterException for the documented
// reason (an S3 path with a `.`/`..` segment). No server but the static one: nothing
// is sent.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { root } from './harness.mjs';
import { work } from './npm-package.mjs';

const run = promisify(execFile);
/** The page's own origin (nothing is fetched from the stack). */
export const PORT = 8127;
const PYTHON = process.env.PYTHON ?? join(root, '.venv', 'bin', 'python');
const CASES_PY = join(root, 'tests', 'stack', 'sigv4_cases.py');

const script = `
import init, { signRequest, AwsSigner, isCognitoError } from './cognito_wasm.js';
await init();

// The case's headers in the shape of 'variant'; null when it cannot carry them.
function headersOf(c, shape) {
  if (shape === 'pairs') return c.headers.map(([n, v]) => [n, v]);
  if (shape === 'Headers') return new Headers(c.headers);
  const record = {};
  for (const [n, v] of c.headers) {
    if (Object.hasOwn(record, n)) return null;
    record[n] = v;
  }
  return record;
}

function reply(sign) {
  try {
    const { url, headers } = sign();
    return { ok: true, url, headers: Object.entries(headers) };
  } catch (e) {
    return { ok: false, name: String(e?.name), message: String(e?.message), retryable: e?.retryable,
      is_cognito_error: isCognitoError(e) };
  }
}

window.signAll = (cases, api, shape) => cases.map((c) => {
  const headers = headersOf(c, shape);
  if (headers === null) return null;
  // With a Headers object the body goes as bytes (the general reader's other body type).
  const body = shape === 'Headers' ? new TextEncoder().encode(c.body) : c.body;
  const request = { method: c.method, url: c.url, headers, body };
  const credentials = { accessKeyId: c.access_key_id, secretAccessKey: c.secret_access_key };
  if (c.session_token !== null) credentials.sessionToken = c.session_token;
  const timing = { signingDate: new Date(c.time_ms) };
  if (c.presign !== null) timing.presign = { expiresIn: c.presign };
  if (api === 'signRequest') {
    return reply(() => signRequest(request, { credentials, region: c.region, service: c.service, ...timing }));
  }
  let signer;
  try {
    signer = new AwsSigner({ credentials, region: c.region, service: c.service });
  } catch (e) {
    return reply(() => { throw e; });
  }
  try {
    return reply(() => signer.sign(request, timing));
  } finally {
    signer.free();
  }
});
document.getElementById('status').textContent = 'ready';
`;

/** The page; `wrap` edits the finished HTML (the WebDriver test puts its watch script first in it). */
export function pageHtml(wrap = (html) => html) {
  return wrap(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SigV4 differential</title><link rel="icon" href="data:,"></head>
<body><p id="status">loading…</p>
<script type="module">${script}</script></body></html>`);
}

/** Each signing API with each shape of headers: `signAll(cases, api, shape)` once per variant. */
export const VARIANTS = ['signRequest', 'AwsSigner'].flatMap((api) => ['pairs', 'Headers', 'record'].map((shape) => [api, shape]));

/** Runs sigv4_cases.py with `args`; its stdout. */
async function casesPy(...args) {
  const { stdout } = await run(PYTHON, [CASES_PY, ...args], { cwd: root, maxBuffer: 1 << 28 }).catch((e) => {
    throw new Error(`sigv4_cases.py ${args[0]} failed:\n${e.stderr ?? e.message}`);
  });
  return stdout;
}

/** The generated cases, written under target/e2e-npm/`name`: `{ seed, cases, dir, casesPath }`. */
export async function generateCases(name) {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  const casesPath = join(dir, 'cases.json');
  await casesPy('generate', casesPath);
  const { seed, cases } = JSON.parse(await readFile(casesPath, 'utf8'));
  assert.ok(cases.length >= 2000, `${cases.length} cases`);
  return { seed, cases, dir, casesPath };
}

/**
 * botocore's verdict on `results` (`{ "<api>/<shape>": [reply or null per case] }`),
 * reported through the test context `t`, and the assertions on it.
 */
export async function assertMatchesBotocore(t, { seed, cases, dir, casesPath }, results, engine) {
  const resultsPath = join(dir, 'results.json');
  await writeFile(resultsPath, JSON.stringify(results));
  const verdict = JSON.parse(await casesPy('check', casesPath, resultsPath));
  t.diagnostic(`SigV4 differential of the JS API against botocore in ${engine}, seed ${seed}, ${cases.length} requests per variant:`);
  for (const line of verdict.report) t.diagnostic(line);

  assert.deepEqual(verdict.failures, [], JSON.stringify(verdict.failures, null, 1).slice(0, 6000));
  for (const [api, shape] of VARIANTS) {
    const name = `${api}/${shape}`;
    const counts = verdict.variants[name];
    const applicable = results[name].filter((r) => r !== null).length;
    assert.equal(counts.failed, 0, name);
    assert.equal(counts.matched + counts.refused, applicable, name);
    // Pairs and Headers carry every case; a record those without a repeated name.
    assert.ok(applicable >= (shape === 'record' ? 1000 : cases.length), `${name}: ${applicable}`);
    for (const service of ['s3', 'execute-api', 'dynamodb', 'lambda', 'sts']) {
      for (const form of ['header', 'presigned']) {
        const matched = counts.by[`${service}/${form}/matched`] ?? 0;
        assert.ok(matched > (shape === 'record' ? 20 : 50), `${name} ${service} ${form}: ${matched} matched`);
      }
    }
    assert.ok((counts.by['s3/header/refused'] ?? 0) > 0 && (counts.by['s3/presigned/refused'] ?? 0) > 0, `${name}: no refusal`);
  }
}
