//! Sealing secrets at rest: AES-256-GCM under a key kept outside the
//! database, so a copy of the table alone reveals no TOTP secret and no
//! recovery code.

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

const VERSION: &str = "v1.";
const NONCE_BYTES: usize = 12;

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

/// Seals and opens values, and makes keyed hashes, with one key.
pub struct Sealer {
    cipher: Aes256Gcm,
    hash_key: Zeroizing<[u8; 32]>,
}

impl Sealer {
    /// A sealer for `key`.
    pub fn new(key: &SealingKey) -> Self {
        let cipher = Aes256Gcm::new(key.0.expose_secret().into());
        // A separate key for hashing, derived so the AEAD key is used for
        // one thing only.
        let mut derive = <Hmac<Sha256> as Mac>::new_from_slice(key.0.expose_secret())
            .unwrap_or_else(|_| unreachable_hmac());
        derive.update(b"twofold/keyed-hash/v1");
        let hash_key = Zeroizing::new(derive.finalize().into_bytes().into());
        Sealer { cipher, hash_key }
    }

    /// Seals `plaintext`, bound to `context` (account and purpose): a value
    /// sealed for one context does not open in another.
    pub fn seal(&self, rng: &mut impl SecureRng, plaintext: &[u8], context: &str) -> Sealed {
        let mut nonce = [0u8; NONCE_BYTES];
        rng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext,
            aad: context.as_bytes(),
        };
        // Encryption with a valid key and nonce only fails for messages over
        // 64 GiB; ours are a few hundred bytes.
        let ciphertext = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&ciphertext);
        Sealed(format!(
            "{VERSION}{}",
            data_encoding::BASE64URL_NOPAD.encode(&blob)
        ))
    }

    /// Opens a value sealed for `context`.
    pub fn open(&self, sealed: &Sealed, context: &str) -> Result<Zeroizing<Vec<u8>>, UnsealError> {
        let encoded = sealed.0.strip_prefix(VERSION).ok_or(UnsealError)?;
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
        self.cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map(Zeroizing::new)
            .map_err(|_| UnsealError)
    }

    /// HMAC-SHA256 of `data` under the derived hash key, in hex. Used where
    /// only a hash is kept (recovery codes in hash-only mode): without the
    /// key, the table alone does not allow guessing codes offline.
    pub fn keyed_hash(&self, context: &str, data: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.hash_key.as_slice())
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(context.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
    }
}

impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealer([redacted])")
    }
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
