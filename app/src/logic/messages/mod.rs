//! Every sentence a person reads: failures, notices, statuses, counts,
//! explanations, hints, links and the titles of callouts; and every label
//! that a sentence names or that several screens share (“Code from your
//! authenticator app”, “Sign Out All Other Sessions”, “I've saved my
//! recovery codes”), so that the words that point at it cannot drift from
//! it. A component keeps in its markup only names it alone shows: its
//! headings and badges, the names of its fields, facts and controls
//! (“Current password”, “Last used”, “Show password”), and its one-word
//! buttons.
//!
//! One vocabulary: “your authenticator app” and a “code from your
//! authenticator app”, a “recovery code”, two-factor authentication
//! “turned on” and “turned off”, access tokens “removed”, the “Security
//! Log”, “the operator of this dashboard”; no developer's terms (second
//! factor, TOTP, fingerprint, 2FA) where a person reads.
//!
//! Failures are worded by result code and by what the person was doing
//! ([`Attempt`]), never with the server's `error` text: that is written for
//! scripts and names methods and parameters. No result numbers, no blank
//! screens.
//!
//! One file per area; every sentence is reachable as `messages::NAME`, so
//! a caller never needs to know which file words it. The files import only
//! downwards: the areas use [`attempt`] and [`counts`], [`failure`] uses
//! the areas, and nothing here imports the flows that show the words.

mod attempt;
mod code;
mod counts;
mod failure;
mod keep_tokens;
mod log;
mod not_me;
mod pages;
mod password;
mod recovery_codes;
mod security_keys;
mod security_notices;
mod sessions;
mod sign_in;
mod step_up;
mod tokens;
mod two_factor;

pub use attempt::*;
pub use code::*;
pub use counts::*;
pub use failure::*;
pub use keep_tokens::*;
pub use log::*;
pub use not_me::*;
pub use pages::*;
pub use password::*;
pub use recovery_codes::*;
pub use security_keys::*;
pub use security_notices::*;
pub use sessions::*;
pub use sign_in::*;
pub use step_up::*;
pub use tokens::*;
pub use two_factor::*;

/// Download worked (recovery codes, a token's value).
pub fn downloaded(file_name: &str) -> String {
    format!("Downloaded {file_name}.")
}

/// What the areas' tests share: a refusal with a result code, and its words.
#[cfg(test)]
mod testing {
    use twofold_api::{ApiError, ResultCode};

    use super::{failure_message, Attempt};
    use crate::api::Failure;

    /// A refusal with `result` and nothing else.
    pub fn api(result: ResultCode) -> ApiError {
        ApiError::new(result)
    }

    /// What a person doing `attempt` reads for `error`.
    pub fn says(attempt: Attempt, error: ApiError) -> String {
        failure_message(attempt, &Failure::Api(error))
    }
}
