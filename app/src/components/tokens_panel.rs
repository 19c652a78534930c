//! Step 1 result: the decoded ID and access token claims (never the
//! refresh token), with a live expiry countdown.

use cognito_wasm::client::CurrentUser;
use cognito_wasm::wire::json::Value;
use cognito_wasm::wire::jwt::Claims;
use yew::prelude::*;

use super::countdown::Countdown;
use crate::format::utc_time;
use crate::pretty_json::pretty;

/// Properties of [`TokensPanel`].
#[derive(Properties, PartialEq)]
pub struct TokensProps {
    /// The signed-in user.
    pub user: CurrentUser,
    /// Server minus local clock, ms.
    pub offset_ms: f64,
}

/// Claims that are times in seconds since the epoch.
const TIME_CLAIMS: [&str; 3] = ["auth_time", "iat", "nbf"];

fn claim_text(claims: &Claims, name: &str) -> Option<String> {
    claims.get(name).map(|v| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) if TIME_CLAIMS.contains(&name) => {
            format!("{} ({n})", utc_time(n * 1000.0))
        }
        other => other.to_string(),
    })
}

fn claims_view(
    claims: &Claims,
    names: &[&str],
    offset_ms: f64,
    testid: Option<&'static str>,
) -> Html {
    let rows = names.iter().filter_map(|name| {
        let value = claim_text(claims, name)?;
        Some(html! {
            <>
                <dt><code>{ *name }</code></dt>
                <dd>{ value }</dd>
            </>
        })
    });
    html! {
        <div class="claims" data-testid={testid}>
            <dl>
                { for rows }
                if let Some(exp_ms) = claims.exp_ms() {
                    <dt><code>{ "exp" }</code></dt>
                    <dd><Countdown until_ms={exp_ms} {offset_ms} /></dd>
                }
            </dl>
            <details>
                <summary>{ "All claims" }</summary>
                <pre class="wire">{ pretty(claims.value()) }</pre>
            </details>
        </div>
    }
}

/// The tokens' claims.
#[component]
pub fn TokensPanel(props: &TokensProps) -> Html {
    let user = &props.user;
    html! {
        <section class="panel" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{ "Tokens (user pool)" }</h2>
            <p class="muted small">
                { "Cognito returned three JWTs. Their claims are shown decoded (the library does not check signatures: the services that receive the tokens do). The refresh token is kept by the library and never shown." }
            </p>
            <div class="two">
                <div>
                    <h3>{ "ID token" }</h3>
                    <p class="small muted">{ "Who the user is; traded at the identity pool for AWS credentials." }</p>
                    { claims_view(&user.id_token_claims, &["sub", "iss", "aud", "token_use", "cognito:username", "email", "auth_time", "iat"], props.offset_ms, Some("id-token-claims")) }
                </div>
                <div>
                    <h3>{ "Access token" }</h3>
                    <p class="small muted">{ "What the user may do in the user pool (sign-out, profile)." }</p>
                    { claims_view(&user.access_token_claims, &["sub", "iss", "client_id", "token_use", "scope", "username", "iat"], props.offset_ms, None) }
                </div>
            </div>
        </section>
    }
}
