//! Personal access tokens without their rendering: the Generate and Edit
//! form as typed, checked before the password pop-up opens (so a typo never
//! costs a password try); what confirmation each change needs; and where a
//! refusal from the server belongs. How close a token is to its expiry is
//! [`crate::logic::token_expiry`].

use std::collections::BTreeSet;

use twofold_api::tokens::{
    AccessToken, CreateTokenRequest, EditTokenRequest, MethodList, DEFAULT_TOKEN_DAYS,
    MAX_API_LIST, MAX_DESCRIPTION_CHARS, MAX_TOKEN_DAYS,
};
use twofold_api::{method::is_platform_method, params, Method, ResultCode};

use crate::api::Failure;
use crate::logic::dates::{self, Zone, DAY_SECS};
use crate::logic::elevation::{need_after, Need};
use crate::logic::messages;

/// The expiry presets, in days.
pub const PRESET_DAYS: [u64; 3] = [7, 30, 90];

/// The preset a new token starts with: the server's default.
pub const DEFAULT_DAYS: u64 = DEFAULT_TOKEN_DAYS;

/// This API's methods a token may be given, in the checklist's order; the
/// ones tokens may never call are not offered at all.
pub fn checklist() -> impl Iterator<Item = Method> {
    Method::ALL
        .iter()
        .copied()
        .filter(|method| method.token_may_call())
}

/// The fields of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Description.
    Description,
    /// The checklist and the other methods.
    Methods,
    /// Expiry.
    Expiry,
}

/// Which expiry the form has chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryChoice {
    /// Edit only: leave the expiry as it is.
    Keep,
    /// A preset: this many days from now.
    Days(u64),
    /// The day in the date picker: until the end of that day in the
    /// browser's time zone.
    Date,
}

/// The form as typed.
#[derive(Debug, Clone, Copy)]
pub struct Draft<'a> {
    /// Description.
    pub description: &'a str,
    /// The ticked methods of the checklist.
    pub checked: &'a [Method],
    /// The other methods, as typed (commas, semicolons, spaces or lines
    /// between them).
    pub other: &'a str,
    /// The expiry option.
    pub expiry: ExpiryChoice,
    /// The date picker's value (`2025-05-01`), used with
    /// [`ExpiryChoice::Date`].
    pub date: &'a str,
}

/// A checked form: what a token will be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSpec {
    /// Description, trimmed.
    pub description: String,
    /// Method names, each once: the checklist's first, then the others in
    /// the order typed.
    pub api_list: Vec<String>,
    /// The new expiry; `None` keeps it (Edit).
    pub expires_at: Option<u64>,
}

/// The form checked at `now` in the time zone `zone`: what the token will
/// be, or the field at fault and why, in words. The server checks it all
/// again.
pub fn check(draft: Draft<'_>, now: u64, zone: &impl Zone) -> Result<TokenSpec, (Field, String)> {
    let description = check_description(draft.description)
        .map_err(|words| (Field::Description, words.to_owned()))?;
    let api_list = check_methods(draft.checked, draft.other).map_err(|w| (Field::Methods, w))?;
    let expires_at = expiry_at(draft.expiry, draft.date, now, zone)
        .map_err(|words| (Field::Expiry, words.to_owned()))?;
    Ok(TokenSpec {
        description,
        api_list,
        expires_at,
    })
}

fn check_description(text: &str) -> Result<String, &'static str> {
    let trimmed = text.trim();
    let length = trimmed.chars().count();
    if length == 0 {
        Err(messages::DESCRIBE_THE_TOKEN)
    } else if length > MAX_DESCRIPTION_CHARS || trimmed.chars().any(char::is_control) {
        Err(messages::DESCRIPTION_TOO_LONG)
    } else {
        Ok(trimmed.to_owned())
    }
}

/// The names typed in the "other methods" field.
pub fn split_names(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|name| !name.is_empty())
}

