//! Step 2 result: the temporary AWS credentials, secret masked, with their
//! expiry.

use cognito_wasm::session::Credentials;
use cognito_wasm::CognitoError;
use yew::prelude::*;

use super::countdown::Countdown;
use super::error_box::ErrorBox;
use crate::format::shorten;

/// Properties of [`CredentialsPanel`].
#[derive(Properties, PartialEq)]
pub struct CredentialsProps {
    /// The credentials, once there.
    pub credentials: Option<Credentials>,
    /// Guest credentials (unauthenticated role).
    pub guest: bool,
    /// They are being fetched.
    pub busy: bool,
    /// Said when the library renewed them.
    pub note: Option<AttrValue>,
    /// The last error getting them.
    pub error: Option<CognitoError>,
    /// Server minus local clock, ms.
    pub offset_ms: f64,
    /// Whether an identity pool is configured.
    pub has_identity_pool: bool,
}

/// Identity id, keys (secret masked), session token (shortened), expiry.
#[component]
pub fn CredentialsPanel(props: &CredentialsProps) -> Html {
    let reveal = use_state(|| false);
    let toggle = {
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| reveal.set(!*reveal))
    };
    let body = match &props.credentials {
        None if props.busy => {
            html! { <p class="loading" aria-busy="true">{ "Asking the identity pool (GetId, GetCredentialsForIdentity)…" }</p> }
        }
        None if !props.has_identity_pool => {
            html! { <p class="muted">{ "No identity pool configured: no AWS credentials." }</p> }
        }
        None => html! { <p class="muted">{ "None yet: sign in or continue as a guest." }</p> },
        Some(c) => {
            let secret = if *reveal {
                c.secret_access_key.clone()
            } else {
                "•".repeat(c.secret_access_key.chars().count().min(40))
            };
            html! {
                <dl>
                    <dt>{ "Identity id" }</dt>
                    <dd><code data-testid="identity-id">{ &c.identity_id }</code></dd>
                    <dt>{ "Role" }</dt>
                    <dd>{ if props.guest { "unauthenticated (guest) role of the identity pool" } else { "authenticated role of the identity pool" } }</dd>
                    <dt>{ "Access key id" }</dt>
                    <dd><code data-testid="access-key-id">{ &c.access_key_id }</code></dd>
                    <dt>{ "Secret access key" }</dt>
                    <dd class="secret">
                        <code aria-label={if *reveal { "secret access key" } else { "secret access key, hidden" }}>{ secret }</code>
                        <button type="button" class="secondary small" onclick={toggle} aria-pressed={reveal.to_string()}>
                            { if *reveal { "Hide" } else { "Reveal" } }
                        </button>
                    </dd>
                    <dt>{ "Session token" }</dt>
                    <dd><code>{ shorten(&c.session_token, 12) }</code></dd>
                    <dt>{ "Expires" }</dt>
                    <dd data-testid="expiration"><Countdown until_ms={c.expiration_ms} offset_ms={props.offset_ms} /></dd>
                </dl>
            }
        }
    };
    html! {
        <section class="panel" aria-labelledby="credentials-title" aria-busy={props.busy.to_string()}>
            <h2 id="credentials-title">{ "Temporary AWS credentials (identity pool)" }</h2>
            <p class="muted small">
                { "The identity pool maps the login (or no login: a guest) to an identity id and hands out short-lived keys for one of its IAM roles. The page holds them; the role's policy is all that limits what they can do." }
            </p>
            { body }
            if let Some(note) = &props.note {
                <p class="notice" role="status">{ note }</p>
            }
            <ErrorBox error={props.error.clone()} context="No credentials" />
        </section>
    }
}
