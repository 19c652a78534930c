//! The signed-in user's security settings: TOTP enrolment
//! (AssociateSoftwareToken, VerifySoftwareToken, then TOTP preferred),
//! the MFA preference, and the tracked devices (list, forget, remember this
//! one).

use cognito_wasm::client::SessionDevice;
use cognito_wasm::cognito::account::{Device, MfaPreference, MfaSetting, TotpSetup};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::account_screen::AccountStatus;
use crate::session::ClientHandle;

/// What the security panel shows.
#[derive(Clone, Default, PartialEq)]
pub struct Security {
    /// The MFA settings (`None` until read).
    pub preference: Option<MfaPreference>,
    /// The tracked devices (`None` until read or when the pool tracks none).
    pub devices: Option<Vec<Device>>,
    /// The device this session signed in from (the pool tracks devices).
    pub device: Option<SessionDevice>,
    /// A TOTP secret waiting for its first code.
    pub totp: Option<TotpSetup>,
    /// The last call.
    pub status: AccountStatus,
}

/// The security panel's actions.
pub struct SecurityActions {
    /// AssociateSoftwareToken: a new secret.
    pub set_up_totp: Callback<()>,
    /// VerifySoftwareToken with this code, then TOTP preferred.
    pub verify_totp: Callback<String>,
    /// SetUserMFAPreference.
    pub set_preference: Callback<MfaPreference>,
    /// ForgetDevice with this key.
    pub forget_device: Callback<String>,
    /// Remembers this session's device (UpdateDeviceStatus; ConfirmDevice
    /// first when the sign-in could not confirm it).
    pub remember_device: Callback<()>,
}

/// Reads the MFA settings and devices of the user of `handle` (again
/// after each change) and runs the security calls.
#[hook]
pub fn use_security(handle: &ClientHandle) -> (Security, SecurityActions) {
    let security = use_state(Security::default);
    let reads = use_state(|| 0_u32);
    {
        let (security, handle) = (security.clone(), handle.clone());
        use_effect_with((handle.epoch, *reads), move |_| {
            spawn_local(async move {
                let preference = handle.client.get_mfa_preference().await;
                let devices = handle.client.list_devices().await;
                let mut next = (*security).clone();
                match preference {
                    Ok(p) => next.preference = Some(p),
                    Err(e) => next.status = AccountStatus::failed(e),
                }
                // A pool that tracks no devices has none to list.
                next.devices = devices.ok();
                next.device = handle.client.session_device();
                security.set(next);
            });
        });
    }
    let start = {
        let security = security.clone();
        move || {
            let mut busy = (*security).clone();
            busy.status = AccountStatus::busy();
            security.set(busy.clone());
            busy
        }
    };
    let set_up_totp = {
        let (security, handle, start) = (security.clone(), handle.clone(), start.clone());
        Callback::from(move |()| {
            let mut next = start();
            let (security, handle) = (security.clone(), handle.clone());
            spawn_local(async move {
                match handle.client.set_up_totp().await {
                    Ok(setup) => {
                        next.totp = Some(setup);
                        next.status = AccountStatus::done("Scan the QR code (or type the secret) in an authenticator app, then enter its code.");
                    }
                    Err(e) => next.status = AccountStatus::failed(e),
                }
                security.set(next);
            });
        })
    };
    let verify_totp = {
        let (security, handle, reads, start) = (
            security.clone(),
            handle.clone(),
            reads.clone(),
            start.clone(),
        );
        Callback::from(move |code: String| {
            let mut next = start();
            let (security, handle, reads) = (security.clone(), handle.clone(), reads.clone());
            spawn_local(async move {
                let preferred = MfaPreference {
                    totp: Some(MfaSetting::Preferred),
                    ..MfaPreference::default()
                };
                let result = match handle
                    .client
                    .verify_totp_setup(&code, Some("cognito-wasm demo"))
                    .await
                {
                    Ok(()) => handle.client.set_mfa_preference(preferred).await,
                    Err(e) => Err(e),
                };
                match result {
                    Ok(()) => {
                        next.totp = None;
                        next.status = AccountStatus::done("TOTP enrolled and preferred: signing in now asks for a code from the app.");
                        security.set(next);
                        reads.set(*reads + 1);
                    }
                    Err(e) => {
                        next.status = AccountStatus::failed(e);
                        security.set(next);
                    }
                }
            });
        })
    };
    let set_preference = {
        let (security, handle, reads, start) = (
            security.clone(),
            handle.clone(),
            reads.clone(),
            start.clone(),
        );
        Callback::from(move |preference: MfaPreference| {
            let mut next = start();
            let (security, handle, reads) = (security.clone(), handle.clone(), reads.clone());
            spawn_local(async move {
                match handle.client.set_mfa_preference(preference).await {
                    Ok(()) => {
                        next.status = AccountStatus::done("MFA preference saved.");
                        security.set(next);
                        reads.set(*reads + 1);
                    }
                    Err(e) => {
                        next.status = AccountStatus::failed(e);
                        security.set(next);
                    }
                }
            });
        })
    };
    let remember_device = {
        let (security, handle, reads, start) = (
            security.clone(),
            handle.clone(),
            reads.clone(),
            start.clone(),
        );
        Callback::from(move |()| {
            let mut next = start();
            let (security, handle, reads) = (security.clone(), handle.clone(), reads.clone());
            spawn_local(async move {
                let remembered = handle
                    .client
                    .remember_device(Some("cognito-wasm demo"))
                    .await;
                // A confirmation whose outcome was left unknown: its device
                // is forgotten (no orphan in the pool).
                handle.client.forget_abandoned_device().await;
                match remembered {
                    Ok(_) => {
                        next.status = AccountStatus::done(
                            "Device remembered: signing in here again skips MFA.",
                        );
                        security.set(next);
                        reads.set(*reads + 1);
                    }
                    Err(e) => {
                        next.status = AccountStatus::failed(e);
                        security.set(next);
                    }
                }
            });
        })
    };
    let forget_device = {
        let (security, handle, reads) = (security.clone(), handle.clone(), reads.clone());
        Callback::from(move |key: String| {
            let mut next = start();
            let (security, handle, reads) = (security.clone(), handle.clone(), reads.clone());
            spawn_local(async move {
                match handle.client.forget_device(Some(&key)).await {
                    Ok(()) => {
                        next.status = AccountStatus::done("Device forgotten.");
                        security.set(next);
                        reads.set(*reads + 1);
                    }
                    Err(e) => {
                        next.status = AccountStatus::failed(e);
                        security.set(next);
                    }
                }
            });
        })
    };
    (
        (*security).clone(),
        SecurityActions {
            set_up_totp,
            verify_totp,
            set_preference,
            forget_device,
            remember_device,
        },
    )
}
