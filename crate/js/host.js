// The wasm's JavaScript, in one module: what the Rust code imports from the
// page, and the error class the package's JavaScript API shares with it
// (crate/js/*.js import CognitoError from here). Its parts:
//   0. CognitoError (crate/src/js/error.rs);
//   1. the browser host: fetch, abort signals, the tab lock, and the wire
//      parsers (crate/src/browser/platform.rs, crate/src/wire/*/engine.rs);
//   2. the SRP group's arithmetic with the engine's BigInt
//      (crate/src/crypto/bigint/engine.rs);
//   3. the exports' arguments, read and checked here and crossed into wasm as
//      one string per call (crate/src/js/sign.rs, crate/src/js/client_args.rs).
// Why one module: a page fetches a module's static imports at once, over as
// many keep-alive connections, and the browser tests' page server
// (wasm-bindgen-test-runner's, tiny_http 0.12: four threads, one per open
// connection) can leave a connection unserved when more arrive together than
// it has threads waiting; the page then never loads. Chromium stalled with
// five modules; with four, WebKit's page held all four threads (BENCHMARKS.md
// §9). And wasm-bindgen copies a module next to the glue only where the
// linked code imports from it (the demo app imports no error class), so one
// module cannot count on another being there. scripts/test-browser refuses a
// second module.

// ----- 0. The error class ----------------------------------------------------

// The error every cognito-wasm call throws or rejects with: a real Error
// whose `name` is the AWS error type (or one of the library's own names) and
// whose `retryable` says whether repeating the call later may succeed.
export class CognitoError extends Error {
  constructor(name, message, retryable) {
    super(message);
    this.name = name;
    this.retryable = retryable;
  }
}

export function makeCognitoError(name, message, retryable) {
  return new CognitoError(name, message, retryable);
}

export function isCognitoError(value) {
  return value instanceof CognitoError;
}

// ----- 1. The browser host ---------------------------------------------------

// The one fetch of the library: each request gets its own AbortController,
// aborted by a timer, or by cancel() when the Rust future that waits for it is
// dropped (the call was abandoned, or its caller's signal aborted it: see
// browser::scoped).

export class Exchange {
  constructor(timeoutMs) {
    const controller = (this.c = new AbortController());
    this.t = setTimeout(() => {
      this.o = true;
      controller.abort();
    }, timeoutMs);
  }

  // Resolves [status, [[name, value], ...], body (Uint8Array)], the body read
  // under the same timer. On failure resolves a number: 0 no reply, 1 timed out.
  async run(input, init) {
    init.signal = this.c.signal;
    try {
      const response = await fetch(input, init);
      const body = new Uint8Array(await response.arrayBuffer());
      clearTimeout(this.t);
      return [response.status, [...response.headers], body];
    } catch (_) {
      clearTimeout(this.t);
      return this.o ? 1 : 0;
    }
  }

  cancel() {
    clearTimeout(this.t);
    this.c.abort();
  }
}

// A promise resolved with the signal's reason when it aborts; stop() forgets it.
export class Watch {
  constructor(signal) {
    this.s = signal;
    this.p = new Promise((resolve) => {
      this.f = () => resolve(signal.reason);
      signal.addEventListener("abort", this.f);
    });
  }

  stop() {
    this.s.removeEventListener("abort", this.f);
  }
}

// A lock shared by the tabs (and workers) of an origin, held until drop(). `p`
// resolves 1 once the lock is held (2 when another holder had it first: its
// storage writes may not have reached this tab yet), false without one (neither
// navigator.locks nor BroadcastChannel, a refused request, or no grant within
// waitMs): the caller then goes on without it. drop() releases the lock, or
// gives up waiting (a lock granted later is released at once).
//
// With the Web Locks API (navigator.locks) the browser keeps the lock. Where it
// is missing (pages not served over HTTPS or from loopback, older browsers) the
// lock is taken over a BroadcastChannel of the same name (ask()).

