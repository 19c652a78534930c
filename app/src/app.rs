//! The page: wires the session (sign-in, challenge, guest, sign-out) to the
//! panels, and the request log to the diagram and "How it works".

use cognito_wasm::client::{CognitoClient, SignInResult};
use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::config_file;
use crate::countdown::local_now_ms;
use crate::credentials::CredentialsPanel;
use crate::error_box::ErrorBox;
use crate::how_it_works::{HowItWorks, StepDiagram};
use crate::pool_map::PoolMapPanel;
use crate::recorder::RecordingPlatform;
use crate::request_log::{LogAction, RequestLog, Step};
use crate::s3_browser::S3Browser;
use crate::settings::{Settings, SettingsForm};
use crate::sign_in::{ChallengeForm, SessionBar, SignInForm, SignInRequest};
use crate::state::{Action, AppState, Area, Busy, ClientHandle, Phase};
use crate::tokens::TokensPanel;

type Dispatcher = UseReducerDispatcher<AppState>;

/// A client for a new session (`epoch`) that records into the log and
/// reports each arrival of credentials.
fn new_session(
    settings: &Settings,
    epoch: u64,
    guest: bool,
    log: Callback<LogAction>,
    dispatcher: Dispatcher,
) -> Result<ClientHandle, CognitoError> {
    let client = CognitoClient::new(settings.config(), RecordingPlatform::new(log), None)?;
    client.on_credentials(Some(Box::new(move |credentials| {
        let action =
            Action::CredentialsArrived(epoch, Box::new(credentials.clone()), local_now_ms());
        let dispatcher = dispatcher.clone();
        // Re-render after the library's call returns, not inside it.
        spawn_local(async move { dispatcher.dispatch(action) });
    })));
    Ok(ClientHandle {
        client,
        epoch,
        guest,
    })
}

/// After sign-in or a challenge answer: the user, a challenge or an
/// error; once signed in, the credentials (step 2) right away.
async fn finish_sign_in(
    handle: ClientHandle,
    result: Result<SignInResult, CognitoError>,
    dispatcher: Dispatcher,
    want_credentials: bool,
) {
    let epoch = handle.epoch;
    match result {
        Ok(SignInResult::SignedIn) => {
            let Some(user) = handle.client.current_user() else {
                let e = CognitoError::invalid_response(
                    "signed in, but the tokens have no readable claims",
                );
                dispatcher.dispatch(Action::Failed(epoch, Area::SignIn, e));
                return;
            };
            dispatcher.dispatch(Action::SignedIn(epoch, Box::new(user)));
            if want_credentials {
                dispatcher.dispatch(Action::Busy(epoch, Busy::Credentials));
                match handle.client.get_credentials().await {
                    Ok(credentials) => {
                        dispatcher.dispatch(Action::CredentialsArrived(
                            epoch,
                            Box::new(credentials),
                            local_now_ms(),
                        ));
                        dispatcher.dispatch(Action::Idle(epoch));
                    }
                    Err(e) => dispatcher.dispatch(Action::Failed(epoch, Area::Credentials, e)),
                }
            }
        }
        Ok(SignInResult::NextStep(step)) => dispatcher.dispatch(Action::Challenge(epoch, step)),
        Err(e) => dispatcher.dispatch(Action::Failed(epoch, Area::SignIn, e)),
    }
}

