//! Passwords: Argon2id with OWASP's parameters (m = 19456 KiB, t = 2,
//! p = 1), and a dummy verification so an unknown login costs the same time
//! as a wrong password.
//!
//! Hashing takes tens of milliseconds of CPU on purpose: callers in async
//! code run these functions on a blocking thread.
//!
//! Each password thread keeps Argon2id's working memory (19 MiB) and reuses
//! it for every hash, instead of allocating and freeing 19 MiB per hash: the allocator keeps freed blocks of that size in its arenas, where
//! they pile up (a release twofold-local held 241 MiB after 64 sign-ins on
//! two password threads, 69 MiB with the memory reused; docs/PERFORMANCE.md).
//! Argon2's first pass overwrites every block, so what a previous hash left
//! there changes nothing.

use std::{
    cell::{Cell, RefCell},
    fmt,
    sync::OnceLock,
};

use argon2::{
    password_hash::{Output, ParamsString, PasswordHash as PhcHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use twofold_api::limits::{MAX_NEW_PASSWORD_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

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
    /// A new password shorter than [`MIN_PASSWORD_CHARS`] characters.
    #[error("a password has at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// A new password longer than [`MAX_NEW_PASSWORD_CHARS`] characters.
    #[error("a password has at most {MAX_NEW_PASSWORD_CHARS} characters")]
    TooLong,
    /// Longer than [`MAX_PASSWORD_CHARS`] characters: refused before
    /// hashing, so nobody can make the server hash megabytes.
    #[error("a password has at most {MAX_PASSWORD_CHARS} characters")]
    Oversized,
    /// Empty.
    #[error("the password is empty")]
    Empty,
}

impl Password {
    /// A password offered to sign in or confirm: anything non-empty up to
    /// [`MAX_PASSWORD_CHARS`] characters (old rules may have allowed what
    /// new ones do not, and the hash decides).
    pub fn parse(input: &str) -> Result<Password, PasswordError> {
        if input.is_empty() {
            return Err(PasswordError::Empty);
        }
        if input.chars().count() > MAX_PASSWORD_CHARS {
            return Err(PasswordError::Oversized);
        }
        Ok(Password(input.into()))
    }

    /// A password chosen at sign-up or as a new one: 8 to 256 characters.
    pub fn parse_new(input: &str) -> Result<Password, PasswordError> {
        let length = input.chars().count();
        if length < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        if length > MAX_NEW_PASSWORD_CHARS {
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

impl PasswordHash {
    /// The PHC string, as stored.
    pub fn as_stored(&self) -> &str {
        &self.0
    }

    /// A hash read back from the store.
    pub fn from_stored(phc: String) -> Self {
        PasswordHash(phc)
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

fn params() -> Params {
    // The parameters are constants within Argon2's limits.
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).unwrap_or_default()
}

thread_local! {
    /// This thread's Argon2 working memory, as large as the largest hash it
    /// computed needed; kept between hashes only on threads that asked
    /// ([`keep_memory_on_this_thread`]).
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
    static KEEP_MEMORY: Cell<bool> = const { Cell::new(false) };
}

/// Keeps Argon2's working memory on the calling thread between hashes, for
/// threads that do nothing else (a fixed set of password threads): 19 MiB
/// each, for the thread's life. Other threads free it after each hash.
pub fn keep_memory_on_this_thread() {
    KEEP_MEMORY.with(|keep| keep.set(true));
}

/// Argon2 of `password` and `salt` into `out`, in this thread's memory.
fn compute(argon2: &Argon2<'_>, password: &[u8], salt: &[u8], out: &mut [u8]) -> bool {
    MEMORY.with(|memory| {
        // Never borrowed twice: nothing below calls back into this module.
        let Ok(mut memory) = memory.try_borrow_mut() else {
            return false;
        };
        let blocks = argon2.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        let computed = argon2
            // Argon2 uses the first `blocks` of a larger memory.
            .hash_password_into_with_memory(password, salt, out, memory.as_mut_slice())
            .is_ok();
        if !KEEP_MEMORY.with(Cell::get) {
            *memory = Vec::new();
        }
        computed
    })
}

/// Hashes `password` with a fresh 128-bit salt.
pub fn hash(password: &Password, rng: &mut impl SecureRng) -> PasswordHash {
    let mut salt = [0u8; 16];
    rng.fill_bytes(&mut salt);
    hash_with_salt(password, &salt)
}

fn hash_with_salt(password: &Password, salt: &[u8; 16]) -> PasswordHash {
    // Encoding 16 bytes of salt and the constant parameters cannot fail; an
    // empty hash verifies nothing, which is the safe fallback.
    let params = params();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    if !compute(&argon2, password.bytes(), salt, &mut out) {
        return PasswordHash(String::new());
    }
    let phc = SaltString::encode_b64(salt).and_then(|salt| {
        Ok(PhcHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out)?),
        }
        .to_string())
    });
    PasswordHash(phc.unwrap_or_default())
}

/// True when `password` matches `hash`. Costs one Argon2 computation with
/// the hash's own algorithm, version and parameters.
pub fn verify(password: &Password, hash: &PasswordHash) -> bool {
    let Ok(parsed) = PhcHash::new(&hash.0) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    // `Output`'s comparison takes the same time wherever they differ.
    compute(&argon2, password.bytes(), salt_bytes, &mut out)
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// Spends the time of one verification against a hash that matches nothing
/// a person can type, so that "no such login" and "wrong password" take the
/// same time. Always false.
pub fn dummy_verify(password: &Password) -> bool {
    std::hint::black_box(verify(password, dummy_hash()));
    false
}

/// The hash the dummy verification checks against: Argon2id with the
/// production parameters of a password of 1025 bytes, which cannot be
/// offered (the limit is 1024), under the salt `[7; 16]`. A constant, not
/// computed at start: that cost every fresh instance 53 ms of Argon2id
/// before its first answer (docs/PERFORMANCE.md, cold start); a test
/// recomputes it.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$BwcHBwcHBwcHBwcHBwcHBw$1pbEGGqGcWHaed2w1aI/MnhNG2zVvJrV+aWjhh24Xsw";

fn dummy_hash() -> &'static PasswordHash {
    static DUMMY: OnceLock<PasswordHash> = OnceLock::new();
    DUMMY.get_or_init(|| PasswordHash(DUMMY_HASH.to_owned()))
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
    fn the_dummy_hash_is_an_untypeable_password_s_hash_with_the_production_parameters() {
        let untypeable = Password("x".repeat(MAX_PASSWORD_CHARS + 1).into());
        assert_eq!(hash_with_salt(&untypeable, &[7u8; 16]).0, DUMMY_HASH);
        assert!(verify(&untypeable, dummy_hash()));
        let prefix = hash(&pw("anything"), &mut StdRng::seed_from_u64(1)).0;
        let params = |h: &str| h.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(
            params(DUMMY_HASH),
            params(&prefix),
            "it costs what a real check costs"
        );
    }

    #[test]
    fn the_dummy_verification_never_succeeds() {
        assert!(!dummy_verify(&pw("anything")));
        assert!(!dummy_verify(&pw(&"x".repeat(MAX_PASSWORD_CHARS))));
    }

    /// The hash the argon2 crate's own `PasswordHasher` makes (how every
    /// stored hash was made before the memory was reused).
    fn crate_hash(password: &str, salt: &[u8; 16], params: Params, algorithm: Algorithm) -> String {
        use argon2::password_hash::PasswordHasher;
        Argon2::new(algorithm, Version::V0x13, params)
            .hash_password(password.as_bytes(), &SaltString::encode_b64(salt).unwrap())
            .unwrap()
            .to_string()
    }

    #[test]
    fn hashes_are_the_argon2_crate_s_to_the_byte() {
        let salt = [42u8; 16];
        assert_eq!(
            hash_with_salt(&pw("correct horse"), &salt).0,
            crate_hash("correct horse", &salt, params(), Algorithm::Argon2id)
        );
    }

    #[test]
    fn hashes_with_other_parameters_and_variants_verify_in_the_same_memory() {
        // Smaller, then larger than production memory, on one thread.
        let cases = [
            (
                Params::new(8 * 1024, 3, 1, None).unwrap(),
                Algorithm::Argon2id,
            ),
            (
                Params::new(32 * 1024, 1, 2, Some(64)).unwrap(),
                Algorithm::Argon2id,
            ),
            (
                Params::new(4 * 1024, 2, 1, None).unwrap(),
                Algorithm::Argon2i,
            ),
            (params(), Algorithm::Argon2id),
        ];
        for (params, algorithm) in cases {
            let stored = PasswordHash(crate_hash("correct horse", &[9u8; 16], params, algorithm));
            assert!(verify(&pw("correct horse"), &stored), "{stored:?}");
            assert!(!verify(&pw("correct horsf"), &stored), "{stored:?}");
        }
    }

    #[test]
    fn a_garbled_hash_verifies_nothing() {
        assert!(!verify(&pw("x"), &PasswordHash("not a hash".into())));
        assert!(!verify(&pw("x"), &PasswordHash(String::new())));
    }

    #[test]
    fn new_passwords_need_8_to_256_characters_and_offered_ones_at_most_1024_characters() {
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
            PasswordError::Oversized
        );
        // Characters, not bytes: as JSON Schema counts maxLength.
        assert!(Password::parse(&"é".repeat(1024)).is_ok());
        assert!(!format!("{:?}", pw("hunter2")).contains("hunter2"));
    }
}
