//! Sign-up, its confirmation code (and a new one), then sign-in with the
//! password just chosen.

use cognito_wasm::cognito::sign_up::SignUp;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::account_client::account_client;
use crate::account_screen::{sent_to, AccountScreen, AccountStatus};
use crate::components::sign_in_form::SignInRequest;
use crate::request_log::LogAction;
use crate::settings::Settings;

/// What the sign-up form submits.
#[derive(Clone, PartialEq)]
pub struct SignUpRequest {
    /// The new user name.
    pub username: String,
    /// The email address (the `email` attribute, where the code goes).
    pub email: String,
    /// The password (kept in memory only until the sign-in that follows).
    pub password: String,
}

/// The sign-up flow's actions.
pub struct SignUpActions {
    /// SignUp, then the confirmation screen (or sign-in when the pool
    /// confirmed the user already).
    pub sign_up: Callback<SignUpRequest>,
    /// ConfirmSignUp with this code, then sign-in.
    pub confirm: Callback<String>,
    /// ResendConfirmationCode.
    pub resend: Callback<()>,
}

/// The sign-up flow over the panel's `screen` and `status`; signs the new
/// user in through `sign_in` once confirmed.
#[hook]
pub fn use_sign_up(
    screen: &UseStateHandle<AccountScreen>,
    status: &UseStateHandle<AccountStatus>,
    settings: &Settings,
    log: &Callback<LogAction>,
    sign_in: &Callback<SignInRequest>,
) -> SignUpActions {
    // The password between SignUp and the sign-in after ConfirmSignUp.
    let password = use_mut_ref(String::new);
    let sign_up = {
        let (screen, status, settings, log, sign_in, password) = (
            screen.clone(),
            status.clone(),
            settings.clone(),
            log.clone(),
            sign_in.clone(),
            password.clone(),
        );
        Callback::from(move |request: SignUpRequest| {
            let client = match account_client(&settings, log.clone()) {
                Ok(c) => c,
                Err(e) => return status.set(AccountStatus::failed(e)),
            };
            status.set(AccountStatus::busy());
            let input = SignUp {
                username: request.username.clone(),
                password: request.password.clone(),
                attributes: vec![("email".to_owned(), request.email.clone())],
                ..SignUp::default()
            };
            let (screen, status, sign_in, password) = (
                screen.clone(),
                status.clone(),
                sign_in.clone(),
                password.clone(),
            );
            let flow = settings.auth_flow;
            spawn_local(async move {
                match client.sign_up(&input).await {
                    Ok(result) if result.user_confirmed => {
                        status.set(AccountStatus::done(
                            "Signed up (the pool confirmed the user); signing in…",
                        ));
                        screen.set(AccountScreen::Closed);
                        sign_in.emit(SignInRequest {
                            username: request.username,
                            password: request.password,
                            flow,
                        });
                    }
                    Ok(result) => {
                        *password.borrow_mut() = request.password;
                        status.set(AccountStatus::done(sent_to(result.code_delivery.as_ref())));
                        screen.set(AccountScreen::Confirm {
                            username: request.username,
                            delivery: result.code_delivery,
                        });
                    }
                    Err(e) => status.set(AccountStatus::failed(e)),
                }
            });
        })
    };
    let confirm = {
        let (screen, status, settings, log, sign_in) = (
            screen.clone(),
            status.clone(),
            settings.clone(),
            log.clone(),
            sign_in.clone(),
        );
        Callback::from(move |code: String| {
            let AccountScreen::Confirm { username, .. } = (*screen).clone() else {
                return;
            };
            let client = match account_client(&settings, log.clone()) {
                Ok(c) => c,
                Err(e) => return status.set(AccountStatus::failed(e)),
            };
            status.set(AccountStatus::busy());
            let (screen, status, sign_in, password) = (
                screen.clone(),
                status.clone(),
                sign_in.clone(),
                password.clone(),
            );
            let flow = settings.auth_flow;
            spawn_local(async move {
                match client.confirm_sign_up(&username, &code).await {
                    Ok(()) => {
                        let password = std::mem::take(&mut *password.borrow_mut());
                        status.set(AccountStatus::done("Account confirmed; signing in…"));
                        screen.set(AccountScreen::Closed);
                        sign_in.emit(SignInRequest {
                            username,
                            password,
                            flow,
                        });
                    }
                    Err(e) => status.set(AccountStatus::failed(e)),
                }
            });
        })
    };
    let resend = {
        let (screen, status, settings, log) = (
            screen.clone(),
            status.clone(),
            settings.clone(),
            log.clone(),
        );
        Callback::from(move |()| {
            let AccountScreen::Confirm { username, .. } = (*screen).clone() else {
                return;
            };
            let client = match account_client(&settings, log.clone()) {
                Ok(c) => c,
                Err(e) => return status.set(AccountStatus::failed(e)),
            };
            status.set(AccountStatus::busy());
            let (screen, status) = (screen.clone(), status.clone());
            spawn_local(async move {
                match client.resend_sign_up_code(&username).await {
                    Ok(delivery) => {
                        status.set(AccountStatus::done(format!(
                            "A new code: {}",
                            sent_to(delivery.as_ref())
                        )));
                        screen.set(AccountScreen::Confirm { username, delivery });
                    }
                    Err(e) => status.set(AccountStatus::failed(e)),
                }
            });
        })
    };
    SignUpActions {
        sign_up,
        confirm,
        resend,
    }
}
