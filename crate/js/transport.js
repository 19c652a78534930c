// The browser host's JavaScript (crate/src/browser/platform.rs), in one file so
// that a page fetches one module for it, not one per piece:
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
