//! The teaching panel: the authenticated role's policy with its Cognito
//! variables resolved for the current identity, and a button that aims
//! these credentials at another user's folder and row to show IAM's
//! AccessDenied.

use yew::prelude::*;

use super::input_value;
use crate::data_settings::{resolve_policy, AUD_VARIABLE, SUB_VARIABLE};
use crate::hooks::use_other_user::{use_other_user, OtherUser};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Properties of [`PolicyPanel`].
#[derive(Properties, PartialEq)]
pub struct PolicyPanelProps {
    /// The session's client, once it has credentials.
    pub client: Option<ClientHandle>,
    /// The policy, the known identities, bucket and table.
    pub settings: Settings,
    /// The identity the credentials belong to.
    pub identity_id: Option<AttrValue>,
}

/// The policy panel.
#[component]
pub fn PolicyPanel(props: &PolicyPanelProps) -> Html {
    let OtherUser {
        attempts,
        busy,
        attempt,
    } = use_other_user(props.client.clone().filter(|c| !c.guest), &props.settings);
    let data = &props.settings.data;
    let own = props.identity_id.as_deref().unwrap_or_default().to_owned();
    let suggested = data
        .other_identity(&own)
        .map(|(_, id)| id)
        .unwrap_or_default();
    let other = use_state(String::new);
    {
        // The suggestion follows the identity; the field stays editable.
        let other = other.clone();
        use_effect_with(suggested.clone(), move |suggested| {
            other.set(suggested.clone())
        });
    }
    let guest = props.client.as_ref().is_some_and(|c| c.guest);
    let pool = props.settings.identity_pool_id.trim().to_owned();
    let policy = data.policy.as_ref().map(|text| match &props.identity_id {
        Some(id) if !guest => resolve_policy(text, id, &pool),
        _ => text.clone(),
    });
    let can_try = props.client.is_some() && !guest && !busy && !other.trim().is_empty();
    let on_other = {
        let other = other.clone();
        Callback::from(move |e: InputEvent| other.set(input_value(&e)))
    };
    let on_try = {
        let (attempt, other) = (attempt.clone(), other.clone());
        Callback::from(move |_: MouseEvent| attempt.emit(other.trim().to_owned()))
    };
    let outcomes = attempts.as_ref().map(|attempts| {
        let items = attempts.iter().map(|a| match &a.outcome {
            Err(e) => html! {
                <li data-testid="other-user-outcome" class="denied">
                    <code>{ &a.call }</code>{ " → " }
                    <code class="error-name">{ e.name() }</code>{ " — " }<span class="error-message">{ &e.message }</span>
                </li>
            },
            Ok(what) => html! {
                <li data-testid="other-user-outcome" class="allowed warn">
                    <code>{ &a.call }</code>{ format!(" → allowed ({what}): this policy does not confine users to their own data!") }
                </li>
            },
        });
        html! {
            <ul class="attempts" aria-live="polite">{ for items }</ul>
        }
    });

    html! {
        <section class="panel data" aria-labelledby="policy-title">
            <h2 id="policy-title">{ "Who may touch what: the role's policy" }</h2>
            <p class="muted small">
                { "Every signed-in user gets the same authenticated role. What keeps each in their own space is the policy's variables: for each request IAM replaces " }
                <code>{ SUB_VARIABLE }</code>{ " with the caller's identity id and " }<code>{ AUD_VARIABLE }</code>
                { " with the identity pool id, then matches resources (" }<code>{ "private/<identity id>/*" }</code>
                { ") and conditions (" }<code>{ "s3:prefix" }</code>{ ", " }<code>{ "dynamodb:LeadingKeys" }</code>{ ")." }
            </p>
            if let Some(policy) = policy {
                <p class="small">
                    if let (Some(id), false) = (&props.identity_id, guest) {
                        { "As IAM evaluates it for you (" }<code>{ id.to_string() }</code>{ "):" }
                    } else {
                        { "As stored in IAM (sign in to see it resolved for your identity):" }
                    }
                </p>
                <pre class="wire policy" data-testid="policy">{ policy }</pre>
            } else {
                <p class="muted small" data-testid="policy">{ "No policy in the settings: add the authenticated role's policy to config.json as \"policy\" (scripts/stack-config writes the local stack's)." }</p>
            }
            <div class="list-form">
                <div class="field grow">
                    <label for="other-identity">{ "Another user's identity id" }</label>
                    <input id="other-identity" type="text" spellcheck="false" autocomplete="off"
                        value={(*other).clone()} oninput={on_other} />
                </div>
                <div class="field end">
                    <button type="button" data-testid="try-other-user" onclick={on_try} disabled={!can_try}>
                        { if busy { "Trying…" } else { "Try to read their folder and row" } }
                    </button>
                </div>
            </div>
            { outcomes.unwrap_or_default() }
        </section>
    }
}
