//! The page: the session's state and flows (hooks) wired to the panels
//! (components), and the request log to the diagram and "How it works".

use yew::prelude::*;

use crate::components::account_panel::AccountPanel;
use crate::components::credentials_panel::CredentialsPanel;
use crate::components::data_panels::DataPanels;
use crate::components::how_it_works::HowItWorks;
use crate::components::outbox_panel::OutboxPanel;
use crate::components::pool_map_panel::PoolMapPanel;
use crate::components::profile_panel::ProfilePanel;
use crate::components::s3_browser::S3Browser;
use crate::components::security_panel::SecurityPanel;
use crate::components::settings_form::SettingsForm;
use crate::components::sign_in_panel::SignInPanel;
use crate::components::step_diagram::StepDiagram;
use crate::components::tokens_panel::TokensPanel;
use crate::hooks::use_challenge_answer::use_challenge_answer;
use crate::hooks::use_config_file::use_config_file;
use crate::hooks::use_credentials::use_credentials;
use crate::hooks::use_guest::use_guest;
use crate::hooks::use_sign_in::use_sign_in;
use crate::hooks::use_sign_out::use_sign_out;
use crate::request_log::{LogAction, RequestLog};
use crate::state::{Action, AppState, Area, Busy, Phase};

/// The demo page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let log = use_reducer(RequestLog::default);
    use_config_file(state.dispatcher());
    let credentials = use_credentials(&state);
    let log_callback = log.dispatcher().to_callback();
    let on_sign_in = use_sign_in(&state, log_callback.clone(), credentials.clone());
    let on_guest = use_guest(&state, log_callback.clone());
    let on_answer = use_challenge_answer(&state, credentials);
    let on_sign_out = use_sign_out(&state);

    let on_settings = {
        let dispatcher = state.dispatcher();
        Callback::from(move |settings| dispatcher.dispatch(Action::EditSettings { settings }))
    };
    let on_clear = {
        let dispatcher = log.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(LogAction::Clear))
    };

    let s = &*state;
    let busy = s.busy;
    let has_identity_pool = s.settings.has_identity_pool();
    let offset_ms = s
        .client
        .as_ref()
        .map_or(0.0, |h| h.client.skew().offset_ms());
    let signed_in_user = match &s.phase {
        Phase::SignedIn(user) => Some((**user).clone()),
        _ => None,
    };
    let session_client = s.client.clone().filter(|_| s.credentials.is_some());
    let user_client = s.client.clone().filter(|_| signed_in_user.is_some());
    let identity_id = s
        .credentials
        .as_ref()
        .map(|c| AttrValue::from(c.identity_id.clone()));

    html! {
        <>
            <a class="skip" href="#main">{ "Skip to the demo" }</a>
            <header class="top">
                <h1>{ "cognito-wasm demo" }</h1>
                <p>{ "Sign in to a Cognito user pool, trade the ID token for temporary AWS credentials at an identity pool, and list an S3 prefix with them, all from this page (Rust compiled to WebAssembly)." }</p>
            </header>
            <StepDiagram active={log.active_step()} signed_in={signed_in_user.is_some()} guest={s.phase == Phase::Guest}
                has_credentials={s.credentials.is_some()} aws_done={s.in_session() && log.aws_succeeded()} waiting={log.waiting_steps()} />
            <main id="main" class="layout">
                <div class="column">
                    <SignInPanel phase={s.phase.clone()} busy={busy} flow={s.settings.auth_flow}
                        blocked={s.sign_in_blocked().map(AttrValue::from)} has_identity_pool={has_identity_pool}
                        sign_in_error={s.error_in(Area::SignIn)} sign_out_error={s.error_in(Area::SignOut)}
                        on_sign_in={on_sign_in.clone()} on_guest={on_guest} on_answer={on_answer} on_sign_out={on_sign_out} />
                    if s.phase == Phase::SignedOut {
                        <AccountPanel settings={s.settings.clone()} blocked={s.sign_in_blocked().map(AttrValue::from)}
                            log={log_callback.clone()} on_sign_in={on_sign_in} />
                    }
                    if let Some(client) = user_client {
                        <ProfilePanel client={client.clone()} state={state.clone()} />
                        <SecurityPanel client={client} />
                    }
                    <OutboxPanel endpoint={s.settings.idp_endpoint.clone()} user_pool_id={s.settings.user_pool_id.clone()} />
                    if let Some(user) = signed_in_user {
                        <TokensPanel user={user} offset_ms={offset_ms} />
                    }
                    <CredentialsPanel credentials={s.credentials.clone()} guest={s.phase == Phase::Guest}
                        busy={matches!(busy, Some(Busy::Credentials | Busy::Guest))}
                        note={s.credentials_note.clone().map(AttrValue::from)} error={s.error_in(Area::Credentials)}
                        offset_ms={offset_ms} has_identity_pool={has_identity_pool} />
                </div>
                <div class="column">
                    <S3Browser client={session_client.clone()} settings={s.settings.clone()} />
                    <PoolMapPanel client={session_client.clone()} settings={s.settings.clone()} />
                    <SettingsForm settings={s.settings.clone()} on_change={on_settings} locked={s.in_session()} source={s.source.clone()} />
                </div>
            </main>
            <DataPanels client={session_client} settings={s.settings.clone()} identity_id={identity_id} />
            <HowItWorks log={log.clone()} on_clear={on_clear} />
            <footer class="foot muted small">
                { "Everything runs in this page: no server of ours sees the password, tokens or keys. Source: cognito-wasm (Rust → WebAssembly)." }
            </footer>
        </>
    }
}
