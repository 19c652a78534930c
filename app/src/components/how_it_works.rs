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
                <h3>{ "The same three steps, for your own files and profile" }</h3>
                <ol>
                    <li><strong>{ "Who you are" }</strong>{ " — signing in gives the ID token. The user pool's calls (InitiateAuth, RespondToAuthChallenge) are not signed with AWS keys: the page has none yet. The password proof (SRP) and the tokens are what authenticate them." }</li>
                    <li><strong>{ "Which identity, which keys" }</strong>{ " — GetId turns the ID token into your identity id (the same id at every sign-in), GetCredentialsForIdentity into temporary keys of the authenticated role. These calls are not signed either: the token in Logins is the proof, and the identity pool checks it against the user pool it trusts." }</li>
                    <li><strong>{ "What you may touch" }</strong>{ " — My files (ListObjectsV2, PutObject or CreateMultipartUpload / UploadPart / CompleteMultipartUpload, GetObject, DeleteObject) and My profile (DynamoDB GetItem, PutItem) are signed with SigV4 and those keys: S3 and DynamoDB know no tokens, only signatures, and the signature proves the request was made with the keys and was not altered on the way (body hash included). IAM then evaluates the role's policy for the caller: ${cognito-identity.amazonaws.com:sub} becomes your identity id, so private/<your id>/ and the row keyed by your id are allowed, and another user's folder or row is AccessDenied — the page cannot widen that, whatever it sends." }</li>
                </ol>
                <AccountCalls />
                <p class="muted small">{ "Below: every call this page made, as sent and as answered. Secrets are redacted (passwords, one-time codes, the TOTP secret, secret keys, refresh tokens) or shortened (tokens, signatures)." }</p>
            </div>
            <RequestLogView log={props.log.clone()} on_clear={props.on_clear.clone()} />
        </section>
    }
}
