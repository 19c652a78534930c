// Cold start: how long from navigation until a page holds identity-pool
// credentials, for the same job done by three stacks (pages/: cognito-wasm,
// Amplify v6, amazon-cognito-identity-js + AWS SDK v3), each a Vite production
// build: load, SRP sign-in of the stack's seeded user `demo`, identity-pool
// credentials, one S3 ListObjectsV2 of the user's `private/<identityId>/`.
// Every request (page files and AWS calls) waits `--latency` ms in this
// process's servers (server.mjs) before it is answered; the AWS calls go
// through a proxy to the local stack (tests/stack/serve, started here).
//
// Cells: Chromium (Debian's, playwright-core) under the DevTools Protocol's
// network throttling (none, Fast 4G, Slow 3G: DevTools' presets) and CPU
// throttling (1×, 4×, 6×); Firefox ESR and WebKitGTK unthrottled, over
// WebDriver (tests/e2e/webdriver.mjs; WebKitGTK needs a display: xvfb-run).
// Every run is a fresh profile with an empty cache (a new browser context in
// Chromium, a new WebDriver session elsewhere). Rounds interleave the stacks.
// Per cell and stack: medians of time to credentials and to the listing,
// bytes the servers sent (headers and gzip bodies as on the wire) and
// requests they answered (preflights included), and in engines exposing
// long tasks the total blocking time (Σ of each long task's time over 50 ms)
// and the longest task, both counted from navigation to credentials.
// Prints a table, writes an SVG plot and the raw results; asserts no timing,
// exits non-zero only when a page failed its job.
//
//   node tests/bench/cold/run.mjs --tarball cognito-wasm-X.tgz [--runs N] [--latency MS]
//        [--out DIR] [--svg FILE] [--cells c1,c2] [--stacks s1,s2] [--smoke]
//   node tests/bench/cold/run.mjs --render a.json[,b.json…] [--svg FILE] [--note TEXT]: the table and the
//        plot again from the raw results of earlier runs (cells run apart, in two processes).
//   COLD_PORTS=BASE: pages and proxies on BASE…BASE+5 (default: free ports);
//   COLD_STACK_PORT=P: the stack's port (default: a free one).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";
import { buildPages, STACKS } from "./build.mjs";
import { harness } from "./harness.mjs";
import { startPage } from "./server.mjs";
import { plot } from "./plot.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const smoke = args.includes("--smoke");
const runs = smoke ? 1 : Number(option("--runs", "10"));
const latencyMs = Number(option("--latency", "50"));
const outDir = resolve(option("--out", join(root, "target/bench/cold")));
const render = option("--render", null);
const tarball = option("--tarball", null);
if (!tarball && !render) throw new Error("--tarball: the cognito-wasm package scripts/build-npm packed");

// DevTools' presets (Network panel: "Fast 4G", and "Slow 3G", named "3G" in newer releases).
const NETWORKS = {
  none: null,
  "Fast 4G": { latency: 165, downloadThroughput: (9e6 / 8) * 0.9, uploadThroughput: (1.5e6 / 8) * 0.9 },
  "Slow 3G": { latency: 2000, downloadThroughput: (500e3 / 8) * 0.8, uploadThroughput: (500e3 / 8) * 0.8 },
};
// Slow 3G's runs are bound by its 2 s round trips: the three stacks load side
// by side there (each its own context, throttle and servers), which keeps the
// matrix within minutes.
const CELLS = [
  { id: "chromium", engine: "chromium", network: "none", cpu: 1 },
  { id: "chromium-cpu4", engine: "chromium", network: "none", cpu: 4 },
  { id: "chromium-cpu6", engine: "chromium", network: "none", cpu: 6 },
  { id: "chromium-4g", engine: "chromium", network: "Fast 4G", cpu: 1 },
  { id: "chromium-4g-cpu4", engine: "chromium", network: "Fast 4G", cpu: 4 },
  { id: "chromium-4g-cpu6", engine: "chromium", network: "Fast 4G", cpu: 6 },
  { id: "chromium-3g-cpu4", engine: "chromium", network: "Slow 3G", cpu: 4, sideBySide: true },
  { id: "firefox", engine: "firefox", network: "none", cpu: 1 },
  { id: "webkit", engine: "webkit", network: "none", cpu: 1 },
];
const pick = (list, name, all) => {
  const wanted = option(name, null);
  if (!wanted) return all;
  const ids = wanted.split(",");
  for (const id of ids) if (!list.some((x) => x.id === id)) throw new Error(`${name}: no ${id} (${list.map((x) => x.id).join(", ")})`);
  return list.filter((x) => ids.includes(x.id));
};
const cells = smoke ? CELLS.slice(0, 1) : pick(CELLS, "--cells", CELLS);
const stacks = smoke ? STACKS.slice(0, 1) : pick(STACKS, "--stacks", STACKS);
const full = !smoke && runs >= 10 && cells.length === CELLS.length && stacks.length === STACKS.length;
const svgPath = resolve(option("--svg", join(outDir, "cold-start.svg")));

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cellLabel = (c) => {
  const name = { chromium: "Chromium", firefox: "Firefox ESR", webkit: "WebKitGTK" }[c.engine];
  const parts = [c.network === "none" ? "no throttling" : c.network, `CPU ${c.cpu}×`];
  return c.engine === "chromium" ? `${name}, ${parts.join(", ")}` : `${name}, unthrottled`;
};

