//! A new session's client, shared by the flows that start one (sign-in,
//! guest).

use cognito_wasm::client::CognitoClient;
use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::clock::local_now_ms;
use crate::recorder::RecordingPlatform;
use crate::request_log::LogAction;
use crate::session::ClientHandle;
use crate::settings::Settings;
use crate::state::{Action, AppState};

/// A client for a new session (`epoch`) that records into the log and
/// reports each arrival of credentials ([`Action::CredentialsArrived`]).
pub(super) fn new_session(
    settings: &Settings,
    epoch: u64,
    guest: bool,
    log: Callback<LogAction>,
    dispatcher: UseReducerDispatcher<AppState>,
) -> Result<ClientHandle, CognitoError> {
    let client = CognitoClient::new(settings.config(), RecordingPlatform::new(log), None)?;
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
