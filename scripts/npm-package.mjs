#!/usr/bin/env node
// The Node.js steps of scripts/build-npm, one command each:
//   entry <pkg dir>                  the package's entry, index.js (crate/js/index.js bundled: the glue's
//                                    exports, awsJson and dynamodb) and index.d.ts
//   strip-comments <pkg dir>         the shipped JS (entry, glue, snippets) without comments (the .d.ts keeps the docs)
//   minify <pkg dir>                 the shipped JS minified with esbuild (scripts/tools), same exports
//   smoke-test <pkg dir>             instantiate the package in Node and use it once
//   finalize-package-json <pkg dir>  the published package.json (and the .d.ts lib reference)
//   check-pack <npm pack --json output>  the tarball holds exactly what ships
//   unpin-tarball <package-lock.json>    drop the rebuilt tarball's hash from a lockfile
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = (message) => console.error(`[build-npm] ${message}`);

const crateJs = new URL('../crate/js/', import.meta.url);
const tools = createRequire(new URL('./tools/package.json', import.meta.url));
const esbuildTool = async () => import(pathToFileURL(tools.resolve('esbuild')).href);

/**
 * Writes the package's entry: crate/js/index.js bundled by esbuild (ES module, not
 * minified yet: the minify step does that) with its JavaScript-only API (awsFetch, awsJson,
 * the dynamodb namespace, the S3 calls: crate/js), `./cognito_wasm.js`
 * left as the import of the glue beside it, and `./host.js` (CognitoError) pointed at the
 * glue's own snippet (one CognitoError class, so `isCognitoError` knows these errors);
 * and index.d.ts beside it. The glue stays as wasm-bindgen wrote it. Checks that the
 * entry re-exports every export of the glue but the internal ones (`__…`).
 */
