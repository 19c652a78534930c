//! The session's client: the library's `CognitoClient` over the recording
//! platform, tagged with the session it serves.

use cognito_wasm::client::CognitoClient;
use cognito_wasm::session::Credentials;
use cognito_wasm::CognitoError;

use crate::recorder::RecordingPlatform;

/// The library client over the recording platform.
pub type DemoClient = CognitoClient<RecordingPlatform>;

/// A client and the session epoch it serves (a new one per sign-in or
/// guest start, so late replies of an old session are ignored).
#[derive(Clone)]
pub struct ClientHandle {
    /// The client.
    pub client: DemoClient,
    /// The epoch it was created for.
    pub epoch: u64,
    /// Whether this session is a guest's.
    pub guest: bool,
}

impl PartialEq for ClientHandle {
    fn eq(&self, other: &Self) -> bool {
        self.epoch == other.epoch && self.guest == other.guest
    }
}

impl ClientHandle {
    /// Credentials for the session: the user's (from the ID token) or a
    /// guest's. The library reuses them until the refresh margin and renews
    /// them (with the tokens if needed) after that.
    pub async fn credentials(&self) -> Result<Credentials, CognitoError> {
        if self.guest {
            self.client.get_guest_credentials().await
        } else {
            self.client.get_credentials().await
        }
    }
}