fn check_methods(checked: &[Method], other: &str) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = checklist()
        .filter(|method| checked.contains(method))
        .map(|method| method.name().to_owned())
        .collect();
    for name in split_names(other) {
        match Method::named(name) {
            Some(method) if !method.token_may_call() => {
                return Err(messages::token_may_never_call(name));
            }
            Some(_) => {}
            None if is_platform_method(name) => {}
            None => return Err(messages::not_a_method_name(name)),
        }
        if !names.iter().any(|kept| kept == name) {
            names.push(name.to_owned());
        }
    }
    if names.is_empty() {
        return Err(messages::CHOOSE_A_METHOD.into());
    }
    if names.len() > MAX_API_LIST {
        return Err(messages::too_many_methods(MAX_API_LIST));
    }
    Ok(names)
}

/// The expiry `choice` (with the date picker's `date`) stands for at `now`:
/// `None` to keep the token's own, or the instant it stops working; or, in
/// words, why it cannot be. A day is the end of that day in `zone` (its
/// last second), so a token "until 1 May" works all of 1 May where its
/// owner is.
pub fn expiry_at(
    choice: ExpiryChoice,
    date: &str,
    now: u64,
    zone: &impl Zone,
) -> Result<Option<u64>, &'static str> {
    let at = match choice {
        ExpiryChoice::Keep => return Ok(None),
        ExpiryChoice::Days(days) => now.saturating_add(days.saturating_mul(DAY_SECS)),
        ExpiryChoice::Date if date.trim().is_empty() => return Err(messages::CHOOSE_A_DATE),
        ExpiryChoice::Date => end_of_local_day(date, zone).ok_or(messages::CHOOSE_A_DATE)?,
    };
    if at <= now {
        Err(messages::DATE_IN_THE_PAST)
    } else if at > latest_expiry(now) {
        Err(messages::DATE_TOO_FAR)
    } else {
        Ok(Some(at))
    }
}

/// The latest expiry the server takes from a token made at `now`.
pub fn latest_expiry(now: u64) -> u64 {
    now.saturating_add(MAX_TOKEN_DAYS * DAY_SECS)
}

/// The last second of the day a date picker's value names (`2025-05-01`)
/// in `zone`: 23:59:59 there, whatever that is in UTC. `None` for a value
/// that is not a day.
pub fn end_of_local_day(date: &str, zone: &impl Zone) -> Option<u64> {
    // The next day's midnight as a UTC clock would read it; the local
    // midnight is that plus the zone's offset, taken at (about) that
    // instant and once more at the result, so a change to or from summer
    // time that night is counted.
    let next_midnight = dates::parse_iso_date(date)?.checked_add(DAY_SECS)?;
    let shifted = |at: u64| {
        let behind = zone.at(at).behind_utc_minutes;
        next_midnight.checked_add_signed(behind.saturating_mul(60))
    };
    let local_midnight = shifted(shifted(next_midnight)?)?;
    local_midnight.checked_sub(1)
}

/// The date picker's bounds at `now` in `zone` (`min`, `max`): today (a
/// day lasts until its end) to the last day that ends within the limit.
pub fn date_bounds(now: u64, zone: &impl Zone) -> (String, String) {
    (
        dates::iso_date_in(now, zone),
        dates::iso_date_in(latest_expiry(now).saturating_sub(DAY_SECS), zone),
    )
}

/// CreateToken for a checked form, sent after the pop-up's step-up (which
/// stands for the password and the code).
pub fn create_request(spec: TokenSpec) -> CreateTokenRequest {
    CreateTokenRequest {
        password: None,
        code: None,
        description: spec.description,
        api_list: MethodList(spec.api_list),
        expires_at: spec.expires_at,
    }
}

/// What an edit changes: only the fields that differ from the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Which token.
    pub id: u32,
    /// A new description.
    pub description: Option<String>,
    /// A new list of methods.
    pub api_list: Option<Vec<String>>,
    /// A new expiry.
    pub expires_at: Option<u64>,
    /// True when the edit adds a method or moves the expiry later: the
    /// token can do more, which with 2FA on needs a second factor.
    pub widens: bool,
}

