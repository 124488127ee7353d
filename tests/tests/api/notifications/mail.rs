//! Reading the mails the SMTP sink caught as their reader would: the
//! subject, the text once its transfer encoding is undone (lettre picks
//! 7bit, quoted-printable or base64 by content), the code in it, and
//! whether a secret shows anywhere in it, encoded or not.

use twofold_e2e::smtp_sink::{Mail, SmtpSink};

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

/// The text a mail program shows: every text part's body with its
/// transfer encoding undone, line ends as `\n`.
pub fn text(mail: &Mail) -> String {
    let content_type = mail.header("Content-Type").unwrap_or_default();
    if let Some(boundary) = boundary(&content_type) {
        let delimiter = format!("--{boundary}");
        return mail
            .body()
            .split(delimiter.as_str())
            .skip(1)
            .filter(|part| !part.starts_with("--"))
            .map(|part| {
                let part = Mail {
                    from: mail.from.clone(),
                    to: mail.to.clone(),
                    data: part.trim_start_matches("\r\n").to_owned(),
                };
                text(&part)
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    let body = mail.body();
    let decoded = match mail
        .header("Content-Transfer-Encoding")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "quoted-printable" => quoted_printable(body),
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            data_encoding::BASE64
                .decode(compact.as_bytes())
                .unwrap_or_else(|e| panic!("a base64 body that does not decode ({e}): {body}"))
        }
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8_lossy(&decoded).replace("\r\n", "\n")
}

/// The `boundary` parameter of a multipart Content-Type.
fn boundary(content_type: &str) -> Option<String> {
    if !content_type.to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    content_type.split(';').find_map(|parameter| {
        let (name, value) = parameter.trim().split_once('=')?;
        name.eq_ignore_ascii_case("boundary")
            .then(|| value.trim_matches('"').to_owned())
    })
}

/// Undoes quoted-printable (RFC 2045 6.7): soft line breaks and `=XX`.
fn quoted_printable(body: &str) -> Vec<u8> {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[at], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    out
}

/// The runs of digits in `text` (a six-digit code is one run of six; the
/// digits of a date or a message id are other runs).
pub fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .collect()
}

/// The six-digit code a confirmation mail holds: the one run of six
/// digits in its text.
pub fn mailed_code(mail: &Mail) -> String {
    let text = text(mail);
    let mut codes: Vec<&str> = digit_runs(&text)
        .into_iter()
        .filter(|run| run.len() == 6)
        .collect();
    codes.dedup();
    assert_eq!(codes.len(), 1, "one six-digit code in the mail: {text}");
    codes[0].to_owned()
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

#[test]
fn quoted_printable_joins_soft_breaks_and_decodes_escapes() {
    assert_eq!(
        quoted_printable("caf=C3=A9 au=\r\n lait =3D 2"),
        "café au lait = 2".as_bytes()
    );
}
