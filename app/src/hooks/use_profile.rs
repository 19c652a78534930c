//! The signed-in user's profile: the attributes (GetUser), a change
//! (UpdateUserAttributes), an email verification (a code, then
//! VerifyUserAttribute), a password change and deleting the user.

use std::future::Future;
use std::pin::Pin;

use cognito_wasm::CognitoError;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::account_screen::{sent_to, AccountStatus};
use crate::session::ClientHandle;
use crate::state::{Action, AppState};

/// One profile call: from the profile shown to the profile after it.
type Call =
    Box<dyn FnOnce(Profile) -> Pin<Box<dyn Future<Output = Result<Profile, CognitoError>>>>>;

/// What the profile panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// The attributes as Cognito holds them (`None` until read).
    pub attributes: Option<Vec<(String, String)>>,
    /// The attribute a code was sent for, waiting for it.
    pub verifying: Option<String>,
    /// The last call.
    pub status: AccountStatus,
}

/// The profile's actions.
pub struct ProfileActions {
    /// UpdateUserAttributes with one name and value.
    pub update: Callback<(String, String)>,
    /// GetUserAttributeVerificationCode for this attribute.
    pub send_code: Callback<String>,
    /// VerifyUserAttribute with this code (for [`Profile::verifying`]).
    pub verify: Callback<String>,
    /// ChangePassword (old, new).
    pub change_password: Callback<(String, String)>,
    /// DeleteUser, then signed out in the page.
    pub delete_user: Callback<()>,
}

/// Reads the attributes of the user of `handle` (again after each
/// change) and runs the profile's calls.
#[hook]
pub fn use_profile(
    handle: &ClientHandle,
    state: &UseReducerHandle<AppState>,
) -> (Profile, ProfileActions) {
    let profile = use_state(Profile::default);
    // Bumped to read the attributes again.
    let reads = use_state(|| 0_u32);
    {
        let (profile, handle) = (profile.clone(), handle.clone());
        use_effect_with((handle.epoch, *reads), move |_| {
            spawn_local(async move {
                let attributes = handle.client.get_user_attributes().await;
                let mut next = (*profile).clone();
                match attributes {
                    Ok(pairs) => next.attributes = Some(pairs),
                    Err(e) => next.status = AccountStatus::failed(e),
                }
                profile.set(next);
            });
        });
    }
    // Runs one call: busy, then the notice (and a new read) or the error.
    let run = {
        let (profile, reads) = (profile.clone(), reads.clone());
        move |call: Call| {
            let (profile, reads) = (profile.clone(), reads.clone());
            let mut busy = (*profile).clone();
            busy.status = AccountStatus::busy();
            profile.set(busy.clone());
            spawn_local(async move {
                match call(busy.clone()).await {
                    Ok(next) => {
                        profile.set(next);
                        reads.set(*reads + 1);
                    }
                    Err(e) => {
                        busy.status = AccountStatus::failed(e);
                        profile.set(busy);
                    }
                }
            });
        }
    };
    let update = {
        let (run, handle) = (run.clone(), handle.clone());
        Callback::from(move |(name, value): (String, String)| {
            let handle = handle.clone();
            run(Box::new(move |mut p| {
                Box::pin(async move {
                    let deliveries = handle
                        .client
                        .update_user_attributes(&[(name.clone(), value)])
                        .await?;
                    p.verifying = deliveries.iter().find_map(|d| d.attribute_name.clone());
                    p.status = AccountStatus::done(match deliveries.first() {
                        Some(d) => format!(
                            "{name} saved; it waits for verification. {}",
                            sent_to(Some(d))
                        ),
                        None => format!("{name} saved."),
                    });
                    Ok(p)
                })
            }));
        })
    };
    let send_code = {
        let (run, handle) = (run.clone(), handle.clone());
        Callback::from(move |name: String| {
            let handle = handle.clone();
            run(Box::new(move |mut p| {
                Box::pin(async move {
                    let delivery = handle
                        .client
                        .send_attribute_verification_code(&name)
                        .await?;
                    p.status = AccountStatus::done(sent_to(delivery.as_ref()));
                    p.verifying = Some(name);
                    Ok(p)
                })
            }));
        })
    };
    let verify = {
        let (run, handle) = (run.clone(), handle.clone());
        Callback::from(move |code: String| {
            let handle = handle.clone();
            run(Box::new(move |mut p| {
                Box::pin(async move {
                    let name = p.verifying.clone().unwrap_or_else(|| "email".to_owned());
                    handle.client.verify_attribute(&name, &code).await?;
                    p.status = AccountStatus::done(format!("{name} verified."));
                    p.verifying = None;
                    Ok(p)
                })
            }));
        })
    };
    let change_password = {
        let (run, handle) = (run.clone(), handle.clone());
        Callback::from(move |(old, new): (String, String)| {
            let handle = handle.clone();
            run(Box::new(move |mut p| {
                Box::pin(async move {
                    handle.client.change_password(&old, &new).await?;
                    p.status = AccountStatus::done("Password changed.");
                    Ok(p)
                })
            }));
        })
    };
    let delete_user = {
        let (profile, handle, dispatcher) = (profile.clone(), handle.clone(), state.dispatcher());
        Callback::from(move |()| {
            let (profile, handle, dispatcher) =
                (profile.clone(), handle.clone(), dispatcher.clone());
            let mut busy = (*profile).clone();
            busy.status = AccountStatus::busy();
            profile.set(busy.clone());
            spawn_local(async move {
                match handle.client.delete_user().await {
                    // The library signed out; the page follows (no remote sign-out: the user is gone).
                    Ok(()) => {
                        dispatcher.dispatch(Action::SignOut);
                        dispatcher.dispatch(Action::SignOutDone {
                            epoch: handle.epoch + 1,
                            error: None,
                        });
                    }
                    Err(e) => {
                        busy.status = AccountStatus::failed(e);
                        profile.set(busy);
                    }
                }
            });
        })
    };
    (
        (*profile).clone(),
        ProfileActions {
            update,
            send_code,
            verify,
            change_password,
            delete_user,
        },
    )
}
