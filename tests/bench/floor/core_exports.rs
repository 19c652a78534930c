//! The synchronous protocol core, one export per step a JavaScript driver
//! would call between its `fetch`es.

use cognito_wasm::cognito::aws_json;
use cognito_wasm::cognito::challenge::{responses, ChallengeAnswer, PendingChallenge};
use cognito_wasm::config::{Config, ValidConfig};
use cognito_wasm::wire::http::HttpResponse;
use cognito_wasm::cognito::identity;
use cognito_wasm::cognito::idp::{self, AuthReply};
use cognito_wasm::client::retry::{backoff_ms, should_retry, RetryMode};
use cognito_wasm::s3::{self, ListObjectsInput};
use cognito_wasm::session::{IdentityIds, IdentityOwner, TokenSet};
use cognito_wasm::sigv4::{SignOptions, Signer, SigningCredentials, SigningParams};
use cognito_wasm::client::skew::ClockSkew;
use cognito_wasm::crypto::srp::{cognito_timestamp, PasswordClaim, SrpSession};
use cognito_wasm::CognitoError;
use wasm_bindgen::prelude::*;

use crate::{js_error, pack};

/// A reply from its status, `name\0value…` headers and body.
fn reply(status: u16, headers: &str, body: &str) -> HttpResponse {
    let mut pairs = Vec::new();
    let mut fields = headers.split('\0');
    while let (Some(name), Some(value)) = (fields.next(), fields.next()) {
        pairs.push((name.to_owned(), value.to_owned()));
    }
    HttpResponse {
        status,
        headers: pairs,
        body: body.as_bytes().to_vec(),
    }
}

/// Credentials without a session token.
fn long_term(access_key_id: &str, secret_access_key: &str) -> SigningCredentials {
    SigningCredentials {
        access_key_id: access_key_id.into(),
        secret_access_key: secret_access_key.into(),
        session_token: None,
    }
}

/// A session's state between steps.
#[wasm_bindgen]
pub struct Core {
    config: ValidConfig,
    signer: Signer,
    tokens: Option<TokenSet>,
    identity_ids: IdentityIds,
    skew: ClockSkew,
    srp: Option<SrpSession>,
    pending: Option<PendingChallenge>,
}

impl Core {
    /// S3 signing in `region` at `now_ms`, corrected by the learned clock offset.
    fn s3_params<'a>(
        &self,
        credentials: &'a SigningCredentials,
        region: &'a str,
        now_ms: f64,
    ) -> SigningParams<'a> {
        SigningParams {
            credentials,
            region,
            service: "s3",
            time_ms: self.skew.now_ms(now_ms),
        }
    }
}

#[wasm_bindgen]
impl Core {
    /// Checks the configuration.
    #[wasm_bindgen(constructor)]
    pub fn new(
        user_pool_id: &str,
        client_id: &str,
        identity_pool_id: Option<String>,
        client_secret: Option<String>,
        idp_endpoint: Option<String>,
        identity_endpoint: Option<String>,
        refresh_margin_seconds: Option<f64>,
    ) -> Result<Core, JsError> {
        let mut config = Config::new(user_pool_id, client_id);
        config.identity_pool_id = identity_pool_id;
        config.client_secret = client_secret;
        config.cognito_idp_endpoint = idp_endpoint;
        config.cognito_identity_endpoint = identity_endpoint;
        config.refresh_margin_seconds = refresh_margin_seconds;
        Ok(Core {
            config: config.validate().map_err(js_error)?,
            signer: Signer::new(),
            tokens: None,
            identity_ids: IdentityIds::default(),
            skew: ClockSkew::new(),
            srp: None,
            pending: None,
        })
    }

    /// InitiateAuth USER_SRP_AUTH.
    pub fn srp_start(&mut self, random: &[u8], username: &str) -> Result<String, JsError> {
        let session = SrpSession::new(random).map_err(js_error)?;
        let request = idp::initiate_auth_srp(&self.config, username, &session.srp_a_hex());
        self.srp = Some(session);
        Ok(pack(request))
    }

    /// InitiateAuth USER_PASSWORD_AUTH.
    pub fn password_start(&self, username: &str, password: &str) -> String {
        pack(idp::initiate_auth_password(
            &self.config,
            username,
            password,
        ))
    }

