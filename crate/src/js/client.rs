//! The exported `CognitoClient` class: sign-in, challenges, tokens,
//! credentials and sign-out over the browser platform.
use crate::prelude::*;

use alloc::rc::Rc;

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::client_args;
use super::convert;
use super::credentials::credentials_to_js;
use super::error::to_js;
use super::events::Listeners;
use super::{promise, promise_in, timeout_option, CallOptions};
use crate::browser::storage_events::StorageWatch;
use crate::browser::web_storage::WebStorage;
use crate::browser::BrowserPlatform;
use crate::browser::DEFAULT_TIMEOUT_MS;
use crate::client::{self, SignInResult};
use crate::cognito::challenge::NextStep;
use crate::config::{AuthFlow, Config, StorageKind};
use crate::error::CognitoError;
use crate::session::storage::KeyValueStore;

type Client = client::CognitoClient<BrowserPlatform>;

/// A Cognito client for one user pool app client and, optionally, one
/// identity pool. Several clients can live in one page without sharing any
/// state. Every method that fails throws (or rejects with) a `CognitoError`.
#[wasm_bindgen(js_name = CognitoClient)]
pub struct JsCognitoClient {
    pub(super) client: Client,
    /// `timeoutMs`: longest wait for each reply.
    pub(super) timeout_ms: u32,
    /// The listeners of `on` (told by the client's event hook).
    pub(super) listeners: Rc<Listeners>,
    /// With `storage: 'local'`: changes other tabs make, taken at once.
    _storage_watch: Option<StorageWatch>,
}

/// Reads the constructor options into a [`Config`].
fn config_from_js(options: &JsValue) -> Result<Config, CognitoError> {
    let (mut config, auth_flow, storage) = client_args::config(options)?;
    if let Some(flow) = auth_flow {
        config.auth_flow = AuthFlow::parse(&flow)?;
    }
    if let Some(storage) = storage {
        config.storage = StorageKind::parse(&storage)?;
    }
    config.refresh_margin_seconds = client_args::number_option(options, "refreshMarginSeconds");
    Ok(config)
}

/// The Web Storage area for `kind`; memory when it is not available (a
/// worker, storage blocked by the user): the session then lasts as long as
/// the page.
fn store_for(kind: StorageKind) -> Option<Rc<dyn KeyValueStore>> {
    let store = match kind {
        StorageKind::Memory => None,
        StorageKind::Session => WebStorage::session(),
        StorageKind::Local => WebStorage::local(),
    };
    store.map(|s| Rc::new(s) as Rc<dyn KeyValueStore>)
}

/// `{ challenge, requiredAttributes?, userAttributes?, mfaTypes?, codeDeliveryDestination?, codeDeliveryMedium?, totpSetup? }`.
fn next_step_to_js(step: &NextStep) -> JsValue {
    let object = Object::new();
    convert::set(&object, "challenge", step.challenge.as_str());
    if !step.required_attributes.is_empty() {
        convert::set(
            &object,
            "requiredAttributes",
            convert::string_array(&step.required_attributes),
        );
    }
    if !step.user_attributes.is_empty() {
        convert::set(
            &object,
            "userAttributes",
            convert::string_record(&step.user_attributes),
        );
    }
    if !step.mfa_types.is_empty() {
        convert::set(&object, "mfaTypes", convert::string_array(&step.mfa_types));
    }
    if let Some(d) = &step.code_delivery_destination {
        convert::set(&object, "codeDeliveryDestination", d.as_str());
    }
    if let Some(m) = &step.code_delivery_medium {
        convert::set(&object, "codeDeliveryMedium", m.as_str());
    }
    if let Some(setup) = &step.totp_setup {
        convert::set(
            &object,
            "totpSetup",
            super::account::totp_setup_to_js(setup),
        );
    }
    object.into()
}

/// `{ signedIn: true }` or `{ signedIn: false, nextStep }`.
pub(super) fn sign_in_result_to_js(result: &SignInResult) -> JsValue {
    let object = Object::new();
    match result {
        SignInResult::SignedIn => convert::set(&object, "signedIn", true),
        SignInResult::NextStep(step) => {
            convert::set(&object, "signedIn", false);
            convert::set(&object, "nextStep", next_step_to_js(step));
        }
    }
    object.into()
}

