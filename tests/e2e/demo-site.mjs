// What the demo's end-to-end tests (demo.test.mjs in Chromium, webdriver-demo.mjs in
// Firefox and WebKit) share: the release build in target/demo-dist, a stack of their
// own, the config.json they serve and the Content-Security-Policy header they send.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root, stack } from './harness.mjs';

/** Where scripts/test's build-app layer (`trunk build --release`) puts the demo. */
export const dist = join(root, 'target', 'demo-dist');

/** The demo origin the stack's CORS rule allows. */
export const PORT = 8081;

/** The built index.html; a clear error when the demo was not built. */
export async function demoHtml() {
  const indexHtml = join(dist, 'index.html');
  await access(indexHtml).catch(() => {
    throw new Error(`${indexHtml} is missing: build the demo first (from the repository root: trunk build --release)`);
  });
  return readFile(indexHtml, 'utf8');
}

/**
 * A stack of the tests' own, even when scripts/test exported STACK_JSON: the
 * tests change it for good (the `newbie` user's password, new users, rows and
 * files). `allowedOrigin`: a further page origin its CORS rule allows.
 */
export async function ownStack({ allowedOrigin } = {}) {
  const saved = { json: process.env.STACK_JSON, origins: process.env.STACK_ALLOWED_ORIGINS };
  delete process.env.STACK_JSON;
  if (allowedOrigin !== undefined) process.env.STACK_ALLOWED_ORIGINS = allowedOrigin;
  try {
    return await stack();
  } finally {
    if (saved.json !== undefined) process.env.STACK_JSON = saved.json;
    if (saved.origins === undefined) delete process.env.STACK_ALLOWED_ORIGINS;
    else process.env.STACK_ALLOWED_ORIGINS = saved.origins;
  }
}

/**
 * The CSP header: the page's own files, trunk's loader by hash (and any further
 * inline script sources in `scriptSources`), the stack's endpoint only.
 */
export function contentSecurityPolicy(html, endpoint, scriptSources = []) {
  const loader = html.match(/<script type="module">([\s\S]*?)<\/script>/);
  assert.ok(loader, 'trunk loader script not found in index.html');
  const hash = createHash('sha256').update(loader[1]).digest('base64');
  return [
    "default-src 'none'",
    ["script-src 'self' 'wasm-unsafe-eval'", `'sha256-${hash}'`, ...scriptSources].join(' '),
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${endpoint}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
