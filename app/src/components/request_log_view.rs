//! The log of calls as a list, each call expandable to its request, its
//! SigV4 strings and its reply.

use yew::prelude::*;

use crate::request_log::{LogEntry, Outcome, RequestLog};

/// Properties of [`RequestLogView`].
#[derive(Properties, PartialEq)]
pub struct RequestLogProps {
    /// The log.
    pub log: UseReducerHandle<RequestLog>,
    /// Empties the log.
    pub on_clear: Callback<()>,
}

/// Every call, newest last, each expandable to its request and reply.
#[component]
pub fn RequestLogView(props: &RequestLogProps) -> Html {
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    let entries = &props.log.entries;
    html! {
        <div class="request-log">
            <div class="row">
                <h3>{ format!("Calls made ({})", entries.len()) }</h3>
                if !entries.is_empty() {
                    <button type="button" class="secondary small" onclick={on_clear}>{ "Clear" }</button>
                }
            </div>
            if entries.is_empty() {
                <p class="muted">{ "No calls yet: sign in or continue as a guest, then list the bucket." }</p>
            } else {
                <ol class="calls">
                    { for entries.iter().map(entry_view) }
                </ol>
            }
        </div>
    }
}

fn entry_view(entry: &LogEntry) -> Html {
    let status = match &entry.outcome {
        None => html! { <span class="status pending" aria-busy="true">{ "waiting…" }</span> },
        Some(Outcome {
            status: Some(s),
            duration_ms,
            ..
        }) => {
            let class = if (200..300).contains(s) {
                "status ok"
            } else {
                "status failed"
            };
            html! { <span class={class}>{ format!("{s} · {duration_ms:.0} ms") }</span> }
        }
        Some(Outcome { status: None, .. }) => {
            html! { <span class="status failed">{ "no reply" }</span> }
        }
    };
    html! {
        <li class={classes!("call", entry.step.class())}>
            <details>
                <summary>
                    <span class="call-step">{ entry.step.label() }</span>
                    <span class="call-op">{ &entry.operation }</span>
                    { status }
                </summary>
                <div class="call-body">
                    <h4>{ "Request" }</h4>
                    <pre class="wire">{ entry.request_text() }</pre>
                    if let Some(signing) = &entry.signing {
                        <h4>{ "SigV4 canonical request" }</h4>
                        <pre class="wire">{ &signing.canonical_request }</pre>
                        <h4>{ "SigV4 string to sign" }</h4>
                        <pre class="wire">{ &signing.string_to_sign }</pre>
                        <p class="muted small">{ "The signature is HMAC-SHA256 of the string to sign with a key derived from the secret access key, date, region and service; the secret key itself never leaves the page." }</p>
                    }
                    if let Some(outcome) = &entry.outcome {
                        <h4>{ "Response" }</h4>
                        <pre class="wire">{ outcome.response_text() }</pre>
                    }
                </div>
            </details>
        </li>
    }
}
