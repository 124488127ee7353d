//! The HTTP API against a running twofold-local, one module per area, all
//! in one test binary.

mod bad_input;
mod change_app;
mod change_password;
mod concurrency;
mod confirming_codes;
mod cookies;
mod disable;
mod enable_and_sign_in;
mod fuzzing;
mod lambda_ceremonies;
mod lambda_equivalence;
mod lambda_notifier;
mod lockout_and_throttle;
mod logs;
mod notifications;
mod one_confirmation;
mod recovery_codes;
mod remediation;
mod restart;
mod script_authors;
mod security_holes;
mod security_keys;
mod security_log;
mod sessions_and_elevation;
mod sessions_list;
mod smaller_holes;
mod step_up;
mod stolen_session;
mod throttle_under_load;
mod tokens;
