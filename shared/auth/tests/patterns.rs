//! The OpenAPI description's patterns (twofold_api::patterns) accept
//! exactly what the server's parsers accept: for each parameter, strings
//! near its shape and far from it are read by both, and both must agree.
//! A pattern wider than its parser would have the fuzzer's valid requests
//! refused; a narrower one, its invalid requests accepted.

// Test helpers outside #[test] functions may fail loudly.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

use fancy_regex::Regex;
use proptest::prelude::*;
use twofold_api::{
    instant,
    limits::{MAX_CODE_CHARS, MAX_EVENTS_PER_PAGE, MAX_KEY_NAME_CHARS, MAX_WHOLE_NUMBER},
    lists::KindList,
    number, patterns,
    tokens::{MethodList, Selection},
};
use twofold_auth::{
    access_token::{self, ApiList, MethodName},
    account::SecondFactorInput,
    email::EmailAddress,
    not_me::NotMeLink,
    utc_offset::UtcOffset,
    CeremonyId, Login, Session, TotpCode,
};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the pattern compiles")
}

fn matches(regex: &Regex, text: &str) -> bool {
    regex.is_match(text).expect("the pattern runs")
}

/// Characters that sit on the edges of the shapes: white space of every
/// kind, separators, digits, letters of both cases and outside ASCII,
/// control characters.
const EDGES: &[char] = &[
    ' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{85}', '\u{a0}', '\u{1680}', '\u{2000}',
    '\u{200a}', '\u{200b}', '\u{2028}', '\u{202f}', '\u{3000}', '\u{feff}', '\0', '\u{7f}',
    '\u{9f}', '-', '_', '.', '@', '+', ',', ';', '*', '#', ':', 'T', 'Z', '0', '1', '2', '5', '9',
    'a', 'b', 'e', 'f', 'g', 'i', 'l', 'o', 'u', 'z', 'A', 'E', 'G', 'I', 'M', 'é', 'Ａ', '٥',
];

/// Strings from the edge characters and from any character.
fn texts(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(EDGES), 1 => any::<char>()],
        0..max,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// `inner` with white space, dashes or separators around and among it.
fn decorated(inner: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (texts(3), inner, texts(3)).prop_map(|(before, inner, after)| format!("{before}{inner}{after}"))
}

