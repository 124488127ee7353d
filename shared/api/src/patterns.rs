//! The shapes of the parameters, as regular expressions: the OpenAPI
//! description declares them, and tests hold the server's parsers to them
//! (shared/auth/tests/patterns.rs), so that the description accepts exactly
//! what the server accepts.
//!
//! They keep to what ECMA-262, Python's `re` and Rust's fancy-regex read
//! alike: `^...$` anchors, explicit classes (never `\s`, `\d` or `\w`,
//! whose meaning differs between them), `\uXXXX` escapes, `(?:...)`,
//! bounded repeats and lookaheads.

use crate::{limits::*, Method};

/// The characters Rust's `str::trim` and `char::is_whitespace` take for
/// white space (Unicode's `White_Space`), as the body of a class.
pub const WHITE_SPACE: &str =
    r"\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// The letters and digits of recovery codes, either case, as the body of a
/// class: digits 2 to 9 and letters without `i l o u`.
const RECOVERY_ALPHABET: &str = "2-9a-hjkmnp-tv-zA-HJKMNP-TV-Z";

/// Any run of white space.
fn space() -> String {
    format!("[{WHITE_SPACE}]*")
}

/// `body` alone, white space around it allowed.
fn padded(body: &str) -> String {
    let space = space();
    format!("^{space}{body}{space}$")
}

/// Nothing but white space (a step-up `code` sent empty counts as not
/// sent).
pub fn blank() -> String {
    format!("^{}$", space())
}

/// `*`: every item.
pub fn star() -> String {
    padded(r"\*")
}

/// A login as typed: 3 to 64 of `A-Z a-z 0-9 . _ - @ +` (upper case is
/// read as lower case), white space around it dropped.
pub fn login() -> String {
    padded(&format!(
        "[A-Za-z0-9._@+-]{{{MIN_LOGIN_CHARS},{MAX_LOGIN_CHARS}}}"
    ))
}

/// Six digits with any spaces and dashes among them (`123 456`).
fn totp_body() -> String {
    let gap = format!("[{WHITE_SPACE}-]*");
    format!("{gap}(?:[0-9]{gap}){{{TOTP_DIGITS}}}")
}

/// Ten characters of the recovery alphabet, any case, with any spaces and
/// dashes among them (`abcde-23456`).
fn recovery_body() -> String {
    let gap = format!("[{WHITE_SPACE}-]*");
    format!("{gap}(?:[{RECOVERY_ALPHABET}]{gap}){{{RECOVERY_CODE_CHARS}}}")
}

/// The characters of an e-mail address's local part (RFC 5322's
/// `atext` and dots), as the body of a class.
pub const EMAIL_LOCAL: &str = r"A-Za-z0-9.!#$%&'*+/=?^_`{|}~-";

/// An e-mail address for notices: at most 254 characters, a local part of
/// 1 to 64 of [`EMAIL_LOCAL`], `@`, then dot-separated labels of letters,
/// digits and inner hyphens (1 to 63 each) ending in a top-level domain
/// of 2 to 63 letters; white space around it dropped.
pub fn email() -> String {
    let label = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    padded(&format!(
        "(?=[^{WHITE_SPACE}]{{1,{MAX_EMAIL_CHARS}}}[{WHITE_SPACE}]*$)\
         [{EMAIL_LOCAL}]{{1,{MAX_EMAIL_LOCAL_CHARS}}}@(?:{label}\\.)+[A-Za-z]{{2,63}}"
    ))
}

/// The link of a security notice: the account, the event's time and id,
/// and the signature (a keyed hash, named by its key when not the first).
pub fn not_me_link() -> String {
    "^[0-9a-f]{32}-[0-9]{1,19}-[0-9a-f]{17}-(?:v[0-9]{1,9}\\.)?[0-9a-f]{64}$".to_owned()
}

/// An offset from UTC: `+HH:MM` or `-HH:MM`, whole quarter hours, hours
/// 00 to 14.
pub fn utc_offset() -> String {
    "^[+-](?:0[0-9]|1[0-4]):(?:00|15|30|45)$".to_owned()
}

/// A code from the authenticator app (also [`MAX_CODE_CHARS`] at most).
pub fn totp_code() -> String {
    format!("^{}$", totp_body())
}

