//! Bodies of the account service: GetAccount, Setup2FA, Enable2FA,
//! Get2FABackupCodes, Regenerate2FABackupCodes, Confirm2FABackupCodes,
//! Disable2FA, ChangePassword, GetEvents.

use std::fmt;

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use crate::limits::{MAX_NEW_PASSWORD_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::{events::Event, tokens::Selection};

/// Stands in for a secret in `Debug` output.
const REDACTED: &str = "[redacted]";

pub use crate::limits::RECOVERY_CODES_LOW;

/// `GetAccount`: no parameters beyond the session.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetAccountRequest {}

/// `GetAccount`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountResponse {
    /// The account's login.
    pub login: String,
    /// When the account was created, in seconds since the epoch.
    pub created_at: u64,
    /// The state of two-factor authentication.
    pub two_factor: TwoFactorState,
    /// Until when this session may make sensitive changes without confirming
    /// the password again; absent when it may not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevated_until: Option<u64>,
    /// True while that confirmation included a second factor: with 2FA on,
    /// the changes that need one are allowed too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub elevated_with_second_factor: bool,
    /// True when an operator reset the account: only ChangePassword (and
    /// reading the account, its log and sessions) works until then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub password_change_required: bool,
    /// Where security notices go.
    #[serde(default)]
    pub notification_email: crate::notifications::NotificationEmailState,
}

/// The proof a sensitive change takes on the call itself, instead of a
/// step-up made before it with CheckPassword: the password and, with 2FA on,
/// a code from the app (not the one used to sign in) or a recovery code. Each
/// sensitive method's request has these two fields.
pub trait StepUpFields {
    /// The account's password, if sent.
    fn password(&self) -> Option<&str>;
    /// The second factor, if sent.
    fn code(&self) -> Option<&str>;
}

macro_rules! step_up_request {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// The account's password, unless the session confirmed it
            /// (CheckPassword) a few minutes ago. Empty counts as not sent.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[cfg_attr(
                feature = "openapi",
                schemars(schema_with = "crate::openapi::fields::step_up_password")
            )]
            pub password: Option<String>,
            /// With 2FA on: six digits from the app or an unused recovery
            /// code, unless the session confirmed one a few minutes ago.
            /// Empty or white space counts as not sent.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[cfg_attr(
                feature = "openapi",
                schemars(schema_with = "crate::openapi::fields::step_up_code")
            )]
            pub code: Option<String>,
        }

        impl StepUpFields for $name {
            fn password(&self) -> Option<&str> {
                self.password.as_deref()
            }
            fn code(&self) -> Option<&str> {
                self.code.as_deref()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("password", &self.password.as_ref().map(|_| REDACTED))
                    .field("code", &self.code.as_ref().map(|_| REDACTED))
                    .finish()
            }
        }
    )*};
}

step_up_request! {
    /// `Setup2FA`: a step-up (the password; with 2FA on a code as well).
    Setup2FARequest;
    /// `Get2FABackupCodes`: a step-up with a second factor.
    Get2FABackupCodesRequest;
    /// `Regenerate2FABackupCodes`: a step-up with a second factor.
    Regenerate2FABackupCodesRequest;
    /// `Disable2FA`: a step-up with a second factor.
    Disable2FARequest;
}

/// The state of two-factor authentication on an account.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorState {
    /// True when sign-in needs a second factor.
    pub enabled: bool,
    /// When 2FA was switched on, in seconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_at: Option<u64>,
    /// Unused recovery codes (0 when 2FA is off).
    pub recovery_codes_left: u32,
    /// True when 2FA is on and at most 3 recovery codes are left: time to
    /// regenerate them.
    #[serde(default)]
    pub recovery_codes_low: bool,
    /// False when the server keeps only hashes of the codes, so they cannot
    /// be shown again.
    pub recovery_codes_viewable: bool,
    /// True when the owner confirmed saving the current recovery codes
    /// (Confirm2FABackupCodes). False from Enable2FA and
    /// Regenerate2FABackupCodes until then; meaningful only with 2FA on.
    #[serde(default)]
    pub recovery_codes_confirmed: bool,
    /// True when an authenticator app is set up.
    #[serde(default)]
    pub authenticator_app: bool,
    /// The security keys and passkeys, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_keys: Vec<crate::security_keys::SecurityKeyInfo>,
}

