//! Bodies of the personal-access-token and session methods of the
//! authentication service: CreateToken, GetTokens, EditToken,
//! RegenerateToken, DeleteTokens, Authorize, GetSessions, SignOutSessions.
//!
//! Lists arrive as the platform sends them (see [`crate::lists`]).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Stands in for a secret in `Debug` output.
const REDACTED: &str = "[redacted]";

/// The prefix of every personal access token.
pub const ACCESS_TOKEN_PREFIX: &str = "tft_";

pub use crate::limits::{DEFAULT_TOKEN_DAYS, MAX_API_LIST, MAX_DESCRIPTION_CHARS, MAX_TOKEN_DAYS};

pub use crate::lists::{MethodList, Selection, SelectionItem};

/// A personal access token as the API shows it.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    /// Its number, unique within the account.
    pub id: u32,
    /// The token itself (`tft_...`): only in the answers of CreateToken and
    /// RegenerateToken, and never again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// What it is for, in its owner's words.
    pub description: String,
    /// When it was made (or last regenerated), in seconds since the epoch.
    pub created_at: u64,
    /// The address it was made (or last regenerated) from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_ip: Option<String>,
    /// When it stops working, in seconds since the epoch.
    pub expires_at: u64,
    /// The methods it may call.
    pub api_list: Vec<String>,
    /// When it was last used (to the minute); `null` until then.
    pub last_used: Option<u64>,
    /// The address it was last used from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_ip: Option<String>,
}

/// `CreateToken`: a new personal access token.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTokenRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago. Empty counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// With 2FA on: a code from the app or an unused recovery code, unless
    /// the session confirmed one a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
    /// 1 to 100 characters, no control characters; white space around it
    /// is dropped.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::description")
    )]
    pub description: String,
    /// The methods it may call.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::method_list")
    )]
    pub api_list: MethodList,
    /// When it stops working: in the future, at most 366 days ahead; 90
    /// days when absent. Seconds since the epoch, a day (`2027-03-01`,
    /// midnight UTC) or an RFC 3339 date and time.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::instant::optional"
    )]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::instant")
    )]
    pub expires_at: Option<u64>,
}

/// The answer of CreateToken, EditToken and RegenerateToken.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    /// The token; `key` only from CreateToken and RegenerateToken.
    pub token: AccessToken,
}

/// `GetTokens`: no parameters beyond the session.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetTokensRequest {}

/// `GetTokens`' answer: every token of the account, never with its `key`,
/// newest first.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensResponse {
    /// The tokens.
    pub tokens: Vec<AccessToken>,
}

/// `EditToken`: any of description, methods and expiry of one token.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "openapi",
    schemars(transform = crate::openapi::fields::at_least_one_change)
)]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditTokenRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago. Empty counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// With 2FA on, when the edit adds methods or moves the expiry later: a
    /// code from the app or an unused recovery code, unless the session
    /// confirmed one a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
    /// Which token.
    #[serde(deserialize_with = "crate::number::u32_value")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::token_id")
    )]
    pub id: u32,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::optional_description")
    )]
    pub description: Option<String>,
    /// A new list of methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::optional_method_list")
    )]
    pub api_list: Option<MethodList>,
    /// A new expiry, in the forms CreateToken takes.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::instant::optional"
    )]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::instant")
    )]
    pub expires_at: Option<u64>,
}

/// `RegenerateToken`: a new value for one token; the old one stops working.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegenerateTokenRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago. Empty counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// With 2FA on: a code from the app or an unused recovery code, unless
    /// the session confirmed one a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
    /// Which token.
    #[serde(deserialize_with = "crate::number::u32_value")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::token_id")
    )]
    pub id: u32,
    /// A new expiry, in the forms CreateToken takes; the old one stays when
    /// absent. A later expiry is not a widening here: the value is new.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::instant::optional"
    )]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::instant")
    )]
    pub expires_at: Option<u64>,
}

/// `DeleteTokens`: tokens by id, or `*` for all.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteTokensRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago. Empty counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// An array of ids, a string `1;4;6`, or `*`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::token_ids")
    )]
    pub ids: Selection<u32>,
}

/// `DeleteTokens`' answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteTokensResponse {
    /// How many tokens were deleted.
    pub deleted: u32,
}

/// `Authorize`: may the credential on this call call `method`?
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizeRequest {
    /// A method name: this API's, or the platform's `segment.segment.Name`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::method_name")
    )]
    pub method: String,
}

/// What kind of credential made a call.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Via {
    /// A signed-in session.
    Session,
    /// A personal access token.
    Token,
}

/// `Authorize`'s answer: yes, and on whose behalf.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizeResponse {
    /// The account's login.
    pub login: String,
    /// The account's id.
    pub user_id: String,
    /// Which kind of credential.
    pub via: Via,
    /// The token's id, when a token made the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<u32>,
}

