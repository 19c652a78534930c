//! What an error usually means, in words for people learning the model.

use cognito_wasm::CognitoError;

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
