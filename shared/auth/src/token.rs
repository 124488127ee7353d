//! Bearer tokens: sessions, pending sessions and personal access tokens.
//!
//! A token is a recognisable prefix and base64url of the account id (16
//! bytes) and 256 random bits. The account id lets the store fetch the
//! session and the account in one round trip; the random part is what makes
//! it unguessable. Only the SHA-256 of the whole token is stored, so a copy
//! of the table holds no usable token.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{ids::UserId, SecureRng};

const RANDOM_BYTES: usize = 32;
const PAYLOAD_BYTES: usize = UserId::BYTES + RANDOM_BYTES;

/// What a token is for; each kind has its own prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenKind {
    /// A signed-in session.
    Session,
    /// A session waiting for its second factor: only Verify2FACode takes it.
    Pending,
    /// A personal access token: calls the methods its list names.
    Access,
}

impl TokenKind {
    /// The prefix that makes the token recognisable (to people and to
    /// secret scanners).
    pub const fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "tfs_",
            TokenKind::Pending => "tfp_",
            TokenKind::Access => twofold_api::tokens::ACCESS_TOKEN_PREFIX,
        }
    }

    const ALL: [TokenKind; 3] = [TokenKind::Session, TokenKind::Pending, TokenKind::Access];
}

/// The SHA-256 of a token, in hex: how the store knows it.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenHash(String);

impl TokenHash {
    /// The hash as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A hash read back from the store.
    pub fn from_stored(hex: String) -> Self {
        TokenHash(hex)
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A prefix is enough to tell sessions apart in a debugger.
        write!(f, "TokenHash({}..)", self.0.get(..8).unwrap_or_default())
    }
}

/// A token just made: the value goes to the client once, the hash to the
/// store.
pub struct IssuedToken {
    /// The token itself.
    pub value: SecretString,
    /// What it is for.
    pub kind: TokenKind,
    /// Whose it is.
    pub user_id: UserId,
    /// Its SHA-256.
    pub hash: TokenHash,
}

impl fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedToken")
            .field("kind", &self.kind)
            .field("user_id", &self.user_id)
            .field("hash", &self.hash)
            .finish_non_exhaustive()
    }
}

/// A token presented by a client, checked for shape only: whether it is
/// live is the store's to say.
#[derive(Clone, PartialEq, Eq)]
pub struct PresentedToken {
    /// What its prefix says it is for.
    pub kind: TokenKind,
    /// Whose it claims to be.
    pub user_id: UserId,
    /// Its SHA-256.
    pub hash: TokenHash,
}

impl fmt::Debug for PresentedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresentedToken")
            .field("kind", &self.kind)
            .field("user_id", &self.user_id)
            .field("hash", &self.hash)
            .finish()
    }
}

/// Text that is not a token of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a Twofold token")]
pub struct MalformedToken;

pub(crate) fn hash_of(value: &str) -> TokenHash {
    TokenHash(data_encoding::HEXLOWER.encode(&Sha256::digest(value.as_bytes())))
}

/// Makes a new token of `kind` for `user_id`.
pub fn issue(kind: TokenKind, user_id: &UserId, rng: &mut impl SecureRng) -> IssuedToken {
    let mut payload = [0u8; PAYLOAD_BYTES];
    payload[..UserId::BYTES].copy_from_slice(&user_id.to_bytes());
    rng.fill_bytes(&mut payload[UserId::BYTES..]);
    let value = format!(
        "{}{}",
        kind.prefix(),
        data_encoding::BASE64URL_NOPAD.encode(&payload)
    );
    let hash = hash_of(&value);
    IssuedToken {
        value: value.into(),
        kind,
        user_id: user_id.clone(),
        hash,
    }
}

/// Reads a token a client presented.
pub fn parse(value: &str) -> Result<PresentedToken, MalformedToken> {
    if value.len() > 128 {
        return Err(MalformedToken);
    }
    let (kind, encoded) = TokenKind::ALL
        .iter()
        .find_map(|kind| value.strip_prefix(kind.prefix()).map(|rest| (*kind, rest)))
        .ok_or(MalformedToken)?;
    let payload = data_encoding::BASE64URL_NOPAD
        .decode(encoded.as_bytes())
        .map_err(|_| MalformedToken)?;
    let id: [u8; UserId::BYTES] = payload
        .get(..UserId::BYTES)
        .filter(|_| payload.len() == PAYLOAD_BYTES)
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(MalformedToken)?;
    Ok(PresentedToken {
        kind,
        user_id: UserId::from_bytes(&id),
        hash: hash_of(value),
    })
}

impl IssuedToken {
    /// The token as a client would present it again.
    pub fn presented(&self) -> PresentedToken {
        PresentedToken {
            kind: self.kind,
            user_id: self.user_id.clone(),
            hash: self.hash.clone(),
        }
    }

    /// The token's text.
    pub fn expose(&self) -> &str {
        self.value.expose_secret()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn an_issued_token_parses_back_to_its_kind_owner_and_hash() {
        let mut rng = StdRng::seed_from_u64(5);
        let user = UserId::generate(&mut rng);
        for kind in TokenKind::ALL {
            let token = issue(kind, &user, &mut rng);
            assert!(token.expose().starts_with(kind.prefix()));
            assert_eq!(parse(token.expose()).unwrap(), token.presented());
        }
    }

    #[test]
    fn tokens_carry_256_random_bits_and_only_their_hash_is_kept() {
        let mut rng = StdRng::seed_from_u64(5);
        let user = UserId::generate(&mut rng);
        let a = issue(TokenKind::Session, &user, &mut rng);
        let b = issue(TokenKind::Session, &user, &mut rng);
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.hash.as_str().len(), 64);
        assert!(!a.hash.as_str().contains(a.expose()));
        assert!(!format!("{a:?}").contains(a.expose()));
    }

    #[test]
    fn tokens_carry_at_least_128_random_bits_measured_from_the_token() {
        let mut rng = StdRng::seed_from_u64(6);
        let user = UserId::generate(&mut rng);
        let random_parts: Vec<Vec<u8>> = (0..4)
            .map(|_| {
                let token = issue(TokenKind::Session, &user, &mut rng);
                let payload = token.expose().strip_prefix("tfs_").unwrap();
                let bytes = data_encoding::BASE64URL_NOPAD
                    .decode(payload.as_bytes())
                    .unwrap();
                // The account id is not secret: only what follows it counts.
                assert_eq!(&bytes[..UserId::BYTES], &user.to_bytes()[..]);
                bytes[UserId::BYTES..].to_vec()
            })
            .collect();
        assert!(random_parts.iter().all(|r| r.len() * 8 >= 128));
        assert_eq!(random_parts[0].len() * 8, 256);
        assert!(random_parts.windows(2).all(|pair| pair[0] != pair[1]));
    }

    #[test]
    fn text_that_is_not_a_token_is_refused() {
        let mut rng = StdRng::seed_from_u64(5);
        let good = issue(TokenKind::Session, &UserId::generate(&mut rng), &mut rng);
        let truncated = &good.expose()[..good.expose().len() - 2];
        let cases = [
            "",
            "tfs_",
            "tfx_abc",
            "Bearer x",
            truncated,
            &"tfs_".repeat(40),
        ];
        for case in cases {
            assert_eq!(parse(case), Err(MalformedToken), "{case:?}");
        }
    }
}
