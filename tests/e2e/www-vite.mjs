// www/ under Vite, for www.test.mjs (Chromium) and webdriver-www.mjs (Firefox ESR,
// WebKitGTK): the app under Vite's dev server, and a second, tiny Vite app that hands
// init() the .wasm URL itself.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** www/'s own Vite (www/ has no Vite config of its own). */
const viteOf = (www) => import(pathToFileURL(join(www, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href);

/**
 * www/ under Vite's dev server on 127.0.0.1:`port`, as `npm run dev` runs it, listening;
 * `config` (the stack's app config) served as /config.json by a middleware and
 * `transformIndexHtml` applied to the page (www/ is left alone). Close it when done.
 */
export async function startDevServer(www, port, config, transformIndexHtml = (html) => html) {
  const vite = await viteOf(www);
  const body = JSON.stringify(config);
  const server = await vite.createServer({
    root: www,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: true },
    plugins: [{
      name: 'stack-config',
      configureServer(s) {
        s.middlewares.use('/config.json', (_req, res) => { res.setHeader('content-type', 'application/json'); res.end(body); });
      },
      transformIndexHtml,
    }],
  });
  await server.listen();
  return server;
}

/**
 * The tiny app that hands init() the .wasm URL itself (`cognito-wasm/cognito_wasm_bg.wasm?url`),
 * as an app whose bundler copies assets would: written under www/node_modules (so that
 * the installed package resolves) and built into `out`; `head` goes first in its <head>.
 * Its page sets `window.result` to { wasmUrl, again, error }.
 */
export async function buildWasmUrlApp(www, out, head = '') {
  const vite = await viteOf(www);
  const app = join(www, 'node_modules', '.e2e-vite-url');
  await mkdir(app, { recursive: true });
  await writeFile(join(app, 'index.html'),
    `<!doctype html><html><head>${head}<link rel="icon" href="data:,"><script type="module" src="./entry.js"></script></head><body></body></html>`);
  await writeFile(join(app, 'entry.js'), `
import init, { CognitoClient, isCognitoError } from 'cognito-wasm';
import wasmUrl from 'cognito-wasm/cognito_wasm_bg.wasm?url';
const wasm = await init({ module_or_path: wasmUrl });
const result = { wasmUrl, again: (await init()) === wasm };
try { new CognitoClient({ userPoolId: 'not-a-pool', clientId: 'x' }); } catch (e) { result.error = isCognitoError(e) && e.name; }
window.result = result;
document.body.textContent = JSON.stringify(result);
`);
  await vite.build({ root: app, logLevel: 'warn', configFile: false, build: { outDir: out, emptyOutDir: true } });
}
