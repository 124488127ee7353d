//! The security log: what its entries count, how much they need a look,
//! its filter and export; its summary on the dashboard ("Since Your Last
//! Visit"); and the UTC reading beside every time shown.

use twofold_api::events::EventKind;

use super::counts::{count, days};
use crate::logic::away::Line;
use crate::logic::dates;
use crate::logic::security_log::{LogFilter, Severity};

/// An entry's count, where it has one: tokens deleted or sessions ended.
pub fn event_count(kind: EventKind, number: u32) -> String {
    match kind {
        EventKind::TokensDeleted => count(number.into(), "token", "tokens"),
        EventKind::SessionsSignedOut => count(number.into(), "session", "sessions"),
        _ => number.to_string(),
    }
}

/// Said before an entry's words, so that its severity is not in colour
/// alone.
pub fn severity_label(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Alert => Some("Alert: "),
        Severity::Warning => Some("Warning: "),
        Severity::Routine => None,
    }
}

/// A time's UTC reading, after the person's own time for screen readers:
/// ` (7 Dec 2026, 14:14 UTC)`.
pub fn in_utc(utc: &str) -> String {
    format!(" ({utc})")
}

/// The Security Log's introduction.
pub const LOG_EXPLAINED: &str = "Sign-ins, wrong passwords and codes, and every change to your \
     password, two-factor authentication and access tokens, newest first. Times are your own; \
     hover over one, or show the details, for UTC.";

/// The log's filter's label.
pub const LOG_FILTER: &str = "Show";

/// What a choice of the log's filter shows.
pub fn filter_label(filter: LogFilter) -> &'static str {
    match filter {
        LogFilter::All => "All entries",
        LogFilter::SignIns => "Sign-ins and sign-outs",
        LogFilter::Failures => "Wrong passwords, wrong codes and locks",
        LogFilter::TwoFactor => "Two-factor authentication",
        LogFilter::Password => "Password confirmations and changes, notice address",
        LogFilter::Tokens => "Access tokens",
        LogFilter::Operator => "Operator actions",
    }
}

/// The one control that shows every entry's details.
pub const SHOW_DETAILS: &str = "Show details (full browser strings, times in UTC)";

/// An entry's UTC time, among its details.
pub fn utc_detail(at: u64) -> String {
    format!("UTC: {}", dates::utc_date_time(at))
}

/// An entry whose security notice was mailed: when (the time of day alone
/// on the entry's own day), and the instant it names.
pub fn mailed_to_you(mailed_at: u64, event_at: u64) -> (String, Vec<u64>) {
    (
        format!("Mailed to you {}", dates::time_near(mailed_at, event_at)),
        vec![mailed_at],
    )
}

/// When an entry's notice was mailed, in UTC, among its details.
pub fn mailed_utc_detail(mailed_at: u64) -> String {
    format!("Mailed: {}", dates::utc_date_time(mailed_at))
}

/// An entry's full browser string, among its details.
pub fn browser_detail(user_agent: &str) -> String {
    format!("Browser: {user_agent}")
}

/// The log holds nothing (or nothing the filter shows).
pub fn log_empty(filter: LogFilter, more: bool) -> &'static str {
    match (filter, more) {
        (LogFilter::All, _) => "Nothing recorded yet.",
        (_, true) => {
            "None of these among the entries read so far: show older entries to look \
             further back."
        }
        (_, false) => "No entries of this kind.",
    }
}

/// The button that loads the next page.
pub const SHOW_OLDER: &str = "Show Older Entries";

/// The export buttons.
pub const EXPORT_CSV: &str = "Export CSV";

/// See [`EXPORT_CSV`].
pub const EXPORT_JSON: &str = "Export JSON";

/// What the export buttons save.
pub const EXPORT_EXPLAINED: &str =
    "Exports every entry the filter shows, older pages included, with times in UTC.";

/// The browser refused the export's download.
pub const LOG_DOWNLOAD_FAILED: &str = "The download did not start. Try again, or another browser.";

/// The dashboard's summary card's heading.
pub const AWAY_TITLE: &str = "Since Your Last Visit";

/// The summary's first line: since when.
pub fn away_since(since: Option<u64>) -> String {
    match since {
        Some(since) => format!("Since {}:", dates::date_time(since)),
        None => "Needs your attention:".into(),
    }
}

