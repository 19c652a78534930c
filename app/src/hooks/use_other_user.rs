//! The other-user attempt's flow: on demand, the session's credentials
//! aimed at another identity's folder and row; the outcomes kept until the
//! session changes.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::other_user::{self, Attempt};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// What [`use_other_user`] holds.
pub struct OtherUser {
    /// The outcomes of the last attempt.
    pub attempts: Option<Rc<Vec<Attempt>>>,
    /// An attempt is running.
    pub busy: bool,
    /// Tries the identity id given.
    pub attempt: Callback<String>,
}

/// State and the attempt of the teaching panel for the session's client.
#[hook]
pub fn use_other_user(client: Option<ClientHandle>, settings: &Settings) -> OtherUser {
    let attempts = use_state(|| None::<Rc<Vec<Attempt>>>);
    let busy = use_state(|| false);
    let session: Rc<RefCell<Option<u64>>> = use_mut_ref(|| None);

    {
        let (attempts, busy, session) = (attempts.clone(), busy.clone(), session.clone());
        use_effect_with(client.as_ref().map(|c| c.epoch), move |epoch| {
            *session.borrow_mut() = *epoch;
            attempts.set(None);
            busy.set(false);
        });
    }

    let attempt = {
        let (attempts, busy) = (attempts.clone(), busy.clone());
        let settings = settings.clone();
        Callback::from(move |other_id: String| {
            let Some(handle) = client.clone() else { return };
            busy.set(true);
            attempts.set(None);
            let (attempts, busy, session, settings) = (
                attempts.clone(),
                busy.clone(),
                session.clone(),
                settings.clone(),
            );
            spawn_local(async move {
                let outcomes = other_user::attempt(&handle, &settings, &other_id).await;
                if *session.borrow() != Some(handle.epoch) {
                    return;
                }
                busy.set(false);
                attempts.set(Some(Rc::new(outcomes)));
            });
        })
    };

    OtherUser {
        attempts: (*attempts).clone(),
        busy: *busy,
        attempt,
    }
}
