//! Reading the mails the SMTP sink caught as their reader would: the
//! subject, the text once its transfer encoding is undone (lettre picks
//! 7bit, quoted-printable or base64 by content), the code in it, and
//! whether a secret shows anywhere in it, encoded or not.

use twofold_e2e::smtp_sink::{Mail, SmtpSink};

pub use twofold_e2e::mail_text::{digit_runs, mailed_code, text};

/// The mails `sink` has for `address`, oldest first.
pub fn mails_to(sink: &SmtpSink, address: &str) -> Vec<Mail> {
    sink.mails()
        .into_iter()
        .filter(|mail| mail.to.iter().any(|to| to == address))
        .collect()
}

/// Waits for mail number `index` (from 0) to `address`, and returns it.
pub async fn nth_mail_to(sink: &SmtpSink, address: &str, index: usize) -> Mail {
    let what = format!("mail #{} to {address}", index + 1);
    let mails = sink
        .wait_for(&what, |mails| {
            mails
                .iter()
                .filter(|mail| mail.to.iter().any(|to| to == address))
                .count()
                > index
        })
        .await;
    mails
        .into_iter()
        .filter(|mail| mail.to.iter().any(|to| to == address))
        .nth(index)
        .unwrap_or_else(|| panic!("{what} is there"))
}

/// The subject line (unfolded).
pub fn subject(mail: &Mail) -> String {
    mail.header("Subject").unwrap_or_default()
}

/// The subjects of `mails`, in order.
pub fn subjects(mails: &[Mail]) -> Vec<String> {
    mails.iter().map(subject).collect()
}

/// A secret used in a test, and how it would show in a mail.
#[derive(Debug, Clone)]
pub enum Secret {
    /// Text (a password, a session, a token, a recovery code, a TOTP
    /// key): found as a substring, ignoring case and the separators a
    /// recovery code may be written with.
    Text(String),
    /// A numeric code: found as a whole run of digits (six digits inside
    /// a timestamp are not a code).
    Digits(String),
}

/// Where in `mail`, raw or decoded, `secret` shows: `None` when nowhere.
pub fn leak(mail: &Mail, secret: &Secret) -> Option<&'static str> {
    if shows(&mail.data, secret) {
        Some("the raw message")
    } else if shows(&text(mail), secret) {
        Some("its text")
    } else {
        None
    }
}

/// Whether `secret` shows in `haystack`.
fn shows(haystack: &str, secret: &Secret) -> bool {
    let compact = |text: &str| -> String {
        text.to_lowercase()
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .collect()
    };
    match secret {
        Secret::Digits(code) => digit_runs(haystack).contains(&code.as_str()),
        Secret::Text(value) => {
            haystack.to_lowercase().contains(&value.to_lowercase())
                || compact(haystack).contains(&compact(value))
        }
    }
}

/// `at` as the notices write it: `2026-12-07 14:05 UTC` (counted here
/// year by year and month by month, not by the server's formula).
pub fn utc(at: u64) -> String {
    let leap = |year: u64| {
        (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
    };
    let mut days = at / 86_400;
    let mut year = 1970;
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let february = if leap(year) { 29 } else { 28 };
    let mut month = 1;
    for length in [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
        if days < length {
            break;
        }
        days -= length;
        month += 1;
    }
    let seconds = at % 86_400;
    format!(
        "{year:04}-{month:02}-{:02} {:02}:{:02} UTC",
        days + 1,
        seconds / 3600,
        seconds % 3600 / 60
    )
}

#[test]
fn utc_counts_leap_years_and_month_ends() {
    assert_eq!(utc(0), "1970-01-01 00:00 UTC");
    // 2024-02-29 23:59:59 and the next second.
    assert_eq!(utc(1_709_251_199), "2024-02-29 23:59 UTC");
    assert_eq!(utc(1_709_251_200), "2024-03-01 00:00 UTC");
    assert_eq!(utc(1_735_689_540), "2024-12-31 23:59 UTC");
}
