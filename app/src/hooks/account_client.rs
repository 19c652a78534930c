//! A client for the account calls made while nobody is signed in
//! (sign-up, password reset): no session, no storage, its calls recorded
//! in the log like any other.

use cognito_wasm::client::CognitoClient;
use cognito_wasm::CognitoError;
use yew::Callback;

use crate::recorder::RecordingPlatform;
use crate::request_log::LogAction;
use crate::session::DemoClient;
use crate::settings::Settings;

/// A session-less client for `settings` recording into `log`.
pub(super) fn account_client(
    settings: &Settings,
    log: Callback<LogAction>,
) -> Result<DemoClient, CognitoError> {
    CognitoClient::new(settings.config(), RecordingPlatform::new(log), None)
}
