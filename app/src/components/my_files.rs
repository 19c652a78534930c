//! "My files": the user's own folder `private/<identity id>/` — upload
//! with a progress bar, download, delete — signed with the temporary
//! credentials, confined to that folder by the role's policy.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::error_box::ErrorBox;
use crate::format::human_size;
use crate::hooks::use_my_files::{use_my_files, FilesBusy, MyFiles as Files};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Properties of [`MyFiles`].
#[derive(Properties, PartialEq)]
pub struct MyFilesProps {
    /// The session's client, once it has credentials.
    pub client: Option<ClientHandle>,
    /// Bucket, region, endpoint.
    pub settings: Settings,
    /// The identity the credentials belong to.
    pub identity_id: Option<AttrValue>,
}

/// Percent of `sent` in `total` (an empty file is done at once).
fn percent(sent: u64, total: u64) -> u64 {
    (sent.min(total) * 100).checked_div(total).unwrap_or(100)
}

/// The "My files" panel.
#[component]
pub fn MyFiles(props: &MyFilesProps) -> Html {
    let Files {
        folder,
        files,
        busy,
        error,
        progress,
        upload,
        download,
        delete,
    } = use_my_files(
        props.client.clone(),
        &props.settings,
        props.identity_id.as_ref().map(|id| id.to_string()),
    );

    let onchange = {
        let upload = upload.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|list| list.get(0)) {
                upload.emit(file);
            }
            // The same file can be chosen again.
            input.set_value("");
        })
    };
    let guest = props.client.as_ref().is_some_and(|c| c.guest);
    let ready = folder.is_some() && !guest;
    let idle = busy.is_none();

    let rows = files.as_ref().map(|files| {
        let rows = files.iter().map(|row| {
            let on_download = {
                let (download, row) = (download.clone(), row.clone());
                Callback::from(move |_: MouseEvent| download.emit(row.clone()))
            };
            let on_delete = {
                let (delete, row) = (delete.clone(), row.clone());
                Callback::from(move |_: MouseEvent| delete.emit(row.clone()))
            };
            html! {
                <tr data-testid="file-row">
                    <td class="name"><code>{ &row.name }</code></td>
                    <td class="num">{ human_size(row.size) }</td>
                    <td class="date">{ &row.modified }</td>
                    <td class="actions">
                        <button type="button" class="small" data-testid="download" onclick={on_download} disabled={!idle}
                            aria-label={format!("Download {}", row.name)}>{ "Download" }</button>
                        <button type="button" class="small secondary" data-testid="delete-file" onclick={on_delete} disabled={!idle}
                            aria-label={format!("Delete {}", row.name)}>{ "Delete" }</button>
                    </td>
                </tr>
            }
        });
        html! {
            <div class="table-wrap">
                <table class="files">
                    <caption>{ format!("{} file(s) in your folder", files.len()) }</caption>
                    <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Size" }</th><th scope="col">{ "Last modified" }</th><th scope="col">{ "Actions" }</th></tr></thead>
                    <tbody>
                        { for rows }
                        if files.is_empty() {
                            <tr><td colspan="4" class="muted">{ "No files yet: upload one." }</td></tr>
                        }
                    </tbody>
                </table>
            </div>
        }
    });

    let status = match busy {
        Some(FilesBusy::Listing) => Some("Signing and sending ListObjectsV2…"),
        Some(FilesBusy::Uploading) => Some("Uploading (PutObject, or CreateMultipartUpload, UploadPart ×N, CompleteMultipartUpload)…"),
        Some(FilesBusy::Downloading) => Some("Downloading (GetObject)…"),
        Some(FilesBusy::Deleting) => Some("Deleting (DeleteObject)…"),
        None => None,
    };

    html! {
        <section class="panel data" data-testid="my-files" aria-labelledby="files-title" aria-busy={busy.is_some().to_string()}>
            <h2 id="files-title">{ "My files" }</h2>
            if let (Some(folder), false) = (&folder, guest) {
                <p class="muted small">
                    { "Your own folder " }<code>{ format!("s3://{}/{folder}", props.settings.bucket.trim()) }</code>
                    { ": the role's policy lets these credentials read, write and delete under it, and nowhere else in private/." }
                </p>
            } else if guest {
                <p class="muted small">{ "Guests have no folder: the guest role reads public/ only. Sign in as a user." }</p>
            } else {
                <p class="muted small">{ "Sign in first: the folder is named after your identity id, which comes with the credentials." }</p>
            }
            <div class="field">
                <label for="upload-input">{ "Upload a file" }</label>
                <input id="upload-input" type="file" data-testid="upload-input" {onchange} disabled={!ready || !idle} />
            </div>
            if let Some((sent, total)) = progress {
                <div class="progress-row">
                    <progress data-testid="upload-progress" max="100" value={percent(sent, total).to_string()}
                        aria-label="Upload progress"></progress>
                    <span class="small">{ format!("{} % — {} of {}", percent(sent, total), human_size(sent), human_size(total)) }</span>
                </div>
            }
            if let Some(status) = status {
                <p class="loading small" aria-live="polite">{ status }</p>
            }
            <ErrorBox error={error} context="My files" />
            { rows.unwrap_or_default() }
        </section>
    }
}
