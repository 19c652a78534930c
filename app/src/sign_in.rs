//! Step 1 forms: user name and password (SRP or password flow), guest,
//! the challenge screens (new password, MFA code) and sign-out.

use cognito_wasm::cognito::challenge::{ChallengeAnswer, NextStep};
use cognito_wasm::config::AuthFlow;
use cognito_wasm::CognitoError;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::error_box::ErrorBox;

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

fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
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

/// Properties of [`ChallengeForm`].
#[derive(Properties, PartialEq)]
pub struct ChallengeProps {
    /// What Cognito asks for.
    pub step: NextStep,
    /// The answer is being sent.
    pub busy: bool,
    /// Sends the answer.
    pub on_answer: Callback<ChallengeAnswer>,
    /// Gives up (local sign-out).
    pub on_cancel: Callback<()>,
    /// The last error.
    pub error: Option<CognitoError>,
}

fn challenge_title(name: &str) -> &'static str {
    match name {
        "NEW_PASSWORD_REQUIRED" => "Choose a new password",
        "SMS_MFA" => "Enter the code sent by SMS",
        "EMAIL_OTP" => "Enter the code sent by email",
        "SOFTWARE_TOKEN_MFA" => "Enter the code from your authenticator app",
        "SELECT_MFA_TYPE" => "Choose how to receive a code",
        _ => "Another step is needed",
    }
}

/// The screen for the pending challenge.
#[component]
pub fn ChallengeForm(props: &ChallengeProps) -> Html {
    let new_password = use_state(String::new);
    let code = use_state(String::new);
    let mfa_type = use_state(|| props.step.mfa_types.first().cloned().unwrap_or_default());
    let attributes = use_state(|| {
        props
            .step
            .required_attributes
            .iter()
            .map(|name| (name.clone(), String::new()))
            .collect::<Vec<_>>()
    });
    let name = props.step.challenge.clone();
    let onsubmit = {
        let (new_password, code, mfa_type, attributes) = (
            new_password.clone(),
            code.clone(),
            mfa_type.clone(),
            attributes.clone(),
        );
        let on_answer = props.on_answer.clone();
        let name = name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let answer = match name.as_str() {
                "NEW_PASSWORD_REQUIRED" => ChallengeAnswer {
                    new_password: Some((*new_password).clone()),
                    attributes: (*attributes).clone(),
                    ..ChallengeAnswer::default()
                },
                "SELECT_MFA_TYPE" => ChallengeAnswer {
                    mfa_type: Some((*mfa_type).clone()),
                    ..ChallengeAnswer::default()
                },
                _ => ChallengeAnswer {
                    code: Some((*code).clone()),
                    ..ChallengeAnswer::default()
                },
            };
            on_answer.emit(answer);
        })
    };
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let supported = matches!(
        name.as_str(),
        "NEW_PASSWORD_REQUIRED"
            | "SMS_MFA"
            | "EMAIL_OTP"
            | "SOFTWARE_TOKEN_MFA"
            | "SELECT_MFA_TYPE"
    );
    let body = match name.as_str() {
        "NEW_PASSWORD_REQUIRED" => {
            let on_new = {
                let new_password = new_password.clone();
                Callback::from(move |e: InputEvent| new_password.set(input_value(&e)))
            };
            let attribute_fields = attributes.iter().enumerate().map(|(i, (attr, value))| {
                let attributes = attributes.clone();
                let oninput = Callback::from(move |e: InputEvent| {
                    let mut next = (*attributes).clone();
                    if let Some(entry) = next.get_mut(i) {
                        entry.1 = input_value(&e);
                    }
                    attributes.set(next);
                });
                let id = format!("attr-{attr}");
                html! {
                    <div class="field">
                        <label for={id.clone()}>{ format!("{attr} (required by the pool)") }</label>
                        <input id={id} type="text" value={value.clone()} {oninput} required=true />
                    </div>
                }
            });
            html! {
                <>
                    <p class="muted small">{ "The user was created with a temporary password; Cognito asks for a new one (NEW_PASSWORD_REQUIRED)." }</p>
                    <div class="field">
                        <label for="new-password">{ "New password" }</label>
                        <input id="new-password" data-testid="new-password" type="password" autocomplete="new-password"
                            value={(*new_password).clone()} oninput={on_new} required=true />
                    </div>
                    { for attribute_fields }
                </>
            }
        }
        "SELECT_MFA_TYPE" => {
            let options = props.step.mfa_types.iter().map(|t| {
                let checked = *mfa_type == *t;
                let mfa_type = mfa_type.clone();
                let value = t.clone();
                let onchange = Callback::from(move |_: Event| mfa_type.set(value.clone()));
                let id = format!("mfa-{t}");
                html! {
                    <div class="choice">
                        <input type="radio" name="mfa-type" id={id.clone()} {checked} {onchange} />
                        <label for={id}>{ t }</label>
                    </div>
                }
            });
            html! { <fieldset><legend>{ "MFA type" }</legend>{ for options }</fieldset> }
        }
        "SMS_MFA" | "EMAIL_OTP" | "SOFTWARE_TOKEN_MFA" => {
            let on_code = {
                let code = code.clone();
                Callback::from(move |e: InputEvent| code.set(input_value(&e)))
            };
            let sent_to = props
                .step
                .code_delivery_destination
                .as_ref()
                .map(|d| format!("Sent to {d}."))
                .unwrap_or_default();
            html! {
                <>
                    <p class="muted small">{ sent_to }</p>
                    <div class="field">
                        <label for="mfa-code">{ "Code" }</label>
                        <input id="mfa-code" data-testid="mfa-code" type="text" inputmode="numeric"
                            autocomplete="one-time-code" value={(*code).clone()} oninput={on_code} required=true />
                    </div>
                </>
            }
        }
        other => html! {
            <p class="warn">{ format!("The challenge {other} is not supported by this demo; cancel and use another user.") }</p>
        },
    };
    html! {
        <>
            <form class="challenge" {onsubmit} aria-busy={props.busy.to_string()}>
                <h3>{ challenge_title(&name) }</h3>
                <p class="small"><code>{ &name }</code></p>
                { body }
                <div class="actions">
                    if supported {
                        <button type="submit" data-testid="submit-challenge" disabled={props.busy}>
                            { if props.busy { "Sending…" } else { "Continue" } }
                        </button>
                    }
                    <button type="button" class="secondary" onclick={on_cancel} disabled={props.busy}>{ "Cancel" }</button>
                </div>
            </form>
            <ErrorBox error={props.error.clone()} context="The answer was refused" />
        </>
    }
}

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
