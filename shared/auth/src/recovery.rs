//! Recovery codes: ten single-use codes, `xxxxx-xxxxx`, drawn from an
//! alphabet without look-alikes, for when the phone is not at hand.

use std::fmt;

use rand::seq::SliceRandom;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::SecureRng;

/// Digits and lower-case letters without `0 1 i l o u`, which are read as
/// one another (or spell words).
pub const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstvwxyz";
/// Characters per code, not counting the dash.
pub const LENGTH: usize = 10;
/// Codes per set.
pub const COUNT: usize = 10;

/// How recovery codes are kept at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RecoveryStorage {
    /// Sealed with AES-256-GCM, so the owner can view them again (the seed's
    /// "View Recovery Codes").
    Sealed,
    /// Only keyed hashes: the codes are shown once; "view" shows how many
    /// are left.
    HashOnly,
}

/// One recovery code, normalised: ten characters of [`ALPHABET`].
#[derive(Clone)]
pub struct RecoveryCode(SecretString);

/// Text that is not a recovery code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a recovery code has ten letters and digits, like abcde-23456")]
pub struct InvalidRecoveryCode;

impl RecoveryCode {
    /// A new random code.
    pub fn generate(rng: &mut impl SecureRng) -> Self {
        let code: String = (0..LENGTH)
            .filter_map(|_| ALPHABET.choose(rng).copied().map(char::from))
            .collect();
        RecoveryCode(code.into())
    }

    /// A set of [`COUNT`] distinct new codes.
    pub fn generate_set(rng: &mut impl SecureRng) -> Vec<RecoveryCode> {
        let mut codes: Vec<RecoveryCode> = Vec::with_capacity(COUNT);
        while codes.len() < COUNT {
            let code = RecoveryCode::generate(rng);
            if !codes.iter().any(|c| c.normalised() == code.normalised()) {
                codes.push(code);
            }
        }
        codes
    }

    /// Parses a code as typed: case, spaces and dashes do not matter.
    pub fn parse(input: &str) -> Result<RecoveryCode, InvalidRecoveryCode> {
        if input.chars().count() > twofold_api::limits::MAX_CODE_CHARS {
            return Err(InvalidRecoveryCode);
        }
        let code: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let valid = code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b));
        if valid {
            Ok(RecoveryCode(code.into()))
        } else {
            Err(InvalidRecoveryCode)
        }
    }

    /// The ten characters without the dash, as hashed and compared.
    pub fn normalised(&self) -> &str {
        self.0.expose_secret()
    }

    /// The code as shown to people: `xxxxx-xxxxx`.
    pub fn display(&self) -> String {
        let code = self.normalised();
        format!("{}-{}", &code[..LENGTH / 2], &code[LENGTH / 2..])
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn a_set_has_ten_distinct_codes_shaped_xxxxx_dash_xxxxx() {
        let codes = RecoveryCode::generate_set(&mut StdRng::seed_from_u64(3));
        assert_eq!(codes.len(), 10);
        let mut seen = std::collections::HashSet::new();
        for code in &codes {
            let shown = code.display();
            assert_eq!(shown.len(), 11);
            assert_eq!(&shown[5..6], "-");
            assert!(seen.insert(shown));
        }
    }

    #[test]
    fn the_alphabet_has_no_look_alike_characters() {
        for confusable in b"01ilou" {
            assert!(
                !ALPHABET.contains(confusable),
                "{}",
                char::from(*confusable)
            );
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), ALPHABET.len());
    }

    #[test]
    fn input_is_normalised_for_case_spaces_and_dashes() {
        let cases = [
            "abcde-23456",
            "ABCDE-23456",
            " abcde 23456 ",
            "abcde23456",
            "ab-cde-234-56",
        ];
        for input in cases {
            assert_eq!(
                RecoveryCode::parse(input).unwrap().normalised(),
                "abcde23456",
                "{input:?}"
            );
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        let cases = [
            "",
            "abcde",
            "abcde-2345",
            "abcde-234567",
            "abcde-2345o",
            "abcde-2345!",
            &"a".repeat(500),
        ];
        for input in cases {
            assert!(RecoveryCode::parse(input).is_err(), "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn a_shown_code_parses_back_to_itself(seed: u64, upper: bool) {
            let code = RecoveryCode::generate(&mut StdRng::seed_from_u64(seed));
            let shown = if upper { code.display().to_uppercase() } else { code.display() };
            let parsed = RecoveryCode::parse(&shown).unwrap();
            prop_assert_eq!(parsed.normalised(), code.normalised());
        }
    }
}
