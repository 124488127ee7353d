//! The app's screens, one per route.

pub mod dashboard;
pub mod not_found;
pub mod settings_account;
pub mod settings_log;
pub mod sign_in;
pub mod sign_up;
