//! The `storage` event: the browser tells every other tab of an origin
//! when one of them changes `localStorage`. A client that keeps its session
//! there listens, so a sign-out, a refresh or another user's sign-in in
//! one tab reaches the others at once (with its `on()` event), not only
//! at their next call.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = addEventListener)]
    fn add_listener(kind: &str, listener: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = removeEventListener)]
    fn remove_listener(kind: &str, listener: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: u32, argument: bool) -> Result<JsValue, JsValue>;
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

/// Waits for the next `storage` event (`true`) or `ms` milliseconds
/// (`false`; at once where there is no such event).
pub async fn next_change(ms: u32) -> bool {
    let mut watch = None;
    let promise = Promise::new(&mut |resolve: Function, _reject| {
        let told = resolve.clone();
        watch = StorageWatch::new(move || {
            let _ = told.call1(&JsValue::NULL, &JsValue::TRUE);
        });
        let _ = set_timeout(&resolve, ms, false);
    });
    if watch.is_none() {
        return false;
    }
    let changed = JsFuture::from(promise).await.is_ok_and(|v| v.is_truthy());
    drop(watch);
    changed
}
