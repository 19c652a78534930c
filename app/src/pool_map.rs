//! The pool map exercise: with the temporary credentials, signed
//! ListUserPools, ListIdentityPools and DescribeIdentityPool calls, then
//! which user pool each identity pool is bound to.

use std::rc::Rc;

use cognito_wasm::client::platform::Platform;
use cognito_wasm::cognito::aws_json;
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::json::Value;
use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::credentials;
use crate::error_box::ErrorBox;
use crate::redact::redact_canonical_request;
use crate::request_log::SigningNote;
use crate::settings::Settings;
use crate::state::ClientHandle;

/// Most pages read from each List call.
const MAX_PAGES: usize = 10;

#[derive(Clone, PartialEq)]
struct UserPoolRow {
    id: String,
    name: String,
}

#[derive(Clone, PartialEq)]
struct ProviderRow {
    provider_name: String,
    client_id: String,
    server_side_check: Option<bool>,
}

impl ProviderRow {
    /// The user pool id at the end of `cognito-idp.<region>.amazonaws.com/<id>`.
    fn user_pool_id(&self) -> Option<&str> {
        self.provider_name
            .strip_prefix("cognito-idp.")
            .and_then(|rest| rest.rsplit_once('/'))
            .map(|(_, id)| id)
    }
}

#[derive(Clone, PartialEq)]
struct IdentityPoolRow {
    id: String,
    name: String,
    allow_guests: Option<bool>,
    providers: Vec<ProviderRow>,
    error: Option<CognitoError>,
}

#[derive(Clone, PartialEq)]
struct PoolMap {
    user_pools: Result<Vec<UserPoolRow>, CognitoError>,
    identity_pools: Vec<IdentityPoolRow>,
}

/// One AWS JSON 1.1 call signed with SigV4 (the library's request
/// builder, signer and reply parser), recorded with its signing strings.
async fn signed_call(
    handle: &ClientHandle,
    signing: &SigningCredentials,
    endpoint: &str,
    service: &str,
    target: &str,
    body: Value,
) -> Result<Value, CognitoError> {
    let client = &handle.client;
    let platform = client.platform();
    let operation = target.rsplit('.').next().unwrap_or(target);
    let request = aws_json::request(endpoint, target, &body);
    let params = SigningParams {
        credentials: signing,
        region: client.config().region(),
        service,
        time_ms: client.now_ms(),
    };
    let signed = Signer::new().sign(request, &params, &SignOptions::default())?;
    platform.note_signing(SigningNote {
        canonical_request: redact_canonical_request(&signed.canonical_request),
        string_to_sign: signed.string_to_sign.clone(),
    });
    let response = platform.send(signed.request).await?;
    client.skew().observe(&response, platform.now_ms());
    aws_json::parse_reply(&response, operation)
}

/// Every page of a List call: `items_key` holds the items, `NextToken` the rest.
async fn list_all(
    handle: &ClientHandle,
    signing: &SigningCredentials,
    endpoint: &str,
    service: &str,
    target: &str,
    items_key: &str,
) -> Result<Vec<Value>, CognitoError> {
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let mut body = vec![("MaxResults".to_owned(), Value::Number(60.0))];
        if let Some(t) = &token {
            body.push(("NextToken".to_owned(), Value::String(t.clone())));
        }
        let reply = signed_call(
            handle,
            signing,
            endpoint,
            service,
            target,
            Value::Object(body),
        )
        .await?;
        if let Some(page) = reply.get(items_key).and_then(Value::as_array) {
            items.extend(page.iter().cloned());
        }
        token = reply
            .get_str("NextToken")
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    Ok(items)
}

