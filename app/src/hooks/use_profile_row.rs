//! "My profile" flow: the user's row read when the session has
//! credentials, and saved on demand (then read back). Replies of an old
//! session are dropped.

use std::cell::RefCell;
use std::rc::Rc;

use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::profile_row::{self, Row};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// What the panel is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileBusy {
    /// Reading the row.
    Loading,
    /// Writing it.
    Saving,
}

/// What [`use_profile_row`] holds.
pub struct Profile {
    /// The row as last read (`Some(None)`: read, there is none).
    pub row: Option<Option<Rc<Row>>>,
    /// What is running.
    pub busy: Option<ProfileBusy>,
    /// Why the last call failed.
    pub error: Option<CognitoError>,
    /// Whether the last save succeeded (and was read back).
    pub saved: bool,
    /// Saves these `(attribute, text)` pairs into the row.
    pub save: Callback<Vec<(String, String)>>,
}

#[derive(Clone)]
struct Job {
    handle: ClientHandle,
    settings: Settings,
    identity_id: String,
    session: Rc<RefCell<Option<u64>>>,
    row: UseStateHandle<Option<Option<Rc<Row>>>>,
    busy: UseStateHandle<Option<ProfileBusy>>,
    error: UseStateHandle<Option<CognitoError>>,
}

impl Job {
    fn current(&self) -> bool {
        *self.session.borrow() == Some(self.handle.epoch)
    }

    /// Reads the row into `row`; whether it worked.
    async fn load(&self) -> bool {
        self.busy.set(Some(ProfileBusy::Loading));
        let result = profile_row::load(&self.handle, &self.settings, &self.identity_id).await;
        if !self.current() {
            return false;
        }
        self.busy.set(None);
        match result {
            Ok(row) => {
                self.row.set(Some(row.map(Rc::new)));
                true
            }
            Err(e) => {
                self.error.set(Some(e));
                false
            }
        }
    }
}

/// State and the save action of "My profile" for the session's client;
/// `identity_id` is the row's key (none until credentials arrive).
#[hook]
pub fn use_profile_row(
    client: Option<ClientHandle>,
    settings: &Settings,
    identity_id: Option<String>,
) -> Profile {
    let row = use_state(|| None::<Option<Rc<Row>>>);
    let busy = use_state(|| None::<ProfileBusy>);
    let error = use_state(|| None::<CognitoError>);
    let saved = use_state(|| false);
    let session = use_mut_ref(|| None::<u64>);

    let client = client.filter(|c| !c.guest && !settings.data.table.trim().is_empty());
    let job = match (&client, &identity_id) {
        (Some(handle), Some(id)) => Some(Job {
            handle: handle.clone(),
            settings: settings.clone(),
            identity_id: id.clone(),
            session: session.clone(),
            row: row.clone(),
            busy: busy.clone(),
            error: error.clone(),
        }),
        _ => None,
    };

    {
        let (row, busy, error, saved, session) = (
            row.clone(),
            busy.clone(),
            error.clone(),
            saved.clone(),
            session.clone(),
        );
        let job = job.clone();
        let key = (client.as_ref().map(|c| c.epoch), identity_id.clone());
        use_effect_with(key, move |(epoch, _)| {
            *session.borrow_mut() = *epoch;
            row.set(None);
            busy.set(None);
            error.set(None);
            saved.set(false);
            if let Some(job) = job {
                spawn_local(async move {
                    job.load().await;
                });
            }
        });
    }

    let save = {
        let (job, row, saved) = (job.clone(), row.clone(), saved.clone());
        Callback::from(move |fields: Vec<(String, String)>| {
            let Some(job) = job.clone() else { return };
            let current = (*row).clone().flatten();
            let edited =
                profile_row::edited(&job.settings, &job.identity_id, current.as_deref(), &fields);
            job.busy.set(Some(ProfileBusy::Saving));
            job.error.set(None);
            saved.set(false);
            let saved = saved.clone();
            spawn_local(async move {
                let result = profile_row::save(&job.handle, &job.settings, &edited).await;
                if !job.current() {
                    return;
                }
                job.busy.set(None);
                match result {
                    Err(e) => job.error.set(Some(e)),
                    // Read back: what the panel shows is what the table holds.
                    Ok(()) => saved.set(job.load().await),
                }
            });
        })
    };

    Profile {
        row: (*row).clone(),
        busy: *busy,
        error: (*error).clone(),
        saved: *saved,
        save,
    }
}
