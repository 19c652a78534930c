//! Loads the settings once, at start: `config.json`, else the example.

use cognito_wasm::browser::BrowserPlatform;
use cognito_wasm::client::platform::Platform;
use cognito_wasm::wire::http::HttpRequest;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::config_file::{parse_settings, CONFIG_FILE, EXAMPLE_FILE};
use crate::settings::Settings;
use crate::state::{Action, AppState};

/// Fetches the settings file when the page starts and reports it
/// ([`Action::ConfigLoaded`]).
#[hook]
pub fn use_config_file(dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        spawn_local(async move {
            let loaded = load().await;
            dispatcher.dispatch(Action::ConfigLoaded {
                settings: loaded.settings,
                source: loaded.source,
            });
        });
    });
}

/// Settings and where they came from.
struct Loaded {
    /// The settings.
    settings: Settings,
    /// `config.json`, `config.example.json (no config.json)`, …
    source: String,
}

/// Fetches `config.json`, else `config.example.json`, else empty settings.
async fn load() -> Loaded {
    let first = fetch_settings(CONFIG_FILE).await;
    match first {
        Ok(settings) => Loaded {
            settings,
            source: CONFIG_FILE.to_owned(),
        },
        Err(why) => match fetch_settings(EXAMPLE_FILE).await {
            Ok(settings) => Loaded {
                settings,
                source: format!("{EXAMPLE_FILE} ({CONFIG_FILE}: {why})"),
            },
            Err(example_why) => Loaded {
                settings: Settings::default(),
                source: format!("nowhere ({CONFIG_FILE}: {why}; {EXAMPLE_FILE}: {example_why})"),
            },
        },
    }
}

async fn fetch_settings(path: &str) -> Result<Settings, String> {
    let request = HttpRequest {
        method: "GET".to_owned(),
        url: path.to_owned(),
        headers: vec![("Accept".to_owned(), "application/json".to_owned())],
        body: Vec::new(),
    };
    let response = BrowserPlatform.send(request).await.map_err(|e| e.message)?;
    if response.status != 200 {
        return Err(format!("HTTP {}", response.status));
    }
    parse_settings(response.text().map_err(|e| e.message)?)
}