/// A code from the app or a recovery code (also [`MAX_CODE_CHARS`] at
/// most).
pub fn second_factor_code() -> String {
    format!("^(?:{}|{})$", totp_body(), recovery_body())
}

/// A token description: after the white space around it is dropped, 1 to
/// 100 characters and no control characters.
pub fn description() -> String {
    name(MAX_DESCRIPTION_CHARS)
}

/// A security key's name: as a description, 1 to 64 characters.
pub fn key_name() -> String {
    name(MAX_KEY_NAME_CHARS)
}

/// A name people give (a description, a key's name): after the white
/// space around it is dropped, 1 to `max` characters and no control
/// characters.
fn name(max: usize) -> String {
    let controls = r"\u0000-\u001F\u007F-\u009F";
    // Neither white space nor a control character: what a trimmed name
    // begins and ends with.
    let visible = r"[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";
    let inner = max - 2;
    padded(&format!(
        "{visible}(?:[^{controls}]{{0,{inner}}}{visible})?"
    ))
}

/// A ceremony's handle: 32 lower-case hex digits.
pub fn ceremony() -> String {
    padded("[0-9a-f]{32}")
}

/// The names of this API's methods, as an alternation.
fn own_methods() -> String {
    let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
    format!("(?:{})", names.join("|"))
}

/// A method of the platform's other services (`env.control.CreateEnvironment`):
/// at most 128 characters, two or more lower-case segments and a method
/// name, never in this API's namespaces nor ending in one of its method
/// names. Ends where the name's characters end, so that it fits in lists.
fn platform_method() -> String {
    let name_char = "[A-Za-z0-9.]";
    format!(
        "(?={name_char}{{1,{MAX_METHOD_NAME_CHARS}}}(?!{name_char}))\
         (?!users\\.(?:authentication|account)\\.)\
         (?:[a-z][a-z0-9]*\\.){{2,}}\
         (?!{}(?![A-Za-z0-9]))[A-Z][A-Za-z0-9]*",
        own_methods()
    )
}

/// A method Authorize asks about: this API's or another service's.
pub fn method_name() -> String {
    format!("^(?:{}|{})$", own_methods(), platform_method())
}

/// A method a token may name: GetAccount, GetEvents, Authorize or another
/// service's.
fn token_method() -> String {
    let callable: Vec<&str> = Method::ALL
        .iter()
        .filter(|m| m.token_may_call())
        .map(|m| m.name())
        .collect();
    format!("(?:{}|{})", callable.join("|"), platform_method())
}

/// One entry of an `apiList` array.
pub fn token_method_entry() -> String {
    padded(&token_method())
}

/// Items separated by `,` or `;`, white space and empty items around them
/// ignored: at least `min` (0 or 1) and at most `max` items, if bounded.
fn separated(item: &str, min: usize, max: Option<usize>) -> String {
    let gap = format!("[{WHITE_SPACE},;]*");
    let separator = format!("[{WHITE_SPACE}]*[,;]{gap}");
    let more = match max {
        Some(max) => format!("{{0,{}}}", max.saturating_sub(1)),
        None => "*".to_owned(),
    };
    let items = format!("{item}(?:{separator}{item}){more}");
    if min == 0 {
        format!("^{gap}(?:{items}{gap})?$")
    } else {
        format!("^{gap}{items}{gap}$")
    }
}

/// An `apiList` as one string: 1 to 200 method names separated by `,` or
/// `;`.
pub fn token_method_list() -> String {
    separated(&token_method(), 1, Some(MAX_API_LIST))
}

/// A whole number from 0 (1 when `from_one`) to `max`, as decimal digits
/// without leading zeros.
fn numbers_up_to(max: u64, from_one: bool) -> String {
    let text = max.to_string();
    let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
    let count = digits.len();
    let class = |low: u8, high: u8| {
        if low == high {
            low.to_string()
        } else {
            format!("[{low}-{high}]")
        }
    };
    let any = |n: usize| match n {
        0 => String::new(),
        1 => "[0-9]".to_owned(),
        n => format!("[0-9]{{{n}}}"),
    };
    let lowest = u8::from(from_one);
    let mut alternatives = Vec::new();
    // Fewer digits than `max`.
    if count > 1 {
        alternatives.push(class(lowest, 9));
    }
    if count > 2 {
        alternatives.push(format!("[1-9][0-9]{{1,{}}}", count - 2));
    }
    // As many digits: equal to `max` up to a place, lower there.
    for (place, &digit) in digits.iter().enumerate() {
        let low = if place > 0 {
            0
        } else if count > 1 {
            1
        } else {
            lowest
        };
        if digit > low {
            let prefix = text.get(..place).unwrap_or_default();
            let rest = any(count - place - 1);
            alternatives.push(format!("{prefix}{}{rest}", class(low, digit - 1)));
        }
    }
    if max >= u64::from(lowest) {
        alternatives.push(text);
    }
    format!("(?:{})", alternatives.join("|"))
}

