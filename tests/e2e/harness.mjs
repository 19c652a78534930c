// Shared pieces of the end-to-end tests: the local stack, a static file
// server on loopback, and Debian's headless Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = join(root, 'target', 'e2e-artifacts');

/** The local stack: the one scripts/test started (STACK_JSON), or a new one. */
export async function stack() {
  if (process.env.STACK_JSON) return { info: JSON.parse(process.env.STACK_JSON), stop: async () => {} };
  const child = spawn(join(root, 'tests/stack/serve'), ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((ok, fail) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', ok);
    child.once('exit', (code) => fail(new Error(`stack exited with ${code}`)));
  });
  return { info: JSON.parse(line), stop: async () => { child.kill('SIGTERM'); } };
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml',
};

/** Serves `dir` on 127.0.0.1:`port`; `extra` maps URL paths to generated bodies. */
export async function serveStatic(dir, port, { headers = {}, extra = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    try {
      let body; let type;
      if (extra[path] !== undefined) {
        body = extra[path]; type = MIME[extname(path)] ?? 'text/plain';
      } else {
        let file = normalize(join(dir, path));
        if (!file.startsWith(dir)) throw new Error('outside');
        if (path.endsWith('/')) file = join(file, 'index.html');
        body = await readFile(file); type = MIME[extname(file)] ?? 'application/octet-stream';
      }
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404); res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Debian's chromium, headless, with a fresh profile and no background traffic. */
export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Saves a screenshot of `page` under target/e2e-artifacts. */
export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Requests counted by the stack since the last reset. */
export async function stackRequests(info, reset = false) {
  const res = await fetch(`${info.endpoint}/_stack/requests${reset ? '/reset' : ''}`, { method: reset ? 'POST' : 'GET' });
  return reset ? null : res.json();
}
