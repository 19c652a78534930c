// Runs the benchmark page (page/main.js) in one browser — headless Chromium
// (Debian's, driven by playwright-core) by default; Firefox ESR or WebKitGTK
// over WebDriver (tests/e2e/webdriver.mjs) with --engine — and prints
// medians: SRP math, SigV4 signing, and
// flows against the local stack (tests/stack/serve, started here). Prints
// figures, asserts no timing; exits non-zero only when something is broken
// (an implementation disagrees with the reference vectors, a flow fails).
// --only worker: SRP in a dedicated Worker (page/srp_worker.js) against the
// library's main-thread slices and the math in one task (page/worker.js),
// and a worker's start-up, cold (a fresh page each sample) and warm.
//
//   node tests/bench/bench.mjs --srp DIR --srp-ct DIR --pkg DIR [--runs N] [--no-stack] [--only GROUP]
//                              [--engine chromium|firefox|webkit] [--port PORT]
// (WebKit's MiniBrowser needs a display: scripts/bench runs it under xvfb-run.)
// DIR: wasm-bindgen output of tests/bench/wasm (--srp; --srp-ct: built with
// its constant-time-srp feature) and the npm build (--pkg).
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { Browser as WebDriverBrowser, ENGINES } from "../e2e/webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const srpDir = resolve(option("--srp", ""));
// Without --srp-ct the constant-time row is left out (quicker to build).
const srpCtDir = option("--srp-ct", null) ? resolve(option("--srp-ct", "")) : null;
const pkgDir = resolve(option("--pkg", ""));
const runs = Number(option("--runs", "31"));
const withStack = !args.includes("--no-stack") && (!option("--only", null) || option("--only", null) === "stack");
// --only srp|prepare|sigv4|stack|worker: one group (for quick looks); the
// worker group runs only when asked for.
const only = option("--only", null);
const wants = (group) => (group === "worker" ? only === group : !only || only === group);
const engine = option("--engine", "chromium");
if (engine !== "chromium" && !ENGINES[engine]) throw new Error(`--engine: chromium, ${Object.keys(ENGINES).join(", ")}`);
const pagePort = Number(option("--port", "0"));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, digits = 1) => x.toFixed(digits);

// ---- the page ---------------------------------------------------------------
// "cognito-wasm" is the package's entry (crate/js/index.js, as scripts/build-npm
// bundles it: the glue's exports and the calls written in JavaScript), its
// './cognito_wasm.js' the wasm-bindgen glue built into --pkg.
const packageEntry = {
  name: "package-entry",
  setup(build) {
    build.onResolve({ filter: /^\.\/cognito_wasm\.js$/ }, (a) =>
      a.importer.startsWith(join(root, "crate/js")) ? { path: join(pkgDir, "cognito_wasm.js") } : undefined);
  },
};
// The page's scripts: bundled and minified for the browser, as an app would ship them.
const pageBuild = (entry, options) => esbuild.build({
  entryPoints: [join(here, entry)],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "error",
  ...options,
});
const bundle = await pageBuild("page/main.js", {
  define: { global: "globalThis" },
  alias: {
    "srp-bench": join(srpDir, "cognito_wasm_bench.js"),
    "srp-bench-ct": join(srpCtDir ?? srpDir, "cognito_wasm_bench.js"),
    "cognito-wasm": join(root, "crate/js/index.js"),
    "amplify-srp": join(here, "node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp"),
  },
  plugins: [packageEntry],
});
const mainJs = bundle.outputFiles[0].contents;
// The SRP worker's script (page/srp_worker.js, with its own copy of the bench
// module's glue), served as /srp-worker.js.
const workerJs = (await pageBuild("page/srp_worker.js", {
  alias: { "srp-bench": join(srpDir, "cognito_wasm_bench.js") },
})).outputFiles[0].contents;
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  let body = null;
  let type = types[extname(path)] ?? "application/octet-stream";
  if (path === "/" || path === "/index.html") {
    body = '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/main.js"></script>';
    type = types[".html"];
  } else if (path === "/main.js") {
    body = mainJs;
  } else if (path === "/srp-worker.js") {
    body = workerJs;
  } else {
    for (const [prefix, dir] of [["/srp/", srpDir], ["/srp-ct/", srpCtDir ?? srpDir], ["/pkg/", pkgDir]]) {
      if (path.startsWith(prefix)) {
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (file.startsWith(dir) && existsSync(file)) body = readFileSync(file);
      }
    }
  }
  // Cross-origin isolated, so that performance.now() has 5 µs resolution.
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
  if (body === null) {
    res.writeHead(404).end();
  } else {
    res.writeHead(200, { "Content-Type": type }).end(body);
  }
});
await new Promise((ok) => server.listen(pagePort, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- the local stack ----------------------------------------------------------
let stack = null;
let stackProcess = null;
if (withStack) {
  // At the lowest CPU priority: its own SRP work (Python) would otherwise
  // compete with the browser's main thread for the cores.
  stackProcess = spawn("nice", ["-n", "19", join(root, "tests/stack/serve"), "--port", "0", "--allow-origin", origin], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const line = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("the local stack did not start in 60 s")), 60_000);
    createInterface({ input: stackProcess.stdout }).once("line", (l) => {
      clearTimeout(timer);
      ok(l);
    });
  });
  stack = JSON.parse(line);
}

