//! Where the session outlives the page: a string key-value store.
//!
//! The browser shell implements [`KeyValueStore`] with `sessionStorage` or
//! `localStorage`; [`MemoryStore`] keeps values in memory (tests, or a page
//! that wants to see what would be stored).
use crate::prelude::*;

use core::cell::RefCell;

/// A string key-value store (the shape of Web Storage). Writing may fail in
/// a browser (quota, private mode); implementations then drop the write:
/// the session still works in memory.
pub trait KeyValueStore {
    /// The value under `key`, if any.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str);
    /// Removes `key`.
    fn remove(&self, key: &str);
}

/// A [`KeyValueStore`] in memory (a few entries: a list, which costs the
/// wasm less than a map).
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: RefCell<Vec<(String, String)>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Every `(key, value)` pair, sorted by key.
    pub fn entries(&self) -> Vec<(String, String)> {
        let mut entries = self.entries.borrow().clone();
        entries.sort();
        entries
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.entries
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn set(&self, key: &str, value: &str) {
        self.remove(key);
        self.entries
            .borrow_mut()
            .push((key.to_owned(), value.to_owned()));
    }

    fn remove(&self, key: &str) {
        self.entries.borrow_mut().retain(|(k, _)| k != key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_sets_gets_and_removes() {
        let store = MemoryStore::new();
        assert_eq!(store.get("a"), None);
        store.set("b", "2");
        store.set("a", "1");
        store.set("a", "3");
        assert_eq!(store.get("a").as_deref(), Some("3"));
        assert_eq!(
            store.entries(),
            vec![("a".into(), "3".into()), ("b".into(), "2".into())]
        );
        store.remove("a");
        assert_eq!(store.get("a"), None);
        assert_eq!(store.entries().len(), 1);
    }
}
