//! The signed-in user's profile: the attributes, a change to one, an email
//! verification, a password change and deleting the user.

use yew::prelude::*;

use super::error_box::ErrorBox;
use super::input_value;
use super::notice::Notice;
use crate::hooks::use_profile::use_profile;
use crate::session::ClientHandle;
use crate::state::AppState;

/// Properties of [`ProfilePanel`].
#[derive(Properties, PartialEq)]
pub struct ProfilePanelProps {
    /// The signed-in user's session.
    pub client: ClientHandle,
    /// The page's session state (deleting the user signs out).
    pub state: UseReducerHandle<AppState>,
}

/// Attributes as Cognito holds them, and the forms that change them.
#[component]
pub fn ProfilePanel(props: &ProfilePanelProps) -> Html {
    let (profile, actions) = use_profile(&props.client, &props.state);
    let name = use_state(|| "name".to_owned());
    let value = use_state(String::new);
    let code = use_state(String::new);
    let old_password = use_state(String::new);
    let new_password = use_state(String::new);
    let confirm_delete = use_state(|| false);
    let setter = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| state.set(input_value(&e)))
    };
    let busy = profile.status.busy;
    let attribute = |name: &str| {
        profile
            .attributes
            .iter()
            .flatten()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let rows = profile.attributes.iter().flatten().map(|(n, v)| {
        html! {
            <div data-testid={format!("attribute-{n}")}><dt>{ n }</dt><dd>{ v }</dd></div>
        }
    });
    let on_update = {
        let (name, value, update) = (name.clone(), value.clone(), actions.update.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            update.emit((name.trim().to_owned(), (*value).clone()));
        })
    };
    let on_verify = {
        let (code, verify) = (code.clone(), actions.verify.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            verify.emit(code.trim().to_owned());
        })
    };
    let on_change_password = {
        let (old, new, change) = (
            old_password.clone(),
            new_password.clone(),
            actions.change_password.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            change.emit(((*old).clone(), (*new).clone()));
        })
    };
    let on_send_code = actions.send_code.reform(|_: MouseEvent| "email".to_owned());
    let on_delete = actions.delete_user.reform(|_: MouseEvent| ());
    let on_confirm_delete = {
        let confirm_delete = confirm_delete.clone();
        Callback::from(move |_: Event| confirm_delete.set(!*confirm_delete))
    };
    let email_unverified =
        attribute("email").is_some() && attribute("email_verified") != Some("true");
    html! {
        <section class="panel profile" aria-labelledby="profile-title" data-testid="profile" aria-busy={busy.to_string()}>
            <h2 id="profile-title">{ "Profile" }</h2>
            <p class="muted small">{ "GetUser with the access token: the attributes as the user pool holds them." }</p>
            if profile.attributes.is_none() && profile.status.error.is_none() {
                <p class="loading small">{ "Reading the attributes…" }</p>
            }
            <dl class="attributes">{ for rows }</dl>
            <form class="list-form" onsubmit={on_update}>
                <div class="field">
                    <label for="attr-name">{ "Attribute" }</label>
                    <input id="attr-name" data-testid="attr-name" type="text" value={(*name).clone()} oninput={setter(&name)} required=true />
                </div>
                <div class="field grow">
                    <label for="attr-value">{ "New value" }</label>
                    <input id="attr-value" data-testid="attr-value" type="text" value={(*value).clone()} oninput={setter(&value)} />
                </div>
                <div class="field end">
                    <button type="submit" data-testid="attr-save" disabled={busy}>{ "Save" }</button>
                </div>
            </form>
            if email_unverified || profile.verifying.is_some() {
                <form class="list-form" onsubmit={on_verify}>
                    <div class="field grow">
                        <label for="verify-code">{ format!("Code verifying {}", profile.verifying.as_deref().unwrap_or("email")) }</label>
                        <input id="verify-code" data-testid="verify-code" type="text" inputmode="numeric"
                            autocomplete="one-time-code" value={(*code).clone()} oninput={setter(&code)} required=true />
                    </div>
                    <div class="field end actions">
                        <button type="submit" data-testid="verify-submit" disabled={busy}>{ "Verify" }</button>
                        <button type="button" class="secondary" data-testid="verify-send" onclick={on_send_code} disabled={busy}>
                            { "Send a code" }
                        </button>
                    </div>
                </form>
            }
            <details>
                <summary>{ "Change the password, or delete the user" }</summary>
                <form class="list-form" onsubmit={on_change_password}>
                    <div class="field">
                        <label for="old-password">{ "Current password" }</label>
                        <input id="old-password" type="password" autocomplete="current-password"
                            value={(*old_password).clone()} oninput={setter(&old_password)} required=true />
                    </div>
                    <div class="field">
                        <label for="changed-password">{ "New password" }</label>
                        <input id="changed-password" type="password" autocomplete="new-password"
                            value={(*new_password).clone()} oninput={setter(&new_password)} required=true />
                    </div>
                    <div class="field end">
                        <button type="submit" disabled={busy}>{ "Change" }</button>
                    </div>
                </form>
                <div class="actions">
                    <label class="inline"><input type="checkbox" checked={*confirm_delete} onchange={on_confirm_delete} />{ "I mean it" }</label>
                    <button type="button" class="secondary" data-testid="delete-user" onclick={on_delete} disabled={busy || !*confirm_delete}>
                        { "Delete this user" }
                    </button>
                </div>
            </details>
            <Notice text={profile.status.notice.clone().map(AttrValue::from)} />
            <ErrorBox error={profile.status.error.clone()} context="The profile call failed" />
        </section>
    }
}
