// The main thread's heartbeat (BENCHMARKS.md §8): how long the page's tasks
// run, seen from the page itself, in every engine.

const now = () => performance.now();

/**
 * Starts a heartbeat: a message posted through a MessageChannel, each tick
 * posting the next. Returns a function that stops it at its next tick (so
 * that a task running when it is called is counted) and gives the longest
 * gap between ticks (ms), the number of gaps over 4 ms and each gap over
 * `keepOver` ms as [start, length]: about the longest task the page ran
 * meanwhile and how many ran over 4 ms, in every engine (the Long Tasks API
 * is Chromium's only, and from 50 ms).
 */
export function heartbeat(keepOver = 1) {
  const channel = new MessageChannel();
  let last = now(), longest = 0, over4 = 0, stopped = null;
  const gaps = []; // [start, length] of each gap over keepOver ms
  channel.port1.onmessage = () => {
    const t = now();
    longest = Math.max(longest, t - last);
    if (t - last > 4) over4++;
    if (t - last > keepOver) gaps.push([last, t - last]);
    last = t;
    if (stopped) {
      channel.port1.close();
      stopped({ longest, over4, gaps });
    } else {
      channel.port2.postMessage(0);
    }
  };
  channel.port2.postMessage(0);
  return () => new Promise((resolve) => (stopped = resolve));
}

/**
 * The heartbeat's gaps that overlap the times from `from` to `to`: the
 * longest (ms; 1 when none was over 1 ms) and how many were over 4 ms.
 */
export function gapsWithin(gaps, from, to) {
  const inside = gaps.filter(([start, length]) => start < to && start + length > from);
  return {
    longest: Math.max(1, ...inside.map(([, length]) => length)),
    over4: inside.filter(([, length]) => length > 4).length,
  };
}

/** The longest of the heartbeat's gaps that overlap the times from `from` to `to` (ms). */
export function longestWithin(gaps, from, to) {
  let longest = 0;
  for (const [start, length] of gaps) if (start < to && start + length > from) longest = Math.max(longest, length);
  return longest;
}
