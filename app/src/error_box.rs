//! A failed call shown as a message (never a crash), with a hint about
//! what the error usually means.

use cognito_wasm::CognitoError;
use yew::prelude::*;

/// What an error name usually means, for people learning the model.
pub fn hint(error: &CognitoError) -> Option<&'static str> {
    Some(match error.name() {
        "NotAuthorizedException" => "Cognito refused the sign-in or token: wrong user name or password, a disabled user, or an expired session.",
        "UserNotFoundException" => "No such user in this user pool.",
        "PasswordResetRequiredException" => "An administrator asked this user to reset the password.",
        "UserNotConfirmedException" => "The user has not confirmed the account yet.",
        "InvalidPasswordException" => "The new password does not satisfy the user pool's password policy.",
        "CodeMismatchException" => "The code is wrong; try again.",
        "AccessDenied" | "AccessDeniedException" => "The IAM role behind these temporary credentials does not allow this call. A guest's role may list public/ only; a signed-in user's role allows more.",
        "ResourceNotFoundException" => "The pool (or identity) does not exist in this region and account.",
        "NetworkError" => "No reply came back: check the endpoint, that it allows this page's origin (CORS), and that the page's Content-Security-Policy connect-src lists it.",
        "InvalidConfig" => "Fix the marked setting; nothing was sent.",
        "InvalidParameterException" => "A value was refused before or by the service.",
        "SignatureDoesNotMatch" => "The SigV4 signature did not match what the server computed.",
        "RequestTimeTooSkewed" | "InvalidSignatureException" => "The signature or its time was refused; a wrong computer clock causes this.",
        "ExpiredToken" | "ExpiredTokenException" => "The temporary credentials have expired; the library fetches new ones on the next call.",
        "NoSuchBucket" => "The bucket does not exist at this endpoint.",
        "NotSignedIn" => "Sign in (or continue as a guest) first.",
        _ => return None,
    })
}

/// Properties of [`ErrorBox`].
#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    /// The error, if any.
    pub error: Option<CognitoError>,
    /// What was being done (`Sign-in failed`, `Listing failed`).
    pub context: AttrValue,
}

/// The error's name, message and hint, announced to screen readers.
#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    let Some(error) = &props.error else {
        return html! {};
    };
    html! {
        <div class="error" role="alert" data-testid="error">
            <strong>{ format!("{}: ", props.context) }</strong>
            <code class="error-name">{ error.name() }</code>
            { " — " }
            <span class="error-message">{ &error.message }</span>
            if let Some(h) = hint(error) {
                <p class="error-hint">{ h }</p>
            }
            if error.retryable {
                <p class="error-hint">{ "This may work if you try again." }</p>
            }
        </div>
    }
}
