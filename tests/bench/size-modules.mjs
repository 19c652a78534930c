// The wasm's bytes by module: twiggy's item list of a build that kept its symbol
// names, added up per module of the crate (`cognito_wasm::client`, `…::js`, …) and
// per dependency crate (`core`, `alloc`, `sha2`, `wasm_bindgen`, …). Sizes are
// before compression and exclude the names sections themselves (which the shipped
// build does not carry). Run by `scripts/size --modules`; prints a Markdown table
// and the largest items.
//
//   node tests/bench/size-modules.mjs <wasm with names> [--top N]
import { spawnSync } from "node:child_process";

const [file] = process.argv.slice(2);
const topAt = process.argv.indexOf("--top");
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
if (!file) throw new Error("usage: size-modules.mjs <wasm with names> [--top N]");

const run = spawnSync("twiggy", ["top", "-n", "1000000", "--format", "csv", file], { maxBuffer: 1 << 28, encoding: "utf8" });
if (run.status !== 0) throw new Error(`twiggy failed: ${run.stderr}`);

/** The fields of one CSV line (twiggy quotes names holding commas). */
const fields = (line) => {
  const out = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { out.push(cur); cur = ""; } else cur += c;
  }
  out.push(cur);
  return out;
};

/** `crate::module` of a path, or the crate alone outside cognito_wasm. */
const modulePath = (path) => {
  const m = path.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
  if (!m) return undefined;
  if (/^([iu](8|16|32|64|128|size)|f32|f64|str|char|bool)$/.test(m[1])) return "core"; // primitives' methods
  return m[1] === "cognito_wasm" && m[2] ? `cognito_wasm::${m[2]}` : m[1];
};

/**
 * The module an item belongs to: its path's; for a trait method
 * `<Type as Trait>::f`, the type's module when the type is the crate's, else the
 * trait's crate (`<u32 as core::fmt::Display>::fmt` is core's).
 */
const moduleOf = (name) => {
  if (name.startsWith("data segment")) return "data segments (strings, tables)";
  if (!name.includes("::") || /^(import|export) /.test(name)) return "wasm sections (imports, exports, types, tables)";
  const path = name.replace(/^(impl )?/, "");
  const traitImpl = path.match(/^<(.+?) as ([^>]+)>/);
  if (traitImpl) {
    const own = modulePath(traitImpl[1].replace(/^(&|mut |dyn |<)+/, ""));
    return own?.startsWith("cognito_wasm::") ? own : modulePath(traitImpl[2].replace(/^<+/, "")) ?? "other";
  }
  return modulePath(path.replace(/^<+/, "")) ?? "other";
};

const items = run.stdout.trim().split("\n").slice(1).map(fields)
  .map(([name, size]) => ({ name, size: Number(size) }))
  .filter(({ name }) => !/names" subsection|^Σ|^\.\.\. and/.test(name));
const total = items.reduce((s, i) => s + i.size, 0);
const byModule = new Map();
for (const { name, size } of items) byModule.set(moduleOf(name), (byModule.get(moduleOf(name)) ?? 0) + size);

const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
console.log(`| module | bytes | share |\n| --- | ---: | ---: |`);
for (const [name, size] of [...byModule].sort((a, b) => b[1] - a[1])) {
  console.log(`| \`${name}\` | ${size.toLocaleString("en-US")} | ${pct(size)} |`);
}
console.log(`| **total** | **${total.toLocaleString("en-US")}** | |`);
console.log(`\nThe ${top} largest items:\n\n| item | bytes |\n| --- | ---: |`);
for (const { name, size } of [...items].sort((a, b) => b.size - a.size).slice(0, top)) {
  console.log(`| \`${name.replace(/::h[0-9a-f]{16}$/, "").replace(/\|/g, "\\|")}\` | ${size.toLocaleString("en-US")} |`);
}
