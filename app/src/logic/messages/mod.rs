//! Every sentence the app builds for a person: failures, notices, statuses
//! and counts, and the explanations of the step-up, token-keeping and
//! new-password screens. Fixed copy in the markup of the older screens
//! (headings, labels, explanations) stays with its component; whatever is
//! chosen or put together at run time is worded here.
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
mod pages;
mod password;
mod recovery_codes;
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
pub use pages::*;
pub use password::*;
pub use recovery_codes::*;
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
