// The inline script the bench's server puts first in each page's <head>, the
// same for every stack: the page's configuration (window.COLD: the stack's
// pool ids and the proxy as every AWS endpoint, the fixed user) and the
// recorder the page reports to (window.coldResult). It observes long tasks
// from the start where the engine exposes them (PerformanceObserver
// "longtask"), and stamps performance.now() (0 = navigation start) when the
// page says it holds credentials and when it has the listing.

/** The script's source for `config` (JSON-able). */
export function harness(config) {
  return `(() => {
  window.COLD = ${JSON.stringify(config)};
  const tasks = [];
  const longtask = typeof PerformanceObserver === "function"
    && (PerformanceObserver.supportedEntryTypes || []).includes("longtask");
  if (longtask) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  }
  const r = window.coldResult = { done: false, longtask, tasks };
  r.credentials = (accessKeyId, identityId) => {
    r.credentialsMs = performance.now();
    r.haveKey = typeof accessKeyId === "string" && accessKeyId.length > 0;
    r.identityId = identityId;
  };
  r.listed = (keys) => {
    r.listedMs = performance.now();
    r.keys = keys;
    // Long tasks are reported after they end: one more turn before done.
    setTimeout(() => { r.done = true; }, 0);
  };
  r.fail = (e) => {
    if (r.done) return;
    r.error = String((e && e.message !== undefined ? e.name + ": " + e.message : e));
    r.done = true;
  };
  addEventListener("error", (e) => r.fail(e.error || e.message));
  addEventListener("unhandledrejection", (e) => r.fail(e.reason));
})();`;
}
