//! Session events: what happened to the session, told synchronously to one
//! hook (the JavaScript wrapper keeps its listener list behind it).
use crate::prelude::*;

use alloc::rc::Rc;

use super::{CognitoClient, Platform};
use crate::error::CognitoError;
use crate::session::Credentials;

/// Something that happened to the session.
#[derive(Clone, Copy, Debug)]
pub enum SessionEvent<'a> {
    /// A user signed in (a new session started).
    SignedIn,
    /// The user signed out (here or, with shared storage, in another tab).
    SignedOut,
    /// The tokens were refreshed (REFRESH_TOKEN_AUTH).
    TokensRefreshed,
    /// New credentials arrived.
    CredentialsRefreshed(&'a Credentials),
    /// The session ended because the refresh token was refused (expired or
    /// revoked) or the tokens expired without one.
    SessionExpired,
    /// A token refresh failed (retryable or not).
    RefreshFailed(&'a CognitoError),
    /// A sign-in succeeded, but confirming the new device it named
    /// (ConfirmDevice) failed: nothing is stored for the device and it is
    /// not remembered. Refused by Cognito, the device stays unconfirmed and
    /// `remember_device` confirms it; with an unknown outcome (a network
    /// failure, a timeout, a server error) it may have landed, so
    /// `forget_abandoned_device` forgets it and the next sign-in gets a new
    /// one.
    DeviceConfirmFailed(&'a CognitoError),
}

impl SessionEvent<'_> {
    /// The event's name as JavaScript spells it.
    pub fn name(&self) -> &'static str {
        match self {
            SessionEvent::SignedIn => "signedIn",
            SessionEvent::SignedOut => "signedOut",
            SessionEvent::TokensRefreshed => "tokensRefreshed",
            SessionEvent::CredentialsRefreshed(_) => "credentialsRefreshed",
            SessionEvent::SessionExpired => "sessionExpired",
            SessionEvent::RefreshFailed(_) => "refreshFailed",
            SessionEvent::DeviceConfirmFailed(_) => "deviceConfirmFailed",
        }
    }
}

/// Called with every session event, synchronously, as it happens.
pub type EventHook = Box<dyn Fn(&SessionEvent)>;

/// The hook as the client holds it.
pub(super) type SharedHook = Rc<dyn Fn(&SessionEvent)>;

impl<P: Platform + 'static> CognitoClient<P> {
    /// Sets (or with `None` removes) the function called with every
    /// session event.
    pub fn on_event(&self, hook: Option<EventHook>) {
        self.inner.hook.set(hook.map(Rc::from));
    }

    /// Tells the hook, if any (no borrow of the state is held: it may call
    /// back into the client).
    pub(super) fn emit(&self, event: SessionEvent) {
        // Put back before the call: the hook may replace itself.
        let hook = self.inner.hook.take();
        self.inner.hook.set(hook.clone());
        if let Some(hook) = hook {
            hook(&event);
        }
    }
}
