//! Logins: the name a person signs in with.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A login: 3 to 64 characters of `a-z 0-9 . _ - @ +`, stored lower-case so
/// that `Ada` and `ada` are one account.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login(String);

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    /// Fewer than 3 or more than 64 characters.
    #[error("a login has 3 to 64 characters")]
    Length,
    /// A character outside the allowed set.
    #[error("a login may use letters, digits and . _ - @ + only")]
    Character,
}

impl Login {
    /// Shortest login.
    pub const MIN: usize = twofold_api::limits::MIN_LOGIN_CHARS;
    /// Longest login.
    pub const MAX: usize = twofold_api::limits::MAX_LOGIN_CHARS;

    /// Parses user input: surrounding white space is dropped and letters are
    /// lower-cased.
    pub fn parse(input: &str) -> Result<Login, LoginError> {
        let trimmed = input.trim();
        let length = trimmed.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&length) {
            return Err(LoginError::Length);
        }
        let login = trimmed.to_ascii_lowercase();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-@+".contains(c);
        if !login.chars().all(allowed) {
            return Err(LoginError::Character);
        }
        Ok(Login(login))
    }

    /// The login as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Login {
    type Error = LoginError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Login::parse(&value)
    }
}

impl From<Login> for String {
    fn from(login: Login) -> String {
        login.0
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Login({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_trimmed_and_lower_cased() {
        assert_eq!(
            Login::parse("  Ada.Lovelace@Example.com ")
                .unwrap()
                .as_str(),
            "ada.lovelace@example.com"
        );
    }

    #[test]
    fn logins_that_are_too_short_too_long_or_oddly_spelled_are_refused() {
        let cases = [
            ("ab", LoginError::Length),
            ("", LoginError::Length),
            (&"a".repeat(65), LoginError::Length),
            ("ada lovelace", LoginError::Character),
            ("ada/../x", LoginError::Character),
            ("adä", LoginError::Character),
            ("ada#1", LoginError::Character),
        ];
        for (input, expected) in cases {
            assert_eq!(Login::parse(input), Err(expected), "{input:?}");
        }
    }
}
