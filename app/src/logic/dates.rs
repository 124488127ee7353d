//! Times from the API (seconds since the epoch) in words, in the person's
//! own time with its zone's name (`7 Dec 2026, 09:14 EST`), so that one
//! instant reads the same on every screen; UTC beside it for hover and
//! export; and the date picker's `2025-05-01` (UTC days: `logic/tokens.rs`
//! places them in the person's zone).
//!
//! The person's own time is the browser's ([`Local`]): for each instant,
//! the offset `Date.getTimezoneOffset` gives then (summer time included)
//! and the short zone name `Intl.DateTimeFormat` gives (`EST`, `CEST`, or
//! `GMT+2` where the browser's language has no name for it). Native builds
//! (the tests) have no browser: [`Local`] is UTC there, so the words the
//! tests expect are the same on every machine; the `*_in` functions take
//! any other [`Zone`].

/// Seconds in a day.
pub const DAY_SECS: u64 = 86_400;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A time zone as it stands at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneAt {
    /// Minutes local time is behind UTC (JavaScript's `getTimezoneOffset`:
    /// 300 in New York in winter, -120 in Berlin in summer).
    pub behind_utc_minutes: i64,
    /// Its short name: `EST`, `CEST`, `GMT+5:30`.
    pub name: String,
}

impl Default for ZoneAt {
    fn default() -> Self {
        ZoneAt::utc()
    }
}

impl ZoneAt {
    /// UTC itself.
    pub fn utc() -> ZoneAt {
        ZoneAt {
            behind_utc_minutes: 0,
            name: "UTC".into(),
        }
    }
}

/// A time zone: its offset and name at any instant.
pub trait Zone {
    /// The zone at `epoch_secs`.
    fn at(&self, epoch_secs: u64) -> ZoneAt;
}

/// A zone written as a function of the instant (tests' zones).
impl<F: Fn(u64) -> ZoneAt> Zone for F {
    fn at(&self, epoch_secs: u64) -> ZoneAt {
        self(epoch_secs)
    }
}

/// Coordinated Universal Time.
#[derive(Debug, Clone, Copy)]
pub struct Utc;

impl Zone for Utc {
    fn at(&self, _: u64) -> ZoneAt {
        ZoneAt::utc()
    }
}

/// The person's own zone: the browser's; UTC in native builds.
#[derive(Debug, Clone, Copy)]
pub struct Local;