export class TabLock {
  constructor(name, waitMs) {
    const locks = globalThis.navigator && navigator.locks;
    this.p = new Promise((held) => {
      if (!locks) return globalThis.BroadcastChannel ? this.ask(name, waitMs, held) : held(false);
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), waitMs);
      this.s = () => {
        clearTimeout(timer);
        stop.abort();
      };
      const grant = (waited) => () => {
        clearTimeout(timer);
        if (this.d) return;
        held(waited);
        return new Promise((release) => (this.r = release));
      };
      // Free now (1), else after another holder (2).
      locks
        .request(name, { ifAvailable: true }, (lock) =>
          lock ? grant(1)() : locks.request(name, { signal: stop.signal }, grant(2)),
        )
        .catch(() => held(false));
    });
  }

  // The BroadcastChannel lock. Each lock has a random id and a channel of its
  // own, which hears every other channel of the name (in this page and in the
  // other tabs), never itself. To take the lock it posts ["ask", id] and
  // listens for 50 ms: an "ask" or "held" of a lower rank means wait; else it
  // holds the lock. The holder (rank -1) and an asker (rank: its id) answer an
  // "ask" of a higher rank with ["held", rank], so the lowest id among the
  // askers wins and an asker never wins over the holder. A waiter asks again
  // at each "free" (posted when a lock is released or given up, and when its
  // page goes away: pagehide) and every second (a holder gone without a
  // word). Best effort: a tab slower than the window to answer, or frozen
  // while holding, lets two tabs in at once; the storage checks still keep
  // sessions from mixing.
  ask(name, waitMs, held) {
    const id = Math.random();
    const channel = new BroadcastChannel(name);
    const post = (type, rank) => channel.postMessage([type, rank]);
    // state: 0 waiting, 1 asking, 2 holding, 3 done.
    let state, busy, timer, waited = 1;
    const ask = () => {
      clearTimeout(timer);
      state = 1;
      busy = false;
      post("ask", id);
      timer = setTimeout(() => {
        if (busy) {
          state = 0;
          waited = 2;
          timer = setTimeout(ask, 1000);
        } else {
          clearTimeout(give);
          state = 2;
          held(waited);
        }
      }, 50);
    };
    const end = (this.s = () => {
      clearTimeout(timer);
      clearTimeout(give);
      globalThis.removeEventListener?.("pagehide", end);
      if (state < 3) post("free"), channel.close();
      state = 3;
      held(false);
    });
    const give = setTimeout(end, waitMs);
    channel.onmessage = ({ data: [type, rank] }) => {
      if (type == "free") return state < 2 && ask();
      if (state == 1 && rank < id) busy = true;
      else if (type == "ask" && state) post("held", state == 2 ? -1 : id);
    };
    globalThis.addEventListener?.("pagehide", end);
    ask();
  }

  drop() {
    this.d = true;
    if (this.s) this.s();
    if (this.r) this.r();
  }
}

// The wire parsers of the browser build (crate/src/wire/json/engine.rs,
// crate/src/wire/dates/engine.rs): the JavaScript engine's JSON.parse and Date
// instead of Rust code in the wasm, with the checks that make them accept
// exactly what the Rust parsers of native builds accept. None of these throws:
// a refusal is `undefined` (JSON) or NaN (dates).

// A lone surrogate (paired ones make one code point under the `u` flag).
const LONE = /\p{Cs}/u;

/** `JSON.parse(text)`, or `undefined` for text the Rust parser refuses (a lone `\uD800`-`\uDFFF` escape included). */
export function jsonParse(text) {
  try {
    // Only a \uD8xx-\uDFxx escape can make a lone surrogate (the text itself is well-formed).
    return /\\u[dD][89a-fA-F]/.test(text)
      ? JSON.parse(text, (key, value) => {
          if (LONE.test(key) || (typeof value == 'string' && LONE.test(value))) throw 0;
          return value;
        })
      : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The number `text` is if it is exactly one JSON number, else `undefined`. */
export function jsonNumber(text) {
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? +text : undefined;
}

// Unix ms of UTC calendar fields, NaN unless valid (a second of 60 counts as 59), as dates.rs's to_ms.
// setUTCFullYear, not Date.UTC: Date.UTC takes years 0-99 as 1900-1999.
function utc(year, month, day, hour, minute, second) {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second > 59 ? 59 : second);
  return month >= 1 && month <= 12 && t.getUTCDate() == day && hour < 24 && minute < 60 && second <= 60
    ? t.getTime()
    : NaN;
}

/** ISO 8601 as S3 and STS write it (`2009-10-12T17:50:30.000Z`, fraction of 1-9 digits optional, `Z` or `±hh:mm`) to Unix ms, else NaN. */
export function iso8601Ms(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):(\d\d))$/.exec(s);
  if (!m || m[9] > 23 || m[10] > 59) return NaN;
  const zone = m[8] ? (m[8] == '-' ? -60000 : 60000) * (m[9] * 60 + +m[10]) : 0;
  return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]) + +(m[7] || '').padEnd(3, '0').slice(0, 3) - zone;
}

