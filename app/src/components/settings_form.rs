//! The settings form: every field with its hint, and the library's
//! explanation next to a value it refuses.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::settings::{Field, Settings};

/// Properties of [`SettingsForm`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// Current values.
    pub settings: Settings,
    /// Called with the edited settings.
    pub on_change: Callback<Settings>,
    /// Read-only while a session is active.
    pub locked: bool,
    /// Where the values came from (`config.json`, …).
    pub source: AttrValue,
}

/// The settings form.
#[component]
pub fn SettingsForm(props: &SettingsProps) -> Html {
    let problems = props.settings.problems();
    let field = |field: Field,
                 label: &str,
                 value: &str,
                 placeholder: &str,
                 hint: &str,
                 set: fn(&mut Settings, String)| {
        let settings = props.settings.clone();
        let on_change = props.on_change.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = settings.clone();
            set(&mut next, input.value());
            on_change.emit(next);
        });
        let problem = problems.iter().find(|p| p.field == field);
        let error_id = format!("{}-error", field.id());
        let hint_id = format!("{}-hint", field.id());
        let described = if problem.is_some() {
            format!("{hint_id} {error_id}")
        } else {
            hint_id.clone()
        };
        html! {
            <div class={classes!("field", problem.map(|_| "invalid"))}>
                <label for={field.id()}>{ label }</label>
                <input id={field.id()} type="text" spellcheck="false" autocomplete="off"
                    value={value.to_owned()} placeholder={placeholder.to_owned()} {oninput}
                    aria-invalid={problem.is_some().to_string()} aria-describedby={described} />
                <small id={hint_id} class="hint">{ hint }</small>
                if let Some(p) = problem {
                    <small id={error_id} class="field-error">{ &p.message }</small>
                }
            </div>
        }
    };
    let s = &props.settings;
    let endpoints_open = !s.idp_endpoint.is_empty()
        || !s.identity_endpoint.is_empty()
        || !s.s3_endpoint.is_empty()
        || problems.iter().any(|p| {
            matches!(
                p.field,
                Field::IdpEndpoint | Field::IdentityEndpoint | Field::S3Endpoint
            )
        });
    html! {
        <section class="panel settings" aria-labelledby="settings-title">
            <h2 id="settings-title">{ "Settings" }</h2>
            <p class="muted small">{ format!("Loaded from {}. ", props.source) }
                if props.locked { { "Sign out to change them." } } else { { "Edit to point the demo at your own pools; values are checked before any request." } }
            </p>
            <fieldset disabled={props.locked}>
                <legend class="visually-hidden">{ "AWS settings" }</legend>
                <div class="grid-fields">
                    { field(Field::UserPoolId, "User pool id", &s.user_pool_id, "eu-west-1_AbC123", "<region>_<id>", |s, v| s.user_pool_id = v) }
                    { field(Field::ClientId, "App client id", &s.client_id, "1example23456789", "a public client, without a secret", |s, v| s.client_id = v) }
                    { field(Field::IdentityPoolId, "Identity pool id", &s.identity_pool_id, "eu-west-1:uuid", "<region>:<uuid>; empty: no AWS credentials", |s, v| s.identity_pool_id = v) }
                    { field(Field::Region, "Region", &s.region, "from the user pool id", "empty: the user pool's", |s, v| s.region = v) }
                    { field(Field::Bucket, "Bucket", &s.bucket, "my-bucket", "its CORS must allow this page", |s, v| s.bucket = v) }
                    { field(Field::Prefix, "Start prefix", &s.prefix, "public/", "listed first", |s, v| s.prefix = v) }
                </div>
                <details class="endpoints" open={endpoints_open}>
                    <summary>{ "Endpoints (empty: AWS)" }</summary>
                    <div class="grid-fields">
                        { field(Field::IdpEndpoint, "cognito-idp endpoint", &s.idp_endpoint, "https://cognito-idp.<region>.amazonaws.com/", "https, or http on loopback", |s, v| s.idp_endpoint = v) }
                        { field(Field::IdentityEndpoint, "cognito-identity endpoint", &s.identity_endpoint, "https://cognito-identity.<region>.amazonaws.com/", "https, or http on loopback", |s, v| s.identity_endpoint = v) }
                        { field(Field::S3Endpoint, "S3 endpoint", &s.s3_endpoint, "https://<bucket>.s3.<region>.amazonaws.com/", "custom endpoints use path-style URLs", |s, v| s.s3_endpoint = v) }
                    </div>
                </details>
            </fieldset>
            if problems.is_empty() {
                <p class="ok small" role="status">{ "Settings look valid." }</p>
            } else {
                <p class="warn small" role="status">{ format!("{} setting(s) need attention (see the marked fields).", problems.len()) }</p>
            }
        </section>
    }
}
