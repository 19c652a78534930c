//! The packed form in which JavaScript hands a call's arguments to the wasm
//! in one string (`js/host.js`): fields in order, each
//! `<length>:<text>` (the length in UTF-16 units, what a JS string's
//! `length` counts, so that any text crosses as it is) or `-` when not
//! given; a record or a list is its count as a field, then its names and
//! values (or items).
//!
//! Reading never fails or panics: a field that does not read as it should
//! reads as empty (or not given) and marks the whole as bad
//! ([`Fields::finish`]).
use crate::prelude::*;
use crate::wire::decimal::parse_usize;

/// The packed fields not read yet.
#[derive(Debug)]
pub struct Fields<'a> {
    rest: &'a str,
    bad: bool,
}

impl<'a> Fields<'a> {
    /// The fields of `packed`.
    pub fn new(packed: &'a str) -> Self {
        Fields {
            rest: packed,
            bad: false,
        }
    }

    /// Whether every field read as it should and none is left.
    pub fn finish(&self) -> bool {
        !self.bad && self.rest.is_empty()
    }

    /// Marks the whole as bad (a field that reads but means nothing).
    pub fn refuse(&mut self) {
        self.bad = true;
    }

    /// The next field, `None` when not given.
    pub fn optional(&mut self) -> Option<String> {
        let field = self.split();
        self.bad |= field.is_none();
        field.flatten().map(str::to_owned)
    }

    /// The next field split off: `Some(None)` when not given, `None` at the
    /// end or where the text does not read as a field.
    fn split(&mut self) -> Option<Option<&'a str>> {
        if let Some(rest) = self.rest.strip_prefix('-') {
            self.rest = rest;
            return Some(None);
        }
        let (length, rest) = self.rest.split_once(':')?;
        let units = parse_usize(length)?;
        let (mut counted, mut end) = (0, 0);
        for c in rest.chars() {
            if counted >= units {
                break;
            }
            counted += c.len_utf16();
            end += c.len_utf8();
        }
        if counted != units {
            return None;
        }
        let text = rest.get(..end)?;
        self.rest = rest.get(end..)?;
        Some(Some(text))
    }

    /// The next field, which must be given.
    pub fn string(&mut self) -> String {
        let field = self.optional();
        self.bad |= field.is_none();
        field.unwrap_or_default()
    }

    /// A count field (a list or record stops reading once bad).
    fn count(&mut self) -> usize {
        let text = self.string();
        parse_usize(&text).unwrap_or_else(|| {
            self.bad = true;
            0
        })
    }

    /// A list: its count, then each item.
    pub fn list(&mut self) -> Vec<String> {
        let mut items = Vec::new();
        for _ in 0..self.count() {
            if self.bad {
                break;
            }
            items.push(self.string());
        }
        items
    }

    /// A record: its count, then each name and value.
    pub fn pairs(&mut self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for _ in 0..self.count() {
            if self.bad {
                break;
            }
            pairs.push((self.string(), self.string()));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_lists_and_records_read_in_order() {
        let mut f = Fields::new("3:ana-1:12:nm1:01:21:a2:b\u{0}2:k11:v");
        assert_eq!(f.string(), "ana");
        assert_eq!(f.optional(), None);
        assert_eq!(f.list(), ["nm"]);
        assert_eq!(f.list(), Vec::<String>::new());
        assert_eq!(
            f.pairs(),
            [
                ("a".to_owned(), "b\u{0}".to_owned()),
                ("k1".to_owned(), "v".to_owned())
            ]
        );
        assert!(f.finish());
    }

    #[test]
    fn lengths_count_utf16_units_so_any_text_crosses() {
        // 😀 is two UTF-16 units (four UTF-8 bytes), é one (two bytes);
        // a lone surrogate arrives as U+FFFD, one unit as it was.
        let mut f = Fields::new("3:😀é2:-:4:1:-\u{FFFD}");
        assert_eq!(f.string(), "😀é");
        assert_eq!(f.string(), "-:");
        assert_eq!(f.string(), "1:-\u{FFFD}");
        assert!(f.finish());
    }

    #[test]
    fn malformed_text_reads_as_bad_without_panicking() {
        for packed in [
            "",
            "5:abc",
            "x:abc",
            ":",
            "1",
            "1:😀",
            "-1:a",
            "2:😀",
            "99999999999999999999999:a",
            "9:1:a",
            "3:ab",
            "1:a1:b",
        ] {
            let mut f = Fields::new(packed);
            let _ = (f.string(), f.pairs(), f.list(), f.optional());
            assert!(!f.finish(), "{packed:?}");
        }
        // A record or list whose count is larger than what follows stops
        // at the end.
        let mut f = Fields::new("20:184467440737095516151:a1:b");
        assert_eq!(f.pairs()[0], ("a".to_owned(), "b".to_owned()));
        assert!(!f.finish());
        let mut f = Fields::new("10:40000000001:a");
        assert_eq!(f.list()[0], "a");
        assert!(!f.finish());
        // A count that is not a number.
        let mut f = Fields::new("1:x");
        assert!(f.pairs().is_empty());
        assert!(!f.finish());
        // Text left over.
        let mut f = Fields::new("1:a1:b");
        assert_eq!(f.string(), "a");
        assert!(!f.finish());
    }
}
