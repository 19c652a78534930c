// SRP in a dedicated Worker (page/srp_worker.js) against the library as
// shipped, whose exponentiations run on the main thread in ~2 ms slices
// (BENCHMARKS.md §8), and against the same math in one task on the main
// thread: time to A and to the claim as the page sees it (for the worker,
// postMessage there and back included), and the main thread's longest task
// meanwhile (heartbeat). Also what a worker costs to start. Returns raw
// samples; bench.mjs prints medians.
import { Srp, setPowBackend } from "srp-bench";
import { CognitoClient } from "cognito-wasm";
import { bigIntIsSlow } from "../../../crate/js/host.js";
import { heartbeat, longestWithin } from "./heartbeat.js";
import { FAKE_ENDPOINT, setChallenge, times } from "./fake_cognito.js";

const now = () => performance.now();
const WORKER_URL = "/srp-worker.js";
const WASM_URL = "/srp/cognito_wasm_bench_bg.wasm";

/** The backend the library picks on the main thread in this engine (crate/js/host.js). */
const librarysBackend = () => (bigIntIsSlow() ? "wasm" : "bigint");

/** `call(op, fields)` → a promise of the worker's answer to that message. */
function connect(worker) {
  let next = 0;
  const pending = new Map();
  worker.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    pending.delete(data.id);
    if (data.error) p.fail(new Error(data.error));
    else p.ok(data);
  };
  worker.onerror = (e) => {
    for (const p of pending.values()) p.fail(new Error(`worker: ${e.message ?? "error"}`));
    pending.clear();
  };
  return (op, fields = {}) =>
    new Promise((ok, fail) => {
      const id = next++;
      pending.set(id, { ok, fail });
      worker.postMessage({ id, op, ...fields });
    });
}

/**
 * A new worker, ready for the math: `from` is a WebAssembly.Module compiled
 * by the page (posted; the worker only instantiates it) or the wasm's URL
 * (the worker fetches and compiles it). `startMs`: new Worker → ready, as
 * the page sees it; `instantiateMs`: the module's part, inside the worker.
 */
async function startWorker(from) {
  const t0 = now();
  const worker = new Worker(WORKER_URL, { type: "module" });
  const call = connect(worker);
  const init = from instanceof WebAssembly.Module ? { module: from } : { url: from };
  const ready = await call("init", { ...init, backend: librarysBackend() });
  return { worker, call, startMs: now() - t0, instantiateMs: ready.instantiateMs, backend: ready.backend, auto: ready.auto };
}

/** The first A and claim of a worker just started (its code not yet warm), ms. */
async function firstMath(call, c) {
  const t0 = now();
  await call("start");
  const t1 = now();
  await call("claim", { c });
  return { firstA: t1 - t0, firstClaim: now() - t1 };
}

/**
 * Cold: the first worker of a freshly loaded page, before the page has
 * compiled any wasm; the worker compiles the module from its URL.
 */
async function workerCold(c) {
  const w = await startWorker(WASM_URL);
  const first = await firstMath(w.call, c);
  w.worker.terminate();
  return { startMs: w.startMs, instantiateMs: w.instantiateMs, backend: w.backend, auto: w.auto, ...first };
}

/** The module compiled once by the page (as the library has it after init()). */
let compiled = null;
const pageModule = async () => (compiled ??= await WebAssembly.compileStreaming(fetch(WASM_URL)));

/**
 * Warm: `runs` more workers in the same page, each posted the page's
 * compiled module (`posted`) or compiling it from the URL (`fetched`), in
 * turn; each does one A and claim, then is terminated.
 */
async function workerWarm(c, runs) {
  const module = await pageModule();
  const out = { posted: [], fetched: [] };
  for (let i = 0; i < runs; i++) {
    for (const [kind, from] of i % 2 ? [["fetched", WASM_URL], ["posted", module]] : [["posted", module], ["fetched", WASM_URL]]) {
      const w = await startWorker(from);
      const first = await firstMath(w.call, c);
      w.worker.terminate();
      out[kind].push({ startMs: w.startMs, instantiateMs: w.instantiateMs, ...first });
    }
  }
  return out;
}

