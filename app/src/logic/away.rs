//! "Since your last visit" on the dashboard: what happened while the
//! person was away, from the security log and the tokens, until they
//! dismiss it.
//!
//! Away means since the last visit, or since the last dismissal in this
//! browser, whichever is later. The last visit is the start of the
//! session this browser showed the dashboard in before this one
//! ([`Visits`], kept in local storage). A browser that remembers none
//! takes the sign-in before this session's own from the log
//! ([`previous_sign_in`]). The browser's memory comes first because a
//! sign-in by someone else is not the owner's visit: it would otherwise
//! hide what came before it, the very thing to report.
//!
//! Times are the server's (the log's, the session's), never the browser's
//! clock, which may differ.

use twofold_api::events::{Event, EventKind};
use twofold_api::tokens::AccessToken;

use crate::logic::token_expiry::{self, Expiry};

use EventKind::*;

/// The kinds that mark a visit: a session beginning.
const SIGN_INS: [EventKind; 4] = [
    SignedUp,
    SignedInWithPassword,
    SignedInWithTotp,
    SignedInWithRecoveryCode,
];

/// What the card reports, in the order it lists them: locks and wrong
/// codes and passwords first, then sign-ins, then changes.
const REPORTED: [EventKind; 15] = [
    SecondFactorLocked,
    TotpStopped,
    SecondFactorFailed,
    TwoFactorSetupCodeFailed,
    SignInFailed,
    PasswordConfirmationFailed,
    SignedInWithRecoveryCode,
    SignedInWithTotp,
    SignedInWithPassword,
    PasswordChanged,
    TwoFactorDisabled,
    TwoFactorResetByOperator,
    TwoFactorEnabled,
    TwoFactorAppChanged,
    RecoveryCodesRegenerated,
];

/// The kinds to ask GetEvents for: those reported, and the sign-ins.
pub fn kinds_to_read() -> Vec<EventKind> {
    let mut kinds = REPORTED.to_vec();
    kinds.extend(SIGN_INS.iter().filter(|kind| !REPORTED.contains(kind)));
    kinds
}

/// What this browser remembers of an account's visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visits {
    /// When the session this browser last showed the dashboard in began.
    pub session_start: u64,
    /// When the session it showed before that began: the last visit.
    pub previous: Option<u64>,
    /// Up to when the owner has seen the summary (dismissed it).
    pub dismissed: Option<u64>,
}

impl Visits {
    /// The record as stored: `1796601900 1796500000 -`.
    pub fn parse(text: &str) -> Option<Visits> {
        let mut parts = text.split_whitespace();
        let session_start = parts.next()?.parse().ok()?;
        let mut optional = || match parts.next()? {
            "-" => Some(None),
            number => number.parse().ok().map(Some),
        };
        let previous = optional()?;
        let dismissed = optional()?;
        Some(Visits {
            session_start,
            previous,
            dismissed,
        })
    }

    /// The record to store.
    pub fn to_text(&self) -> String {
        let optional = |n: Option<u64>| n.map_or("-".to_owned(), |n| n.to_string());
        format!(
            "{} {} {}",
            self.session_start,
            optional(self.previous),
            optional(self.dismissed)
        )
    }

    /// The record once the dashboard shows in the session that began at
    /// `session_start`: the session remembered before becomes the last
    /// visit. `None` when the browser remembers nothing (then the log
    /// decides the last visit, see [`previous_sign_in`]).
    pub fn entering(stored: Option<Visits>, session_start: u64) -> Option<Visits> {
        let stored = stored?;
        Some(if stored.session_start < session_start {
            Visits {
                session_start,
                previous: Some(stored.session_start),
                dismissed: stored.dismissed,
            }
        } else {
            stored
        })
    }

    /// Since when the person was away: the later of the last visit and
    /// the last dismissal; `None` when neither is known.
    pub fn since(&self) -> Option<u64> {
        self.previous.max(self.dismissed)
    }

    /// True when `event` came while the person was away: after the last
    /// dismissal, and after the last visit's sign-in. The log counts in
    /// whole seconds, so what shares that sign-in's second counts too,
    /// except sign-ins (the visit's own).
    fn away_at(&self, event: &Event) -> bool {
        let after_visit = self.previous.map(|previous| {
            event.at > previous || (event.at == previous && !SIGN_INS.contains(&event.kind))
        });
        let after_dismissal = self.dismissed.map(|dismissed| event.at > dismissed);
        match (after_visit, after_dismissal) {
            (None, None) => false,
            (visit, dismissal) => visit.unwrap_or(true) && dismissal.unwrap_or(true),
        }
    }
}