async function entry(dir) {
  const snippets = existsSync(`${dir}/snippets`) ? readdirSync(`${dir}/snippets`) : [];
  const hostModules = snippets.filter((s) => existsSync(`${dir}/snippets/${s}/js/host.js`));
  if (hostModules.length !== 1) throw new Error(`expected one snippets/*/js/host.js, found ${hostModules.length}`);
  const hostPath = `./snippets/${hostModules[0]}/js/host.js`;
  const esbuild = await esbuildTool();
  const externals = {
    name: 'glue',
    setup(build) {
      build.onResolve({ filter: /^\.\/cognito_wasm\.js$/ }, () => ({ path: './cognito_wasm.js', external: true }));
      build.onResolve({ filter: /^\.\/host\.js$/ }, () => ({ path: hostPath, external: true }));
    },
  };
  const result = await esbuild.build({
    entryPoints: [new URL('index.js', crateJs).pathname],
    bundle: true,
    format: 'esm',
    write: false,
    legalComments: 'none',
    plugins: [externals],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const header = '/* @ts-self-types="./index.d.ts" */\n';
  writeFileSync(`${dir}/index.js`, header + code.replace(header, ''));
  copyFileSync(new URL('index.d.ts', crateJs), `${dir}/index.d.ts`);
  // The entry names the glue's exports one by one: each but the internal ones (`__…`,
  // such as `__observeClock`, for aws_fetch.js) must be there, and no internal one.
  const glue = Object.keys(await import(pathToFileURL(`${dir}/cognito_wasm.js`).href));
  const exported = Object.keys(await import(`${pathToFileURL(`${dir}/index.js`).href}?entry`));
  const missing = glue.filter((name) => !name.startsWith('__') && !exported.includes(name));
  const internal = exported.filter((name) => name.startsWith('__'));
  if (missing.length > 0 || internal.length > 0) {
    throw new Error(`crate/js/index.js: the glue's ${missing.join(', ') || '(none)'} not exported; internal ${internal.join(', ') || '(none)'} exported`);
  }
}

/**
 * Removes the comments from the JavaScript the package ships: the Rust doc comments
 * wasm-bindgen copies into the glue as JSDoc blocks and its own `//` notes (a third of
 * the glue after gzip), and the comments of our snippets (crate/js, as wasm-bindgen
 * copies them). The docs stay in cognito_wasm.d.ts, which editors read (package.json
 * `types`), and in crate/js; bundlers drop the comments anyway. Only whole comment lines
 * go (a `/**` line through the line that closes it, a one-line `/** … *\/`, a line
 * starting with `//`); the glue's `/* @ts-self-types … *\/` header stays. Refuses a file
 * where a template literal may span lines (a line with an odd number of backticks once
 * the comments are gone), where a line inside it could look like a comment.
 */
function stripComments(dir) {
  for (const file of shippedJs(dir)) {
    const stripped = readFileSync(file, 'utf8')
      .replace(/^[ \t]*\/\*\*\n(?:[ \t]*\*(?: .*)?\n)*?[ \t]*\*\/\n/gm, '')
      .replace(/^[ \t]*\/\*\*.*\*\/\n/gm, '')
      .replace(/^[ \t]*\/\/.*\n/gm, '');
    const multiline = stripped.split('\n').findIndex((line) => (line.split('`').length - 1) % 2 === 1);
    if (multiline >= 0) throw new Error(`${file}: a template literal may span lines (${multiline + 1}); comments not stripped`);
    writeFileSync(file, stripped);
  }
}

/** The JavaScript the package ships: the entry, the glue and the snippets (crate/js, as wasm-bindgen copies them). */
function shippedJs(dir) {
  const files = [`${dir}/index.js`, `${dir}/cognito_wasm.js`];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = `${d}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  if (existsSync(`${dir}/snippets`)) walk(`${dir}/snippets`);
  return files;
}

/**
 * Minifies the JavaScript the package ships (glue, snippets) with esbuild from scripts/tools:
 * whitespace, syntax and local names, ES module in and out, no syntax lowered (no target).
 * Exported names stay (esbuild renames only the local bindings), and so do the `name`s of the
 * classes (what devtools shows for a client: each gets a `static name`) and the glue's
 * `@ts-self-types` header. The .d.ts and the README are not touched. Checks that every file
 * exports the same names as before, and the exported classes their names.
 */
async function minify(dir) {
  const esbuild = await esbuildTool();
  let load = 0;
  const exports = async (file) => import(`${pathToFileURL(file).href}?minify=${load++}`);
  const describe = (module) => Object.keys(module).sort().join(' ');
  for (const file of shippedJs(dir)) {
    const source = readFileSync(file, 'utf8');
    const before = describe(await exports(file));
    const header = source.match(/^\/\* @ts-self-types="[^"\n]*" \*\/\n/)?.[0] ?? '';
    // `export class X {` in the glue; `var X = class {` in the entry (esbuild's bundle).
    const named = source.replace(/^(?:export class (\w+)\b|var (\w+) = class\b)[^{\n]*\{$/gm,
      (line, name, bundled) => `${line}\n    static name = ${JSON.stringify(name ?? bundled)};`);
    const { code } = await esbuild.transform(named, {
      format: 'esm',
      minifyWhitespace: true,
      minifySyntax: true,
      minifyIdentifiers: true,
      logLevel: 'silent',
    });
    writeFileSync(file, header + code);
    const module = await exports(file);
    if (describe(module) !== before) throw new Error(`${file}: exports ${describe(module)} after minifying, not ${before}`);
    for (const [name, value] of Object.entries(module)) {
      const isClass = typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
      if (isClass && value.name !== name) throw new Error(`${file}: the exported class ${name} is named ${value.name}`);
    }
  }
}

/**
 * Instantiates the package (its entry) in Node (initSync), makes a client and has a bad
 * one refused, and has the JavaScript-only API refuse a wrong call with a CognitoError
 * the glue's `isCognitoError` knows.
 */
async function smokeTest(dir) {
  const lib = await import(pathToFileURL(`${dir}/index.js`).href);
  if (typeof lib.awsJson !== 'function' || typeof lib.awsFetch !== 'function' || typeof lib.default !== 'function') {
    throw new Error('the entry lacks awsJson, awsFetch or the default export');
  }
  lib.initSync({ module: readFileSync(`${dir}/cognito_wasm_bg.wasm`) });
  const client = new lib.CognitoClient({ userPoolId: 'eu-west-1_AbCdEfGhI', clientId: 'abcdefghijklmnopqrstuvwxyz' });
  if (client.isSignedIn() !== false || client.currentUser() !== null) throw new Error('a new client is signed in');
  client.free();
  const refused = await lib.dynamodb.getItem({ tableName: 't', region: 'eu-west-1' }).then(() => null, (e) => e);
  if (!lib.isCognitoError(refused) || refused.name !== 'InvalidParameterException') {
    throw new Error(`dynamodb.getItem without credentials did not reject with InvalidParameterException: ${refused}`);
  }
  try {
    new lib.CognitoClient({ userPoolId: 'not-a-pool', clientId: 'x' });
  } catch (e) {
    if (lib.isCognitoError(e) && e.name === 'InvalidConfig') return;
    throw e;
  }
  throw new Error('a malformed user pool id was accepted');
}

/**
 * Rewrites wasm-pack's package.json into the published one (name, version,
 * description, license and repository come from Cargo.toml through wasm-pack), and
 * names the TypeScript lib that types wasm-bindgen's `[Symbol.dispose]()`, so that the
 * declarations check in projects whose `lib` stops before ESNext (TypeScript 5.2+).
 */
function finalizePackageJson(dir) {
  const file = `${dir}/package.json`;
  const generated = JSON.parse(readFileSync(file, 'utf8'));
  const repo = typeof generated.repository === 'object' ? generated.repository.url : generated.repository;
  if (generated.name !== 'cognito-wasm' || !generated.version || !repo) {
    throw new Error(`unexpected package.json from wasm-pack: ${JSON.stringify(generated)}`);
  }
  const pkg = {
    name: 'cognito-wasm',
    version: generated.version,
    description: generated.description,
    keywords: ['aws', 'cognito', 'amazon-cognito', 'cognito-identity', 'srp', 'sigv4', 's3',
      'authentication', 'credentials', 'browser', 'webassembly', 'wasm'],
    homepage: `${repo}#readme`,
    bugs: { url: `${repo}/issues` },
    license: generated.license,
    repository: { type: 'git', url: `git+${repo}.git`, directory: 'crate' },
    type: 'module',
    main: './index.js',
    module: './index.js',
    types: './index.d.ts',
    exports: {
      '.': { types: './index.d.ts', default: './index.js' },
      './cognito_wasm_bg.wasm': './cognito_wasm_bg.wasm',
      './package.json': './package.json',
    },
    files: ['index.js', 'index.d.ts', 'cognito_wasm.js', 'cognito_wasm.d.ts', 'cognito_wasm_bg.wasm', 'snippets/',
      'README.md', 'LICENSE-MIT', 'LICENSE-APACHE'],
    sideEffects: false,
  };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);

  const dts = `${dir}/cognito_wasm.d.ts`;
  const reference = '/// <reference lib="esnext.disposable" />\n';
  const declarations = readFileSync(dts, 'utf8');
  if (!declarations.startsWith(reference)) writeFileSync(dts, reference + declarations);
}

/** The tarball (`npm pack --json` output) holds exactly the package's files. */
function checkPack(file) {
  const files = JSON.parse(readFileSync(file, 'utf8'))[0].files.map((f) => f.path).sort();
  const expected = ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'cognito_wasm.d.ts', 'cognito_wasm.js',
    'cognito_wasm_bg.wasm', 'index.d.ts', 'index.js', 'package.json'];
  const rest = files.filter((f) => !f.startsWith('snippets/'));
  if (JSON.stringify(rest) !== JSON.stringify(expected)) throw new Error(`unexpected tarball contents: ${rest.join(' ')}`);
  if (!files.some((f) => /^snippets\/[^/]+\/js\/[^/]+\.js$/.test(f))) {
    throw new Error('the tarball has no snippets/ (the JavaScript the wasm imports)');
  }
}

/**
 * The tarball is rebuilt from source, so a lockfile must not pin its hash: `npm install`
 * writes one, and `npm ci` would then refuse every rebuilt tarball.
 */
function unpinTarball(file) {
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  const entry = lock.packages?.['node_modules/cognito-wasm'];
  if (entry?.integrity) {
    delete entry.integrity;
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
    log(`removed the tarball's integrity from ${file}`);
  }
}

const commands = {
  entry,
  'strip-comments': stripComments,
  minify,
  'smoke-test': smokeTest,
  'finalize-package-json': finalizePackageJson,
  'check-pack': checkPack,
  'unpin-tarball': unpinTarball,
};
const [command, arg] = process.argv.slice(2);
if (!commands[command] || !arg) {
  console.error(`usage: npm-package.mjs ${Object.keys(commands).join('|')} <path>`);
  process.exit(2);
}
try {
  await commands[command](arg);
} catch (e) {
  log(`${command}: ${e.stack ?? e}`);
  process.exit(1);
}
