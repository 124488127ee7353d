//! What the dashboard's "Since Your Last Visit" card reads: this session
//! (GetSessions), the log's entries that matter back to the last visit
//! (GetEvents by kind) and the tokens (GetTokens); and what this browser
//! remembers of the visits, in local storage.

use twofold_api::limits::MAX_EVENTS_PER_PAGE;

use crate::api::{self, Failure};
use crate::logic::away::{self, Line, Visits};

/// At most this many pages of the log are read for the summary.
const PAGES: usize = 10;

/// What the card shows, and what a dismissal records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Away {
    /// Since when the person was away, when known.
    pub since: Option<u64>,
    /// What to report; empty: nothing.
    pub lines: Vec<Line>,
    /// The server's time of this read (the session's last use).
    pub now: u64,
    /// What this browser remembers, as stored.
    visits: Visits,
    /// Where it is stored.
    key: String,
}

impl Away {
    /// Remembers that the owner has seen this summary: it does not show
    /// again in this browser, nor anything older.
    pub fn dismiss(&self) {
        let visits = Visits {
            dismissed: Some(away::dismissed_at(&self.lines, self.now)),
            ..self.visits
        };
        store(&self.key, &visits.to_text());
    }
}

/// Reads the summary for `login`'s current session and records this visit.
pub async fn read(login: &str) -> Result<Option<Away>, Failure> {
    let sessions = api::get_sessions().await?.sessions;
    let Some(current) = sessions.iter().find(|session| session.current) else {
        return Ok(None);
    };
    let (start, now) = (current.created_at, current.last_seen);
    let key = format!("twofold.visits.{login}");
    let remembered = Visits::entering(stored(&key).as_deref().and_then(Visits::parse), start);
    let since = remembered.and_then(|visits| visits.since());
    let kinds = away::kinds_to_read();
    let mut events = Vec::new();
    let mut after = None;
    for _ in 0..PAGES {
        let page = api::get_events(MAX_EVENTS_PER_PAGE, after, Some(kinds.clone())).await?;
        events.extend(page.events);
        after = page.next;
        if after.is_none() || away::read_enough(&events, start, since) {
            break;
        }
    }
    let visits = remembered.unwrap_or(Visits {
        session_start: start,
        previous: away::previous_sign_in(&events, start),
        dismissed: None,
    });
    store(&key, &visits.to_text());
    let tokens = api::get_tokens().await?.tokens;
    Ok(Some(Away {
        since: visits.since(),
        lines: away::summary(&events, start, &visits, &tokens, now),
        now,
        visits,
        key,
    }))
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        // A full or refused storage only means the card shows again.
        let _ = storage.set_item(key, value);
    }
}