/// The demo page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let log = use_reducer(RequestLog::default);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let loaded = config_file::load().await;
                dispatcher.dispatch(Action::ConfigLoaded(loaded.settings, loaded.source));
            });
        });
    }

    // New credentials may come with renewed tokens (REFRESH_TOKEN_AUTH):
    // show the current claims.
    {
        let (client, dispatcher) = (state.client.clone(), state.dispatcher());
        let key = state.credentials.as_ref().map(|c| c.access_key_id.clone());
        use_effect_with(key, move |_| {
            if let Some(handle) = client.filter(|h| !h.guest) {
                if let Some(user) = handle.client.current_user() {
                    dispatcher.dispatch(Action::UserRefreshed(handle.epoch, Box::new(user)));
                }
            }
        });
    }

    let log_callback = log.dispatcher().to_callback();
    let has_identity_pool = state.settings.has_identity_pool();

    let on_sign_in = {
        let (state, log_callback) = (state.clone(), log_callback.clone());
        Callback::from(move |request: SignInRequest| {
            let dispatcher = state.dispatcher();
            let mut settings = state.settings.clone();
            settings.auth_flow = request.flow;
            let epoch = state.epoch + 1;
            let handle = match new_session(
                &settings,
                epoch,
                false,
                log_callback.clone(),
                dispatcher.clone(),
            ) {
                Ok(h) => h,
                Err(e) => return dispatcher.dispatch(Action::Failed(state.epoch, Area::SignIn, e)),
            };
            dispatcher.dispatch(Action::Start(handle.clone(), Busy::SignIn));
            let want_credentials = settings.has_identity_pool();
            spawn_local(async move {
                let result = handle
                    .client
                    .sign_in(&request.username, &request.password)
                    .await;
                finish_sign_in(handle, result, dispatcher, want_credentials).await;
            });
        })
    };

    let on_guest = {
        let (state, log_callback) = (state.clone(), log_callback.clone());
        Callback::from(move |()| {
            let dispatcher = state.dispatcher();
            let epoch = state.epoch + 1;
            let handle = match new_session(
                &state.settings,
                epoch,
                true,
                log_callback.clone(),
                dispatcher.clone(),
            ) {
                Ok(h) => h,
                Err(e) => return dispatcher.dispatch(Action::Failed(state.epoch, Area::SignIn, e)),
            };
            dispatcher.dispatch(Action::Start(handle.clone(), Busy::Guest));
            spawn_local(async move {
                match handle.client.get_guest_credentials().await {
                    Ok(credentials) => {
                        dispatcher.dispatch(Action::CredentialsArrived(
                            epoch,
                            Box::new(credentials),
                            local_now_ms(),
                        ));
                        dispatcher.dispatch(Action::GuestReady(epoch));
                    }
                    Err(e) => dispatcher.dispatch(Action::Failed(epoch, Area::SignIn, e)),
                }
            });
        })
    };

    let on_answer = {
        let state = state.clone();
        Callback::from(move |answer| {
            let Some(handle) = state.client.clone() else {
                return;
            };
            let dispatcher = state.dispatcher();
            dispatcher.dispatch(Action::Busy(handle.epoch, Busy::Challenge));
            let want_credentials = state.settings.has_identity_pool();
            spawn_local(async move {
                let result = handle.client.respond_to_challenge(answer).await;
                finish_sign_in(handle, result, dispatcher, want_credentials).await;
            });
        })
    };

    let on_sign_out = {
        let state = state.clone();
        Callback::from(move |global: bool| {
            let dispatcher = state.dispatcher();
            let next_epoch = state.epoch + 1;
            let client = state.client.clone();
            dispatcher.dispatch(Action::SignOut);
            spawn_local(async move {
                let error = match client {
                    Some(handle) => handle.client.sign_out(global).await.err(),
                    None => None,
                };
                dispatcher.dispatch(Action::SignOutDone(next_epoch, error));
            });
        })
    };
    let on_cancel = on_sign_out.reform(|()| false);

    let on_settings = {
        let dispatcher = state.dispatcher();
        Callback::from(move |settings| dispatcher.dispatch(Action::EditSettings(settings)))
    };
    let on_clear = {
        let dispatcher = log.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(LogAction::Clear))
    };

    let s = &*state;
    let busy = s.busy;
    let offset_ms = s
        .client
        .as_ref()
        .map_or(0.0, |h| h.client.skew().offset_ms());
    let blocked: Option<AttrValue> = if !s.loaded {
        Some("the settings are still loading".into())
    } else {
        s.settings
            .problems()
            .into_iter()
            .find(|p| p.blocks_sign_in)
            .map(|p| p.message.into())
    };

    let sign_in_area = match &s.phase {
        Phase::Challenge(step) => html! {
            <ChallengeForm key={step.challenge.clone()} step={step.clone()} busy={busy == Some(Busy::Challenge)}
                on_answer={on_answer} on_cancel={on_cancel} error={s.error_in(Area::SignIn)} />
        },
        Phase::SignedIn(user) => html! {
            <SessionBar label={format!("Signed in as {}", user.username)} user=true
                busy={busy == Some(Busy::SignOut)} on_sign_out={on_sign_out.clone()} />
        },
        Phase::Guest => html! {
            <SessionBar label="Guest: an unauthenticated identity of the identity pool (step 1 skipped)" user=false
                busy={busy == Some(Busy::SignOut)} on_sign_out={on_sign_out.clone()} />
        },
        Phase::SignedOut => html! {
            <>
                <SignInForm flow={s.settings.auth_flow} busy={busy == Some(Busy::SignIn)} guest_busy={busy == Some(Busy::Guest)}
                    blocked={blocked.clone()} has_identity_pool={has_identity_pool}
                    on_sign_in={on_sign_in} on_guest={on_guest} error={s.error_in(Area::SignIn)} />
                if busy == Some(Busy::SignOut) {
                    <p class="loading small" aria-live="polite">{ "Signing out (revoking the refresh token)…" }</p>
                }
                <ErrorBox error={s.error_in(Area::SignOut)} context="Signed out locally, but the remote call failed" />
            </>
        },
    };

    let waiting: Vec<Step> = [Step::UserPool, Step::IdentityPool, Step::Aws]
        .into_iter()
        .filter(|step| log.pending(*step))
        .collect();
    let active = log
        .entries
        .iter()
        .rev()
        .find(|e| e.outcome.is_none())
        .map(|e| e.step)
        .or_else(|| log.latest_step())
        .unwrap_or(Step::UserPool);
    let aws_done = s.in_session()
        && log.entries.iter().any(|e| {
            e.step == Step::Aws
                && e.outcome
                    .as_ref()
                    .and_then(|o| o.status)
                    .is_some_and(|status| (200..300).contains(&status))
        });
    let signed_in_user = match &s.phase {
        Phase::SignedIn(user) => Some((**user).clone()),
        _ => None,
    };

    html! {
        <>
            <a class="skip" href="#main">{ "Skip to the demo" }</a>
            <header class="top">
                <h1>{ "cognito-wasm demo" }</h1>
                <p>{ "Sign in to a Cognito user pool, trade the ID token for temporary AWS credentials at an identity pool, and list an S3 prefix with them, all from this page (Rust compiled to WebAssembly)." }</p>
            </header>
            <StepDiagram active={active} signed_in={signed_in_user.is_some()} guest={s.phase == Phase::Guest}
                has_credentials={s.credentials.is_some()} aws_done={aws_done} waiting={waiting} />
            <main id="main" class="layout">
                <div class="column">
                    <section class="panel" aria-labelledby="sign-in-title" aria-busy={matches!(busy, Some(Busy::SignIn | Busy::Challenge | Busy::Guest)).to_string()}>
                        <h2 id="sign-in-title">{ "Sign in (user pool)" }</h2>
                        { sign_in_area }
                    </section>
                    if let Some(user) = signed_in_user {
                        <TokensPanel user={user} offset_ms={offset_ms} />
                    }
                    <CredentialsPanel credentials={s.credentials.clone()} guest={s.phase == Phase::Guest}
                        busy={matches!(busy, Some(Busy::Credentials | Busy::Guest))}
                        note={s.credentials_note.clone().map(AttrValue::from)} error={s.error_in(Area::Credentials)}
                        offset_ms={offset_ms} has_identity_pool={has_identity_pool} />
                </div>
                <div class="column">
                    <S3Browser client={s.client.clone().filter(|_| s.credentials.is_some())} settings={s.settings.clone()} />
                    <PoolMapPanel client={s.client.clone().filter(|_| s.credentials.is_some())} settings={s.settings.clone()} />
                    <SettingsForm settings={s.settings.clone()} on_change={on_settings} locked={s.in_session()} source={s.source.clone()} />
                </div>
            </main>
            <HowItWorks log={log.clone()} on_clear={on_clear} />
            <footer class="foot muted small">
                { "Everything runs in this page: no server of ours sees the password, tokens or keys. Source: cognito-wasm (Rust → WebAssembly)." }
            </footer>
        </>
    }
}