impl Changes {
    /// What `spec` changes in `token`; `None` when nothing.
    pub fn between(token: &AccessToken, spec: TokenSpec) -> Option<Changes> {
        let same_methods = spec.api_list.iter().collect::<BTreeSet<_>>()
            == token.api_list.iter().collect::<BTreeSet<_>>();
        let adds_a_method = spec
            .api_list
            .iter()
            .any(|name| !token.api_list.contains(name));
        let expires_at = spec.expires_at.filter(|&at| at != token.expires_at);
        let changes = Changes {
            id: token.id,
            description: (spec.description != token.description).then_some(spec.description),
            api_list: (!same_methods).then_some(spec.api_list),
            expires_at,
            widens: adds_a_method || expires_at.is_some_and(|at| at > token.expires_at),
        };
        (changes.description.is_some()
            || changes.api_list.is_some()
            || changes.expires_at.is_some())
        .then_some(changes)
    }

    /// What EditToken needs for these changes: the password, and a second
    /// factor too when the token can do more afterwards.
    pub fn need(&self) -> Need {
        if self.widens {
            Need::SecondFactor
        } else {
            Need::Password
        }
    }

    /// EditToken for these changes, sent after the pop-up's step-up.
    pub fn request(self) -> EditTokenRequest {
        EditTokenRequest {
            password: None,
            code: None,
            id: self.id,
            description: self.description,
            api_list: self.api_list.map(MethodList),
            expires_at: self.expires_at,
        }
    }
}

/// What a refusal of CreateToken, EditToken, RegenerateToken or
/// DeleteTokens leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The session's confirmation ran out (or lacked the second factor):
    /// the password pop-up asks for this, then the change is sent again.
    StepUp(Need),
    /// In the form, next to the field named (or under it all when `None`):
    /// what was typed must change first.
    Form(Option<Field>),
    /// Said where the change was asked for (the form, or the "are you
    /// sure?" pop-up): the network, a busy server; trying again may work.
    Said,
}

/// What `failure` of a change that needed `need` leads to.
pub fn refusal(failure: &Failure, need: Need) -> Refusal {
    if let Some(need) = need_after(failure, need) {
        return Refusal::StepUp(need);
    }
    let Failure::Api(error) = failure else {
        return Refusal::Said;
    };
    match (error.result, error.parameter.as_deref()) {
        (ResultCode::InvalidParameter, Some(params::DESCRIPTION)) => {
            Refusal::Form(Some(Field::Description))
        }
        (ResultCode::InvalidParameter, Some(params::API_LIST)) => {
            Refusal::Form(Some(Field::Methods))
        }
        (ResultCode::InvalidParameter, Some(params::EXPIRES_AT)) => {
            Refusal::Form(Some(Field::Expiry))
        }
        (ResultCode::TooManyTokens, _) => Refusal::Form(None),
        _ => Refusal::Said,
    }
}

/// The name of the file Download writes for token `id`.
pub fn download_file_name(id: u32) -> String {
    format!("twofold-token-{id}.txt")
}

/// What Download writes: the token alone on its line, so that a script can
/// read it with `$(cat file)`.
pub fn download_text(key: &str) -> String {
    format!("{key}\n")
}

#[cfg(test)]
mod tests {
    use twofold_api::ApiError;

    use super::*;

    const NOW: u64 = 1_746_057_600; // 1 May 2025, 00:00 UTC

    fn draft<'a>(checked: &'a [Method], other: &'a str) -> Draft<'a> {
        Draft {
            description: " deploy from CI ",
            checked,
            other,
            expiry: ExpiryChoice::Days(30),
            date: "",
        }
    }

    fn token() -> AccessToken {
        AccessToken {
            id: 4,
            key: None,
            description: "deploy".into(),
            created_at: NOW,
            created_ip: None,
            expires_at: NOW + 30 * DAY_SECS,
            api_list: vec!["GetAccount".into(), "env.control.CreateEnvironment".into()],
            last_used: None,
            last_used_ip: None,
        }
    }

