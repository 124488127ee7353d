//! Security notices: which security-log events are mailed to the owner,
//! and the words of each mail. Pure: the time and the site's address come
//! in as parameters; no mail ever holds a secret (the event holds
//! none: a token's description, never its value; a key's name).
//!
//! Bursts are bounded by what is mailed: a wrong code is never mailed on
//! its own, only the lock it leads to (once per lock), and the right
//! password followed by no second factor (`passwordAccepted`) is kept once
//! per throttle window with a count, so a guesser sends a handful of mails,
//! not a hundred.

use serde::{Deserialize, Serialize};
use twofold_api::{events::EventKind, limits::RECOVERY_CODES_LOW};

use crate::{email::EmailAddress, event::SecurityEvent, ids::UserId, sealing::Sealed, SecureRng};

/// A notice to mail for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    /// What to do, in a sentence or two.
    pub advice: &'static str,
}

/// The notice `event` gets, or `None` when it is not mailed.
pub fn notice_for(event: &SecurityEvent) -> Option<Notice> {
    use EventKind::*;
    let end = |advice| Some(Notice { advice });
    let tell = end;
    match event.kind {
        TwoFactorEnabled => tell(
            "Keep your recovery codes somewhere safe, away from your phone.",
        ),
        TwoFactorDisabled => end(
            "Signing in now needs only your password. If this was not you, sign in, change your password and turn two-factor authentication on again, then sign out every other session in Settings > Account.",
        ),
        TwoFactorAppChanged => end(
            "Codes from your old authenticator app no longer work. If this was not you, sign in with a recovery code, set up your app again and change your password.",
        ),
        SecurityKeyAdded => end(
            "If you did not add this key, remove it in Settings > Account and change your password.",
        ),
        SecurityKeyRemoved => end(
            "If you did not remove this key, change your password and sign out every other session in Settings > Account.",
        ),
        SecurityKeyCloneSuspected => end(
            "A key answered as a copy of it would. Sign in another way and remove that key in Settings > Account.",
        ),
        RecoveryCodesViewed => end(
            "If you did not look at your recovery codes, someone may have them: generate new ones and change your password.",
        ),
        RecoveryCodesRegenerated => end(
            "Your old recovery codes no longer work. If this was not you, change your password and generate new codes.",
        ),
        SignedInWithRecoveryCode => {
            let low = event
                .recovery_codes_left
                .is_some_and(|left| left <= RECOVERY_CODES_LOW);
            end(if low {
                "That code cannot be used again, and few are left: generate new recovery codes in Settings > Account. If this was not you, change your password."
            } else {
                "That code cannot be used again. If this was not you, change your password and generate new recovery codes."
            })
        }
        PasswordChanged => end(
            "If you did not change your password, someone else has your account: sign in with your recovery codes or contact the operator of this dashboard.",
        ),
        TokenCreated | TokenRegenerated => end(
            "Access tokens let scripts use your account. If you did not make this one, delete it in Settings > Access Tokens and change your password.",
        ),
        SessionsSignedOut => tell(
            "Your other sessions were signed out. If this was not you, change your password.",
        ),
        PasswordAccepted => end(
            "Someone entered your correct password and was stopped at the second step. Change your password now.",
        ),
        SecondFactorLocked | TotpStopped => end(
            "Someone with your password is trying codes. Change your password now.",
        ),
        TwoFactorResetByOperator | UnlockedByOperator | SessionsRevokedByOperator => tell(
            "The operator of this dashboard made this change. If you did not ask for it, contact them.",
        ),
        _ => None,
    }
}

/// The notice the address replaced by ConfirmNotificationEmail gets (the
/// new address gets none: its owner just typed the code mailed to it).
pub fn notice_to_replaced_address() -> Notice {
    Notice {
        advice: "Security notices now go to another address. If you did not change it, sign in, set your address again in Settings > Account and change your password.",
    }
}

/// A mail's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailText {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// The mail for `event`'s `notice`, to the owner of `login`.
pub fn render(notice: &Notice, event: &SecurityEvent, login: &str, site: &str) -> MailText {
    let what = event.kind.describe();
    let mut body = format!("Hello {login},\n\n{what}");
    if let Some(description) = &event.description {
        body.push_str(&format!(": {description}"));
    }
    body.push_str(".\n\n");
    body.push_str(&format!("When: {}\n", utc(event.at)));
    if let Some(ip) = &event.client.ip {
        body.push_str(&format!("From: {ip}\n"));
    }
    if let Some(agent) = &event.client.user_agent {
        body.push_str(&format!("Browser: {agent}\n"));
    }
    if let Some(left) = event.recovery_codes_left {
        body.push_str(&format!("Recovery codes left: {left}\n"));
    }
    if let Some(count) = event.count.filter(|&count| count > 1) {
        body.push_str(&format!("Times: {count}\n"));
    }
    if let Some(operator) = &event.operator {
        body.push_str(&format!("By: {operator}\n"));
    }
    body.push_str(&format!("\n{}\n", notice.advice));
    body.push_str(&format!(
        "\nYour security log: {site}/#/settings/security-log\nThis notice is sent for every security change; it cannot be switched off.\n"
    ));
    MailText {
        subject: format!("Twofold: {what}"),
        body,
    }
}

