//! Everything the app decides that is not rendering: plain functions and
//! small structs with native tests (`cargo test -p twofold-app`).

pub mod app_setup;
pub mod away;
pub mod change_password;
pub mod code;
pub mod code_wait;
pub mod countdown;
pub mod credentials;
pub mod dates;
pub mod elevation;
pub mod list_focus;
pub mod log_export;
pub mod messages;
pub mod not_me;
pub mod notice;
pub mod notification_email;
pub mod recovery_prompt;
pub mod recovery_text;
pub mod save_gate;
pub mod second_factor;
pub mod secret_key;
pub mod security_keys;
pub mod security_log;
pub mod session_hint;
pub mod sessions;
pub mod sign_in;
pub mod step_up;
pub mod token_expiry;
pub mod token_keep;
pub mod tokens;
pub mod user_agent;
pub mod wait_reason;
