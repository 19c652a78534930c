//! "My profile": the user's row of the profiles table (partition key = the
//! identity id), read and saved with DynamoDB GetItem and PutItem signed
//! in the page.

use yew::prelude::*;

use super::error_box::ErrorBox;
use super::input_value;
use crate::hooks::use_profile_row::{use_profile_row, Profile, ProfileBusy};
use crate::profile_row::{field_text, PROFILE_FIELDS};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Properties of [`MyProfile`].
#[derive(Properties, PartialEq)]
pub struct MyProfileProps {
    /// The session's client, once it has credentials.
    pub client: Option<ClientHandle>,
    /// Region, table, endpoint.
    pub settings: Settings,
    /// The identity the credentials belong to (the row's key).
    pub identity_id: Option<AttrValue>,
}

/// The "My profile" panel.
#[component]
pub fn MyProfile(props: &MyProfileProps) -> Html {
    let Profile {
        row,
        busy,
        error,
        saved,
        save,
    } = use_profile_row(
        props.client.clone(),
        &props.settings,
        props.identity_id.as_ref().map(|id| id.to_string()),
    );
    let draft = use_state(Vec::<(String, String)>::new);
    {
        // The form follows the row each time it is read.
        let draft = draft.clone();
        use_effect_with(row.clone(), move |row| {
            let current = row.clone().flatten();
            draft.set(
                PROFILE_FIELDS
                    .iter()
                    .map(|name| (name.to_string(), field_text(current.as_deref(), name)))
                    .collect(),
            );
        });
    }

    let data = &props.settings.data;
    let guest = props.client.as_ref().is_some_and(|c| c.guest);
    let ready = row.is_some() && busy.is_none();
    let onsubmit = {
        let (save, draft) = (save.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            save.emit((*draft).clone());
        })
    };
    let fields = draft.iter().enumerate().map(|(i, (name, value))| {
        let oninput = {
            let draft = draft.clone();
            Callback::from(move |e: InputEvent| {
                let mut next = (*draft).clone();
                if let Some(slot) = next.get_mut(i) {
                    slot.1 = input_value(&e);
                }
                draft.set(next);
            })
        };
        let id = format!("profile-{name}");
        html! {
            <div class="field">
                <label for={id.clone()}>{ name }</label>
                <input id={id} type="text" data-testid={format!("profile-field-{name}")} value={value.clone()}
                    {oninput} disabled={!ready} autocomplete="off" />
            </div>
        }
    });

    html! {
        <section class="panel data" data-testid="my-profile" aria-labelledby="profile-title" aria-busy={busy.is_some().to_string()}>
            <h2 id="profile-title">{ "My profile" }</h2>
            if data.table.trim().is_empty() {
                <p class="muted small">{ "No table in the settings: add \"table\" (and \"tablePartitionKey\") to config.json." }</p>
            } else if guest {
                <p class="muted small">{ "Guests have no row: the guest role has no DynamoDB access. Sign in as a user." }</p>
            } else if let Some(id) = &props.identity_id {
                <p class="muted small">
                    { "Your row of DynamoDB table " }<code>{ &data.table }</code>{ ", key " }
                    <code>{ format!("{} = {id}", data.partition_key) }</code>
                    { ": the policy's dynamodb:LeadingKeys condition allows no other key." }
                </p>
            } else {
                <p class="muted small">{ "Sign in first: the row's key is your identity id." }</p>
            }
            if matches!(row, Some(None)) {
                <p class="muted small">{ "No row yet: saving creates it." }</p>
            }
            <form class="profile-form" {onsubmit}>
                { for fields }
                <div class="actions">
                    <button type="submit" data-testid="profile-save" disabled={!ready}>
                        { if busy == Some(ProfileBusy::Saving) { "Saving…" } else { "Save (PutItem)" } }
                    </button>
                </div>
            </form>
            if busy == Some(ProfileBusy::Loading) {
                <p class="loading small" aria-live="polite">{ "Reading the row (GetItem)…" }</p>
            }
            if saved {
                <p class="ok small" data-testid="profile-saved" aria-live="polite">{ "Saved, and read back from the table." }</p>
            }
            <ErrorBox error={error} context="My profile" />
        </section>
    }
}
