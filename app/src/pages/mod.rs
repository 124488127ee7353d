//! The app's screens, one per route.

pub mod dashboard;
pub mod not_found;
pub mod not_me;
pub mod recovery_codes;
pub mod settings_account;
pub mod settings_log;
pub mod settings_sessions;
pub mod settings_tokens;
pub mod sign_in;
pub mod sign_up;