/// `Setup2FA`'s answer: what the authenticator app needs. The secret is
/// pending until Enable2FA confirms a code made from it.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Setup2FAResponse {
    /// `otpauth://totp/Issuer:login?secret=...&issuer=Issuer`.
    pub otpauth_uri: String,
    /// The URI as a QR code, an SVG document.
    pub qr_svg: String,
    /// The secret in base32 for typing by hand.
    pub secret: String,
    /// The issuer the app shows.
    pub issuer: String,
    /// The account name the app shows.
    pub account_name: String,
    /// Digits per code (6).
    pub digits: u32,
    /// Seconds per code (30).
    pub period: u32,
    /// Until when the pending secret can be enabled, in seconds since the epoch.
    pub expires_at: u64,
}

/// `Enable2FA`: the first code from the app confirms the pending secret.
/// Every other session ends, and so does every personal access token but
/// those this session made and those named in `keepTokens`.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enable2FARequest {
    /// Six digits from the app.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::totp_code")
    )]
    pub code: String,
    /// Tokens to keep: ids (`1;4`, or an array), or `*` for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::keep_tokens")
    )]
    pub keep_tokens: Option<Selection<u32>>,
}

/// `Change2FAApp`: with 2FA on, the first code from a new authenticator app
/// (set up by Setup2FA in this session) replaces the current app. Until
/// then the old app keeps working; the recovery codes stay valid; every
/// other session ends (the old phone may be in a thief's hands).
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change2FAAppRequest {
    /// Six digits from the new app.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::totp_code")
    )]
    pub code: String,
}

/// `Change2FAApp`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change2FAAppResponse {}

/// The recovery codes: new ones from Enable2FA and
/// Regenerate2FABackupCodes, the current ones from Get2FABackupCodes. One
/// shape for all three.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodesResponse {
    /// The codes in order, used ones marked. Empty when the server keeps only
    /// hashes and the codes are not new (`viewable` false).
    pub codes: Vec<RecoveryCodeEntry>,
    /// Unused codes.
    pub left: u32,
    /// Whether the codes themselves are in `codes`.
    pub viewable: bool,
    /// Which set these are: a new set gets a higher number. Confirm2FABackupCodes
    /// takes it, so that confirming an older set never confirms a newer one.
    pub version: u64,
    /// Enable2FA only: how many personal access tokens it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_ended: Option<u32>,
}

impl RecoveryCodesResponse {
    /// The codes not used yet, `xxxxx-xxxxx`.
    pub fn unused_codes(&self) -> Vec<String> {
        self.codes
            .iter()
            .filter(|entry| entry.used_at.is_none())
            .map(|entry| entry.code.clone())
            .collect()
    }
}

/// One recovery code and whether it was used.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodeEntry {
    /// The code, `xxxxx-xxxxx`.
    pub code: String,
    /// When it was used, in seconds since the epoch; absent while unused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<u64>,
}

/// `Confirm2FABackupCodes`: the owner saved the recovery codes of `version`.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Confirm2FABackupCodesRequest {
    /// The `version` of the set that was saved, as Enable2FA,
    /// Get2FABackupCodes or Regenerate2FABackupCodes returned it.
    #[serde(deserialize_with = "crate::number::u64_value")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::version")
    )]
    pub version: u64,
}

/// `Confirm2FABackupCodes`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirm2FABackupCodesResponse {}

/// `Disable2FA`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disable2FAResponse {}

/// `ChangePassword`: the current password (with 2FA on, and a code), and a
/// new one. Every other session ends, and so does every personal access
/// token but those this session made and those named in `keepTokens`.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    /// The current password.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = MAX_PASSWORD_CHARS)))]
    pub old_password: String,
    /// The new one, 8 to 256 characters, not the current one.
    #[cfg_attr(
        feature = "openapi",
        schemars(length(min = MIN_PASSWORD_CHARS, max = MAX_NEW_PASSWORD_CHARS))
    )]
    pub new_password: String,
    /// With 2FA on: six digits from the app or an unused recovery code,
    /// unless the session confirmed one a few minutes ago. Ignored with 2FA
    /// off; empty or white space counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
    /// Tokens to keep: ids (`1;4`, or an array), or `*` for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::keep_tokens")
    )]
    pub keep_tokens: Option<Selection<u32>>,
}

/// `ChangePassword`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordResponse {
    /// How many personal access tokens it ended.
    #[serde(default)]
    pub tokens_ended: u32,
}

