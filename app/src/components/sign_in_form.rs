//! Step 1: the sign-in form (user name and password, SRP or password
//! flow) and the guest button.

use cognito_wasm::config::AuthFlow;
use cognito_wasm::CognitoError;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::error_box::ErrorBox;
use super::input_value;

/// What the sign-in form submits.
#[derive(Clone, PartialEq)]
pub struct SignInRequest {
    /// User name (or alias).
    pub username: String,
    /// Password (never shown or logged).
    pub password: String,
    /// SRP or plain password flow.
    pub flow: AuthFlow,
}

/// Properties of [`SignInForm`].
#[derive(Properties, PartialEq)]
pub struct SignInProps {
    /// Flow preselected from the settings.
    pub flow: AuthFlow,
    /// A request is running.
    pub busy: bool,
    /// Guest credentials are loading.
    pub guest_busy: bool,
    /// Why signing in is not possible now (bad settings), if so.
    pub blocked: Option<AttrValue>,
    /// Whether an identity pool is configured (guest needs one).
    pub has_identity_pool: bool,
    /// Sign in.
    pub on_sign_in: Callback<SignInRequest>,
    /// Continue as guest.
    pub on_guest: Callback<()>,
    /// The last sign-in error.
    pub error: Option<CognitoError>,
}

/// User name, password, flow; guest button.
#[component]
pub fn SignInForm(props: &SignInProps) -> Html {
    let username = use_state(String::new);
    let password = use_state(String::new);
    let flow = use_state(|| props.flow);
    let onsubmit = {
        let (username, password, flow) = (username.clone(), password.clone(), flow.clone());
        let on_sign_in = props.on_sign_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_sign_in.emit(SignInRequest {
                username: (*username).clone(),
                password: (*password).clone(),
                flow: *flow,
            });
        })
    };
    let on_username = {
        let username = username.clone();
        Callback::from(move |e: InputEvent| username.set(input_value(&e)))
    };
    let on_password = {
        let password = password.clone();
        Callback::from(move |e: InputEvent| password.set(input_value(&e)))
    };
    let on_flow = {
        let flow = flow.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            flow.set(AuthFlow::parse(&select.value()).unwrap_or_default());
        })
    };
    let on_guest = props.on_guest.reform(|_: MouseEvent| ());
    let disabled = props.busy || props.guest_busy || props.blocked.is_some();
    html! {
        <>
            <form class="sign-in" {onsubmit} aria-busy={props.busy.to_string()}>
                <div class="field">
                    <label for="username">{ "User name" }</label>
                    <input id="username" data-testid="username" type="text" autocomplete="username"
                        autocapitalize="none" spellcheck="false" value={(*username).clone()} oninput={on_username} required=true />
                </div>
                <div class="field">
                    <label for="password">{ "Password" }</label>
                    <input id="password" data-testid="password" type="password" autocomplete="current-password"
                        value={(*password).clone()} oninput={on_password} required=true />
                </div>
                <div class="field">
                    <label for="flow">{ "How the password is proved" }</label>
                    <select id="flow" onchange={on_flow}>
                        <option value="USER_SRP_AUTH" selected={*flow == AuthFlow::UserSrpAuth}>{ "SRP (USER_SRP_AUTH): the password never leaves the page" }</option>
                        <option value="USER_PASSWORD_AUTH" selected={*flow == AuthFlow::UserPasswordAuth}>{ "Password (USER_PASSWORD_AUTH): sent to Cognito over TLS" }</option>
                    </select>
                </div>
                <div class="actions">
                    <button type="submit" data-testid="sign-in" disabled={disabled}>
                        { if props.busy { "Signing in…" } else { "Sign in" } }
                    </button>
                    <button type="button" class="secondary" data-testid="guest" onclick={on_guest}
                        disabled={disabled || !props.has_identity_pool}
                        title={(!props.has_identity_pool).then_some("needs an identity pool")}>
                        { if props.guest_busy { "Getting guest credentials…" } else { "Continue as guest" } }
                    </button>
                </div>
                if let Some(why) = &props.blocked {
                    <p class="warn small">{ format!("Fix the settings first: {why}") }</p>
                }
            </form>
            <ErrorBox error={props.error.clone()} context="Sign-in failed" />
        </>
    }
}
