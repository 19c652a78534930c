//! What std's prelude would bring, from `alloc` (the crate is `no_std`).

pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::boxed::Box;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec::Vec;
pub(crate) use alloc::{format, vec};
#[cfg(all(target_arch = "wasm32", feature = "no-std"))]
pub(crate) use float::Float;

/// `f64::floor` and `f64::fract`, which are std's (not core's) where std is
/// not linked.
#[cfg(all(target_arch = "wasm32", feature = "no-std"))]
mod float {
    /// 2^52: from here on every `f64` is a whole number.
    const WHOLE: f64 = 4_503_599_627_370_496.0;

    /// What std's `f64` methods of the same names return.
    pub(crate) trait Float {
        /// The largest whole number not above `self`.
        fn floor(self) -> f64;
        /// `self` minus its whole part (toward zero).
        fn fract(self) -> f64;
    }

    /// `x` without its fractional part (toward zero); NaN and infinities as
    /// they are.
    fn trunc(x: f64) -> f64 {
        if x.abs() < WHOLE {
            x as i64 as f64
        } else {
            x
        }
    }

    impl Float for f64 {
        fn floor(self) -> f64 {
            let t = trunc(self);
            if t > self {
                t - 1.0
            } else {
                t
            }
        }

        fn fract(self) -> f64 {
            self - trunc(self)
        }
    }
}
