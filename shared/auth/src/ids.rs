//! Account identifiers.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::SecureRng;

/// An account's identifier: 128 random bits, as 32 lower-case hex digits.
/// Random rather than derived from the login, so it tells nothing about it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserId(String);

impl UserId {
    /// Length of the raw identifier in bytes.
    pub const BYTES: usize = 16;

    /// A new random identifier.
    pub fn generate(rng: &mut impl SecureRng) -> Self {
        let mut bytes = [0u8; Self::BYTES];
        rng.fill_bytes(&mut bytes);
        UserId::from_bytes(&bytes)
    }

    /// The identifier whose raw bytes these are.
    pub fn from_bytes(bytes: &[u8; Self::BYTES]) -> Self {
        UserId(data_encoding::HEXLOWER.encode(bytes))
    }

    /// The raw bytes.
    pub fn to_bytes(&self) -> [u8; Self::BYTES] {
        let mut out = [0u8; Self::BYTES];
        // The constructor guarantees 32 hex digits, so this cannot fail.
        if let Ok(decoded) = data_encoding::HEXLOWER.decode(self.0.as_bytes()) {
            out.copy_from_slice(&decoded);
        }
        out
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Text that is not 32 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an account identifier")]
pub struct InvalidUserId;

impl TryFrom<String> for UserId {
    type Error = InvalidUserId;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let valid = value.len() == Self::BYTES * 2
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if valid {
            Ok(UserId(value))
        } else {
            Err(InvalidUserId)
        }
    }
}

impl From<UserId> for String {
    fn from(id: UserId) -> String {
        id.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserId({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn an_identifier_round_trips_through_its_bytes_and_its_text() {
        let id = UserId::generate(&mut StdRng::seed_from_u64(7));
        assert_eq!(UserId::from_bytes(&id.to_bytes()), id);
        assert_eq!(UserId::try_from(id.to_string()).unwrap(), id);
    }

    #[test]
    fn text_that_is_not_32_lower_case_hex_digits_is_refused() {
        for bad in ["", "abc", &"A".repeat(32), &"g".repeat(32), &"0".repeat(33)] {
            assert!(UserId::try_from(bad.to_string()).is_err(), "{bad}");
        }
    }
}
