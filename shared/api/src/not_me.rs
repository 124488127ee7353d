//! Bodies of the "This wasn't me" methods of the authentication service:
//! ReportNotMe and UndoChange. Both take the signed link of a security
//! notice instead of a session: the link is the proof that the caller read
//! the account's mail.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::events::EventKind;

/// `ReportNotMe`: the link of a notice. Every session and access token of
/// the account ends.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportNotMeRequest {
    /// The link's text: what follows `/not-me#` in the mail's address.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::not_me_link")
    )]
    pub link: String,
}

/// `ReportNotMe`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportNotMeResponse {
    /// What the notice told of.
    pub change: EventKind,
    /// When it happened, in seconds since the epoch.
    pub at: u64,
    /// Access tokens deleted now (0 when the link was reported before).
    pub tokens_deleted: u32,
    /// True when the link was reported before: nothing changed this time.
    pub already_reported: bool,
    /// Present when the link can also put the account back as it was
    /// before the change (UndoChange), with a code from before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo: Option<UndoOffer>,
}

/// What UndoChange takes for this link.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoOffer {
    /// True when the account had an authenticator app before the change
    /// (its codes work); recovery codes from before it always do.
    pub authenticator_app: bool,
    /// True when the account had security keys or passkeys before the
    /// change: StartUndoKeyCheck checks one of them.
    #[serde(default)]
    pub security_keys: bool,
    /// Wrong codes left before the link stops offering the undo.
    pub tries_left: u32,
    /// Until when, in seconds since the epoch.
    pub until: u64,
}

/// `StartUndoKeyCheck`: a check of the security keys the account had
/// before the change a link tells of, for UndoChange. The ceremony is
/// bound to the link: no session takes part.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartUndoKeyCheckRequest {
    /// The link's text, as for ReportNotMe.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::not_me_link")
    )]
    pub link: String,
}

/// `UndoChange`: the link of a notice of a change that took a credential
/// away (two-factor turned off, the password changed, a factor removed or
/// replaced), and a factor from before it: a code, or a security key's
/// answer to StartUndoKeyCheck's ceremony.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "openapi",
    schemars(transform = crate::openapi::fields::code_or_key_answer)
)]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoChangeRequest {
    /// The link's text, as for ReportNotMe.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::not_me_link")
    )]
    pub link: String,
    /// Six digits from the authenticator app the account had before the
    /// change, or one of the recovery codes it had then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::optional_code")
    )]
    pub code: Option<String>,
    /// Instead of `code`: StartUndoKeyCheck's ceremony...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::optional_ceremony")
    )]
    pub ceremony: Option<String>,
    /// ...and the answer of a key the account had before the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::optional_key_answer")
    )]
    pub credential: Option<serde_json::Value>,
}

/// `UndoChange`'s answer: the account is as it was before the change;
/// every session and token ended.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoChangeResponse {
    /// The change undone.
    pub change: EventKind,
    /// When it had happened.
    pub at: u64,
    /// Access tokens deleted.
    pub tokens_deleted: u32,
    /// Unused recovery codes of the set put back.
    pub recovery_codes_left: u32,
}

impl fmt::Debug for ReportNotMeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportNotMeRequest")
            .field("link", &"[redacted]")
            .finish()
    }
}

impl fmt::Debug for StartUndoKeyCheckRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartUndoKeyCheckRequest")
            .field("link", &"[redacted]")
            .finish()
    }
}

impl fmt::Debug for UndoChangeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UndoChangeRequest")
            .field("link", &"[redacted]")
            .field("code", &self.code.as_ref().map(|_| "[redacted]"))
            .field("ceremony", &self.ceremony)
            .finish_non_exhaustive()
    }
}
