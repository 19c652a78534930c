//! Forgot password: a code to the user, then the new password with it,
//! then sign-in with the new password.

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::account_client::account_client;
use crate::account_screen::{sent_to, AccountScreen, AccountStatus};
use crate::components::sign_in_form::SignInRequest;
use crate::request_log::LogAction;
use crate::settings::Settings;

/// What the reset form submits in its second step.
#[derive(Clone, PartialEq)]
pub struct ResetRequest {
    /// The code the user received.
    pub code: String,
    /// The new password.
    pub new_password: String,
}

/// The password-reset flow's actions.
pub struct ResetActions {
    /// ForgotPassword for this user name.
    pub send: Callback<String>,
    /// ConfirmForgotPassword, then sign-in.
    pub reset: Callback<ResetRequest>,
}

/// The reset flow over the panel's `screen` and `status`; signs the user
/// in through `sign_in` with the new password.
#[hook]
pub fn use_password_reset(
    screen: &UseStateHandle<AccountScreen>,
    status: &UseStateHandle<AccountStatus>,
    settings: &Settings,
    log: &Callback<LogAction>,
    sign_in: &Callback<SignInRequest>,
) -> ResetActions {
    let send = {
        let (screen, status, settings, log) = (
            screen.clone(),
            status.clone(),
            settings.clone(),
            log.clone(),
        );
        Callback::from(move |username: String| {
            let client = match account_client(&settings, log.clone()) {
                Ok(c) => c,
                Err(e) => return status.set(AccountStatus::failed(e)),
            };
            status.set(AccountStatus::busy());
            let (screen, status) = (screen.clone(), status.clone());
            spawn_local(async move {
                match client.forgot_password(&username).await {
                    Ok(delivery) => {
                        status.set(AccountStatus::done(sent_to(delivery.as_ref())));
                        screen.set(AccountScreen::Reset { username, delivery });
                    }
                    Err(e) => status.set(AccountStatus::failed(e)),
                }
            });
        })
    };
    let reset = {
        let (screen, status, settings, log, sign_in) = (
            screen.clone(),
            status.clone(),
            settings.clone(),
            log.clone(),
            sign_in.clone(),
        );
        Callback::from(move |request: ResetRequest| {
            let AccountScreen::Reset { username, .. } = (*screen).clone() else {
                return;
            };
            let client = match account_client(&settings, log.clone()) {
                Ok(c) => c,
                Err(e) => return status.set(AccountStatus::failed(e)),
            };
            status.set(AccountStatus::busy());
            let (screen, status, sign_in) = (screen.clone(), status.clone(), sign_in.clone());
            let flow = settings.auth_flow;
            spawn_local(async move {
                let ResetRequest { code, new_password } = request;
                match client
                    .confirm_forgot_password(&username, &code, &new_password)
                    .await
                {
                    Ok(()) => {
                        status.set(AccountStatus::done("Password reset; signing in…"));
                        screen.set(AccountScreen::Closed);
                        sign_in.emit(SignInRequest {
                            username,
                            password: new_password,
                            flow,
                        });
                    }
                    Err(e) => status.set(AccountStatus::failed(e)),
                }
            });
        })
    };
    ResetActions { send, reset }
}