// ---- build, serve, stack -------------------------------------------------------
const t0 = Date.now();
let stackInfo = null;
const servers = {};
let stackProcess = null;
const results = []; // { cell, stack, runs: [figures] }
let failed = false;
let machine = `${cpus().length} cores, ${cpus()[0]?.model ?? "?"}`;
let shownRuns = runs;
let loadAtStart = loadavg().map((x) => x.toFixed(1)).join(" ");
let shownLatency = latencyMs;
if (render) {
  // Earlier runs' raw results, in the matrix's order.
  for (const file of render.split(",")) {
    const saved = JSON.parse(readFileSync(file, "utf8"));
    machine = saved.machine;
    shownRuns = saved.runs;
    shownLatency = saved.latencyMs;
    loadAtStart = saved.loadAtStart ?? "not recorded";
    for (const r of saved.results) {
      const cell = Object.assign(CELLS.find((c) => c.id === r.cell), { version: r.version });
      results.push({ cell, stack: STACKS.find((x) => x.id === r.stack), runs: r.runs });
    }
  }
  results.sort((a, b) => CELLS.indexOf(a.cell) - CELLS.indexOf(b.cell) || STACKS.indexOf(a.stack) - STACKS.indexOf(b.stack));
} else {
const built = await buildPages({ outDir, tarball, stacks: stacks.map((s) => s.id) });
const portBase = Number(process.env.COLD_PORTS ?? 0);
const stackPort = Number(process.env.COLD_STACK_PORT ?? 0);

// The stack's origin is known only once it runs, and it must know the pages'
// origins first (CORS): the proxies read it from `stackOrigin` per request.
for (const s of stacks) {
  const slot = STACKS.findIndex((x) => x.id === s.id);
  servers[s.id] = await startPage({
    dir: built.dirs[s.id],
    harness: (proxyOrigin) => harness({
      region: stackInfo.region, endpoint: proxyOrigin, userPoolId: stackInfo.userPoolId, clientId: stackInfo.clientId,
      identityPoolId: stackInfo.identityPoolId, bucket: stackInfo.bucket,
      username: stackInfo.users.demo.username, password: stackInfo.users.demo.password,
    }),
    stackOrigin: () => stackInfo.endpoint,
    latencyMs,
    pagePort: portBase ? portBase + 2 * slot : 0,
    proxyPort: portBase ? portBase + 2 * slot + 1 : 0,
  });
}
const origins = Object.values(servers).map((s) => s.pageOrigin);
stackProcess = spawn(join(root, "tests/stack/serve"),
  ["--port", String(stackPort), ...origins.flatMap((o) => ["--allow-origin", o])],
  { stdio: ["ignore", "pipe", "ignore"] });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    stackProcess.kill("SIGTERM");
    process.exit(1);
  });
}
try {
  stackInfo = JSON.parse(await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("the local stack did not start in 180 s")), 180_000);
    stackProcess.once("exit", (code) => fail(new Error(`the local stack exited (${code})`)));
    createInterface({ input: stackProcess.stdout }).once("line", (line) => {
      clearTimeout(timer);
      ok(line);
    });
  }));
} catch (e) {
  stackProcess.kill("SIGTERM");
  throw e;
}

