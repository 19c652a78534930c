// The data group of scripts/bench: runs page.js in one headless Chromium
// (Debian's, driven by playwright-core) against a local stack started here,
// and prints side by side:
//   - upload throughput (MB/s) of one Blob to the user's S3 folder:
//     cognito-wasm's putObject vs @aws-sdk/lib-storage's Upload with the same
//     part size (8 MiB) and parallelism (4), interleaved runs;
//   - DynamoDB marshalling of a 1,000-item Query result, µs per item both
//     ways: cognito-wasm's dynamodb namespace (its JavaScript marshalling,
//     crate/js/dynamodb_values.js) vs @aws-sdk/util-dynamodb.
// Prints figures, asserts no timing; exits non-zero only when something is
// broken (an upload stores the wrong size, the marshallers disagree).
//
//   node tests/bench/data/bench.mjs --wasm DIR [--runs N] [--megabytes N]
// DIR: the npm package's files (crate/pkg after scripts/build-npm): its entry
// index.js, whose putObject is crate/js/s3_objects.js over the wasm's awsFetch.
//
// (@aws-sdk/client-dynamodb is in package.json only as util-dynamodb's peer,
// pinned with the other clients' release; the override keeps its codec on
// the @aws-sdk/core the other clients already use.)
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = resolve(here, "..");
const root = resolve(here, "../../..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const wasmDir = resolve(option("--wasm", ""));
const runs = Number(option("--runs", "31"));
const megabytes = Number(option("--megabytes", "40"));
const uploadRuns = Math.max(3, Math.min(7, Math.floor(runs / 4)));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, digits = 1) => x.toFixed(digits);

const bundle = await esbuild.build({
  entryPoints: [join(here, "page.js")],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  define: { global: "globalThis" },
  nodePaths: [join(benchDir, "node_modules")],
  alias: {
    "data-bench": join(wasmDir, "index.js"),
    "dynamodb-values": join(root, "crate/js/dynamodb_values.js"),
  },
  logLevel: "error",
});
const mainJs = bundle.outputFiles[0].contents;
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  let body = null;
  let type = types[extname(path)] ?? "application/octet-stream";
  if (path === "/" || path === "/index.html") {
    body = '<!doctype html><meta charset="utf-8"><title>data bench</title><script type="module" src="/main.js"></script>';
    type = types[".html"];
  } else if (path === "/main.js") {
    body = mainJs;
  } else {
    const file = normalize(join(wasmDir, path));
    if (file.startsWith(wasmDir) && existsSync(file)) body = readFileSync(file);
  }
  // Cross-origin isolated, so that performance.now() has 5 µs resolution.
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
  if (body === null) res.writeHead(404).end();
  else res.writeHead(200, { "Content-Type": type }).end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const stackProcess = spawn(join(root, "tests/stack/serve"), ["--port", "0", "--allow-origin", origin], {
  stdio: ["ignore", "pipe", "ignore"],
});
const stack = JSON.parse(await new Promise((ok, fail) => {
  const timer = setTimeout(() => fail(new Error("the local stack did not start in 60 s")), 60_000);
  createInterface({ input: stackProcess.stdout }).once("line", (l) => {
    clearTimeout(timer);
    ok(l);
  });
}));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--headless"],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => window.bench);
  const info = await page.evaluate(([s, mb]) => window.bench.init(s, mb), [stack, megabytes]);
  const versions = JSON.parse(readFileSync(join(benchDir, "package-lock.json"), "utf8")).packages;
  const v = (name) => versions[`node_modules/${name}`]?.version;
  console.log(`\nData (${browser.version()}, ${info.isolated ? "cross-origin isolated" : "NOT isolated"}); @aws-sdk/lib-storage ${v("@aws-sdk/lib-storage")} with @aws-sdk/client-s3 ${v("@aws-sdk/client-s3")}, @aws-sdk/util-dynamodb ${v("@aws-sdk/util-dynamodb")}`);

  const names = await page.evaluate(() => window.bench.uploadNames);
  const mb = info.bytes / 1e6;
  console.log(`Upload of a ${fmt(mb)} MB Blob to the local stack (moto, loopback; the user's folder, signed with the identity's credentials), 8 MiB parts, 4 at a time; median of ${uploadRuns} interleaved runs:`);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < uploadRuns; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) {
      const result = await page.evaluate(([n, id]) => window.bench.upload(n, id), [name, info.identityId]);
      if (result.stored !== info.bytes) {
        failed = true;
        console.log(`  ${name} stored ${result.stored} bytes, not ${info.bytes}`);
      }
      times[name].push(result.ms);
    }
  }
  for (const name of names) {
    const ms = median(times[name]);
    console.log(`${name.padEnd(40)} ${fmt(mb / (ms / 1000)).padStart(7)} MB/s  (${fmt(ms, 0)} ms; min–max ${fmt(Math.min(...times[name]), 0)}–${fmt(Math.max(...times[name]), 0)} ms)`);
  }

  const check = await page.evaluate(() => window.bench.marshalCheck());
  const agree = Object.values(check).every((c) => c.marshall && c.unmarshall);
  console.log(`\nDynamoDB marshalling of a 1,000-item Query result: ${agree ? "both give the same items both ways" : "the marshallers DISAGREE"}`);
  if (!agree) {
    failed = true;
    console.log(check);
  }
  const marshallerNames = await page.evaluate(() => window.bench.marshallerNames);
  console.log(`µs per item, median of ${runs} passes over the 1,000 items (after 5 to warm up):`);
  console.log(`${"".padEnd(28)} ${"marshall (items → request JSON)".padStart(32)} ${"unmarshall (reply JSON → items)".padStart(32)}`);
  const per = {};
  for (const name of marshallerNames) {
    per[name] = {};
    for (const way of ["marshall", "unmarshall"]) {
      per[name][way] = median(await page.evaluate(([n, w, r]) => window.bench.marshalTimes(n, w, r), [name, way, runs]));
    }
    console.log(`${name.padEnd(28)} ${fmt(per[name].marshall, 2).padStart(32)} ${fmt(per[name].unmarshall, 2).padStart(32)}`);
  }
  console.log("  (both include the JSON text: JSON.stringify / JSON.parse)");
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  server.close();
  stackProcess.kill("SIGTERM");
}
process.exit(failed ? 1 : 0);
