//! The step 1 panel: the sign-in form, a challenge, or who is signed in,
//! depending on the session's phase.

use cognito_wasm::cognito::challenge::ChallengeAnswer;
use cognito_wasm::config::AuthFlow;
use cognito_wasm::CognitoError;
use yew::prelude::*;

use super::challenge_form::ChallengeForm;
use super::error_box::ErrorBox;
use super::session_bar::SessionBar;
use super::sign_in_form::{SignInForm, SignInRequest};
use crate::state::{Busy, Phase};

/// Properties of [`SignInPanel`].
#[derive(Properties, PartialEq)]
pub struct SignInPanelProps {
    /// Where the user is in signing in.
    pub phase: Phase,
    /// What is loading.
    pub busy: Option<Busy>,
    /// Flow preselected from the settings.
    pub flow: AuthFlow,
    /// Why signing in is not possible now, if so.
    pub blocked: Option<AttrValue>,
    /// Whether an identity pool is configured (guest needs one).
    pub has_identity_pool: bool,
    /// The last sign-in (or challenge) error.
    pub sign_in_error: Option<CognitoError>,
    /// The last remote sign-out error.
    pub sign_out_error: Option<CognitoError>,
    /// Sign in.
    pub on_sign_in: Callback<SignInRequest>,
    /// Continue as guest.
    pub on_guest: Callback<()>,
    /// Answer the challenge.
    pub on_answer: Callback<ChallengeAnswer>,
    /// Sign out (`true`: everywhere).
    pub on_sign_out: Callback<bool>,
}

/// "Sign in (user pool)": the form, the challenge or the session bar.
#[component]
pub fn SignInPanel(props: &SignInPanelProps) -> Html {
    let busy = props.busy;
    let on_sign_out = props.on_sign_out.clone();
    let on_cancel = on_sign_out.reform(|()| false);
    let area = match &props.phase {
        Phase::Challenge(step) => html! {
            <ChallengeForm key={step.challenge.clone()} step={step.clone()} busy={busy == Some(Busy::Challenge)}
                on_answer={props.on_answer.clone()} on_cancel={on_cancel} error={props.sign_in_error.clone()} />
        },
        Phase::SignedIn(user) => html! {
            <SessionBar label={format!("Signed in as {}", user.username)} user=true
                busy={busy == Some(Busy::SignOut)} on_sign_out={on_sign_out} />
        },
        Phase::Guest => html! {
            <SessionBar label="Guest: an unauthenticated identity of the identity pool (step 1 skipped)" user=false
                busy={busy == Some(Busy::SignOut)} on_sign_out={on_sign_out} />
        },
        Phase::SignedOut => html! {
            <>
                <SignInForm flow={props.flow} busy={busy == Some(Busy::SignIn)} guest_busy={busy == Some(Busy::Guest)}
                    blocked={props.blocked.clone()} has_identity_pool={props.has_identity_pool}
                    on_sign_in={props.on_sign_in.clone()} on_guest={props.on_guest.clone()} error={props.sign_in_error.clone()} />
                if busy == Some(Busy::SignOut) {
                    <p class="loading small" aria-live="polite">{ "Signing out (revoking the refresh token)…" }</p>
                }
                <ErrorBox error={props.sign_out_error.clone()} context="Signed out locally, but the remote call failed" />
            </>
        },
    };
    html! {
        <section class="panel" aria-labelledby="sign-in-title" aria-busy={matches!(busy, Some(Busy::SignIn | Busy::Challenge | Busy::Guest)).to_string()}>
            <h2 id="sign-in-title">{ "Sign in (user pool)" }</h2>
            { area }
        </section>
    }
}
