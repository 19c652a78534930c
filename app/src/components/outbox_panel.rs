//! The local stack's outbox: the codes Cognito would have sent by email or
//! SMS, so a visitor can confirm a sign-up, reset a password or verify an
//! email. Hidden against AWS (the codes go to real mailboxes there).

use yew::prelude::*;

use crate::hooks::use_outbox::use_outbox;

/// Properties of [`OutboxPanel`].
#[derive(Properties, PartialEq)]
pub struct OutboxPanelProps {
    /// The cognito-idp endpoint (empty: AWS, nothing shown).
    pub endpoint: AttrValue,
    /// The user pool whose deliveries are shown.
    pub user_pool_id: AttrValue,
}

/// The newest deliveries of the stack's outbox, when there is one.
#[component]
pub fn OutboxPanel(props: &OutboxPanelProps) -> Html {
    let Some(deliveries) = use_outbox(&props.endpoint, &props.user_pool_id) else {
        return html! {};
    };
    let rows = deliveries.iter().map(|d| {
        html! {
            <tr data-testid="outbox-row">
                <td>{ &d.username }</td>
                <td>{ &d.purpose }</td>
                <td class="small">{ format!("{} {}", d.medium, d.destination) }</td>
                <td><code data-testid="outbox-code">{ &d.code }</code></td>
            </tr>
        }
    });
    html! {
        <section class="panel outbox" aria-labelledby="outbox-title" data-testid="outbox">
            <h2 id="outbox-title">{ "Outbox (local stack)" }</h2>
            <p class="muted small">{ "The local stack delivers the codes Cognito would send by email or SMS here, newest first. Against AWS they reach the real mailbox and this panel is hidden." }</p>
            if deliveries.is_empty() {
                <p class="muted small">{ "Nothing sent yet." }</p>
            } else {
                <table class="outbox-table">
                    <thead><tr><th>{ "User" }</th><th>{ "Purpose" }</th><th>{ "To" }</th><th>{ "Code" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </section>
    }
}
