//! A scripted Cognito (user pool + identity pool) behind a fake Platform,
//! for the `client_*` tests: a fake clock, deterministic random bytes, a log
//! of every request and injectable failures. The server checks what the
//! real one checks where it matters here (passwords, SRP proofs with the
//! client's known secret, SECRET_HASH, token expiry and issuer, single-use
//! challenge sessions).
#![allow(dead_code)]

mod accounts;
mod devices;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use base64::Engine;
use cognito_wasm::client::platform::{Platform, TabLock};
use cognito_wasm::client::{CognitoClient, SignInResult};
use cognito_wasm::cognito::challenge::ChallengeAnswer;
use cognito_wasm::config::{AuthFlow, Config};
use cognito_wasm::crypto::secret_hash::secret_hash;
use cognito_wasm::crypto::srp::{cognito_timestamp, PasswordClaim, SrpSession, SECRET_BYTES};
use cognito_wasm::session::storage::KeyValueStore;
use cognito_wasm::wire::dates::civil_from_days;
use cognito_wasm::wire::http::{HttpRequest, HttpResponse};
use cognito_wasm::CognitoError;
use serde_json::{json, Value};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/vectors/srp/cognito-srp.json"
);

/// The SRP reference vectors.
pub fn vectors() -> &'static Value {
    static VALUE: OnceLock<Value> = OnceLock::new();
    VALUE.get_or_init(|| {
        let text = std::fs::read_to_string(VECTORS).expect("SRP vectors readable");
        serde_json::from_str(&text).expect("SRP vectors are JSON")
    })
}

/// The vector case the fake server uses (its pool, user and time).
pub fn srp_case() -> &'static Value {
    &vectors()["cases"][1]
}

pub fn case_str(key: &str) -> &'static str {
    srp_case()[key].as_str().expect("vector field")
}

pub const REGION: &str = "us-east-1";
/// The vector case's user pool.
pub const POOL: &str = "us-east-1_xRwxzdsSL";
pub const CLIENT: &str = "client123";
pub const IDENTITY_POOL: &str = "us-east-1:0b5c1e4e-3f2a-4c1d-9e8f-1a2b3c4d5e6f";
pub const PROVIDER: &str = "cognito-idp.us-east-1.amazonaws.com/us-east-1_xRwxzdsSL";
/// 2023-12-31T23:59:59Z, the vector case's time.
pub const T0: f64 = 1_704_067_199_000.0;

/// A user the fake pool knows.
#[derive(Clone, Debug)]
pub struct User {
    pub username: String,
    pub password: String,
    pub sub: String,
    pub new_password_required: bool,
    pub mfa: Option<&'static str>,
    /// Other names the user signs in with (an email alias, say).
    pub aliases: Vec<String>,
}

impl User {
    pub fn new(username: &str, password: &str, sub: &str) -> User {
        User {
            username: username.to_owned(),
            password: password.to_owned(),
            sub: sub.to_owned(),
            new_password_required: false,
            mfa: None,
            aliases: vec![],
        }
    }
}

/// A failure to inject for the next request of an operation.
#[derive(Clone, Debug)]
pub enum Failure {
    /// A reply with this status, body and headers.
    Reply(u16, String, Vec<(String, String)>),
    /// No reply (`NetworkError`).
    Network,
    /// The request is served (it takes effect), then its reply is lost:
    /// the client gets this error (a connection lost, a timeout).
    Lost(CognitoError),
}

