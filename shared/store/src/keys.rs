//! Every key format and attribute name of the table, and nothing else
//! builds them. Logins and ids cannot contain `#` (their parsers refuse
//! it), so keys never collide.

use twofold_auth::{token::TokenHash, CeremonyId, Login, UserId};

/// Partition key attribute.
pub(crate) const PK: &str = "pk";
/// Sort key attribute.
pub(crate) const SK: &str = "sk";
/// Expiry attribute, in seconds since the epoch; the table's TTL attribute.
pub(crate) const TTL: &str = "expires_at";
/// The item's value as JSON (accounts, sessions, events).
pub(crate) const DATA: &str = "data";
/// The account's version, for optimistic locking.
pub(crate) const VERSION: &str = "version";
/// On the account and login items: the login (readable by operators).
pub(crate) const LOGIN: &str = "login";
/// On the login item: the account it belongs to.
pub(crate) const USER_ID: &str = "user_id";
/// On a login's item: a copy of its account's password hash, so that
/// SignIn can check the password while it reads the account.
pub(crate) const PASSWORD_HASH: &str = "password_hash";
/// On a throttle counter: how many slots are taken (failures, and checks
/// in flight).
pub(crate) const COUNT: &str = "count";
/// On a throttle counter: how many of its slots belong to checks still in
/// flight (reserved, not yet settled).
pub(crate) const PENDING: &str = "pending";
/// On a session or token: when it was last used (written at most once a
/// minute, beside `data` so that a use never rewrites the value).
pub(crate) const LAST_USED: &str = "last_used";
/// On a security-log entry kept once per window: how many times it happened.
pub(crate) const TALLY: &str = "tally";
/// On a tally's pointer: the sort key of its window's entry.
pub(crate) const FIRST: &str = "first";
/// On a token: the address it was last used from.
pub(crate) const LAST_USED_IP: &str = "last_used_ip";

pub(crate) const ACCOUNT_SK: &str = "ACCOUNT";
pub(crate) const LOGIN_SK: &str = "LOGIN";
pub(crate) const LIMIT_SK: &str = "LIMIT";
pub(crate) const CEREMONY_SK: &str = "CEREMONY";
/// When a security-log entry's notice was mailed.
pub(crate) const MAILED_AT: &str = "mailed_at";
/// The outbox's one partition (security notices waiting to be mailed).
pub(crate) const OUTBOX_PK: &str = "OUTBOX";
pub(crate) const SESSION_PREFIX: &str = "SESSION#";
pub(crate) const TOKEN_PREFIX: &str = "TOKEN#";
pub(crate) const EVENT_PREFIX: &str = "EVENT#";
pub(crate) const TALLY_PREFIX: &str = "TALLY#";
pub(crate) const NOT_ME_PREFIX: &str = "NOTME#";

pub(crate) fn user_pk(user: &UserId) -> String {
    format!("USER#{user}")
}

pub(crate) fn ceremony_pk(id: &CeremonyId) -> String {
    format!("CEREMONY#{id}")
}

pub(crate) fn login_pk(login: &Login) -> String {
    format!("LOGIN#{login}")
}

pub(crate) fn session_sk(hash: &TokenHash) -> String {
    format!("{SESSION_PREFIX}{}", hash.as_str())
}

pub(crate) fn token_sk(hash: &TokenHash) -> String {
    format!("{TOKEN_PREFIX}{}", hash.as_str())
}

/// Events sort by time (zero-padded seconds), then by their id (which
/// starts with the nanoseconds).
pub(crate) fn event_sk(at: u64, id: &str) -> String {
    format!("{EVENT_PREFIX}{at:020}#{id}")
}

/// Where a "This wasn't me" link's state is: beside its event's entry
/// (`key` is the event's time and id), not listed with the log.
pub(crate) fn not_me_sk(key: &str) -> String {
    format!("{NOT_ME_PREFIX}{key}")
}

