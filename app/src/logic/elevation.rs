//! Whether this session may make a sensitive change without asking for the
//! password again ("sudo mode", raised by CheckPassword).

/// Seconds of elevation kept in reserve: a pop-up skipped with two seconds
/// left would be followed by a refusal, which is worse than asking.
const MARGIN_SECS: u64 = 15;

/// True when `elevated_until` (from GetAccount or CheckPassword) is still
/// comfortably ahead of `now_secs`.
pub fn is_elevated(elevated_until: Option<u64>, now_secs: u64) -> bool {
    elevated_until.is_some_and(|until| until > now_secs.saturating_add(MARGIN_SECS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_never_elevated_must_confirm_the_password() {
        assert!(!is_elevated(None, 1000));
    }

    #[test]
    fn an_elevation_with_minutes_left_skips_the_password_pop_up() {
        assert!(is_elevated(Some(1300), 1000));
    }

    #[test]
    fn an_elevation_about_to_end_asks_again() {
        assert!(!is_elevated(Some(1010), 1000));
        assert!(!is_elevated(Some(900), 1000));
    }
}
