//! Bodies of the authentication service: SignUp, SignIn, Verify2FACode,
//! SignOut, CheckPassword.
//!
//! Every method also accepts the caller's credential as a `session`
//! parameter instead of the Bearer header; the server reads it before it
//! reads the method's own fields, and refuses a call whose parameter and
//! header name different credentials.

use std::fmt;

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use crate::limits::{MAX_NEW_PASSWORD_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

/// Stands in for a secret in `Debug` output.
const REDACTED: &str = "[redacted]";

/// `SignUp`: a new account.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignUpRequest {
    /// 3 to 64 characters: letters, digits and `. _ - @ +`; case-insensitive,
    /// white space around it dropped.
    #[cfg_attr(feature = "openapi", schemars(pattern(crate::patterns::login())))]
    pub login: String,
    /// 8 to 256 characters.
    #[cfg_attr(
        feature = "openapi",
        schemars(length(min = MIN_PASSWORD_CHARS, max = MAX_NEW_PASSWORD_CHARS))
    )]
    pub password: String,
}

/// `SignIn`: the first factor.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInRequest {
    /// The account's login.
    #[cfg_attr(feature = "openapi", schemars(pattern(crate::patterns::login())))]
    pub login: String,
    /// The account's password.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = MAX_PASSWORD_CHARS)))]
    pub password: String,
}

/// A new session: from SignUp, from SignIn without 2FA, from Verify2FACode.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionResponse {
    /// The session token. Absent when the browser client asked for a cookie
    /// instead (see [`crate::CLIENT_HEADER`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// When the session ends, in seconds since the Unix epoch.
    pub expires_at: u64,
    /// The account's login.
    pub login: String,
}

/// `SignIn`'s answer. With 2FA on, `session` is a *pending* session that only
/// Verify2FACode accepts, and `twoFactorRequired` is true.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInResponse {
    /// A full session (2FA off; absent when a cookie carries it) or a pending
    /// one (2FA on; always in the body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// When the session ends, in seconds since the Unix epoch.
    pub expires_at: u64,
    /// The account's login.
    pub login: String,
    /// True when the session is pending: call Verify2FACode next.
    pub two_factor_required: bool,
    /// With 2FA on: wrong codes allowed before the second factor locks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// With 2FA on and locked: seconds until codes are accepted again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// With 2FA on: true when codes from the app are stopped after too many
    /// wrong ones, so only a recovery code signs in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub totp_stopped: bool,
    /// True when an operator reset the account: the session may only
    /// change the password (ChangePassword) until it is changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub password_change_required: bool,
    /// With 2FA on: true when the account has an authenticator app (its
    /// codes are taken).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub authenticator_app: bool,
    /// With 2FA on and a security key: a check of the account's keys, for
    /// Verify2FAKey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_key: Option<crate::security_keys::KeyCeremony>,
}

/// `Verify2FACode`: the second factor.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verify2FACodeRequest {
    /// The pending session from SignIn, here or as the Bearer token (not
    /// both, unless they are the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Six digits from the authenticator app, or a recovery code
    /// (`xxxxx-xxxxx`; case, spaces and dashes do not matter).
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::code")
    )]
    pub code: String,
}

/// `Verify2FACode`'s answer: a new full session; the pending one is spent.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verify2FACodeResponse {
    /// The new session.
    #[serde(flatten)]
    pub session: SessionResponse,
    /// True when a recovery code was used (it is now spent).
    pub recovery_code_used: bool,
    /// Recovery codes still unused.
    pub recovery_codes_left: u32,
}

/// `SignOut`: end the caller's session.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOutRequest {}

/// `SignOut`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOutResponse {}

