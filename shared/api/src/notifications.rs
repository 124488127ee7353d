//! Bodies of the notification methods of the account service:
//! SetNotificationEmail, ConfirmNotificationEmail, SendTestNotice.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Stands in for a secret in `Debug` output.
const REDACTED: &str = "[redacted]";

/// The address security notices go to, as GetAccount shows it.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEmailState {
    /// The verified address notices go to; absent until one is confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// When it was confirmed, in seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<u64>,
    /// The offset from UTC mails give their times in too (`+01:00`), as
    /// SetNotificationEmail took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    /// Since when its mail server refuses notices for good (the address is
    /// gone or full): set another address. Absent while mail gets through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bouncing_since: Option<u64>,
    /// An address waiting for its code (ConfirmNotificationEmail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
    /// Until when the pending address's code is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_expires_at: Option<u64>,
}

/// `SetNotificationEmail`: a new address for security notices, confirmed
/// by a code mailed to it. Needs a step-up (with 2FA on, a second factor).
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetNotificationEmailRequest {
    /// The address: at most 254 characters, one `@`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::email")
    )]
    pub email: String,
    /// The account's password, unless the session confirmed it a few
    /// minutes ago.
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
    /// The browser's offset from UTC (`+01:00`): mails then give their
    /// times in it too, beside UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::utc_offset")
    )]
    pub utc_offset: Option<String>,
}

/// `ConfirmNotificationEmail`: the code mailed to the pending address.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmNotificationEmailRequest {
    /// Six digits.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::totp_code")
    )]
    pub code: String,
}

/// `SetNotificationEmail`'s and `ConfirmNotificationEmail`'s answer: the
/// state now.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationEmailResponse {
    /// The address state.
    pub notification_email: NotificationEmailState,
}

/// `SendTestNotice`: a test notice to the verified address.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendTestNoticeRequest {}

/// `SendTestNotice`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendTestNoticeResponse {}

impl fmt::Debug for SetNotificationEmailRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetNotificationEmailRequest")
            .field("email", &self.email)
            .field("utc_offset", &self.utc_offset)
            .field("password", &self.password.as_ref().map(|_| REDACTED))
            .field("code", &self.code.as_ref().map(|_| REDACTED))
            .finish()
    }
}

impl fmt::Debug for ConfirmNotificationEmailRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfirmNotificationEmailRequest")
            .field("code", &REDACTED)
            .finish()
    }
}