/// One line of the summary, and the instants it names.
pub fn away_line(line: &Line) -> (String, Vec<u64>) {
    match line {
        Line::Events {
            kind,
            count: 1,
            latest,
        } => (
            format!("{} · {}", kind.describe(), dates::date_time(*latest)),
            vec![*latest],
        ),
        Line::Events {
            kind,
            count: times,
            latest,
        } => (
            format!(
                "{} · {}, the latest {}",
                kind.describe(),
                count((*times).into(), "time", "times"),
                dates::date_time(*latest)
            ),
            vec![*latest],
        ),
        Line::TokenExpiring {
            description,
            expires_at,
            days_left,
        } => {
            let left = match days_left {
                1 => "less than a day".to_owned(),
                n => days(*n),
            };
            (
                format!(
                    "Access token “{description}” stops working on {} (in {left})",
                    dates::date_time(*expires_at)
                ),
                vec![*expires_at],
            )
        }
    }
}

/// The dashboard's link under the latest entries.
pub const SEE_THE_WHOLE_LOG: &str = "See the whole Security Log";

/// The summary's dismiss button.
pub const AWAY_DISMISS: &str = "Dismiss";

/// The dashboard's status line with 2FA on and the recovery codes saved.
pub const DASHBOARD_TWO_FACTOR_ON: &str = " Two-factor authentication protects your account.";

/// The dashboard's status line with 2FA on while the recovery codes were
/// never confirmed as saved.
pub const DASHBOARD_CODES_UNCONFIRMED: &str = " Two-factor authentication is on, but your \
     recovery codes were never confirmed as saved: without them a lost phone locks you out.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleted_tokens_and_ended_sessions_are_counted_in_words() {
        assert_eq!(event_count(EventKind::TokensDeleted, 1), "1 token");
        assert_eq!(event_count(EventKind::TokensDeleted, 4), "4 tokens");
        assert_eq!(event_count(EventKind::SessionsSignedOut, 2), "2 sessions");
        assert_eq!(event_count(EventKind::SignInFailed, 2), "2");
    }

    #[test]
    fn a_mailed_entry_says_when_it_was_mailed() {
        let at = 1_796_601_900; // 7 Dec 2026, 00:05 UTC
        assert_eq!(
            mailed_to_you(at + 60, at),
            ("Mailed to you 00:06 UTC".into(), vec![at + 60])
        );
        assert_eq!(
            mailed_to_you(at + 86_400, at),
            (
                "Mailed to you 8 Dec 2026, 00:05 UTC".into(),
                vec![at + 86_400]
            )
        );
        assert_eq!(mailed_utc_detail(at), "Mailed: 7 Dec 2026, 00:05 UTC");
    }

    #[test]
    fn the_summary_words_each_line_and_names_its_instant() {
        let at = 1_796_601_900; // 7 Dec 2026, 00:05 UTC
        assert_eq!(
            away_line(&Line::Events {
                kind: EventKind::SecondFactorFailed,
                count: 3,
                latest: at
            }),
            (
                "Wrong code from your authenticator app or wrong recovery code · 3 times, the \
                 latest 7 Dec 2026, 00:05 UTC"
                    .into(),
                vec![at]
            )
        );
        assert_eq!(
            away_line(&Line::Events {
                kind: EventKind::SignedInWithTotp,
                count: 1,
                latest: at
            })
            .0,
            "Signed in with a code from your authenticator app · 7 Dec 2026, 00:05 UTC"
        );
        assert_eq!(
            away_line(&Line::TokenExpiring {
                description: "backup".into(),
                expires_at: at,
                days_left: 1
            })
            .0,
            "Access token “backup” stops working on 7 Dec 2026, 00:05 UTC (in less than a day)"
        );
        assert_eq!(away_since(None), "Needs your attention:");
    }

    #[test]
    fn severity_is_said_in_words_and_routine_says_nothing() {
        assert_eq!(severity_label(Severity::Alert), Some("Alert: "));
        assert_eq!(severity_label(Severity::Warning), Some("Warning: "));
        assert_eq!(severity_label(Severity::Routine), None);
        assert_eq!(
            log_empty(LogFilter::Failures, true),
            "None of these among the entries read so far: show older entries to look further \
             back."
        );
    }
}
