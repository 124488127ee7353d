//! The security keys and passkeys of an account, as it keeps them: named,
//! dated, and webauthn-rs' record of each, opaque here (the service layer's
//! relying party reads and writes it).

use serde::{Deserialize, Serialize};

/// The kind of key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyKind {
    /// A second factor after the password.
    SecurityKey,
    /// A discoverable credential that verifies its user: signs in alone.
    Passkey,
}

/// One key of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityKey {
    /// The account's number for it, never reused.
    pub id: u32,
    /// What the owner calls it ("Blue YubiKey").
    pub name: String,
    /// Its kind.
    pub kind: KeyKind,
    /// The credential id, base64url without padding.
    pub credential_id: String,
    /// webauthn-rs' record of it (public key, counter, flags), as JSON.
    pub credential: String,
    /// When it was added.
    pub added_at: u64,
    /// When it last answered a check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<u64>,
}
