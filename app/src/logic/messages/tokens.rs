//! Personal access tokens: the Generate and Edit form, the list, a new
//! value, and the server's refusals of token changes.

use twofold_api::Method;

use super::counts::days;
use crate::logic::dates;
use crate::logic::token_expiry::Expiry;

/// The Access Tokens tab's introduction.
pub const TOKENS_EXPLAINED: &str = "Scripts, CI jobs and the platform's other services use a \
     token instead of your password and a code. A token may call only the methods you choose, \
     until it expires or you remove it. Signing out one session leaves it working; a new \
     password, turning on two-factor authentication or signing out all other sessions stops it \
     unless you tick it to keep.";

/// The form was sent without a description.
pub const DESCRIBE_THE_TOKEN: &str =
    "Describe what the token is for, for example “deploy from CI”.";

/// The description is longer than the server takes (or not one line).
pub const DESCRIPTION_TOO_LONG: &str = "A description has 1 to 100 characters on one line.";

/// No method was ticked or typed.
pub const CHOOSE_A_METHOD: &str =
    "Choose at least one method the token may call: tick one, or type a platform method.";

/// A method of this API that tokens may never call was typed.
pub fn token_may_never_call(name: &str) -> String {
    format!(
        "Tokens may never call {name}: signing in, the password, two-factor authentication, \
         tokens and sessions need you, signed in."
    )
}

/// Something that is not a method name was typed.
pub fn not_a_method_name(name: &str) -> String {
    format!(
        "“{name}” is not a method name. Write platform methods like \
         env.control.CreateEnvironment, separated by commas or spaces."
    )
}

/// More methods than a token may name.
pub fn too_many_methods(max: usize) -> String {
    format!("A token may call at most {max} methods.")
}

/// The server refused the list of methods.
pub const METHOD_NOT_FOR_TOKENS: &str = "One of the methods cannot be given to a token: tick \
     methods from the list, and write other platform methods like env.control.CreateEnvironment.";

/// "On a date" was chosen with no date, or one that does not exist.
pub const CHOOSE_A_DATE: &str = "Choose the day the token stops working.";

/// The chosen expiry has passed.
pub const DATE_IN_THE_PAST: &str = "Choose a day after today.";

/// The chosen expiry is further than the server allows.
pub const DATE_TOO_FAR: &str = "A token lasts at most 366 days: choose an earlier day.";

/// The server refused the expiry.
pub const EXPIRY_OUT_OF_RANGE: &str = "Choose an expiry in the future and at most 366 days \
     ahead (check that this device's clock is right).";

/// Edit was saved with nothing changed.
pub const NOTHING_CHANGED: &str = "Nothing was changed.";

/// The account has as many tokens as the server allows.
pub const TOO_MANY_TOKENS: &str =
    "You have the most access tokens allowed. Remove some you no longer use first.";

/// The app signs in with sessions, never with a token: this answer means
/// the page holds something it should not.
pub const TOKEN_CANNOT_DO_THIS: &str = "An access token cannot do this: only a signed-in \
     session can. Reload the page and sign in again.";

/// What a checked method lets the token do, beside its name in the
/// checklist.
pub fn method_purpose(method: Method) -> &'static str {
    match method {
        Method::GetAccount => "Read the login and the state of two-factor authentication.",
        Method::GetEvents => "Read the security log.",
        Method::Authorize => "Let the platform's other services check what this token may do.",
        _ => "",
    }
}

/// Under the form's expiry options: when the token will stop working.
pub fn token_will_expire(expires_at: u64) -> String {
    format!(
        "The token will stop working on {}.",
        dates::date_time(expires_at)
    )
}

/// The Edit form's option that keeps the expiry.
pub fn keep_expiry(expires_at: u64) -> String {
    format!("Keep ({})", dates::date(expires_at))
}

/// A token's expiry in the list: the date, and how near it is when near.
pub fn token_expiry(expires_at: u64, expiry: Expiry) -> String {
    let on = dates::date_time(expires_at);
    match expiry {
        Expiry::Expired => format!("Expired on {on}"),
        Expiry::Soon { days_left: 1 } => format!("{on} (in less than a day)"),
        Expiry::Soon { days_left } => format!("{on} (in {})", days(days_left)),
        Expiry::Later => on,
    }
}

/// When and where a token was last used.
pub fn token_last_used(at: Option<u64>, ip: Option<&str>) -> String {
    match (at, ip) {
        (None, _) => "Never".into(),
        (Some(at), Some(ip)) => format!("{} from {ip}", dates::date_time(at)),
        (Some(at), None) => dates::date_time(at),
    }
}

/// Copy of a token worked.
pub const TOKEN_COPIED: &str = "Token copied to the clipboard.";

/// Copy of a token failed.
pub const TOKEN_COPY_FAILED: &str =
    "Copying did not work here: select the token and copy it by hand.";

/// Download of a token did not start.
pub const TOKEN_DOWNLOAD_FAILED: &str = "The download did not start. Copy the token instead.";

/// After EditToken.
pub fn token_saved(description: &str) -> String {
    format!("The token “{description}” was saved.")
}

/// After DeleteTokens.
pub fn token_removed(description: &str) -> String {
    format!("The token “{description}” was removed. Scripts using it can no longer call the API.")
}

/// Above a token's value after RegenerateToken.
pub fn token_regenerated(description: &str) -> String {
    format!(
        "“{description}” has a new value. The old one stopped working: give this one to the \
         scripts that used it."
    )
}

#[cfg(test)]
mod tests {
    use twofold_api::ResultCode;

    use super::super::testing::{api, says};
    use crate::logic::messages::*;
    use crate::logic::token_expiry::Expiry;

    #[test]
    fn a_refused_token_change_names_the_field_in_the_forms_words() {
        let refused = |parameter: &str| {
            let mut error = api(ResultCode::InvalidParameter);
            error.parameter = Some(parameter.into());
            says(Attempt::TokenChange, error)
        };
        assert_eq!(refused("description"), DESCRIPTION_TOO_LONG);
        assert!(refused("apiList").contains("env.control.CreateEnvironment"));
        assert!(refused("expiresAt").contains("366 days"));
        assert!(refused("ids").contains("Reload the page"));
        assert!(says(Attempt::TokenChange, api(ResultCode::TooManyTokens)).contains("Remove"));
    }

    #[test]
    fn a_tokens_expiry_reads_as_a_date_and_how_near_it_is() {
        let at = 1_746_057_600; // 1 May 2025, 00:00 UTC
        assert_eq!(token_expiry(at, Expiry::Later), "1 May 2025, 00:00 UTC");
        assert_eq!(
            token_expiry(at, Expiry::Soon { days_left: 3 }),
            "1 May 2025, 00:00 UTC (in 3 days)"
        );
        assert_eq!(
            token_expiry(at, Expiry::Soon { days_left: 1 }),
            "1 May 2025, 00:00 UTC (in less than a day)"
        );
        assert_eq!(
            token_expiry(at, Expiry::Expired),
            "Expired on 1 May 2025, 00:00 UTC"
        );
        assert_eq!(token_last_used(None, Some("1.2.3.4")), "Never");
        assert_eq!(
            token_last_used(Some(at), Some("1.2.3.4")),
            "1 May 2025, 00:00 UTC from 1.2.3.4"
        );
    }
}
