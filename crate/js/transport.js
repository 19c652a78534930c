// The browser host's JavaScript (crate/src/browser/platform.rs, and the wire
// parsers of crate/src/wire/json/engine.rs and crate/src/wire/dates/engine.rs),
// in one file so that a page fetches one module for it, not one per piece.
// Keep the wasm's JavaScript modules at four or fewer (this one, modpow.js,
// args.js, cognito_error.js): Chromium fetches them at once, over as
// many keep-alive connections, and wasm-bindgen-test-runner's page server
// (tiny_http 0.12) starts with four threads, one per connection while it is
// open; with a fifth module, a connection accepted before the woken threads
// have taken theirs is queued with no thread to serve it until another
// connection closes (300 s later), and the browser tests' page never loads.
//
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