    #[test]
    fn the_checklist_offers_only_methods_tokens_may_call() {
        let offered: Vec<Method> = checklist().collect();
        assert!(offered.contains(&Method::GetAccount));
        assert!(offered.contains(&Method::GetEvents));
        for never in [
            Method::SignIn,
            Method::CheckPassword,
            Method::Disable2FA,
            Method::CreateToken,
            Method::GetSessions,
            Method::SignOutSessions,
        ] {
            assert!(!offered.contains(&never), "{never} is offered");
        }
    }

    #[test]
    fn a_good_form_becomes_a_token_with_a_trimmed_description_and_each_method_once() {
        let spec = check(
            draft(
                &[Method::GetEvents, Method::GetAccount],
                "env.control.CreateEnvironment, GetAccount;\nbilling.v2.GetInvoice env.control.CreateEnvironment",
            ),
            NOW,
            &UTC,
        )
        .unwrap();
        assert_eq!(spec.description, "deploy from CI");
        assert_eq!(
            spec.api_list,
            [
                "GetAccount",
                "GetEvents",
                "env.control.CreateEnvironment",
                "billing.v2.GetInvoice"
            ]
        );
        assert_eq!(spec.expires_at, Some(NOW + 30 * DAY_SECS));
    }

    #[test]
    fn a_description_is_needed_and_has_at_most_100_characters() {
        fn with(description: &str) -> Result<TokenSpec, (Field, String)> {
            check(
                Draft {
                    description,
                    ..draft(&[Method::GetAccount], "")
                },
                NOW,
                &UTC,
            )
        }
        assert_eq!(
            with("   ").unwrap_err(),
            (Field::Description, messages::DESCRIBE_THE_TOKEN.into())
        );
        assert_eq!(with(&"é".repeat(101)).unwrap_err().0, Field::Description);
        assert!(with(&"é".repeat(100)).is_ok());
    }

    #[test]
    fn forbidden_and_unknown_method_names_are_named_before_anything_is_sent() {
        let refused = |other| check(draft(&[Method::GetAccount], other), NOW, &UTC).unwrap_err();
        let (field, words) = refused("Disable2FA");
        assert_eq!(field, Field::Methods);
        assert!(words.contains("Disable2FA"), "{words}");
        for wrong in [
            "getaccount",
            "Frobnicate",
            "env.CreateEnvironment",
            "env.Control.Create",
            "env.control.createEnvironment",
            "env..control.Create",
        ] {
            let (field, words) = refused(wrong);
            assert_eq!(field, Field::Methods, "{wrong}");
            assert!(words.contains(wrong), "{words}");
        }
    }

    #[test]
    fn at_least_one_method_is_needed() {
        assert_eq!(
            check(draft(&[], " , ;"), NOW, &UTC).unwrap_err(),
            (Field::Methods, messages::CHOOSE_A_METHOD.into())
        );
    }

    use crate::logic::dates::{Utc, ZoneAt};

    const UTC: Utc = Utc;

    /// New York: UTC-4 in summer (from 9 March 2025, 07:00 UTC), UTC-5
    /// before.
    fn new_york(at: u64) -> ZoneAt {
        let (behind_utc_minutes, name) = if at >= 1_741_503_600 {
            (240, "EDT")
        } else {
            (300, "EST")
        };
        ZoneAt {
            behind_utc_minutes,
            name: name.into(),
        }
    }

    fn berlin_in_summer(_: u64) -> ZoneAt {
        ZoneAt {
            behind_utc_minutes: -120,
            name: "CEST".into(),
        }
    }