/// A promise of the client's current credentials as a JS object (new
/// ones when `force`d), within the call's signal and timeout.
fn credentials_promise(
    client: Client,
    call: Result<CallOptions, CognitoError>,
    force: Result<bool, CognitoError>,
) -> Promise {
    promise_in(call, async move {
        let credentials = client.get_credentials_with(force?).await?;
        Ok(credentials_to_js(&credentials))
    })
}

/// [`promise_in`] for a call that may confirm a device (`signIn`,
/// `respondToChallenge`, `confirmSignUp`, `rememberDevice`; every account
/// call goes through here): when its ConfirmDevice's outcome was left
/// unknown (the call's signal aborted while it was in flight, or it failed
/// by a network failure, a timeout or a server error), that device is
/// forgotten afterwards, outside the signal, whatever the call's own
/// outcome ([`client::CognitoClient::forget_abandoned_device`]).
pub(super) fn signing_in(
    client: Client,
    call: Result<CallOptions, CognitoError>,
    future: core::pin::Pin<Box<dyn core::future::Future<Output = Result<JsValue, CognitoError>>>>,
) -> Promise {
    promise(async move {
        let call = call?;
        let result = crate::browser::scoped(future, call.signal.as_ref(), call.timeout_ms).await;
        wasm_bindgen_futures::spawn_local(async move { client.forget_abandoned_device().await });
        result
    })
}

impl JsCognitoClient {
    /// The `signal` of a method's `options`, with the client's timeout.
    pub(super) fn call(&self, options: &JsValue) -> Result<CallOptions, CognitoError> {
        CallOptions::read(options, Some(self.timeout_ms))
    }
}

