//! The demo's settings (pools, bucket, prefix, endpoints) and what the
//! library refuses in them, checked before any request.

use cognito_wasm::config::{AuthFlow, Config};
use cognito_wasm::s3::{list_objects_request, ListObjectsInput};
use cognito_wasm::CognitoError;

use crate::data_settings::DataSettings;

/// Everything the demo needs to know about the AWS side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Region (empty: the user pool's).
    pub region: String,
    /// User pool id.
    pub user_pool_id: String,
    /// App client id (a public client: no secret).
    pub client_id: String,
    /// Identity pool id (empty: no AWS credentials).
    pub identity_pool_id: String,
    /// S3 bucket to browse.
    pub bucket: String,
    /// Prefix listed first.
    pub prefix: String,
    /// cognito-idp endpoint (empty: AWS).
    pub idp_endpoint: String,
    /// cognito-identity endpoint (empty: AWS).
    pub identity_endpoint: String,
    /// S3 endpoint (empty: AWS, virtual-hosted style).
    pub s3_endpoint: String,
    /// Sign-in flow.
    pub auth_flow: AuthFlow,
    /// What the data panels need (table, policy, known identities).
    pub data: DataSettings,
}

/// A form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Region.
    Region,
    /// User pool id.
    UserPoolId,
    /// App client id.
    ClientId,
    /// Identity pool id.
    IdentityPoolId,
    /// Bucket.
    Bucket,
    /// Prefix.
    Prefix,
    /// cognito-idp endpoint.
    IdpEndpoint,
    /// cognito-identity endpoint.
    IdentityEndpoint,
    /// S3 endpoint.
    S3Endpoint,
}

impl Field {
    /// The form input's element id.
    pub fn id(self) -> &'static str {
        match self {
            Field::Region => "set-region",
            Field::UserPoolId => "set-user-pool",
            Field::ClientId => "set-client",
            Field::IdentityPoolId => "set-identity-pool",
            Field::Bucket => "set-bucket",
            Field::Prefix => "set-prefix",
            Field::IdpEndpoint => "set-idp-endpoint",
            Field::IdentityEndpoint => "set-identity-endpoint",
            Field::S3Endpoint => "set-s3-endpoint",
        }
    }
}

/// A setting the library refused, with its explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The field at fault.
    pub field: Field,
    /// Why (the library's message).
    pub message: String,
    /// Whether it blocks signing in (S3 problems only block the S3 browser).
    pub blocks_sign_in: bool,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl Settings {
    /// The library configuration for these settings.
    pub fn config(&self) -> Config {
        Config {
            region: non_empty(&self.region),
            identity_pool_id: non_empty(&self.identity_pool_id),
            cognito_idp_endpoint: non_empty(&self.idp_endpoint),
            cognito_identity_endpoint: non_empty(&self.identity_endpoint),
            auth_flow: self.auth_flow,
            ..Config::new(self.user_pool_id.trim(), self.client_id.trim())
        }
    }

    /// Whether an identity pool is configured.
    pub fn has_identity_pool(&self) -> bool {
        !self.identity_pool_id.trim().is_empty()
    }

    /// The S3 region: the region field, else the user pool id's prefix.
    pub fn s3_region(&self) -> String {
        non_empty(&self.region).unwrap_or_else(|| {
            self.user_pool_id
                .split_once('_')
                .map(|(region, _)| region.to_owned())
                .unwrap_or_default()
        })
    }

    /// The custom S3 endpoint, if any.
    pub fn s3_endpoint(&self) -> Option<String> {
        non_empty(&self.s3_endpoint)
    }

    /// A listing input for `prefix` (delimiter `/`).
    pub fn list_input(
        &self,
        prefix: &str,
        max_keys: u32,
        token: Option<String>,
    ) -> ListObjectsInput {
        ListObjectsInput {
            prefix: (!prefix.is_empty()).then(|| prefix.to_owned()),
            delimiter: Some("/".to_owned()),
            max_keys: Some(max_keys),
            continuation_token: token,
            endpoint: self.s3_endpoint(),
            ..ListObjectsInput::new(self.bucket.trim(), self.s3_region())
        }
    }

    /// What the library refuses in these settings, before any request.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Err(e) = self.config().validate() {
            problems.push(Problem {
                field: config_field(&e),
                message: e.message,
                blocks_sign_in: true,
            });
        }
        if self.bucket.trim().is_empty() {
            problems.push(Problem {
                field: Field::Bucket,
                message: "bucket is empty: the S3 browser needs one".to_owned(),
                blocks_sign_in: false,
            });
        } else if let Err(e) = list_objects_request(&self.list_input(&self.prefix, 1, None)) {
            let field = if e.message.contains("endpoint") || e.message.contains("URL") {
                Field::S3Endpoint
            } else if e.message.contains("prefix") {
                Field::Prefix
            } else if e.message.starts_with("region") {
                Field::Region
            } else {
                Field::Bucket
            };
            problems.push(Problem {
                field,
                message: e.message,
                blocks_sign_in: false,
            });
        }
        problems
    }
}

