//! E-mail addresses for security notices, and the codes that confirm
//! them.

use std::fmt;

use serde::{Deserialize, Serialize};
use twofold_api::limits::{MAX_EMAIL_CHARS, MAX_EMAIL_LOCAL_CHARS};

/// An address as the owner typed it, white space around it dropped; the
/// shape `twofold_api::patterns::email` declares.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Text that is not such an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an e-mail address like ada@example.com, at most {MAX_EMAIL_CHARS} characters")]
pub struct InvalidEmail;

impl EmailAddress {
    /// Reads an address.
    pub fn parse(text: &str) -> Result<Self, InvalidEmail> {
        let text = text.trim();
        if text.chars().count() > MAX_EMAIL_CHARS {
            return Err(InvalidEmail);
        }
        let (local, domain) = text.split_once('@').ok_or(InvalidEmail)?;
        let local_ok = (1..=MAX_EMAIL_LOCAL_CHARS).contains(&local.chars().count())
            && local.chars().all(is_local_char);
        let (labels, top) = domain.rsplit_once('.').ok_or(InvalidEmail)?;
        let top_ok = (2..=63).contains(&top.len()) && top.bytes().all(|b| b.is_ascii_alphabetic());
        let labels_ok = labels.split('.').all(is_label);
        if local_ok && top_ok && labels_ok {
            Ok(EmailAddress(text.to_owned()))
        } else {
            Err(InvalidEmail)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// RFC 5322's `atext`, and dots.
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

/// A domain label: 1 to 63 letters, digits and hyphens, not beginning or
/// ending with a hyphen.
fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

impl TryFrom<String> for EmailAddress {
    type Error = InvalidEmail;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(address: EmailAddress) -> String {
        address.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_as_the_pattern_says() {
        for good in ["ada@example.com", " a.b+c@mail.example.co.uk ", "x@a-b.io"] {
            assert!(EmailAddress::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ada",
            "ada@localhost",
            "@example.com",
            "ada@example.c",
            "ada@-x.com",
            "a b@example.com",
            "ada@@example.com",
            "ada@example.123",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(InvalidEmail), "{bad}");
        }
        assert_eq!(
            EmailAddress::parse(" ada@example.com ").map(|a| a.to_string()),
            Ok("ada@example.com".to_owned())
        );
    }
}
