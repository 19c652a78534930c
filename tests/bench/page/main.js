// The benchmark page (bundled by tests/bench/bench.mjs with esbuild): the
// same work done by cognito-wasm and by the JavaScript libraries, timed in
// the page with performance.now() (5 µs resolution: the page is served
// cross-origin isolated). Each function returns raw samples; bench.mjs
// prints medians. Nothing here asserts a time.
import initSrp, { Srp, RustSigner, setPowBackend } from "srp-bench";
import initSrpCt, { Srp as SrpCt } from "srp-bench-ct";
import initOurs, { AwsSigner, CognitoClient, listObjects, signRequest } from "cognito-wasm";
import CijAuthenticationHelper from "amazon-cognito-identity-js/es/AuthenticationHelper.js";
import CijBigInteger from "amazon-cognito-identity-js/es/BigInteger.js";
import { Buffer } from "buffer";
import { Sha256 } from "@aws-crypto/sha256-js";
import AmplifyAuthenticationHelper from "amplify-srp/AuthenticationHelper/AuthenticationHelper.mjs";
import AmplifyBigInteger from "amplify-srp/BigInteger/BigInteger.mjs";
import { calculateA as amplifyCalculateA } from "amplify-srp/calculate/calculateA.mjs";
import { getSignatureString as amplifySignature } from "amplify-srp/getSignatureString.mjs";
import { INIT_N as AMPLIFY_N } from "amplify-srp/constants.mjs";
import { AwsV4Signer } from "aws4fetch";
import { SignatureV4 } from "@smithy/signature-v4";
import { heartbeat, gapsWithin } from "./heartbeat.js";
import { workerBench } from "./worker.js";

const now = () => performance.now();
const randomHex = (bytes) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

// ---- SRP ----------------------------------------------------------------

/** Each implementation: a(hex) → { A step, claim step }, both awaited. */
/** The library's SRP with its exponentiations in `backend` (see setPowBackend). */
const ours = (backend) => ({
  backend,
  async start(aHex) {
    return aHex ? Srp.fromSecretHex(aHex) : new Srp(crypto.getRandomValues(new Uint8Array(32)));
  },
  async claim(session, c) {
    return session.claim(c.poolName, c.userIdForSrp, c.password, c.salt, c.srpB, c.secretBlock, c.timestamp);
  },
});

const srpImplementations = {
  // The engine's own choice first: what a page gets.
  "cognito-wasm": ours("auto"),
  "cognito-wasm, exponentiation in BigInt": ours("bigint"),
  "cognito-wasm, exponentiation in wasm": ours("wasm"),
  "cognito-wasm, constant-time-srp": {
    async start(aHex) {
      return aHex ? SrpCt.fromSecretHex(aHex) : new SrpCt(crypto.getRandomValues(new Uint8Array(32)));
    },
    async claim(session, c) {
      return session.claim(c.poolName, c.userIdForSrp, c.password, c.salt, c.srpB, c.secretBlock, c.timestamp);
    },
  },
  "amazon-cognito-identity-js": {
    async start(aHex, poolName) {
      const helper = new CijAuthenticationHelper(poolName); // draws a and computes A
      if (aHex) {
        helper.smallAValue = new CijBigInteger(aHex, 16);
        helper.largeAValue = undefined;
        await new Promise((ok, fail) => helper.getLargeAValue((e, v) => (e ? fail(e) : ok(v))));
      }
      return helper;
    },
    async claim(helper, c) {
      const hkdf = await new Promise((ok, fail) =>
        helper.getPasswordAuthenticationKey(
          c.userIdForSrp, c.password, new CijBigInteger(c.srpB, 16), new CijBigInteger(c.salt, 16),
          (e, v) => (e ? fail(e) : ok(v))),
      );
      // What CognitoUser.authenticateUserDefaultAuth does with the key.
      const message = Buffer.concat([
        Buffer.from(c.poolName, "utf8"), Buffer.from(c.userIdForSrp, "utf8"),
        Buffer.from(c.secretBlock, "base64"), Buffer.from(c.timestamp, "utf8"),
      ]);
      const hash = new Sha256(hkdf);
      hash.update(message);
      return Buffer.from(hash.digestSync()).toString("base64");
    },
  },
  "Amplify v6 (@aws-amplify/auth)": {
    async start(aHex, poolName) {
      // getAuthenticationHelper(), with a chosen a when given.
      const N = new AmplifyBigInteger(AMPLIFY_N, 16);
      const g = new AmplifyBigInteger("2", 16);
      const a = new AmplifyBigInteger(aHex ?? randomHex(128), 16);
      const A = await amplifyCalculateA({ a, g, N });
      return new AmplifyAuthenticationHelper({ userPoolName: poolName, a, g, A, N });
    },
    async claim(helper, c) {
      const hkdf = await helper.getPasswordAuthenticationKey({
        username: c.userIdForSrp, password: c.password,
        serverBValue: new AmplifyBigInteger(c.srpB, 16), salt: new AmplifyBigInteger(c.salt, 16),
      });
      return amplifySignature({
        userPoolName: c.poolName, username: c.userIdForSrp,
        challengeParameters: { SECRET_BLOCK: c.secretBlock }, dateNow: c.timestamp, hkdf,
      });
    },
  },
};