// ---- one run ----------------------------------------------------------------------
/** What the page recorded, reduced to the figures of one run. */
function figures(r, metered, expectedId) {
  const wanted = `private/${stackInfo.identityIds.demo}/welcome.txt`;
  let error = r.error ?? null;
  if (!error && !r.haveKey) error = "no access key id in the credentials";
  if (!error && r.identityId !== expectedId) error = `identity ${r.identityId}, expected ${expectedId}`;
  if (!error && !(r.keys ?? []).includes(wanted)) error = `the listing lacks ${wanted}: ${JSON.stringify(r.keys)}`;
  const before = r.longtask ? r.tasks.filter(([start]) => start < r.credentialsMs) : null;
  return {
    error,
    credentialsMs: r.credentialsMs ?? null,
    listedMs: r.listedMs ?? null,
    ...metered,
    tbt: before ? before.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0) : null,
    longest: before ? before.reduce((max, [, d]) => Math.max(max, d), 0) : null,
    longtask: r.longtask,
  };
}

const collect = () => {
  const r = window.coldResult;
  return { ...r, tasks: r.tasks, credentials: undefined, listed: undefined, fail: undefined };
};

let chromiumBrowser = null;
async function runChromium(cell, stack) {
  chromiumBrowser ??= await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--headless"],
  });
  const context = await chromiumBrowser.newContext();
  try {
    const page = await context.newPage();
    if (process.env.COLD_DEBUG) {
      page.on("console", (m) => console.error(`  [${stack.id} console] ${m.text()}`));
      page.on("pageerror", (e) => console.error(`  [${stack.id} page error] ${e.message}`));
      page.on("requestfailed", (q) => console.error(`  [${stack.id} failed] ${q.url()} ${q.failure()?.errorText}`));
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const net = NETWORKS[cell.network];
    if (net) await cdp.send("Network.emulateNetworkConditions", { offline: false, ...net });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cell.cpu });
    const server = servers[stack.id];
    server.reset();
    await page.goto(`${server.pageOrigin}/`, { waitUntil: "commit", timeout: 120_000 });
    await page.waitForFunction(() => window.coldResult?.done, null, { timeout: 180_000, polling: 250 });
    return figures(await page.evaluate(collect), server.read(), stackInfo.identityIds.demo);
  } finally {
    await context.close();
  }
}

let webdriver = null;
// The next session starts while the last one closes (a Firefox session takes
// seconds to start): never while a page loads.
let nextSession = null;
async function runWebDriver(cell, stack, last) {
  webdriver ??= await import("../../e2e/webdriver.mjs");
  const browser = await (nextSession ?? webdriver.Browser.launch(cell.engine));
  nextSession = null;
  try {
    cell.version ??= browser.version;
    const server = servers[stack.id];
    server.reset();
    await browser.goto(`${server.pageOrigin}/`);
    await browser.waitFor(() => window.coldResult && window.coldResult.done, [], { timeout: 180_000 });
    const r = await browser.evaluate(collect);
    return figures(r, server.read(), stackInfo.identityIds.demo);
  } finally {
    if (!last) nextSession = webdriver.Browser.launch(cell.engine);
    // (a failed launch surfaces at the next run)
    nextSession?.catch(() => {});
    await browser.close();
  }
}

// ---- the matrix ----------------------------------------------------------------------
console.log(`Cold start, ${runs} run${runs > 1 ? "s" : ""} per cell and stack; ${latencyMs} ms added to every request (page files and AWS calls); machine: ${machine}, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
const versions = JSON.parse(readFileSync(join(here, "../package-lock.json"), "utf8")).packages;
const v = (name) => versions[`node_modules/${name}`]?.version;
console.log(`cognito-wasm ${built.version} (packed by scripts/build-npm), aws-amplify ${v("aws-amplify")}, amazon-cognito-identity-js ${v("amazon-cognito-identity-js")}, @aws-sdk/credential-providers ${v("@aws-sdk/credential-providers")}, @aws-sdk/client-s3 ${v("@aws-sdk/client-s3")}; vite ${v("vite")}`);
try {
  for (const cell of cells) {
    const started = Date.now();
    const rows = stacks.map((stack) => ({ cell, stack, runs: [] }));
    const once = cell.engine === "chromium" ? runChromium : runWebDriver;
    for (let round = 0; round < runs; round++) {
      // A different stack goes first each round.
      const order = rows.map((_, i) => rows[(i + round) % rows.length]);
      const one = async (row) => {
        const last = round === runs - 1 && row === order[order.length - 1];
        const f = await once(cell, row.stack, last).catch((e) => ({ error: String(e.message ?? e).split("\n")[0] }));
        if (f.error) {
          failed = true;
          console.error(`  ${cell.id} ${row.stack.id} run ${round + 1}: ${f.error}`);
        }
        row.runs.push(f);
      };
      if (cell.sideBySide) await Promise.all(order.map(one));
      else for (const row of order) await one(row);
    }
    if (cell.engine === "chromium") cell.version ??= `chromium ${chromiumBrowser.version()}`;
    results.push(...rows);
    console.error(`  ${cellLabel(cell)}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    save();
  }
} finally {
  await chromiumBrowser?.close();
  for (const s of Object.values(servers)) s.close();
  stackProcess.kill("SIGTERM");
}
}

