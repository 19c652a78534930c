//! What std's prelude would bring, from `alloc` (the crate is `no_std`).

pub(crate) use crate::wire::pieces::text;
pub(crate) use alloc::borrow::ToOwned;
pub(crate) use alloc::boxed::Box;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec::Vec;
pub(crate) use alloc::{format, vec};
#[cfg(all(target_arch = "wasm32", feature = "no-std"))]
pub(crate) use float::Float;

/// `f64::floor` and `f64::fract`, which are std's (not core's) where std is
/// not linked. Compiled natively for its tests against std's.
#[cfg(any(test, all(target_arch = "wasm32", feature = "no-std")))]
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

    #[cfg(test)]
    mod tests {
        use super::Float;

        /// Values around every edge: signs, halves, whole numbers, 2^52
        /// and beyond, the extremes, infinities.
        const EDGES: [f64; 22] = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            1.999_999,
            -1.000_001,
            1_733_400_000_123.4,
            -1_733_400_000_123.4,
            4_503_599_627_370_495.5,
            -4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            9_007_199_254_740_993.0,
            -9_007_199_254_740_993.0,
            1e300,
            -1e300,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];

        #[test]
        fn floor_and_fract_agree_with_std() {
            let mut seed = 0x9e37_79b9_7f4a_7c15u64;
            let random = (0..10_000).map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                f64::from_bits(seed)
            });
            for x in EDGES.into_iter().chain(random).filter(|x| !x.is_nan()) {
                assert_eq!(Float::floor(x), f64::floor(x), "floor({x:e})");
                let (ours, std) = (Float::fract(x), f64::fract(x));
                assert!(
                    ours == std || (ours.is_nan() && std.is_nan()),
                    "fract({x:e})"
                );
            }
            assert!(Float::floor(f64::NAN).is_nan());
            assert!(Float::fract(f64::NAN).is_nan());
        }
    }
}
