//! Step 3: an S3 prefix listed with the temporary credentials, signed in
//! the page (SigV4), with folders, breadcrumb, pages and presigned links.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::error_box::ErrorBox;
use crate::format::human_size;
use crate::hooks::use_s3_listing::{use_s3_listing, PageAt, S3Listing, DEFAULT_PAGE_SIZE};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Page sizes offered.
const PAGE_SIZES: [u32; 4] = [10, 25, 100, 1000];

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
    let S3Listing {
        prefix_input,
        page_size,
        listing,
        busy,
        error,
        list,
    } = use_s3_listing(props.client.clone(), &props.settings);

    let onsubmit = {
        let (list, prefix_input) = (list.clone(), prefix_input.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            list.emit(PageAt::first((*prefix_input).clone()));
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
            page_size.set(value.parse().unwrap_or(DEFAULT_PAGE_SIZE));
        })
    };

    let settings_problem = props
        .settings
        .problems()
        .into_iter()
        .find(|p| !p.blocks_sign_in)
        .map(|p| p.message);
    let can_list = props.client.is_some() && settings_problem.is_none() && !busy;

    let open = |prefix: String| {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| list.emit(PageAt::first(prefix.clone())))
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
                    list.emit(PageAt {
                        prefix: prefix.clone(),
                        token: Some(token.clone()),
                        page,
                    })
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
                                { if busy { "Loading…".to_owned() } else { format!("Next page ({})", l.page + 1) } }
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
                        { if busy { "Listing…" } else { "List" } }
                    </button>
                </div>
            </form>
            if props.client.is_none() {
                <p class="muted small">{ "Sign in or continue as a guest first: listing needs credentials." }</p>
            }
            if let Some(problem) = settings_problem {
                <p class="warn small">{ format!("Fix the settings first: {problem}") }</p>
            }
            if busy {
                <p class="loading small" aria-live="polite">{ "Signing and sending ListObjectsV2…" }</p>
            }
            <ErrorBox error={error} context="Listing failed" />
            if listing.is_some() {
                { breadcrumb }
            }
            { table }
        </section>
    }
}
