//! The signed-in user's security: TOTP enrolment (QR code and secret), the
//! MFA preference, "remember this device", and the tracked devices with
//! "forget".

use cognito_wasm::cognito::account::{MfaPreference, MfaSetting};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::error_box::ErrorBox;
use super::input_value;
use super::notice::Notice;
use super::totp_qr::TotpQr;
use crate::format::utc_time;
use crate::hooks::use_security::use_security;
use crate::session::ClientHandle;

/// Properties of [`SecurityPanel`].
#[derive(Properties, PartialEq)]
pub struct SecurityPanelProps {
    /// The signed-in user's session.
    pub client: ClientHandle,
}

/// One MFA type's setting as a select (`None`: not reported).
fn setting_select(
    id: &'static str,
    label: &'static str,
    setting: Option<MfaSetting>,
    on_change: Callback<Option<MfaSetting>>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        on_change.emit(MfaSetting::parse(&select.value()));
    });
    let current = setting.unwrap_or(MfaSetting::Disabled);
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <select id={id} data-testid={id} {onchange}>
                { for [MfaSetting::Preferred, MfaSetting::Enabled, MfaSetting::Disabled].into_iter().map(|s| html! {
                    <option value={s.as_str()} selected={s == current}>{ s.as_str() }</option>
                }) }
            </select>
        </div>
    }
}

/// TOTP enrolment, MFA preference, devices.
#[component]
pub fn SecurityPanel(props: &SecurityPanelProps) -> Html {
    let (security, actions) = use_security(&props.client);
    let code = use_state(String::new);
    // The preference being edited (starts as read).
    let edited = use_state(|| None::<MfaPreference>);
    let busy = security.status.busy;
    let preference = (*edited).or(security.preference);
    let on_code = {
        let code = code.clone();
        Callback::from(move |e: InputEvent| code.set(input_value(&e)))
    };
    let on_verify = {
        let (code, verify) = (code.clone(), actions.verify_totp.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            verify.emit(code.trim().to_owned());
        })
    };
    let on_setup = actions.set_up_totp.reform(|_: MouseEvent| ());
    let on_remember = actions.remember_device.reform(|_: MouseEvent| ());
    let edit = |set: fn(&mut MfaPreference, Option<MfaSetting>)| {
        let edited = edited.clone();
        Callback::from(move |setting: Option<MfaSetting>| {
            let mut next = (*edited).or(preference).unwrap_or_default();
            set(&mut next, setting);
            edited.set(Some(next));
        })
    };
    let on_save = {
        let (edited, save) = (edited.clone(), actions.set_preference.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(p) = *edited {
                save.emit(p);
                edited.set(None);
            }
        })
    };
    let device_rows = security.devices.iter().flatten().map(|d| {
        let key = d.key.clone();
        let forget = actions.forget_device.reform(move |_: MouseEvent| key.clone());
        html! {
            <tr data-testid="device-row">
                <td>{ d.name.clone().unwrap_or_else(|| "(unnamed)".to_owned()) }</td>
                <td class="small"><code>{ &d.key }</code></td>
                <td>{ if d.remembered { "remembered" } else { "not remembered" } }</td>
                <td class="small">{ d.last_authenticated_ms.map(utc_time).unwrap_or_default() }</td>
                <td><button type="button" class="small secondary" data-testid="forget-device" onclick={forget} disabled={busy}>{ "Forget" }</button></td>
            </tr>
        }
    });
    html! {
        <section class="panel security" aria-labelledby="security-title" aria-busy={busy.to_string()}>
            <h2 id="security-title">{ "Security" }</h2>
            <h3>{ "Authenticator app (TOTP)" }</h3>
            if let Some(setup) = &security.totp {
                <TotpQr secret={setup.secret_code.clone()} uri={setup.uri.clone()} />
                <form class="list-form" onsubmit={on_verify}>
                    <div class="field grow">
                        <label for="totp-code">{ "Code from the app" }</label>
                        <input id="totp-code" data-testid="totp-code" type="text" inputmode="numeric"
                            autocomplete="one-time-code" value={(*code).clone()} oninput={on_code} required=true />
                    </div>
                    <div class="field end">
                        <button type="submit" data-testid="totp-verify" disabled={busy}>{ "Verify and turn on" }</button>
                    </div>
                </form>
            } else {
                <div class="actions">
                    <button type="button" data-testid="totp-setup" onclick={on_setup} disabled={busy}>{ "Set up an authenticator app" }</button>
                </div>
            }
            <h3>{ "MFA preference" }</h3>
            if let Some(p) = preference {
                <form class="list-form" onsubmit={on_save}>
                    { setting_select("mfa-totp", "Authenticator app", p.totp, edit(|p, s| p.totp = s)) }
                    { setting_select("mfa-email", "Email code", p.email, edit(|p, s| p.email = s)) }
                    { setting_select("mfa-sms", "SMS code", p.sms, edit(|p, s| p.sms = s)) }
                    <div class="field end">
                        <button type="submit" data-testid="mfa-save" disabled={busy || edited.is_none()}>{ "Save" }</button>
                    </div>
                </form>
            }
            <h3>{ "Remembered devices" }</h3>
            if let Some(device) = &security.device {
                if device.remembered {
                    <p class="small" data-testid="device-remembered">{ "This browser is remembered: signing in here skips MFA." }</p>
                } else {
                    <div class="actions">
                        <button type="button" data-testid="remember-device" onclick={on_remember} disabled={busy}>{ "Remember this device" }</button>
                        <span class="muted small">{ " then signing in here skips MFA" }</span>
                    </div>
                }
            }
            <div data-testid="devices">
                { match &security.devices {
                    None => html! { <p class="muted small">{ "No devices listed (the pool may not track devices)." }</p> },
                    Some(list) if list.is_empty() => html! { <p class="muted small">{ "No tracked devices." }</p> },
                    Some(_) => html! {
                        <table class="devices-table">
                            <thead><tr><th>{ "Name" }</th><th>{ "Key" }</th><th>{ "Status" }</th><th>{ "Last sign-in" }</th><th></th></tr></thead>
                            <tbody>{ for device_rows }</tbody>
                        </table>
                    },
                } }
            </div>
            <Notice text={security.status.notice.clone().map(AttrValue::from)} />
            <ErrorBox error={security.status.error.clone()} context="The security call failed" />
        </section>
    }
}
