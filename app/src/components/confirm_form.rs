//! The confirmation of a new user: the code Cognito sent, or a new one.

use yew::prelude::*;

use super::input_value;

/// Properties of [`ConfirmForm`].
#[derive(Properties, PartialEq)]
pub struct ConfirmFormProps {
    /// The user being confirmed.
    pub username: AttrValue,
    /// A call is running.
    pub busy: bool,
    /// ConfirmSignUp with the code.
    pub on_confirm: Callback<String>,
    /// ResendConfirmationCode.
    pub on_resend: Callback<()>,
    /// Back to the links.
    pub on_cancel: Callback<()>,
}

/// The code field, confirm and resend.
#[component]
pub fn ConfirmForm(props: &ConfirmFormProps) -> Html {
    let code = use_state(String::new);
    let onsubmit = {
        let code = code.clone();
        let on_confirm = props.on_confirm.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_confirm.emit(code.trim().to_owned());
        })
    };
    let on_code = {
        let code = code.clone();
        Callback::from(move |e: InputEvent| code.set(input_value(&e)))
    };
    let on_resend = props.on_resend.reform(|_: MouseEvent| ());
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form class="account-form" {onsubmit} aria-busy={props.busy.to_string()}>
            <h3>{ format!("Confirm {}", props.username) }</h3>
            <div class="field">
                <label for="confirm-code">{ "Confirmation code" }</label>
                <input id="confirm-code" data-testid="confirm-code" type="text" inputmode="numeric"
                    autocomplete="one-time-code" value={(*code).clone()} oninput={on_code} required=true />
            </div>
            <div class="actions">
                <button type="submit" data-testid="confirm-submit" disabled={props.busy}>
                    { if props.busy { "Sending…" } else { "Confirm and sign in" } }
                </button>
                <button type="button" class="secondary" data-testid="resend-code" onclick={on_resend} disabled={props.busy}>
                    { "Send a new code" }
                </button>
                <button type="button" class="link" onclick={on_cancel} disabled={props.busy}>{ "Cancel" }</button>
            </div>
        </form>
    }
}