// Month names at multiples of 3 (no other 3-letter window of this string is a month name).
const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/** An HTTP `Date` in IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`; the weekday, up to the first comma, unread) to Unix ms, else NaN. */
export function httpDateMs(s) {
  // Rust's split_ascii_whitespace: space, tab, LF, FF, CR.
  const parts = s.slice(s.indexOf(',') + 1).split(/[ \t\n\f\r]+/).filter((p) => p);
  const m = parts.length == 5 && /^(\d\d?) ([A-Za-z]{3}) (\d{4}) (\d\d):(\d\d):(\d\d) (GMT|UTC)$/.exec(parts.join(' '));
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  return month >= 0 && month % 3 == 0 ? utc(+m[3], month / 3 + 1, +m[1], +m[4], +m[5], +m[6]) : NaN;
}

// ----- 2. The SRP group's arithmetic ----------------------------------------

// Arithmetic modulo the SRP group prime N with the JavaScript engine's own
// BigInt: the wasm32 backend of crate/src/crypto/bigint.rs (see its notes on
// timing; in engines where bigIntIsSlow(), exponentiation runs in wasm).
// Values cross the wasm boundary as BigInt handles; only Rust calls these.
//
// Exponentiation: Montgomery multiplication (R = 2^3072) with a fixed 5-bit
// window, one multiplication per window whatever its digit, over the
// exponent's public bit bound; powers of 2 use shifts instead of a table.

const N = BigInt(
  "0xffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff",
);
const BITS = 3072n;
const MASK = (1n << BITS) - 1n;
const WINDOW = 5;
const DIGIT = 31n;

// -N⁻¹ mod R, by Newton's iteration (each step doubles the correct bits).
let nPrime = 1n;
for (let i = 0; i < 12; i++) nPrime = (nPrime * (2n - N * nPrime)) & MASK;
nPrime = -nPrime & MASK;

/** x·R⁻¹ mod N for 0 ≤ x < N·R. */
const redc = (x) => {
  const r = (x + (((x & MASK) * nPrime) & MASK) * N) >> BITS;
  return r < N ? r : r - N;
};

/**
 * Whether this engine's BigInt multiplies more slowly than the library's
 * wasm Montgomery code, so that exponentiation runs in wasm instead:
 * JavaScriptCore's (every WebKit browser reports this vendor).
 */
export const bigIntIsSlow = () => globalThis.navigator?.vendor === "Apple Computer, Inc.";

/** N itself. */
export const modulus = () => N;

/** The value of hex digits (empty is 0), or undefined when it is not below N. */
export const fromHex = (hex) => {
  const v = BigInt("0x0" + hex);
  return v < N ? v : undefined;
};

/** A value below N as exactly 768 hex digits. */
export const toHex = (v) => v.toString(16).padStart(768, "0");

/** a·b mod N. */
export const modMul = (a, b) => (a * b) % N;

/** a − b mod N, in [0, N). */
export const modSub = (a, b) => (a >= b ? a - b : a - b + N);

/** a + u·x over the integers (an SRP exponent). */
export const addProduct = (a, u, x) => a + u * x;

/**
 * Starts base^exp mod N, for 0 ≤ exp < 2^bits, as a resumable state that
 * powStep advances and powResult finishes.
 */
export const powStart = (base, exp, bits) => {
  const one = (1n << BITS) % N; // 1 in Montgomery form
  const table = base === 2n ? null : [one, (base << BITS) % N];
  return { exp, table, acc: one, i: Math.ceil(bits / WINDOW) };
};

/**
 * At most `units` units of base^exp's work (a window, or 6 table entries);
 * true when nothing is left.
 */
