//! A failed call shown as a message (never a crash), with a hint about
//! what the error usually means.

use cognito_wasm::CognitoError;
use yew::prelude::*;

use crate::error_hints::hint;

/// Properties of [`ErrorBox`].
#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    /// The error, if any.
    pub error: Option<CognitoError>,
    /// What was being done (`Sign-in failed`, `Listing failed`).
    pub context: AttrValue,
}

/// The error's name, message and hint, announced to screen readers.
#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    let Some(error) = &props.error else {
        return html! {};
    };
    html! {
        <div class="error" role="alert" data-testid="error">
            <strong>{ format!("{}: ", props.context) }</strong>
            <code class="error-name">{ error.name() }</code>
            { " — " }
            <span class="error-message">{ &error.message }</span>
            if let Some(h) = hint(error) {
                <p class="error-hint">{ h }</p>
            }
            if error.retryable {
                <p class="error-hint">{ "This may work if you try again." }</p>
            }
        </div>
    }
}
