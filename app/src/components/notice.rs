//! What a call just did, in words (a code sent, an attribute verified),
//! announced to screen readers.

use yew::prelude::*;

/// Properties of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The message, if any.
    pub text: Option<AttrValue>,
}

/// The message as a status line (nothing without one).
#[component]
pub fn Notice(props: &NoticeProps) -> Html {
    match &props.text {
        Some(text) => {
            html! { <p class="notice" role="status" data-testid="notice">{ text.clone() }</p> }
        }
        None => html! {},
    }
}
