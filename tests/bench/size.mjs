// Bytes a browser downloads for the whole flow (sign-in, identity-pool
// credentials, S3 listing): cognito-wasm as wasm-pack ships it and as a
// bundler user ships it, against the JavaScript stacks doing the same job,
// each bundled with esbuild --minify. Raw, gzip -9 (the gzip CLI) and
// brotli (quality 11, node's zlib). Run by scripts/size; prints figures.
//
//   node tests/bench/size.mjs <wasm-pack out dir> [--ours-only]
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = process.argv[2] && resolve(process.argv[2]);
const oursOnly = process.argv.includes("--ours-only");
if (!pkg) throw new Error("usage: size.mjs <wasm-pack out dir> [--ours-only]");

const gzip = (buf) => {
  const out = spawnSync("gzip", ["-9", "-n", "-c"], { input: buf, maxBuffer: 1 << 28 });
  if (out.status !== 0) throw new Error("gzip failed");
  return out.stdout.length;
};
const brotli = (buf) =>
  zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
const sizes = (buf) => ({ raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) });
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const zero = { raw: 0, gzip: 0, brotli: 0 };

const rows = [];
const row = (name, s) => rows.push([name, s.raw, s.gzip, s.brotli]);
const print = (title) => {
  console.log(`\n${title}`);
  console.log(`${"".padEnd(58)} ${"raw".padStart(9)} ${"gzip -9".padStart(9)} ${"brotli".padStart(9)}`);
  for (const [name, raw, gz, br] of rows.splice(0)) {
    console.log(`${name.padEnd(58)} ${String(raw).padStart(9)} ${String(gz).padStart(9)} ${String(br).padStart(9)}`);
  }
};

// What the browser fetches from the package: the wasm, the entry (index.js), the glue, the snippets.
const shipped = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(wasm|js)$/.test(name) && !name.endsWith(".d.ts")) shipped.push(path);
  }
};
walk(pkg);
shipped.sort();
let total = zero;
let wasmSizes = zero;
for (const path of shipped) {
  const s = sizes(readFileSync(path));
  if (path.endsWith(".wasm")) wasmSizes = s;
  total = add(total, s);
  row(relative(pkg, path), s);
}
row("TOTAL cognito-wasm as shipped (wasm+entry+glue+snippets)", total);
print("cognito-wasm, wasm-pack --target web --release (files as served):");

const bundle = async (entry, alias = {}) => {
  const result = await esbuild.build({
    entryPoints: [join(here, "size", entry)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    alias,
    define: { global: "globalThis" },
    logLevel: "error",
  });
  return sizes(Buffer.from(result.outputFiles[0].contents));
};

// The package's entry, as package.json names it: what ours.js does not use is left out.
const oursJs = await bundle("ours.js", { "cognito-wasm": join(pkg, "index.js") });
row("ours.js bundled (entry + glue + snippets, esbuild --minify)", oursJs);
row("  + cognito_wasm_bg.wasm", wasmSizes);
row("TOTAL cognito-wasm bundled", add(oursJs, wasmSizes));
print("cognito-wasm as an esbuild user ships it:");

if (!oursOnly) {
  const stacks = [
    ["amplify-signin.js", "Amplify v6: sign-in + credentials"],
    ["amplify-storage.js", "Amplify v6: sign-in + credentials + storage list"],
    ["sdk-v3.js", "AWS SDK v3: idp + credential-providers + s3"],
    ["cognito-identity-js-sdk-v3.js", "amazon-cognito-identity-js + SDK v3 (credentials, s3)"],
  ];
  // esbuild does not apply this package's "browser" map (its keys have no
  // extension), so point it at the browser entry the map names, as Vite does.
  const browserEntries = {
    "@aws-sdk/credential-providers": join(here, "node_modules/@aws-sdk/credential-providers/dist-es/index.browser.js"),
  };
  for (const [entry, name] of stacks) row(name, await bundle(entry, browserEntries));
  print("JavaScript stacks, esbuild --bundle --minify --format=esm --platform=browser:");
}
