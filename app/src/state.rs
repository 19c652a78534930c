//! The app's session state (who is signed in, credentials, what is
//! loading) and the actions that change it.

use std::rc::Rc;

use cognito_wasm::client::CurrentUser;
use cognito_wasm::cognito::challenge::NextStep;
use cognito_wasm::session::Credentials;
use cognito_wasm::CognitoError;
use yew::prelude::*;

use crate::format::utc_time;
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Where the user is in signing in.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nobody signed in.
    SignedOut,
    /// Signing in needs an answer to a challenge.
    Challenge(NextStep),
    /// A user is signed in.
    SignedIn(Box<CurrentUser>),
    /// Guest (unauthenticated identity).
    Guest,
}

/// What is loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Busy {
    /// Sign-in request(s).
    SignIn,
    /// Challenge answer.
    Challenge,
    /// Guest credentials.
    Guest,
    /// Credentials for the signed-in user.
    Credentials,
    /// Sign-out calls.
    SignOut,
}

/// Where an error is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Sign-in form (and challenge form).
    SignIn,
    /// Credentials panel.
    Credentials,
    /// Session bar (sign-out).
    SignOut,
}

/// Everything the top-level view shows.
#[derive(Clone, PartialEq)]
pub struct AppState {
    /// Current settings.
    pub settings: Settings,
    /// Where they came from.
    pub source: String,
    /// Whether the config file has been read.
    pub loaded: bool,
    /// The session's client.
    pub client: Option<ClientHandle>,
    /// Current session epoch.
    pub epoch: u64,
    /// Sign-in phase.
    pub phase: Phase,
    /// Latest credentials.
    pub credentials: Option<Credentials>,
    /// Said when the library renewed the credentials.
    pub credentials_note: Option<String>,
    /// What is loading.
    pub busy: Option<Busy>,
    /// The latest error and where it belongs.
    pub error: Option<(Area, CognitoError)>,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            source: "…".to_owned(),
            loaded: false,
            client: None,
            epoch: 0,
            phase: Phase::SignedOut,
            credentials: None,
            credentials_note: None,
            busy: None,
            error: None,
        }
    }
}

impl AppState {
    /// The error for `area`, if the latest error belongs there.
    pub fn error_in(&self, area: Area) -> Option<CognitoError> {
        self.error
            .as_ref()
            .filter(|(a, _)| *a == area)
            .map(|(_, e)| e.clone())
    }

    /// Whether a session (user, guest or pending challenge) is active.
    pub fn in_session(&self) -> bool {
        self.client.is_some()
    }

    /// Why signing in is not possible now (settings still loading, or
    /// refused by the library), if so.
    pub fn sign_in_blocked(&self) -> Option<String> {
        if !self.loaded {
            return Some("the settings are still loading".to_owned());
        }
        self.settings
            .problems()
            .into_iter()
            .find(|p| p.blocks_sign_in)
            .map(|p| p.message)
    }
}