/// The field an `InvalidConfig` message is about (the library names the
/// setting at the start of its message).
fn config_field(error: &CognitoError) -> Field {
    let m = error.message.as_str();
    if m.contains("endpoints.cognitoIdentity") {
        Field::IdentityEndpoint
    } else if m.contains("endpoints.cognitoIdp") {
        Field::IdpEndpoint
    } else if m.starts_with("identityPoolId") || m.starts_with("identity pool") {
        Field::IdentityPoolId
    } else if m.starts_with("userPoolId") {
        Field::UserPoolId
    } else if m.starts_with("clientId") {
        Field::ClientId
    } else if m.starts_with("region") {
        Field::Region
    } else {
        Field::UserPoolId
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Settings {
        Settings {
            region: "eu-west-1".into(),
            user_pool_id: "eu-west-1_AbC123".into(),
            client_id: "client1".into(),
            identity_pool_id: "eu-west-1:0f8c5ad3-5f31-4477-a1b2-0123456789ab".into(),
            bucket: "demo-bucket".into(),
            prefix: "public/".into(),
            idp_endpoint: "http://127.0.0.1:4566".into(),
            identity_endpoint: String::new(),
            s3_endpoint: "http://127.0.0.1:4566".into(),
            auth_flow: AuthFlow::UserSrpAuth,
            data: DataSettings::default(),
        }
    }

    fn only_problem(s: &Settings) -> Problem {
        let problems = s.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.into_iter().next().unwrap()
    }

    #[test]
    fn valid_settings_have_no_problem() {
        assert!(valid().problems().is_empty());
        let input = valid().list_input("public/many/", 25, Some("tok".into()));
        assert_eq!(input.region, "eu-west-1");
        assert_eq!(input.delimiter.as_deref(), Some("/"));
        assert_eq!(input.endpoint.as_deref(), Some("http://127.0.0.1:4566"));
    }

    /// A change to valid settings, the field it breaks, whether sign-in is blocked.
    type Case = (fn(&mut Settings), Field, bool);

    #[test]
    fn each_problem_points_at_its_field() {
        let cases: [Case; 8] = [
            (|s| s.user_pool_id = "nope".into(), Field::UserPoolId, true),
            (|s| s.client_id = "bad id!".into(), Field::ClientId, true),
            (
                |s| s.identity_pool_id = "eu-west-1:not-a-uuid".into(),
                Field::IdentityPoolId,
                true,
            ),
            (
                |s| s.identity_pool_id = "cn-north-1:0f8c5ad3-5f31-4477-a1b2-0123456789ab".into(),
                Field::IdentityPoolId,
                true,
            ),
            (|s| s.region = "us-east-1".into(), Field::Region, true),
            (
                |s| s.idp_endpoint = "http://example.com".into(),
                Field::IdpEndpoint,
                true,
            ),
            (
                |s| s.identity_endpoint = "ftp://x".into(),
                Field::IdentityEndpoint,
                true,
            ),
            (|s| s.bucket = "no/slash".into(), Field::Bucket, false),
        ];
        for (change, field, blocks) in cases {
            let mut s = valid();
            change(&mut s);
            let p = only_problem(&s);
            assert_eq!(
                (p.field, p.blocks_sign_in),
                (field, blocks),
                "{}",
                p.message
            );
            assert!(!p.message.is_empty());
        }
    }

    #[test]
    fn an_empty_bucket_only_blocks_the_s3_browser() {
        let mut s = valid();
        s.bucket.clear();
        let p = only_problem(&s);
        assert_eq!((p.field, p.blocks_sign_in), (Field::Bucket, false));
        s.identity_pool_id.clear();
        s.region.clear();
        assert_eq!(
            s.s3_region(),
            "eu-west-1",
            "the region comes from the user pool id"
        );
        assert!(!s.has_identity_pool());
        assert_eq!(s.config().identity_pool_id, None);
    }
}