export const powStep = (s, units) => {
  for (let n = 0; n < Math.max(units, 1); n++) {
    const table = s.table;
    if (table && table.length <= Number(DIGIT)) {
      const end = Math.min(table.length + WINDOW + 1, Number(DIGIT) + 1);
      while (table.length < end) table.push(redc(table[table.length - 1] * table[1]));
      continue;
    }
    if (s.i === 0) return true;
    s.i--;
    let acc = s.acc;
    const d = (s.exp >> BigInt(s.i * WINDOW)) & DIGIT;
    for (let j = 0; j < WINDOW; j++) acc = redc(acc * acc);
    if (table) {
      acc = redc(acc * table[Number(d)]);
    } else {
      // Base 2: acc·2^d < 2^31·N, and N is within 2^3008 of R: the top bits
      // give the quotient, low by at most one.
      const t = acc << d;
      acc = t - (t >> BITS) * N;
      if (acc >= N) acc -= N;
    }
    s.acc = acc;
  }
  return s.i === 0 && !(s.table && s.table.length <= Number(DIGIT));
};

/** base^exp mod N from a powStart state, finishing what powStep left. */
export const powResult = (s) => {
  while (!powStep(s, 1 << 30));
  return redc(s.acc);
};

let channel = null;
const waiting = [];

/**
 * Resolves in a later task, queued behind what the page has already queued
 * (input, timers, network, rendering run first): a message the page posts
 * to itself. Not setTimeout, which clamps to 4 ms when nested; not
 * scheduler.yield(), whose continuations run ahead of the page's other
 * tasks. Between slices of SRP's math.
 */