/**
 * The page in the chosen engine, behind one shape: `evaluate(fn, arg)` runs
 * `fn(arg)` in the page and returns its (awaited) result, `reload()` loads
 * it afresh, `version`, `close()`.
 */
async function openPage() {
  if (engine === "chromium") {
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--headless"],
    });
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    const load = async () => {
      await page.goto(`${origin}/index.html`);
      await page.waitForFunction(() => window.bench);
    };
    await load();
    return {
      version: `Chromium ${browser.version()} (headless)`,
      evaluate: (fn, arg) => page.evaluate(fn, arg),
      reload: load,
      close: () => browser.close(),
    };
  }
  const browser = await WebDriverBrowser.launch(engine);
  try {
    // Long runs (31 SRP samples of the JavaScript libraries) need time.
    await browser.command("POST", "/timeouts", { script: 600_000, pageLoad: 60_000, implicit: 0 });
    await browser.goto(`${origin}/index.html`);
    await browser.waitFor(() => Boolean(window.bench), [], { what: "the benchmark page" });
  } catch (e) {
    await browser.close();
    throw e;
  }
  return {
    version: `${ENGINES[engine].name} (${browser.version}, WebDriver)`,
    evaluate: (fn, arg) => browser.evaluate(fn, arg),
    reload: async () => {
      await browser.goto(`${origin}/index.html`);
      await browser.waitFor(() => Boolean(window.bench), [], { what: "the benchmark page" });
    },
    close: () => browser.close(),
  };
}

