//! Shown while signed out: the links to create an account or reset a
//! password, and the form of whichever is open. Both end signed in.

use yew::prelude::*;

use super::confirm_form::ConfirmForm;
use super::error_box::ErrorBox;
use super::notice::Notice;
use super::reset_form::ResetForm;
use super::sign_in_form::SignInRequest;
use super::sign_up_form::SignUpForm;
use crate::account_screen::{AccountScreen, AccountStatus};
use crate::hooks::use_password_reset::use_password_reset;
use crate::hooks::use_sign_up::use_sign_up;
use crate::request_log::LogAction;
use crate::settings::Settings;

/// Properties of [`AccountPanel`].
#[derive(Properties, PartialEq)]
pub struct AccountPanelProps {
    /// The pool and client the account calls go to.
    pub settings: Settings,
    /// Why no call can be made now (settings loading or refused), if so.
    pub blocked: Option<AttrValue>,
    /// Records the calls.
    pub log: Callback<LogAction>,
    /// Signs in once an account is confirmed or a password reset.
    pub on_sign_in: Callback<SignInRequest>,
}

/// Sign-up → confirmation (with a new code) → sign-in; forgot password →
/// reset → sign-in.
#[component]
pub fn AccountPanel(props: &AccountPanelProps) -> Html {
    let screen = use_state(AccountScreen::default);
    let status = use_state(AccountStatus::default);
    let sign_up = use_sign_up(
        &screen,
        &status,
        &props.settings,
        &props.log,
        &props.on_sign_in,
    );
    let reset = use_password_reset(
        &screen,
        &status,
        &props.settings,
        &props.log,
        &props.on_sign_in,
    );
    let open = |next: AccountScreen| {
        let (screen, status) = (screen.clone(), status.clone());
        Callback::from(move |()| {
            status.set(AccountStatus::default());
            screen.set(next.clone());
        })
    };
    let close: Callback<()> = open(AccountScreen::Closed);
    let busy = status.busy;
    let form = match &*screen {
        AccountScreen::Closed => html! {
            <div class="actions">
                <button type="button" class="link" data-testid="sign-up-link" onclick={open(AccountScreen::SignUp).reform(|_: MouseEvent| ())}
                    disabled={props.blocked.is_some()}>{ "Create an account" }</button>
                <button type="button" class="link" data-testid="forgot-password-link" onclick={open(AccountScreen::Forgot).reform(|_: MouseEvent| ())}
                    disabled={props.blocked.is_some()}>{ "Forgot your password?" }</button>
            </div>
        },
        AccountScreen::SignUp => html! {
            <SignUpForm busy={busy} on_submit={sign_up.sign_up} on_cancel={close} />
        },
        AccountScreen::Confirm { username, .. } => html! {
            <ConfirmForm username={username.clone()} busy={busy} on_confirm={sign_up.confirm}
                on_resend={sign_up.resend} on_cancel={close} />
        },
        AccountScreen::Forgot => html! {
            <ResetForm username={None::<AttrValue>} busy={busy} on_send={reset.send} on_reset={reset.reset} on_cancel={close} />
        },
        AccountScreen::Reset { username, .. } => html! {
            <ResetForm username={AttrValue::from(username.clone())} busy={busy} on_send={reset.send} on_reset={reset.reset} on_cancel={close} />
        },
    };
    html! {
        <section class="panel account" aria-labelledby="account-title" aria-busy={busy.to_string()}>
            <h2 id="account-title">{ "Account" }</h2>
            { form }
            <Notice text={status.notice.clone().map(AttrValue::from)} />
            <ErrorBox error={status.error.clone()} context="The account call failed" />
        </section>
    }
}