/** Every implementation signs every reference vector as expected. */
async function srpCheck(cases) {
  const out = {};
  for (const [name, impl] of Object.entries(srpImplementations)) {
    if (impl.backend) setPowBackend(impl.backend);
    let ok = 0;
    for (const c of cases) {
      const state = await impl.start(c.smallA, c.poolName);
      if ((await impl.claim(state, c)) === c.passwordClaimSignature) ok++;
    }
    out[name] = `${ok}/${cases.length}`;
  }
  return out;
}

/** Samples (ms) of the A step and the claim step, fresh random a each run. */
async function srpTimes(name, c, runs) {
  const impl = srpImplementations[name];
  const chosen = impl.backend ? setPowBackend(impl.backend) : undefined;
  const a = [], claim = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const state = await impl.start(undefined, c.poolName);
    const t1 = now();
    await impl.claim(state, c);
    const t2 = now();
    a.push(t1 - t0);
    claim.push(t2 - t1);
  }
  return { a, claim, chosen };
}

// ---- SigV4 ----------------------------------------------------------------

const sigv4Request = {
  url: "https://demo-bucket.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=users%2Falice%2F&delimiter=%2F",
  region: "eu-west-1",
  credentials: {
    accessKeyId: "ASIAQEXAMPLEEXAMPLE1",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE".repeat(30),
  },
  date: new Date("2024-05-06T07:08:09Z"),
};
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const signers = {
  "cognito-wasm signRequest": () => {
    const r = sigv4Request;
    return () =>
      signRequest({ method: "GET", url: r.url }, {
        credentials: r.credentials, region: r.region, service: "s3", signingDate: r.date,
      }).headers.authorization;
  },
  "cognito-wasm AwsSigner.sign (credentials bound once)": () => {
    const r = sigv4Request;
    const signer = new AwsSigner({ credentials: r.credentials, region: r.region, service: "s3" });
    return () => signer.sign({ method: "GET", url: r.url }, { signingDate: r.date }).headers.authorization;
  },
  "  its Rust core (Signer::sign_headers: URL in, header out)": () => {
    const r = sigv4Request;
    const c = r.credentials;
    const signer = new RustSigner(c.accessKeyId, c.secretAccessKey, c.sessionToken, r.region);
    const time = r.date.getTime();
    return () => signer.sign(r.url, time);
  },
  "aws4fetch AwsV4Signer": () => {
    const r = sigv4Request;
    return async () => {
      const signer = new AwsV4Signer({
        url: r.url, method: "GET", service: "s3", region: r.region,
        accessKeyId: r.credentials.accessKeyId, secretAccessKey: r.credentials.secretAccessKey,
        sessionToken: r.credentials.sessionToken,
        // aws4fetch defaults to UNSIGNED-PAYLOAD for S3; sign the empty body's hash like the others.
        headers: { "x-amz-content-sha256": EMPTY_SHA256 },
        datetime: r.date.toISOString().replace(/[:-]|\.\d{3}/g, ""),
      });
      return (await signer.sign()).headers.get("authorization");
    };
  },
  "@smithy/signature-v4 (+ @aws-crypto/sha256-js)": () => {
    const r = sigv4Request;
    const url = new URL(r.url);
    const signer = new SignatureV4({
      credentials: r.credentials, region: r.region, service: "s3", sha256: Sha256,
      uriEscapePath: false, applyChecksum: true,
    });
    const query = Object.fromEntries(url.searchParams);
    return async () => {
      const signed = await signer.sign(
        {
          method: "GET", protocol: "https:", hostname: url.hostname, path: url.pathname, query,
          headers: { host: url.hostname, "x-amz-content-sha256": EMPTY_SHA256 },
        },
        { signingDate: r.date },
      );
      return signed.headers.authorization;
    };
  },
};

