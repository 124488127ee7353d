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
use twofold_api::{
    events::EventKind,
    instant::civil_from_days,
    limits::{NOT_ME_LINK_SECONDS, RECOVERY_CODES_LOW},
};

use crate::{
    email::EmailAddress, event::SecurityEvent, ids::UserId, not_me::undoable, sealing::Sealed,
    utc_offset::UtcOffset, SecureRng,
};

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
        SignedInFromNewBrowser => end(
            "If this was you, there is nothing to do. If not, someone has your password (and your second factor, if it is on): use the link below, then change your password.",
        ),
        SecondFactorLocked | TotpStopped => end(
            "Someone with your password is trying codes. Change your password now.",
        ),
        ReportedNotMe => end(
            "Every session and access token of your account ended. Sign in again and change your password; if you cannot sign in, contact the operator of this dashboard.",
        ),
        ChangeUndone => end(
            "Your password and two-factor authentication are as they were before that change, and every session and access token ended. Sign in and change your password: whoever made the change knew it.",
        ),
        TwoFactorResetByOperator | UnlockedByOperator | SessionsRevokedByOperator => tell(
            "The operator of this dashboard made this change. If you did not ask for it, contact them.",
        ),
        _ => None,
    }
}

/// True for the kinds whose window's notice is followed by a digest at
/// the window's end, when they happened again after it: the right password
/// held at the second step, a new browser's sign-in.
pub fn digested(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::PasswordAccepted | EventKind::SignedInFromNewBrowser
    )
}

/// True for the kinds whose notice goes once per throttle window however
/// often they happen in it (each stays in the log): a sign-in from a new
/// browser, which a script signing in with a password is every time.
pub fn once_per_window(kind: EventKind) -> bool {
    kind == EventKind::SignedInFromNewBrowser
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

/// The mail for `event`'s `notice`, to the owner of `login`, with the
/// notice's signed "This wasn't me" `link` ([`crate::not_me::NotMeLink`]).
pub fn render(
    notice: &Notice,
    event: &SecurityEvent,
    login: &str,
    site: &str,
    link: &str,
    offset: Option<UtcOffset>,
) -> MailText {
    let what = event.kind.describe();
    let mut body = format!("Hello {login},\n\n{what}");
    if let Some(description) = &event.description {
        body.push_str(&format!(": {description}"));
    }
    body.push_str(".\n\n");
    body.push_str(&format!("When: {}\n", when(event.at, offset)));
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
    let expires = utc(event.at.saturating_add(NOT_ME_LINK_SECONDS));
    body.push_str(&format!(
        "\nThis wasn't you? Sign out every session and delete every access token at once{}:\n{site}/not-me#{link}\nThe link works once, until {expires}.\n",
        if undoable(event.kind) {
            ", and put your account back as it was, with a code you had before the change"
        } else {
            ""
        }
    ));
    body.push_str(&format!(
        "\nYour security log: {site}/settings/log\nThis notice is sent for every security change; it cannot be switched off.\n"
    ));
    MailText {
        subject: format!("Twofold: {what}"),
        body,
    }
}

/// `at` in UTC, and on the owner's wall clock when its offset is known:
/// `2026-12-07 14:05 UTC (2026-12-07 15:05 UTC+01:00)`.
fn when(at: u64, offset: Option<UtcOffset>) -> String {
    match offset {
        Some(offset) => format!("{} ({} {offset})", utc(at), minutes(offset.shift(at))),
        None => utc(at),
    }
}

/// `at` as `2026-12-07 14:05 UTC`.
fn utc(at: u64) -> String {
    format!("{} UTC", minutes(at))
}

/// `at` (seconds since the epoch, shifted by an offset if any) as
/// `2026-12-07 14:05`.
fn minutes(at: u64) -> String {
    let (year, month, day) = civil_from_days(at / 86_400);
    let seconds = at % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60
    )
}

/// A mail waiting in the outbox: written in the same transaction as the
/// change it tells of, taken by a deliverer, deleted once sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMail {
    /// Its key in the outbox, ordered by when it is due (a notice's is its
    /// event's); also the message's idempotency reference (`Message-ID`).
    pub id: String,
    /// Not sent before this time (a token's expiry notice); 0: at once.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub due_at: u64,
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
    /// What one window collapsed: how often an event whose notice goes
    /// once per window happened in it, when more than once. Due at the
    /// window's end.
    Digest {
        /// The event's kind.
        kind: EventKind,
        /// The window's start, in seconds since the epoch.
        from: u64,
        /// Its end.
        to: u64,
    },
    /// A personal access token's expiry: soon (7 days ahead) or now. Sent
    /// only while the token still has this expiry.
    TokenExpiry {
        /// The token's id.
        id: u32,
        /// Its description (never its value).
        description: String,
        /// When it expires.
        expires_at: u64,
        /// True for "has expired", false for "expires in 7 days".
        expired: bool,
    },
}

