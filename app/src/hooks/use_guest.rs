//! Step 1 skipped: a guest session, credentials for the identity pool's
//! unauthenticated role.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::new_session::new_session;
use crate::clock::local_now_ms;
use crate::request_log::LogAction;
use crate::state::{Action, AppState, Area, Busy};

/// The guest action: starts a guest session and fetches its credentials.
#[hook]
pub fn use_guest(state: &UseReducerHandle<AppState>, log: Callback<LogAction>) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |()| {
        let dispatcher = state.dispatcher();
        let epoch = state.epoch + 1;
        let handle = match new_session(
            &state.settings,
            epoch,
            true,
            log.clone(),
            dispatcher.clone(),
        ) {
            Ok(h) => h,
            Err(error) => {
                return dispatcher.dispatch(Action::Failed {
                    epoch: state.epoch,
                    area: Area::SignIn,
                    error,
                })
            }
        };
        dispatcher.dispatch(Action::Start {
            handle: handle.clone(),
            busy: Busy::Guest,
        });
        spawn_local(async move {
            match handle.client.get_guest_credentials().await {
                Ok(credentials) => {
                    dispatcher.dispatch(Action::CredentialsArrived {
                        epoch,
                        credentials: Box::new(credentials),
                        at_ms: local_now_ms(),
                    });
                    dispatcher.dispatch(Action::GuestReady { epoch });
                }
                Err(error) => dispatcher.dispatch(Action::Failed {
                    epoch,
                    area: Area::SignIn,
                    error,
                }),
            }
        });
    })
}
