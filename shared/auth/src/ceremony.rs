//! A WebAuthn ceremony between its start and its finish: registering a
//! security key, or proving one (at sign-in or at a step-up).
//!
//! The relying party's state (the challenge, and what the answer must
//! match) is kept in the store, never in an instance's memory, so that a
//! ceremony started on one Lambda instance finishes on another. It is taken
//! once: the finish removes it before checking the answer, because
//! webauthn-rs accepts the same answer twice against one state. It is
//! opaque here: the service layer writes and reads it with webauthn-rs.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::token::TokenHash;
use crate::{SecureRng, UserId};

/// How long a ceremony waits for the browser's answer: a person finds the
/// key, touches it, or types its PIN.
pub const CEREMONY_SECONDS: u64 = 300;

/// A ceremony's handle, given to the client with the options: 128 random
/// bits as 32 lower-case hex digits. It proves nothing by itself (the
/// answer must be signed by the key), but names the one state it finishes.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CeremonyId(UserId);

impl CeremonyId {
    /// A new random handle.
    pub fn generate(rng: &mut impl SecureRng) -> Self {
        CeremonyId(UserId::generate(rng))
    }

    /// The handle as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Text that is not a ceremony's handle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a ceremony id")]
pub struct InvalidCeremonyId;

impl TryFrom<String> for CeremonyId {
    type Error = InvalidCeremonyId;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        UserId::try_from(value)
            .map(CeremonyId)
            .map_err(|_| InvalidCeremonyId)
    }
}

impl From<CeremonyId> for String {
    fn from(id: CeremonyId) -> String {
        id.0.into()
    }
}

impl fmt::Display for CeremonyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CeremonyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CeremonyId({})", self.as_str())
    }
}

/// What a ceremony is for; a state is finished only by the call it was
/// started for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CeremonyPurpose {
    /// Registering a security key, or a passkey, on the account.
    AddKey,
    /// Proving a key at a step-up.
    StepUp,
    /// Proving a key after the password at sign-in.
    SignIn,
    /// Signing in with a passkey alone; the account is known only from the
    /// answer.
    PasskeySignIn,
    /// Proving a key the account had before a change, to undo it from a
    /// notice's link: the link, not a session, holds it.
    Undo,
}

/// A ceremony waiting for the browser's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ceremony {
    /// Its handle.
    pub id: CeremonyId,
    /// What it is for.
    pub purpose: CeremonyPurpose,
    /// The account; `None` for a passkey sign-in, whose account the answer
    /// names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserId>,
    /// The session that started it, the only one that may finish it (for
    /// an undo, the link's [`crate::not_me::NotMeLink::ceremony_holder`]);
    /// `None` for a passkey sign-in, which starts without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<TokenHash>,
    /// The relying party's state, as webauthn-rs serialises it.
    pub state: String,
    /// Until when it may be finished.
    pub expires_at: u64,
}

impl Ceremony {
    /// A ceremony started at `now`, open for [`CEREMONY_SECONDS`].
    pub fn start(
        rng: &mut impl SecureRng,
        purpose: CeremonyPurpose,
        user: Option<UserId>,
        session: Option<TokenHash>,
        state: String,
        now: u64,
    ) -> Ceremony {
        Ceremony {
            id: CeremonyId::generate(rng),
            purpose,
            user,
            session,
            state,
            expires_at: now + CEREMONY_SECONDS,
        }
    }

    /// Whether it may still be finished at `now`.
    pub fn is_open(&self, now: u64) -> bool {
        now < self.expires_at
    }

    /// Whether the call finishing it, for `purpose` in `session`, is the
    /// one it was started for.
    pub fn finishes(&self, purpose: CeremonyPurpose, session: Option<&TokenHash>) -> bool {
        self.purpose == purpose && self.session.as_ref() == session
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    use super::*;

    const NOW: u64 = 1_796_601_900;

    fn started(purpose: CeremonyPurpose, session: Option<TokenHash>) -> Ceremony {
        let mut rng = StdRng::seed_from_u64(7);
        let user = UserId::generate(&mut rng);
        Ceremony::start(&mut rng, purpose, Some(user), session, "{}".into(), NOW)
    }

    #[test]
    fn a_ceremony_is_open_for_five_minutes_and_not_a_second_more() {
        let ceremony = started(CeremonyPurpose::AddKey, None);
        assert!(ceremony.is_open(NOW));
        assert!(ceremony.is_open(NOW + CEREMONY_SECONDS - 1));
        assert!(!ceremony.is_open(NOW + CEREMONY_SECONDS));
    }

    #[test]
    fn only_the_call_it_was_started_for_finishes_it() {
        let session = TokenHash::from_stored("aa".repeat(32));
        let other = TokenHash::from_stored("bb".repeat(32));
        let ceremony = started(CeremonyPurpose::AddKey, Some(session.clone()));
        assert!(ceremony.finishes(CeremonyPurpose::AddKey, Some(&session)));
        assert!(!ceremony.finishes(CeremonyPurpose::AddKey, Some(&other)));
        assert!(!ceremony.finishes(CeremonyPurpose::AddKey, None));
        assert!(!ceremony.finishes(CeremonyPurpose::StepUp, Some(&session)));
    }

    #[test]
    fn a_handle_reads_back_as_written_and_nothing_else_reads() {
        let id = CeremonyId::generate(&mut StdRng::seed_from_u64(3));
        assert_eq!(CeremonyId::try_from(id.to_string()), Ok(id.clone()));
        assert_eq!(id.as_str().len(), 32);
        for bad in ["", "xyz", &"A".repeat(32), &"0".repeat(33)] {
            assert_eq!(CeremonyId::try_from(bad.to_owned()), Err(InvalidCeremonyId));
        }
        let json = serde_json::to_string(&started(CeremonyPurpose::SignIn, None)).unwrap();
        assert!(json.contains("\"purpose\":\"signIn\""), "{json}");
    }
}
