//! "How it works", the account calls: what each one does, and why none of
//! them is signed with SigV4.

use yew::prelude::*;

/// (operation, what it does, what proves who is asking).
const CALLS: &[(&str, &str, &str)] = &[
    ("SignUp", "registers a user with a password and attributes; Cognito sends a confirmation code", "none: anyone may sign up where the pool allows it (the app client id, and SECRET_HASH for a client with a secret)"),
    ("ConfirmSignUp", "confirms the new user with the code", "the code"),
    ("ResendConfirmationCode", "sends a new confirmation code", "none (the user name)"),
    ("ForgotPassword", "sends a code to reset the password to the user's verified email or phone", "none (the user name)"),
    ("ConfirmForgotPassword", "sets the new password", "the code"),
    ("ChangePassword", "changes the signed-in user's password", "access token, and the current password"),
    ("GetUser", "reads the attributes and the MFA settings", "access token"),
    ("UpdateUserAttributes", "changes attributes; a changed email or phone waits for verification and a code goes to it", "access token"),
    ("GetUserAttributeVerificationCode", "sends a code to verify an email or phone", "access token"),
    ("VerifyUserAttribute", "marks the attribute verified", "access token and the code"),
    ("DeleteUserAttributes / DeleteUser", "removes attributes, or the user itself (the page then signs out)", "access token"),
    ("AssociateSoftwareToken", "creates an authenticator-app secret (shown as text and as the QR code of its otpauth:// URI)", "access token, or during sign-in (MFA_SETUP) the challenge's Session"),
    ("VerifySoftwareToken", "proves the app holds the secret with one of its codes", "access token or the challenge's Session, and the code"),
    ("SetUserMFAPreference", "turns MFA types on or off and picks the preferred one", "access token"),
    ("ConfirmDevice", "right after a sign-in: confirms the device the pool started tracking with an SRP verifier of a random password made in the page (the password stays in the page's storage; the pool keeps only the verifier)", "access token"),
    ("ListDevices / ForgetDevice / UpdateDeviceStatus", "the devices the pool tracks for the user; \"Remember this device\" marks this one remembered when the pool waits for the user; a remembered one skips MFA", "access token"),
    ("RespondToAuthChallenge DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER", "signing in from a remembered device: after the password, the page proves it holds the device's password (SRP, as for the user's password) instead of asking for an MFA code; refreshes then name the device (DEVICE_KEY)", "the challenge's Session and the device's SRP proof"),
];

/// The account calls, one line each.
#[component]
pub fn AccountCalls() -> Html {
    html! {
        <details class="account-calls">
            <summary>{ "The account calls (sign-up, password, profile, MFA, devices)" }</summary>
            <p class="small">{ "These are cognito-idp calls like InitiateAuth: public endpoints of the user pool, sent as plain JSON with no AWS signature, because the page has no AWS keys to sign with and needs none. Each call proves who is asking in its body instead: a one-time code, the user's current password, a challenge Session, or the access token (a JWT the user pool issued and checks itself). No IAM policy is involved; the pool's settings decide what is allowed." }</p>
            <table class="outbox-table">
                <thead><tr><th>{ "Call" }</th><th>{ "What it does" }</th><th>{ "Proof" }</th></tr></thead>
                <tbody>
                    { for CALLS.iter().map(|(op, what, proof)| html! {
                        <tr><td><code>{ *op }</code></td><td>{ *what }</td><td>{ *proof }</td></tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}
