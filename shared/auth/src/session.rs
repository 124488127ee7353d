//! Sessions as the store keeps them: the token's hash, what it allows, and
//! until when.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use twofold_api::tokens::SignedInWith;

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
    /// Seconds a step-up (CheckPassword, or a password on a sensitive
    /// call) allows sensitive changes after it was proven or last used:
    /// each use slides it on, up to [`SessionPolicy::elevation_max_seconds`].
    pub elevation_seconds: u64,
    /// Seconds a step-up lasts at most, however it is used.
    pub elevation_max_seconds: u64,
    /// Seconds a full session may go unused before it ends (its last use
    /// is known to the minute, see [`LAST_USE_INTERVAL`]).
    pub idle_seconds: u64,
}

/// How long a full session may go unused by default: an hour, the figure
/// NIST SP 800-63B-4 gives for AAL2 (its third revision said 30 minutes).
pub const DEFAULT_IDLE_SECONDS: u64 = 3600;

/// How long a step-up lasts unused by default: a quarter of an hour, so a
/// person working through their settings confirms once.
pub const DEFAULT_ELEVATION_SECONDS: u64 = 15 * 60;

/// How long a step-up lasts at most by default: two hours, as GitHub's
/// sudo mode.
pub const DEFAULT_ELEVATION_MAX_SECONDS: u64 = 2 * 3600;

/// A step-up slides on only when that moves its end by at least this much,
/// so a burst of sensitive calls writes the session once.
pub const STEP_UP_SLIDE_INTERVAL: u64 = 60;

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            full_seconds: 12 * 3600,
            pending_seconds: 300,
            elevation_seconds: DEFAULT_ELEVATION_SECONDS,
            elevation_max_seconds: DEFAULT_ELEVATION_MAX_SECONDS,
            idle_seconds: DEFAULT_IDLE_SECONDS,
        }
    }
}

