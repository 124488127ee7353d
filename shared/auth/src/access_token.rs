//! Personal access tokens: what scripts use instead of SignIn +
//! Verify2FACode.
//!
//! A token is a bearer credential like a session (`tft_` + the account id and
//! 256 random bits, see [`crate::token`]), but it outlives sessions and calls
//! only the methods its [`ApiList`] names. Signing in, the password, the
//! second factor, tokens and sessions are never among them, whatever a list
//! says: a stolen token can neither mint or widen tokens, nor turn 2FA off,
//! nor end its owner's sessions.

use serde::{Deserialize, Serialize};
use twofold_api::{
    limits::{DEFAULT_TOKEN_DAYS, MAX_API_LIST, MAX_DESCRIPTION_CHARS, MAX_TOKEN_DAYS},
    method::{is_own_method_in_platform_spelling, is_platform_method},
    Method,
};

use crate::{ids::UserId, token::TokenHash};

const DAY: u64 = 24 * 3600;

/// A personal access token as the store keeps it: never its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    /// Its number within the account.
    pub id: u32,
    /// Whose it is.
    pub user_id: UserId,
    /// SHA-256 of its value.
    pub token_hash: TokenHash,
    /// What it is for.
    pub description: String,
    /// When it was made.
    pub created_at: u64,
    /// The address it was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_ip: Option<String>,
    /// When it stops working; the code checks this, the store's TTL deletes
    /// it later.
    pub expires_at: u64,
    /// What it may call.
    pub api_list: ApiList,
    /// When it was last used, to the minute: kept by the store beside the
    /// value, not in it.
    #[serde(skip)]
    pub last_used: Option<u64>,
    /// Where it was last used from.
    #[serde(skip)]
    pub last_used_ip: Option<String>,
    /// The public id of the session that created it (or last regenerated
    /// it): a change that ends the account's tokens keeps the caller's own.
    /// Absent on tokens made before this was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

impl AccessToken {
    /// True until it expires.
    pub fn is_live(&self, now: u64) -> bool {
        now < self.expires_at
    }

    /// True when the token may call `method` of this API: Authorize always,
    /// the methods tokens may call when its list names them, others never.
    pub fn may_call(&self, method: Method) -> bool {
        method == Method::Authorize || (method.token_may_call() && self.api_list.names(method))
    }

    /// True when the token may call the method `name` names: this API's as
    /// [`AccessToken::may_call`] says, a platform method when its list
    /// names it.
    pub fn may_call_named(&self, name: &MethodName, text: &str) -> bool {
        match name {
            MethodName::Own(method) => self.may_call(*method),
            MethodName::Platform => self.api_list.names_text(text),
        }
    }
}

/// The methods a token may call: this API's methods that tokens may call,
/// and the platform's other methods written `segment.segment.MethodName`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiList(Vec<String>);

/// Why an `apiList` was refused; the text names the entry at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiListError {
    /// Nothing named.
    #[error("name at least one method the token may call")]
    Empty,
    /// Too many names.
    #[error("a token may name at most {MAX_API_LIST} methods")]
    TooLong,
    /// A method of this API that tokens never call.
    #[error("tokens may never call {0}: it signs in, needs the password or changes 2FA, tokens or sessions")]
    Forbidden(String),
    /// One of this API's methods written like another service's
    /// (`users.account.GetAccount`, `env.control.CreateToken`).
    #[error("{0:?} names one of this API's own methods: write this API's methods without a namespace (tokens may call GetAccount, GetEvents and Authorize), and other services' methods as segment.segment.MethodName")]
    OwnMethodNamespaced(String),
    /// Neither a method of this API nor a namespaced platform method.
    #[error("{0:?} is not a method: name one of this API's methods or a platform method like env.control.CreateEnvironment")]
    Unknown(String),
}

impl ApiList {
    /// Checks a list a client sent. Duplicates are kept once, in the order
    /// first named.
    pub fn parse(names: &[String]) -> Result<ApiList, ApiListError> {
        if names.is_empty() {
            return Err(ApiListError::Empty);
        }
        if names.len() > MAX_API_LIST {
            return Err(ApiListError::TooLong);
        }
        let mut kept: Vec<String> = Vec::with_capacity(names.len());
        for name in names {
            check_method_name(name)?;
            if !kept.contains(name) {
                kept.push(name.clone());
            }
        }
        Ok(ApiList(kept))
    }

    /// True when the list names `method`.
    pub fn names(&self, method: Method) -> bool {
        self.names_text(method.name())
    }

    /// True when the list names `name` (a platform method, or this API's).
    pub fn names_text(&self, name: &str) -> bool {
        self.0.iter().any(|n| n == name)
    }

    /// The names, as the client sees them.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// Checks one `apiList` entry: a method of this API that tokens may call,
/// or a platform method outside this API.
fn check_method_name(name: &str) -> Result<MethodName, ApiListError> {
    match MethodName::classify(name) {
        Some(MethodName::Own(method)) if !method.token_may_call() => {
            Err(ApiListError::Forbidden(name.to_owned()))
        }
        Some(known) => Ok(known),
        None if is_own_method_in_platform_spelling(name) => {
            Err(ApiListError::OwnMethodNamespaced(shorten(name)))
        }
        None => Err(ApiListError::Unknown(shorten(name))),
    }
}

/// What a method name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodName {
    /// One of this API's methods.
    Own(Method),
    /// A method of another of the platform's services.
    Platform,
}

