//! Step 2 for a signed-in user: temporary AWS credentials from the
//! identity pool, and the user's renewed claims when they come with new
//! ones.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::clock::local_now_ms;
use crate::session::ClientHandle;
use crate::state::{Action, AppState, Area, Busy};

/// Follows credential renewals (new credentials may come with renewed
/// tokens, REFRESH_TOKEN_AUTH: the page shows the current claims) and
/// returns the action that fetches the signed-in user's credentials for a
/// session.
#[hook]
pub fn use_credentials(state: &UseReducerHandle<AppState>) -> Callback<ClientHandle> {
    {
        let (client, dispatcher) = (state.client.clone(), state.dispatcher());
        let key = state.credentials.as_ref().map(|c| c.access_key_id.clone());
        use_effect_with(key, move |_| {
            if let Some(handle) = client.filter(|h| !h.guest) {
                if let Some(user) = handle.client.current_user() {
                    dispatcher.dispatch(Action::UserRefreshed {
                        epoch: handle.epoch,
                        user: Box::new(user),
                    });
                }
            }
        });
    }
    let dispatcher = state.dispatcher();
    Callback::from(move |handle: ClientHandle| {
        let epoch = handle.epoch;
        dispatcher.dispatch(Action::Busy {
            epoch,
            busy: Busy::Credentials,
        });
        let dispatcher = dispatcher.clone();
        spawn_local(async move {
            match handle.client.get_credentials().await {
                Ok(credentials) => {
                    dispatcher.dispatch(Action::CredentialsArrived {
                        epoch,
                        credentials: Box::new(credentials),
                        at_ms: local_now_ms(),
                    });
                    dispatcher.dispatch(Action::Idle { epoch });
                }
                Err(error) => dispatcher.dispatch(Action::Failed {
                    epoch,
                    area: Area::Credentials,
                    error,
                }),
            }
        });
    })
}