/// A whole number in a form field (or a JSON string): decimal digits, any
/// leading zeros and white space around them, from 0 (1 when `from_one`)
/// to `max`.
pub fn whole_number(max: u64, from_one: bool) -> String {
    padded(&format!("0*{}", numbers_up_to(max, from_one)))
}

/// A token id.
fn token_id() -> String {
    format!("0*{}", numbers_up_to(u64::from(u32::MAX), false))
}

/// Token ids as one string, separated by `,` or `;`: at least one unless
/// `may_be_empty`.
pub fn token_id_list(may_be_empty: bool) -> String {
    separated(&token_id(), usize::from(!may_be_empty), None)
}

/// A session's id.
fn session_id_body() -> String {
    format!("[0-9a-f]{{{SESSION_ID_CHARS}}}")
}

/// One entry of an array of session ids.
pub fn session_id() -> String {
    padded(&session_id_body())
}

/// Session ids as one string: 1 to 50, separated by `,` or `;`.
pub fn session_id_list() -> String {
    separated(&session_id_body(), 1, Some(MAX_SESSION_IDS))
}

/// A security-log event kind, as GetEvents' filter names it.
fn event_kind() -> String {
    let names: Vec<&str> = crate::events::EventKind::ALL
        .iter()
        .map(|kind| kind.name())
        .collect();
    format!("(?:{})", names.join("|"))
}

/// One entry of an array of event kinds.
pub fn event_kind_entry() -> String {
    padded(&event_kind())
}

/// Event kinds as one string, separated by `,` or `;`: at least one.
pub fn event_kind_list() -> String {
    separated(&event_kind(), 1, None)
}

/// GetEvents' `after`: a `next` value of an earlier page.
pub fn event_cursor() -> String {
    "^EVENT#[A-Za-z0-9#]*$".to_owned()
}

/// A year from 1970 to 9999.
const YEAR: &str = "(?:19[7-9][0-9]|[2-9][0-9]{3})";
/// A leap year from 1970 to 9999.
const LEAP_YEAR: &str =
    "(?:19(?:7[26]|8[048]|9[26])|[2-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[3579][26])00)";
/// A month and a day that exist in every year.
const MONTH_DAY: &str = "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)";
/// A time of day with its offset from UTC (RFC 3339's `time`).
const TIME: &str = "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])";

/// An instant as a date (`2027-03-01`, midnight UTC) or an RFC 3339 date
/// and time (`2027-03-01T12:00:00Z`, `2027-03-01T14:00:00+02:00`), from
/// 1970 to 9999.
fn date_time() -> String {
    format!("(?:{YEAR}-{MONTH_DAY}|{LEAP_YEAR}-02-29)(?:{TIME})?")
}

/// `expiresAt` as a string: seconds since the epoch, or a date.
pub fn instant() -> String {
    padded(&format!(
        "(?:0*{}|{})",
        numbers_up_to(MAX_WHOLE_NUMBER, false),
        date_time()
    ))
}

/// A date or an RFC 3339 date and time alone, without white space.
pub fn date_time_alone() -> String {
    format!("^{}$", date_time())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_up_to_a_maximum_spell_every_value_from_zero_or_one() {
        assert_eq!(numbers_up_to(100, true), "(?:[1-9]|[1-9][0-9]{1,1}|100)");
        assert_eq!(numbers_up_to(7, false), "(?:[0-6]|7)");
        assert_eq!(numbers_up_to(0, false), "(?:0)");
        assert_eq!(numbers_up_to(35, false), "(?:[0-9]|[1-2][0-9]|3[0-4]|35)");
    }
}
