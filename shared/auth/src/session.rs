//! Sessions as the store keeps them: the token's hash, what it allows, and
//! until when.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{ids::UserId, token::TokenHash};

/// Seconds between two writes of a session's `last_seen` or a token's
/// `last_used`: a credential used every second costs one write a minute.
pub const LAST_USE_INTERVAL: u64 = 60;

/// True when a use at `now` should be written, the last written one being
/// `last`: at most one write per [`LAST_USE_INTERVAL`].
pub fn last_use_due(last: Option<u64>, now: u64) -> bool {
    last.is_none_or(|last| now >= last.saturating_add(LAST_USE_INTERVAL))
}

/// What a session allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SessionKind {
    /// Signed in.
    Full,
    /// Password given, second factor still due: only Verify2FACode takes it.
    Pending,
}

/// Lifetimes of sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPolicy {
    /// Seconds a full session lasts.
    pub full_seconds: u64,
    /// Seconds a pending session lasts (at most 300).
    pub pending_seconds: u64,
    /// Seconds a password confirmation allows sensitive changes.
    pub elevation_seconds: u64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            full_seconds: 12 * 3600,
            pending_seconds: 300,
            elevation_seconds: 300,
        }
    }
}

/// A session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Whose it is.
    pub user_id: UserId,
    /// SHA-256 of its token.
    pub token_hash: TokenHash,
    /// What it allows.
    pub kind: SessionKind,
    /// When it began.
    pub created_at: u64,
    /// When it ends. The code checks this; the store's TTL deletes late.
    pub expires_at: u64,
    /// Until when sensitive changes are allowed (CheckPassword).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevated_until: Option<u64>,
    /// The account's session epoch when the session began: raising the
    /// account's epoch ends every session that does not carry the new one.
    pub epoch: u64,
    /// The client address that opened it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The client's User-Agent, shortened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// When it was last used, to the minute: kept by the store beside the
    /// value (see [`last_use_due`]), not in it.
    #[serde(skip)]
    pub last_seen: Option<u64>,
}

impl Session {
    /// True while the session has not expired and the account has not ended
    /// it by raising its epoch.
    pub fn is_live(&self, now: u64, account_epoch: u64) -> bool {
        now < self.expires_at && self.epoch == account_epoch
    }

    /// The id GetSessions shows: derived from the token's hash, so it names
    /// the session without being anything that signs in.
    pub fn public_id(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"twofold session id\0")
            .chain_update(self.token_hash.as_str().as_bytes())
            .finalize();
        data_encoding::HEXLOWER.encode(digest.get(..8).unwrap_or_default())
    }

    /// True while a password confirmation allows sensitive changes.
    pub fn is_elevated(&self, now: u64) -> bool {
        self.kind == SessionKind::Full && self.elevated_until.is_some_and(|until| now < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    fn session(kind: SessionKind) -> Session {
        let mut rng = StdRng::seed_from_u64(1);
        Session {
            user_id: UserId::generate(&mut rng),
            token_hash: TokenHash::from_stored("ab".repeat(32)),
            kind,
            created_at: 0,
            expires_at: 100,
            elevated_until: Some(50),
            epoch: 3,
            ip: None,
            user_agent: None,
            last_seen: None,
        }
    }

    #[test]
    fn a_session_ends_at_its_expiry_even_before_the_store_deletes_it() {
        assert!(session(SessionKind::Full).is_live(99, 3));
        assert!(!session(SessionKind::Full).is_live(100, 3));
    }

    #[test]
    fn raising_the_account_epoch_ends_the_session() {
        assert!(!session(SessionKind::Full).is_live(10, 4));
    }

    #[test]
    fn elevation_lasts_until_its_end_and_never_applies_to_pending_sessions() {
        assert!(session(SessionKind::Full).is_elevated(49));
        assert!(!session(SessionKind::Full).is_elevated(50));
        assert!(!session(SessionKind::Pending).is_elevated(10));
    }

    #[test]
    fn a_public_id_is_16_hex_digits_and_not_the_token_hash() {
        let id = session(SessionKind::Full).public_id();
        assert_eq!(id.len(), 16);
        assert!(!"ab".repeat(32).contains(&id));
    }

    #[test]
    fn a_use_is_written_at_most_once_a_minute() {
        assert!(last_use_due(None, 5));
        assert!(!last_use_due(Some(100), 159));
        assert!(last_use_due(Some(100), 160));
    }

    #[test]
    fn pending_sessions_live_at_most_five_minutes_by_default() {
        assert!(SessionPolicy::default().pending_seconds <= 300);
    }
}
