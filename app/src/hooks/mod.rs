//! The page's flows as custom hooks: each owns its async task
//! (`spawn_local`) and reports through the session reducer
//! ([`crate::state::Action`]) or its own state.

mod account_client;
mod new_session;
pub mod use_challenge_answer;
pub mod use_config_file;
pub mod use_credentials;
pub mod use_guest;
pub mod use_my_files;
pub mod use_other_user;
pub mod use_outbox;
pub mod use_password_reset;
pub mod use_pool_map;
pub mod use_profile;
pub mod use_profile_row;
pub mod use_s3_listing;
pub mod use_security;
pub mod use_sign_in;
pub mod use_sign_out;
pub mod use_sign_up;
