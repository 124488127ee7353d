//! Settings > Sessions: where the account is signed in, and signing
//! sessions out.

use super::keep_tokens::with_tokens_stopped;
use crate::logic::dates;

/// The Sessions tab's introduction.
pub const SESSIONS_EXPLAINED: &str = "Where your account is signed in, newest first. Sign out \
     any session you do not recognise, then change your password. Access tokens are listed \
     under Access Tokens: signing out one session leaves them working, signing out all other \
     sessions stops those you do not keep.";

/// What a User-Agent that names nothing known reads as.
pub const UNKNOWN_BROWSER: &str = "Unknown browser";

/// A session's browser and system: `Firefox on Windows`.
pub fn browser_on_system(browser: &str, system: &str) -> String {
    format!("{browser} on {system}")
}

/// A session's first and last use.
pub fn session_times(created_at: u64, last_seen: u64) -> String {
    format!(
        "Signed in {} · last seen {}",
        dates::date_time(created_at),
        dates::date_time(last_seen)
    )
}

/// The "Sign Out All Other Sessions?" confirmation.
pub const SIGN_OUT_OTHERS_EXPLAINED: &str = "Every other browser and script signed in to your \
     account will have to sign in again. This session stays signed in.";

/// After SignOutSessions.
pub fn sessions_signed_out(ended: u32) -> String {
    match ended {
        0 => "No other session was signed in.".into(),
        1 => "1 session was signed out.".into(),
        n => format!("{n} sessions were signed out."),
    }
}

/// After SignOutSessions `*`: the sessions ended, the newer ones a call
/// without a step-up left signed in, and the access tokens ended.
pub fn other_sessions_signed_out(ended: u32, newer_kept: u32, tokens_ended: u32) -> String {
    let mut words = with_tokens_stopped(&sessions_signed_out(ended), tokens_ended);
    match newer_kept {
        0 => {}
        1 => words.push_str(
            " 1 session that signed in after this one is still signed in: confirm your password \
             to sign it out.",
        ),
        n => words.push_str(&format!(
            " {n} sessions that signed in after this one are still signed in: confirm your \
             password to sign them out."
        )),
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_out_sessions_are_counted_in_words() {
        assert_eq!(sessions_signed_out(0), "No other session was signed in.");
        assert_eq!(sessions_signed_out(1), "1 session was signed out.");
        assert_eq!(sessions_signed_out(3), "3 sessions were signed out.");
        assert_eq!(
            other_sessions_signed_out(3, 2, 0),
            "3 sessions were signed out. 2 sessions that signed in after this one are still \
             signed in: confirm your password to sign them out."
        );
    }

    #[test]
    fn a_session_names_its_browser_and_system() {
        assert_eq!(
            browser_on_system("Firefox", "Windows"),
            "Firefox on Windows"
        );
        assert_eq!(UNKNOWN_BROWSER, "Unknown browser");
    }
}
