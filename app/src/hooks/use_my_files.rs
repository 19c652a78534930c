//! "My files" flow: the user's folder listed when the session has
//! credentials, and upload (with progress), download and delete, each
//! listing the folder again after a change. Replies of an old session are
//! dropped.

use std::cell::RefCell;
use std::rc::Rc;

use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::data_settings::own_folder;
use crate::session::ClientHandle;
use crate::settings::Settings;
use crate::user_files::{self, FileRow};

/// What the panel is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilesBusy {
    /// Listing the folder.
    Listing,
    /// Uploading a file.
    Uploading,
    /// Downloading a file.
    Downloading,
    /// Deleting a file.
    Deleting,
}

/// What [`use_my_files`] holds.
pub struct MyFiles {
    /// The folder (`private/<identity id>/`), once there are credentials.
    pub folder: Option<String>,
    /// Its files, once listed.
    pub files: Option<Rc<Vec<FileRow>>>,
    /// What is running.
    pub busy: Option<FilesBusy>,
    /// Why the last call failed.
    pub error: Option<CognitoError>,
    /// Upload progress `(bytes sent, total)`.
    pub progress: Option<(u64, u64)>,
    /// Uploads a file into the folder.
    pub upload: Callback<web_sys::File>,
    /// Downloads a file.
    pub download: Callback<FileRow>,
    /// Deletes a file.
    pub delete: Callback<FileRow>,
}

/// A job's context: the session, its folder, and the state it reports to.
#[derive(Clone)]
struct Job {
    handle: ClientHandle,
    settings: Settings,
    folder: String,
    session: Rc<RefCell<Option<u64>>>,
    files: UseStateHandle<Option<Rc<Vec<FileRow>>>>,
    busy: UseStateHandle<Option<FilesBusy>>,
    error: UseStateHandle<Option<CognitoError>>,
}

impl Job {
    /// Whether the session the job belongs to is still the page's.
    fn current(&self) -> bool {
        *self.session.borrow() == Some(self.handle.epoch)
    }

    /// Lists the folder into `files`.
    async fn list(&self) {
        self.busy.set(Some(FilesBusy::Listing));
        let result = user_files::list_folder(&self.handle, &self.settings, &self.folder).await;
        if !self.current() {
            return;
        }
        self.busy.set(None);
        match result {
            Ok(rows) => self.files.set(Some(Rc::new(rows))),
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// Ends a job: its error shown, or the folder listed again.
    async fn finish(&self, result: Result<(), CognitoError>, list_again: bool) {
        if !self.current() {
            return;
        }
        self.busy.set(None);
        match result {
            Err(e) => self.error.set(Some(e)),
            Ok(()) if list_again => self.list().await,
            Ok(()) => {}
        }
    }
}

/// State and actions of "My files" for the session's client; `identity_id`
/// names the folder (none until credentials arrive; guests have none).
#[hook]
pub fn use_my_files(
    client: Option<ClientHandle>,
    settings: &Settings,
    identity_id: Option<String>,
) -> MyFiles {
    let files = use_state(|| None::<Rc<Vec<FileRow>>>);
    let busy = use_state(|| None::<FilesBusy>);
    let error = use_state(|| None::<CognitoError>);
    let progress = use_state(|| None::<(u64, u64)>);
    let session = use_mut_ref(|| None::<u64>);

    let client = client.filter(|c| !c.guest);
    let folder = identity_id.as_deref().map(own_folder);
    let job = match (&client, &folder) {
        (Some(handle), Some(folder)) => Some(Job {
            handle: handle.clone(),
            settings: settings.clone(),
            folder: folder.clone(),
            session: session.clone(),
            files: files.clone(),
            busy: busy.clone(),
            error: error.clone(),
        }),
        _ => None,
    };

    {
        let (files, busy, error, progress, session) = (
            files.clone(),
            busy.clone(),
            error.clone(),
            progress.clone(),
            session.clone(),
        );
        let job = job.clone();
        let key = (client.as_ref().map(|c| c.epoch), folder.clone());
        use_effect_with(key, move |(epoch, _)| {
            *session.borrow_mut() = *epoch;
            files.set(None);
            busy.set(None);
            error.set(None);
            progress.set(None);
            if let Some(job) = job {
                spawn_local(async move { job.list().await });
            }
        });
    }

    let upload = {
        let (job, progress) = (job.clone(), progress.clone());
        Callback::from(move |file: web_sys::File| {
            let Some(job) = job.clone() else { return };
            job.busy.set(Some(FilesBusy::Uploading));
            job.error.set(None);
            let progress = progress.clone();
            spawn_local(async move {
                let report = {
                    let (progress, job) = (progress.clone(), job.clone());
                    Rc::new(move |sent: u64, total: u64| {
                        if job.current() {
                            progress.set(Some((sent, total)));
                        }
                    })
                };
                let result =
                    user_files::upload(&job.handle, &job.settings, &job.folder, &file, report)
                        .await;
                job.finish(result.map(|_| ()), true).await;
            });
        })
    };
    let download = {
        let job = job.clone();
        Callback::from(move |row: FileRow| {
            let Some(job) = job.clone() else { return };
            job.busy.set(Some(FilesBusy::Downloading));
            job.error.set(None);
            spawn_local(async move {
                let result = user_files::download(&job.handle, &job.settings, &row.key)
                    .await
                    .and_then(|(bytes, content_type)| {
                        user_files::save_as(&row.name, &bytes, content_type.as_deref())
                    });
                job.finish(result, false).await;
            });
        })
    };
    let delete = {
        let job = job.clone();
        Callback::from(move |row: FileRow| {
            let Some(job) = job.clone() else { return };
            job.busy.set(Some(FilesBusy::Deleting));
            job.error.set(None);
            spawn_local(async move {
                let result = user_files::delete(&job.handle, &job.settings, &row.key).await;
                job.finish(result, true).await;
            });
        })
    };

    MyFiles {
        folder,
        files: (*files).clone(),
        busy: *busy,
        error: (*error).clone(),
        progress: *progress,
        upload,
        download,
        delete,
    }
}
