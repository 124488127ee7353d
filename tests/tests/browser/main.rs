//! The app in headless Chromium against `twofold-local` serving the release
//! build: every section of the seed, step by step, with a screenshot of each
//! step in `target/screenshots/<test>/`.
//!
//! Needs what `make test` prepares before the tests: Chromium and
//! chromedriver (`make tools`), the app's release build in `dist/`
//! (`make app`; `TWOFOLD_DIST` points at another) and twofold-local
//! (`make local`), which `TestApp` starts.
//!
//! One module per area, all in one test binary; `support` holds what they
//! share (a turn to work, two browsers at a time; a fresh server per test).

mod accessibility;
mod change_app;
mod disabling;
mod log_and_dashboard;
mod not_me;
mod notifications;
mod password;
mod phones;
mod prerendered;
mod recovery_codes;
mod routes;
mod security_keys;
mod sessions;
mod sign_in;
mod step_up;
mod support;
mod tokens;
mod two_factor_setup;
