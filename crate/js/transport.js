// The browser host's JavaScript (crate/src/browser/platform.rs), in one file so
// that a page fetches one module for it, not one per piece:
//
// The one fetch of the library: each request gets its own AbortController,
// aborted by the caller's signal, by a timer, or by cancel() when the Rust
// future that waits for it is dropped.

export class Exchange {
  constructor(signal, timeoutMs) {
    const controller = (this.c = new AbortController());
    this.s = signal;
    this.a = () => controller.abort();
    if (signal) signal.addEventListener("abort", this.a);
    this.t = setTimeout(() => {
      this.o = true;
      controller.abort();
    }, timeoutMs);
  }

  // Resolves [status, [[name, value], ...], body, response]: body is the bytes
  // (Uint8Array) when `read`, else the response is left unread (the caller's
  // signal still aborts it, the timer no longer does). On failure resolves a
  // number: 0 no reply, 1 timed out, 2 aborted by the caller's signal.
  async run(input, init, read) {
    init.signal = this.c.signal;
    try {
      const response = await fetch(input, init);
      const body = read ? new Uint8Array(await response.arrayBuffer()) : undefined;
      this.end(!read);
      return [response.status, [...response.headers], body, response];
    } catch (_) {
      this.end(false);
      return this.s && this.s.aborted ? 2 : this.o ? 1 : 0;
    }
  }

  end(keepSignal) {
    clearTimeout(this.t);
    if (this.s && !keepSignal) this.s.removeEventListener("abort", this.a);
  }

  cancel() {
    this.end(false);
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

// A lock shared by the tabs of an origin: the Web Locks API, held until drop(). `p` resolves true once the lock is held,
// false without one (no navigator.locks, a refused request, or no grant within
// waitMs): the caller then goes on without it. drop() releases the lock, or
// gives up waiting (a lock granted later is released at once).

export class TabLock {
  constructor(name, waitMs) {
    const locks = globalThis.navigator && navigator.locks;
    this.p = new Promise((held) => {
      if (!locks) return held(false);
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), waitMs);
      this.s = () => {
        clearTimeout(timer);
        stop.abort();
      };
      locks
        .request(name, { signal: stop.signal }, () => {
          clearTimeout(timer);
          if (this.d) return;
          held(true);
          return new Promise((release) => (this.r = release));
        })
        .catch(() => held(false));
    });
  }

  drop() {
    this.d = true;
    if (this.s) this.s();
    if (this.r) this.r();
  }
}