/// The start of the sign-in before the session that began at
/// `session_start` (whose own sign-in is the newest at or before it), from
/// `events` newest first; `None` when the log holds no earlier one.
pub fn previous_sign_in(events: &[Event], session_start: u64) -> Option<u64> {
    events
        .iter()
        .filter(|event| SIGN_INS.contains(&event.kind) && event.at <= session_start)
        .nth(1)
        .map(|event| event.at)
}

/// True when `events` (newest first, as far as read) reach back far
/// enough: to before `since` when it is known, else past the sign-in
/// before this session's own.
pub fn read_enough(events: &[Event], session_start: u64, since: Option<u64>) -> bool {
    match since {
        Some(since) => events.last().is_some_and(|oldest| oldest.at < since),
        None => previous_sign_in(events, session_start).is_some(),
    }
}

/// One line of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Entries of one kind: how many, and the latest.
    Events {
        /// Their kind.
        kind: EventKind,
        /// How many times it happened.
        count: u32,
        /// When it last happened.
        latest: u64,
    },
    /// A token that stops working within days.
    TokenExpiring {
        /// Its description.
        description: String,
        /// When it stops working.
        expires_at: u64,
        /// Whole days left, rounded up.
        days_left: u64,
    },
}

/// What to report to the session that began at `session_start`, at `now`
/// (the server's time): the reported entries of `events` (newest first)
/// since the person was away, leaving out this session's own sign-in, and
/// the `tokens` that stop working soon and did not yet when the summary
/// was last dismissed. Empty: nothing to show.
pub fn summary(
    events: &[Event],
    session_start: u64,
    visits: &Visits,
    tokens: &[AccessToken],
    now: u64,
) -> Vec<Line> {
    let own = events
        .iter()
        .find(|event| SIGN_INS.contains(&event.kind) && event.at <= session_start);
    let mut lines = Vec::new();
    for kind in REPORTED {
        let mut of_kind = events.iter().filter(|event| {
            event.kind == kind
                && visits.away_at(event)
                && !own.is_some_and(|own| std::ptr::eq(own, *event))
        });
        if let Some(latest) = of_kind.next() {
            let count = 1 + of_kind.map(|_| 1).sum::<u32>();
            lines.push(Line::Events {
                kind,
                count,
                latest: latest.at,
            });
        }
    }
    for token in tokens {
        let expiry = |at| token_expiry::expiry(token.created_at, token.expires_at, at);
        let Expiry::Soon { days_left } = expiry(now) else {
            continue;
        };
        let seen = visits
            .dismissed
            .is_some_and(|dismissed| expiry(dismissed) != Expiry::Later);
        if !seen {
            lines.push(Line::TokenExpiring {
                description: token.description.clone(),
                expires_at: token.expires_at,
                days_left,
            });
        }
    }
    lines
}

