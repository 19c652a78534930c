// A dedicated Worker doing a sign-in's SRP math off the main thread (bundled
// by tests/bench/bench.mjs as /srp-worker.js, a module worker): the library's
// SrpSession through tests/bench/wasm, each step in one piece (a worker has no
// frames to keep), its exponentiations in the backend the page names (the
// one the library picks on the main thread; see "init"). The page's side is
// page/worker.js.
//
// Messages in, each answered with one message { id, ... }:
//   { op: "init", module | url, backend }  instantiate the bench module, from a
//        WebAssembly.Module compiled by the page or compiling it from url; use
//        `backend` ("wasm" | "bigint") → { ready, instantiateMs, backend, auto }
//        (auto: what the library's own per-engine choice gives in a worker)
//   { op: "start" }            a fresh secret a from crypto.getRandomValues and
//        A = g^a mod N → { srpA }
//   { op: "claim", c }         PASSWORD_CLAIM_SIGNATURE of the session started
//        last for challenge c (page/main.js's vector fields) → { signature }
//   { op: "check", cases }     each reference vector signed with its own a →
//        { ok: count }
//   { op: "spin", ms }         busy for ms doing nothing else (a control: what
//        any busy second thread costs the page on this machine) → {}
// A failure answers { error }.
import initSrp, { Srp, setPowBackend } from "srp-bench";

const now = () => performance.now();
let session = null;

const claimOf = (srp, c) =>
  srp.claim(c.poolName, c.userIdForSrp, c.password, c.salt, c.srpB, c.secretBlock, c.timestamp);

const handlers = {
  async init({ module, url, backend }) {
    const t0 = now();
    await initSrp({ module_or_path: module ?? url });
    const instantiateMs = now() - t0;
    // What the library would decide here by itself (it looks at
    // navigator.vendor), then the page's choice.
    const auto = setPowBackend("auto");
    return { ready: true, instantiateMs, auto, backend: setPowBackend(backend) };
  },
  start() {
    session?.free();
    session = new Srp(crypto.getRandomValues(new Uint8Array(32)));
    return { srpA: session.srpA() };
  },
  claim({ c }) {
    return { signature: claimOf(session, c) };
  },
  check({ cases }) {
    let ok = 0;
    for (const c of cases) {
      const srp = Srp.fromSecretHex(c.smallA);
      if (claimOf(srp, c) === c.passwordClaimSignature) ok++;
      srp.free();
    }
    return { ok };
  },
  spin({ ms }) {
    const end = now() + ms;
    while (now() < end);
    return {};
  },
};

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ id: data.id, ...(await handlers[data.op](data)) });
  } catch (e) {
    self.postMessage({ id: data.id, error: String(e?.message ?? e) });
  }
};
