//! The pool map panel: which user pool each identity pool the credentials
//! can see is bound to, with this demo's binding marked.

use yew::prelude::*;

use super::error_box::ErrorBox;
use crate::hooks::use_pool_map::{use_pool_map, PoolMapState};
use crate::pool_map::{ProviderRow, UserPoolRow};
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Properties of [`PoolMapPanel`].
#[derive(Properties, PartialEq)]
pub struct PoolMapProps {
    /// The session's client (none: not signed in).
    pub client: Option<ClientHandle>,
    /// The configured pools (highlighted in the map).
    pub settings: Settings,
}

/// The pool map panel.
#[component]
pub fn PoolMapPanel(props: &PoolMapProps) -> Html {
    let PoolMapState {
        map,
        busy,
        progress,
        error,
        run,
    } = use_pool_map(props.client.clone());
    let onclick = run.reform(|_: MouseEvent| ());
    let ours_user = props.settings.user_pool_id.trim().to_owned();
    let ours_identity = props.settings.identity_pool_id.trim().to_owned();
    let ours_client = props.settings.client_id.trim().to_owned();
    let view = map.as_ref().map(|m| {
        let user_pools: &[UserPoolRow] = m.user_pools.as_deref().unwrap_or_default();
        let name_of = |id: &str| user_pools.iter().find(|u| u.id == id).map(|u| u.name.clone());
        let cards = m.identity_pools.iter().map(|ip| {
            let providers = ip.providers.iter().map(|p| {
                let pool_id = p.user_pool_id().unwrap_or_default().to_owned();
                let pool_label = match (pool_id.is_empty(), name_of(&pool_id)) {
                    (true, _) => "not a user pool provider".to_owned(),
                    (false, Some(name)) => format!("user pool {name} ({pool_id})"),
                    (false, None) => format!("user pool {pool_id} (not in ListUserPools: another account or region?)"),
                };
                let ours = ip.id == ours_identity && pool_id == ours_user && p.client_id == ours_client;
                html! {
                    <li class={classes!("binding", ours.then_some("ours"))}>
                        <code>{ &p.provider_name }</code>
                        <span class="arrow" aria-hidden="true">{ " → " }</span>
                        <span>{ pool_label }</span>
                        <span class="muted small">{ format!(" · app client {}", p.client_id) }</span>
                        if let Some(check) = p.server_side_check {
                            <span class="muted small">{ format!(" · ServerSideTokenCheck {check}") }</span>
                        }
                        if ours {
                            <strong class="badge">{ "this demo's binding" }</strong>
                        }
                    </li>
                }
            });
            let guests = match ip.allow_guests {
                Some(true) => "guests allowed",
                Some(false) => "no guests",
                None => "",
            };
            html! {
                <li class={classes!("identity-pool", (ip.id == ours_identity).then_some("ours"))}>
                    <h3>{ format!("Identity pool {}", ip.name) }</h3>
                    <p class="small"><code>{ &ip.id }</code>{ " " }<span class="muted">{ guests }</span></p>
                    if let Some(e) = &ip.error {
                        <p class="warn small">{ format!("DescribeIdentityPool failed: {}: {}", e.name(), e.message) }</p>
                    } else if ip.providers.is_empty() {
                        <p class="muted small">{ "No CognitoIdentityProviders: bound to no user pool." }</p>
                    } else {
                        <ul class="bindings">{ for providers }</ul>
                    }
                </li>
            }
        });
        let bound: Vec<&str> = m
            .identity_pools
            .iter()
            .flat_map(|ip| ip.providers.iter().filter_map(ProviderRow::user_pool_id))
            .collect();
        let unbound: Vec<&UserPoolRow> = user_pools.iter().filter(|u| !bound.contains(&u.id.as_str())).collect();
        html! {
            <div class="pool-map" data-testid="pool-map">
                if let Err(e) = &m.user_pools {
                    <p class="warn small">{ format!("ListUserPools failed ({}: {}); bindings are still read from the identity pools.", e.name(), e.message) }</p>
                } else {
                    <p class="small">{ format!("{} user pool(s), {} identity pool(s) visible to these credentials.", user_pools.len(), m.identity_pools.len()) }</p>
                }
                if m.identity_pools.is_empty() {
                    <p class="muted">{ "ListIdentityPools returned no identity pool." }</p>
                } else {
                    <ul class="identity-pools">{ for cards }</ul>
                }
                if !unbound.is_empty() {
                    <p class="small">{ "User pools no listed identity pool is bound to: " }
                        { for unbound.iter().map(|u| html! { <code class="chip">{ format!("{} ({})", u.name, u.id) }</code> }) }
                    </p>
                }
            </div>
        }
    });
    html! {
        <section class="panel" aria-labelledby="pool-map-title" aria-busy={busy.to_string()}>
            <h2 id="pool-map-title">{ "Pool map: which user pool is each identity pool bound to?" }</h2>
            <p class="muted small">
                { "The binding lives only in the identity pool: DescribeIdentityPool lists its CognitoIdentityProviders (ProviderName cognito-idp.<region>.amazonaws.com/<userPoolId> and the app client id). DescribeUserPool says nothing about identity pools, so finding the identity pools that trust a user pool means listing the identity pools and describing each. These calls are signed with the temporary credentials; the role's policy decides whether they are allowed." }
            </p>
            <div class="actions">
                <button type="button" {onclick} disabled={props.client.is_none() || busy}>
                    { if busy { "Mapping…" } else { "Map the pools" } }
                </button>
                if let Some(p) = &progress {
                    <span class="loading small" aria-live="polite">{ p }</span>
                }
            </div>
            if props.client.is_none() {
                <p class="muted small">{ "Needs credentials: sign in or continue as a guest first." }</p>
            }
            <ErrorBox error={error} context="Pool map failed" />
            { view.unwrap_or_default() }
        </section>
    }
}