export const nextTask = () =>
  new Promise((resolve) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

/** A monotonic clock in milliseconds, to time those slices. */
export const monotonicMs = () => performance.now();

// ----- 3. The exports' arguments --------------------------------------------

// SigV4 signing's arguments and result, crossed in one string each way.
// Reading a dozen fields one by one from wasm costs more than signing (and
// the reader's code, in wasm, more bytes than here): every shape
// `signRequest` and `AwsSigner` accept is read here, a wrong one refused
// with an InvalidParameterException naming the field (never its value), and
// the fields joined with "\0". A binary body (or a string one holding a
// NUL) crosses apart, as bytes, through takeBody. No field can hold a NUL:
// where a valid value never does (URL, method, names, keys), one is refused
// with the error the signer gives for it.

const SEP = "\0";
const MAX_PRESIGN_EXPIRES = 604800;
const invalid = (message) => new CognitoError('InvalidParameterException', message, false);
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
// The session token sent last: wasm keeps it, so an unchanged token, the
// longest argument, crosses as an empty field (a new one as "=" + token).
let lastToken;
// The binary body of the request just packed, for takeBody.
let body;
let encoder;

// Fields are read by name at each object (destructured), not by a key passed
// around: a property read that sees one shape stays fast.

/** What an export throws for `e`: a CognitoError as it is, anything else (a revoked Proxy…) made one. */
const own = (e) => (e instanceof CognitoError ? e : invalid("the arguments could not be read"));

/** The error for `object`, whose fields `keys` (in reading order) could not all be read: names the first whose reading throws. */
function unreadable(object, context, keys) {
  for (const key of keys) {
    try {
      object[key];
    } catch {
      return invalid(`${context}.${key} could not be read`);
    }
  }
  return invalid(`${context} could not be read`);
}

/** `value` (undefined or null: not given), refused unless a string. */
function string(value, name) {
  value ??= undefined;
  if (value !== undefined && typeof value !== "string") throw invalid(`${name} must be a string`);
  return value;
}

function required(value, name) {
  value = string(value, name);
  if (value === undefined) throw invalid(`${name} is required`);
  return value;
}

/** `value`, refused with `message` when it holds a NUL. */
function noNul(value, message) {
  if (value.includes(SEP)) throw invalid(message);
  return value;
}

/** "\0name\0value" for each header of a Headers object, [name, value] pairs or a record. */
function headerFields(headers) {
  let pairs = [];
  if ((typeof Headers === "function" && headers instanceof Headers) || Array.isArray(headers)) {
    try {
      for (const pair of headers) {
        if (!(Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string" && typeof pair[1] === "string")) throw 0;
        pairs.push(pair);
      }
    } catch {
      throw invalid("request.headers must be a Headers object, [name, value] pairs or a record of strings");
    }
  } else {
    if (!isObject(headers)) throw invalid("request.headers must be an object");
    try {
      pairs = Object.entries(headers);
    } catch {
      throw invalid("request.headers could not be read");
    }
    for (const [name, value] of pairs) if (typeof value !== "string") throw invalid(`request.headers.${name} must be a string`);
  }
  let out = "";
  for (const [name, value] of pairs) {
    out += SEP + noNul(name, "bad header name") + SEP + noNul(value, "header names and values must not contain NUL characters");
  }
  return out;
}

/** The bytes of a binary body (or of a string one holding a NUL). */
function bodyBytes(value) {
  if (typeof value === "string") return (encoder ??= new TextEncoder()).encode(value);
  try {
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) {
      const { buffer, byteOffset, byteLength } = value;
      if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer, byteOffset, byteLength);
    }
  } catch {
    // A detached buffer.
  }
  throw invalid("request.body must be a string, an ArrayBuffer or a typed array");
}

// method, url, binary ("1": the body is takeBody's), body (text), then
// header name/value pairs.
function requestFields(request) {
  if (!isObject(request)) throw invalid("request must be an object");
  let method, url, headers, text;
  try {
    ({ method, url, headers, body: text } = request);
  } catch {
    throw unreadable(request, "request", ["method", "url", "headers", "body"]);
  }
  method = noNul(string(method, "request.method") ?? "GET", "bad HTTP method");
  url = noNul(required(url, "request.url"), "invalid URL: control characters and backslashes are not allowed");
  const fields = headers == null ? "" : headerFields(headers);
  text ??= "";
  body = undefined;
  if (typeof text !== "string" || text.includes(SEP)) {
    const bytes = bodyBytes(text);
    text = "";
    if (bytes.length > 0) body = bytes;
  }
  return method + SEP + url + SEP + (body === undefined ? "" : "1") + SEP + text + fields;
}

// time (ms, "" = now), expiresIn ("" = header signing): the signingDate and
// presign of sign options.
function timing(date, presign) {
  let time = "";
  let expires = "";
  if (date != null) {
    const ms = date instanceof Date ? date.getTime() : typeof date === "number" ? date : NaN;
    if (!Number.isFinite(ms)) throw invalid("options.signingDate must be a valid Date");
    if (ms < 0) throw invalid("signing time is not a valid date");
    // (Past year 9999 the signer refuses it, as it does the largest whole number here.)
    time = String(Math.min(Math.floor(ms), Number.MAX_SAFE_INTEGER));
  }
  if (presign != null) {
    if (!isObject(presign)) throw invalid("options.presign must be an object");
    let seconds;
    try {
      seconds = presign.expiresIn;
    } catch {
      throw invalid("options.presign.expiresIn could not be read");
    }
    if (seconds == null) throw invalid("presign.expiresIn is required");
    if (!Number.isFinite(seconds)) throw invalid("options.presign.expiresIn must be a finite number");
    if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_PRESIGN_EXPIRES)) {
      throw invalid(`options.presign.expiresIn must be a whole number from 1 to ${MAX_PRESIGN_EXPIRES}`);
    }
    expires = String(seconds);
  }
  return time + SEP + expires;
}

// The session token keys() read last.
let readToken;

// "region\0service\0access key id\0secret" of sign options (the token in readToken).
function keys(credentials, region, service) {
  if (credentials == null) throw invalid("credentials is required");
  if (typeof credentials === "function") throw invalid("credentials must be an object; pass a function as `provider`");
  if (!isObject(credentials)) throw invalid("credentials must be an object");
  let accessKeyId, secretAccessKey, sessionToken;
  try {
    ({ accessKeyId, secretAccessKey, sessionToken } = credentials);
  } catch {
    throw unreadable(credentials, "credentials", ["accessKeyId", "secretAccessKey", "sessionToken"]);
  }
  accessKeyId = required(accessKeyId, "credentials.accessKeyId");
  secretAccessKey = required(secretAccessKey, "credentials.secretAccessKey");
  if (accessKeyId === "" || secretAccessKey === "") {
    throw invalid("credentials.accessKeyId and credentials.secretAccessKey must not be empty");
  }
  readToken = noNul(string(sessionToken, "credentials.sessionToken") ?? "", "credentials.sessionToken must not contain NUL characters");
  region = noNul(required(region, "options.region"), "region must be lower-case letters, digits and '-'");
  service = noNul(required(service, "options.service"), "service must be lower-case letters, digits and '-'");
  noNul(accessKeyId, "access key id must be letters and digits");
  noNul(secretAccessKey, "credentials.secretAccessKey must not contain NUL characters");
  return region + SEP + service + SEP + accessKeyId + SEP + secretAccessKey;
}

