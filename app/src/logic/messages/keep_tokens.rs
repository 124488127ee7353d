//! Keeping access tokens through the changes that end the others
//! (Enable2FA, ChangePassword, signing out all other sessions), and the
//! count of those that stopped working.

use twofold_api::tokens::AccessToken;

use super::counts::count;
use super::tokens::token_last_used;
use crate::logic::dates;

/// The keep list's heading.
pub const TOKENS_TO_KEEP: &str = "Access tokens to keep";

/// Above the tokens to keep: how many there are and what the change does
/// to them.
pub fn keep_tokens_explained(count: usize) -> String {
    let tokens = match count {
        1 => "You have 1 access token. It stops working".to_owned(),
        n => format!("You have {n} access tokens. They all stop working"),
    };
    format!(
        "{tokens} with this change, except those you tick here and those made in this session: \
         scripts using a stopped token will need a new one."
    )
}

/// The keep list's link to the tokens.
pub const SEE_THE_TOKENS: &str = "See them under Access Tokens (opens in a new tab)";

/// GetTokens failed: nothing can be ticked.
pub const TOKENS_NOT_LISTED: &str = "Your access tokens could not be listed, so none can be \
     kept: they will stop working, except those made in this session.";

/// The password pop-up was sent while the tokens to keep were loading.
pub const TOKENS_STILL_LOADING: &str =
    "Your access tokens are still loading: choose which to keep, then try again.";

/// An account change that leaves the access tokens working, unlike
/// Enable2FA, ChangePassword and signing out everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokensKeptBy {
    /// Disable2FA.
    TurningTwoFactorOff,
    /// Regenerate2FABackupCodes.
    NewRecoveryCodes,
}

/// What a change that keeps tokens does to them, with the number that work
/// now (expired ones are listed but refused; `None` when they could not be
/// counted). The confirmations of Disable2FA and of new recovery codes say
/// this, followed by [`SEE_THE_TOKENS`] unless none works.
pub fn tokens_keep_working(change: TokensKeptBy, working: Option<usize>) -> String {
    let change = match change {
        TokensKeptBy::TurningTwoFactorOff => "Turning off two-factor authentication",
        TokensKeptBy::NewRecoveryCodes => "Generating new recovery codes",
    };
    match working {
        Some(0) => format!("{change} does not affect access tokens, and you have no working ones."),
        Some(1) => format!(
            "{change} leaves your 1 access token working: scripts using it go on as before. \
             Remove it if you no longer need it."
        ),
        Some(n) => format!(
            "{change} leaves your {n} access tokens working: scripts using them go on as \
             before. Remove any you no longer need."
        ),
        None => format!(
            "{change} leaves your access tokens working: scripts using them go on as before. \
             Remove any you no longer need."
        ),
    }
}

/// The link after a notice that tokens stopped, or kept working.
pub const REVIEW_TOKENS: &str = "Review your access tokens";

/// A token's line in the keep list: where and when it was made, and its
/// last use.
pub fn token_to_keep_facts(token: &AccessToken) -> String {
    let made = match token.created_ip.as_deref() {
        Some(ip) => format!("{} from {ip}", dates::date_time(token.created_at)),
        None => dates::date_time(token.created_at),
    };
    format!(
        "Created {made} · last used: {}",
        token_last_used(token.last_used, token.last_used_ip.as_deref())
    )
}

/// `words`, then how many access tokens stopped working, if any.
pub(super) fn with_tokens_stopped(words: &str, tokens_ended: u32) -> String {
    match tokens_ended {
        0 => words.to_owned(),
        n => format!(
            "{words} {} stopped working.",
            count(n.into(), "access token", "access tokens")
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::logic::messages::*;

    #[test]
    fn notices_count_the_access_tokens_that_stopped_working() {
        assert_eq!(password_changed(0), PASSWORD_CHANGED);
        assert_eq!(
            password_changed(1),
            "Your password was changed. Other sessions were signed out. 1 access token stopped \
             working."
        );
        assert!(two_factor_turned_on(3).ends_with(" 3 access tokens stopped working."));
        assert_eq!(
            other_sessions_signed_out(2, 0, 0),
            "2 sessions were signed out."
        );
        assert_eq!(
            other_sessions_signed_out(1, 0, 2),
            "1 session was signed out. 2 access tokens stopped working."
        );
        assert!(other_sessions_signed_out(0, 2, 0).contains("2 sessions that signed in after"));
    }

    #[test]
    fn the_keep_list_counts_the_tokens_and_says_what_the_change_does() {
        assert!(keep_tokens_explained(1).starts_with("You have 1 access token. It stops working"));
        assert!(keep_tokens_explained(3).starts_with("You have 3 access tokens. They all stop"));
        assert!(keep_tokens_explained(3).contains("except those you tick here"));
    }

    #[test]
    fn changes_that_keep_tokens_say_so_with_the_count_of_working_ones() {
        use super::TokensKeptBy::*;
        assert_eq!(
            tokens_keep_working(TurningTwoFactorOff, Some(2)),
            "Turning off two-factor authentication leaves your 2 access tokens working: scripts \
             using them go on as before. Remove any you no longer need."
        );
        assert!(tokens_keep_working(TurningTwoFactorOff, None)
            .starts_with("Turning off two-factor authentication leaves your access tokens"));
        assert!(tokens_keep_working(NewRecoveryCodes, Some(1))
            .starts_with("Generating new recovery codes leaves your 1 access token working:"));
        assert!(tokens_keep_working(NewRecoveryCodes, Some(0)).ends_with("no working ones."));
    }

    #[test]
    fn a_token_to_keep_says_where_it_was_made_and_when_it_was_last_used() {
        let at = 1_746_057_600; // 1 May 2025, 00:00 UTC
        let token = twofold_api::tokens::AccessToken {
            id: 1,
            key: None,
            description: "ci".into(),
            created_at: at,
            created_ip: Some("10.0.0.1".into()),
            expires_at: at + 1,
            api_list: vec![],
            last_used: None,
            last_used_ip: None,
        };
        assert_eq!(
            token_to_keep_facts(&token),
            format!(
                "Created {} from 10.0.0.1 · last used: Never",
                crate::logic::dates::date_time(at)
            )
        );
    }
}