#[wasm_bindgen(js_class = CognitoClient)]
impl JsCognitoClient {
    /// Checks the options (an `InvalidConfig` error, before any request, for
    /// a malformed pool id, a region that does not match it, a non-HTTPS
    /// endpoint that is not loopback, …) and restores the session kept in
    /// `sessionStorage`/`localStorage` when `storage` asks for it (tokens,
    /// identity ids and the signed-in user's AWS credentials; never the
    /// password, guest credentials or credentials for added logins). Where
    /// Web Storage is unavailable the session is kept in memory.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CognitoClientOptions")] options: JsValue,
    ) -> Result<JsCognitoClient, JsValue> {
        let config = config_from_js(&options).map_err(to_js)?;
        let timeout_ms = timeout_option(&options)
            .map_err(|e| to_js(CognitoError::invalid_config(e.message)))?
            .unwrap_or(DEFAULT_TIMEOUT_MS);
        let store = store_for(config.storage);
        let client = Client::new(config, BrowserPlatform, store).map_err(to_js)?;
        let listeners = Rc::new(Listeners::default());
        let hook = Rc::clone(&listeners);
        client.on_event(Some(Box::new(move |event| hook.dispatch(event))));
        let watched = client.clone();
        let _storage_watch = (client.config().storage() == StorageKind::Local)
            .then(|| StorageWatch::new(move || watched.take_stored_change()))
            .flatten();
        Ok(JsCognitoClient {
            client,
            timeout_ms,
            listeners,
            _storage_watch,
        })
    }

    /// Signs a user in with the configured flow (`USER_SRP_AUTH` by default:
    /// the password never leaves the page). Resolves `{ signedIn: true }`,
    /// or `{ signedIn: false, nextStep }` when a challenge (new password,
    /// MFA code, …) must be answered with `respondToChallenge`.
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInResult>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInOptions")] options: JsValue,
    ) -> Promise {
        let parsed = client_args::sign_in(&options);
        let client = self.client.clone();
        signing_in(
            client.clone(),
            self.call(&options),
            Box::pin(async move {
                let (username, password) = parsed?;
                let result = client.sign_in(&username, &password).await?;
                Ok(sign_in_result_to_js(&result))
            }),
        )
    }

    /// Answers the pending challenge: `newPassword` (and `attributes`) for
    /// NEW_PASSWORD_REQUIRED, `code` for SMS_MFA / SOFTWARE_TOKEN_MFA /
    /// EMAIL_OTP, `mfaType` for SELECT_MFA_TYPE. Rejects with `NotSignedIn`
    /// when no challenge is pending.
    #[wasm_bindgen(
        js_name = respondToChallenge,
        unchecked_return_type = "Promise<SignInResult>"
    )]
    pub fn respond_to_challenge(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChallengeAnswer")] answer: JsValue,
    ) -> Promise {
        let parsed = client_args::answer(&answer);
        let client = self.client.clone();
        signing_in(
            client.clone(),
            self.call(&answer),
            Box::pin(async move {
                let result = client.respond_to_challenge(parsed?).await?;
                Ok(sign_in_result_to_js(&result))
            }),
        )
    }

    /// The challenge waiting for an answer, or `null`.
    #[wasm_bindgen(js_name = pendingChallenge, unchecked_return_type = "NextStep | null")]
    pub fn pending_challenge(&self) -> JsValue {
        self.client
            .pending_challenge()
            .map_or(JsValue::NULL, |step| next_step_to_js(&step))
    }

    /// The signed-in user (claims decoded from the tokens, for display; not
    /// verified), or `null`.
    #[wasm_bindgen(js_name = currentUser, unchecked_return_type = "CurrentUser | null")]
    pub fn current_user(&self) -> JsValue {
        let Some(user) = self.client.current_user() else {
            return JsValue::NULL;
        };
        let object = Object::new();
        convert::set(&object, "username", user.username.as_str());
        convert::set(&object, "sub", user.sub.as_str());
        convert::set(
            &object,
            "idTokenClaims",
            convert::json_to_js(&user.id_token_claims.value().to_json()),
        );
        convert::set(
            &object,
            "accessTokenClaims",
            convert::json_to_js(&user.access_token_claims.value().to_json()),
        );
        object.into()
    }

    /// Prepares the SRP secret of the next sign-in ahead of time (the `A`
    /// step of SRP's math), e.g. when the sign-in form appears, so `signIn` starts with
    /// no client-side work. Each prepared secret serves one attempt only;
    /// without this call the first `signIn` prepares it itself. Does nothing
    /// for the USER_PASSWORD_AUTH flow. Draws the secret at once (throws
    /// when the page has no `crypto.getRandomValues`) and computes `A` in
    /// slices of a few milliseconds, the page's event loop running between
    /// them: the promise resolves when `A` is ready.
    #[wasm_bindgen(js_name = prepareSignIn, unchecked_return_type = "Promise<void>")]
    pub fn prepare_sign_in(&self) -> Result<Promise, JsValue> {
        self.client.prepare_sign_in().map_err(to_js)?;
        let client = self.client.clone();
        Ok(promise(async move {
            client.prepare_sign_in_now().await?;
            Ok(JsValue::UNDEFINED)
        }))
    }

    /// Whether a user is signed in (tokens are held, possibly needing a refresh).
    #[wasm_bindgen(js_name = isSignedIn)]
    pub fn is_signed_in(&self) -> bool {
        self.client.is_signed_in()
    }

    /// The ID and access tokens, refreshed first when they are about to
    /// expire, or whatever their expiry with `forceRefresh: true`. Rejects
    /// with `NotSignedIn` when nobody is signed in.
    #[wasm_bindgen(js_name = getTokens, unchecked_return_type = "Promise<Tokens>")]
    pub fn get_tokens(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RefreshOptions")] options: JsValue,
    ) -> Promise {
        let force = client_args::force_refresh(&options, "getTokens options");
        let client = self.client.clone();
        promise_in(self.call(&options), async move {
            let tokens = client.get_tokens_with(force?).await?;
            let object = Object::new();
            convert::set(&object, "idToken", tokens.id_token.as_str());
            convert::set(&object, "accessToken", tokens.access_token.as_str());
            convert::set(&object, "expiresAt", convert::date(tokens.expires_at_ms));
            Ok(object.into())
        })
    }

    /// Temporary AWS credentials from the identity pool: the authenticated
    /// role when a user is signed in (or logins were added), else, for a
    /// client that was never signed in, guest credentials. Once a session
    /// ended it rejects (`NotAuthorizedException` when the refresh token
    /// was refused, `NotSignedIn` after a sign-out), never falling back to
    /// the guest role. Reused until shortly before they expire (new ones
    /// with `forceRefresh: true`); concurrent calls share one request chain.
    #[wasm_bindgen(js_name = getCredentials, unchecked_return_type = "Promise<Credentials>")]
    pub fn get_credentials(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RefreshOptions")] options: JsValue,
    ) -> Promise {
        let force = client_args::force_refresh(&options, "getCredentials options");
        credentials_promise(self.client.clone(), self.call(&options), force)
    }

    /// Guest (unauthenticated) credentials, where the identity pool allows
    /// them, whether or not a user is signed in.
    #[wasm_bindgen(
        js_name = getGuestCredentials,
        unchecked_return_type = "Promise<Credentials>"
    )]
    pub fn get_guest_credentials(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Cancellable")] options: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        promise_in(self.call(&options), async move {
            client
                .get_guest_credentials()
                .await
                .map(|c| credentials_to_js(&c))
        })
    }

    /// A function returning `getCredentials(options)`'s promise, usable as
    /// the `credentials` option of AWS SDK v3 clients and as the `provider`
    /// option of `awsFetch` and the S3 and JSON calls. It takes `getCredentials`'
    /// options: the SDK passes `{ forceRefresh: true }` when it wants new
    /// credentials, and a caller may pass a `signal`.
    #[wasm_bindgen(
        js_name = credentialProvider,
        unchecked_return_type = "(options?: RefreshOptions) => Promise<Credentials>"
    )]
    pub fn credential_provider(&self) -> JsValue {
        let client = self.client.clone();
        let timeout_ms = self.timeout_ms;
        Closure::<dyn Fn(JsValue) -> Promise>::new(move |options: JsValue| {
            let call = CallOptions::read(&options, Some(timeout_ms));
            let force = client_args::force_refresh(&options, "credentialProvider options");
            credentials_promise(client.clone(), call, force)
        })
        .into_js_value()
    }

    /// Adds (or replaces) another provider's token in the identity pool
    /// Logins map (federation: `accounts.google.com`, an OIDC issuer, …).
    ///
    /// Both arguments are read as JavaScript values and checked here: a
    /// non-string is an `InvalidParameterException`, never a trap.
    #[wasm_bindgen(js_name = addLogin)]
    pub fn add_login(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] provider: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    ) -> Result<(), JsValue> {
        let provider = convert::string_argument(&provider, "addLogin provider").map_err(to_js)?;
        let token = convert::string_argument(&token, "addLogin token").map_err(to_js)?;
        self.client.add_login(&provider, &token).map_err(to_js)
    }

    /// Removes a provider added with `addLogin`; returns whether it was there.
    #[wasm_bindgen(js_name = removeLogin)]
    pub fn remove_login(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] provider: JsValue,
    ) -> Result<bool, JsValue> {
        let provider =
            convert::string_argument(&provider, "removeLogin provider").map_err(to_js)?;
        Ok(self.client.remove_login(&provider))
    }

    /// Calls `callback` with new credentials each time they arrive; `null`
    /// removes it. Errors thrown by the callback are ignored.
    #[wasm_bindgen(js_name = onCredentials)]
    pub fn on_credentials(
        &self,
        #[wasm_bindgen(unchecked_param_type = "((credentials: Credentials) => void) | null")]
        callback: JsValue,
    ) -> Result<(), JsValue> {
        if callback.is_null() || callback.is_undefined() {
            self.client.on_credentials(None);
            return Ok(());
        }
        let callback: Function = callback.dyn_into().map_err(|_| {
            to_js(CognitoError::invalid_parameter(
                "onCredentials takes a function or null",
            ))
        })?;
        self.client
            .on_credentials(Some(Box::new(move |credentials| {
                let _ = callback.call1(&JsValue::NULL, &credentials_to_js(credentials));
            })));
        Ok(())
    }

    /// Signs out: tokens, credentials, identity ids and the stored session
    /// are dropped locally first; then the refresh token is revoked, or with
    /// `global: true` every session of the user is ended (GlobalSignOut).
    /// A failure of those calls rejects after the local state is gone.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SignOutOptions")] options: JsValue,
    ) -> Promise {
        let global = client_args::sign_out_global(&options);
        let client = self.client.clone();
        promise_in(self.call(&options), async move {
            client.sign_out(global?).await?;
            Ok(JsValue::UNDEFINED)
        })
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A JSON value (as found in token claims). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Options of `new CognitoClient(...)`. */
export interface CognitoClientOptions {
  /** User pool id, `<region>_<id>`. */
  userPoolId: string;
  /** App client id of the user pool. */
  clientId: string;
  /** Identity pool id, `<region>:<uuid>`; needed for AWS credentials. */
  identityPoolId?: string;
  /** Region; defaults to the user pool's and must agree with it. */
  region?: string;
  /** App client secret, only for clients that have one (unsafe in public pages). */
  clientSecret?: string;
  /** How the password is proven (default `USER_SRP_AUTH`: it never leaves the page). */
  authFlow?: "USER_SRP_AUTH" | "USER_PASSWORD_AUTH";
  /** Custom endpoints (an emulator); HTTPS unless loopback. */
  endpoints?: { cognitoIdp?: string; cognitoIdentity?: string };
  /** Where tokens, identity ids and the user's AWS credentials are kept between page loads (default `memory`: nowhere); with `local` the tabs share one session, refreshed once for all of them. The password is never stored. */
  storage?: "memory" | "session" | "local";
  /** Tokens and credentials are renewed this many seconds before they expire (default 300, at most half their lifetime). */
  refreshMarginSeconds?: number;
  /** Longest wait for each reply, in ms (default 30000): past it a call rejects with `TimeoutError`, after the retries of a call safe to repeat. Every network method also takes a `signal` (an `AbortSignal`) in its options. */
  timeoutMs?: number;
}

/** Argument of `signIn`. */
export interface SignInOptions extends Cancellable {
  username: string;
  password: string;
}

/** Challenge names; others may be reported but cannot be answered. */
export type ChallengeName =
  | "NEW_PASSWORD_REQUIRED" | "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP" | "SELECT_MFA_TYPE" | "MFA_SETUP"
  | (string & {});

/** What the user must do to finish signing in. */
export interface NextStep {
  challenge: ChallengeName;
  /** NEW_PASSWORD_REQUIRED: attributes to give with the new password (`email`, `name`, …). */
  requiredAttributes?: string[];
  /** NEW_PASSWORD_REQUIRED: the user's current attributes. */
  userAttributes?: Record<string, string>;
  /** SELECT_MFA_TYPE, MFA_SETUP: the MFA types to choose from (or set up). */
  mfaTypes?: string[];
  /** Where a code was sent (masked). */
  codeDeliveryDestination?: string;
  /** How a code was sent (`SMS`, `EMAIL`). */
  codeDeliveryMedium?: string;
  /** MFA_SETUP: the new authenticator-app secret; answer with a `code` from the app. */
  totpSetup?: TotpSetup;
}

/** Outcome of `signIn` and `respondToChallenge`. */
export type SignInResult = { signedIn: true } | { signedIn: false; nextStep: NextStep };

/** Answer to the pending challenge (the fields its `NextStep` asks for). */
export interface ChallengeAnswer extends Cancellable {
  /** NEW_PASSWORD_REQUIRED. */
  newPassword?: string;
  /** SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP, MFA_SETUP (a code from the app). */
  code?: string;
  /** SELECT_MFA_TYPE. */
  mfaType?: string;
  /** NEW_PASSWORD_REQUIRED: values of the required attributes. */
  attributes?: Record<string, string>;
}

/** The signed-in user; claims are decoded for display, not verified. */
export interface CurrentUser {
  username: string;
  sub: string;
  idTokenClaims: { [claim: string]: JsonValue };
  accessTokenClaims: { [claim: string]: JsonValue };
}

/** The user pool tokens (JWT). */
export interface Tokens {
  idToken: string;
  accessToken: string;
  /** When the first of the two expires. */
  expiresAt: Date;
}

/** Argument of `getTokens` and `getCredentials`. */
export interface RefreshOptions extends Cancellable {
  /** Ask the server for new ones whatever the expiry of those held. */
  forceRefresh?: boolean;
}

/** Argument of `signOut`. */
export interface SignOutOptions extends Cancellable {
  /** Also end every other session of the user (GlobalSignOut). */
  global?: boolean;
}
"#;
