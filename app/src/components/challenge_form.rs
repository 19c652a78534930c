//! Step 1, continued: the screen for a challenge Cognito asks for (new
//! password, MFA code, MFA type, MFA set-up with an authenticator app).

use cognito_wasm::cognito::challenge::{ChallengeAnswer, NextStep};
use cognito_wasm::CognitoError;
use yew::prelude::*;

use super::error_box::ErrorBox;
use super::input_value;
use super::totp_qr::TotpQr;

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
        "MFA_SETUP" => "Set up an authenticator app",
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
    ) || (name == "MFA_SETUP" && props.step.totp_setup.is_some());
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
        "SMS_MFA" | "EMAIL_OTP" | "SOFTWARE_TOKEN_MFA" | "MFA_SETUP" if supported => {
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
                    if let Some(setup) = &props.step.totp_setup {
                        <p class="muted small">{ "The pool requires MFA and none is set up (MFA_SETUP): scan this in an authenticator app, then enter its code." }</p>
                        <TotpQr secret={setup.secret_code.clone()} uri={setup.uri.clone()} />
                    }
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