/** The raw results so far (after each cell: a long run stopped keeps its finished cells). */
function save() {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "cold-start.json"), JSON.stringify({
    runs, latencyMs, machine, loadAtStart,
    results: results.map((r) => ({ cell: r.cell.id, version: r.cell.version, stack: r.stack.id, runs: r.runs })),
  }, null, 1));
}

// ---- the table, the plot, the raw figures ------------------------------------------------
const summary = results.map(({ cell, stack, runs: rs }) => {
  const ok = rs.filter((r) => !r.error);
  const times = ok.map((r) => r.credentialsMs);
  const longtask = ok.some((r) => r.longtask);
  return {
    cell: cell.id, cellLabel: cellLabel(cell), engine: cell.version, stack: stack.id, stackLabel: stack.label,
    n: ok.length, failures: rs.length - ok.length,
    credentialsMs: median(times), min: times.length ? Math.min(...times) : null, max: times.length ? Math.max(...times) : null,
    listedMs: median(ok.map((r) => r.listedMs)),
    bytes: median(ok.map((r) => r.bytes)), requests: median(ok.map((r) => r.requests)),
    pageRequests: median(ok.map((r) => r.pageRequests)), apiRequests: median(ok.map((r) => r.apiRequests)),
    tbt: longtask ? median(ok.map((r) => r.tbt)) : null, longest: longtask ? median(ok.map((r) => r.longest)) : null,
  };
});

const ms = (x) => (x === null ? "–" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)}`);
const head = ["cell", "stack", "credentials ms (min–max)", "listed ms", "KB sent", "requests (page+AWS)", "TBT ms", "longest task ms"];
const lines = summary.map((s) => [
  s.cellLabel, s.stackLabel,
  s.n ? `${ms(s.credentialsMs)} (${ms(s.min)}–${ms(s.max)})${s.failures ? ` ${s.failures} failed` : ""}` : "failed",
  ms(s.listedMs), s.bytes === null ? "–" : (s.bytes / 1024).toFixed(1),
  s.requests === null ? "–" : `${s.requests} (${s.pageRequests}+${s.apiRequests})`,
  s.tbt === null ? "n/a" : ms(s.tbt),
  s.longest === null ? "n/a" : s.longest === 0 ? "< 50" : ms(s.longest),
]);
const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
console.log(`\nNavigation → credentials in hand: medians of ${shownRuns} (min–max); listed: → the S3 listing; KB: bytes the servers sent (headers + gzip bodies); TBT and longest task: long tasks (≥ 50 ms) from navigation to credentials, n/a where the engine does not expose them`);
console.log(`Engines: ${[...new Set(results.map((r) => r.cell.version).filter(Boolean))].join(", ")}; machine: ${machine}`);
console.log(head.map((h, i) => h.padEnd(widths[i])).join(" | "));
console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
for (const l of lines) console.log(l.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(" | "));

const shownCells = [...new Set(results.map((r) => r.cell))];
const shownStacks = STACKS.filter((x) => results.some((r) => r.stack === x));
const svg = plot({
  title: `Cold start: navigation → identity-pool credentials (median of ${shownRuns}, min–max; ${shownLatency} ms per request added)`,
  note: option("--note", `${machine}, load average at the start ${loadAtStart}`),
  groups: shownCells.map((c) => ({ label: cellLabel(c), bars: summary.filter((s) => s.cell === c.id) })),
  stacks: shownStacks,
});
mkdirSync(dirname(svgPath), { recursive: true });
writeFileSync(svgPath, svg);
if (full && !render && !option("--svg", null)) writeFileSync(join(here, "cold-start.svg"), svg);
console.log(`\nPlot: ${svgPath}${full && !render && !option("--svg", null) ? ` and ${join(here, "cold-start.svg")}` : ""}; raw runs: ${render ?? join(outDir, "cold-start.json")}; ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
const all = results.flatMap((r) => r.runs);
const bad = all.filter((r) => r.error).length;
console.log(`${all.length - bad} passed, ${bad} failed (runs that got credentials and the listing of private/<identityId>/)`);
process.exit(failed ? 1 : 0);
