//! The security log: what its entries count.

use twofold_api::events::EventKind;

use super::counts::count;

/// An entry's count, where it has one: tokens deleted or sessions ended.
pub fn event_count(kind: EventKind, number: u32) -> String {
    match kind {
        EventKind::TokensDeleted => count(number.into(), "token", "tokens"),
        EventKind::SessionsSignedOut => count(number.into(), "session", "sessions"),
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleted_tokens_and_ended_sessions_are_counted_in_words() {
        assert_eq!(event_count(EventKind::TokensDeleted, 1), "1 token");
        assert_eq!(event_count(EventKind::TokensDeleted, 4), "4 tokens");
        assert_eq!(event_count(EventKind::SessionsSignedOut, 2), "2 sessions");
        assert_eq!(event_count(EventKind::SignInFailed, 2), "2");
    }
}