    /// InitiateAuth REFRESH_TOKEN_AUTH.
    pub fn refresh_start(&self) -> Option<String> {
        let tokens = self.tokens.as_ref()?;
        let refresh = tokens.refresh_token.as_deref()?;
        Some(pack(idp::initiate_auth_refresh(
            &self.config,
            refresh,
            tokens.username(),
        )))
    }

    /// An InitiateAuth or RespondToAuthChallenge reply: the tokens as JSON,
    /// the PASSWORD_VERIFIER answer, or the next challenge's name.
    #[allow(clippy::too_many_arguments)]
    pub fn auth_reply(
        &mut self,
        status: u16,
        headers: &str,
        body: &str,
        operation: &str,
        username: &str,
        password: &str,
        now_ms: f64,
    ) -> Result<String, JsError> {
        let response = reply(status, headers, body);
        self.skew.observe(&response, now_ms);
        match idp::parse_auth_reply(&response, operation).map_err(js_error)? {
            AuthReply::Authenticated(auth) => {
                let previous = self.tokens.as_ref().and_then(|t| t.refresh_token.clone());
                let tokens =
                    TokenSet::from_auth(auth, previous.as_deref(), now_ms).map_err(js_error)?;
                let json = tokens.to_json();
                self.tokens = Some(tokens);
                Ok(json)
            }
            AuthReply::Challenge(challenge) if challenge.name == "PASSWORD_VERIFIER" => {
                let session = self
                    .srp
                    .take()
                    .ok_or_else(|| JsError::new("no SRP session"))?;
                let parameter = |name| challenge.parameter(name).unwrap_or("");
                let signature = session
                    .password_claim(&PasswordClaim {
                        pool_name: self.config.pool_name(),
                        user_id_for_srp: parameter("USER_ID_FOR_SRP"),
                        password,
                        salt_hex: parameter("SALT"),
                        srp_b_hex: parameter("SRP_B"),
                        secret_block_b64: parameter("SECRET_BLOCK"),
                        timestamp: &cognito_timestamp(now_ms),
                    })
                    .map_err(js_error)?;
                let answers = vec![
                    ("USERNAME".to_owned(), username.to_owned()),
                    ("PASSWORD_CLAIM_SIGNATURE".to_owned(), signature),
                ];
                Ok(pack(idp::respond_to_auth_challenge(
                    &self.config,
                    &challenge.name,
                    challenge.session.as_deref(),
                    answers,
                )))
            }
            AuthReply::Challenge(challenge) => {
                let pending = PendingChallenge::new(&challenge, username);
                let name = pending.name.clone();
                self.pending = Some(pending);
                Ok(name)
            }
        }
    }

    /// RespondToAuthChallenge for the pending challenge.
    pub fn answer(
        &self,
        new_password: Option<String>,
        code: Option<String>,
    ) -> Result<String, JsError> {
        let pending = self
            .pending
            .as_ref()
            .ok_or_else(|| JsError::new("no challenge"))?;
        let answer = ChallengeAnswer {
            new_password,
            code,
            mfa_type: None,
            attributes: Vec::new(),
        };
        let answers = responses(pending, &answer).map_err(js_error)?;
        Ok(pack(idp::respond_to_auth_challenge(
            &self.config,
            &pending.name,
            pending.session.as_deref(),
            answers,
        )))
    }

    /// GetId, or GetCredentialsForIdentity when the identity id is known.
    pub fn credentials_start(&self, guest: bool) -> Option<String> {
        let pool = self.config.identity_pool_id()?;
        let tokens = self.tokens.as_ref();
        let (owner, logins) = if guest {
            (IdentityOwner::Guest, Vec::new())
        } else {
            let tokens = tokens?;
            (
                IdentityOwner::User(tokens.sub()?.to_owned()),
                vec![(self.config.provider_name(), tokens.id_token.clone())],
            )
        };
        Some(pack(match self.identity_ids.get(pool, &owner) {
            Some(id) => identity::get_credentials_for_identity(&self.config, id, &logins),
            None => identity::get_id(&self.config, pool, &logins),
        }))
    }

    /// A GetId reply: the GetCredentialsForIdentity request.
    pub fn identity_reply(
        &mut self,
        status: u16,
        headers: &str,
        body: &str,
    ) -> Result<String, JsError> {
        let id = identity::parse_get_id(&reply(status, headers, body)).map_err(js_error)?;
        let pool = self.config.identity_pool_id().unwrap_or("").to_owned();
        self.identity_ids.insert(&pool, &IdentityOwner::Guest, &id);
        Ok(pack(identity::get_credentials_for_identity(
            &self.config,
            &id,
            &[],
        )))
    }

