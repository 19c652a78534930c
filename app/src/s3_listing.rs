//! Step 3: one page of an S3 listing, made with the library's public steps
//! (build, sign, send, parse) so the signing strings can be shown, and a
//! presigned download link per object.

use cognito_wasm::client::platform::Platform;
use cognito_wasm::s3::{list_objects_request, parse_list_objects_response, presign_get_object};
use cognito_wasm::sigv4::{SignOptions, Signer, SigningParams};
use cognito_wasm::CognitoError;

use crate::format::utc_time;
use crate::redact::redact_canonical_request;
use crate::request_log::SigningNote;
use crate::session::ClientHandle;
use crate::settings::Settings;

/// Lifetime of the presigned download links, seconds.
const LINK_SECONDS: u32 = 900;

/// One object row.
#[derive(Clone, PartialEq)]
pub struct ObjectRow {
    /// The object's key.
    pub key: String,
    /// Its size, bytes.
    pub size: u64,
    /// When it was last modified, for display.
    pub modified: String,
    /// A presigned GET, or why there is none.
    pub link: Result<String, String>,
}

/// Which page to list.
#[derive(Clone, PartialEq)]
pub struct ListRequest {
    /// The prefix (empty: the bucket's root).
    pub prefix: String,
    /// The continuation token of this page (none: the first page).
    pub token: Option<String>,
    /// Its page number, from 1.
    pub page: u32,
    /// Most keys (folders and objects) in the page.
    pub page_size: u32,
}

/// One listed page.
#[derive(Clone, PartialEq)]
pub struct Listing {
    /// The prefix listed.
    pub prefix: String,
    /// Its page number, from 1.
    pub page: u32,
    /// Common prefixes under the listed prefix (folders).
    pub folders: Vec<String>,
    /// The objects.
    pub objects: Vec<ObjectRow>,
    /// The continuation token of the next page, if there is one.
    pub next_token: Option<String>,
}

/// Lists one page: credentials from the library, then the library's
/// public steps (build, sign, send, parse) so the signing strings can be
/// shown, then a presigned GET per object.
pub async fn list_page(
    handle: &ClientHandle,
    settings: &Settings,
    request: ListRequest,
) -> Result<Listing, CognitoError> {
    let ListRequest {
        prefix,
        token,
        page,
        page_size,
    } = request;
    let credentials = handle.credentials().await?;
    let client = &handle.client;
    let platform = client.platform();
    let input = settings.list_input(&prefix, page_size, token);
    let request = list_objects_request(&input)?;
    let signing = credentials.signing();
    let signer = Signer::new();
    let params = SigningParams {
        credentials: &signing,
        region: &input.region,
        service: "s3",
        time_ms: client.now_ms(),
    };
    let signed = signer.sign(request, &params, &SignOptions::s3())?;
    platform.note_signing(SigningNote {
        canonical_request: redact_canonical_request(&signed.canonical_request),
        string_to_sign: signed.string_to_sign.clone(),
    });
    let url = signed.request.url.clone();
    let response = platform.send(signed.request).await?;
    client.skew().observe(&url, &response, platform.now_ms());
    let output = parse_list_objects_response(&response)?;
    let params = SigningParams {
        time_ms: client.now_ms(),
        ..params
    };
    let objects = output
        .objects
        .iter()
        .map(|o| ObjectRow {
            key: o.key.clone(),
            size: o.size,
            modified: o
                .last_modified_ms
                .map(utc_time)
                .unwrap_or_else(|| o.last_modified.clone()),
            link: presign_get_object(
                &signer,
                &params,
                &input.bucket,
                &o.key,
                input.endpoint.as_deref(),
                input.force_path_style,
                LINK_SECONDS,
            )
            .map_err(|e| e.message),
        })
        .collect();
    let next_token = if output.is_truncated {
        output.next_continuation_token
    } else {
        None
    };
    Ok(Listing {
        prefix,
        page,
        folders: output.prefixes,
        objects,
        next_token,
    })
}
