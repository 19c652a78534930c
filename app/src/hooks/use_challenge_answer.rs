//! Step 1, continued: answering the challenge Cognito asked for.

use cognito_wasm::cognito::challenge::ChallengeAnswer;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::use_sign_in::finish_sign_in;
use crate::session::ClientHandle;
use crate::state::{Action, AppState, Busy};

/// The answer action: sends it in the current session and reports how
/// sign-in went on (as after a sign-in).
#[hook]
pub fn use_challenge_answer(
    state: &UseReducerHandle<AppState>,
    credentials: Callback<ClientHandle>,
) -> Callback<ChallengeAnswer> {
    let state = state.clone();
    Callback::from(move |answer| {
        let Some(handle) = state.client.clone() else {
            return;
        };
        let dispatcher = state.dispatcher();
        dispatcher.dispatch(Action::Busy {
            epoch: handle.epoch,
            busy: Busy::Challenge,
        });
        let credentials = state
            .settings
            .has_identity_pool()
            .then(|| credentials.clone());
        spawn_local(async move {
            let result = handle.client.respond_to_challenge(answer).await;
            finish_sign_in(handle, result, dispatcher, credentials);
        });
    })
}