impl Failure {
    /// An AWS JSON error reply.
    pub fn aws(status: u16, error_type: &str, message: &str) -> Failure {
        Failure::Reply(
            status,
            json!({"__type": error_type, "message": message}).to_string(),
            vec![],
        )
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Logged {
    pub op: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
    pub raw_body: String,
}

/// The fake Cognito.
pub struct Server {
    clock: Rc<Cell<f64>>,
    /// Server time minus the platform's local time.
    pub offset_ms: f64,
    pub send_date: bool,
    pub user_pool_id: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub identity_pool_id: String,
    /// `iss` of issued ID tokens (default: the AWS form).
    pub issuer: String,
    pub token_lifetime_s: f64,
    pub credentials_lifetime_s: f64,
    pub rotate_refresh_tokens: bool,
    pub revocation_enabled: bool,
    pub allow_guests: bool,
    pub users: Vec<User>,
    refresh_tokens: Vec<(String, String, bool)>,
    sessions: Vec<(String, String, String)>,
    identities: Vec<(String, Option<String>)>,
    counter: u32,
    pub failures: VecDeque<(String, Failure)>,
    pub log: Vec<Logged>,
    /// Every SRP secret `a` the platform handed out, as hex, in order (the
    /// server "knows" them to check proofs).
    pub client_srp_secrets: Vec<String>,
    /// SRP_A values already received: a second InitiateAuth with the same A
    /// means the client reused its secret.
    used_srp_a: Vec<String>,
    /// The secret `a` behind each PASSWORD_VERIFIER session.
    srp_sessions: Vec<(String, String)>,
    /// Sign-up state: unconfirmed users and the codes sent.
    pub accounts: accounts::Accounts,
    /// Remembered devices.
    pub devices: devices::Devices,
}

impl Server {
    fn now(&self) -> f64 {
        self.clock.get() + self.offset_ms
    }

    fn next(&mut self) -> u32 {
        self.counter += 1;
        self.counter
    }

    fn handle(&mut self, request: &HttpRequest) -> Result<HttpResponse, CognitoError> {
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        assert_eq!(request.method, "POST");
        assert_eq!(
            header("content-type").as_deref(),
            Some("application/x-amz-json-1.1")
        );
        let target = header("x-amz-target").expect("X-Amz-Target");
        let (service, op) = target.split_once('.').expect("Service.Op");
        let raw_body = String::from_utf8(request.body.clone()).expect("UTF-8 body");
        let body: Value = serde_json::from_str(&raw_body).expect("JSON body");
        let expected_service = match op {
            "GetId" | "GetCredentialsForIdentity" => "AWSCognitoIdentityService",
            _ => "AWSCognitoIdentityProviderService",
        };
        assert_eq!(service, expected_service, "{target}");
        self.log.push(Logged {
            op: op.to_owned(),
            url: request.url.clone(),
            headers: request.headers.clone(),
            body: body.clone(),
            raw_body,
        });
        if let Some(pos) = self.failures.iter().position(|(o, _)| o == op) {
            let (_, failure) = self.failures.remove(pos).expect("queued failure");
            if let Failure::Lost(error) = failure {
                self.log.pop();
                let _ = self.handle(request);
                return Err(error);
            }
            return match failure {
                Failure::Network => Err(CognitoError::network("connection refused")),
                Failure::Lost(_) => unreachable!("served above"),
                Failure::Reply(status, body, headers) => Ok(HttpResponse {
                    status,
                    headers: self.date_header().into_iter().chain(headers).collect(),
                    body: body.into_bytes(),
                }),
            };
        }
        let result = match op {
            "InitiateAuth" if self.is_unconfirmed_sign_in(&body) => Err((
                400,
                "UserNotConfirmedException",
                "User is not confirmed.".into(),
            )),
            "InitiateAuth" => self.initiate_auth(&body),
            "RespondToAuthChallenge" => self.respond_to_auth_challenge(&body),
            "GlobalSignOut" => self.global_sign_out(&body),
            "RevokeToken" => self.revoke_token(&body),
            "GetId" => self.get_id(&body),
            "GetCredentialsForIdentity" => self.get_credentials_for_identity(&body),
            "SignUp" => self.sign_up(&body),
            "ConfirmSignUp" => self.confirm_sign_up(&body),
            "ResendConfirmationCode" => self.resend_confirmation_code(&body),
            "ConfirmDevice" | "UpdateDeviceStatus" | "ForgetDevice" | "ListDevices"
            | "DeleteUser" => self.device_op(op, &body),
            other => panic!("unexpected operation {other}"),
        };
        let mut headers = self.date_header();
        Ok(match result {
            Ok(value) => HttpResponse {
                status: 200,
                headers,
                body: value.to_string().into_bytes(),
            },
            Err((status, error_type, message)) => {
                headers.push(("x-amzn-ErrorType".to_owned(), format!("{error_type}:")));
                HttpResponse {
                    status,
                    headers,
                    body: json!({
                        "__type": format!("com.amazonaws.cognito#{error_type}"),
                        "message": message,
                    })
                    .to_string()
                    .into_bytes(),
                }
            }
        })
    }

    fn date_header(&self) -> Vec<(String, String)> {
        if self.send_date {
            vec![("Date".to_owned(), http_date(self.now()))]
        } else {
            vec![]
        }
    }

    fn check_secret_hash(&self, given: Option<&str>, username: &str) -> Result<(), Err3> {
        match &self.client_secret {
            None if given.is_some() => Err((
                400,
                "NotAuthorizedException",
                "SECRET_HASH was sent for a client without a secret".into(),
            )),
            None => Ok(()),
            Some(secret) => {
                if given == Some(secret_hash(secret, username, &self.client_id).as_str()) {
                    Ok(())
                } else {
                    Err((
                        400,
                        "NotAuthorizedException",
                        format!("Unable to verify secret hash for client {}", self.client_id),
                    ))
                }
            }
        }
    }

    fn user(&self, username: &str) -> Result<User, Err3> {
        self.users
            .iter()
            .find(|u| u.username == username)
            .or_else(|| {
                self.users
                    .iter()
                    .find(|u| u.aliases.iter().any(|a| a == username))
            })
            .cloned()
            .ok_or((400, "UserNotFoundException", "User does not exist.".into()))
    }

    fn initiate_auth(&mut self, body: &Value) -> Result<Value, Err3> {
        if body["ClientId"] != self.client_id.as_str() {
            return Err((400, "ResourceNotFoundException", "client not found".into()));
        }
        let params = &body["AuthParameters"];
        let p = |k: &str| params[k].as_str().map(str::to_owned);
        match body["AuthFlow"].as_str() {
            Some("USER_PASSWORD_AUTH") => {
                let username = p("USERNAME").unwrap_or_default();
                self.check_secret_hash(p("SECRET_HASH").as_deref(), &username)?;
                let user = self.user(&username)?;
                if p("PASSWORD").as_deref() != Some(user.password.as_str()) {
                    return Err(wrong_password());
                }
                Ok(self.after_password(&user, p("DEVICE_KEY")))
            }
            Some("USER_SRP_AUTH") => {
                let username = p("USERNAME").unwrap_or_default();
                self.check_secret_hash(p("SECRET_HASH").as_deref(), &username)?;
                let user = self.user(&username)?;
                let srp_a = p("SRP_A").unwrap_or_default();
                assert!(
                    !self.used_srp_a.contains(&srp_a),
                    "SRP_A reused: the client's secret a served two InitiateAuth"
                );
                let secret = self
                    .client_srp_secrets
                    .iter()
                    .find(|a| srp_a_of(a) == srp_a)
                    .cloned()
                    .expect("SRP_A made from a secret the platform handed out");
                self.used_srp_a.push(srp_a);
                let session = self.new_session(&user.username, "PASSWORD_VERIFIER");
                self.srp_sessions.push((session.clone(), secret));
                self.devices.sent_with(&session, p("DEVICE_KEY"));
                Ok(json!({
                    "ChallengeName": "PASSWORD_VERIFIER",
                    "Session": session,
                    "ChallengeParameters": {
                        "SALT": case_str("salt"),
                        "SRP_B": case_str("srpB"),
                        "SECRET_BLOCK": case_str("secretBlock"),
                        "USER_ID_FOR_SRP": user.username,
                        "USERNAME": user.username,
                    }
                }))
            }
            Some("REFRESH_TOKEN_AUTH") => {
                let token = p("REFRESH_TOKEN").unwrap_or_default();
                let Some((_, username, revoked)) = self
                    .refresh_tokens
                    .iter()
                    .find(|(t, _, _)| *t == token)
                    .cloned()
                else {
                    return Err((
                        400,
                        "NotAuthorizedException",
                        format!("Invalid Refresh Token: {token}"),
                    ));
                };
                if revoked {
                    return Err((
                        400,
                        "NotAuthorizedException",
                        "Refresh Token has been revoked".into(),
                    ));
                }
                if let Some(device) = self.devices.bound(&token) {
                    if p("DEVICE_KEY").as_deref() != Some(device) {
                        return Err((
                            400,
                            "NotAuthorizedException",
                            "Invalid Refresh Token".into(),
                        ));
                    }
                }
                self.check_secret_hash(p("SECRET_HASH").as_deref(), &username)?;
                let user = self.user(&username)?;
                let mut reply = self.tokens(&user, self.rotate_refresh_tokens);
                reply["ChallengeParameters"] = json!({});
                Ok(reply)
            }
            other => panic!("unexpected AuthFlow {other:?}"),
        }
    }

    fn new_session(&mut self, username: &str, challenge: &str) -> String {
        let session = format!("session-{}", self.next());
        self.sessions
            .push((session.clone(), username.to_owned(), challenge.to_owned()));
        session
    }

    /// Tokens, or the next challenge for this user (DEVICE_SRP_AUTH for
    /// the user's remembered `device`).
    fn after_password(&mut self, user: &User, device: Option<String>) -> Value {
        if let Some(challenge) = self.device_challenge(user, device.as_deref()) {
            return challenge;
        }
        if user.new_password_required {
            let session = self.new_session(&user.username, "NEW_PASSWORD_REQUIRED");
            return json!({
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "Session": session,
                "ChallengeParameters": {
                    "USER_ID_FOR_SRP": user.username,
                    "requiredAttributes": "[\"userAttributes.name\"]",
                    "userAttributes": "{\"email\":\"someone@example.com\"}",
                }
            });
        }
        if let Some(mfa) = user.mfa {
            let session = self.new_session(&user.username, mfa);
            self.devices.sent_with(&session, device);
            return json!({
                "ChallengeName": mfa,
                "Session": session,
                "ChallengeParameters": {
                    "USERNAME": user.username,
                    "CODE_DELIVERY_DESTINATION": "+*******1234",
                    "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                    "MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]",
                }
            });
        }
        self.signed_in(user, device)
    }

    fn tokens(&mut self, user: &User, with_refresh: bool) -> Value {
        let now_s = (self.now() / 1000.0).floor();
        let exp = now_s + self.token_lifetime_s;
        let n = self.next();
        let id = jwt(&json!({
            "sub": user.sub, "iss": self.issuer, "aud": self.client_id, "token_use": "id",
            "exp": exp, "iat": now_s, "cognito:username": user.username,
            "email": format!("{}@example.com", user.username), "jti": format!("id-{n}"),
        }));
        let access = jwt(&json!({
            "sub": user.sub, "iss": self.issuer, "client_id": self.client_id,
            "token_use": "access", "exp": exp, "iat": now_s, "username": user.username,
            "jti": format!("access-{n}"),
        }));
        let mut result = json!({
            "AccessToken": access, "IdToken": id, "ExpiresIn": self.token_lifetime_s,
            "TokenType": "Bearer",
        });
        if with_refresh {
            let refresh = format!("refresh-{}-{n}", user.username);
            self.refresh_tokens
                .push((refresh.clone(), user.username.clone(), false));
            result["RefreshToken"] = json!(refresh);
        }
        json!({ "AuthenticationResult": result, "ChallengeParameters": {} })
    }

    fn respond_to_auth_challenge(&mut self, body: &Value) -> Result<Value, Err3> {
        if body["ClientId"] != self.client_id.as_str() {
            return Err((400, "ResourceNotFoundException", "client not found".into()));
        }
        let name = body["ChallengeName"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let session = body["Session"].as_str().unwrap_or_default().to_owned();
        let responses = body["ChallengeResponses"].clone();
        let r = |k: &str| responses[k].as_str().map(str::to_owned);
        let Some(pos) = self
            .sessions
            .iter()
            .position(|(s, _, c)| *s == session && *c == name)
        else {
            return Err((
                400,
                "NotAuthorizedException",
                "Invalid session for the user.".into(),
            ));
        };
        let username = self.sessions[pos].1.clone();
        if r("USERNAME").as_deref() != Some(username.as_str()) {
            return Err((
                400,
                "NotAuthorizedException",
                "USERNAME does not match".into(),
            ));
        }
        self.check_secret_hash(r("SECRET_HASH").as_deref(), &username)?;
        let mut user = self.user(&username)?;
        match name.as_str() {
            "PASSWORD_VERIFIER" => {
                self.sessions.remove(pos);
                let timestamp = r("TIMESTAMP").unwrap_or_default();
                let now = self.now();
                let fresh =
                    (-60..=60).any(|k| cognito_timestamp(now + f64::from(k) * 1000.0) == timestamp);
                if !fresh {
                    return Err((400, "NotAuthorizedException", "Incorrect timestamp".into()));
                }
                if r("PASSWORD_CLAIM_SECRET_BLOCK").as_deref() != Some(case_str("secretBlock")) {
                    return Err((400, "NotAuthorizedException", "wrong secret block".into()));
                }
                let pool_name = self
                    .user_pool_id
                    .split_once('_')
                    .expect("pool id")
                    .1
                    .to_owned();
                let secret = self
                    .srp_sessions
                    .iter()
                    .find(|(s, _)| *s == session)
                    .map(|(_, a)| a.clone())
                    .expect("PASSWORD_VERIFIER session has a secret");
                let expected = SrpSession::from_secret_hex(&secret)
                    .expect("client secret")
                    .password_claim(&PasswordClaim {
                        pool_name: &pool_name,
                        user_id_for_srp: &username,
                        password: &user.password,
                        salt_hex: case_str("salt"),
                        srp_b_hex: case_str("srpB"),
                        secret_block_b64: case_str("secretBlock"),
                        timestamp: &timestamp,
                    })
                    .expect("server side SRP");
                if r("PASSWORD_CLAIM_SIGNATURE") != Some(expected) {
                    return Err(wrong_password());
                }
                let device = r("DEVICE_KEY").or_else(|| self.devices.sent_for(&session));
                Ok(self.after_password(&user, device))
            }
            "NEW_PASSWORD_REQUIRED" => {
                let Some(password) = r("NEW_PASSWORD").filter(|p| !p.is_empty()) else {
                    return Err((
                        400,
                        "InvalidParameterException",
                        "NEW_PASSWORD missing".into(),
                    ));
                };
                if r("userAttributes.name").is_none() {
                    return Err((400, "InvalidParameterException", "name is required".into()));
                }
                self.sessions.remove(pos);
                user.password = password;
                user.new_password_required = false;
                let stored = self
                    .users
                    .iter_mut()
                    .find(|u| u.username == username)
                    .expect("user");
                *stored = user.clone();
                Ok(self.after_password_mfa_only(&user))
            }
            "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" => {
                let key = format!("{name}_CODE");
                if r(&key).as_deref() != Some("123456") {
                    return Err((
                        400,
                        "CodeMismatchException",
                        "Invalid code received for user".into(),
                    ));
                }
                self.sessions.remove(pos);
                let device = self.devices.sent_for(&session);
                if let Some(challenge) = self.device_challenge_after_mfa(&user, device.as_deref()) {
                    return Ok(challenge);
                }
                Ok(self.signed_in(&user, device))
            }
            "SELECT_MFA_TYPE" => {
                let answer = r("ANSWER").unwrap_or_default();
                self.sessions.remove(pos);
                let next = self.new_session(&username, &answer);
                let device = self.devices.sent_for(&session);
                self.devices.sent_with(&next, device);
                let session = next;
                Ok(json!({
                    "ChallengeName": answer, "Session": session,
                    "ChallengeParameters": {"USERNAME": username},
                }))
            }
            "DEVICE_SRP_AUTH" | "DEVICE_PASSWORD_VERIFIER" => {
                self.sessions.remove(pos);
                self.device_answer(&name, &session, &username, &responses)
            }
            other => panic!("unexpected challenge {other}"),
        }
    }

    fn after_password_mfa_only(&mut self, user: &User) -> Value {
        let mut u = user.clone();
        u.new_password_required = false;
        self.after_password(&u, None)
    }

    /// The user of a valid (unexpired, this pool's) token.
    fn token_user(&self, token: &str, use_: &str) -> Result<(String, String), Err3> {
        let claims =
            decode_jwt(token).ok_or((400, "NotAuthorizedException", "Invalid token".into()))?;
        if claims["token_use"] != use_ || claims["iss"] != self.issuer.as_str() {
            return Err((400, "NotAuthorizedException", "Invalid login token.".into()));
        }
        if claims["exp"].as_f64().unwrap_or(0.0) * 1000.0 <= self.now() {
            return Err((400, "NotAuthorizedException", "Token expired".into()));
        }
        let username = claims[if use_ == "id" {
            "cognito:username"
        } else {
            "username"
        }]
        .as_str()
        .unwrap_or_default()
        .to_owned();
        Ok((
            username,
            claims["sub"].as_str().unwrap_or_default().to_owned(),
        ))
    }

    fn global_sign_out(&mut self, body: &Value) -> Result<Value, Err3> {
        let (username, _) =
            self.token_user(body["AccessToken"].as_str().unwrap_or_default(), "access")?;
        for t in self.refresh_tokens.iter_mut().filter(|t| t.1 == username) {
            t.2 = true;
        }
        Ok(json!({}))
    }

    fn revoke_token(&mut self, body: &Value) -> Result<Value, Err3> {
        if body["ClientId"] != self.client_id.as_str() {
            return Err((400, "ResourceNotFoundException", "client not found".into()));
        }
        if body.get("ClientSecret").and_then(Value::as_str) != self.client_secret.as_deref() {
            return Err((400, "NotAuthorizedException", "bad client secret".into()));
        }
        if !self.revocation_enabled {
            return Err((
                400,
                "UnsupportedOperationException",
                "token revocation is not enabled".into(),
            ));
        }
        let token = body["Token"].as_str().unwrap_or_default();
        for t in self.refresh_tokens.iter_mut().filter(|t| t.0 == token) {
            t.2 = true;
        }
        Ok(json!({}))
    }

    /// The user pool `sub` the Logins map proves, checking every login.
    fn logins_sub(&self, body: &Value) -> Result<Option<String>, Err3> {
        let mut sub = None;
        let Some(logins) = body.get("Logins").and_then(Value::as_object) else {
            return Ok(None);
        };
        for (provider, token) in logins {
            let token = token.as_str().unwrap_or_default();
            let expected_key =
                format!("cognito-idp.{}.amazonaws.com/{}", REGION, self.user_pool_id);
            if *provider == expected_key {
                sub = Some(self.token_user(token, "id")?.1);
            } else if !provider.contains('.') {
                return Err((400, "NotAuthorizedException", "Invalid login token.".into()));
            } else {
                sub = sub.or(Some(format!("fed:{token}")));
            }
        }
        Ok(sub)
    }

    fn get_id(&mut self, body: &Value) -> Result<Value, Err3> {
        if body["IdentityPoolId"] != self.identity_pool_id.as_str() {
            return Err((
                400,
                "ResourceNotFoundException",
                "IdentityPool not found".into(),
            ));
        }
        let id = match self.logins_sub(body)? {
            Some(sub) => format!("{REGION}:user-{sub}"),
            None if self.allow_guests => format!("{REGION}:guest-{}", self.next()),
            None => {
                return Err((
                    400,
                    "NotAuthorizedException",
                    "Unauthenticated access is not supported for this identity pool.".into(),
                ))
            }
        };
        if !self.identities.iter().any(|(i, _)| *i == id) {
            let owner = id
                .strip_prefix(&format!("{REGION}:user-"))
                .map(str::to_owned);
            self.identities.push((id.clone(), owner));
        }
        Ok(json!({ "IdentityId": id }))
    }

    fn get_credentials_for_identity(&mut self, body: &Value) -> Result<Value, Err3> {
        let id = body["IdentityId"].as_str().unwrap_or_default().to_owned();
        let Some((_, owner)) = self.identities.iter().find(|(i, _)| *i == id).cloned() else {
            return Err((
                400,
                "ResourceNotFoundException",
                "Identity not found".into(),
            ));
        };
        let sub = self.logins_sub(body)?;
        if owner != sub {
            return Err((
                400,
                "NotAuthorizedException",
                "Logins don't match the identity".into(),
            ));
        }
        let n = self.next();
        Ok(json!({
            "IdentityId": id,
            "Credentials": {
                "AccessKeyId": format!("ASIA{n}"),
                "SecretKey": format!("secret-key-{n}"),
                "SessionToken": format!("session-token-{n}"),
                "Expiration": self.now() / 1000.0 + self.credentials_lifetime_s + 0.25,
            }
        }))
    }

    /// Forgets an identity (the pool deleted it).
    pub fn delete_identity(&mut self, id: &str) {
        self.identities.retain(|(i, _)| i != id);
    }
}

type Err3 = (u16, &'static str, String);

/// SRP_A (hex) for the secret `a` (hex).
pub fn srp_a_of(secret_hex: &str) -> String {
    SrpSession::from_secret_hex(secret_hex)
        .expect("client secret")
        .srp_a_hex()
}

fn wrong_password() -> Err3 {
    (
        400,
        "NotAuthorizedException",
        "Incorrect username or password.".into(),
    )
}

/// A JWT with this payload (signature not meaningful).
pub fn jwt(payload: &Value) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64.encode(br#"{"alg":"RS256","kid":"k"}"#),
        b64.encode(payload.to_string())
    )
}

/// The payload of a JWT.
pub fn decode_jwt(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `Sun, 31 Dec 2023 23:59:59 GMT`.
pub fn http_date(ms: f64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = (ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[m as usize - 1],
        y,
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    )
}

/// Pending once, then ready: makes every request a real suspension point.
#[derive(Default)]
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Gives other futures of a `join` one turn.
pub async fn yield_now() {
    YieldOnce::default().await
}

/// The fake Platform: shares the clock with its [`Server`].
#[derive(Clone)]
pub struct FakePlatform {
    pub clock: Rc<Cell<f64>>,
    pub server: Rc<RefCell<Server>>,
    pub sleeps: Rc<RefCell<Vec<u32>>>,
    random: Rc<Vec<u8>>,
    /// How many `random_bytes` calls asked for an SRP secret (`SECRET_BYTES`).
    pub srp_draws: Rc<Cell<usize>>,
    /// The locks shared by every clone of this platform (the tabs).
    pub locks: Rc<FakeLocks>,
    /// What `storage_changed` does: delivers the storage writes other tabs
    /// made (a browser's `storage` event) and says whether there were any.
    /// None: every tab sees every write at once.
    pub storage_event: Rc<RefCell<Option<StorageEvent>>>,
    /// Operations whose requests the server handles but whose replies never
    /// come (the call stays in flight until it is dropped).
    pub held: Rc<RefCell<Vec<String>>>,
    /// The SRP slicing's calls, in order: `"turn"` for each `yield_now`
    /// (which returns at once, as the default does), `"clock"` for each
    /// `monotonic_ms` (read as a slice runs its windows).
    pub slicing: Rc<RefCell<Vec<&'static str>>>,
}

/// See [`FakePlatform::storage_event`].
pub type StorageEvent = Box<dyn Fn() -> bool>;

/// Named locks shared by the clients of one platform, as the Web Locks API
/// shares them between the tabs of an origin.
#[derive(Default)]
pub struct FakeLocks {
    /// Off: `lock` returns no lock at once (a browser without Web Locks).
    pub disabled: Cell<bool>,
    held: RefCell<Vec<String>>,
    waiters: RefCell<Vec<std::task::Waker>>,
    /// Every lock granted, in order.
    pub granted: RefCell<Vec<String>>,
    /// How many times a client found a lock held and waited.
    pub waits: Cell<usize>,
}

impl FakeLocks {
    fn release(&self, name: &str) {
        self.held.borrow_mut().retain(|n| n != name);
        for waker in self.waiters.borrow_mut().drain(..) {
            waker.wake();
        }
    }
}

impl FakePlatform {
    /// A platform at [`T0`] whose random bytes are the vector case's `a`
    /// (an SRP secret drawn after the first one differs from it in its last
    /// bytes, so each draw gives a different A), in front of a server for
    /// [`POOL`]/[`CLIENT`]/[`IDENTITY_POOL`] that knows the users `alice`,
    /// `bob` and the vector case's SRP user.
    pub fn new() -> FakePlatform {
        let random = hex::decode(&format!("{:0>256}", case_str("smallA")));
        let clock = Rc::new(Cell::new(T0));
        let server = Server {
            clock: Rc::clone(&clock),
            offset_ms: 0.0,
            send_date: true,
            user_pool_id: POOL.to_owned(),
            client_id: CLIENT.to_owned(),
            client_secret: None,
            identity_pool_id: IDENTITY_POOL.to_owned(),
            issuer: format!("https://{PROVIDER}"),
            token_lifetime_s: 3600.0,
            credentials_lifetime_s: 3600.0,
            rotate_refresh_tokens: false,
            revocation_enabled: true,
            allow_guests: true,
            users: vec![
                User::new("alice", "alice-Passw0rd!", "sub-alice"),
                User::new("bob", "bob-Passw0rd!", "sub-bob"),
                User::new(case_str("userIdForSrp"), case_str("password"), "sub-srp"),
            ],
            refresh_tokens: vec![],
            sessions: vec![],
            identities: vec![],
            counter: 0,
            failures: VecDeque::new(),
            log: vec![],
            client_srp_secrets: vec![],
            used_srp_a: vec![],
            srp_sessions: vec![],
            accounts: accounts::Accounts::default(),
            devices: devices::Devices::default(),
        };
        FakePlatform {
            clock,
            server: Rc::new(RefCell::new(server)),
            sleeps: Rc::new(RefCell::new(vec![])),
            random: Rc::new(random),
            srp_draws: Rc::new(Cell::new(0)),
            locks: Rc::new(FakeLocks::default()),
            storage_event: Rc::default(),
            held: Rc::default(),
            slicing: Rc::default(),
        }
    }

    pub fn advance_s(&self, seconds: f64) {
        self.clock.set(self.clock.get() + seconds * 1000.0);
    }

    /// Operations sent so far.
    pub fn ops(&self) -> Vec<String> {
        self.server
            .borrow()
            .log
            .iter()
            .map(|l| l.op.clone())
            .collect()
    }

    pub fn count(&self) -> usize {
        self.server.borrow().log.len()
    }

    pub fn log(&self) -> Vec<Logged> {
        self.server.borrow().log.clone()
    }

    /// The SRP secrets `a` (hex) handed out so far, in order.
    pub fn srp_secrets(&self) -> Vec<String> {
        self.server.borrow().client_srp_secrets.clone()
    }

    /// SRP_A of every USER_SRP_AUTH InitiateAuth sent so far.
    pub fn srp_a_sent(&self) -> Vec<String> {
        self.log()
            .iter()
            .filter(|l| l.op == "InitiateAuth" && l.body["AuthFlow"] == "USER_SRP_AUTH")
            .map(|l| {
                l.body["AuthParameters"]["SRP_A"]
                    .as_str()
                    .expect("SRP_A")
                    .to_owned()
            })
            .collect()
    }

    pub fn clear_log(&self) {
        self.server.borrow_mut().log.clear();
    }

    pub fn fail_next(&self, op: &str, failure: Failure) {
        self.server
            .borrow_mut()
            .failures
            .push_back((op.to_owned(), failure));
    }

    pub fn add_user(&self, user: User) {
        self.server.borrow_mut().users.push(user);
    }
}

impl Default for FakePlatform {
    fn default() -> Self {
        Self::new()
    }
}

impl Platform for FakePlatform {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, CognitoError> {
        YieldOnce::default().await;
        let reply = self.server.borrow_mut().handle(&request);
        let op = self.server.borrow().log.last().map(|l| l.op.clone());
        if op.is_some_and(|op| self.held.borrow().contains(&op)) {
            std::future::pending::<()>().await;
        }
        reply
    }

    fn now_ms(&self) -> f64 {
        self.clock.get()
    }

    fn random_bytes(&self, buf: &mut [u8]) -> Result<(), CognitoError> {
        for (b, r) in buf.iter_mut().zip(self.random.iter().cycle()) {
            *b = *r;
        }
        if buf.len() == SECRET_BYTES {
            let draw = self.srp_draws.get();
            self.srp_draws.set(draw + 1);
            let tail = buf.len() - 8;
            for (b, k) in buf[tail..].iter_mut().zip((draw as u64).to_be_bytes()) {
                *b ^= k;
            }
            self.server
                .borrow_mut()
                .client_srp_secrets
                .push(cognito_wasm::wire::encoding::hex_encode(buf));
        }
        Ok(())
    }

    async fn yield_now(&self) {
        self.slicing.borrow_mut().push("turn");
    }

    fn monotonic_ms(&self) -> f64 {
        self.slicing.borrow_mut().push("clock");
        self.now_ms()
    }

    async fn sleep(&self, ms: u32) {
        self.sleeps.borrow_mut().push(ms);
        self.clock.set(self.clock.get() + f64::from(ms));
    }

    async fn storage_changed(&self, _ms: u32) -> bool {
        YieldOnce::default().await;
        self.storage_event
            .borrow()
            .as_ref()
            .is_some_and(|deliver| deliver())
    }

    async fn lock(&self, name: &str) -> TabLock {
        let locks = Rc::clone(&self.locks);
        if locks.disabled.get() {
            return TabLock::none();
        }
        let mut waited = false;
        std::future::poll_fn(|cx| {
            if locks.held.borrow().iter().any(|n| n == name) {
                if !waited {
                    waited = true;
                    locks.waits.set(locks.waits.get() + 1);
                }
                locks.waiters.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            } else {
                locks.held.borrow_mut().push(name.to_owned());
                locks.granted.borrow_mut().push(name.to_owned());
                Poll::Ready(())
            }
        })
        .await;
        let name = name.to_owned();
        TabLock::new(move || locks.release(&name)).after_wait(waited)
    }
}

mod hex {
    pub fn decode(s: &str) -> Vec<u8> {
        cognito_wasm::wire::encoding::hex_decode(s, "hex").expect("hex")
    }
}

/// The standard test configuration (SRP, identity pool, default endpoints).
pub fn config() -> Config {
    Config {
        identity_pool_id: Some(IDENTITY_POOL.to_owned()),
        ..Config::new(POOL, CLIENT)
    }
}

/// The standard configuration with USER_PASSWORD_AUTH.
pub fn password_config() -> Config {
    Config {
        auth_flow: AuthFlow::UserPasswordAuth,
        ..config()
    }
}

/// A client over `platform`.
pub fn client(
    config: Config,
    platform: &FakePlatform,
    store: Option<Rc<dyn KeyValueStore>>,
) -> CognitoClient<FakePlatform> {
    CognitoClient::new(config, platform.clone(), store).expect("valid config")
}

/// Runs a future to completion.
pub fn run<F: Future>(future: F) -> F::Output {
    futures_executor::block_on(future)
}

/// A client over `platform` with alice signed in.
pub fn signed_in(config: Config, platform: &FakePlatform) -> CognitoClient<FakePlatform> {
    let c = client(config, platform, None);
    sign_in_alice(&c);
    c
}

/// Signs alice in on `c`, checking that no challenge came back.
pub fn sign_in_alice(c: &CognitoClient<FakePlatform>) {
    assert_eq!(
        run(c.sign_in("alice", "alice-Passw0rd!")).unwrap(),
        SignInResult::SignedIn
    );
}

/// An answer carrying this code (MFA challenges).
pub fn code_answer(code: &str) -> ChallengeAnswer {
    ChallengeAnswer {
        code: Some(code.to_owned()),
        ..ChallengeAnswer::default()
    }
}

/// The SRP user's name and password.
pub fn srp_user() -> (&'static str, &'static str) {
    (case_str("userIdForSrp"), case_str("password"))
}
