//! Personal access tokens: the Generate and Edit form, the list, a new
//! value, and the server's refusals of token changes.

use twofold_api::Method;

use super::counts::days;
use crate::logic::dates;
use crate::logic::token_expiry::Expiry;

/// The Access Tokens tab's introduction.
pub const TOKENS_EXPLAINED: &str = "An access token lets a script or a CI job use your \
     account without your password or a code. It can do only what you allow, until it expires \
     or you remove it.";

/// The Access Tokens tab: which account changes stop tokens and which
/// leave them working.
pub const TOKENS_AND_ACCOUNT_CHANGES: &str = "Turning on two-factor authentication, changing \
     your password and “Sign Out All Other Sessions” stop your tokens, except those you choose \
     to keep and those made in the session making the change. Turning two-factor authentication off, \
     new recovery codes, a new authenticator app and signing out one session leave them \
     working.";

/// The Access Tokens tab without a token.
pub const NO_TOKENS: &str = "You have no access tokens.";

/// The heading of the developers' help on the Access Tokens tab: a
/// token, and signing in without one.
pub const TOKENS_IN_SCRIPTS: &str = "Using the API from scripts";

/// The developers' help: how a request carries a token.
pub fn tokens_in_scripts_explained() -> String {
    format!(
        "Send the token in an Authorization: Bearer header with every request, or as the \
         session parameter. A token may call only the methods in its list; others are refused \
         with result {}.",
        twofold_api::ResultCode::TokenMethodRefused.code()
    )
}

/// The developers' help: signing in without a token (the seed's "Using
/// API with Two-Factor Authentication").
pub const SIGNING_IN_FROM_SCRIPTS: &str = "Without a token, a script signs in with SignIn, \
     sending the login and password. With two-factor authentication on, it then calls \
     Verify2FACode with the session SignIn returned and a six-digit code from your \
     authenticator app (or a recovery code); the answer holds the session for its next \
     requests. A token spares a script both calls, and the code it cannot read from your \
     phone.";

/// The developers' help: GetAccount with a token, for a shell; `origin`
/// is this server (`https://dash.example.com`), the token is read from
/// the variable `TWOFOLD_TOKEN`.
pub fn curl_example(origin: &str) -> String {
    format!(
        "curl -X POST {origin}{} \\\n  -H \"Authorization: Bearer $TWOFOLD_TOKEN\" \\\n  \
         -H 'Content-Type: application/json' -d '{{}}'",
        twofold_api::Method::GetAccount.path()
    )
}

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

/// A permission's name for people: what a method of this API lets a
/// token do.
pub fn permission_name(method: Method) -> &'static str {
    match method {
        Method::GetAccount => "Read your account",
        Method::GetEvents => "Read your Security Log",
        Method::Authorize => "Vouch for itself to other services",
        _ => "",
    }
}

/// What a permission lets the token do, in a sentence, under its name.
pub fn method_purpose(method: Method) -> &'static str {
    match method {
        Method::GetAccount => {
            "See your login and whether two-factor authentication is on. It cannot change \
             anything."
        }
        Method::GetEvents => "See the sign-ins and security changes listed under Security Log.",
        Method::Authorize => {
            "Let the platform's other services check what this token may do before they act \
             on it."
        }
        _ => "",
    }
}

/// The token form's permissions.
pub const PERMISSIONS_LEGEND: &str = "What it may do";

/// Under the token form's "Other platform methods".
pub const OTHER_METHODS_HINT: &str = "For developers: methods of the platform's other \
     services, written like env.control.CreateEnvironment, separated by commas or spaces. \
     Signing in, passwords, two-factor authentication, tokens and sessions are never allowed.";

/// A method of the platform's other services, under its name in a token's
/// permissions.
pub const PLATFORM_METHOD: &str = "A method of the platform's other services.";

/// The permission `name` (a method name from a token's list) for people:
/// its name and sentence, or the platform method's own name.
pub fn permission(name: &str) -> (String, &'static str) {
    match Method::named(name) {
        Some(method) if !permission_name(method).is_empty() => {
            (permission_name(method).to_owned(), method_purpose(method))
        }
        _ => (name.to_owned(), PLATFORM_METHOD),
    }
}

/// Under the form's expiry options: when the token will stop working.
pub fn token_will_expire(expires_at: u64) -> String {
    format!(
        "The token will stop working on {}.",
        dates::date_time(expires_at)
    )
}

/// The "On a day" option of the token form's expiry.
pub const EXPIRES_ON_A_DAY: &str = "Until the end of a day";

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

