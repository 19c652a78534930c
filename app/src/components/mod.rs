//! The page's components, one per file; the flows they start live in
//! [`crate::hooks`].

use web_sys::HtmlInputElement;
use yew::prelude::*;

pub mod account_calls;
pub mod account_panel;
pub mod challenge_form;
pub mod confirm_form;
pub mod countdown;
pub mod credentials_panel;
pub mod data_panels;
pub mod error_box;
pub mod how_it_works;
pub mod my_files;
pub mod my_profile;
pub mod notice;
pub mod outbox_panel;
pub mod policy_panel;
pub mod pool_map_panel;
pub mod profile_panel;
pub mod request_log_view;
pub mod reset_form;
pub mod s3_browser;
pub mod security_panel;
pub mod session_bar;
pub mod settings_form;
pub mod sign_in_form;
pub mod sign_in_panel;
pub mod sign_up_form;
pub mod step_diagram;
pub mod tokens_panel;
pub mod totp_qr;

/// The value of the `<input>` an input event came from.
fn input_value(e: &InputEvent) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}
