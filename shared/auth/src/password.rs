//! Passwords: Argon2id with OWASP's parameters (m = 19456 KiB, t = 2,
//! p = 1), and a dummy verification so an unknown login costs the same time
//! as a wrong password.
//!
//! Hashing takes tens of milliseconds of CPU on purpose: callers in async
//! code run these functions on a blocking thread.

use std::{fmt, sync::OnceLock};

use argon2::{
    password_hash::{PasswordHash as PhcHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::SecureRng;

/// Memory cost in KiB.
pub const MEMORY_KIB: u32 = 19_456;
/// Iterations.
pub const ITERATIONS: u32 = 2;
/// Lanes.
pub const PARALLELISM: u32 = 1;

/// A password as typed. Never logged.
#[derive(Clone)]
pub struct Password(SecretString);

/// Why a password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// A new password shorter than [`Password::MIN_NEW`] characters.
    #[error("a password has at least 8 characters")]
    TooShort,
    /// More than [`Password::MAX`] bytes: refused before hashing, so nobody
    /// can make the server hash megabytes.
    #[error("a password has at most 256 characters")]
    TooLong,
    /// Empty.
    #[error("the password is empty")]
    Empty,
}

impl Password {
    /// Shortest new password, in characters (NIST SP 800-63B).
    pub const MIN_NEW: usize = 8;
    /// Longest password, in bytes.
    pub const MAX: usize = 1024;

    /// A password offered to sign in or confirm: anything non-empty up to
    /// [`Password::MAX`] bytes (old rules may have allowed what new ones do
    /// not, and the hash decides).
    pub fn parse(input: &str) -> Result<Password, PasswordError> {
        if input.is_empty() {
            return Err(PasswordError::Empty);
        }
        if input.len() > Self::MAX {
            return Err(PasswordError::TooLong);
        }
        Ok(Password(input.into()))
    }

    /// A password chosen at sign-up: 8 to 256 characters.
    pub fn parse_new(input: &str) -> Result<Password, PasswordError> {
        let length = input.chars().count();
        if length < Self::MIN_NEW {
            return Err(PasswordError::TooShort);
        }
        if length > 256 {
            return Err(PasswordError::TooLong);
        }
        Password::parse(input)
    }

    fn bytes(&self) -> &[u8] {
        self.0.expose_secret().as_bytes()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// An Argon2id hash in PHC string format.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PasswordHash(String);

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants within Argon2's limits.
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes `password` with a fresh 128-bit salt.
pub fn hash(password: &Password, rng: &mut impl SecureRng) -> PasswordHash {
    let mut salt = [0u8; 16];
    rng.fill_bytes(&mut salt);
    hash_with_salt(password, &salt)
}

fn hash_with_salt(password: &Password, salt: &[u8; 16]) -> PasswordHash {
    // Encoding 16 bytes of salt and hashing with valid parameters cannot fail;
    // an empty hash verifies nothing, which is the safe fallback.
    let hashed = match SaltString::encode_b64(salt) {
        Ok(salt) => argon2()
            .hash_password(password.bytes(), &salt)
            .map(|h| h.to_string()),
        Err(error) => Err(error),
    };
    PasswordHash(hashed.unwrap_or_default())
}

/// True when `password` matches `hash`. Costs one Argon2id computation with
/// the hash's own parameters.
pub fn verify(password: &Password, hash: &PasswordHash) -> bool {
    match PhcHash::new(&hash.0) {
        Ok(parsed) => argon2().verify_password(password.bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of one verification against a hash that matches nothing
/// a person can type, so that "no such login" and "wrong password" take the
/// same time. Always false.
pub fn dummy_verify(password: &Password) -> bool {
    std::hint::black_box(verify(password, dummy_hash()));
    false
}

/// Computes the dummy hash now, at start-up, so that the first unknown
/// login on a fresh instance costs one verification like every other, not
/// a hash and a verification.
pub fn prepare_dummy() {
    dummy_hash();
}

/// Whether the dummy hash exists yet (after [`prepare_dummy`] or a first
/// dummy verification).
pub fn dummy_prepared() -> bool {
    DUMMY.get().is_some()
}

static DUMMY: OnceLock<PasswordHash> = OnceLock::new();

fn dummy_hash() -> &'static PasswordHash {
    DUMMY.get_or_init(|| {
        // A password of 1025 bytes cannot be offered (limit 1024), so this
        // hash never matches.
        hash_with_salt(&Password("x".repeat(Password::MAX + 1).into()), &[7u8; 16])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    fn pw(text: &str) -> Password {
        Password::parse(text).unwrap()
    }

    #[test]
    fn a_hash_verifies_its_own_password_and_no_other() {
        let hash = hash(&pw("correct horse"), &mut StdRng::seed_from_u64(1));
        assert!(verify(&pw("correct horse"), &hash));
        assert!(!verify(&pw("correct horsE"), &hash));
    }

    #[test]
    fn hashes_are_argon2id_with_the_owasp_parameters() {
        let hash = hash(&pw("correct horse"), &mut StdRng::seed_from_u64(1));
        assert!(
            hash.0.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.0
        );
    }

    #[test]
    fn the_same_password_hashes_differently_with_another_salt() {
        let a = hash(&pw("correct horse"), &mut StdRng::seed_from_u64(1));
        let b = hash(&pw("correct horse"), &mut StdRng::seed_from_u64(2));
        assert_ne!(a, b);
    }

    #[test]
    fn long_and_non_ascii_passwords_are_hashed_whole_not_truncated() {
        // bcrypt keeps only 72 bytes; Argon2id must keep them all.
        let long = "correct horse battery staple ".repeat(4);
        assert!(long.len() > 72);
        let stored = hash(&pw(&long), &mut StdRng::seed_from_u64(1));
        assert!(verify(&pw(&long), &stored));
        assert!(!verify(&pw(&format!("{long}x")), &stored));
        let mut changed_late = long.clone().into_bytes();
        changed_late[100] = b'X';
        let changed_late = String::from_utf8(changed_late).unwrap();
        assert!(!verify(&pw(&changed_late), &stored));
        let accented = hash(&pw("pässwörd ünïcode"), &mut StdRng::seed_from_u64(2));
        assert!(verify(&pw("pässwörd ünïcode"), &accented));
        assert!(!verify(&pw("passwörd ünïcode"), &accented));
        assert!(!verify(&pw("pässwörd ünïcod"), &accented));
    }

    #[test]
    fn salts_are_16_random_bytes_measured_from_the_stored_hash() {
        let hashes: Vec<PasswordHash> = (0..4)
            .map(|seed| hash(&pw("correct horse"), &mut StdRng::seed_from_u64(seed)))
            .collect();
        let salts: Vec<Vec<u8>> = hashes
            .iter()
            .map(|h| {
                // $argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>
                let salt = h.0.split('$').nth(4).unwrap();
                data_encoding::BASE64_NOPAD.decode(salt.as_bytes()).unwrap()
            })
            .collect();
        assert!(salts.iter().all(|salt| salt.len() == 16), "{salts:?}");
        assert!(salts.windows(2).all(|pair| pair[0] != pair[1]));
    }

    #[test]
    fn the_dummy_verification_never_succeeds() {
        assert!(!dummy_verify(&pw("anything")));
        assert!(!dummy_verify(&pw(&"x".repeat(Password::MAX))));
    }

    #[test]
    fn a_garbled_hash_verifies_nothing() {
        assert!(!verify(&pw("x"), &PasswordHash("not a hash".into())));
        assert!(!verify(&pw("x"), &PasswordHash(String::new())));
    }

    #[test]
    fn new_passwords_need_8_to_256_characters_and_offered_ones_at_most_1024_bytes() {
        assert_eq!(
            Password::parse_new("short").unwrap_err(),
            PasswordError::TooShort
        );
        assert!(Password::parse_new("eight ch").is_ok());
        assert_eq!(
            Password::parse_new(&"x".repeat(257)).unwrap_err(),
            PasswordError::TooLong
        );
        assert_eq!(Password::parse("").unwrap_err(), PasswordError::Empty);
        assert_eq!(
            Password::parse(&"x".repeat(1025)).unwrap_err(),
            PasswordError::TooLong
        );
        assert!(!format!("{:?}", pw("hunter2")).contains("hunter2"));
    }
}