/** Signatures of each signer on the same request (to show they agree). */
async function sigv4Check() {
  const out = {};
  for (const [name, make] of Object.entries(signers)) out[name] = await make()();
  return out;
}

/**
 * Per-signature µs samples of one signer alone: `samples` batches of
 * `batch` signatures after `warmUp`. Each signer is called as
 * its API is meant to be: a promise (aws4fetch, @smithy) is awaited, a
 * synchronous result (ours) is not.
 */
async function sigv4Times(name, samples, batch) {
  const sign = signers[name]();
  await warmUp(sign, batch);
  const out = [];
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    if (sign() instanceof Promise) {
      for (let i = 0; i < batch; i++) await sign();
    } else {
      for (let i = 0; i < batch; i++) sign();
    }
    out.push(((now() - t0) * 1000) / batch);
  }
  return out;
}

/**
 * Signs with `sign` for at least `2 × batch` signatures and `WARM_UP_MS`,
 * a promise awaited: on this shared 2-core machine a WebAssembly module's
 * hot functions may still run in the engine's baseline tier after 2,000
 * signatures (the optimising compiler works in the background), which
 * slowed whichever of our signers came first (BENCHMARKS.md §7).
 */
async function warmUp(sign, batch) {
  const until = now() + WARM_UP_MS;
  for (let i = 0; i < 2 * batch || now() < until; i++) {
    const result = sign();
    if (result instanceof Promise) await result;
  }
}
const WARM_UP_MS = 1000;

/** Each signer, made and warmed up by `sigv4Prepare`. */
const preparedSigners = {};

/**
 * Makes every signer and warms it up (`warmUp`: JIT tiers, key caches). Each signer is called as its API is meant to be: a
 * promise (aws4fetch, @smithy) is awaited, a synchronous result (ours) is not.
 */
async function sigv4Prepare(batch) {
  for (const [name, make] of Object.entries(signers)) {
    const sign = make();
    await warmUp(sign, batch);
    preparedSigners[name] = sign;
  }
}

/**
 * One batch of `batch` signatures of each signer in turn: µs per signature
 * by name. Rounds interleave the signers, so a change in the machine's
 * speed during the run (it is shared) touches all of them alike. Each
 * timed batch follows a tenth of a batch of the same signer, untimed: the
 * engine collects the garbage the previous signer left at the next
 * allocations, which charged @smithy's to the signer after it.
 */
async function sigv4Round(batch) {
  const out = {};
  for (const [name, sign] of Object.entries(preparedSigners)) {
    for (let i = 0; i < batch / 10; i++) {
      const result = sign();
      if (result instanceof Promise) await result;
    }
    const t0 = now();
    if (sign() instanceof Promise) {
      for (let i = 0; i < batch; i++) await sign();
    } else {
      for (let i = 0; i < batch; i++) sign();
    }
    out[name] = ((now() - t0) * 1000) / batch;
  }
  return out;
}

// ---- Against the local stack -----------------------------------------------

/** Times of fetch events, to find the SRP critical path inside a real sign-in. */
const fetchLog = [];
const realFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const target = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get("x-amz-target");
  const started = now();
  const response = await realFetch(input, init);
  const entry = { target, started, answered: now(), bodyRead: null };
  fetchLog.push(entry);
  // When the library has the whole body (the challenge is then in hand).
  for (const method of ["text", "arrayBuffer", "json", "blob"]) {
    const original = response[method].bind(response);
    response[method] = async () => {
      const body = await original();
      entry.bodyRead = now();
      return body;
    };
  }
  return response;
};

async function stackCounts(endpoint) {
  return (await (await realFetch(`${endpoint}/_stack/requests`)).json()).total;
}