// AwsSigner.sign's arguments: timing's fields, then requestFields'. Throws
// the error of a wrong one.
export function packRequest(request, options) {
  try {
    const given = options != null;
    if (given && !isObject(options)) throw invalid("options must be an object");
    const fields = requestFields(request);
    if (!given) return SEP + SEP + fields;
    let signingDate, presign;
    try {
      ({ signingDate, presign } = options);
    } catch {
      throw unreadable(options, "options", ["signingDate", "presign"]);
    }
    return timing(signingDate, presign) + SEP + fields;
  } catch (e) {
    throw own(e);
  }
}

// signRequest's arguments: the session token ("" = the previous one, else
// "=" + token), region, service, access key id, secret, then packRequest's
// fields. Throws the error of a wrong one.
export function packSignArgs(request, options) {
  try {
    const fields = requestFields(request);
    if (!isObject(options)) throw invalid("options must be an object");
    let credentials, region, service, signingDate, presign;
    try {
      ({ credentials, region, service, signingDate, presign } = options);
    } catch {
      throw unreadable(options, "options", ["credentials", "region", "service", "signingDate", "presign"]);
    }
    const scope = keys(credentials, region, service);
    const token = readToken;
    const packed = (token === lastToken ? "" : "=" + token) + SEP + scope + SEP + timing(signingDate, presign) + SEP + fields;
    lastToken = token;
    return packed;
  } catch (e) {
    throw own(e);
  }
}

// new AwsSigner's options: the session token, region, service, access key
// id, secret. Throws the error of a wrong one.
export function packSigner(options) {
  try {
    if (!isObject(options)) throw invalid("options must be an object");
    let credentials, region, service;
    try {
      ({ credentials, region, service } = options);
    } catch {
      throw unreadable(options, "options", ["credentials", "region", "service"]);
    }
    const scope = keys(credentials, region, service);
    return readToken + SEP + scope;
  } catch (e) {
    throw own(e);
  }
}

// The binary body of the request packed last (once).
export function takeBody() {
  const bytes = body ?? new Uint8Array(0);
  body = undefined;
  return bytes;
}

// Forgets the last session token (sign-out, another user's sign-in);
// returns whether one was held.
export function forgetToken() {
  const held = lastToken !== undefined;
  lastToken = undefined;
  return held;
}

// unpackSignature for the packSignArgs call just made: its token is lastToken.
export function unpackSignatureArgs(packed) {
  return unpackSignature(packed, lastToken);
}

// { url, headers } of a signed request: "url\0shape", then for header
// signing "\0[x-amz-content-sha256\0]x-amz-date\0authorization", then the
// request's own headers as \0name\0value pairs. shape: 1 = x-amz-content-sha256
// added, + 2 = the session token added (its value is `token`); 4 = presigned
// (the signature is in the URL, nothing is added). The added headers are set
// by name here: objects built from known names are several times faster than
// from names decoded out of wasm memory.
export function unpackSignature(packed, token) {
  const parts = packed.split(SEP);
  const url = parts[0];
  const shape = parts[1];
  if (shape === "4") {
    const headers = {};
    for (let i = 2; i + 1 < parts.length; i += 2) setHeader(headers, parts[i], parts[i + 1]);
    return { url, headers };
  }
  const withSha = shape === "1" || shape === "3";
  const withToken = shape === "2" || shape === "3";
  const sha = withSha ? parts[2] : undefined;
  let i = withSha ? 3 : 2;
  const date = parts[i++];
  const authorization = parts[i++];
  if (i === parts.length) {
    if (withSha && withToken) {
      return { url, headers: { "x-amz-content-sha256": sha, "x-amz-date": date, "x-amz-security-token": token, authorization } };
    }
    if (withToken) return { url, headers: { "x-amz-date": date, "x-amz-security-token": token, authorization } };
    if (withSha) return { url, headers: { "x-amz-content-sha256": sha, "x-amz-date": date, authorization } };
    return { url, headers: { "x-amz-date": date, authorization } };
  }
  const headers = {};
  for (; i + 1 < parts.length; i += 2) setHeader(headers, parts[i], parts[i + 1]);
  if (withSha) headers["x-amz-content-sha256"] = sha;
  headers["x-amz-date"] = date;
  if (withToken) headers["x-amz-security-token"] = token;
  headers.authorization = authorization;
  return { url, headers };
}

