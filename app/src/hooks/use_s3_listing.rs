//! The S3 browser's flow: the prefix typed, the page size, and one listed
//! page at a time (the newest request wins; a new session starts empty).

use std::rc::Rc;

use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::s3_listing::{list_page, ListRequest, Listing};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Page size selected at first.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// A page to list: which prefix, which page of it.
#[derive(Clone, PartialEq)]
pub struct PageAt {
    /// The prefix (empty: the bucket's root).
    pub prefix: String,
    /// The page's continuation token (none: the first page).
    pub token: Option<String>,
    /// Its page number, from 1.
    pub page: u32,
}

impl PageAt {
    /// The first page of `prefix`.
    pub fn first(prefix: String) -> Self {
        Self {
            prefix,
            token: None,
            page: 1,
        }
    }
}

/// What [`use_s3_listing`] holds.
pub struct S3Listing {
    /// The prefix in the form (follows the settings' start prefix).
    pub prefix_input: UseStateHandle<String>,
    /// Keys per page.
    pub page_size: UseStateHandle<u32>,
    /// The page shown, if any.
    pub listing: Option<Rc<Listing>>,
    /// A listing is running.
    pub busy: bool,
    /// Why the last listing failed.
    pub error: Option<CognitoError>,
    /// Lists a page at the current page size; its prefix becomes the
    /// form's.
    pub list: Callback<PageAt>,
}

/// State and the list action of the S3 browser for the session's client.
#[hook]
pub fn use_s3_listing(client: Option<ClientHandle>, settings: &Settings) -> S3Listing {
    let prefix_input = use_state(|| settings.prefix.clone());
    let page_size = use_state(|| DEFAULT_PAGE_SIZE);
    let listing = use_state(|| None::<Rc<Listing>>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<CognitoError>);
    let latest = use_mut_ref(|| 0u32);

    {
        let prefix_input = prefix_input.clone();
        use_effect_with(settings.prefix.clone(), move |prefix| {
            prefix_input.set(prefix.clone());
        });
    }
    {
        let (listing, error, busy, latest) =
            (listing.clone(), error.clone(), busy.clone(), latest.clone());
        use_effect_with(client.as_ref().map(|c| c.epoch), move |_| {
            let mut counter = latest.borrow_mut();
            *counter = counter.wrapping_add(1);
            listing.set(None);
            error.set(None);
            busy.set(false);
        });
    }

    let list = {
        let (listing, busy, error, latest) =
            (listing.clone(), busy.clone(), error.clone(), latest.clone());
        let settings = settings.clone();
        let page_size = *page_size;
        let prefix_input = prefix_input.clone();
        Callback::from(
            move |PageAt {
                      prefix,
                      token,
                      page,
                  }: PageAt| {
                let Some(handle) = client.clone() else {
                    return;
                };
                let id = {
                    let mut counter = latest.borrow_mut();
                    *counter = counter.wrapping_add(1);
                    *counter
                };
                busy.set(true);
                error.set(None);
                prefix_input.set(prefix.clone());
                let (listing, busy, error, latest, settings) = (
                    listing.clone(),
                    busy.clone(),
                    error.clone(),
                    latest.clone(),
                    settings.clone(),
                );
                let request = ListRequest {
                    prefix,
                    token,
                    page,
                    page_size,
                };
                spawn_local(async move {
                    let result = list_page(&handle, &settings, request).await;
                    if *latest.borrow() != id {
                        return;
                    }
                    busy.set(false);
                    match result {
                        Ok(page) => listing.set(Some(Rc::new(page))),
                        Err(e) => {
                            listing.set(None);
                            error.set(Some(e));
                        }
                    }
                });
            },
        )
    };

    S3Listing {
        prefix_input,
        page_size,
        listing: (*listing).clone(),
        busy: *busy,
        error: (*error).clone(),
        list,
    }
}