impl Zone for Local {
    #[cfg(target_arch = "wasm32")]
    fn at(&self, epoch_secs: u64) -> ZoneAt {
        browser_zone::at(epoch_secs)
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn at(&self, _: u64) -> ZoneAt {
        ZoneAt::utc()
    }
}

/// `7 Dec 2026, 09:14 EST`: in the person's own time, with its zone.
pub fn date_time(epoch_secs: u64) -> String {
    date_time_in(epoch_secs, &Local)
}

/// `7 Dec 2026`: the day it is in the person's own time.
pub fn date(epoch_secs: u64) -> String {
    date_in(epoch_secs, &Local)
}

/// `7 Dec 2026, 14:14 UTC`: the same instant in UTC, for hover and
/// screen readers beside [`date_time`].
pub fn utc_date_time(epoch_secs: u64) -> String {
    date_time_in(epoch_secs, &Utc)
}

/// `2026-12-07T14:14:05Z`: the instant for machines (a `<time>`'s
/// `datetime`, exports).
pub fn rfc3339(epoch_secs: u64) -> String {
    let (year, month, day) = civil_date(epoch_secs / DAY_SECS);
    let secs = epoch_secs % DAY_SECS;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// [`date_time`] in `zone`.
pub fn date_time_in(epoch_secs: u64, zone: &impl Zone) -> String {
    let zone = zone.at(epoch_secs);
    let wall = wall_clock(epoch_secs, &zone);
    let secs_of_day = wall % DAY_SECS;
    format!(
        "{}, {:02}:{:02} {}",
        day_words(wall / DAY_SECS),
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        zone.name
    )
}

/// `14:05 EST`: the time of day alone where the day goes without saying
/// (the day `near` is, in the person's own time); else [`date_time`].
pub fn time_near(epoch_secs: u64, near: u64) -> String {
    time_near_in(epoch_secs, near, &Local)
}

/// [`time_near`] in `zone`.
pub fn time_near_in(epoch_secs: u64, near: u64, zone: &impl Zone) -> String {
    if date_in(epoch_secs, zone) == date_in(near, zone) {
        time_in(epoch_secs, zone)
    } else {
        date_time_in(epoch_secs, zone)
    }
}

/// `14:05 EST`: the time of day in `zone`, with its name.
fn time_in(epoch_secs: u64, zone: &impl Zone) -> String {
    let zone = zone.at(epoch_secs);
    let secs_of_day = wall_clock(epoch_secs, &zone) % DAY_SECS;
    format!(
        "{:02}:{:02} {}",
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        zone.name
    )
}

/// [`date`] in `zone`.
pub fn date_in(epoch_secs: u64, zone: &impl Zone) -> String {
    day_words(wall_clock(epoch_secs, &zone.at(epoch_secs)) / DAY_SECS)
}

/// `2026-12-07`: the day it is at `epoch_secs` in `zone`.
pub fn iso_date_in(epoch_secs: u64, zone: &impl Zone) -> String {
    iso_date(wall_clock(epoch_secs, &zone.at(epoch_secs)))
}

/// The seconds a clock on the wall in `zone` shows, counted as if they
/// were UTC: the day and time of day read off it are the local ones.
fn wall_clock(epoch_secs: u64, zone: &ZoneAt) -> u64 {
    epoch_secs.saturating_add_signed(zone.behind_utc_minutes.saturating_mul(-60))
}

fn day_words(days: u64) -> String {
    let (year, month, day) = civil_date(days);
    format!("{day} {} {year}", month_name(month))
}
/// `2025-05-01`: the form of a date picker's value, `min` and `max`.
pub fn iso_date(epoch_secs: u64) -> String {
    let (year, month, day) = civil_date(epoch_secs / DAY_SECS);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The first second (00:00 UTC) of the day a date picker's value names
/// (`2025-05-01`); `None` for anything else, or a day before 1970.
pub fn parse_iso_date(text: &str) -> Option<u64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u64 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let day: u32 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    days_from_civil(year, month, day).map(|days| days * DAY_SECS)
}

fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a calendar date, by Howard Hinnant's
/// `days_from_civil`; `None` before 1970.
fn days_from_civil(year: u64, month: u32, day: u32) -> Option<u64> {
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year / 400;
    let year_of_era = year % 400;
    let month = u64::from(month);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + u64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}

fn month_name(month: u32) -> &'static str {
    MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// Year, month (1-12) and day (1-31) of a day count since 1970-01-01, by
/// Howard Hinnant's `civil_from_days` (proleptic Gregorian calendar).
fn civil_date(days: u64) -> (u64, u32, u32) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction.
    (year, month as u32, day as u32)
}

/// The UTC offset as a zone's name, where the browser gives none:
/// `UTC`, `UTC-5`, `UTC+5:30`.
pub fn offset_name(behind_utc_minutes: i64) -> String {
    let ahead = -behind_utc_minutes;
    let sign = if ahead < 0 { '-' } else { '+' };
    match (ahead.abs() / 60, ahead.abs() % 60) {
        (0, 0) => "UTC".into(),
        (hours, 0) => format!("UTC{sign}{hours}"),
        (hours, minutes) => format!("UTC{sign}{hours}:{minutes:02}"),
    }
}

/// The offset as SetNotificationEmail takes it (`+01:00`, `-05:30`), for
/// mails to give their times in the person's zone too; `None` for an
/// offset that is not whole quarter hours within 14 hours.
pub fn wire_offset(behind_utc_minutes: i64) -> Option<String> {
    let ahead = -behind_utc_minutes;
    if ahead.abs() > 14 * 60 + 45 || ahead % 15 != 0 {
        return None;
    }
    let sign = if ahead < 0 { '-' } else { '+' };
    Some(format!(
        "{sign}{:02}:{:02}",
        ahead.abs() / 60,
        ahead.abs() % 60
    ))
}

/// A sentence cut where it names instants: see [`pieces_in`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words between instants.
    Words(String),
    /// An instant, as the sentence words it.
    Instant {
        /// When, in seconds since the epoch.
        at: u64,
        /// Its words in the sentence.
        words: String,
    },
}

/// `text` cut where it names each of `instants` in turn, as [`date_time_in`],
/// [`date_in`] or [`time_near_in`] word them in `zone`, so that a sentence worded whole can
/// show its instants as `<time>` elements. An instant the rest of the text
/// does not name is left in the words.
pub fn pieces_in(text: &str, instants: &[u64], zone: &impl Zone) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = text;
    for &at in instants {
        let found = [date_time_in(at, zone), date_in(at, zone), time_in(at, zone)]
            .into_iter()
            .find_map(|words| rest.find(&words).map(|start| (start, words)));
        if let Some((start, words)) = found {
            if start > 0 {
                pieces.push(Piece::Words(rest[..start].to_owned()));
            }
            rest = &rest[start + words.len()..];
            pieces.push(Piece::Instant { at, words });
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Words(rest.to_owned()));
    }
    pieces
}

