//! Signing out: at once in the page, then the remote calls (revoking the
//! refresh token, or GlobalSignOut).

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// The sign-out action (`true`: everywhere, GlobalSignOut). Also cancels
/// a pending challenge (`false`).
#[hook]
pub fn use_sign_out(state: &UseReducerHandle<AppState>) -> Callback<bool> {
    let state = state.clone();
    Callback::from(move |global: bool| {
        let dispatcher = state.dispatcher();
        let next_epoch = state.epoch + 1;
        let client = state.client.clone();
        dispatcher.dispatch(Action::SignOut);
        spawn_local(async move {
            let error = match client {
                Some(handle) => handle.client.sign_out(global).await.err(),
                None => None,
            };
            dispatcher.dispatch(Action::SignOutDone {
                epoch: next_epoch,
                error,
            });
        });
    })
}