    /// A GetCredentialsForIdentity reply: the access key id.
    pub fn credentials_reply(
        &self,
        status: u16,
        headers: &str,
        body: &str,
        identity_id: &str,
    ) -> Result<String, JsError> {
        let credentials = identity::parse_credentials(&reply(status, headers, body), identity_id)
            .map_err(js_error)?;
        Ok(credentials.access_key_id)
    }

    /// Milliseconds to wait before retrying, 0 for no retry.
    pub fn retry_after(&self, name: &str, status: u16, attempt: u32, random: u32) -> u32 {
        let error = CognitoError::new(name, "", status >= 500);
        if should_retry(RetryMode::Idempotent, &error, Some(status), attempt) {
            backoff_ms(attempt, random)
        } else {
            0
        }
    }

    /// An error reply's `name\0message`.
    pub fn error(&self, status: u16, headers: &str, body: &str) -> String {
        let error = aws_json::error_from_response(&reply(status, headers, body));
        error.name + "\0" + &error.message
    }

    /// ListObjectsV2 (one page) of `bucket` under `prefix`, unsigned.
    pub fn list_request(
        &self,
        bucket: &str,
        region: &str,
        prefix: Option<String>,
        continuation_token: Option<String>,
        endpoint: Option<String>,
    ) -> Result<String, JsError> {
        let mut input = ListObjectsInput::new(bucket, region);
        input.prefix = prefix;
        input.continuation_token = continuation_token;
        input.endpoint = endpoint;
        input.delimiter = Some("/".into());
        Ok(pack(s3::list_objects_request(&input).map_err(js_error)?))
    }

    /// A ListObjectsV2 reply: the keys, `\0`-joined.
    pub fn list_reply(&self, status: u16, headers: &str, body: &str) -> Result<String, JsError> {
        let listing =
            s3::parse_list_objects_response(&reply(status, headers, body)).map_err(js_error)?;
        let mut out = String::new();
        for object in listing.objects {
            out.push_str(&object.key);
            out.push('\0');
        }
        Ok(out)
    }

    /// A presigned GET URL for an object.
    pub fn presign_get(
        &self,
        bucket: &str,
        key: &str,
        access_key_id: &str,
        secret_access_key: &str,
        region: &str,
        now_ms: f64,
    ) -> Result<String, JsError> {
        let credentials = long_term(access_key_id, secret_access_key);
        let params = self.s3_params(&credentials, region, now_ms);
        s3::presign_get_object(&self.signer, &params, bucket, key, None, false, 900)
            .map_err(js_error)
    }

    /// Signs a GET with the clock offset learned from replies.
    pub fn sign_get(
        &self,
        url: &str,
        access_key_id: &str,
        secret_access_key: &str,
        region: &str,
        now_ms: f64,
    ) -> Result<String, JsError> {
        let credentials = long_term(access_key_id, secret_access_key);
        let params = self.s3_params(&credentials, region, now_ms);
        let request = cognito_wasm::wire::http::HttpRequest {
            method: "GET".into(),
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let signed = self
            .signer
            .sign(request, &params, &SignOptions::s3())
            .map_err(js_error)?;
        Ok(pack(signed.request))
    }

    /// GlobalSignOut and RevokeToken requests; forgets the tokens.
    pub fn sign_out(&mut self, global: bool) -> String {
        let mut out = String::new();
        if let Some(tokens) = self.tokens.take() {
            if global {
                out = pack(idp::global_sign_out(&self.config, &tokens.access_token));
            }
            if let Some(refresh) = &tokens.refresh_token {
                out.push_str(&pack(idp::revoke_token(&self.config, refresh)));
            }
        }
        out
    }

    /// Restores stored tokens and identity ids.
    pub fn restore(&mut self, tokens_json: &str, identity_ids_json: &str) -> bool {
        self.tokens = TokenSet::from_json(tokens_json);
        self.identity_ids = IdentityIds::from_json(identity_ids_json);
        self.tokens.is_some()
    }

    /// Whether the tokens are still fresh.
    pub fn fresh(&self, now_ms: f64) -> bool {
        self.tokens
            .as_ref()
            .is_some_and(|t| t.is_fresh(now_ms, self.config.refresh_margin_ms()))
    }
}