/// After the value of a new token was shown.
pub fn token_generated(description: &str) -> String {
    format!("The token “{description}” was generated and is listed below.")
}

/// After the new value of a regenerated token was shown.
pub fn token_value_replaced(description: &str) -> String {
    format!("The token “{description}” has a new value; the old one no longer works.")
}

/// "Regenerate This Token?": what happens.
pub fn regenerate_explained(description: &str) -> String {
    format!(
        "“{description}” will get a new value. The current value stops working at once: \
         scripts that use it are refused until they get the new one."
    )
}

/// "Remove This Token?": what happens.
pub fn remove_explained(description: &str) -> String {
    format!(
        "“{description}” stops working at once. Scripts that use it are refused from their \
         next call. This cannot be undone."
    )
}

/// The value's dialog: the token is ready.
pub fn token_ready(description: &str) -> String {
    format!("“{description}” is ready.")
}

/// The title of the value's warning.
pub const COPY_IT_NOW: &str = "Copy it now";

/// The value's dialog: it is shown once.
pub const TOKEN_SHOWN_ONCE: &str = "This token will not be shown again: Twofold keeps no copy \
     it could show you. Store it where your script can read it, like a password.";

/// The value's dialog was closed before the value was copied or
/// downloaded: asked before it is lost.
pub const TOKEN_NOT_SAVED_YET: &str = "You have not copied or downloaded this token. Once \
     this window closes, its value cannot be shown again: you would have to regenerate it.";

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
        let on = crate::logic::dates::date_time(at);
        assert_eq!(token_expiry(at, Expiry::Later), on);
        assert_eq!(
            token_expiry(at, Expiry::Soon { days_left: 3 }),
            format!("{on} (in 3 days)")
        );
        assert_eq!(
            token_expiry(at, Expiry::Soon { days_left: 1 }),
            format!("{on} (in less than a day)")
        );
        assert_eq!(
            token_expiry(at, Expiry::Expired),
            format!("Expired on {on}")
        );
        assert_eq!(token_last_used(None, Some("1.2.3.4")), "Never");
        assert_eq!(
            token_last_used(Some(at), Some("1.2.3.4")),
            format!("{on} from 1.2.3.4")
        );
    }

    #[test]
    fn a_permission_reads_as_a_name_and_a_sentence_and_a_platform_method_as_itself() {
        for method in crate::logic::tokens::checklist() {
            let (name, sentence) = permission(method.name());
            assert!(!name.is_empty() && name != method.name(), "{method}");
            assert!(sentence.ends_with('.'), "{method}: {sentence}");
        }
        assert_eq!(
            permission("GetAccount"),
            (
                "Read your account".to_owned(),
                method_purpose(twofold_api::Method::GetAccount)
            )
        );
        assert_eq!(
            permission("env.control.CreateEnvironment"),
            ("env.control.CreateEnvironment".to_owned(), PLATFORM_METHOD)
        );
    }

    #[test]
    fn the_curl_example_calls_get_account_with_the_token_from_the_environment() {
        let example = curl_example("https://dash.example.com");
        assert!(
            example.starts_with(
                "curl -X POST https://dash.example.com/1.0/users/account/rest/getaccount \\\n"
            ),
            "{example}"
        );
        assert!(example.contains("-H \"Authorization: Bearer $TWOFOLD_TOKEN\""));
        assert!(example.ends_with("-d '{}'"), "{example}");
        assert!(tokens_in_scripts_explained().contains("session parameter"));
    }

    #[test]
    fn scripts_learn_both_ways_in_and_everyone_else_reads_plain_words() {
        assert!(SIGNING_IN_FROM_SCRIPTS.contains("SignIn"));
        assert!(SIGNING_IN_FROM_SCRIPTS.contains("Verify2FACode with the session SignIn returned"));
        assert!(SIGNING_IN_FROM_SCRIPTS.contains("or a recovery code"));
        assert!(TOKENS_AND_ACCOUNT_CHANGES.contains(&format!("“{SIGN_OUT_ALL_OTHERS}”")));
        for words in [
            TOKENS_EXPLAINED,
            TOKENS_AND_ACCOUNT_CHANGES,
            TOKEN_SHOWN_ONCE,
            TOKEN_NOT_SAVED_YET,
            TOO_MANY_TOKENS,
        ] {
            for term in ["fingerprint", "delete", "personal", "everywhere", "hash"] {
                assert!(!words.contains(term), "{term:?} in {words:?}");
            }
        }
        assert!(TOKEN_SHOWN_ONCE.contains("not be shown again"));
    }
}