/// `CheckPassword`: the "confirm your password" pop-up, the step-up that
/// sensitive methods need.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "openapi",
    schemars(transform = crate::openapi::fields::key_answer_pair)
)]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckPasswordRequest {
    /// The account's password.
    #[cfg_attr(feature = "openapi", schemars(length(min = 1, max = MAX_PASSWORD_CHARS)))]
    pub password: String,
    /// With 2FA on: six digits from the app (not the code used to sign in)
    /// or an unused recovery code, which most sensitive methods need too.
    /// Empty or white space counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
    /// With 2FA on, instead of `code`: Start2FAKeyCheck's ceremony...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::optional_ceremony")
    )]
    pub ceremony: Option<String>,
    /// ...and a security key's answer to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::optional_key_answer")
    )]
    pub credential: Option<serde_json::Value>,
}

/// `CheckPassword`'s answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckPasswordResponse {
    /// Until when sensitive methods are allowed, in seconds since the epoch.
    pub elevated_until: u64,
    /// True when a second factor was confirmed too: the methods that need
    /// one with 2FA on are allowed until `elevatedUntil`.
    #[serde(default)]
    pub second_factor_confirmed: bool,
}

impl fmt::Debug for SignUpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignUpRequest")
            .field("login", &self.login)
            .field("password", &REDACTED)
            .finish()
    }
}

impl fmt::Debug for SignInRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInRequest")
            .field("login", &self.login)
            .field("password", &REDACTED)
            .finish()
    }
}

impl fmt::Debug for SessionResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionResponse")
            .field("session", &self.session.as_ref().map(|_| REDACTED))
            .field("expires_at", &self.expires_at)
            .field("login", &self.login)
            .finish()
    }
}

impl fmt::Debug for SignInResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInResponse")
            .field("session", &self.session.as_ref().map(|_| REDACTED))
            .field("expires_at", &self.expires_at)
            .field("login", &self.login)
            .field("two_factor_required", &self.two_factor_required)
            .field("attempts_left", &self.attempts_left)
            .field("retry_after", &self.retry_after)
            .field("totp_stopped", &self.totp_stopped)
            .field("password_change_required", &self.password_change_required)
            .field("authenticator_app", &self.authenticator_app)
            .field(
                "security_key",
                &self.security_key.as_ref().map(|_| "[ceremony]"),
            )
            .finish()
    }
}

impl fmt::Debug for Verify2FACodeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verify2FACodeRequest")
            .field("session", &REDACTED)
            .field("code", &REDACTED)
            .finish()
    }
}

impl fmt::Debug for Verify2FACodeResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verify2FACodeResponse")
            .field("session", &self.session)
            .field("recovery_code_used", &self.recovery_code_used)
            .field("recovery_codes_left", &self.recovery_codes_left)
            .finish()
    }
}

impl fmt::Debug for CheckPasswordRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckPasswordRequest")
            .field("password", &REDACTED)
            .field("code", &self.code.as_ref().map(|_| REDACTED))
            .field("ceremony", &self.ceremony)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_passwords_codes_or_tokens() {
        let printed = format!(
            "{:?} {:?} {:?}",
            SignInRequest {
                login: "ada".into(),
                password: "hunter2-secret".into()
            },
            Verify2FACodeRequest {
                session: Some("tfp_token".into()),
                code: "123456".into()
            },
            SessionResponse {
                session: Some("tfs_token".into()),
                expires_at: 1,
                login: "ada".into()
            },
        );
        for secret in ["hunter2-secret", "tfp_token", "123456", "tfs_token"] {
            assert!(!printed.contains(secret), "{secret} leaked in {printed}");
        }
        assert!(printed.contains("ada"));
    }

    #[test]
    fn field_names_are_camel_case_as_on_the_platform() {
        let json = serde_json::to_value(SignInResponse {
            session: Some("t".into()),
            expires_at: 5,
            login: "ada".into(),
            two_factor_required: true,
            attempts_left: Some(4),
            retry_after: None,
            totp_stopped: false,
            password_change_required: false,
            authenticator_app: true,
            security_key: None,
        })
        .unwrap();
        assert_eq!(json["authenticatorApp"], true);
        assert_eq!(json["twoFactorRequired"], true);
        assert_eq!(json["expiresAt"], 5);
        assert_eq!(json["attemptsLeft"], 4);
    }
}
