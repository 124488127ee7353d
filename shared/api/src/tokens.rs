//! Bodies of the personal-access-token and session methods of the
//! authentication service: CreateToken, GetTokens, EditToken,
//! RegenerateToken, DeleteTokens, Authorize, GetSessions, SignOutSessions.
//!
//! Lists arrive as the platform sends them: a JSON array, or one string
//! separated by `,` or `;` (form fields can only send strings).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Stands in for a secret in `Debug` output.
const REDACTED: &str = "[redacted]";

/// The prefix of every personal access token.
pub const ACCESS_TOKEN_PREFIX: &str = "tft_";

/// Longest token description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 100;

/// Most methods one token's `apiList` may name.
pub const MAX_API_LIST: usize = 200;

/// Days a token lasts when CreateToken names no `expiresAt`.
pub const DEFAULT_TOKEN_DAYS: u64 = 90;

/// Furthest ahead a token's `expiresAt` may be, in days.
pub const MAX_TOKEN_DAYS: u64 = 366;

/// The methods a token may call: a JSON array of names, or one string
/// separated by `,` or `;`. Names are checked by the server (this API's
/// methods that tokens may call, or the platform's other methods written
/// `segment.segment.MethodName`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodList(pub Vec<String>);

impl Serialize for MethodList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for MethodList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            List(Vec<String>),
            Text(String),
        }
        let names = match Shape::deserialize(deserializer)? {
            Shape::List(names) => names,
            Shape::Text(text) => split_list(&text),
        };
        Ok(MethodList(
            names
                .into_iter()
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
                .collect(),
        ))
    }
}

/// Which items a call names: some by id, or `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection<T> {
    /// `*`: for DeleteTokens every token, for SignOutSessions every session
    /// but the caller's.
    All,
    /// These ids.
    Only(Vec<T>),
}

impl<T: fmt::Display> Serialize for Selection<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Selection::All => serializer.serialize_str("*"),
            Selection::Only(ids) => {
                let text: Vec<String> = ids.iter().map(ToString::to_string).collect();
                serializer.serialize_str(&text.join(";"))
            }
        }
    }
}

impl<'de, T: std::str::FromStr> Deserialize<'de> for Selection<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Id {
            Number(u64),
            Text(String),
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            List(Vec<Id>),
            Text(String),
        }
        let texts: Vec<String> = match Shape::deserialize(deserializer)? {
            Shape::Text(text) if text.trim() == "*" => return Ok(Selection::All),
            Shape::Text(text) => split_list(&text),
            Shape::List(ids) => ids
                .into_iter()
                .map(|id| match id {
                    Id::Number(n) => n.to_string(),
                    Id::Text(text) => text,
                })
                .collect(),
        };
        texts
            .iter()
            .map(|text| text.trim())
            .filter(|text| !text.is_empty())
            .map(|text| {
                text.parse::<T>()
                    .map_err(|_| serde::de::Error::custom("not an id"))
            })
            .collect::<Result<Vec<T>, D::Error>>()
            .map(Selection::Only)
    }
}

fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';']).map(str::to_owned).collect()
}

/// A personal access token as the API shows it.
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
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTokenRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// With 2FA on: a code from the app or an unused recovery code, unless
    /// the session confirmed one a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// 1 to 100 characters.
    pub description: String,
    /// The methods it may call.
    pub api_list: MethodList,
    /// When it stops working: in the future, at most 366 days ahead;
    /// 90 days when absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::number::optional_u64"
    )]
    pub expires_at: Option<u64>,
}

/// The answer of CreateToken, EditToken and RegenerateToken.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    /// The token; `key` only from CreateToken and RegenerateToken.
    pub token: AccessToken,
}

/// `GetTokens`: no parameters beyond the session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetTokensRequest {}

/// `GetTokens`' answer: every token of the account, never with its `key`,
/// newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensResponse {
    /// The tokens.
    pub tokens: Vec<AccessToken>,
}

/// `EditToken`: any of description, methods and expiry of one token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditTokenRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// With 2FA on, when the edit adds methods or moves the expiry later: a
    /// code from the app or an unused recovery code, unless the session
    /// confirmed one a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Which token.
    #[serde(deserialize_with = "crate::number::u32_value")]
    pub id: u32,
    /// A new description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new list of methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_list: Option<MethodList>,
    /// A new expiry.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::number::optional_u64"
    )]
    pub expires_at: Option<u64>,
}

/// `RegenerateToken`: a new value for one token; the old one stops working.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegenerateTokenRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// With 2FA on: a code from the app or an unused recovery code, unless
    /// the session confirmed one a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Which token.
    #[serde(deserialize_with = "crate::number::u32_value")]
    pub id: u32,
}

/// `DeleteTokens`: tokens by id, or `*` for all.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteTokensRequest {
    /// The account's password, unless the session confirmed it
    /// (CheckPassword) a few minutes ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// An array of ids, a string `1;4;6`, or `*`.
    pub ids: Selection<u32>,
}

/// `DeleteTokens`' answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteTokensResponse {
    /// How many tokens were deleted.
    pub deleted: u32,
}

/// `Authorize`: may the credential on this call call `method`?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizeRequest {
    /// A method name: this API's, or the platform's `segment.segment.Name`.
    pub method: String,
}

/// What kind of credential made a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Via {
    /// A signed-in session.
    Session,
    /// A personal access token.
    Token,
}

/// `Authorize`'s answer: yes, and on whose behalf.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GetSessionsRequest {}

/// A signed-in session as the API shows it.
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
    /// True for the session making this call.
    pub current: bool,
}

/// `GetSessions`' answer: the signed-in sessions, newest first.
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
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignOutSessionsRequest {
    /// An array of ids, a string `a;b`, or `*`.
    pub ids: Selection<String>,
    /// The account's password, to end newer sessions (and tokens) too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// With 2FA on, beside the password: a code from the app or an unused
    /// recovery code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Stepped up with `*`: tokens to keep, ids (`1;4`, or an array), or `*`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_tokens: Option<Selection<u32>>,
}

/// `SignOutSessions`' answer.
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
    RegenerateTokenRequest { secret: [password, code], shown: [id] }
    DeleteTokensRequest { secret: [password], shown: [ids] }
    SignOutSessionsRequest { secret: [password, code], shown: [ids, keep_tokens] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_list_reads_from_an_array_or_a_separated_string() {
        let from_array: MethodList =
            serde_json::from_value(serde_json::json!(["GetAccount", " env.control.Create "]))
                .unwrap();
        let from_text: MethodList =
            serde_json::from_value(serde_json::json!("GetAccount;env.control.Create,")).unwrap();
        assert_eq!(from_array, from_text);
        assert_eq!(from_array.0, ["GetAccount", "env.control.Create"]);
    }

    #[test]
    fn ids_read_from_an_array_a_separated_string_or_a_star() {
        let parse = |value| serde_json::from_value::<Selection<u32>>(value).unwrap();
        assert_eq!(parse(serde_json::json!("*")), Selection::All);
        assert_eq!(
            parse(serde_json::json!("1;4;6")),
            Selection::Only(vec![1, 4, 6])
        );
        assert_eq!(
            parse(serde_json::json!([1, "4"])),
            Selection::Only(vec![1, 4])
        );
        assert!(serde_json::from_value::<Selection<u32>>(serde_json::json!("1;x")).is_err());
    }

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
                id: 1
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