impl OutboxMail {
    /// The outbox item for `event`, when it is mailed.
    pub fn for_event(event: &SecurityEvent) -> Option<OutboxMail> {
        notice_for(event)?;
        Some(OutboxMail {
            id: format!("{:020}#{}", event.at, event.id),
            due_at: 0,
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
            due_at: 0,
            user_id: user.clone(),
            mail,
        }
    }

    /// The digest of `kind` for the window `from`..`to`: one per account,
    /// kind and window (its id says which), due at the window's end.
    pub fn digest(user: &UserId, kind: EventKind, from: u64, to: u64) -> OutboxMail {
        OutboxMail {
            id: format!("{to:020}#digest.{}.{from}", kind.name()),
            due_at: to,
            user_id: user.clone(),
            mail: Mail::Digest { kind, from, to },
        }
    }

    /// A mail of `user`'s not sent before `due_at` (its id sorts there).
    pub fn scheduled(
        user: &UserId,
        due_at: u64,
        mail: Mail,
        rng: &mut impl SecureRng,
    ) -> OutboxMail {
        OutboxMail {
            due_at,
            ..OutboxMail::new(user, due_at, mail, rng)
        }
    }

    /// The expiry notices of a token made or given expiry `expires_at` at
    /// `now`: "expires in 7 days" when that is still ahead, and "has
    /// expired", each due then.
    pub fn token_expiry(
        user: &UserId,
        id: u32,
        description: &str,
        expires_at: u64,
        now: u64,
        rng: &mut impl SecureRng,
    ) -> Vec<OutboxMail> {
        let soon = expires_at.saturating_sub(TOKEN_EXPIRY_WARNING_SECONDS);
        let mail = |expired| Mail::TokenExpiry {
            id,
            description: description.to_owned(),
            expires_at,
            expired,
        };
        let mut mails = Vec::new();
        if soon > now {
            mails.push(OutboxMail::scheduled(user, soon, mail(false), rng));
        }
        mails.push(OutboxMail::scheduled(user, expires_at, mail(true), rng));
        mails
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

/// How long before a token expires its owner is told.
pub const TOKEN_EXPIRY_WARNING_SECONDS: u64 = 7 * 24 * 3600;

fn is_zero(value: &u64) -> bool {
    *value == 0
}

/// A window's digest: `kind` happened `times` times from `from` to `to`.
pub fn render_digest(
    login: &str,
    kind: EventKind,
    times: u64,
    from: u64,
    to: u64,
    site: &str,
) -> MailText {
    let what = kind.describe();
    let advice = match kind {
        EventKind::PasswordAccepted => "Whoever did it has your password. Change it now, and keep two-factor authentication on.",
        _ => "If these were not you or your scripts, someone has your password: change it and sign out every other session in Settings > Account.",
    };
    MailText {
        subject: format!(
            "Twofold: {what} ({times} times in {} minutes)",
            to.saturating_sub(from) / 60
        ),
        body: format!(
            "Hello {login},\n\nWe told you of the first one at the time. In all, between {} and {}:\n\n    {what}: {times} times\n\n{advice}\n\nYour security log: {site}/settings/log\n",
            utc(from),
            utc(to)
        ),
    }
}

/// A token's expiry notice: it expires in 7 days, or has expired.
pub fn render_token_expiry(
    login: &str,
    description: &str,
    expires_at: u64,
    expired: bool,
    site: &str,
) -> MailText {
    let when = utc(expires_at);
    let (subject, what, advice) = if expired {
        (
            format!("Twofold: access token \"{description}\" has expired"),
            format!("Your access token \"{description}\" expired at {when}: scripts using it are refused from now on."),
            "If a script still needs it, regenerate it with a new expiry in Settings > Access Tokens; otherwise delete it.",
        )
    } else {
        (
            format!("Twofold: access token \"{description}\" expires in 7 days"),
            format!("Your access token \"{description}\" expires at {when}."),
            "If a script still needs it, regenerate it with a later expiry in Settings > Access Tokens before then. If you do not know this token, delete it and change your password.",
        )
    };
    MailText {
        subject,
        body: format!(
            "Hello {login},\n\n{what}\n\n{advice}\n\nYour access tokens: {site}/settings/tokens\n"
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
        let offset = UtcOffset::parse("-05:30").ok();
        let mail = render(
            &notice,
            &event,
            "ada",
            "https://dash.example.com",
            "LINK",
            offset,
        );
        assert_eq!(
            mail.subject,
            "Twofold: Two-factor authentication turned off; other sessions signed out"
        );
        assert!(
            mail.body
                .contains("When: 2026-12-07 00:05 UTC (2026-12-06 18:35 UTC-05:30)"),
            "{}",
            mail.body
        );
        assert!(mail.body.contains("From: 203.0.113.9"));
        assert!(mail.body.contains("Browser: Firefox on Linux"));
        assert!(mail.body.contains("https://dash.example.com/settings/log"));
        assert!(mail
            .body
            .contains("https://dash.example.com/not-me#LINK\nThe link works once, until 2026-12-10 00:05 UTC."));
        assert!(mail.body.contains("put your account back"));
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