/** The worker kept for workerRuns (started on first use, module posted). */
let kept = null;

/** Each reference vector signed in the worker: "ok/total". */
async function workerCheck(cases) {
  kept ??= await startWorker(await pageModule());
  const { ok } = await kept.call("check", { cases });
  return { check: `${ok}/${cases.length}`, backend: kept.backend, auto: kept.auto };
}

/**
 * `fn`'s time (ms, from the call until it settles) and, when `watch`, the
 * main thread's longest task meanwhile (a heartbeat that keeps every gap;
 * it keeps one core busy, which the math then shares).
 */
async function timed(watch, fn) {
  const stop = watch ? heartbeat(0) : null;
  const t0 = now();
  const value = await fn();
  const ms = now() - t0;
  const longest = stop ? (await stop()).longest : null;
  return { ms, longest, value };
}

const variants = {
  /** The library as shipped: prepareSignIn() (A), then signIn() against the fake (the claim). */
  async sliced(c, watch) {
    const client = new CognitoClient({
      userPoolId: c.userPoolId, clientId: "benchclient",
      endpoints: { cognitoIdp: FAKE_ENDPOINT, cognitoIdentity: FAKE_ENDPOINT },
    });
    const a = await timed(watch, () => client.prepareSignIn());
    setChallenge(c);
    const stop = watch ? heartbeat(0) : null;
    const signIn = await client.signIn({ username: c.userIdForSrp, password: c.password }).then(
      () => "signed in", (e) => e.name ?? String(e));
    const gaps = stop ? (await stop()).gaps : null;
    client.free?.();
    if (times.challengeRead === null || times.claimSent === null) throw new Error(`sliced sign-in: no claim sent (${signIn})`);
    return {
      a: a.ms, aLongest: a.longest,
      claim: times.claimSent - times.challengeRead,
      claimLongest: gaps && longestWithin(gaps, times.challengeRead, times.claimSent),
    };
  },
  /** The math in the kept worker: each step one message there and back. */
  async worker(c, watch) {
    const a = await timed(watch, () => kept.call("start"));
    const claim = await timed(watch, () => kept.call("claim", { c }));
    return { a: a.ms, aLongest: a.longest, claim: claim.ms, claimLongest: claim.longest };
  },
  /** The same math on the main thread, each step one task (tests/bench/wasm, unsliced). */
  async oneTask(c, watch) {
    let srp = null;
    const a = await timed(watch, async () => (srp = new Srp(crypto.getRandomValues(new Uint8Array(32)))));
    const claim = await timed(watch, async () =>
      srp.claim(c.poolName, c.userIdForSrp, c.password, c.salt, c.srpB, c.secretBlock, c.timestamp));
    srp.free();
    return { a: a.ms, aLongest: a.longest, claim: claim.ms, claimLongest: claim.longest };
  },
};

/**
 * `runs` rounds; each round lets the page idle for 100 ms under the
 * heartbeat (the noise floor) and the kept worker spin for 20 ms under it
 * (what a busy second thread costs the page here, whatever it computes),
 * then runs every variant once watched by the heartbeat and once not, in
 * an order that rotates from round to round, so that the shared machine's
 * load touches all alike. Samples by variant (`name` watched, `name:quiet`
 * not), the idle page's and the spinning worker's longest gaps.
 */
async function workerRuns(c, runs) {
  kept ??= await startWorker(await pageModule());
  setPowBackend(librarysBackend()); // the one-task variant: the library's choice
  const names = Object.keys(variants);
  const out = { idle: [], spin: [], backend: kept.backend };
  for (const name of names) {
    out[name] = [];
    out[`${name}:quiet`] = [];
  }
  for (let i = 0; i < runs; i++) {
    const stop = heartbeat(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    out.idle.push((await stop()).longest);
    out.spin.push((await timed(true, () => kept.call("spin", { ms: 20 }))).longest);
    for (const watch of [true, false]) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        out[watch ? name : `${name}:quiet`].push(await variants[name](c, watch));
      }
    }
  }
  return out;
}

export const workerBench = { workerCold, workerWarm, workerCheck, workerRuns };
