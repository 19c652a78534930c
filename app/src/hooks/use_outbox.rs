//! Reads the local stack's outbox every few seconds while the page shows
//! it; nothing at all against AWS (no custom endpoint).

use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::wire::http::HttpRequest;
use gloo_timers::callback::Interval;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::outbox::{outbox_url, parse_outbox, Delivery};

/// How often the outbox is read again, ms.
const POLL_MS: u32 = 2_000;

/// The outbox of the stack at `endpoint` for `user_pool_id`: `None` until
/// (and unless) the endpoint answers as the local stack's outbox.
#[hook]
pub fn use_outbox(endpoint: &str, user_pool_id: &str) -> Option<Vec<Delivery>> {
    let deliveries = use_state(|| None::<Vec<Delivery>>);
    {
        let deliveries = deliveries.clone();
        let url = (!endpoint.trim().is_empty() && !user_pool_id.trim().is_empty())
            .then(|| outbox_url(endpoint, user_pool_id));
        use_effect_with(url, move |url| {
            deliveries.set(None);
            let interval = url.clone().map(|url| {
                let read = move || {
                    let (url, deliveries) = (url.clone(), deliveries.clone());
                    spawn_local(async move {
                        let request = HttpRequest {
                            method: "GET".to_owned(),
                            url,
                            headers: Vec::new(),
                            body: Vec::new(),
                        };
                        let shown = match BrowserPlatform.send(request).await {
                            Ok(reply) if reply.status == 200 => parse_outbox(&reply.body),
                            _ => None,
                        };
                        if *deliveries != shown {
                            deliveries.set(shown);
                        }
                    });
                };
                read();
                Interval::new(POLL_MS, read)
            });
            move || drop(interval)
        });
    }
    (*deliveries).clone()
}