const browser = await openPage();
let failed = false;
try {
  const page = browser;
  const vectors = JSON.parse(readFileSync(join(root, "tests/vectors/srp/cognito-srp.json"), "utf8"));
  // A worker's cold start: the first worker of a freshly loaded page, before
  // the page has compiled any wasm (so before init below), one per load.
  const cold = [];
  if (wants("worker")) {
    for (let i = 0; i < runs; i++) {
      if (i > 0) await page.reload();
      cold.push(await page.evaluate((c) => window.bench.workerCold(c), vectors.cases[0]));
    }
    await page.reload();
  }
  const info = await page.evaluate((withCt) => window.bench.init(withCt), Boolean(srpCtDir));
  const versions = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8")).packages;
  const v = (name) => versions[`node_modules/${name}`]?.version;
  console.log(`${browser.version}, ${info.isolated ? "cross-origin isolated" : "NOT cross-origin isolated (coarser timer)"}; ${info.userAgent}`);
  console.log(`amazon-cognito-identity-js ${v("amazon-cognito-identity-js")}, aws-amplify ${v("aws-amplify")} (@aws-amplify/auth ${v("@aws-amplify/auth")}), aws4fetch ${v("aws4fetch")}, @smithy/signature-v4 ${v("@smithy/signature-v4")}, @aws-crypto/sha256-js ${v("@aws-crypto/sha256-js")}`);

  // SRP: correctness first, then times.
  if (wants("srp")) {
  const check = await page.evaluate((cases) => window.bench.srpCheck(cases), vectors.cases);
  console.log(`\nSRP reference vectors signed correctly: ${Object.entries(check).map(([k, x]) => `${k} ${x}`).join(", ")}`);
  for (const x of Object.values(check)) if (!/^(\d+)\/\1$/.test(x)) failed = true;

  const names = await page.evaluate(() => window.bench.srpNames);
  const srp = {};
  console.log(`\nSRP client math, ms, median of ${runs} runs (fresh random a each run; B, salt from vector 1):`);
  console.log(`${"".padEnd(38)} ${"A (before submit)".padStart(14)} ${"claim (critical)".padStart(17)} ${"whole".padStart(8)} ${"longest task".padStart(13)}`);
  for (const name of names) {
    const t = await page.evaluate(([n, c, r]) => window.bench.srpTimes(n, c, r), [name, vectors.cases[0], runs]);
    const whole = t.a.map((a, i) => a + t.claim[i]);
    const longest = t.a.map((a, i) => Math.max(a, t.claim[i]));
    srp[name] = { a: median(t.a), claim: median(t.claim), whole: median(whole), longest: median(longest) };
    const s = srp[name];
    const label = name === "cognito-wasm" && t.chosen ? `${name} (engine's choice: ${t.chosen})` : name;
    console.log(`${label.padEnd(38)} ${fmt(s.a).padStart(14)} ${fmt(s.claim).padStart(17)} ${fmt(s.whole).padStart(8)} ${fmt(s.longest).padStart(13)}`);
  }
  const ours = srp["cognito-wasm"];
  for (const name of names.filter((n) => !n.startsWith("cognito-wasm"))) {
    console.log(`  vs ${name}: whole math ${fmt(srp[name].whole / ours.whole)}×, critical path ${fmt(srp[name].claim / ours.claim)}× faster`);
  }
  }

  // prepareSignIn(): A through the npm build's client (in slices where it
  // slices), no request.
  if (wants("srp") || wants("prepare")) {
    const p = await page.evaluate((r) => window.bench.prepareTimes(r), runs);
    const m = (f) => fmt(median(p.map(f)));
    console.log(`\nprepareSignIn() on a fresh client (A computed; no request), median of ${runs}: ${m((r) => r.ms)} ms (min ${fmt(Math.min(...p.map((r) => r.ms)))}); longest main-thread task meanwhile ${m((r) => r.longest)} ms (min ${fmt(Math.min(...p.map((r) => r.longest)))}), tasks over 4 ms ${m((r) => r.over4)}`);
  }

  // SRP in a dedicated Worker against the main thread (page/worker.js).
  if (wants("worker")) {
    const c = vectors.cases[0];
    const w = await page.evaluate((cases) => window.bench.workerCheck(cases), vectors.cases);
    console.log(`\nSRP in a dedicated Worker: reference vectors signed in the worker ${w.check}; backend ${w.backend} (the library's choice on this engine's main thread; in a worker its own choice would be ${w.auto})`);
    if (!/^(\d+)\/\1$/.test(w.check)) failed = true;
    const mmm = (xs) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
    // A longest gap: its median (min–max) and in how many rounds it was over 4 ms.
    const gap = (xs) => `${mmm(xs)} ${xs.filter((x) => x > 4).length}/${xs.length}`;
    const start = (label, xs) =>
      console.log(`  ${label.padEnd(62)} ${mmm(xs.map((x) => x.startMs)).padStart(18)} ${mmm(xs.map((x) => x.instantiateMs)).padStart(18)} ${mmm(xs.map((x) => x.firstA)).padStart(18)} ${mmm(xs.map((x) => x.firstClaim)).padStart(18)}`);
    const warm = await page.evaluate(([cc, r]) => window.bench.workerWarm(cc, r), [c, runs]);
    console.log(`Worker start-up, ms, median (min–max); cold: ${cold.length} fresh page loads, warm: ${runs} workers each, alternating:`);
    console.log(`  ${"".padEnd(62)} ${"new Worker→ready".padStart(18)} ${"of it, instantiate".padStart(18)} ${"its first A".padStart(18)} ${"its first claim".padStart(18)}`);
    start("cold: first worker of a fresh page, wasm compiled in it", cold);
    start("warm: the page's compiled WebAssembly.Module posted to it", warm.posted);
    start("warm: wasm compiled in it (from the URL)", warm.fetched);
    const r = await page.evaluate(([cc, n]) => window.bench.workerRuns(cc, n), [c, runs]);
    console.log(`Sign-in math as the page sees it, ms, median (min–max) of ${runs} rounds, the variants interleaved, each once under the heartbeat (which keeps a core busy) and once not (quiet):`);
    console.log(`  longest gaps with the rounds over 4 ms: the page idle 100 ms ${gap(r.idle)}; the worker spinning 20 ms (no math) ${gap(r.spin)}`);
    console.log(`  ${"".padEnd(50)} ${"A".padStart(18)} ${"longest task, >4".padStart(24)} ${"claim".padStart(18)} ${"longest task, >4".padStart(24)} ${"A, quiet".padStart(18)} ${"claim, quiet".padStart(18)}`);
    for (const [name, label] of [
      ["worker", "Worker (kept; postMessage there and back)"],
      ["sliced", "main thread, ~2 ms slices (the library)"],
      ["oneTask", "main thread, each step one task"],
    ]) {
      const xs = r[name];
      const qs = r[`${name}:quiet`];
      console.log(`  ${label.padEnd(50)} ${mmm(xs.map((x) => x.a)).padStart(18)} ${gap(xs.map((x) => x.aLongest)).padStart(24)} ${mmm(xs.map((x) => x.claim)).padStart(18)} ${gap(xs.map((x) => x.claimLongest)).padStart(24)} ${mmm(qs.map((x) => x.a)).padStart(18)} ${mmm(qs.map((x) => x.claim)).padStart(18)}`);
    }
    console.log("  (slices: A is prepareSignIn() on a fresh client; the claim is signIn() against an in-page fake Cognito, from the challenge's body read to the claim's request started)");
  }

  // SigV4.
  if (wants("sigv4")) {
  const signatures = await page.evaluate(() => window.bench.sigv4Check());
  const distinct = new Set(Object.values(signatures).map((a) => a?.split("Signature=")[1]));
  // (the Rust-core row signs the same request through the same code)
  console.log(`\nSigV4, S3 ListObjectsV2 GET with a session token: ${distinct.size === 1 ? "all signers agree" : "signers DISAGREE"} (${[...distinct][0]?.slice(0, 16)}…)`);
  if (distinct.size !== 1) {
    failed = true;
    console.log(signatures);
  }
  const signerNames = await page.evaluate(() => window.bench.signerNames);
  const ours = signerNames.filter((n) => n.startsWith("cognito-wasm"));
  const theirs = signerNames.filter((n) => !n.startsWith(" ") && !n.startsWith("cognito-wasm"));
  // Two ways, both printed: each signer alone (its garbage collected in its
  // own batches), and interleaved (a round signs with each signer in turn,
  // so a change in the shared machine's speed touches all alike; each timed
  // batch follows an untimed tenth of a batch of the same signer, which
  // absorbs the garbage the previous signer left). Every signer first signs
  // for at least a second (page/main.js, warmUp).
  const alone = {};
  console.log(`µs per signature; each signer alone: median of ${runs} batches of 1000 (after at least 2000 and 1 s to warm up):`);
  for (const name of signerNames) {
    alone[name] = median(await page.evaluate(([n, s]) => window.bench.sigv4Times(n, s, 1000), [name, runs]));
    console.log(`${name.padEnd(60)} ${fmt(alone[name], 2).padStart(8)}`);
  }
  for (const name of theirs) {
    const ratios = ours.map((o) => `${o.replace("cognito-wasm ", "")} ${fmt(alone[name] / alone[o])}×`).join(", ");
    console.log(`  ${name} takes longer than ours by: ${ratios}`);
  }
  console.log(`µs per signature; interleaved: median of ${runs} rounds, a round signing 1000 times with each signer in turn, each batch after 100 untimed (after at least 2000 and 1 s each to warm up):`);
  await page.evaluate(() => window.bench.sigv4Prepare(1000));
  const rounds = [];
  for (let s = 0; s < runs; s++) rounds.push(await page.evaluate(() => window.bench.sigv4Round(1000)));
  for (const name of signerNames) {
    console.log(`${name.padEnd(60)} ${fmt(median(rounds.map((r) => r[name])), 2).padStart(8)}`);
  }
  console.log("  (ratios: median of the rounds' own ratios, min–max in brackets)");
  for (const name of theirs) {
    const ratios = ours.map((o) => {
      const each = rounds.map((r) => r[name] / r[o]);
      return `${o.replace("cognito-wasm ", "")} ${fmt(median(each))}× [${fmt(Math.min(...each))}–${fmt(Math.max(...each))}]`;
    }).join(", ");
    console.log(`  ${name} takes longer than ours by: ${ratios}`);
  }
  }

  if (stack && wants("stack")) {
    const flows = [
      ["srp", "SRP sign-in → first credentials"],
      ["prepared", "SRP sign-in after prepareSignIn → credentials"],
      ["password", "password sign-in → first credentials"],
      ["list", "SRP sign-in → credentials → first S3 listing"],
      ["concurrent", "50 concurrent getCredentials() after sign-in"],
    ];
    const flowRuns = Math.max(3, Math.min(11, Math.floor(runs / 3)));
    console.log(`\nAgainst the local stack (moto, loopback), median of ${flowRuns} runs, fresh client each:`);
    for (const [kind, label] of flows) {
      const results = [];
      for (let i = 0; i < flowRuns; i++) {
        results.push(await page.evaluate(([s, k]) => window.bench.stackFlow(s, k), [stack, kind]));
      }
      if (process.env.DIAG) for (const r of results.slice(0, 3)) console.log(JSON.stringify(r.diag));
      const requests = [...new Set(results.map((r) => r.requests))].join("/");
      let extra = "";
      if (kind === "srp" || kind === "prepared") {
        const m = (f) => fmt(median(results.map(f)));
        const max = (f) => fmt(Math.max(...results.map(f)));
        // The longest gap of each run is the library's longest task plus
        // whatever else the machine did meanwhile: the least over the runs
        // is the figure least touched by a busy machine.
        const range = (f) => `${m(f)} ms (min ${fmt(Math.min(...results.map(f)))}, max ${max(f)})`;
        const count = (f) => `${m(f)} (min ${Math.min(...results.map(f))}, max ${Math.max(...results.map(f))})`;
        extra = `; SRP critical path in the flow (challenge body read → claim request started) ${m((r) => r.critical)} ms`;
        extra += `\n    signIn() ${m((r) => r.signInMs)} ms; main-thread tasks during it (heartbeat gaps): longest ${range((r) => r.longestTask)}, over 4 ms: ${count((r) => r.over4)}`;
        for (const [phase, label] of [["a", "signIn() → InitiateAuth sent"], ["next", "InitiateAuth out"], ["claim", "challenge read → claim sent"]]) {
          extra += `\n      ${label}: longest ${range((r) => r.phases[phase].longest)}, over 4 ms: ${count((r) => r.phases[phase].over4)}`;
        }
        if (kind === "srp") {
          extra += `\n    the page idle for 150 ms (noise floor: the machine, the engine): longest gap ${range((r) => r.idle.longest)}, over 4 ms: ${count((r) => r.idle.over4)}`;
        }
        if (kind === "prepared") {
          extra += `\n    prepareSignIn() ${m((r) => r.prepare.ms)} ms; tasks during it: longest ${range((r) => r.prepare.longest)}, over 4 ms: ${count((r) => r.prepare.over4)}`;
        }
      }
      if (kind === "concurrent") extra = `; distinct credentials handed out: ${[...new Set(results.map((r) => r.distinct))].join("/")}`;
      if (kind === "list") extra = `; ${results[0].keys} keys/prefixes listed`;
      console.log(`${label.padEnd(56)} ${fmt(median(results.map((r) => r.ms))).padStart(7)} ms, ${requests} requests${extra}`);
    }
  }
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  server.close();
  stackProcess?.kill("SIGTERM");
}
process.exit(failed ? 1 : 0);
