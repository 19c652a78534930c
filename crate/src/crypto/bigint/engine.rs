//! wasm32 backend of [`crate::crypto::bigint`]: the JavaScript engine's own BigInt,
//! through the small snippet `crate/js/host.js` (shipped next to the
//! wasm by wasm-pack and trunk). Values live on the JavaScript side as
//! BigInt handles; only hex crosses the boundary, at the edges.
//!
//! Why: wasm has no 64×64→128-bit multiply, so a 3072-bit Montgomery
//! multiplication in wasm (on limbs of 32 bits at most) is slower than V8's and
//! SpiderMonkey's native BigInt (BENCHMARKS.md §1). JavaScriptCore's BigInt
//! is slower still than wasm, so there (WebKit: Safari and every iPhone
//! browser) the exponentiations, nearly all of SRP's time, run in
//! [`super::mont32`] instead: the choice is made per engine at run time
//! ([`PowBackend`]). NOT constant-time: see the module notes of
//! [`crate::crypto::bigint`].
use crate::prelude::*;

use core::sync::atomic::{AtomicU8, Ordering};

use wasm_bindgen::prelude::*;

use super::{mont32, MODULUS_BYTES};
use crate::wire::encoding::{hex_decode, hex_encode};

#[wasm_bindgen(module = "/js/host.js")]
extern "C" {
    /// N as a BigInt.
    fn modulus() -> JsValue;
    /// The BigInt of hex digits, or `undefined` when it is not below N.
    #[wasm_bindgen(js_name = fromHex)]
    fn from_hex(hex: &str) -> JsValue;
    /// A BigInt below N as exactly 768 hex digits.
    #[wasm_bindgen(js_name = toHex)]
    fn to_hex(value: &JsValue) -> String;
    /// a·b mod N.
    #[wasm_bindgen(js_name = modMul)]
    fn mod_mul(a: &JsValue, b: &JsValue) -> JsValue;
    /// a − b mod N.
    #[wasm_bindgen(js_name = modSub)]
    fn mod_sub(a: &JsValue, b: &JsValue) -> JsValue;
    /// a + u·x over the integers.
    #[wasm_bindgen(js_name = addProduct)]
    fn add_product(a: &JsValue, u: &JsValue, x: &JsValue) -> JsValue;
    /// Starts base^exp mod N for exp < 2^bits (a resumable state).
    #[wasm_bindgen(js_name = powStart)]
    fn pow_start(base: &JsValue, exp: &JsValue, bits: u32) -> JsValue;
    /// Advances a `powStart` state by at most `units`; whether it is done.
    #[wasm_bindgen(js_name = powStep)]
    fn pow_step(state: &JsValue, units: u32) -> bool;
    /// The power of a `powStart` state (finishing it first).
    #[wasm_bindgen(js_name = powResult)]
    fn pow_result(state: &JsValue) -> JsValue;
    /// Whether this JavaScript engine's BigInt is slower than wasm.
    #[wasm_bindgen(js_name = bigIntIsSlow)]
    fn big_int_is_slow() -> bool;
}

/// Where [`ModN::pow`] runs.
#[doc(hidden)] // For the browser tests and the benchmark page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowBackend {
    /// Chosen for the engine: [`PowBackend::Wasm`] where its BigInt is slow.
    Auto,
    /// The JavaScript engine's BigInt (`crate/js/host.js`).
    EngineBigInt,
    /// Montgomery multiplication in wasm (28-bit limbs in `u64`s, [`mont32`]).
    Wasm,
}

/// 0: not decided yet; otherwise 1 + the decided backend's index.
static POW_BACKEND: AtomicU8 = AtomicU8::new(0);

/// Makes [`ModN::pow`] use `backend` from now on (`Auto`: decide again).
#[doc(hidden)]
pub fn set_pow_backend(backend: PowBackend) {
    let code = match backend {
        PowBackend::Auto => 0,
        PowBackend::EngineBigInt => 1,
        PowBackend::Wasm => 2,
    };
    POW_BACKEND.store(code, Ordering::Relaxed);
}

/// The backend [`ModN::pow`] uses (deciding it on first use).
#[doc(hidden)]
pub fn pow_backend() -> PowBackend {
    match POW_BACKEND.load(Ordering::Relaxed) {
        1 => PowBackend::EngineBigInt,
        2 => PowBackend::Wasm,
        _ => {
            let chosen = if big_int_is_slow() {
                PowBackend::Wasm
            } else {
                PowBackend::EngineBigInt
            };
            set_pow_backend(chosen);
            chosen
        }
    }
}

/// A BigInt handle from big-endian bytes; `None` when the value is not
/// below N.
fn bigint_from_be(bytes: &[u8]) -> Option<JsValue> {
    let value = from_hex(&hex_encode(bytes));
    (!value.is_undefined()).then_some(value)
}

/// A number modulo N (a BigInt in `[0, N)` on the JavaScript side). No
/// `Debug`: values such as the premaster secret S are secrets.
#[derive(Clone)]
pub struct ModN(JsValue);

impl ModN {
    /// The group generator g = 2.
    pub fn generator() -> Self {
        Self(from_hex("2"))
    }

