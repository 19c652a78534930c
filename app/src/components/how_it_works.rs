//! "How it works": the credential model in words, next to every call the
//! page made.

use yew::prelude::*;

use super::account_calls::AccountCalls;
use super::request_log_view::RequestLogView;
use crate::request_log::RequestLog;

/// Properties of [`HowItWorks`].
#[derive(Properties, PartialEq)]
pub struct HowItWorksProps {
    /// Every call made.
    pub log: UseReducerHandle<RequestLog>,
    /// Empties the log.
    pub on_clear: Callback<()>,
}

/// The model in words, and every call as sent.
#[component]
pub fn HowItWorks(props: &HowItWorksProps) -> Html {
    html! {
        <section class="panel how" aria-labelledby="how-title" id="how-it-works">
            <h2 id="how-title">{ "How it works" }</h2>
            <div class="explain">
                <p>{ "A web page is an untrusted client: anything it holds, its user can read. So it never gets long-term AWS keys. Instead:" }</p>
                <ol>
                    <li><strong>{ "User pool (cognito-idp)" }</strong>{ " — a user directory. InitiateAuth with SRP proves the password without sending it and returns JWTs: an ID token (who), an access token (user-pool API) and a refresh token." }</li>
                    <li><strong>{ "Identity pool (cognito-identity)" }</strong>{ " — GetId maps the login (Logins key cognito-idp.<region>.amazonaws.com/<userPoolId> → ID token) or no login (a guest) to an identity id; GetCredentialsForIdentity returns temporary keys for the pool's authenticated or guest IAM role. It only accepts tokens from user pools listed in its CognitoIdentityProviders." }</li>
                    <li><strong>{ "AWS services (S3 here)" }</strong>{ " — every call is signed with SigV4 in the page: a canonical request, a string to sign over the credential scope date/region/service, an HMAC chain from the secret key. The IAM role's policy, not the page, decides what is allowed." }</li>
                </ol>
                <AccountCalls />
                <p class="muted small">{ "Below: every call this page made, as sent and as answered. Secrets are redacted (passwords, one-time codes, the TOTP secret, secret keys, refresh tokens) or shortened (tokens, signatures)." }</p>
            </div>
            <RequestLogView log={props.log.clone()} on_clear={props.on_clear.clone()} />
        </section>
    }
}
