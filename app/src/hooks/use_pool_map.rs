//! The pool map's flow: the signed List and Describe calls on demand, the
//! call in progress, and the map (emptied when the session changes).

use std::rc::Rc;

use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::pool_map::{map_pools, PoolMap};
use crate::session::ClientHandle;

/// What [`use_pool_map`] holds.
pub struct PoolMapState {
    /// The map, once read.
    pub map: Option<Rc<PoolMap>>,
    /// The calls are running.
    pub busy: bool,
    /// Which call is running (`ListUserPools…`).
    pub progress: Option<String>,
    /// Why the map could not be read.
    pub error: Option<CognitoError>,
    /// Reads the map with the session's credentials.
    pub run: Callback<()>,
}

/// The pool map for the session's client.
#[hook]
pub fn use_pool_map(client: Option<ClientHandle>) -> PoolMapState {
    let map = use_state(|| None::<Rc<PoolMap>>);
    let busy = use_state(|| false);
    let progress = use_state(|| None::<String>);
    let error = use_state(|| None::<CognitoError>);
    {
        let (map, error, busy) = (map.clone(), error.clone(), busy.clone());
        use_effect_with(client.as_ref().map(|c| c.epoch), move |_| {
            map.set(None);
            error.set(None);
            busy.set(false);
        });
    }
    let run = {
        let (map, busy, progress, error) =
            (map.clone(), busy.clone(), progress.clone(), error.clone());
        Callback::from(move |()| {
            let Some(handle) = client.clone() else {
                return;
            };
            busy.set(true);
            error.set(None);
            let (map, busy, progress, error) =
                (map.clone(), busy.clone(), progress.clone(), error.clone());
            spawn_local(async move {
                let report = {
                    let progress = progress.clone();
                    Callback::from(move |call: String| progress.set(Some(call)))
                };
                let result = map_pools(&handle, &report).await;
                busy.set(false);
                progress.set(None);
                match result {
                    Ok(m) => map.set(Some(Rc::new(m))),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    PoolMapState {
        map: (*map).clone(),
        busy: *busy,
        progress: (*progress).clone(),
        error: (*error).clone(),
        run,
    }
}
