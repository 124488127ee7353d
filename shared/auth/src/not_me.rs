//! "This wasn't me": the signed, single-use link each security notice
//! carries, and what the account was before a change the link can undo.
//!
//! The link names one event of one account and is signed with the
//! sealer's keyed hash, so it cannot be made or moved to another account
//! without the key; it lives as long as the notice ([`NOT_ME_LINK_SECONDS`]).
//! Opened, it ends every session and token of the account. For the changes
//! [`undoable`] names, the state before the change is kept sealed beside the
//! log for as long as the link lives, and the link also puts it back, but
//! only with a second factor that existed before the change: someone who
//! holds the mailbox alone can end sessions, never change credentials.

use serde::{Deserialize, Serialize};
use twofold_api::{events::EventKind, limits::NOT_ME_LINK_SECONDS};

use crate::{
    account::TwoFactor,
    event::SecurityEvent,
    ids::UserId,
    password::PasswordHash,
    sealing::{Sealed, Sealer},
    token::{hash_of, TokenHash},
};

/// The context of a link's signature.
const LINK_CONTEXT: &str = "not-me-link";

/// A link of a notice: the event it tells of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMeLink {
    /// Whose account.
    pub user_id: UserId,
    /// When the event happened.
    pub event_at: u64,
    /// The event's id.
    pub event_id: String,
}

/// A link refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefused {
    /// Not a link this server signed (altered, made up, or signed with a
    /// key no longer configured).
    #[error("the link is not valid")]
    Invalid,
    /// Its notice's time is over.
    #[error("the link expired")]
    Expired,
}

impl NotMeLink {
    /// The link of `event`'s notice.
    pub fn for_event(event: &SecurityEvent) -> Self {
        NotMeLink {
            user_id: event.user_id.clone(),
            event_at: event.at,
            event_id: event.id.clone(),
        }
    }

    /// Until when it works.
    pub fn expires_at(&self) -> u64 {
        self.event_at.saturating_add(NOT_ME_LINK_SECONDS)
    }

    /// Where its state is kept: the event's place in the log.
    pub fn key(&self) -> String {
        format!("{:020}#{}", self.event_at, self.event_id)
    }

    /// What a key ceremony started for this link's undo is bound to, in
    /// the place of a session: only the same link finishes it.
    pub fn ceremony_holder(&self) -> TokenHash {
        hash_of(&format!("not-me/{}/{}", self.user_id, self.key()))
    }

    fn signed_part(&self) -> String {
        format!("{}-{}-{}", self.user_id, self.event_at, self.event_id)
    }

    /// The link as text: `<user>-<time>-<event>-<signature>`.
    pub fn sign(&self, sealer: &Sealer) -> String {
        let part = self.signed_part();
        let mac = sealer.keyed_hash(LINK_CONTEXT, part.as_bytes());
        format!("{part}-{mac}")
    }

    /// The link `text` names, if this server signed it and it is still
    /// live at `now`. The signature is checked first, so a made-up link
    /// learns nothing, not even whether its time would be over.
    pub fn open(text: &str, sealer: &Sealer, now: u64) -> Result<NotMeLink, LinkRefused> {
        let (link, mac) = NotMeLink::parse(text).ok_or(LinkRefused::Invalid)?;
        let expected = sealer
            .keyed_hash_like(mac, LINK_CONTEXT, link.signed_part().as_bytes())
            .ok_or(LinkRefused::Invalid)?;
        if !constant_time_eq(expected.as_bytes(), mac.as_bytes()) {
            return Err(LinkRefused::Invalid);
        }
        if now >= link.expires_at() {
            return Err(LinkRefused::Expired);
        }
        Ok(link)
    }

    /// The link and signature `text` holds, if it has a link's shape
    /// (`twofold_api::patterns::not_me_link`); nothing is checked yet.
    pub fn parse(text: &str) -> Option<(NotMeLink, &str)> {
        let mut parts = text.splitn(4, '-');
        let (user, at, id, mac) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let user_id = UserId::try_from(user.to_owned()).ok()?;
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let hex = |part: &str| part.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let well_formed =
            (1..=19).contains(&at.len()) && digits(at) && id.len() == 17 && hex(id) && {
                let hash = match mac.strip_prefix('v').and_then(|rest| rest.split_once('.')) {
                    Some((key, hash)) if (1..=9).contains(&key.len()) && digits(key) => hash,
                    Some(_) => return None,
                    None => mac,
                };
                hash.len() == 64 && hex(hash)
            };
        if !well_formed {
            return None;
        }
        let link = NotMeLink {
            user_id,
            event_at: at.parse().ok()?,
            event_id: id.to_owned(),
        };
        Some((link, mac))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// The changes a link can also undo: each takes away a credential the
/// owner may need back.
pub fn undoable(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::TwoFactorDisabled
            | EventKind::PasswordChanged
            | EventKind::SecurityKeyRemoved
            | EventKind::TwoFactorAppChanged
    )
}

/// The credentials before a change: what an undo puts back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Before {
    /// The password's hash.
    pub password_hash: PasswordHash,
    /// The second factor (its app secret, keys and recovery codes).
    pub two_factor: TwoFactor,
}

