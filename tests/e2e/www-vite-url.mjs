// A second, tiny Vite app beside www/ that hands init() the .wasm URL itself
// (`cognito-wasm/cognito_wasm_bg.wasm?url`), as an app whose bundler copies assets
// would: written under www/node_modules (so that the installed package resolves) and
// built into `out`. Its page sets `window.result` to { wasmUrl, again, error }. Used by
// www.test.mjs (Chromium) and webdriver-www.mjs (Firefox ESR, WebKitGTK).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Builds the app with www/'s Vite into `out`; `head` goes first in its <head>. */
export async function buildWasmUrlApp(www, out, head = '') {
  const vite = await import(pathToFileURL(join(www, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href);
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