    /// The value of big-endian `bytes` (any length, leading zeros allowed);
    /// `None` when it is not below N.
    pub fn from_be_bytes(bytes: &[u8]) -> Option<Self> {
        let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let digits = bytes.get(first..)?;
        if digits.len() > MODULUS_BYTES {
            return None;
        }
        bigint_from_be(digits).map(Self)
    }

    /// The value as exactly [`MODULUS_BYTES`] big-endian bytes.
    pub fn to_be_bytes(&self) -> [u8; MODULUS_BYTES] {
        be_bytes_of(&self.0)
    }

    /// Whether the value is 0 mod N.
    pub fn is_zero(&self) -> bool {
        self.to_be_bytes().iter().all(|&b| b == 0)
    }

    /// `self · rhs mod N`.
    pub fn mul(&self, rhs: &Self) -> Self {
        Self(mod_mul(&self.0, &rhs.0))
    }

    /// `self − rhs mod N`, in `[0, N)`.
    pub fn sub(&self, rhs: &Self) -> Self {
        Self(mod_sub(&self.0, &rhs.0))
    }

    /// `self ^ exponent mod N`: the same sequence of BigInt operations for
    /// every exponent of a given bit bound (not constant-time, see above).
    pub fn pow(&self, exponent: &Exponent) -> Self {
        self.pow_steps(exponent).result()
    }

    /// [`ModN::pow`] as a resumable computation ([`PowSteps`]).
    pub fn pow_steps(&self, exponent: &Exponent) -> PowSteps {
        if pow_backend() == PowBackend::Wasm {
            let base = mont32::from_be_bytes(&self.to_be_bytes());
            let exponent_be = be_bytes_of(&exponent.value);
            let steps = mont32::PowSteps::new(&base, &exponent_be, exponent.bits);
            return PowSteps::Wasm(Box::new(steps), self.clone(), exponent.clone());
        }
        PowSteps::Engine(pow_start(&self.0, &exponent.value, exponent.bits))
    }
}

/// A [`ModN::pow`] under way: [`PowSteps::step`] does a bounded part of it
/// (in the backend [`pow_backend`] chose when it started), so that the
/// caller can give the event loop a turn between parts.
pub enum PowSteps {
    /// A `powStart` state of `crate/js/host.js`.
    Engine(JsValue),
    /// The wasm Montgomery code's state, with the base and exponent.
    Wasm(Box<mont32::PowSteps>, ModN, Exponent),
}

impl PowSteps {
    /// Does at most `max_windows` windows of the exponent (or as much
    /// table work; at least one); `true` when nothing is left.
    pub fn step(&mut self, max_windows: u32) -> bool {
        match self {
            Self::Engine(state) => pow_step(state, max_windows),
            Self::Wasm(steps, ..) => steps.step(max_windows),
        }
    }

    /// The power, finishing whatever [`PowSteps::step`] left.
    pub fn result(self) -> ModN {
        match self {
            Self::Engine(state) => ModN(pow_result(&state)),
            Self::Wasm(steps, base, exponent) => {
                let power = mont32::to_be_bytes(&steps.result());
                // Always below N, so always Some; the engine's BigInt otherwise.
                match bigint_from_be(&power) {
                    Some(value) => ModN(value),
                    None => ModN(pow_result(&pow_start(
                        &base.0,
                        &exponent.value,
                        exponent.bits,
                    ))),
                }
            }
        }
    }
}

/// N as big-endian bytes.
pub fn modulus_be_bytes() -> [u8; MODULUS_BYTES] {
    be_bytes_of(&modulus())
}

/// A BigInt below N as [`MODULUS_BYTES`] big-endian bytes (right-aligned,
/// so a shorter hex string still lands in the right place).
fn be_bytes_of(value: &JsValue) -> [u8; MODULUS_BYTES] {
    let mut out = [0u8; MODULUS_BYTES];
    if let Ok(bytes) = hex_decode(&to_hex(value), "value") {
        for (dst, src) in out.iter_mut().rev().zip(bytes.iter().rev()) {
            *dst = *src;
        }
    }
    out
}

/// A non-negative exponent with a public bound on its bit length (the
/// bound, not the value, decides the sequence of operations of
/// [`ModN::pow`]). No `Debug`: exponents are secrets.
#[derive(Clone)]
pub struct Exponent {
    value: JsValue,
    bits: u32,
}

impl Exponent {
    /// The value of big-endian `bytes`, bounded by `8 · bytes.len()` bits;
    /// `None` if that bound exceeds [`MAX_EXPONENT_BITS`](super::MAX_EXPONENT_BITS).
    pub fn from_be_bytes(bytes: &[u8]) -> Option<Self> {
        let bits = super::bytes_bound(bytes.len())?;
        Some(Self {
            value: bigint_from_be(bytes)?,
            bits,
        })
    }

    /// `self + u · x` (over the integers, not reduced); `None` if the result's
    /// bound would exceed [`MAX_EXPONENT_BITS`](super::MAX_EXPONENT_BITS).
    pub fn add_product(&self, u: &Exponent, x: &Exponent) -> Option<Self> {
        let bits = super::add_product_bound(self.bits, u.bits, x.bits)?;
        Some(Self {
            value: add_product(&self.value, &u.value, &x.value),
            bits,
        })
    }
}
