//! Step 1: signing in with a user name and password (a new session), and
//! what happens once Cognito answers.

use cognito_wasm::client::SignInResult;
use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::new_session::new_session;
use crate::components::sign_in_form::SignInRequest;
use crate::request_log::LogAction;
use crate::session::ClientHandle;
use crate::state::{Action, AppState, Area, Busy};

/// The sign-in action: starts a session with the chosen flow, signs in,
/// then (with an identity pool) fetches credentials through
/// `credentials`.
#[hook]
pub fn use_sign_in(
    state: &UseReducerHandle<AppState>,
    log: Callback<LogAction>,
    credentials: Callback<ClientHandle>,
) -> Callback<SignInRequest> {
    let state = state.clone();
    Callback::from(move |request: SignInRequest| {
        let dispatcher = state.dispatcher();
        let mut settings = state.settings.clone();
        settings.auth_flow = request.flow;
        let epoch = state.epoch + 1;
        let handle = match new_session(&settings, epoch, false, log.clone(), dispatcher.clone()) {
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
            busy: Busy::SignIn,
        });
        let credentials = settings.has_identity_pool().then(|| credentials.clone());
        spawn_local(async move {
            let result = handle
                .client
                .sign_in(&request.username, &request.password)
                .await;
            finish_sign_in(handle, result, dispatcher, credentials);
        });
    })
}

/// After sign-in or a challenge answer: the user, a challenge or an
/// error; once signed in, the credentials (step 2) right away when
/// `credentials` is given.
pub(super) fn finish_sign_in(
    handle: ClientHandle,
    result: Result<SignInResult, CognitoError>,
    dispatcher: UseReducerDispatcher<AppState>,
    credentials: Option<Callback<ClientHandle>>,
) {
    let epoch = handle.epoch;
    // A new device whose confirmation's outcome was left unknown (a lost
    // reply, a timeout) is forgotten, so that no orphan stays in the pool.
    let client = handle.client.clone();
    spawn_local(async move { client.forget_abandoned_device().await });
    match result {
        Ok(SignInResult::SignedIn) => {
            let Some(user) = handle.client.current_user() else {
                let error = CognitoError::invalid_response(
                    "signed in, but the tokens have no readable claims",
                );
                dispatcher.dispatch(Action::Failed {
                    epoch,
                    area: Area::SignIn,
                    error,
                });
                return;
            };
            dispatcher.dispatch(Action::SignedIn {
                epoch,
                user: Box::new(user),
            });
            if let Some(credentials) = credentials {
                credentials.emit(handle);
            }
        }
        Ok(SignInResult::NextStep(step)) => dispatcher.dispatch(Action::Challenge { epoch, step }),
        Err(error) => dispatcher.dispatch(Action::Failed {
            epoch,
            area: Area::SignIn,
            error,
        }),
    }
}
