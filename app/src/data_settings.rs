//! What the data panels read from the config file: the DynamoDB table of
//! profiles and its partition key, the authenticated role's policy (as
//! stored in IAM, variables unresolved) and the identity ids of users whose
//! data another user may try to read.

use cognito_wasm::wire::json::Value;

use crate::pretty_json::pretty;

/// The data panels' settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataSettings {
    /// DynamoDB table of profiles (empty: no profile panel).
    pub table: String,
    /// Its partition key, which holds the identity id.
    pub partition_key: String,
    /// The authenticated role's permission policy, indented JSON.
    pub policy: Option<String>,
    /// Known users' identity ids, `(name, identity id)`, for the
    /// other-user attempt.
    pub identity_ids: Vec<(String, String)>,
    /// DynamoDB endpoint (empty: AWS).
    pub dynamodb_endpoint: String,
}

/// Partition key used when the config file names none.
pub const DEFAULT_PARTITION_KEY: &str = "identityId";

impl DataSettings {
    /// Reads `table`, `tablePartitionKey`, `policy` (an object),
    /// `identityIds` (name → id) and `endpoints.dynamodb` of a config file;
    /// missing ones stay empty.
    pub fn from_json(value: &Value) -> Self {
        let text = |key: &str| value.get_str(key).unwrap_or_default().trim().to_owned();
        let partition_key = Some(text("tablePartitionKey"))
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| DEFAULT_PARTITION_KEY.to_owned());
        let policy = value
            .get("policy")
            .filter(|p| p.as_object().is_some())
            .map(pretty);
        let identity_ids = value
            .get("identityIds")
            .and_then(Value::as_object)
            .unwrap_or_default()
            .iter()
            .filter_map(|(name, id)| Some((name.clone(), id.as_str()?.to_owned())))
            .collect();
        let dynamodb_endpoint = value
            .get("endpoints")
            .and_then(|e| e.get_str("dynamodb"))
            .unwrap_or_default()
            .trim()
            .to_owned();
        Self {
            table: text("table"),
            partition_key,
            policy,
            identity_ids,
            dynamodb_endpoint,
        }
    }

    /// The first known identity id that is not `own`: whose data the
    /// other-user attempt aims at.
    pub fn other_identity(&self, own: &str) -> Option<(String, String)> {
        self.identity_ids.iter().find(|(_, id)| id != own).cloned()
    }
}

/// The folder of an identity: `private/<identity id>/`.
pub fn own_folder(identity_id: &str) -> String {
    format!("private/{identity_id}/")
}

/// The policy variable that IAM replaces with the caller's identity id.
pub const SUB_VARIABLE: &str = "${cognito-identity.amazonaws.com:sub}";
/// The policy variable that IAM replaces with the identity pool id.
pub const AUD_VARIABLE: &str = "${cognito-identity.amazonaws.com:aud}";

/// The policy as IAM evaluates it for one identity: the Cognito policy
/// variables replaced by their values.
pub fn resolve_policy(policy: &str, identity_id: &str, identity_pool_id: &str) -> String {
    policy
        .replace(SUB_VARIABLE, identity_id)
        .replace(AUD_VARIABLE, identity_pool_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_wasm::wire::json;

    const CONFIG: &str = r#"{"table": "profiles", "tablePartitionKey": "identityId",
        "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::demo-bucket/private/${cognito-identity.amazonaws.com:sub}/*",
          "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "${cognito-identity.amazonaws.com:aud}"}}}]},
        "identityIds": {"demo": "eu-west-1:aaaa", "other": "eu-west-1:bbbb", "bad": 3},
        "endpoints": {"dynamodb": "http://127.0.0.1:4566"}}"#;

    #[test]
    fn reads_the_data_fields() {
        let d = DataSettings::from_json(&json::parse(CONFIG).unwrap());
        assert_eq!(d.table, "profiles");
        assert_eq!(d.partition_key, "identityId");
        assert_eq!(d.dynamodb_endpoint, "http://127.0.0.1:4566");
        assert_eq!(
            d.identity_ids,
            vec![
                ("demo".to_owned(), "eu-west-1:aaaa".to_owned()),
                ("other".to_owned(), "eu-west-1:bbbb".to_owned())
            ]
        );
        let policy = d.policy.unwrap();
        assert!(policy.contains("\n  \"Statement\""), "indented: {policy}");
        assert!(policy.contains(SUB_VARIABLE));
    }

    #[test]
    fn missing_fields_stay_empty() {
        let d = DataSettings::from_json(
            &json::parse(r#"{"policy": "text", "identityIds": []}"#).unwrap(),
        );
        assert_eq!(d.table, "");
        assert_eq!(d.partition_key, DEFAULT_PARTITION_KEY);
        assert_eq!(d.policy, None);
        assert!(d.identity_ids.is_empty());
    }

    #[test]
    fn the_other_identity_is_never_ones_own() {
        let d = DataSettings::from_json(&json::parse(CONFIG).unwrap());
        assert_eq!(
            d.other_identity("eu-west-1:aaaa").unwrap().1,
            "eu-west-1:bbbb"
        );
        assert_eq!(
            d.other_identity("eu-west-1:bbbb").unwrap().1,
            "eu-west-1:aaaa"
        );
        assert_eq!(d.other_identity("eu-west-1:cccc").unwrap().0, "demo");
        assert_eq!(DataSettings::default().other_identity("x"), None);
    }

    #[test]
    fn variables_resolve_for_the_identity() {
        let d = DataSettings::from_json(&json::parse(CONFIG).unwrap());
        let resolved = resolve_policy(&d.policy.unwrap(), "eu-west-1:aaaa", "eu-west-1:pool");
        assert!(
            resolved.contains("demo-bucket/private/eu-west-1:aaaa/*"),
            "{resolved}"
        );
        assert!(resolved.contains("\"eu-west-1:pool\""), "{resolved}");
        assert!(!resolved.contains("${"), "{resolved}");
        assert_eq!(own_folder("eu-west-1:aaaa"), "private/eu-west-1:aaaa/");
    }
}
