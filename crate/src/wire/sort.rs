//! A small stable sort for the short lists SigV4 and S3 order (query
//! parameters, headers): insertion sort, a few dozen bytes of wasm where
//! `slice::sort` costs kilobytes per element type.
/// Sorts `items` in place so that no element is `less` than the one before
/// it; equal elements keep their order (stable: repeated headers stay in the
/// order they were given). Quadratic: meant for lists of tens of elements.
pub fn insertion_sort_by<T>(items: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            let (head, tail) = items.split_at_mut(j);
            match (head.last_mut(), tail.first_mut()) {
                (Some(before), Some(current)) if less(current, before) => {
                    core::mem::swap(before, current);
                    j -= 1;
                }
                _ => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_and_keeps_equal_elements_in_order() {
        let mut v = vec![("b", 1), ("a", 2), ("b", 0), ("a", 1), ("c", 5)];
        insertion_sort_by(&mut v, |x, y| x.0 < y.0);
        assert_eq!(v, [("a", 2), ("a", 1), ("b", 1), ("b", 0), ("c", 5)]);
        let mut empty: [u8; 0] = [];
        insertion_sort_by(&mut empty, |x, y| x < y);
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(v in prop::collection::vec((0u8..4, any::<u16>()), 0..40)) {
            let mut ours = v.clone();
            insertion_sort_by(&mut ours, |a, b| a.0 < b.0);
            let mut theirs = v;
            theirs.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, theirs);
        }
    }
}