// headers[name] = value, also for a header named __proto__ (defined, not
// assigned, so that it stays an own header).
function setHeader(headers, name, value) {
  if (name === "__proto__") {
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    headers[name] = value;
  }
}

// The arguments of CognitoClient's methods (signIn, respondToChallenge and
// the account family: signUp, confirmSignUp, forgotPassword,
// updateUserAttributes, setMfaPreference, rememberDevice, …), read and
// checked here and crossed into wasm as one string: reading each
// field from wasm costs more bytes there than here. A wrong argument is
// refused with the message naming the field (never its value); the wasm
// rejects with it as an InvalidParameterException before any request.
//
// The packed form: "!" + message for a refusal, else the fields in order,
// each "<length>:<text>" (the length in UTF-16 units, so that any text,
// NULs included, crosses as it is) or "-" when not given. A record or a list
// is its count as a field, then its names and values (or items).

/** A refusal of this reader (not an error thrown by the caller's objects). */
class Refusal {
  constructor(message) {
    this.message = message;
  }
}

const refuse = (message) => new Refusal(message);
const field = (text) => (text === undefined ? "-" : text.length + ":" + text);
const SETTINGS = ["preferred", "enabled", "disabled"];

/** `object[key]`; `context` names the object. */
function get(object, context, key) {
  try {
    return object[key];
  } catch {
    throw refuse(`${context}.${key} could not be read`);
  }
}

/** An optional string field (undefined or null: not given). */
function optional(object, context, key) {
  const value = get(object, context, key) ?? undefined;
  if (value !== undefined && typeof value !== "string") throw refuse(`${context}.${key} must be a string`);
  return value;
}

/** The fields of the required strings `keys` of `object`. */
function requiredFields(object, context, ...keys) {
  let out = "";
  for (const key of keys) {
    const value = optional(object, context, key);
    if (value === undefined) throw refuse(`${context}.${key} is required`);
    out += field(value);
  }
  return out;
}

/** `value` as the options object of `method` (its context in messages). */
function options(value, method) {
  const context = method + " options";
  if (!isObject(value)) throw refuse(`${context} must be an object`);
  return context;
}

/** A record of strings: its count, then each name and value. */
function record(value, context) {
  if (!isObject(value)) throw refuse(`${context} must be an object`);
  let entries;
  try {
    entries = Object.entries(value);
  } catch {
    throw refuse(`${context} could not be read`);
  }
  let out = field(String(entries.length));
  for (const [name, text] of entries) {
    if (typeof text !== "string") throw refuse(`${context}.${name} must be a string`);
    out += field(name) + field(text);
  }
  return out;
}

/** An optional record field (not given: none). */
function recordField(object, context, key) {
  const value = get(object, context, key);
  return value == null ? field("0") : record(value, `${context}.${key}`);
}

/** A positional string argument named `what`. */
function argument(value, what) {
  if (typeof value !== "string") throw refuse(`${what} must be a string`);
  return field(value);
}

/** An optional positional string argument (undefined or null: not given). */
const optionalArgument = (value, what) => (value == null ? field(undefined) : argument(value, what));

/** An array of strings: its count, then each. */
function names(value) {
  try {
    if (!Array.isArray(value)) throw 0;
    const count = value.length;
    let out = field(String(count));
    for (let i = 0; i < count; i++) {
      const name = value[i];
      if (typeof name !== "string") throw 0;
      out += field(name);
    }
    return out;
  } catch {
    throw refuse("names must be an array of strings");
  }
}

/** The optional boolean `key` of the optional options object `o` (`context`): "" when true. */
function flag(o, context, key) {
  if (o == null) return field(undefined);
  if (!isObject(o)) throw refuse(`${context} must be an object`);
  const value = get(o, context, key) ?? false;
  if (typeof value !== "boolean") throw refuse(`${context}.${key} must be true or false`);
  return field(value ? "" : undefined);
}

