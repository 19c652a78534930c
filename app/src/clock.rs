//! The page's clock.

use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;

/// The local time now, Unix ms.
pub fn local_now_ms() -> f64 {
    BrowserPlatform.now_ms()
}
