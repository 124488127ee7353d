//! The Sessions tab's list without its rendering: this session first,
//! then the others, newest first.

use twofold_api::tokens::SessionInfo;

/// `sessions` in the list's order: the one making the call first, then
/// the others newest first (by when they signed in).
pub fn in_list_order(mut sessions: Vec<SessionInfo>) -> Vec<SessionInfo> {
    sessions.sort_by(|a, b| {
        b.current
            .cmp(&a.current)
            .then_with(|| b.created_at.cmp(&a.created_at))
    });
    sessions
}

/// The ids of the sessions a person can sign out, in the list's order.
pub fn others(sessions: &[SessionInfo]) -> Vec<String> {
    sessions
        .iter()
        .filter(|s| !s.current)
        .map(|s| s.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str, created_at: u64, current: bool) -> SessionInfo {
        SessionInfo {
            id: id.into(),
            created_at,
            last_seen: created_at,
            ip: None,
            user_agent: None,
            signed_in_with: None,
            current,
        }
    }

    #[test]
    fn this_session_comes_first_and_the_others_newest_first() {
        let listed = in_list_order(vec![
            session("newest", 30, false),
            session("this", 20, true),
            session("oldest", 10, false),
            session("middle", 25, false),
        ]);
        let ids: Vec<&str> = listed.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["this", "newest", "middle", "oldest"]);
        assert_eq!(others(&listed), ["newest", "middle", "oldest"]);
    }
}