/// `GetSessions`: no parameters beyond the session.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetSessionsRequest {}

/// A signed-in session as the API shows it.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// Its id (not the token: nothing here signs anyone in).
    pub id: String,
    /// When it began, in seconds since the epoch.
    pub created_at: u64,
    /// When it was last used (to the minute).
    pub last_seen: u64,
    /// The address that opened it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The User-Agent that opened it, shortened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// How it signed in; absent for sessions opened before this was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_in_with: Option<SignedInWith>,
    /// True for the session making this call.
    pub current: bool,
}

/// What a session signed in with.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SignedInWith {
    /// The password alone (2FA off), or a new account's first session.
    Password,
    /// The password and a code from the authenticator app.
    AuthenticatorApp,
    /// The password and a recovery code.
    RecoveryCode,
    /// The password and a security key.
    SecurityKey,
    /// A passkey alone.
    Passkey,
}

/// `GetSessions`' answer: the signed-in sessions, newest first.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionsResponse {
    /// The sessions.
    pub sessions: Vec<SessionInfo>,
}

/// `SignOutSessions`: sessions by id, or `*` for every one but this.
///
/// A session ends only sessions that began before it, unless the call is
/// stepped up (the password, with 2FA on a code too, here or with
/// CheckPassword a few minutes before): so a stolen session can never keep
/// its owner out. Stepped up, `*` ends every other session and every
/// personal access token but those this session made and those named in
/// `keepTokens`.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignOutSessionsRequest {
    /// An array of ids, a string `a;b`, or `*`.
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::session_ids")
    )]
    pub ids: Selection<String>,
    /// The account's password, to end newer sessions (and tokens) too.
    /// Empty counts as not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_password")
    )]
    pub password: Option<String>,
    /// With 2FA on, beside the password: a code from the app or an unused
    /// recovery code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::step_up_code")
    )]
    pub code: Option<String>,
    /// Stepped up with `*`: tokens to keep, ids (`1;4`, or an array), or `*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schemars(schema_with = "crate::openapi::fields::keep_tokens")
    )]
    pub keep_tokens: Option<Selection<u32>>,
}

/// `SignOutSessions`' answer.
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignOutSessionsResponse {
    /// How many sessions were ended.
    pub ended: u32,
    /// `*` without a step-up: sessions that began after this one, left
    /// signed in (send the password, and with 2FA on a code, to end them).
    #[serde(default)]
    pub newer_kept: u32,
    /// How many personal access tokens were ended.
    #[serde(default)]
    pub tokens_ended: u32,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("id", &self.id)
            .field("key", &self.key.as_ref().map(|_| REDACTED))
            .field("description", &self.description)
            .field("created_at", &self.created_at)
            .field("created_ip", &self.created_ip)
            .field("expires_at", &self.expires_at)
            .field("api_list", &self.api_list)
            .field("last_used", &self.last_used)
            .field("last_used_ip", &self.last_used_ip)
            .finish()
    }
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("token", &self.token)
            .finish()
    }
}

macro_rules! debug_without_secrets {
    ($($name:ident { secret: [$($secret:ident),*], shown: [$($field:ident),*] })*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($secret), &self.$secret.as_ref().map(|_| REDACTED)))*
                    $(.field(stringify!($field), &self.$field))*
                    .finish()
            }
        }
    )*};
}

debug_without_secrets! {
    CreateTokenRequest { secret: [password, code], shown: [description, api_list, expires_at] }
    EditTokenRequest { secret: [password, code], shown: [id, description, api_list, expires_at] }
    RegenerateTokenRequest { secret: [password, code], shown: [id, expires_at] }
    DeleteTokensRequest { secret: [password], shown: [ids] }
    SignOutSessionsRequest { secret: [password, code], shown: [ids, keep_tokens] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_key_or_a_password() {
        let printed = format!(
            "{:?} {:?}",
            AccessToken {
                id: 1,
                key: Some("tft_secretvalue".into()),
                description: "ci".into(),
                created_at: 1,
                created_ip: None,
                expires_at: 2,
                api_list: vec![],
                last_used: None,
                last_used_ip: None,
            },
            RegenerateTokenRequest {
                password: Some("hunter2-secret".into()),
                code: Some("123456".into()),
                id: 1,
                expires_at: None,
            }
        );
        for secret in ["tft_secretvalue", "hunter2-secret", "123456"] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
    }

    #[test]
    fn last_used_is_null_until_the_token_is_used_and_key_absent_when_not_shown() {
        let json = serde_json::to_value(AccessToken {
            id: 3,
            key: None,
            description: "ci".into(),
            created_at: 1,
            created_ip: None,
            expires_at: 2,
            api_list: vec!["GetAccount".into()],
            last_used: None,
            last_used_ip: None,
        })
        .unwrap();
        assert!(json["lastUsed"].is_null());
        assert!(json.get("lastUsed").is_some());
        assert!(json.get("key").is_none());
    }
}
