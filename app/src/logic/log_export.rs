//! The Security Log as a file, as GitHub's security log offers it: CSV
//! for a spreadsheet, JSON as the API gives it.
//!
//! CSV cells are quoted as RFC 4180 asks, and a cell that a spreadsheet
//! would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return
//! first) starts with `'`: browser strings and token descriptions come from
//! whoever signed in or named the token, and must not run in the owner's
//! spreadsheet (OWASP's "CSV injection").

use twofold_api::events::Event;

use crate::logic::dates;

/// The two formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values.
    Csv,
    /// The API's own JSON.
    Json,
}

impl ExportFormat {
    /// The file's extension.
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// The CSV's first line.
const CSV_HEADER: [&str; 11] = [
    "time_utc",
    "kind",
    "what",
    "ip",
    "user_agent",
    "token",
    "count",
    "recovery_codes_left",
    "operator",
    "epoch_seconds",
    "mailed_utc",
];

/// `events` in `format`.
pub fn export(events: &[Event], format: ExportFormat) -> String {
    match format {
        ExportFormat::Csv => csv(events),
        // A list of plain structs always serialises.
        ExportFormat::Json => serde_json::to_string_pretty(events).unwrap_or_default() + "\n",
    }
}

/// `twofold-security-log-ada-2026-12-07.csv`: whose log, and the day it
/// was saved (`day` as `2026-12-07`).
pub fn file_name(login: &str, day: &str, format: ExportFormat) -> String {
    format!("twofold-security-log-{login}-{day}.{}", format.extension())
}

fn csv(events: &[Event]) -> String {
    let mut text = csv_line(CSV_HEADER.map(str::to_owned));
    for event in events {
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        text.push_str(&csv_line([
            dates::rfc3339(event.at),
            event.kind.name().to_owned(),
            event.kind.describe().to_owned(),
            event.ip.clone().unwrap_or_default(),
            event.user_agent.clone().unwrap_or_default(),
            event.description.clone().unwrap_or_default(),
            number(event.count),
            number(event.recovery_codes_left),
            event.operator.clone().unwrap_or_default(),
            event.at.to_string(),
            event.mailed_at.map(dates::rfc3339).unwrap_or_default(),
        ]));
    }
    text
}

fn csv_line<const N: usize>(cells: [String; N]) -> String {
    let cells: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
    cells.join(",") + "\r\n"
}

fn csv_cell(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use twofold_api::events::EventKind;

    use super::*;

    fn event(kind: EventKind, user_agent: Option<&str>) -> Event {
        Event {
            at: 1_796_601_900, // 7 Dec 2026, 00:05 UTC
            kind,
            ip: Some("203.0.113.9".into()),
            user_agent: user_agent.map(str::to_owned),
            recovery_codes_left: None,
            description: None,
            count: None,
            operator: None,
            mailed_at: None,
        }
    }

    #[test]
    fn a_csv_has_a_header_and_one_line_per_entry_in_utc() {
        let text = export(
            &[event(EventKind::SecondFactorFailed, Some("curl/8.5"))],
            ExportFormat::Csv,
        );
        assert_eq!(
            text,
            "time_utc,kind,what,ip,user_agent,token,count,recovery_codes_left,operator,\
             epoch_seconds,mailed_utc\r\n\
             2026-12-07T00:05:00Z,secondFactorFailed,Wrong code from your authenticator app or \
             wrong recovery code,\
             203.0.113.9,curl/8.5,,,,,1796601900,\r\n"
        );
    }

    #[test]
    fn a_mailed_entry_says_when_in_the_csvs_last_column() {
        let mailed = Event {
            mailed_at: Some(1_796_601_960),
            ..event(EventKind::SessionsSignedOut, None)
        };
        let text = export(&[mailed], ExportFormat::Csv);
        assert!(
            text.ends_with(",1796601900,2026-12-07T00:06:00Z\r\n"),
            "{text}"
        );
    }

    #[test]
    fn cells_with_commas_quotes_or_lines_are_quoted_and_formulas_are_defused() {
        assert_eq!(
            csv_cell("Mozilla/5.0 (X11, Linux)"),
            "\"Mozilla/5.0 (X11, Linux)\""
        );
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for formula in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(csv_cell(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn the_json_is_the_apis_own_and_reads_back_the_same() {
        let events = vec![event(EventKind::SignedInWithTotp, None)];
        let text = export(&events, ExportFormat::Json);
        assert!(text.contains("\"kind\": \"signedInWithTotp\""), "{text}");
        let back: Vec<Event> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, events);
    }

    #[test]
    fn the_file_is_named_after_the_login_and_the_day() {
        assert_eq!(
            file_name("ada", "2026-12-07", ExportFormat::Json),
            "twofold-security-log-ada-2026-12-07.json"
        );
    }
}
