//! Password reset: the user name to send a code to, then the code and the
//! new password.

use yew::prelude::*;

use super::input_value;
use crate::hooks::use_password_reset::ResetRequest;

/// Properties of [`ResetForm`].
#[derive(Properties, PartialEq)]
pub struct ResetFormProps {
    /// The user the code went to, once sent (then the code step shows).
    pub username: Option<AttrValue>,
    /// A call is running.
    pub busy: bool,
    /// ForgotPassword for this user name.
    pub on_send: Callback<String>,
    /// ConfirmForgotPassword.
    pub on_reset: Callback<ResetRequest>,
    /// Back to the links.
    pub on_cancel: Callback<()>,
}

/// Step one (user name) or two (code and new password).
#[component]
pub fn ResetForm(props: &ResetFormProps) -> Html {
    let username = use_state(String::new);
    let code = use_state(String::new);
    let new_password = use_state(String::new);
    let setter = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(input_value(&e)))
    };
    let onsubmit = {
        let (username, code, new_password) = (username.clone(), code.clone(), new_password.clone());
        let (on_send, on_reset) = (props.on_send.clone(), props.on_reset.clone());
        let sent = props.username.is_some();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if sent {
                on_reset.emit(ResetRequest {
                    code: code.trim().to_owned(),
                    new_password: (*new_password).clone(),
                });
            } else {
                on_send.emit(username.trim().to_owned());
            }
        })
    };
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let busy = props.busy;
    let fields = match &props.username {
        None => html! {
            <>
                <p class="muted small">{ "ForgotPassword sends a code to the user's verified email or phone; ConfirmForgotPassword sets the new password with it." }</p>
                <div class="field">
                    <label for="reset-username">{ "User name" }</label>
                    <input id="reset-username" data-testid="reset-username" type="text" autocomplete="username"
                        autocapitalize="none" spellcheck="false" value={(*username).clone()} oninput={setter(&username)} required=true />
                </div>
            </>
        },
        Some(user) => html! {
            <>
                <p class="muted small">{ format!("Resetting the password of {user}.") }</p>
                <div class="field">
                    <label for="reset-code">{ "Code" }</label>
                    <input id="reset-code" data-testid="reset-code" type="text" inputmode="numeric"
                        autocomplete="one-time-code" value={(*code).clone()} oninput={setter(&code)} required=true />
                </div>
                <div class="field">
                    <label for="reset-new-password">{ "New password" }</label>
                    <input id="reset-new-password" data-testid="reset-new-password" type="password" autocomplete="new-password"
                        value={(*new_password).clone()} oninput={setter(&new_password)} required=true />
                </div>
            </>
        },
    };
    let label = match (busy, props.username.is_some()) {
        (true, _) => "Sending…",
        (false, false) => "Send a code",
        (false, true) => "Reset and sign in",
    };
    html! {
        <form class="account-form" {onsubmit} aria-busy={busy.to_string()}>
            <h3>{ "Reset the password" }</h3>
            { fields }
            <div class="actions">
                <button type="submit" data-testid="reset-submit" disabled={busy}>{ label }</button>
                <button type="button" class="secondary" onclick={on_cancel} disabled={busy}>{ "Cancel" }</button>
            </div>
        </form>
    }
}
