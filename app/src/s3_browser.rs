//! Step 3: an S3 prefix listed with the temporary credentials, signed in
//! the page (SigV4), with folders, breadcrumb, pages and presigned links.

use std::rc::Rc;

use cognito_wasm::client::platform::Platform;
use cognito_wasm::s3::{list_objects_request, parse_list_objects_response, presign_get_object};
use cognito_wasm::sigv4::{SignOptions, Signer, SigningParams};
use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::credentials;
use crate::error_box::ErrorBox;
use crate::format::{human_size, utc_time};
use crate::redact::redact_canonical_request;
use crate::request_log::SigningNote;
use crate::settings::Settings;
use crate::state::ClientHandle;

/// Lifetime of the presigned download links, seconds.
const LINK_SECONDS: u32 = 900;
/// Page sizes offered.
const PAGE_SIZES: [u32; 4] = [10, 25, 100, 1000];

/// One object row.
#[derive(Clone, PartialEq)]
struct ObjectRow {
    key: String,
    size: u64,
    modified: String,
    link: Result<String, String>,
}

/// One listed page.
#[derive(Clone, PartialEq)]
struct Listing {
    prefix: String,
    page: u32,
    folders: Vec<String>,
    objects: Vec<ObjectRow>,
    next_token: Option<String>,
}

/// Lists one page: credentials from the library, then the library's
/// public steps (build, sign, send, parse) so the signing strings can be
/// shown, then a presigned GET per object.
async fn list_page(
    handle: &ClientHandle,
    settings: &Settings,
    prefix: &str,
    page_size: u32,
    token: Option<String>,
) -> Result<(Vec<String>, Vec<ObjectRow>, Option<String>), CognitoError> {
    let credentials = credentials::fetch(handle).await?;
    let client = &handle.client;
    let platform = client.platform();
    let input = settings.list_input(prefix, page_size, token);
    let request = list_objects_request(&input)?;
    let signing = credentials.signing();
    let signer = Signer::new();
    let params = SigningParams {
        credentials: &signing,
        region: &input.region,
        service: "s3",
        time_ms: client.now_ms(),
    };
    let signed = signer.sign(request, &params, &SignOptions::s3())?;
    platform.note_signing(SigningNote {
        canonical_request: redact_canonical_request(&signed.canonical_request),
        string_to_sign: signed.string_to_sign.clone(),
    });
    let response = platform.send(signed.request).await?;
    client.skew().observe(&response, platform.now_ms());
    let output = parse_list_objects_response(&response)?;
    let params = SigningParams {
        time_ms: client.now_ms(),
        ..params
    };
    let objects = output
        .objects
        .iter()
        .map(|o| ObjectRow {
            key: o.key.clone(),
            size: o.size,
            modified: o
                .last_modified_ms
                .map(utc_time)
                .unwrap_or_else(|| o.last_modified.clone()),
            link: presign_get_object(
                &signer,
                &params,
                &input.bucket,
                &o.key,
                input.endpoint.as_deref(),
                input.force_path_style,
                LINK_SECONDS,
            )
            .map_err(|e| e.message),
        })
        .collect();
    let next = if output.is_truncated {
        output.next_continuation_token
    } else {
        None
    };
    Ok((output.prefixes, objects, next))
}

/// Properties of [`S3Browser`].
#[derive(Properties, PartialEq)]
pub struct S3Props {
    /// The session's client (none: not signed in).
    pub client: Option<ClientHandle>,
    /// Bucket, region, endpoint, start prefix.
    pub settings: Settings,
}

/// The last path segment of a prefix or key, for display.
fn leaf<'a>(full: &'a str, parent: &str) -> &'a str {
    full.strip_prefix(parent).unwrap_or(full)
}