    #[test]
    fn the_expiry_is_a_preset_or_a_day_from_today_to_366_days_ahead() {
        let with = |expiry, date| {
            expiry_at(expiry, date, NOW + 3600, &UTC) // 1 May 2025, 01:00 UTC
        };
        for days in PRESET_DAYS {
            assert_eq!(
                with(ExpiryChoice::Days(days), ""),
                Ok(Some(NOW + 3600 + days * DAY_SECS))
            );
        }
        assert_eq!(
            with(ExpiryChoice::Date, "2025-05-02"),
            Ok(Some(NOW + 2 * DAY_SECS - 1)),
            "until the end of 2 May"
        );
        assert_eq!(
            with(ExpiryChoice::Date, "2025-05-01"),
            Ok(Some(NOW + DAY_SECS - 1)),
            "today lasts until tonight"
        );
        assert_eq!(
            with(ExpiryChoice::Date, "2025-04-30"),
            Err(messages::DATE_IN_THE_PAST)
        );
        assert_eq!(with(ExpiryChoice::Date, ""), Err(messages::CHOOSE_A_DATE));
        assert_eq!(
            with(ExpiryChoice::Date, "2025-02-30"),
            Err(messages::CHOOSE_A_DATE)
        );
        assert_eq!(
            with(ExpiryChoice::Date, "2026-05-02"),
            Err(messages::DATE_TOO_FAR)
        );
        assert!(with(ExpiryChoice::Date, "2026-05-01").is_ok());
        assert_eq!(with(ExpiryChoice::Keep, "2020-01-01"), Ok(None));
    }

    #[test]
    fn a_day_ends_at_midnight_where_the_browser_is_not_in_utc() {
        // 2 May ends at 04:00 UTC on 3 May in New York (summer time).
        assert_eq!(
            end_of_local_day("2025-05-02", &new_york),
            Some(NOW + 2 * DAY_SECS + 4 * 3600 - 1)
        );
        // Berlin, summer: two hours ahead of UTC.
        assert_eq!(
            end_of_local_day("2025-05-02", &berlin_in_summer),
            Some(NOW + 2 * DAY_SECS - 2 * 3600 - 1)
        );
        // 8 March ends in winter time; 9 March (the change) in summer time.
        let march_9 = dates::parse_iso_date("2025-03-09").unwrap();
        assert_eq!(
            end_of_local_day("2025-03-08", &new_york),
            Some(march_9 + 5 * 3600 - 1)
        );
        assert_eq!(
            end_of_local_day("2025-03-09", &new_york),
            Some(march_9 + DAY_SECS + 4 * 3600 - 1)
        );
        assert_eq!(end_of_local_day("2025-13-01", &new_york), None);
    }

    #[test]
    fn in_new_york_in_the_evening_today_is_still_the_day_before_in_utc() {
        // 1 May 2025, 01:00 UTC is 30 April, 21:00 in New York.
        let now = NOW + 3600;
        assert_eq!(dates::iso_date_in(now, &new_york), "2025-04-30");
        let tonight = expiry_at(ExpiryChoice::Date, "2025-04-30", now, &new_york);
        assert_eq!(tonight, Ok(Some(NOW + 4 * 3600 - 1)));
    }

    #[test]
    fn the_date_pickers_bounds_are_today_and_the_last_day_that_ends_in_time() {
        fn bounds_hold(zone: &impl Zone, today: &str) {
            let (min, max) = date_bounds(NOW + 3600, zone);
            assert_eq!(min, today);
            assert!(expiry_at(ExpiryChoice::Date, &min, NOW + 3600, zone).is_ok());
            assert!(expiry_at(ExpiryChoice::Date, &max, NOW + 3600, zone).is_ok());
            let after = dates::iso_date(dates::parse_iso_date(&max).unwrap() + DAY_SECS);
            assert_eq!(
                expiry_at(ExpiryChoice::Date, &after, NOW + 3600, zone),
                Err(messages::DATE_TOO_FAR),
                "{after}"
            );
        }
        bounds_hold(&UTC, "2025-05-01");
        bounds_hold(&new_york, "2025-04-30");
    }

    #[test]
    fn a_new_token_is_sent_with_its_list_and_no_password_after_the_step_up() {
        let spec = check(draft(&[Method::GetAccount], ""), NOW, &UTC).unwrap();
        let request = create_request(spec);
        assert_eq!((request.password, request.code), (None, None));
        assert_eq!(request.api_list, MethodList(vec!["GetAccount".into()]));
        assert_eq!(request.expires_at, Some(NOW + 30 * DAY_SECS));
    }