/// `at` as `2026-12-07 14:05 UTC`.
fn utc(at: u64) -> String {
    let days = at / 86_400;
    let seconds = at % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        seconds / 3600,
        seconds % 3600 / 60
    )
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// A mail waiting in the outbox: written in the same transaction as the
/// change it tells of, taken by a deliverer, deleted once sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMail {
    /// Its key in the outbox, time-ordered (a notice's is its event's);
    /// also the message's idempotency reference (`Message-ID`).
    pub id: String,
    /// Whose.
    pub user_id: UserId,
    /// What to send.
    pub mail: Mail,
}

/// What an outbox item sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Mail {
    /// The notice of a security-log event, to the confirmed address (or
    /// `to`: the old address when it was replaced).
    Notice {
        /// The event.
        event: SecurityEvent,
        /// Another recipient than the confirmed address.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<EmailAddress>,
    },
    /// The code that confirms a new address, sealed.
    EmailCode {
        /// The new address.
        to: EmailAddress,
        /// The six digits, sealed for this account.
        code: Sealed,
    },
    /// SendTestNotice's test.
    Test {
        /// When it was asked for.
        at: u64,
    },
}

impl OutboxMail {
    /// The outbox item for `event`, when it is mailed.
    pub fn for_event(event: &SecurityEvent) -> Option<OutboxMail> {
        notice_for(event)?;
        Some(OutboxMail {
            id: format!("{:020}#{}", event.at, event.id),
            user_id: event.user_id.clone(),
            mail: Mail::Notice {
                event: event.clone(),
                to: None,
            },
        })
    }

    /// A mail of `user`'s made at `at` (`rng` makes its id unique).
    pub fn new(user: &UserId, at: u64, mail: Mail, rng: &mut impl SecureRng) -> OutboxMail {
        OutboxMail {
            id: format!("{at:020}#{:016x}", rng.next_u64()),
            user_id: user.clone(),
            mail,
        }
    }
}

/// The context an e-mail code is sealed in.
pub fn email_code_context(user: &UserId) -> String {
    format!("{user}/email-code-mail")
}

/// The mail that carries a new address's code: the one mail that holds a
/// secret, meant for that address alone.
pub fn render_email_code(login: &str, code: &str, site: &str) -> MailText {
    MailText {
        subject: "Twofold: confirm this address for security notices".to_owned(),
        body: format!(
            "Hello {login},\n\nTo send your security notices to this address, enter this code in Settings > Account:\n\n    {code}\n\nIt works for 15 minutes. If you did not ask for it, ignore this mail: nothing changes without the code.\n\n{site}\n"
        ),
    }
}

/// SendTestNotice's mail.
pub fn render_test(login: &str, at: u64, site: &str) -> MailText {
    MailText {
        subject: "Twofold: test notice".to_owned(),
        body: format!(
            "Hello {login},\n\nThis is the test notice you asked for at {}. Security notices for your account will reach you here.\n\n{site}\n",
            utc(at)
        ),
    }
}

#[cfg(test)]
mod tests {
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;
    use crate::event::ClientInfo;

    fn event(kind: EventKind) -> SecurityEvent {
        let mut rng = StdRng::seed_from_u64(5);
        let client = ClientInfo {
            ip: Some("203.0.113.9".into()),
            user_agent: Some("Firefox on Linux".into()),
        };
        SecurityEvent::new(
            &UserId::generate(&mut rng),
            1_796_601_900,
            7,
            kind,
            &client,
            &mut rng,
        )
    }

    #[test]
    fn changes_and_alarms_are_mailed_and_a_wrong_code_alone_is_not() {
        for kind in [
            EventKind::TwoFactorDisabled,
            EventKind::PasswordChanged,
            EventKind::TokenCreated,
            EventKind::PasswordAccepted,
            EventKind::SecondFactorLocked,
            EventKind::SecurityKeyAdded,
        ] {
            assert!(notice_for(&event(kind)).is_some(), "{kind:?}");
        }
        for kind in [
            EventKind::SecondFactorFailed,
            EventKind::SignInFailed,
            EventKind::SignedInWithTotp,
            EventKind::PasswordConfirmed,
        ] {
            assert_eq!(notice_for(&event(kind)), None, "{kind:?}");
        }
    }

    #[test]
    fn a_notice_says_what_when_and_from_where() {
        let event = event(EventKind::TwoFactorDisabled);
        let notice = notice_for(&event).unwrap();
        let mail = render(&notice, &event, "ada", "https://dash.example.com");
        assert_eq!(
            mail.subject,
            "Twofold: Two-factor authentication turned off; other sessions signed out"
        );
        assert!(
            mail.body.contains("When: 2026-12-07 00:05 UTC"),
            "{}",
            mail.body
        );
        assert!(mail.body.contains("From: 203.0.113.9"));
        assert!(mail.body.contains("Browser: Firefox on Linux"));
        assert!(mail
            .body
            .contains("https://dash.example.com/#/settings/security-log"));
    }

    #[test]
    fn few_recovery_codes_left_bring_the_advice_to_make_new_ones() {
        let used = event(EventKind::SignedInWithRecoveryCode).with_codes_left(2);
        let notice = notice_for(&used).unwrap();
        assert!(notice.advice.contains("generate new recovery codes"));
        let plenty = event(EventKind::SignedInWithRecoveryCode).with_codes_left(8);
        assert!(!notice_for(&plenty).unwrap().advice.contains("few are left"));
    }

    #[test]
    fn utc_dates_cross_leap_days_and_years() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_709_251_199), "2024-02-29 23:59 UTC");
    }
}
