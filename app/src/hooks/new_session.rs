//! A new session's client, shared by the flows that start one (sign-in,
//! guest).

use std::rc::Rc;

use cognito_wasm::client::CognitoClient;
use cognito_wasm::session::storage::{KeyValueStore, MemoryStore};
use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::clock::local_now_ms;
use crate::recorder::RecordingPlatform;
use crate::request_log::LogAction;
use crate::session::ClientHandle;
use crate::settings::Settings;
use crate::state::{Action, AppState};

thread_local! {
    /// What the page's user sessions keep between them, in memory as the
    /// demo keeps sessions: a remembered device's secret (per user), so that
    /// the next sign-in in this page can skip MFA, and the live session's
    /// tokens (removed at sign-out).
    static PAGE_STORE: Rc<MemoryStore> = Rc::new(MemoryStore::new());
}

/// A client for a new session (`epoch`) that records into the log and
/// reports each arrival of credentials ([`Action::CredentialsArrived`]).
/// A user's session keeps what it stores in the page's store; a guest's
/// keeps nothing.
pub(super) fn new_session(
    settings: &Settings,
    epoch: u64,
    guest: bool,
    log: Callback<LogAction>,
    dispatcher: UseReducerDispatcher<AppState>,
) -> Result<ClientHandle, CognitoError> {
    let store = (!guest).then(|| PAGE_STORE.with(|s| Rc::clone(s) as Rc<dyn KeyValueStore>));
    let client = CognitoClient::new(settings.config(), RecordingPlatform::new(log), store)?;
    client.on_credentials(Some(Box::new(move |credentials| {
        let action = Action::CredentialsArrived {
            epoch,
            credentials: Box::new(credentials.clone()),
            at_ms: local_now_ms(),
        };
        let dispatcher = dispatcher.clone();
        // Re-render after the library's call returns, not inside it.
        spawn_local(async move { dispatcher.dispatch(action) });
    })));
    Ok(ClientHandle {
        client,
        epoch,
        guest,
    })
}
