//! The signed-in hint: a cookie the server sets beside the HttpOnly session
//! cookie and clears with it (`__Host-twofold_signed_in=1` over HTTPS,
//! `twofold_signed_in=1` over plain HTTP). It carries nothing secret; it
//! only tells a page load whether asking GetAccount is worth it, so that a
//! signed-out visitor's page makes no call that fails (and no 401 in the
//! console). When present but the session is over, GetAccount's
//! NotSignedIn means this browser was signed out from elsewhere (sign out
//! everywhere, a new password, an operator, an hour without use): the app
//! says so on the sign-in page (`AppState::reload`), which a first visit,
//! without the hint, never hears.

use twofold_api::{SIGNED_IN_HINT_COOKIE, SIGNED_IN_HINT_COOKIE_SECURE};

/// True when `cookies` (as `document.cookie` lists them: `a=1; b=2`) hold
/// the signed-in hint under either of its names.
pub fn signed_in(cookies: &str) -> bool {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| {
            (name == SIGNED_IN_HINT_COOKIE || name == SIGNED_IN_HINT_COOKIE_SECURE) && value == "1"
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_is_read_among_other_cookies_and_only_with_its_value() {
        assert!(signed_in("twofold_signed_in=1"));
        assert!(signed_in("theme=dark; twofold_signed_in=1; lang=en"));
        assert!(!signed_in(""));
        assert!(!signed_in("twofold_signed_in="));
        assert!(!signed_in("other_twofold_signed_in=1"));
        assert!(!signed_in("twofold_signed_in_old=1"));
    }

    #[test]
    fn over_https_the_hint_has_its_host_prefixed_name() {
        assert!(signed_in("__Host-twofold_signed_in=1"));
        assert!(signed_in("theme=dark; __Host-twofold_signed_in=1"));
        assert!(!signed_in("__Host-twofold_signed_in=0"));
        assert!(!signed_in("__Secure-twofold_signed_in=1"));
        assert!(
            !signed_in("__host-twofold_signed_in=1"),
            "the prefix is case-sensitive"
        );
    }
}
