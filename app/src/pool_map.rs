//! The pool map exercise: with the temporary credentials, signed
//! ListUserPools, ListIdentityPools and DescribeIdentityPool calls, read
//! into which user pool each identity pool is bound to.

use cognito_wasm::client::platform::Platform;
use cognito_wasm::cognito::aws_json;
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::wire::json::Value;
use cognito_wasm::CognitoError;
use yew::Callback;

use crate::redact::redact_canonical_request;
use crate::request_log::SigningNote;
use crate::session::ClientHandle;

/// Most pages read from each List call.
const MAX_PAGES: usize = 10;

/// A user pool the credentials can see.
#[derive(Clone, PartialEq)]
pub struct UserPoolRow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One of an identity pool's `CognitoIdentityProviders`.
#[derive(Clone, PartialEq)]
pub struct ProviderRow {
    /// `cognito-idp.<region>.amazonaws.com/<userPoolId>` for a user pool.
    pub provider_name: String,
    /// The app client id it accepts tokens of.
    pub client_id: String,
    /// Its `ServerSideTokenCheck`, when given.
    pub server_side_check: Option<bool>,
}

impl ProviderRow {
    /// The user pool id at the end of `cognito-idp.<region>.amazonaws.com/<id>`.
    pub fn user_pool_id(&self) -> Option<&str> {
        self.provider_name
            .strip_prefix("cognito-idp.")
            .and_then(|rest| rest.rsplit_once('/'))
            .map(|(_, id)| id)
    }
}

/// An identity pool and the providers it trusts.
#[derive(Clone, PartialEq)]
pub struct IdentityPoolRow {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its `AllowUnauthenticatedIdentities`, when described.
    pub allow_guests: Option<bool>,
    /// The providers it trusts (empty when not described).
    pub providers: Vec<ProviderRow>,
    /// Why DescribeIdentityPool failed, if it did.
    pub error: Option<CognitoError>,
}

/// The user pools and identity pools the credentials can see.
#[derive(Clone, PartialEq)]
pub struct PoolMap {
    /// ListUserPools, or why it failed (the bindings are still read).
    pub user_pools: Result<Vec<UserPoolRow>, CognitoError>,
    /// Every listed identity pool, described.
    pub identity_pools: Vec<IdentityPoolRow>,
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
    let url = signed.request.url.clone();
    let response = platform.send(signed.request).await?;
    client.skew().observe(&url, &response, platform.now_ms());
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

/// Lists the user pools and identity pools and describes each identity
/// pool, telling `progress` which call is running.
pub async fn map_pools(
    handle: &ClientHandle,
    progress: &Callback<String>,
) -> Result<PoolMap, CognitoError> {
    let credentials = handle.credentials().await?;
    let signing = credentials.signing();
    let config = handle.client.config();
    let (idp, identity) = (
        config.idp_endpoint().to_owned(),
        config.identity_endpoint().to_owned(),
    );

    progress.emit("ListUserPools…".to_owned());
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

    progress.emit("ListIdentityPools…".to_owned());
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
        progress.emit(format!("DescribeIdentityPool {} of {total}…", i + 1));
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