/// Changes to [`AppState`]. Actions that carry an `epoch` are dropped
/// when it is not the current session's (a late reply of an old session).
pub enum Action {
    /// The config file was read.
    ConfigLoaded {
        /// The settings it holds.
        settings: Settings,
        /// Which file they came from (or why none was read).
        source: String,
    },
    /// The user edited the settings (ignored during a session).
    EditSettings {
        /// The edited settings.
        settings: Settings,
    },
    /// A new session starts with this client.
    Start {
        /// The new session's client (its epoch becomes the current one).
        handle: ClientHandle,
        /// What it is loading first.
        busy: Busy,
    },
    /// Something started loading in the current session.
    Busy {
        /// The session it belongs to.
        epoch: u64,
        /// What is loading.
        busy: Busy,
    },
    /// Sign-in finished.
    SignedIn {
        /// The session it belongs to.
        epoch: u64,
        /// Who signed in.
        user: Box<CurrentUser>,
    },
    /// The signed-in user's tokens were renewed (new claims).
    UserRefreshed {
        /// The session it belongs to.
        epoch: u64,
        /// The user with the renewed tokens' claims.
        user: Box<CurrentUser>,
    },
    /// Sign-in needs an answer.
    Challenge {
        /// The session it belongs to.
        epoch: u64,
        /// What Cognito asks for.
        step: NextStep,
    },
    /// Guest credentials arrived (the session is a guest's).
    GuestReady {
        /// The session it belongs to.
        epoch: u64,
    },
    /// The library handed out new credentials.
    CredentialsArrived {
        /// The session it belongs to.
        epoch: u64,
        /// The credentials.
        credentials: Box<Credentials>,
        /// When they arrived, local Unix ms.
        at_ms: f64,
    },
    /// A call failed.
    Failed {
        /// The session it belongs to.
        epoch: u64,
        /// Where the error is shown.
        area: Area,
        /// What failed.
        error: CognitoError,
    },
    /// Loading finished without a state change.
    Idle {
        /// The session it belongs to.
        epoch: u64,
    },
    /// Local sign-out (the remote calls may still run).
    SignOut,
    /// The remote sign-out calls ended.
    SignOutDone {
        /// The epoch that began with the sign-out.
        epoch: u64,
        /// Why a remote call failed, if one did.
        error: Option<CognitoError>,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = Rc::unwrap_or_clone(self);
        let current = s.epoch;
        match action {
            Action::ConfigLoaded { settings, source } => {
                s.settings = settings;
                s.source = source;
                s.loaded = true;
            }
            Action::EditSettings { settings } if !s.in_session() => {
                s.settings = settings;
            }
            Action::Start { handle, busy } => {
                s.epoch = handle.epoch;
                s.client = Some(handle);
                s.phase = Phase::SignedOut;
                s.credentials = None;
                s.credentials_note = None;
                s.busy = Some(busy);
                s.error = None;
            }
            Action::Busy { epoch, busy } if epoch == current => {
                s.busy = Some(busy);
                s.error = None;
            }
            Action::SignedIn { epoch, user } if epoch == current => {
                s.phase = Phase::SignedIn(user);
                s.busy = None;
                s.error = None;
            }
            Action::UserRefreshed { epoch, user } if epoch == current => {
                if matches!(&s.phase, Phase::SignedIn(old) if *old != user) {
                    s.phase = Phase::SignedIn(user);
                }
            }
            Action::Challenge { epoch, step } if epoch == current => {
                s.phase = Phase::Challenge(step);
                s.busy = None;
            }
            Action::GuestReady { epoch } if epoch == current => {
                s.phase = Phase::Guest;
                s.busy = None;
            }
            Action::CredentialsArrived {
                epoch,
                credentials,
                at_ms,
            } if epoch == current => {
                if let Some(previous) = &s.credentials {
                    if previous.access_key_id != credentials.access_key_id {
                        s.credentials_note = Some(format!(
                            "The library renewed the credentials at {} (the previous ones were to expire at {}).",
                            utc_time(at_ms),
                            utc_time(previous.expiration_ms)
                        ));
                    }
                }
                s.credentials = Some(*credentials);
            }
            Action::Failed { epoch, area, error } if epoch == current => {
                s.busy = None;
                s.error = Some((area, error));
                if area != Area::SignOut && s.phase == Phase::SignedOut {
                    // A failed first step (sign-in or guest) leaves no session behind.
                    s.client = None;
                    s.phase = Phase::SignedOut;
                    s.epoch += 1;
                }
            }
            Action::Idle { epoch } if epoch == current => {
                s.busy = None;
            }
            Action::SignOut => {
                s.epoch += 1;
                s.client = None;
                s.phase = Phase::SignedOut;
                s.credentials = None;
                s.credentials_note = None;
                s.busy = Some(Busy::SignOut);
                s.error = None;
            }
            Action::SignOutDone { epoch, error } if epoch == current => {
                s.busy = None;
                s.error = error.map(|e| (Area::SignOut, e));
            }
            _ => {}
        }
        Rc::new(s)
    }
}