/// The S3 browser panel.
#[component]
pub fn S3Browser(props: &S3Props) -> Html {
    let prefix_input = use_state(|| props.settings.prefix.clone());
    let page_size = use_state(|| 25u32);
    let listing = use_state(|| None::<Rc<Listing>>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<CognitoError>);
    let latest = use_mut_ref(|| 0u32);

    {
        let prefix_input = prefix_input.clone();
        use_effect_with(props.settings.prefix.clone(), move |prefix| {
            prefix_input.set(prefix.clone());
        });
    }
    {
        let (listing, error, busy, latest) =
            (listing.clone(), error.clone(), busy.clone(), latest.clone());
        use_effect_with(props.client.as_ref().map(|c| c.epoch), move |_| {
            let mut counter = latest.borrow_mut();
            *counter = counter.wrapping_add(1);
            listing.set(None);
            error.set(None);
            busy.set(false);
        });
    }

    // list(prefix, token, page): one page, newest request wins.
    let list = {
        let (listing, busy, error, latest) =
            (listing.clone(), busy.clone(), error.clone(), latest.clone());
        let client = props.client.clone();
        let settings = props.settings.clone();
        let page_size = *page_size;
        let prefix_input = prefix_input.clone();
        Callback::from(
            move |(prefix, token, page): (String, Option<String>, u32)| {
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
                spawn_local(async move {
                    let result = list_page(&handle, &settings, &prefix, page_size, token).await;
                    if *latest.borrow() != id {
                        return;
                    }
                    busy.set(false);
                    match result {
                        Ok((folders, objects, next_token)) => listing.set(Some(Rc::new(Listing {
                            prefix,
                            page,
                            folders,
                            objects,
                            next_token,
                        }))),
                        Err(e) => {
                            listing.set(None);
                            error.set(Some(e));
                        }
                    }
                });
            },
        )
    };

    let onsubmit = {
        let (list, prefix_input) = (list.clone(), prefix_input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            list.emit(((*prefix_input).clone(), None, 1));
        })
    };
    let on_prefix = {
        let prefix_input = prefix_input.clone();
        Callback::from(move |e: InputEvent| {
            prefix_input.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_page_size = {
        let page_size = page_size.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            page_size.set(value.parse().unwrap_or(25));
        })
    };

    let settings_problem = props
        .settings
        .problems()
        .into_iter()
        .find(|p| !p.blocks_sign_in)
        .map(|p| p.message);
    let can_list = props.client.is_some() && settings_problem.is_none() && !*busy;

    let open = |prefix: String| {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| list.emit((prefix.clone(), None, 1)))
    };

    let breadcrumb = {
        let current = listing
            .as_ref()
            .map(|l| l.prefix.clone())
            .unwrap_or_default();
        let mut crumbs = vec![html! {
            <li><button type="button" class="link" onclick={open(String::new())} disabled={!can_list}>{ props.settings.bucket.clone() }</button></li>
        }];
        let mut so_far = String::new();
        for segment in current.split_inclusive('/') {
            so_far.push_str(segment);
            crumbs.push(html! {
                <li><button type="button" class="link" onclick={open(so_far.clone())} disabled={!can_list}>{ segment }</button></li>
            });
        }
        html! { <nav aria-label="Location"><ol class="breadcrumb">{ for crumbs }</ol></nav> }
    };

    let table = match listing.as_ref() {
        None => html! {},
        Some(l) => {
            let folders = l.folders.iter().map(|f| {
                html! {
                    <tr data-testid="s3-prefix" class="folder">
                        <td colspan="4">
                            <button type="button" class="link" onclick={open(f.clone())} disabled={!can_list}
                                aria-label={format!("Open folder {f}")}>
                                <span class="icon" aria-hidden="true">{ "▸ " }</span>{ leaf(f, &l.prefix) }
                            </button>
                        </td>
                    </tr>
                }
            });
            let objects = l.objects.iter().map(|o| {
                let link = match &o.link {
                    Ok(url) => html! { <a href={url.clone()} target="_blank" rel="noopener noreferrer" download="">{ "Download" }</a> },
                    Err(why) => html! { <span class="muted small" title={why.clone()}>{ "no link" }</span> },
                };
                html! {
                    <tr data-testid="s3-object">
                        <td class="name"><code>{ leaf(&o.key, &l.prefix) }</code></td>
                        <td class="num">{ human_size(o.size) }</td>
                        <td class="date">{ &o.modified }</td>
                        <td>{ link }</td>
                    </tr>
                }
            });
            let empty = l.folders.is_empty() && l.objects.is_empty();
            let next = l.next_token.clone().map(|token| {
                let list = list.clone();
                let (prefix, page) = (l.prefix.clone(), l.page + 1);
                Callback::from(move |_: MouseEvent| {
                    list.emit((prefix.clone(), Some(token.clone()), page))
                })
            });
            let first = (l.page > 1).then(|| open(l.prefix.clone()));
            html! {
                <>
                    <div class="table-wrap">
                        <table class="objects" aria-busy={busy.to_string()}>
                            <caption>{ format!("Page {} of s3://{}/{} — {} folder(s), {} object(s)", l.page, props.settings.bucket, l.prefix, l.folders.len(), l.objects.len()) }</caption>
                            <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Size" }</th><th scope="col">{ "Last modified" }</th><th scope="col">{ "Get" }</th></tr></thead>
                            <tbody>
                                { for folders }
                                { for objects }
                                if empty {
                                    <tr><td colspan="4" class="muted">{ "Nothing under this prefix." }</td></tr>
                                }
                            </tbody>
                        </table>
                    </div>
                    <div class="actions pager">
                        if let Some(onclick) = first {
                            <button type="button" class="secondary" {onclick} disabled={!can_list}>{ "First page" }</button>
                        }
                        if let Some(onclick) = next {
                            <button type="button" data-testid="next-page" {onclick} disabled={!can_list}>
                                { if *busy { "Loading…".to_owned() } else { format!("Next page ({})", l.page + 1) } }
                            </button>
                        } else if l.page > 1 {
                            <span class="muted small">{ "Last page." }</span>
                        }
                    </div>
                </>
            }
        }
    };

    html! {
        <section class="panel s3" aria-labelledby="s3-title" aria-busy={busy.to_string()}>
            <h2 id="s3-title">{ "S3 browser (SigV4 in the page)" }</h2>
            <p class="muted small">
                { "ListObjectsV2 with delimiter \"/\" (folders are common prefixes), signed with the temporary credentials. Each download link is a presigned GET valid for 15 minutes." }
            </p>
            <form class="list-form" {onsubmit}>
                <div class="field grow">
                    <label for="prefix">{ "Prefix" }</label>
                    <input id="prefix" data-testid="prefix" type="text" spellcheck="false" autocomplete="off"
                        value={(*prefix_input).clone()} oninput={on_prefix} placeholder="public/" />
                </div>
                <div class="field">
                    <label for="page-size">{ "Page size" }</label>
                    <select id="page-size" onchange={on_page_size}>
                        { for PAGE_SIZES.iter().map(|n| html! { <option value={n.to_string()} selected={*n == *page_size}>{ n }</option> }) }
                    </select>
                </div>
                <div class="field end">
                    <button type="submit" data-testid="list" disabled={!can_list}>
                        { if *busy { "Listing…" } else { "List" } }
                    </button>
                </div>
            </form>
            if props.client.is_none() {
                <p class="muted small">{ "Sign in or continue as a guest first: listing needs credentials." }</p>
            }
            if let Some(problem) = settings_problem {
                <p class="warn small">{ format!("Fix the settings first: {problem}") }</p>
            }
            if *busy {
                <p class="loading small" aria-live="polite">{ "Signing and sending ListObjectsV2…" }</p>
            }
            <ErrorBox error={(*error).clone()} context="Listing failed" />
            if listing.is_some() {
                { breadcrumb }
            }
            { table }
        </section>
    }
}