    #[test]
    fn an_edit_sends_only_what_changed_and_nothing_when_nothing_did() {
        let same = TokenSpec {
            description: "deploy".into(),
            api_list: vec!["env.control.CreateEnvironment".into(), "GetAccount".into()],
            expires_at: None,
        };
        assert_eq!(Changes::between(&token(), same.clone()), None);
        let same_expiry = TokenSpec {
            expires_at: Some(token().expires_at),
            ..same.clone()
        };
        assert_eq!(Changes::between(&token(), same_expiry), None);

        let renamed = TokenSpec {
            description: "deploy bot".into(),
            ..same.clone()
        };
        let request = Changes::between(&token(), renamed).unwrap().request();
        assert_eq!(request.id, 4);
        assert_eq!(request.password, None);
        assert_eq!(request.description.as_deref(), Some("deploy bot"));
        assert_eq!(request.api_list, None);
        assert_eq!(request.expires_at, None);

        let narrowed = TokenSpec {
            api_list: vec!["GetAccount".into()],
            expires_at: Some(NOW + 7 * DAY_SECS),
            ..same
        };
        let changes = Changes::between(&token(), narrowed).unwrap();
        assert_eq!(changes.description, None);
        assert_eq!(changes.api_list, Some(vec!["GetAccount".into()]));
        assert_eq!(changes.expires_at, Some(NOW + 7 * DAY_SECS));
    }

    #[test]
    fn an_edit_that_lets_the_token_do_more_needs_the_second_factor_and_others_the_password() {
        let same = TokenSpec {
            description: "deploy".into(),
            api_list: token().api_list,
            expires_at: None,
        };
        let need = |spec: TokenSpec| Changes::between(&token(), spec).unwrap().need();
        let renamed = TokenSpec {
            description: "deploy bot".into(),
            ..same.clone()
        };
        assert_eq!(need(renamed), Need::Password);
        let narrowed = TokenSpec {
            api_list: vec!["GetAccount".into()],
            expires_at: Some(token().expires_at - DAY_SECS),
            ..same.clone()
        };
        assert_eq!(need(narrowed), Need::Password);
        let more_methods = TokenSpec {
            api_list: vec!["GetAccount".into(), "GetEvents".into()],
            ..same.clone()
        };
        assert_eq!(need(more_methods), Need::SecondFactor);
        let swapped = TokenSpec {
            api_list: vec!["GetEvents".into()],
            ..same.clone()
        };
        assert_eq!(
            need(swapped),
            Need::SecondFactor,
            "a new method, even one for one"
        );
        let later = TokenSpec {
            expires_at: Some(token().expires_at + DAY_SECS),
            ..same
        };
        assert_eq!(need(later), Need::SecondFactor);
    }

    #[test]
    fn a_refusal_about_what_was_typed_goes_to_the_form_and_a_missing_step_up_to_the_pop_up() {
        let refused = |result, parameter: Option<&str>| {
            let mut error = ApiError::new(result);
            error.parameter = parameter.map(str::to_owned);
            refusal(&Failure::Api(error), Need::Password)
        };
        assert_eq!(
            refused(ResultCode::InvalidParameter, Some("apiList")),
            Refusal::Form(Some(Field::Methods))
        );
        assert_eq!(
            refused(ResultCode::InvalidParameter, Some("description")),
            Refusal::Form(Some(Field::Description))
        );
        assert_eq!(
            refused(ResultCode::InvalidParameter, Some("expiresAt")),
            Refusal::Form(Some(Field::Expiry))
        );
        assert_eq!(
            refused(ResultCode::TooManyTokens, None),
            Refusal::Form(None)
        );
        assert_eq!(
            refused(ResultCode::PasswordConfirmationRequired, None),
            Refusal::StepUp(Need::Password)
        );
        assert_eq!(
            refused(ResultCode::SecondFactorConfirmationRequired, None),
            Refusal::StepUp(Need::SecondFactor)
        );
        assert_eq!(refused(ResultCode::Busy, None), Refusal::Said);
        assert_eq!(
            refusal(&Failure::Network, Need::SecondFactor),
            Refusal::Said
        );
    }

    #[test]
    fn the_download_holds_the_token_alone() {
        assert_eq!(download_text("tft_abc"), "tft_abc\n");
        assert_eq!(download_file_name(3), "twofold-token-3.txt");
    }
}