async fn map_pools(
    handle: &ClientHandle,
    progress: &UseStateHandle<Option<String>>,
) -> Result<PoolMap, CognitoError> {
    let credentials = credentials::fetch(handle).await?;
    let signing = credentials.signing();
    let config = handle.client.config();
    let (idp, identity) = (
        config.idp_endpoint().to_owned(),
        config.identity_endpoint().to_owned(),
    );

    progress.set(Some("ListUserPools…".to_owned()));
    let user_pools = list_all(
        handle,
        &signing,
        &idp,
        "cognito-idp",
        "AWSCognitoIdentityProviderService.ListUserPools",
        "UserPools",
    )
    .await
    .map(|items| {
        items
            .iter()
            .filter_map(|p| {
                Some(UserPoolRow {
                    id: p.get_str("Id")?.to_owned(),
                    name: p.get_str("Name").unwrap_or_default().to_owned(),
                })
            })
            .collect::<Vec<_>>()
    });

    progress.set(Some("ListIdentityPools…".to_owned()));
    let listed = list_all(
        handle,
        &signing,
        &identity,
        "cognito-identity",
        "AWSCognitoIdentityService.ListIdentityPools",
        "IdentityPools",
    )
    .await?;
    let mut identity_pools = Vec::new();
    let total = listed.len();
    for (i, pool) in listed.iter().enumerate() {
        let Some(id) = pool.get_str("IdentityPoolId") else {
            continue;
        };
        progress.set(Some(format!("DescribeIdentityPool {} of {total}…", i + 1)));
        let body = Value::object([("IdentityPoolId", Value::String(id.to_owned()))]);
        let described = signed_call(
            handle,
            &signing,
            &identity,
            "cognito-identity",
            "AWSCognitoIdentityService.DescribeIdentityPool",
            body,
        )
        .await;
        let name = pool
            .get_str("IdentityPoolName")
            .unwrap_or_default()
            .to_owned();
        identity_pools.push(match described {
            Ok(d) => IdentityPoolRow {
                id: id.to_owned(),
                name: d
                    .get_str("IdentityPoolName")
                    .map(str::to_owned)
                    .unwrap_or(name),
                allow_guests: d
                    .get("AllowUnauthenticatedIdentities")
                    .and_then(Value::as_bool),
                providers: d
                    .get("CognitoIdentityProviders")
                    .and_then(Value::as_array)
                    .unwrap_or_default()
                    .iter()
                    .map(|p| ProviderRow {
                        provider_name: p.get_str("ProviderName").unwrap_or_default().to_owned(),
                        client_id: p.get_str("ClientId").unwrap_or_default().to_owned(),
                        server_side_check: p.get("ServerSideTokenCheck").and_then(Value::as_bool),
                    })
                    .collect(),
                error: None,
            },
            Err(e) => IdentityPoolRow {
                id: id.to_owned(),
                name,
                allow_guests: None,
                providers: Vec::new(),
                error: Some(e),
            },
        });
    }
    Ok(PoolMap {
        user_pools,
        identity_pools,
    })
}

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
    let map = use_state(|| None::<Rc<PoolMap>>);
    let busy = use_state(|| false);
    let progress = use_state(|| None::<String>);
    let error = use_state(|| None::<CognitoError>);
    {
        let (map, error, busy) = (map.clone(), error.clone(), busy.clone());
        use_effect_with(props.client.as_ref().map(|c| c.epoch), move |_| {
            map.set(None);
            error.set(None);
            busy.set(false);
        });
    }
    let onclick = {
        let (map, busy, progress, error) =
            (map.clone(), busy.clone(), progress.clone(), error.clone());
        let client = props.client.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(handle) = client.clone() else {
                return;
            };
            busy.set(true);
            error.set(None);
            let (map, busy, progress, error) =
                (map.clone(), busy.clone(), progress.clone(), error.clone());
            spawn_local(async move {
                let result = map_pools(&handle, &progress).await;
                busy.set(false);
                progress.set(None);
                match result {
                    Ok(m) => map.set(Some(Rc::new(m))),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
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
                <button type="button" {onclick} disabled={props.client.is_none() || *busy}>
                    { if *busy { "Mapping…" } else { "Map the pools" } }
                </button>
                if let Some(p) = &*progress {
                    <span class="loading small" aria-live="polite">{ p }</span>
                }
            </div>
            if props.client.is_none() {
                <p class="muted small">{ "Needs credentials: sign in or continue as a guest first." }</p>
            }
            <ErrorBox error={(*error).clone()} context="Pool map failed" />
            { view.unwrap_or_default() }
        </section>
    }
}