impl MethodName {
    /// What `name` names: one of this API's methods (exact platform
    /// spelling), a namespaced platform method, or nothing.
    pub fn classify(name: &str) -> Option<MethodName> {
        match Method::named(name) {
            Some(method) => Some(MethodName::Own(method)),
            None if is_platform_method(name) => Some(MethodName::Platform),
            None => None,
        }
    }
}

/// A name cut for an error text.
fn shorten(name: &str) -> String {
    name.chars().take(40).collect()
}

/// Why a description was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a description has 1 to {MAX_DESCRIPTION_CHARS} characters")]
pub struct InvalidDescription;

/// Checks a token description: 1 to 100 characters after trimming, no
/// control characters.
pub fn parse_description(text: &str) -> Result<String, InvalidDescription> {
    parse_name(text, MAX_DESCRIPTION_CHARS).ok_or(InvalidDescription)
}

/// A name people give (a token's description, a key's name): 1 to `max`
/// characters after trimming, no control characters.
pub fn parse_name(text: &str, max: usize) -> Option<String> {
    let trimmed = text.trim();
    let length = trimmed.chars().count();
    ((1..=max).contains(&length) && !trimmed.chars().any(char::is_control))
        .then(|| trimmed.to_owned())
}

/// Why an expiry was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a token expires in the future, at most {MAX_TOKEN_DAYS} days ahead")]
pub struct InvalidExpiry;

/// The expiry of a token made at `now`: `requested`, or 90 days ahead.
pub fn expiry(requested: Option<u64>, now: u64) -> Result<u64, InvalidExpiry> {
    match requested {
        None => Ok(now + DEFAULT_TOKEN_DAYS * DAY),
        Some(at) if at > now && at <= now + MAX_TOKEN_DAYS * DAY => Ok(at),
        Some(_) => Err(InvalidExpiry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_list_takes_callable_methods_and_namespaced_platform_methods() {
        let list = ApiList::parse(&names(&[
            "GetAccount",
            "env.control.CreateEnvironment",
            "GetAccount",
        ]))
        .unwrap();
        assert_eq!(
            list.as_slice(),
            ["GetAccount", "env.control.CreateEnvironment"]
        );
        assert!(list.names(Method::GetAccount));
        assert!(!list.names(Method::GetEvents));
    }

    #[test]
    fn methods_tokens_never_call_are_refused_by_name() {
        for name in [
            "Disable2FA",
            "CreateToken",
            "GetSessions",
            "SignIn",
            "ChangePassword",
        ] {
            assert_eq!(
                ApiList::parse(&names(&[name])),
                Err(ApiListError::Forbidden(name.to_owned()))
            );
        }
    }

    #[test]
    fn this_api_s_methods_spelled_as_platform_methods_are_refused_naming_the_entry() {
        for name in [
            "users.account.Disable2FA",
            "users.authentication.CreateToken",
            "users.account.GetAccount",
            "env.control.SignOutSessions",
        ] {
            assert_eq!(
                ApiList::parse(&names(&["GetAccount", name])),
                Err(ApiListError::OwnMethodNamespaced(name.to_owned())),
                "{name}"
            );
        }
        assert_eq!(MethodName::classify("users.account.GetAccount"), None);
    }

    #[test]
    fn unknown_names_and_shapes_are_refused() {
        for name in [
            "getaccount",
            "Frobnicate",
            "env.CreateEnvironment",
            "env.Control.Create",
            "env.control.createEnvironment",
            "env..control.Create",
            "env.control.Create-Env",
            "",
        ] {
            assert!(
                matches!(
                    ApiList::parse(&names(&[name])),
                    Err(ApiListError::Unknown(_))
                ),
                "{name:?}"
            );
        }
        assert_eq!(ApiList::parse(&[]), Err(ApiListError::Empty));
        let many: Vec<String> = (0..=MAX_API_LIST).map(|i| format!("a.b.M{i}")).collect();
        assert_eq!(ApiList::parse(&many), Err(ApiListError::TooLong));
    }

    #[test]
    fn a_token_calls_authorize_always_and_forbidden_methods_never() {
        let token = AccessToken {
            id: 1,
            user_id: UserId::try_from("0".repeat(32)).unwrap(),
            token_hash: TokenHash::from_stored("ab".repeat(32)),
            description: "ci".into(),
            created_at: 0,
            created_ip: None,
            expires_at: 10,
            api_list: ApiList(names(&["GetAccount", "Disable2FA"])),
            last_used: None,
            last_used_ip: None,
            created_by: None,
        };
        assert!(token.may_call(Method::GetAccount));
        assert!(token.may_call(Method::Authorize));
        assert!(!token.may_call(Method::GetEvents));
        // Even a list that somehow names a forbidden method does not open it.
        assert!(!token.may_call(Method::Disable2FA));
        assert!(token.is_live(9));
        assert!(!token.is_live(10));
    }

    #[test]
    fn descriptions_have_1_to_100_characters() {
        assert_eq!(
            parse_description("  deploy bot "),
            Ok("deploy bot".to_owned())
        );
        assert!(parse_description("   ").is_err());
        assert!(parse_description(&"é".repeat(100)).is_ok());
        assert!(parse_description(&"é".repeat(101)).is_err());
        assert!(parse_description("a\nb").is_err());
    }

    #[test]
    fn expiry_defaults_to_90_days_and_stays_within_366() {
        assert_eq!(expiry(None, 1000), Ok(1000 + 90 * DAY));
        assert_eq!(expiry(Some(1001), 1000), Ok(1001));
        assert!(expiry(Some(1000), 1000).is_err());
        assert!(expiry(Some(1000 + 366 * DAY), 1000).is_ok());
        assert!(expiry(Some(1001 + 366 * DAY), 1000).is_err());
    }
}