#[test]
fn white_space_is_what_rust_trims() {
    let class = regex(&format!("^[{}]$", patterns::WHITE_SPACE));
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        assert_eq!(
            matches(&class, &c.to_string()),
            c.is_whitespace(),
            "U+{:04X}",
            u32::from(c)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn logins(text in prop_oneof![
        texts(70),
        decorated("[A-Za-z0-9._@+-]{1,66}"),
    ]) {
        prop_assert_eq!(matches(&regex(&patterns::login()), &text), Login::parse(&text).is_ok());
    }

    #[test]
    fn codes_from_the_app(text in prop_oneof![
        texts(70),
        decorated("[0-9 -]{4,8}"),
        "[0-9 \\-\u{3000}]{6,80}",
    ]) {
        let pattern = matches(&regex(&patterns::totp_code()), &text)
            && text.chars().count() <= MAX_CODE_CHARS;
        prop_assert_eq!(pattern, TotpCode::parse(&text).is_ok());
    }

    #[test]
    fn codes_from_the_app_or_recovery_codes(text in prop_oneof![
        texts(70),
        decorated("[0-9a-zA-Z -]{4,14}"),
        "[2-9a-zA-Z \\-\u{2028}]{10,80}",
    ]) {
        let pattern = matches(&regex(&patterns::second_factor_code()), &text)
            && text.chars().count() <= MAX_CODE_CHARS;
        prop_assert_eq!(pattern, SecondFactorInput::parse(&text).is_ok());
    }

    #[test]
    fn blank_codes_are_white_space_alone(text in texts(8)) {
        prop_assert_eq!(matches(&regex(&patterns::blank()), &text), text.trim().is_empty());
    }

    #[test]
    fn token_descriptions(text in prop_oneof![
        texts(110),
        decorated("[a-z ]{95,104}"),
        decorated(".{0,3}"),
    ]) {
        prop_assert_eq!(
            matches(&regex(&patterns::description()), &text),
            access_token::parse_description(&text).is_ok()
        );
    }

    #[test]
    fn security_key_names(text in prop_oneof![
        texts(70),
        decorated("[a-z ]{60,68}"),
        decorated(".{0,3}"),
    ]) {
        prop_assert_eq!(
            matches(&regex(&patterns::key_name()), &text),
            access_token::parse_name(&text, MAX_KEY_NAME_CHARS).is_some()
        );
    }

    #[test]
    fn notification_addresses(text in prop_oneof![
        texts(12),
        decorated("[a-zA-Z0-9.+_'-]{0,5}@{0,2}[a-zA-Z0-9-]{0,6}(\\.[a-zA-Z0-9-]{0,4}){0,3}"),
        decorated("[a-z]{60,68}@ex\\.com"),
        decorated("[a-z]{10}@([a-z]{60}\\.){3}[a-z]{5,70}"),
        decorated("[a-z]@[a-z]{1,3}\\.[a-z0-9]{1,3}"),
    ]) {
        prop_assert_eq!(
            matches(&regex(&patterns::email()), &text),
            EmailAddress::parse(&text).is_ok()
        );
    }

    #[test]
    fn not_me_links(text in prop_oneof![
        texts(12),
        decorated("[0-9a-f]{31,33}-[0-9]{0,21}-[0-9a-fA-F]{16,18}-(v[0-9]{0,10}[.]?)?[0-9a-f]{63,65}"),
        decorated("[0-9a-f]{32}-[0-9]{1,19}-[0-9a-f]{17}-(v[0-9]{1,9}[.])?[0-9a-f]{64}"),
    ]) {
        prop_assert_eq!(
            matches(&regex(&patterns::not_me_link()), &text),
            NotMeLink::parse(&text).is_some()
        );
    }

    #[test]
    fn utc_offsets(text in prop_oneof![
        texts(8),
        decorated("[+-]?[0-9]{1,3}:?[0-9]{0,3}"),
        decorated("[+-](0[0-9]|1[0-5]):(00|15|30|45|60)"),
    ]) {
        prop_assert_eq!(
            matches(&regex(&patterns::utc_offset()), &text),
            UtcOffset::parse(&text).is_ok()
        );
    }

    #[test]
    fn ceremony_handles(text in decorated("[0-9a-fA-F]{31,33}")) {
        prop_assert_eq!(
            matches(&regex(&patterns::ceremony()), &text),
            CeremonyId::try_from(text.trim().to_owned()).is_ok()
        );
    }

    #[test]
    fn method_names(text in names()) {
        prop_assert_eq!(
            matches(&regex(&patterns::method_name()), &text),
            MethodName::classify(&text).is_some()
        );
    }

    #[test]
    fn api_list_entries(text in decorated(names())) {
        let list: MethodList = serde_json::from_value(serde_json::json!([text])).unwrap();
        prop_assert_eq!(
            matches(&regex(&patterns::token_method_entry()), &text),
            ApiList::parse(&list.0).is_ok()
        );
    }

    #[test]
    fn api_lists_in_one_string(names in prop::collection::vec(decorated(names()), 0..4)) {
        let text = names.join(";");
        let list: MethodList = serde_json::from_value(serde_json::json!(text)).unwrap();
        prop_assert_eq!(
            matches(&regex(&patterns::token_method_list()), &text),
            ApiList::parse(&list.0).is_ok()
        );
    }

    #[test]
    fn whole_numbers(text in numbers()) {
        for (max, from_one) in [
            (u64::from(u32::MAX), false),
            (MAX_WHOLE_NUMBER, false),
            (u64::from(MAX_EVENTS_PER_PAGE), true),
        ] {
            let parsed = number::parse_digits(&text, max).is_some_and(|n| n >= u64::from(from_one));
            prop_assert_eq!(
                matches(&regex(&patterns::whole_number(max, from_one)), &text),
                parsed,
                "{} up to {}", text, max
            );
        }
    }

    #[test]
    fn token_ids_in_one_string(parts in prop::collection::vec(numbers(), 0..4), star in any::<bool>()) {
        let text = if star { format!(" * {}", parts.join("")) } else { parts.join(",") };
        let read = serde_json::from_value::<Selection<u32>>(serde_json::json!(text));
        let all = matches(&regex(&patterns::star()), &text);
        prop_assert_eq!(
            all || matches(&regex(&patterns::token_id_list(true)), &text),
            read.is_ok()
        );
        prop_assert_eq!(
            all || matches(&regex(&patterns::token_id_list(false)), &text),
            matches!(read, Ok(Selection::All)) || matches!(read, Ok(Selection::Only(ids)) if !ids.is_empty())
        );
    }

    #[test]
    fn session_ids(parts in prop::collection::vec(decorated("[0-9a-fA-F]{15,17}"), 0..4)) {
        let text = parts.join(";");
        let read = serde_json::from_value::<Selection<String>>(serde_json::json!(text)).unwrap();
        let accepted = match read {
            Selection::All => true,
            Selection::Only(ids) => !ids.is_empty() && ids.iter().all(|id| Session::is_public_id(id)),
        };
        let pattern = matches(&regex(&patterns::star()), &text)
            || matches(&regex(&patterns::session_id_list()), &text);
        prop_assert_eq!(pattern, accepted);
        for part in &parts {
            prop_assert_eq!(
                matches(&regex(&patterns::session_id()), part),
                Session::is_public_id(part.trim())
            );
        }
    }

    #[test]
    fn event_kinds(names in prop::collection::vec(decorated(kind_names()), 0..4)) {
        let text = names.join(";");
        let read = serde_json::from_value::<KindList>(serde_json::json!(text));
        let accepted = read.is_ok_and(|kinds| !kinds.0.is_empty());
        prop_assert_eq!(matches(&regex(&patterns::event_kind_list()), &text), accepted);
        for name in &names {
            let one = serde_json::from_value::<KindList>(serde_json::json!([name]));
            prop_assert_eq!(
                matches(&regex(&patterns::event_kind_entry()), name),
                one.is_ok()
            );
        }
    }

    #[test]
    fn instants(text in prop_oneof![numbers(), decorated(dates())]) {
        prop_assert_eq!(
            matches(&regex(&patterns::instant()), &text),
            instant::parse(&text).is_some()
        );
    }
}

/// Method names near the shapes: this API's, the platform's, and near
/// misses of both.
fn names() -> impl Strategy<Value = String> {
    let own = prop::sample::select(
        twofold_api::Method::ALL
            .iter()
            .map(|m| m.name().to_owned())
            .collect::<Vec<_>>(),
    );
    prop_oneof![
        own.clone(),
        texts(12),
        "[a-z][a-z0-9]{0,3}(\\.[a-z0-9]{1,4}){1,3}\\.[A-Z][A-Za-z0-9]{0,6}",
        (
            "(users\\.(account|authentication)|[a-z]{1,3}\\.[a-z]{1,3})\\.",
            own
        )
            .prop_map(|(prefix, name)| format!("{prefix}{name}")),
        "[a-z]{1,2}\\.[a-z]{1,2}\\.[A-Z][a-z]{120,130}",
    ]
}

/// Event kind names and near misses.
fn kind_names() -> impl Strategy<Value = String> {
    let names = prop::sample::select(
        twofold_api::events::EventKind::ALL
            .iter()
            .map(|k| k.name().to_owned())
            .collect::<Vec<_>>(),
    );
    prop_oneof![
        names.clone(),
        names.prop_map(|n| n.to_uppercase()),
        texts(8),
    ]
}

/// Digits with the things around them that a parser might take.
fn numbers() -> impl Strategy<Value = String> {
    prop_oneof![
        decorated("[0-9]{0,3}"),
        "0{0,3}[0-9]{1,20}",
        " ?[+-]?[0-9]{1,4} ?",
        Just("4294967295".to_owned()),
        Just("4294967296".to_owned()),
        Just("9007199254740991".to_owned()),
        Just("9007199254740992".to_owned()),
        Just("100".to_owned()),
        Just("101".to_owned()),
    ]
}

/// Dates and times, valid and not.
fn dates() -> impl Strategy<Value = String> {
    (
        1960u32..10002,
        0u32..14,
        0u32..33,
        prop::option::of((
            0u32..25,
            0u32..61,
            0u32..61,
            "(\\.[0-9]{0,10})?",
            "(Z|z|[+-][0-2][0-9]:[0-6][0-9]|)",
        )),
    )
        .prop_map(|(year, month, day, time)| {
            let date = format!("{year:04}-{month:02}-{day:02}");
            match time {
                None => date,
                Some((h, m, s, fraction, zone)) => {
                    format!("{date}T{h:02}:{m:02}:{s:02}{fraction}{zone}")
                }
            }
        })
}

#[test]
fn every_leap_day_and_month_end_from_1970_to_9999_reads_as_the_pattern_says() {
    let pattern = regex(&patterns::date_time_alone());
    for year in 1970..=9999u32 {
        for (month, day) in [
            (2, 28),
            (2, 29),
            (2, 30),
            (4, 30),
            (4, 31),
            (12, 31),
            (1, 32),
        ] {
            let text = format!("{year:04}-{month:02}-{day:02}");
            assert_eq!(
                matches(&pattern, &text),
                instant::parse(&text).is_some(),
                "{text}"
            );
        }
    }
}