/// Up to when a dismissal at `now` has seen the summary: `now`, or the
/// latest entry shown when the log is ahead of it.
pub fn dismissed_at(lines: &[Line], now: u64) -> u64 {
    lines
        .iter()
        .filter_map(|line| match line {
            Line::Events { latest, .. } => Some(*latest),
            Line::TokenExpiring { .. } => None,
        })
        .fold(now, u64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::dates::DAY_SECS;

    const T: u64 = 1_796_601_900;

    fn at(kind: EventKind, at: u64) -> Event {
        Event {
            at,
            kind,
            ip: None,
            user_agent: None,
            recovery_codes_left: None,
            description: None,
            count: None,
            operator: None,
            mailed_at: None,
        }
    }

    fn token(description: &str, created_at: u64, expires_at: u64) -> AccessToken {
        AccessToken {
            id: 1,
            key: None,
            description: description.into(),
            created_at,
            created_ip: None,
            expires_at,
            api_list: vec!["GetAccount".into()],
            last_used: None,
            last_used_ip: None,
        }
    }

    /// Sign-in in this browser at T, a wrong code and a sign-in from
    /// elsewhere, this browser's sign-in again at T + 300 (newest first).
    fn log() -> Vec<Event> {
        vec![
            at(SignedInWithTotp, T + 300),
            at(SignedInWithRecoveryCode, T + 200),
            at(SecondFactorFailed, T + 100),
            at(SecondFactorFailed, T + 90),
            at(SignedInWithTotp, T),
            at(TwoFactorEnabled, T - 50),
            at(SignedUp, T - 100),
        ]
    }

    #[test]
    fn what_happened_since_the_last_visit_is_listed_without_this_sessions_own_sign_in() {
        let visits = Visits::entering(
            Some(Visits {
                session_start: T,
                previous: None,
                dismissed: None,
            }),
            T + 300,
        )
        .unwrap();
        assert_eq!(visits.previous, Some(T));
        assert_eq!(
            summary(&log(), T + 300, &visits, &[], T + 310),
            [
                Line::Events {
                    kind: SecondFactorFailed,
                    count: 2,
                    latest: T + 100
                },
                Line::Events {
                    kind: SignedInWithRecoveryCode,
                    count: 1,
                    latest: T + 200
                },
            ]
        );
    }

    #[test]
    fn a_browser_that_remembers_nothing_takes_the_sign_in_before_this_sessions_own() {
        assert_eq!(previous_sign_in(&log(), T + 300), Some(T + 200));
        assert_eq!(previous_sign_in(&log(), T), Some(T - 100));
        assert_eq!(previous_sign_in(&log()[6..], T - 100), None);
        assert!(read_enough(&log()[..2], T + 300, None));
        assert!(!read_enough(&log()[..1], T + 300, None));
        assert!(read_enough(&log()[..6], T + 300, Some(T)));
        assert!(!read_enough(&log()[..5], T + 300, Some(T)));
        assert_eq!(Visits::entering(None, T), None);
    }

    #[test]
    fn a_dismissal_hides_what_came_before_it_and_nothing_known_shows_nothing() {
        let visits = Visits {
            session_start: T + 300,
            previous: Some(T),
            dismissed: Some(T + 150),
        };
        assert_eq!(visits.since(), Some(T + 150));
        assert_eq!(
            summary(&log(), T + 300, &visits, &[], T + 310),
            [Line::Events {
                kind: SignedInWithRecoveryCode,
                count: 1,
                latest: T + 200
            }]
        );
        let first_visit = Visits {
            session_start: T - 100,
            previous: None,
            dismissed: None,
        };
        assert_eq!(summary(&log(), T - 100, &first_visit, &[], T), []);
    }

    #[test]
    fn a_token_expiring_within_seven_days_shows_until_dismissed_while_it_was() {
        let made = T - 80 * DAY_SECS;
        let soon = token("backup", made, T + 3 * DAY_SECS);
        let later = token("deploy", made, T + 30 * DAY_SECS);
        let mut visits = Visits {
            session_start: T,
            previous: None,
            dismissed: None,
        };
        let lines = summary(&[], T, &visits, &[soon.clone(), later], T);
        assert_eq!(
            lines,
            [Line::TokenExpiring {
                description: "backup".into(),
                expires_at: T + 3 * DAY_SECS,
                days_left: 3
            }]
        );
        // Dismissed while it was expiring soon: gone for good.
        visits.dismissed = Some(dismissed_at(&lines, T));
        assert_eq!(
            summary(&[], T, &visits, std::slice::from_ref(&soon), T + DAY_SECS),
            []
        );
        // Dismissed before it came near: it shows.
        visits.dismissed = Some(T - 10 * DAY_SECS);
        assert_eq!(summary(&[], T, &visits, &[soon], T).len(), 1);
    }

    #[test]
    fn what_shares_the_last_visits_second_is_reported_but_not_its_sign_in() {
        // Signed up, 2FA on and signed in again within one second.
        let events = [
            at(SignedInWithTotp, T + 1),
            at(TwoFactorEnabled, T),
            at(SignedInWithPassword, T),
            at(SignedUp, T),
        ];
        let previous = previous_sign_in(&events, T + 1);
        assert_eq!(previous, Some(T));
        let visits = Visits {
            session_start: T + 1,
            previous,
            dismissed: None,
        };
        assert_eq!(
            summary(&events, T + 1, &visits, &[], T + 1),
            [Line::Events {
                kind: TwoFactorEnabled,
                count: 1,
                latest: T
            }]
        );
    }

    #[test]
    fn the_record_reads_back_as_written_and_nonsense_reads_as_none() {
        let visits = Visits {
            session_start: T,
            previous: None,
            dismissed: Some(T + 5),
        };
        assert_eq!(visits.to_text(), format!("{T} - {}", T + 5));
        assert_eq!(Visits::parse(&visits.to_text()), Some(visits));
        assert_eq!(Visits::parse("nonsense"), None);
        assert_eq!(Visits::parse("12 x -"), None);
    }

    #[test]
    fn a_dismissal_covers_the_latest_line_when_the_log_is_ahead_of_now() {
        let lines = [Line::Events {
            kind: SignInFailed,
            count: 1,
            latest: T + 60,
        }];
        assert_eq!(dismissed_at(&lines, T), T + 60);
        assert_eq!(dismissed_at(&lines, T + 120), T + 120);
        assert!(kinds_to_read().contains(&SignedUp));
    }
}