/// Where the entry of an event kept once per window is: one pointer per
/// kind and window, beside the log (not listed with it).
/// The one notice of `kind` a window of the account mails
/// ([`crate::DynamoStore::first_notice_of_window`]), beside the log.
pub(crate) fn notice_window_sk(kind: &str, window: u64) -> String {
    format!("NOTICE#{kind}#{window}")
}

pub(crate) fn tally_sk(kind: &str, window: u64) -> String {
    format!("{TALLY_PREFIX}{kind}#{window}")
}

/// A sign-in failure counter of one login in one throttle window.
pub(crate) fn login_limit_pk(login: &Login, window: u64) -> String {
    format!("LIMIT#login#{login}#{window}")
}

/// A sign-in failure counter of one client address in one throttle window.
pub(crate) fn address_limit_pk(address: &str, window: u64) -> String {
    format!("LIMIT#address#{address}#{window}")
}

/// A failure counter of one trusted device in one throttle window.
pub(crate) fn device_limit_pk(device: &str, window: u64) -> String {
    format!("LIMIT#device#{device}#{window}")
}

/// A failure counter of one signed-in session (its public id) in one
/// throttle window.
pub(crate) fn session_limit_pk(session: &str, window: u64) -> String {
    format!("LIMIT#session#{session}#{window}")
}

/// A counter of one login's successful password checks in one window.
pub(crate) fn success_limit_pk(login: &Login, window: u64) -> String {
    format!("LIMIT#success#{login}#{window}")
}

/// A sign-up counter of one client address in one throttle window.
pub(crate) fn sign_up_limit_pk(address: &str, window: u64) -> String {
    format!("LIMIT#signup#{address}#{window}")
}

/// Passkey sign-ins started from one address bucket in one window.
pub(crate) fn passkey_limit_pk(address: &str, window: u64) -> String {
    format!("LIMIT#passkey#{address}#{window}")
}

/// Failed sign-ins of logins that have no account, for operators.
pub(crate) fn unknown_login_pk(login: &Login) -> String {
    format!("UNKNOWN#{login}")
}

/// Where a page of the security log starts: the sort key of the last event
/// of the page before. Clients get it as `next` and send it back as `after`;
/// only something shaped like an event's sort key is taken back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCursor(String);

impl EventCursor {
    /// The longest cursor: the prefix, 20 digits, `#`, and an event id.
    const MAX_LEN: usize = 64;

    /// Reads a cursor a client sent back; `None` when it cannot be one.
    pub fn parse(text: &str) -> Option<EventCursor> {
        let plausible = text.len() <= Self::MAX_LEN
            && text.starts_with(EVENT_PREFIX)
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#');
        plausible.then(|| EventCursor(text.to_owned()))
    }

    /// The cursor as the client sees it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn from_sort_key(sk: &str) -> EventCursor {
        EventCursor(sk.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_sort_key_reads_back_as_a_cursor_and_other_text_does_not() {
        let sk = event_sk(1_700_000_000, "000000005deadbeef");
        assert_eq!(
            EventCursor::parse(&sk),
            Some(EventCursor::from_sort_key(&sk))
        );
        for text in [
            "",
            "SESSION#abc",
            "EVENT#1 2",
            "EVENT#<script>",
            &"EVENT#9".repeat(20),
        ] {
            assert_eq!(EventCursor::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_cursor_is_what_the_openapi_pattern_says() {
        let pattern = fancy_regex::Regex::new(&twofold_api::patterns::event_cursor()).unwrap();
        let max = twofold_api::limits::MAX_EVENT_CURSOR_CHARS;
        let sk = event_sk(1_700_000_000, "000000005deadbeef");
        for text in [
            sk.as_str(),
            "EVENT#",
            "EVENT#a#B#9",
            "EVENT",
            "event#1",
            " EVENT#1",
            "EVENT#1\n",
            "EVENT#é",
            "EVENT#1-2",
            &format!("EVENT#{}", "9".repeat(max - 6)),
            &format!("EVENT#{}", "9".repeat(max - 5)),
        ] {
            let described = pattern.is_match(text).unwrap() && text.chars().count() <= max;
            assert_eq!(described, EventCursor::parse(text).is_some(), "{text:?}");
        }
    }
}
