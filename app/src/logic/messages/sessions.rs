//! Settings > Sessions: where the account is signed in, and signing
//! sessions out.

use twofold_api::tokens::SignedInWith;

use super::keep_tokens::with_tokens_stopped;

/// The Sessions tab's introduction.
pub const SESSIONS_EXPLAINED: &str = "Where your account is signed in: this session first, \
     then the others, newest first. Sign out any session you do not recognise, then change \
     your password. Signing out one session leaves your access tokens working; signing out all \
     other sessions stops those you do not keep.";

/// The Sessions tab when no other session is signed in.
pub const NO_OTHER_SESSIONS: &str = "You are signed in nowhere else.";

/// The badge of the session making the call.
pub const THIS_SESSION: &str = "This session";

/// A session without a known address.
pub const UNKNOWN_ADDRESS: &str = "Unknown address";

/// How a session signed in.
pub fn signed_in_with(with: Option<SignedInWith>) -> &'static str {
    match with {
        Some(SignedInWith::Password) => "Password",
        Some(SignedInWith::AuthenticatorApp) => "Password and authenticator app",
        Some(SignedInWith::RecoveryCode) => "Password and recovery code",
        Some(SignedInWith::SecurityKey) => "Password and security key",
        Some(SignedInWith::Passkey) => "Passkey",
        None => "Not recorded",
    }
}

/// What a User-Agent that names nothing known reads as.
pub const UNKNOWN_BROWSER: &str = "Unknown browser";

/// A session's browser and system: `Firefox on Windows`.
pub fn browser_on_system(browser: &str, system: &str) -> String {
    format!("{browser} on {system}")
}

/// Sign Out's name for screen readers: which session it ends.
pub fn sign_out_session_label(device: &str, signed_in: &str) -> String {
    format!("Sign out {device}, signed in {signed_in}")
}

/// The Sessions tab's button that signs out every other session (the
/// words that name it elsewhere quote this).
pub const SIGN_OUT_ALL_OTHERS: &str = "Sign Out All Other Sessions";

/// Its confirmation's title.
pub const SIGN_OUT_ALL_OTHERS_QUESTION: &str = "Sign Out All Other Sessions?";

/// Its confirmation's action.
pub const SIGN_OUT_ALL: &str = "Sign Out All";

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

    #[test]
    fn a_session_says_how_it_signed_in() {
        assert_eq!(signed_in_with(Some(SignedInWith::Password)), "Password");
        assert_eq!(
            signed_in_with(Some(SignedInWith::AuthenticatorApp)),
            "Password and authenticator app"
        );
        assert_eq!(
            signed_in_with(Some(SignedInWith::RecoveryCode)),
            "Password and recovery code"
        );
        assert_eq!(signed_in_with(None), "Not recorded");
    }
}