/// A change that can be undone: its link, and the credentials before it,
/// sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoPoint {
    /// The link of the change's notice.
    pub link: NotMeLink,
    /// [`Before`], sealed for this account.
    pub before: Sealed,
}

/// The context the credentials before a change are sealed in.
pub fn before_context(user: &UserId) -> String {
    format!("{user}/undo")
}

#[cfg(test)]
mod tests {
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;
    use crate::{event::ClientInfo, sealing::SealingKey};

    fn event(rng: &mut StdRng) -> SecurityEvent {
        SecurityEvent::new(
            &UserId::generate(rng),
            1_796_601_900,
            7,
            EventKind::TwoFactorDisabled,
            &ClientInfo::default(),
            rng,
        )
    }

    #[test]
    fn a_ceremony_holder_names_one_link_of_one_account() {
        let mut rng = StdRng::seed_from_u64(3);
        let one = NotMeLink::for_event(&event(&mut rng));
        let other = NotMeLink::for_event(&event(&mut rng));
        assert_eq!(one.ceremony_holder(), one.clone().ceremony_holder());
        assert_ne!(one.ceremony_holder(), other.ceremony_holder());
        let moved = NotMeLink {
            user_id: other.user_id.clone(),
            ..one.clone()
        };
        assert_ne!(one.ceremony_holder(), moved.ceremony_holder());
    }

    #[test]
    fn a_signed_link_opens_until_its_notice_expires() {
        let mut rng = StdRng::seed_from_u64(1);
        let sealer = Sealer::new(&SealingKey::generate(&mut rng));
        let event = event(&mut rng);
        let link = NotMeLink::for_event(&event);
        let text = link.sign(&sealer);
        assert_eq!(NotMeLink::open(&text, &sealer, event.at), Ok(link.clone()));
        let last = link.expires_at() - 1;
        assert_eq!(NotMeLink::open(&text, &sealer, last), Ok(link.clone()));
        assert_eq!(
            NotMeLink::open(&text, &sealer, link.expires_at()),
            Err(LinkRefused::Expired)
        );
    }

    #[test]
    fn a_link_moved_to_another_account_or_event_or_time_is_refused() {
        let mut rng = StdRng::seed_from_u64(2);
        let sealer = Sealer::new(&SealingKey::generate(&mut rng));
        let event = event(&mut rng);
        let text = NotMeLink::for_event(&event).sign(&sealer);
        let mac = text.rsplit('-').next().unwrap();
        let other = UserId::generate(&mut rng);
        for forged in [
            format!("{other}-{}-{}-{mac}", event.at, event.id),
            format!("{}-{}-{}-{mac}", event.user_id, event.at + 1, event.id),
            format!("{}-{}-000000000aaaaaaaa-{mac}", event.user_id, event.at),
            text.replace(mac, &"0".repeat(64)),
            text[..text.len() - 1].to_owned(),
            "not-a-link".to_owned(),
            String::new(),
        ] {
            assert_eq!(
                NotMeLink::open(&forged, &sealer, event.at),
                Err(LinkRefused::Invalid),
                "{forged}"
            );
        }
        let stranger = Sealer::new(&SealingKey::generate(&mut rng));
        assert_eq!(
            NotMeLink::open(&text, &stranger, event.at),
            Err(LinkRefused::Invalid)
        );
    }

    #[test]
    fn what_takes_a_credential_away_can_be_undone_and_nothing_else() {
        assert!(undoable(EventKind::TwoFactorDisabled));
        assert!(undoable(EventKind::PasswordChanged));
        assert!(undoable(EventKind::SecurityKeyRemoved));
        assert!(undoable(EventKind::TwoFactorAppChanged));
        assert!(!undoable(EventKind::TwoFactorEnabled));
        assert!(!undoable(EventKind::TokenCreated));
        assert!(!undoable(EventKind::PasswordAccepted));
    }
}