/** One flow against the stack: wall time and requests counted by the stack. */
async function stackFlow(stack, kind) {
  const endpoint = stack.endpoint;
  const client = new CognitoClient({
    userPoolId: stack.userPoolId, clientId: stack.clientId, identityPoolId: stack.identityPoolId,
    authFlow: kind === "password" ? "USER_PASSWORD_AUTH" : "USER_SRP_AUTH",
    endpoints: { cognitoIdp: endpoint, cognitoIdentity: endpoint },
  });
  const { username, password } = stack.users.demo;
  const before = await stackCounts(endpoint);
  fetchLog.length = 0;
  const t0 = now();
  let critical = null;
  if (kind === "concurrent") {
    await client.signIn({ username, password });
    const signedIn = await stackCounts(endpoint);
    const t1 = now();
    const all = await Promise.all(Array.from({ length: 50 }, () => client.getCredentials()));
    const distinct = new Set(all.map((c) => c.accessKeyId)).size;
    return { ms: now() - t1, requests: (await stackCounts(endpoint)) - signedIn, distinct };
  }
  let prepare = null, idle = null;
  if (kind === "srp") {
    // The page's noise floor: the heartbeat alone for 150 ms.
    const stopIdle = heartbeat();
    await new Promise((resolve) => setTimeout(resolve, 150));
    idle = await stopIdle();
  }
  if (kind === "prepared") {
    // prepareSignIn (its promise, where it returns one) under its own
    // heartbeat, then the sign-in below starts with A ready.
    const stopPrepare = heartbeat();
    const p0 = now();
    await client.prepareSignIn();
    const ms = now() - p0;
    prepare = { ms, ...(await stopPrepare()) };
    fetchLog.length = 0;
  }
  const stopHeartbeat = heartbeat();
  const s0 = now();
  await client.signIn({ username, password });
  const signInMs = now() - s0;
  const { longest: longestTask, over4, gaps } = await stopHeartbeat();
  const challenge = fetchLog.find((f) => f.target?.endsWith(".InitiateAuth"));
  const answer = fetchLog.find((f) => f.target?.endsWith(".RespondToAuthChallenge"));
  let phases = null;
  if (challenge && answer) {
    critical = answer.started - (challenge.bodyRead ?? challenge.answered);
    // Where the client computes: from signIn() to InitiateAuth's request (A
    // when not prepared), while InitiateAuth is out (the next attempt's A;
    // the stack's own work competes for the CPU there), and from the
    // challenge read to the claim's request (the claim).
    phases = {
      a: gapsWithin(gaps, s0, challenge.started),
      next: gapsWithin(gaps, challenge.started, challenge.bodyRead ?? challenge.answered),
      claim: gapsWithin(gaps, challenge.bodyRead ?? challenge.answered, answer.started),
    };
  }
  await client.getCredentials();
  const credentialsMs = now() - t0;
  const credentialsRequests = (await stackCounts(endpoint)) - before;
  if (kind === "list") {
    const listing = await listObjects({
      provider: client.credentialProvider(), region: stack.region, bucket: stack.bucket,
      prefix: "public/", delimiter: "/", endpoint,
    });
    return {
      ms: now() - t0, requests: (await stackCounts(endpoint)) - before,
      keys: listing.objects.length + listing.prefixes.length,
    };
  }
  return { ms: credentialsMs, requests: credentialsRequests, critical, longestTask, over4, signInMs, prepare, idle, phases };
}

/**
 * `prepareSignIn()` on `runs` fresh clients (no request is made): ms from
 * the call until A is ready, and the longest task meanwhile (heartbeat).
 */
async function prepareTimes(runs) {
  const out = [];
  for (let i = 0; i < runs; i++) {
    const client = new CognitoClient({ userPoolId: "eu-west-1_Bench1234", clientId: "benchclient" });
    const stop = heartbeat();
    const t0 = now();
    await client.prepareSignIn();
    const ms = now() - t0;
    out.push({ ms, ...(await stop()) });
    client.free?.();
  }
  return out;
}

window.bench = {
  /** Loads the modules; without the constant-time build, its row is left out. */
  async init(withCt) {
    await initSrp({ module_or_path: "/srp/cognito_wasm_bench_bg.wasm" });
    if (withCt) {
      await initSrpCt({ module_or_path: "/srp-ct/cognito_wasm_bench_bg.wasm" });
    } else {
      delete srpImplementations["cognito-wasm, constant-time-srp"];
    }
    await initOurs({ module_or_path: "/pkg/cognito_wasm_bg.wasm" });
    return { userAgent: navigator.userAgent, isolated: self.crossOriginIsolated };
  },
  srpCheck, srpTimes, prepareTimes, sigv4Check, sigv4Times, sigv4Prepare, sigv4Round, stackFlow,
  ...workerBench,
  get srpNames() {
    return Object.keys(srpImplementations);
  },
  signerNames: Object.keys(signers),
};
