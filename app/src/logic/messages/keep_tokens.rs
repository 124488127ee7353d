//! Keeping access tokens through the changes that end the others
//! (Enable2FA, ChangePassword, signing out all other sessions), and the
//! count of those that stopped working.

use twofold_api::tokens::AccessToken;

use super::counts::count;
use super::tokens::token_last_used;
use crate::logic::dates;

/// Above the tokens to keep.
pub const KEEP_TOKENS_EXPLAINED: &str =
    "Tokens you do not tick stop working at once; scripts using them will need a new one.";

/// Under the explanation: what the server keeps anyway.
pub const TOKENS_OF_THIS_SESSION_KEPT: &str =
    "Tokens made in this session keep working whether ticked or not.";

/// GetTokens failed: nothing can be ticked.
pub const TOKENS_NOT_LISTED: &str = "Your access tokens could not be listed, so none can be \
     kept: they will stop working, except those made in this session.";

/// The password pop-up was sent while the tokens to keep were loading.
pub const TOKENS_STILL_LOADING: &str =
    "Your access tokens are still loading: choose which to keep, then try again.";

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
            "Created 1 May 2025, 00:00 UTC from 10.0.0.1 · last used: Never"
        );
    }
}
