//! The other-user attempt: the signed-in user's credentials aimed at
//! another identity's folder and row, to show IAM refusing them.

use cognito_wasm::dynamodb::marshal::{map_to_attributes, Plain};
use cognito_wasm::s3::{list_objects_request, parse_list_objects_response};
use cognito_wasm::wire::json::Value;
use cognito_wasm::CognitoError;

use crate::data_calls::{dynamodb_call, send, Service};
use crate::data_settings::own_folder;
use crate::session::ClientHandle;
use crate::settings::Settings;

/// One call of the attempt and how it ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    /// What was tried (`ListObjectsV2 s3://bucket/private/<id>/`).
    pub call: String,
    /// What came back: what was read (IAM let it through), or the error.
    pub outcome: Result<String, CognitoError>,
}

/// Lists the other identity's folder and reads its row; each outcome, in
/// that order.
pub async fn attempt(handle: &ClientHandle, settings: &Settings, other_id: &str) -> Vec<Attempt> {
    let folder = own_folder(other_id);
    let listing = async {
        let request = list_objects_request(&settings.list_input(&folder, 100, None))?;
        let response = send(handle, settings, Service::S3, request).await?;
        let output = parse_list_objects_response(&response)?;
        Ok(format!("{} object(s) listed", output.objects.len()))
    };
    let list = Attempt {
        call: format!("S3 ListObjectsV2 s3://{}/{folder}", settings.bucket.trim()),
        outcome: listing.await,
    };
    let data = &settings.data;
    let reading = async {
        let key = vec![(
            data.partition_key.clone(),
            Plain::String(other_id.to_owned()),
        )];
        let body = Value::object([
            ("TableName", Value::String(data.table.clone())),
            ("Key", map_to_attributes(&key)?),
        ]);
        let reply = dynamodb_call(handle, settings, "GetItem", &body).await?;
        Ok(if reply.get("Item").is_some() {
            "the row was read".to_owned()
        } else {
            "no such row".to_owned()
        })
    };
    let row = Attempt {
        call: format!(
            "DynamoDB GetItem {} {{{}: {other_id}}}",
            data.table, data.partition_key
        ),
        outcome: reading.await,
    };
    vec![list, row]
}
