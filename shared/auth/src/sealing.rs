//! Sealing secrets at rest: AES-256-GCM under a key kept outside the
//! database, so a copy of the table alone reveals no TOTP secret and no
//! recovery code.
//!
//! Keys carry an id, and every sealed value names the key that sealed it
//! (`v1.`, `v2.`, ...): new values are sealed with the current key, and a
//! value opens with whichever configured key it names. So a key is rotated
//! without locking anyone out: configure a new current key, keep the old one
//! among the old keys, re-seal every account (`twofold-admin reseal`), then
//! drop the old key.

use std::fmt;

use aes_gcm::{
    aead::{Aead, KeyInit, Payload},
    Aes256Gcm, Nonce,
};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::SecureRng;

const NONCE_BYTES: usize = 12;

/// The id of the key a value without a key id was sealed (or hashed) with:
/// values written before keys had ids.
pub const FIRST_KEY_ID: u32 = 1;

/// The 256-bit sealing key.
pub struct SealingKey(SecretBox<[u8; 32]>);

/// Text that is not a 256-bit key in hex.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the sealing key must be 64 hex digits (256 bits)")]
pub struct InvalidSealingKey;

impl SealingKey {
    /// Parses 64 hex digits (surrounding white space allowed).
    pub fn from_hex(text: &str) -> Result<Self, InvalidSealingKey> {
        let decoded = Zeroizing::new(
            data_encoding::HEXLOWER_PERMISSIVE
                .decode(text.trim().as_bytes())
                .map_err(|_| InvalidSealingKey)?,
        );
        let bytes: [u8; 32] = decoded
            .as_slice()
            .try_into()
            .map_err(|_| InvalidSealingKey)?;
        Ok(SealingKey(SecretBox::new(Box::new(bytes))))
    }

    /// A new random key.
    pub fn generate(rng: &mut impl SecureRng) -> Self {
        let mut bytes = Box::new([0u8; 32]);
        rng.fill_bytes(bytes.as_mut());
        SealingKey(SecretBox::new(bytes))
    }

    /// The key in hex, for writing to a key file.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(data_encoding::HEXLOWER.encode(self.0.expose_secret()))
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealingKey([redacted])")
    }
}

/// A sealed value: `v1.` then base64url of nonce and ciphertext.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sealed(String);

impl Sealed {
    /// A sealed value as a store kept it (opening it checks it).
    pub fn from_stored(text: String) -> Self {
        Sealed(text)
    }

    /// The text the store keeps.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealed(..)")
    }
}

/// A sealed value that does not open: altered, from another account or
/// purpose, or sealed under another key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a sealed value does not open with this key")]
pub struct UnsealError;

/// Two keys configured under one id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sealing key id {0} is configured twice")]
pub struct DuplicateKeyId(pub u32);

/// One key, ready for use.
struct KeyInUse {
    id: u32,
    cipher: Aes256Gcm,
    hash_key: Zeroizing<[u8; 32]>,
}

impl KeyInUse {
    fn new(id: u32, key: &SealingKey) -> Self {
        let cipher = Aes256Gcm::new(key.0.expose_secret().into());
        // A separate key for hashing, derived so the AEAD key is used for
        // one thing only.
        let mut derive = <Hmac<Sha256> as Mac>::new_from_slice(key.0.expose_secret())
            .unwrap_or_else(|_| unreachable_hmac());
        derive.update(b"twofold/keyed-hash/v1");
        let hash_key = Zeroizing::new(derive.finalize().into_bytes().into());
        KeyInUse {
            id,
            cipher,
            hash_key,
        }
    }

    fn keyed_hash(&self, context: &str, data: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.hash_key.as_slice())
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(context.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        let hex = data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes());
        if self.id == FIRST_KEY_ID {
            hex
        } else {
            format!("v{}.{hex}", self.id)
        }
    }
}

/// Splits `v<id>.<rest>` into the id and the rest.
fn key_id_of(text: &str) -> Option<(u32, &str)> {
    let rest = text.strip_prefix('v')?;
    let (id, body) = rest.split_once('.')?;
    if id.is_empty() || id.len() > 9 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((id.parse().ok()?, body))
}

/// Seals and opens values, and makes keyed hashes: with the current key,
/// and opens with any configured one.
pub struct Sealer {
    /// The current key first, then the old ones.
    keys: Vec<KeyInUse>,
}

