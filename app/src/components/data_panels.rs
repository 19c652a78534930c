//! Step 3 put to use: the user's own files and profile, and the policy
//! that confines them, side by side.

use yew::prelude::*;

use super::my_files::MyFiles;
use super::my_profile::MyProfile;
use super::policy_panel::PolicyPanel;
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Properties of [`DataPanels`].
#[derive(Properties, PartialEq)]
pub struct DataPanelsProps {
    /// The session's client, once it has credentials.
    pub client: Option<ClientHandle>,
    /// Current settings.
    pub settings: Settings,
    /// The identity the credentials belong to.
    pub identity_id: Option<AttrValue>,
}

/// "My files", "My profile" and the policy panel.
#[component]
pub fn DataPanels(props: &DataPanelsProps) -> Html {
    let DataPanelsProps {
        client,
        settings,
        identity_id,
    } = props;
    html! {
        <div class="layout data-panels">
            <div class="column">
                <MyFiles client={client.clone()} settings={settings.clone()} identity_id={identity_id.clone()} />
                <MyProfile client={client.clone()} settings={settings.clone()} identity_id={identity_id.clone()} />
            </div>
            <div class="column">
                <PolicyPanel client={client.clone()} settings={settings.clone()} identity_id={identity_id.clone()} />
            </div>
        </div>
    }
}