/// `GetEvents`: one page of the security log, newest first.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetEventsRequest {
    /// Events per page, 1 to 100 (default 50).
    #[serde(
        default,
        deserialize_with = "crate::number::optional_u32",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::page_limit")
    )]
    pub limit: Option<u32>,
    /// The `next` value of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::event_cursor")
    )]
    pub after: Option<String>,
    /// Only events of these kinds: an array of kind names, or one string
    /// separated by `,` or `;`. All kinds when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::event_kinds")
    )]
    pub kinds: Option<crate::lists::KindList>,
}

/// `GetEvents`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventsResponse {
    /// Newest first.
    pub events: Vec<Event>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl fmt::Debug for Setup2FAResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Setup2FAResponse")
            .field("issuer", &self.issuer)
            .field("account_name", &self.account_name)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Change2FAAppRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Change2FAAppRequest")
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Enable2FARequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Enable2FARequest")
            .field("keep_tokens", &self.keep_tokens)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ChangePasswordRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChangePasswordRequest")
            .field("old_password", &REDACTED)
            .field("new_password", &REDACTED)
            .field("code", &self.code.as_ref().map(|_| REDACTED))
            .field("keep_tokens", &self.keep_tokens)
            .finish()
    }
}

impl fmt::Debug for RecoveryCodesResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoveryCodesResponse")
            .field("codes", &self.codes)
            .field("left", &self.left)
            .field("viewable", &self.viewable)
            .field("version", &self.version)
            .field("tokens_ended", &self.tokens_ended)
            .finish()
    }
}

impl fmt::Debug for RecoveryCodeEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecoveryCodeEntry")
            .field("used_at", &self.used_at)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_limit_arrives_as_a_number_or_as_a_form_string() {
        let from_json: GetEventsRequest = serde_json::from_str(r#"{"limit": 5}"#).unwrap();
        let from_form: GetEventsRequest = serde_json::from_str(r#"{"limit": "5"}"#).unwrap();
        assert_eq!(from_json.limit, Some(5));
        assert_eq!(from_form.limit, Some(5));
        assert!(serde_json::from_str::<GetEventsRequest>(r#"{"limit": "five"}"#).is_err());
        assert!(serde_json::from_str::<GetEventsRequest>(r#"{"limit": 99999999999}"#).is_err());
    }

    #[test]
    fn debug_output_never_shows_secrets_or_codes() {
        let printed = format!(
            "{:?} {:?}",
            Setup2FAResponse {
                otpauth_uri: "otpauth://totp/X:a?secret=JBSWY3DPEHPK3PXP".into(),
                qr_svg: "<svg/>".into(),
                secret: "JBSWY3DPEHPK3PXP".into(),
                issuer: "X".into(),
                account_name: "a".into(),
                digits: 6,
                period: 30,
                expires_at: 1,
            },
            RecoveryCodesResponse {
                codes: vec![RecoveryCodeEntry {
                    code: "abcde-fghjk".into(),
                    used_at: None,
                }],
                left: 1,
                viewable: true,
                version: 1,
                tokens_ended: None,
            },
        );
        assert!(!printed.contains("JBSWY3DPEHPK3PXP"));
        assert!(!printed.contains("abcde-fghjk"));
    }

    #[test]
    fn debug_output_of_a_password_change_shows_neither_password_nor_the_code() {
        let printed = format!(
            "{:?}",
            ChangePasswordRequest {
                old_password: "old-secret-words".into(),
                new_password: "new-secret-words".into(),
                code: Some("123456".into()),
                keep_tokens: None,
            }
        );
        for secret in ["old-secret-words", "new-secret-words", "123456"] {
            assert!(!printed.contains(secret), "{secret} leaked in {printed}");
        }
    }

    #[test]
    fn a_step_up_request_redacts_its_password_and_code_and_takes_them_optionally() {
        let printed = format!(
            "{:?}",
            Disable2FARequest {
                password: Some("hunter2-secret".into()),
                code: Some("654321".into()),
            }
        );
        assert!(!printed.contains("hunter2-secret") && !printed.contains("654321"));
        let empty: Disable2FARequest = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Disable2FARequest::default());
    }

    #[test]
    fn a_password_change_takes_camel_case_fields_and_an_optional_code() {
        let request: ChangePasswordRequest =
            serde_json::from_str(r#"{"oldPassword": "a", "newPassword": "b"}"#).unwrap();
        assert_eq!(request.code, None);
        assert_eq!(
            (request.old_password.as_str(), request.new_password.as_str()),
            ("a", "b")
        );
    }
}