impl Sealer {
    /// A sealer with one key, id 1.
    pub fn new(key: &SealingKey) -> Self {
        Sealer {
            keys: vec![KeyInUse::new(FIRST_KEY_ID, key)],
        }
    }

    /// A sealer that seals with `current` and opens with it and with every
    /// key in `old`, each under its id.
    pub fn with_keys(
        current: (u32, &SealingKey),
        old: &[(u32, &SealingKey)],
    ) -> Result<Self, DuplicateKeyId> {
        let mut keys = vec![KeyInUse::new(current.0, current.1)];
        for &(id, key) in old {
            if keys.iter().any(|k| k.id == id) {
                return Err(DuplicateKeyId(id));
            }
            keys.push(KeyInUse::new(id, key));
        }
        Ok(Sealer { keys })
    }

    fn current(&self) -> &KeyInUse {
        // `new` and `with_keys` always put the current key first.
        self.keys.first().unwrap_or_else(|| unreachable_no_key())
    }

    fn key(&self, id: u32) -> Option<&KeyInUse> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// The id new values are sealed under.
    pub fn current_id(&self) -> u32 {
        self.current().id
    }

    /// True when `sealed` was sealed with the current key.
    pub fn is_current(&self, sealed: &Sealed) -> bool {
        key_id_of(&sealed.0).is_some_and(|(id, _)| id == self.current_id())
    }

    /// True when a keyed hash was made with the current key.
    pub fn is_current_hash(&self, stored: &str) -> bool {
        let id = key_id_of(stored).map_or(FIRST_KEY_ID, |(id, _)| id);
        id == self.current_id()
    }

    /// Seals `plaintext`, bound to `context` (account and purpose): a value
    /// sealed for one context does not open in another.
    pub fn seal(&self, rng: &mut impl SecureRng, plaintext: &[u8], context: &str) -> Sealed {
        let key = self.current();
        let mut nonce = [0u8; NONCE_BYTES];
        rng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext,
            aad: context.as_bytes(),
        };
        // Encryption with a valid key and nonce only fails for messages over
        // 64 GiB; ours are a few hundred bytes.
        let ciphertext = key
            .cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&ciphertext);
        Sealed(format!(
            "v{}.{}",
            key.id,
            data_encoding::BASE64URL_NOPAD.encode(&blob)
        ))
    }

    /// Opens a value sealed for `context`, with the key it names.
    pub fn open(&self, sealed: &Sealed, context: &str) -> Result<Zeroizing<Vec<u8>>, UnsealError> {
        let (id, encoded) = key_id_of(&sealed.0).ok_or(UnsealError)?;
        let key = self.key(id).ok_or(UnsealError)?;
        let blob = data_encoding::BASE64URL_NOPAD
            .decode(encoded.as_bytes())
            .map_err(|_| UnsealError)?;
        if blob.len() < NONCE_BYTES {
            return Err(UnsealError);
        }
        let (nonce, ciphertext) = blob.split_at(NONCE_BYTES);
        let payload = Payload {
            msg: ciphertext,
            aad: context.as_bytes(),
        };
        key.cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map(Zeroizing::new)
            .map_err(|_| UnsealError)
    }

    /// HMAC-SHA256 of `data` under the current key's derived hash key, in
    /// hex (prefixed `v<id>.` for keys other than the first). Used where
    /// only a hash is kept (recovery codes in hash-only mode): without the
    /// key, the table alone does not allow guessing codes offline.
    pub fn keyed_hash(&self, context: &str, data: &[u8]) -> String {
        self.current().keyed_hash(context, data)
    }

    /// The keyed hash of `data` under the key `stored` names, for comparing
    /// with `stored`; `None` when that key is not configured.
    pub fn keyed_hash_like(&self, stored: &str, context: &str, data: &[u8]) -> Option<String> {
        let id = key_id_of(stored).map_or(FIRST_KEY_ID, |(id, _)| id);
        self.key(id).map(|key| key.keyed_hash(context, data))
    }
}

impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealer([redacted])")
    }
}

/// A sealer always holds its current key.
fn unreachable_no_key() -> &'static KeyInUse {
    unreachable!("a sealer is built with its current key")
}

