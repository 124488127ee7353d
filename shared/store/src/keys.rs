//! Key formats. Logins and ids cannot contain `#` (their parsers refuse
//! it), so keys never collide.

use twofold_auth::{token::TokenHash, Login, UserId};

pub(crate) const PK: &str = "pk";
pub(crate) const SK: &str = "sk";
pub(crate) const TTL: &str = "expires_at";
pub(crate) const DATA: &str = "data";
pub(crate) const VERSION: &str = "version";

pub(crate) const ACCOUNT_SK: &str = "ACCOUNT";
pub(crate) const LOGIN_SK: &str = "LOGIN";
pub(crate) const LIMIT_SK: &str = "LIMIT";
pub(crate) const SESSION_PREFIX: &str = "SESSION#";
pub(crate) const EVENT_PREFIX: &str = "EVENT#";

pub(crate) fn user_pk(user: &UserId) -> String {
    format!("USER#{user}")
}

pub(crate) fn login_pk(login: &Login) -> String {
    format!("LOGIN#{login}")
}

pub(crate) fn session_sk(hash: &TokenHash) -> String {
    format!("{SESSION_PREFIX}{}", hash.as_str())
}

/// Events sort by time (zero-padded seconds), then by their random id.
pub(crate) fn event_sk(at: u64, id: &str) -> String {
    format!("{EVENT_PREFIX}{at:020}#{id}")
}
