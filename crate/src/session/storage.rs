//! Where the session outlives the page: a string key-value store.
//!
//! The browser shell implements [`KeyValueStore`] with `sessionStorage` or
//! `localStorage`; [`MemoryStore`] keeps values in memory (tests, or a page
//! that wants to see what would be stored).

use std::cell::RefCell;
use std::collections::BTreeMap;

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

/// A [`KeyValueStore`] in memory.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: RefCell<BTreeMap<String, String>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Every `(key, value)` pair, sorted by key.
    pub fn entries(&self) -> Vec<(String, String)> {
        self.entries
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.entries.borrow().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) {
        self.entries
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
    }

    fn remove(&self, key: &str) {
        self.entries.borrow_mut().remove(key);
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
