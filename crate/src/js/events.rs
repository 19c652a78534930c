//! `client.on(name, listener)`: the session events of a `CognitoClient`, a
//! listener list behind the client's one event hook, told synchronously.
//! The hook also drops what signing kept of a session that ends or is
//! replaced.
use crate::prelude::*;

use alloc::rc::{Rc, Weak};
use core::cell::{Cell, RefCell};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::client::JsCognitoClient;
use super::credentials::credentials_to_js;
use super::error::to_js;
use crate::client::SessionEvent;
use crate::error::CognitoError;

/// The event names `on` accepts.
const NAMES: [&str; 7] = [
    "signedIn",
    "signedOut",
    "tokensRefreshed",
    "credentialsRefreshed",
    "sessionExpired",
    "refreshFailed",
    "deviceConfirmFailed",
];

/// The listeners of one client: `(id, event name, function)`.
#[derive(Default)]
pub struct Listeners {
    next_id: Cell<u32>,
    list: RefCell<Vec<(u32, &'static str, Function)>>,
}

impl Listeners {
    /// The one dispatch function: forgets signing secrets when a session
    /// ends or starts, then calls each listener of the event (a snapshot:
    /// a listener may subscribe or unsubscribe) with its argument. What a
    /// listener throws is ignored.
    pub fn dispatch(&self, event: &SessionEvent) {
        if matches!(
            event,
            SessionEvent::SignedIn | SessionEvent::SignedOut | SessionEvent::SessionExpired
        ) {
            forget_signing_secrets();
        }
        let name = event.name();
        let listeners: Vec<Function> = match self.list.try_borrow() {
            Ok(list) => list
                .iter()
                .filter(|(_, n, _)| *n == name)
                .map(|(_, _, f)| f.clone())
                .collect(),
            Err(_) => return,
        };
        if listeners.is_empty() {
            return;
        }
        let argument = match event {
            SessionEvent::CredentialsRefreshed(c) => credentials_to_js(c),
            SessionEvent::RefreshFailed(e) | SessionEvent::DeviceConfirmFailed(e) => {
                to_js((*e).clone())
            }
            _ => JsValue::UNDEFINED,
        };
        for listener in listeners {
            let _ = listener.call1(&JsValue::NULL, &argument);
        }
    }
}

/// Drops what signing kept of the last session: the session token held
/// for packed `signRequest` calls and the page's cached signing keys.
fn forget_signing_secrets() {
    super::sign::forget_session_token();
    super::shared().signer.forget_keys();
}

#[wasm_bindgen(js_class = CognitoClient)]
impl JsCognitoClient {
    /// Calls `listener` each time the event `name` happens: `signedIn`,
    /// `signedOut`, `tokensRefreshed`, `credentialsRefreshed` (with the new
    /// credentials), `sessionExpired` (the refresh token was refused),
    /// `refreshFailed` (with the `CognitoError`), `deviceConfirmFailed` (with
    /// the `CognitoError`: a sign-in succeeded but confirming its new device
    /// failed). Returns the function that
    /// removes it. Listeners run synchronously; what they throw is ignored.
    #[wasm_bindgen(unchecked_return_type = "() => void")]
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SessionEventName")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(argument?: unknown) => void")] listener: JsValue,
    ) -> Result<JsValue, JsValue> {
        let bad = |message: &str| to_js(CognitoError::invalid_parameter(message));
        let name = name
            .as_string()
            .and_then(|n| NAMES.into_iter().find(|known| *known == n))
            .ok_or_else(|| bad("on: unknown event name"))?;
        let listener: Function = listener
            .dyn_into()
            .map_err(|_| bad("on: the listener must be a function"))?;
        let listeners = &self.listeners;
        let id = listeners.next_id.get();
        listeners.next_id.set(id.wrapping_add(1));
        if let Ok(mut list) = listeners.list.try_borrow_mut() {
            list.push((id, name, listener));
        }
        let weak: Weak<Listeners> = Rc::downgrade(listeners);
        Ok(Closure::<dyn Fn()>::new(move || {
            if let Some(listeners) = weak.upgrade() {
                if let Ok(mut list) = listeners.list.try_borrow_mut() {
                    list.retain(|(i, _, _)| *i != id);
                }
            }
        })
        .into_js_value())
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Session events of `CognitoClient.on`. */
export type SessionEventName =
  | "signedIn" | "signedOut" | "tokensRefreshed" | "credentialsRefreshed" | "sessionExpired" | "refreshFailed"
  | "deviceConfirmFailed";
"#;