/// The browser's zone: `getTimezoneOffset` and `Intl.DateTimeFormat`'s
/// short zone name at each instant.
#[cfg(target_arch = "wasm32")]
mod browser_zone {
    use js_sys::{Array, Date, Intl::DateTimeFormat, Object, Reflect};
    use wasm_bindgen::JsValue;

    use super::{offset_name, ZoneAt};

    thread_local! {
        /// One formatter, made once: the browser's language, and only the
        /// zone's name asked of it.
        static NAMES: DateTimeFormat = {
            let options = Object::new();
            let _ = Reflect::set(&options, &"timeZoneName".into(), &"short".into());
            DateTimeFormat::new(&Array::new(), &options)
        };
    }

    pub fn at(epoch_secs: u64) -> ZoneAt {
        let date = Date::new(&JsValue::from_f64(epoch_secs as f64 * 1000.0));
        // Whole minutes in every zone in use since 1972.
        let behind = date.get_timezone_offset().round() as i64;
        let name = NAMES
            .with(|names| name_at(names, &date))
            .unwrap_or_else(|| offset_name(behind));
        ZoneAt {
            behind_utc_minutes: behind,
            name,
        }
    }

    fn name_at(names: &DateTimeFormat, date: &Date) -> Option<String> {
        names.format_to_parts(date).iter().find_map(|part| {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            if kind != "timeZoneName" {
                return None;
            }
            Reflect::get(&part, &"value".into()).ok()?.as_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// New York: UTC-5 (EST), UTC-4 (EDT) from the second Sunday of March
    /// to the first Sunday of November; here for 2026 only.
    fn new_york(at: u64) -> ZoneAt {
        // 8 Mar 2026, 07:00 UTC to 1 Nov 2026, 06:00 UTC.
        let summer = (1_772_953_200..1_793_512_800).contains(&at);
        ZoneAt {
            behind_utc_minutes: if summer { 240 } else { 300 },
            name: if summer { "EDT" } else { "EST" }.into(),
        }
    }

    /// 7 Dec 2026, 00:05 UTC: just after midnight in UTC, still the 6th
    /// in New York.
    const AFTER_MIDNIGHT: u64 = 1_796_601_900;

    #[test]
    fn the_epoch_is_the_first_of_january_1970() {
        assert_eq!(date_time(0), "1 Jan 1970, 00:00 UTC");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn known_instants_read_as_their_calendar_date() {
        assert_eq!(date_time(1_700_000_000), "14 Nov 2023, 22:13 UTC");
        assert_eq!(date_time(951_782_400), "29 Feb 2000, 00:00 UTC");
        assert_eq!(date(1_746_057_600), "1 May 2025");
        assert_eq!(date(4_102_444_799), "31 Dec 2099");
        assert_eq!(rfc3339(1_700_000_005), "2023-11-14T22:13:25Z");
    }

    #[test]
    fn native_builds_read_the_persons_time_as_utc() {
        assert_eq!(date_time(AFTER_MIDNIGHT), utc_date_time(AFTER_MIDNIGHT));
        assert_eq!(utc_date_time(AFTER_MIDNIGHT), "7 Dec 2026, 00:05 UTC");
    }

    #[test]
    fn an_instant_after_midnight_utc_is_the_day_before_in_new_york() {
        assert_eq!(
            date_time_in(AFTER_MIDNIGHT, &new_york),
            "6 Dec 2026, 19:05 EST"
        );
        assert_eq!(date_in(AFTER_MIDNIGHT, &new_york), "6 Dec 2026");
        assert_eq!(iso_date_in(AFTER_MIDNIGHT, &new_york), "2026-12-06");
        assert_eq!(iso_date_in(AFTER_MIDNIGHT, &Utc), "2026-12-07");
    }

    #[test]
    fn each_instant_takes_the_offset_and_name_of_its_own_season() {
        // 1 Jul 2026, 12:00 UTC: summer time.
        assert_eq!(
            date_time_in(1_782_907_200, &new_york),
            "1 Jul 2026, 08:00 EDT"
        );
        let berlin = |_| ZoneAt {
            behind_utc_minutes: -120,
            name: "CEST".into(),
        };
        assert_eq!(
            date_time_in(1_782_907_200, &berlin),
            "1 Jul 2026, 14:00 CEST"
        );
    }

    #[test]
    fn an_offset_without_a_name_is_named_by_the_offset() {
        assert_eq!(super::wire_offset(-60).as_deref(), Some("+01:00"));
        assert_eq!(super::wire_offset(330).as_deref(), Some("-05:30"));
        assert_eq!(super::wire_offset(0).as_deref(), Some("+00:00"));
        assert_eq!(super::wire_offset(-7).as_deref(), None);
        assert_eq!(super::wire_offset(-900).as_deref(), None);
        assert_eq!(offset_name(0), "UTC");
        assert_eq!(offset_name(300), "UTC-5");
        assert_eq!(offset_name(-120), "UTC+2");
        assert_eq!(offset_name(-330), "UTC+5:30");
        assert_eq!(offset_name(210), "UTC-3:30");
    }

    #[test]
    fn a_sentence_is_cut_where_it_names_its_instants() {
        let later = AFTER_MIDNIGHT + 3600;
        let text = format!(
            "Signed in {} · last seen {}",
            date_time_in(AFTER_MIDNIGHT, &new_york),
            date_time_in(later, &new_york)
        );
        assert_eq!(
            pieces_in(&text, &[AFTER_MIDNIGHT, later], &new_york),
            [
                Piece::Words("Signed in ".into()),
                Piece::Instant {
                    at: AFTER_MIDNIGHT,
                    words: "6 Dec 2026, 19:05 EST".into()
                },
                Piece::Words(" · last seen ".into()),
                Piece::Instant {
                    at: later,
                    words: "6 Dec 2026, 20:05 EST".into()
                },
            ]
        );
    }

    #[test]
    fn the_same_instant_twice_a_day_alone_and_an_absent_instant_are_cut_right() {
        let at = AFTER_MIDNIGHT;
        let twice = "7 Dec 2026, 00:05 UTC to 7 Dec 2026, 00:05 UTC.";
        assert_eq!(
            pieces_in(twice, &[at, at], &Utc),
            [
                Piece::Instant {
                    at,
                    words: "7 Dec 2026, 00:05 UTC".into()
                },
                Piece::Words(" to ".into()),
                Piece::Instant {
                    at,
                    words: "7 Dec 2026, 00:05 UTC".into()
                },
                Piece::Words(".".into()),
            ]
        );
        assert_eq!(
            pieces_in("Keep (7 Dec 2026)", &[at], &Utc),
            [
                Piece::Words("Keep (".into()),
                Piece::Instant {
                    at,
                    words: "7 Dec 2026".into()
                },
                Piece::Words(")".into()),
            ]
        );
        assert_eq!(
            pieces_in("Never", &[at], &Utc),
            [Piece::Words("Never".into())]
        );
    }

    #[test]
    fn a_time_on_the_day_it_is_near_reads_as_the_time_of_day_alone() {
        let later = AFTER_MIDNIGHT + 3 * 3600;
        assert_eq!(time_near_in(later, AFTER_MIDNIGHT, &Utc), "03:05 UTC");
        // 22:05 EST on the 6th, a day after 19:05 EST on the 5th.
        assert_eq!(
            time_near_in(later, AFTER_MIDNIGHT - DAY_SECS, &new_york),
            "6 Dec 2026, 22:05 EST"
        );
        assert_eq!(
            pieces_in("Mailed to you 03:05 UTC", &[later], &Utc),
            [
                Piece::Words("Mailed to you ".into()),
                Piece::Instant {
                    at: later,
                    words: "03:05 UTC".into()
                },
            ]
        );
    }

    #[test]
    fn a_date_pickers_value_reads_as_the_start_of_that_day_in_utc() {
        assert_eq!(parse_iso_date("1970-01-01"), Some(0));
        assert_eq!(parse_iso_date("2025-05-01"), Some(1_746_057_600));
        assert_eq!(parse_iso_date("2000-02-29"), Some(951_782_400));
        assert_eq!(iso_date(1_746_057_600 + 3600), "2025-05-01");
        assert_eq!(iso_date(0), "1970-01-01");
    }

    #[test]
    fn dates_that_do_not_exist_or_are_not_dates_read_as_none() {
        for text in [
            "",
            "2025-5-1",
            "2025-13-01",
            "2025-00-10",
            "2025-02-29",
            "2100-02-29",
            "1969-12-31",
            "2025-04-31",
            "tomorrow",
            "2025-05-01T00:00",
        ] {
            assert_eq!(parse_iso_date(text), None, "{text:?}");
        }
        assert!(parse_iso_date("2024-02-29").is_some());
    }

    #[test]
    fn every_day_reads_back_as_itself() {
        for day in (0..80_000u64).step_by(7) {
            let secs = day * DAY_SECS;
            assert_eq!(
                parse_iso_date(&iso_date(secs)),
                Some(secs),
                "{}",
                iso_date(secs)
            );
        }
    }
}
