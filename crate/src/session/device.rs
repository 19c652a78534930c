//! A confirmed device's secret: what signing in from it (DEVICE_SRP_AUTH)
//! needs, kept per user, and whether Cognito remembers the device.
use crate::prelude::*;

use core::fmt;

use crate::wire::json::{self, Value};

/// The user's confirmed device: its key and group key, the random password
/// whose SRP verifier ConfirmDevice gave Cognito (never logged), and whether
/// the device is remembered (it skips MFA) or waits for the user's word.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceSecret {
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub group_key: String,
    /// The device's random password.
    pub password: String,
    /// Remembered, as this client last knew it: ConfirmDevice said so (the
    /// pool remembers every device) or UpdateDeviceStatus `remembered`
    /// succeeded; cleared when a sign-in that sent the device was still
    /// asked for MFA.
    pub remembered: bool,
    /// The other names (aliases, another letter case) the user signed in
    /// with from this browser while the device was stored: a sign-in by one
    /// of them finds the device before Cognito names the user (see
    /// `SessionStorage::device_for`).
    pub names: Vec<String>,
}

impl fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceSecret")
            .field("device_key", &self.device_key)
            .field("group_key", &self.group_key)
            .field("password", &"<redacted>")
            .field("remembered", &self.remembered)
            .field("names", &self.names)
            .finish()
    }
}

impl DeviceSecret {
    /// `{"deviceKey","groupKey","password","remembered","names"}`.
    pub fn to_json(&self) -> String {
        let names = self.names.iter().map(|n| Value::from(n.as_str()));
        Value::object(vec![
            ("deviceKey", Value::from(self.device_key.as_str())),
            ("groupKey", Value::from(self.group_key.as_str())),
            ("password", Value::from(self.password.as_str())),
            ("remembered", Value::Bool(self.remembered)),
            ("names", Value::Array(names.collect())),
        ])
        .to_json()
    }

    /// Reads what [`DeviceSecret::to_json`] wrote; `None` when a key or the
    /// password is missing or empty. Without `remembered` (written before
    /// devices were confirmed at sign-in, when only a remembered device was
    /// stored): remembered. Without `names`: none.
    pub fn from_json(text: &str) -> Option<DeviceSecret> {
        let v = json::parse(text).ok()?;
        let field = |k| v.get_str(k).filter(|s| !s.is_empty()).map(str::to_owned);
        Some(DeviceSecret {
            device_key: field("deviceKey")?,
            group_key: field("groupKey")?,
            password: field("password")?,
            remembered: v.get("remembered").and_then(Value::as_bool) != Some(false),
            names: v
                .get("names")
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_redacted_debug() {
        let d = DeviceSecret {
            device_key: "eu-west-1_d".into(),
            group_key: "-g".into(),
            password: "cGFzc3dvcmQ=".into(),
            remembered: false,
            names: vec!["Dora@Example.com".into()],
        };
        assert_eq!(DeviceSecret::from_json(&d.to_json()), Some(d.clone()));
        let older = r#"{"deviceKey":"k","groupKey":"g","password":"p"}"#;
        assert!(DeviceSecret::from_json(older).is_some_and(|d| d.remembered && d.names.is_empty()));
        assert!(!format!("{d:?}").contains("cGFzc3dvcmQ="));
        assert_eq!(
            DeviceSecret::from_json(r#"{"deviceKey":"k","groupKey":"g"}"#),
            None
        );
        assert_eq!(DeviceSecret::from_json("not json"), None);
    }
}
