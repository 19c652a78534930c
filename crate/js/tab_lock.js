// A lock shared by the tabs of an origin (crate/src/browser/platform.rs): the
// Web Locks API, held until drop(). `p` resolves true once the lock is held,
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
