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
