//! Who is signed in (or that the session is a guest's), and sign-out.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`SessionBar`].
#[derive(Properties, PartialEq)]
pub struct SessionBarProps {
    /// `Signed in as alice` / `Guest`.
    pub label: AttrValue,
    /// A user (not a guest) is signed in: global sign-out is possible.
    pub user: bool,
    /// Sign-out is running.
    pub busy: bool,
    /// Signs out (`true`: everywhere, GlobalSignOut).
    pub on_sign_out: Callback<bool>,
}

/// Who is signed in, and the sign-out button.
#[component]
pub fn SessionBar(props: &SessionBarProps) -> Html {
    let global = use_state(|| false);
    let on_global = {
        let global = global.clone();
        Callback::from(move |e: Event| {
            global.set(e.target_unchecked_into::<HtmlInputElement>().checked());
        })
    };
    let onclick = {
        let global = global.clone();
        props.on_sign_out.reform(move |_: MouseEvent| *global)
    };
    html! {
        <div class="session-bar">
            <p class="who">{ &props.label }</p>
            <div class="actions">
                if props.user {
                    <label class="inline">
                        <input type="checkbox" checked={*global} onchange={on_global} />
                        { " everywhere (GlobalSignOut)" }
                    </label>
                }
                <button type="button" data-testid="sign-out" {onclick} disabled={props.busy}>
                    { if props.busy { "Signing out…" } else { "Sign out" } }
                </button>
            </div>
        </div>
    }
}
