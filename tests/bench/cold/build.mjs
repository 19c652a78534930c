// Production builds (vite build: minified, hashed assets, the .wasm emitted
// beside the bundle) of the three cold-start pages in pages/, each into its own
// folder under `outDir`. cognito-wasm is the packed npm package (the tarball
// scripts/build-npm writes), unpacked here as a user's npm install would.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const here = dirname(fileURLToPath(import.meta.url));

/** The stacks, in the order the tables and the plot show them. */
export const STACKS = [
  { id: "cognito-wasm", label: "cognito-wasm" },
  { id: "amplify", label: "Amplify v6" },
  { id: "cognito-identity-js", label: "amazon-cognito-identity-js + SDK v3" },
];

/** Unpacks `tarball` into `outDir`/cognito-wasm and returns the package's entry file. */
function unpack(tarball, outDir) {
  const dir = join(outDir, "cognito-wasm");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["xzf", tarball, "-C", dir, "--strip-components=1"]);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return { entry: join(dir, manifest.exports["."].default), version: manifest.version };
}

/** Builds the pages of `stacks` (ids) into `outDir`/<id>/; returns id → folder. */
export async function buildPages({ outDir, tarball, stacks }) {
  const ours = unpack(resolve(tarball), outDir);
  const dirs = {};
  for (const id of stacks) {
    const out = join(outDir, "pages", id);
    await build({
      root: join(here, "pages", id),
      base: "./",
      configFile: false,
      logLevel: "error",
      resolve: { alias: { "cognito-wasm": ours.entry } },
      // amazon-cognito-identity-js (through its buffer and crypto-js
      // dependencies) reads Node's `global`: the usual line of a Vite config
      // for it, harmless to the other pages.
      define: { global: "globalThis" },
      build: { outDir: out, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 10_000 },
    });
    dirs[id] = out;
  }
  return { dirs, version: ours.version };
}
