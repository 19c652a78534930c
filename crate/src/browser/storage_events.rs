//! The `storage` event: the browser tells every other tab of an origin
//! when one of them changes `localStorage`. A client that keeps its session
//! there listens, so a sign-out, a refresh or another user's sign-in in
//! one tab reaches the others at once (with its `on()` event), not only
//! at their next call.

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = addEventListener)]
    fn add_listener(kind: &str, listener: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = removeEventListener)]
    fn remove_listener(kind: &str, listener: &Function) -> Result<(), JsValue>;
}

/// A `storage` listener on the global scope, removed when dropped.
pub struct StorageWatch {
    listener: Closure<dyn Fn()>,
}

impl StorageWatch {
    /// Calls `changed` on every `storage` event of this page (a change
    /// another tab made); `None` where the global scope has no
    /// `addEventListener`.
    pub fn new(changed: impl Fn() + 'static) -> Option<StorageWatch> {
        let listener = Closure::<dyn Fn()>::new(changed);
        add_listener("storage", listener.as_ref().unchecked_ref()).ok()?;
        Some(StorageWatch { listener })
    }
}

impl Drop for StorageWatch {
    fn drop(&mut self) {
        let _ = remove_listener("storage", self.listener.as_ref().unchecked_ref());
    }
}
