//! [`KeyValueStore`] over the browser's Web Storage (`sessionStorage` or
//! `localStorage`). Failing writes (quota, storage disabled) are dropped:
//! the session still works in memory.
use crate::prelude::*;

use crate::session::storage::KeyValueStore;

/// One Web Storage area.
#[derive(Clone, Debug)]
pub struct WebStorage {
    storage: web_sys::Storage,
}

impl WebStorage {
    /// `window.sessionStorage` (lasts as long as the tab), or `None` where
    /// there is none (a worker) or it is blocked.
    pub fn session() -> Option<WebStorage> {
        let storage = web_sys::window()?.session_storage().ok()??;
        Some(WebStorage { storage })
    }

    /// `window.localStorage` (survives closing the browser), or `None`
    /// where there is none or it is blocked.
    pub fn local() -> Option<WebStorage> {
        let storage = web_sys::window()?.local_storage().ok()??;
        Some(WebStorage { storage })
    }
}

impl KeyValueStore for WebStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.storage.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) {
        let _ = self.storage.set_item(key, value);
    }

    fn remove(&self, key: &str) {
        let _ = self.storage.remove_item(key);
    }
}
