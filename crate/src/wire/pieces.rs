//! Text built from pieces ([`text!`]): what `format!` makes of `{}`
//! placeholders, without `core::fmt` in the wasm (BENCHMARKS.md §9,
//! "Messages without `core::fmt`").
use crate::prelude::*;

use super::decimal::push_decimal;

/// A part of the text [`text!`] builds: a string, a character, or a whole
/// number (written in decimal, as `format!("{}")` writes it).
pub(crate) trait Piece {
    /// Appends `self` to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

/// Unsigned whole numbers, in decimal.
macro_rules! unsigned_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                push_decimal(out, u64::from(*self));
            }
        }
    )*};
}
unsigned_pieces!(u8, u16, u32, u64);

impl Piece for usize {
    fn push_to(&self, out: &mut String) {
        push_decimal(out, *self as u64);
    }
}

/// Signed whole numbers, in decimal with a `-` when negative.
macro_rules! signed_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                if *self < 0 {
                    out.push('-');
                }
                push_decimal(out, u64::from(self.unsigned_abs()));
            }
        }
    )*};
}
signed_pieces!(i32, i64);

/// The text of its [`Piece`]s one after the other: what `format!` makes of
/// `{}` placeholders, without `core::fmt`'s `format` and its argument tables
/// (a smaller download: BENCHMARKS.md §9, "Messages without `core::fmt`").
/// Used by the code in the npm package; code outside it keeps `format!`.
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out = $crate::prelude::String::new();
        $($crate::wire::pieces::Piece::push_to(&$piece, &mut out);)*
        out
    }};
}
pub(crate) use text;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_writes_what_format_writes() {
        let name = "region";
        let owned = String::from("eu-west-1");
        assert_eq!(
            text!("the ", name, " ", &owned, " of ", 3u8, '/', 7usize),
            format!("the {name} {owned} of {}/{}", 3u8, 7usize)
        );
        for n in [0u64, 9, 10, 99, 100, 1_000_000, u64::MAX] {
            assert_eq!(text!(n), n.to_string());
        }
        for n in [0i64, -1, 1, -10, i64::MIN, i64::MAX] {
            assert_eq!(text!(n), n.to_string());
        }
        assert_eq!(
            text!(i32::MIN, u32::MAX, u16::MAX),
            format!("{}{}{}", i32::MIN, u32::MAX, u16::MAX)
        );
    }

    proptest! {
        #[test]
        fn numbers_agree_with_format(n in any::<i64>(), u in any::<u64>()) {
            prop_assert_eq!(text!(n), format!("{n}"));
            prop_assert_eq!(text!(u), format!("{u}"));
        }
    }
}
