//! Bodies of the security-key and passkey methods: Setup2FAKey,
//! Enable2FAKey, Rename2FAKey, Remove2FAKey (the account service);
//! Start2FAKeyCheck, Verify2FAKey, StartPasskeySignIn, SignInWithPasskey
//! (the authentication service).
//!
//! A key is checked in a ceremony: the server hands out `options` (the
//! WebAuthn `publicKey` member, as JSON: the browser reads it with
//! `PublicKeyCredential.parseCreationOptionsFromJSON` or
//! `parseRequestOptionsFromJSON`) and a `ceremony` handle; the browser's
//! answer (`credential.toJSON()`) comes back with that handle, once, within
//! five minutes. The options and the answer are JSON objects here, so the
//! app carries no WebAuthn types of its own: the browser parses them.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::tokens::Selection;

/// Stands in for a secret in `Debug` output.
const REDACTED: &str = "[redacted]";

/// What kind of key is added.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyKind {
    /// A security key (or a phone or computer acting as one): a second
    /// factor after the password.
    SecurityKey,
    /// A passkey: kept on the key, asks for its PIN, fingerprint or face,
    /// and signs in on its own (it counts as both factors).
    Passkey,
}

/// One key of the account, as GetAccount lists it.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityKeyInfo {
    /// The account's number for the key (never reused).
    pub id: u32,
    /// What the owner called it.
    pub name: String,
    /// Security key or passkey.
    pub kind: KeyKind,
    /// When it was added, in seconds since the epoch.
    pub added_at: u64,
    /// When it last signed in or confirmed a change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<u64>,
}

/// A ceremony the browser is to run: the handle to send back and the
/// options to give `navigator.credentials`.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyCeremony {
    /// The ceremony's handle: send it back with the key's answer.
    pub ceremony: String,
    /// The WebAuthn `publicKey` options, as JSON (creation options when
    /// adding a key, request options when checking one).
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_options")
    )]
    pub options: Value,
    /// Until when the answer is taken, in seconds since the epoch.
    pub expires_at: u64,
}

/// `Setup2FAKey`: the options to add a key. Needs a step-up (the
/// password; with 2FA on a second factor as well).
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Setup2FAKeyRequest {
    /// Security key or passkey.
    pub kind: KeyKind,
    /// The account's password, unless the session confirmed it a few
    /// minutes ago. Empty counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// With 2FA on: a code from the app or a recovery code, unless the
    /// session confirmed a second factor a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
}

/// `Enable2FAKey`: the key's answer to Setup2FAKey's options adds it. The
/// first second factor turns 2FA on.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enable2FAKeyRequest {
    /// Setup2FAKey's `ceremony`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::ceremony")
    )]
    pub ceremony: String,
    /// The browser's `credential.toJSON()`, as an object or as its text.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_answer")
    )]
    pub credential: Value,
    /// What to call the key ("Blue key", "Work laptop"): 1 to 64
    /// characters.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_name")
    )]
    pub name: String,
    /// When this key turns 2FA on: personal access tokens to keep (the
    /// others end, as at Enable2FA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::keep_tokens")
    )]
    pub keep_tokens: Option<Selection<u32>>,
}

/// `Enable2FAKey`'s answer: the key, and when it turned 2FA on the first
/// recovery codes (shown this once).
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enable2FAKeyResponse {
    /// The key as GetAccount lists it.
    pub key: SecurityKeyInfo,
    /// When this key turned 2FA on: the recovery codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<crate::account::RecoveryCodesResponse>,
}

/// `Rename2FAKey`: a new name for a key. Needs a step-up.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rename2FAKeyRequest {
    /// The key's id (GetAccount).
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_id")
    )]
    #[serde(deserialize_with = "crate::number::u32_value")]
    pub key_id: u32,
    /// Its new name: 1 to 64 characters.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_name")
    )]
    pub name: String,
    /// The step-up's password, as at Setup2FAKey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// The step-up's second factor, as at Setup2FAKey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
}

/// `Remove2FAKey`: a key removed. Needs a step-up with a second factor;
/// the account's last second factor is removed by Disable2FA.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Remove2FAKeyRequest {
    /// The key's id (GetAccount).
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_id")
    )]
    #[serde(deserialize_with = "crate::number::u32_value")]
    pub key_id: u32,
    /// The step-up's password, as at Setup2FAKey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// The step-up's second factor, as at Setup2FAKey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
}

/// `Rename2FAKey`'s and `Remove2FAKey`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyChangedResponse {}

/// `Start2FAKeyCheck`: a new check of the account's keys, for the pending
/// session of a sign-in (Verify2FAKey) or a full session's step-up
/// (CheckPassword).
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Start2FAKeyCheckRequest {
    /// The pending session from SignIn, here or as the Bearer token (a
    /// full session goes as the Bearer token or the cookie).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `Verify2FAKey`: the second step of a sign-in with a key.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verify2FAKeyRequest {
    /// The pending session from SignIn, here or as the Bearer token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The ceremony of SignIn's `securityKey` or of Start2FAKeyCheck.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::ceremony")
    )]
    pub ceremony: String,
    /// The browser's `credential.toJSON()`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_answer")
    )]
    pub credential: Value,
}

/// `StartPasskeySignIn`: options for a passkey sign-in (no login needed).
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartPasskeySignInRequest {}

/// `SignInWithPasskey`: a passkey's answer signs in on its own.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInWithPasskeyRequest {
    /// StartPasskeySignIn's `ceremony`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::ceremony")
    )]
    pub ceremony: String,
    /// The browser's `credential.toJSON()`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::key_answer")
    )]
    pub credential: Value,
}

macro_rules! redacted_debug {
    ($($name:ident { $($field:ident),* } secret { $($secret:ident),* };)*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &self.$field))*
                    $(.field(stringify!($secret), &self.$secret.as_ref().map(|_| REDACTED)))*
                    .finish()
            }
        }
    )*};
}

redacted_debug! {
    Setup2FAKeyRequest { kind } secret { password, code };
    Rename2FAKeyRequest { key_id, name } secret { password, code };
    Remove2FAKeyRequest { key_id } secret { password, code };
}

/// A key's answer carries no secret (it is signed for one ceremony), but
/// it is long: `Debug` shows its handle only.
macro_rules! answer_debug {
    ($($name:ident;)*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("ceremony", &self.ceremony)
                    .finish_non_exhaustive()
            }
        }
    )*};
}

answer_debug! {
    Enable2FAKeyRequest;
    Verify2FAKeyRequest;
    SignInWithPasskeyRequest;
}

impl fmt::Debug for Enable2FAKeyResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Enable2FAKeyResponse")
            .field("key", &self.key)
            .field(
                "recovery_codes",
                &self.recovery_codes.as_ref().map(|_| REDACTED),
            )
            .finish()
    }
}