/// HMAC accepts keys of every length, so construction cannot fail.
fn unreachable_hmac() -> Hmac<Sha256> {
    unreachable!("HMAC-SHA256 takes keys of any length")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    fn sealer(seed: u64) -> Sealer {
        Sealer::new(&SealingKey::generate(&mut StdRng::seed_from_u64(seed)))
    }

    #[test]
    fn a_sealed_value_opens_to_the_plaintext() {
        let sealer = sealer(1);
        let sealed = sealer.seal(&mut StdRng::seed_from_u64(2), b"secret bytes", "user/totp");
        assert_eq!(
            sealer.open(&sealed, "user/totp").unwrap().as_slice(),
            b"secret bytes"
        );
        assert!(!format!("{sealed:?}").contains("secret"));
    }

    #[test]
    fn a_sealed_value_does_not_open_for_another_context_or_key_or_when_altered() {
        let sealer = sealer(1);
        let sealed = sealer.seal(&mut StdRng::seed_from_u64(2), b"secret bytes", "alice/totp");
        assert_eq!(sealer.open(&sealed, "mallory/totp"), Err(UnsealError));
        assert_eq!(
            self::sealer(9).open(&sealed, "alice/totp"),
            Err(UnsealError)
        );
        let mut altered = sealed.0.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = Sealed(String::from_utf8(altered).unwrap());
        assert_eq!(sealer.open(&altered, "alice/totp"), Err(UnsealError));
        assert_eq!(
            sealer.open(&Sealed("v1.".into()), "alice/totp"),
            Err(UnsealError)
        );
        assert_eq!(
            sealer.open(&Sealed("garbage".into()), "alice/totp"),
            Err(UnsealError)
        );
    }

    #[test]
    fn sealing_the_same_value_twice_gives_different_ciphertexts() {
        let sealer = sealer(1);
        let mut rng = StdRng::seed_from_u64(2);
        assert_ne!(
            sealer.seal(&mut rng, b"x", "c"),
            sealer.seal(&mut rng, b"x", "c")
        );
    }

    #[test]
    fn keys_parse_from_64_hex_digits_only() {
        let key = SealingKey::generate(&mut StdRng::seed_from_u64(4));
        assert!(SealingKey::from_hex(&key.to_hex()).is_ok());
        assert!(SealingKey::from_hex(&format!(" {} \n", key.to_hex().as_str())).is_ok());
        for bad in [
            "",
            "abcd",
            &"z".repeat(64),
            &"a".repeat(62),
            &"a".repeat(66),
        ] {
            assert!(SealingKey::from_hex(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn after_a_rotation_old_values_open_and_new_ones_are_sealed_with_the_new_key() {
        let old_key = SealingKey::generate(&mut StdRng::seed_from_u64(1));
        let new_key = SealingKey::generate(&mut StdRng::seed_from_u64(2));
        let mut rng = StdRng::seed_from_u64(3);
        let before = Sealer::new(&old_key);
        let sealed_before = before.seal(&mut rng, b"secret", "c");
        let hashed_before = before.keyed_hash("c", b"code");
        assert!(sealed_before.0.starts_with("v1."));

        let after = Sealer::with_keys((2, &new_key), &[(1, &old_key)]).unwrap();
        assert_eq!(
            after.open(&sealed_before, "c").unwrap().as_slice(),
            b"secret"
        );
        assert!(!after.is_current(&sealed_before));
        let sealed_after = after.seal(&mut rng, b"secret", "c");
        assert!(sealed_after.0.starts_with("v2."));
        assert!(after.is_current(&sealed_after));
        assert_eq!(
            after.keyed_hash_like(&hashed_before, "c", b"code"),
            Some(hashed_before.clone())
        );
        assert!(!after.is_current_hash(&hashed_before));
        assert!(after.keyed_hash("c", b"code").starts_with("v2."));

        // Once the old key is dropped, what it sealed no longer opens.
        let dropped = Sealer::with_keys((2, &new_key), &[]).unwrap();
        assert_eq!(dropped.open(&sealed_before, "c"), Err(UnsealError));
        assert_eq!(dropped.keyed_hash_like(&hashed_before, "c", b"code"), None);
        assert_eq!(
            dropped.open(&sealed_after, "c").unwrap().as_slice(),
            b"secret"
        );
        assert!(Sealer::with_keys((2, &new_key), &[(2, &old_key)]).is_err());
    }

    #[test]
    fn keyed_hashes_depend_on_key_context_and_data() {
        let a = sealer(1);
        let b = sealer(2);
        let h = a.keyed_hash("ctx", b"code");
        assert_eq!(h, a.keyed_hash("ctx", b"code"));
        assert_ne!(h, a.keyed_hash("ctx2", b"code"));
        assert_ne!(h, a.keyed_hash("ctx", b"code2"));
        assert_ne!(h, b.keyed_hash("ctx", b"code"));
    }
}
