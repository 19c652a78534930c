//! The sign-up form: user name, email (where the code goes) and password.

use yew::prelude::*;

use super::input_value;
use crate::hooks::use_sign_up::SignUpRequest;

/// Properties of [`SignUpForm`].
#[derive(Properties, PartialEq)]
pub struct SignUpFormProps {
    /// A call is running.
    pub busy: bool,
    /// Signs up.
    pub on_submit: Callback<SignUpRequest>,
    /// Back to the links.
    pub on_cancel: Callback<()>,
}

/// User name, email, password; SignUp on submit.
#[component]
pub fn SignUpForm(props: &SignUpFormProps) -> Html {
    let username = use_state(String::new);
    let email = use_state(String::new);
    let password = use_state(String::new);
    let onsubmit = {
        let (username, email, password) = (username.clone(), email.clone(), password.clone());
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_submit.emit(SignUpRequest {
                username: username.trim().to_owned(),
                email: email.trim().to_owned(),
                password: (*password).clone(),
            });
        })
    };
    let setter = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(input_value(&e)))
    };
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form class="account-form" {onsubmit} aria-busy={props.busy.to_string()}>
            <h3>{ "Create an account" }</h3>
            <p class="muted small">{ "SignUp registers the user; Cognito sends a code to the email address (ConfirmSignUp follows)." }</p>
            <div class="field">
                <label for="sign-up-username">{ "User name" }</label>
                <input id="sign-up-username" data-testid="sign-up-username" type="text" autocomplete="username"
                    autocapitalize="none" spellcheck="false" value={(*username).clone()} oninput={setter(&username)} required=true />
            </div>
            <div class="field">
                <label for="sign-up-email">{ "Email" }</label>
                <input id="sign-up-email" data-testid="sign-up-email" type="email" autocomplete="email"
                    value={(*email).clone()} oninput={setter(&email)} required=true />
            </div>
            <div class="field">
                <label for="sign-up-password">{ "Password" }</label>
                <input id="sign-up-password" data-testid="sign-up-password" type="password" autocomplete="new-password"
                    value={(*password).clone()} oninput={setter(&password)} required=true />
            </div>
            <div class="actions">
                <button type="submit" data-testid="sign-up-submit" disabled={props.busy}>
                    { if props.busy { "Signing up…" } else { "Sign up" } }
                </button>
                <button type="button" class="secondary" onclick={on_cancel} disabled={props.busy}>{ "Cancel" }</button>
            </div>
        </form>
    }
}