// One reader per kind, in the order of the kinds in crate/src/js/client_args.rs.
const READERS = [
  // signUp
  (o) => {
    const c = options(o, "signUp");
    return requiredFields(o, c, "username", "password") + recordField(o, c, "attributes") +
      recordField(o, c, "validationData") + recordField(o, c, "clientMetadata");
  },
  // confirmSignUp
  (o) => {
    const c = options(o, "confirmSignUp");
    const fields = requiredFields(o, c, "username", "code");
    const signIn = get(o, c, "signIn") ?? false;
    if (typeof signIn !== "boolean") throw refuse(`${c}.signIn must be true or false`);
    return fields + field(signIn ? "" : undefined);
  },
  // resendSignUpCode
  (o) => requiredFields(o, options(o, "resendSignUpCode"), "username"),
  // forgotPassword
  (o) => requiredFields(o, options(o, "forgotPassword"), "username"),
  // confirmForgotPassword
  (o) => requiredFields(o, options(o, "confirmForgotPassword"), "username", "code", "newPassword"),
  // changePassword
  (o) => requiredFields(o, options(o, "changePassword"), "oldPassword", "newPassword"),
  // updateUserAttributes
  (attributes) => record(attributes, "attributes"),
  // sendAttributeVerificationCode
  (name) => argument(name, "name"),
  // verifyAttribute
  (name, code) => argument(name, "name") + argument(code, "code"),
  // deleteUserAttributes
  names,
  // verifyTotpSetup
  (o) => {
    const c = options(o, "verifyTotpSetup");
    return requiredFields(o, c, "code") + field(optional(o, c, "friendlyName"));
  },
  // setMfaPreference
  (o) => {
    const c = options(o, "setMfaPreference");
    let out = "";
    for (const key of ["totp", "sms", "email"]) {
      const setting = optional(o, c, key);
      if (setting !== undefined && !SETTINGS.includes(setting)) {
        throw refuse(`${c}.${key} must be 'preferred', 'enabled' or 'disabled'`);
      }
      out += field(setting);
    }
    return out;
  },
  // rememberDevice
  (deviceName) => optionalArgument(deviceName, "deviceName"),
  // forgetDevice
  (deviceKey) => optionalArgument(deviceKey, "deviceKey"),
  // signIn
  (o) => requiredFields(o, options(o, "signIn"), "username", "password"),
  // respondToChallenge
  (o) => {
    const c = "answer";
    if (!isObject(o)) throw refuse(`${c} must be an object`);
    return field(optional(o, c, "newPassword")) + field(optional(o, c, "code")) +
      field(optional(o, c, "mfaType")) + recordField(o, c, "attributes");
  },
  // new CognitoClient(options): the strings (refreshMarginSeconds is checked
  // here and read by the wasm as a number; timeoutMs is checked by the wasm,
  // as every call's is)
  (o) => {
    const c = "options";
    if (!isObject(o)) throw refuse(`${c} must be an object`);
    let out = requiredFields(o, c, "userPoolId", "clientId");
    for (const key of ["identityPoolId", "region", "clientSecret", "authFlow"]) out += field(optional(o, c, key));
    const endpoints = get(o, c, "endpoints");
    if (endpoints == null) {
      out += field(undefined) + field(undefined);
    } else {
      const e = c + ".endpoints";
      if (!isObject(endpoints)) throw refuse(`${e} must be an object`);
      out += field(optional(endpoints, e, "cognitoIdp")) + field(optional(endpoints, e, "cognitoIdentity"));
    }
    out += field(optional(o, c, "storage"));
    const margin = get(o, c, "refreshMarginSeconds") ?? 0;
    if (typeof margin !== "number" || !Number.isFinite(margin)) throw refuse(`${c}.refreshMarginSeconds must be a finite number`);
    return out;
  },
  // getTokens, getCredentials, a credentialProvider's function (second: the
  // options' name in messages)
  (o, context) => flag(o, context, "forceRefresh"),
  // signOut
  (o) => flag(o, "signOut options", "global"),
];

// The packed arguments of the method `kind` (never throws).
export function packArgs(kind, first, second) {
  try {
    return READERS[kind](first, second);
  } catch (e) {
    return "!" + (e instanceof Refusal ? e.message : "the arguments could not be read");
  }
}