/// What a session proved when it last stepped up (confirmed who holds it
/// for a sensitive change), weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StepUp {
    /// The password.
    Password,
    /// The password and a second factor (a code from the app or a
    /// recovery code) that was not the one used to sign in.
    SecondFactor,
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
    /// When it began, in nanoseconds since the epoch: orders sessions that
    /// began in the same second. Absent on sessions stored before it was
    /// recorded (they count from the start of their second).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_nanos: Option<u64>,
    /// When it ends. The code checks this; the store's TTL deletes late.
    pub expires_at: u64,
    /// Until when sensitive changes are allowed (CheckPassword).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevated_until: Option<u64>,
    /// True when that step-up proved a second factor too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub elevated_with_second_factor: bool,
    /// When that step-up was proven: it never lasts past this plus the
    /// policy's maximum. Absent on step-ups stored before it was kept,
    /// which do not slide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevated_at: Option<u64>,
    /// How the session signed in (absent on pending sessions and on
    /// sessions stored before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_in_with: Option<SignedInWith>,
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
    /// Seconds from its start to its end.
    pub fn lifetime(&self) -> u64 {
        self.expires_at.saturating_sub(self.created_at)
    }

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

    /// True when `text` is shaped like a [`Session::public_id`]: 16
    /// lower-case hexadecimal digits.
    pub fn is_public_id(text: &str) -> bool {
        text.len() == twofold_api::limits::SESSION_ID_CHARS
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    /// True when this session began before `other`. Sessions that began
    /// at the same instant are not before each other.
    pub fn began_before(&self, other: &Session) -> bool {
        self.began_at_nanos() < other.began_at_nanos()
    }

    /// When it began, in nanoseconds since the epoch (to the second for
    /// sessions stored before that was recorded).
    pub fn began_at_nanos(&self) -> u64 {
        self.started_nanos
            .unwrap_or_else(|| self.created_at.saturating_mul(1_000_000_000))
    }

    /// True while a password confirmation allows sensitive changes.
    pub fn is_elevated(&self, now: u64) -> bool {
        self.kind == SessionKind::Full && self.elevated_until.is_some_and(|until| now < until)
    }

    /// What the session's step-up proved, while it lasts.
    pub fn step_up(&self, now: u64) -> Option<StepUp> {
        self.is_elevated(now)
            .then_some(if self.elevated_with_second_factor {
                StepUp::SecondFactor
            } else {
                StepUp::Password
            })
    }

    /// Records a step-up that proved `proof` at `now`: it lasts the
    /// policy's `elevation_seconds` (never past the session's own end).
    pub fn elevate(&mut self, now: u64, policy: &SessionPolicy, proof: StepUp) {
        self.elevated_at = Some(now);
        self.elevated_until = Some(self.step_up_end(now, now, policy));
        self.elevated_with_second_factor = proof == StepUp::SecondFactor;
    }

    /// Forgets the step-up: the next sensitive change asks for it again.
    pub fn end_step_up(&mut self) {
        self.elevated_at = None;
        self.elevated_until = None;
        self.elevated_with_second_factor = false;
    }

    /// After a sensitive change the live step-up allowed: it lasts another
    /// `elevation_seconds` from `now`, never past `elevation_max_seconds`
    /// after it was proven. True when that moved its end by at least
    /// [`STEP_UP_SLIDE_INTERVAL`] (worth writing).
    pub fn slide_step_up(&mut self, now: u64, policy: &SessionPolicy) -> bool {
        let (Some(at), Some(until)) = (self.elevated_at, self.elevated_until) else {
            return false;
        };
        if !self.is_elevated(now) {
            return false;
        }
        let slid = self.step_up_end(at, now, policy);
        if slid < until.saturating_add(STEP_UP_SLIDE_INTERVAL) {
            return false;
        }
        self.elevated_until = Some(slid);
        true
    }

    /// The end of a step-up proven at `at` and last used at `now`.
    fn step_up_end(&self, at: u64, now: u64, policy: &SessionPolicy) -> u64 {
        now.saturating_add(policy.elevation_seconds)
            .min(at.saturating_add(policy.elevation_max_seconds))
            .min(self.expires_at)
    }

    /// True when a full session has gone unused for `idle_seconds`: its
    /// last recorded use (or its start) is that long ago.
    pub fn is_idle(&self, now: u64, idle_seconds: u64) -> bool {
        self.kind == SessionKind::Full
            && now
                >= self
                    .last_seen
                    .unwrap_or(self.created_at)
                    .max(self.created_at)
                    .saturating_add(idle_seconds)
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
            started_nanos: None,
            expires_at: 100,
            elevated_until: Some(50),
            elevated_with_second_factor: false,
            elevated_at: None,
            signed_in_with: None,
            epoch: 3,
            ip: None,
            user_agent: None,
            last_seen: None,
        }
    }

    fn policy(idle: u64, max: u64) -> SessionPolicy {
        SessionPolicy {
            elevation_seconds: idle,
            elevation_max_seconds: max,
            ..SessionPolicy::default()
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
    fn a_step_up_says_what_it_proved_and_never_outlives_the_session() {
        let mut full = session(SessionKind::Full);
        assert_eq!(full.step_up(10), Some(StepUp::Password));
        full.elevate(10, &policy(500, 1000), StepUp::SecondFactor);
        assert_eq!(full.elevated_until, Some(100));
        assert_eq!(full.step_up(99), Some(StepUp::SecondFactor));
        assert_eq!(full.step_up(100), None);
        full.elevate(10, &policy(50, 1000), StepUp::Password);
        assert_eq!(full.step_up(10), Some(StepUp::Password));
        assert!(StepUp::SecondFactor > StepUp::Password);
    }

    #[test]
    fn an_ended_step_up_neither_allows_nor_slides() {
        let mut full = session(SessionKind::Full);
        full.expires_at = 100_000;
        let policy = policy(900, 7200);
        full.elevate(1000, &policy, StepUp::SecondFactor);
        full.end_step_up();
        assert_eq!(full.step_up(1001), None);
        assert!(!full.slide_step_up(1800, &policy));
        assert_eq!(full.elevated_at, None);
    }

    #[test]
    fn a_step_up_slides_on_with_use_up_to_its_maximum_and_not_once_lapsed() {
        let mut full = session(SessionKind::Full);
        full.expires_at = 100_000;
        let policy = policy(900, 7200);
        full.elevate(1000, &policy, StepUp::SecondFactor);
        assert_eq!(full.elevated_until, Some(1900));
        assert!(
            !full.slide_step_up(1030, &policy),
            "under a minute: no write"
        );
        assert!(full.slide_step_up(1800, &policy));
        assert_eq!(full.elevated_until, Some(2700));
        for now in (2600..8200).step_by(600) {
            full.slide_step_up(now, &policy);
        }
        assert_eq!(
            full.elevated_until,
            Some(8200),
            "two hours after it was proven"
        );
        assert!(!full.slide_step_up(8100, &policy));
        assert_eq!(full.step_up(8200), None);
        let mut lapsed = session(SessionKind::Full);
        lapsed.expires_at = 100_000;
        lapsed.elevate(1000, &policy, StepUp::Password);
        assert!(
            !lapsed.slide_step_up(1900, &policy),
            "a lapsed step-up stays lapsed"
        );
        let mut older = session(SessionKind::Full);
        assert!(
            !older.slide_step_up(10, &policy),
            "one stored without its start"
        );
    }

    #[test]
    fn a_full_session_unused_for_the_idle_time_is_idle_and_a_pending_one_never() {
        let mut full = session(SessionKind::Full);
        assert!(!full.is_idle(59, 60));
        assert!(full.is_idle(60, 60));
        full.last_seen = Some(40);
        assert!(!full.is_idle(99, 60));
        assert!(full.is_idle(100, 60));
        assert!(!session(SessionKind::Pending).is_idle(1_000, 60));
    }

    #[test]
    fn sessions_of_one_second_are_ordered_by_their_nanoseconds_and_a_tie_is_not_before() {
        let mut first = session(SessionKind::Full);
        let mut second = session(SessionKind::Full);
        first.created_at = 7;
        second.created_at = 7;
        assert!(!first.began_before(&second), "no nanoseconds: a tie");
        first.started_nanos = Some(7_000_000_100);
        second.started_nanos = Some(7_000_000_200);
        assert!(first.began_before(&second));
        assert!(!second.began_before(&first));
        second.started_nanos = None;
        second.created_at = 8;
        assert!(first.began_before(&second));
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
