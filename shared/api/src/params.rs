//! The names of the parameters, as they travel in JSON bodies and form
//! fields: the server names them in errors (`parameter`), the app matches
//! them to its fields. The request types' serde names are these (a test of
//! the OpenAPI description holds them to this list).

/// The caller's session or token, for scripts that cannot send the
/// `Authorization` header; Verify2FACode's pending session.
pub const SESSION: &str = "session";
/// A login.
pub const LOGIN: &str = "login";
/// The account's password (SignUp: the new account's).
pub const PASSWORD: &str = "password";
/// A code from the authenticator app, or a recovery code.
pub const CODE: &str = "code";
/// ChangePassword's current password.
pub const OLD_PASSWORD: &str = "oldPassword";
/// ChangePassword's new password.
pub const NEW_PASSWORD: &str = "newPassword";
/// Tokens to keep when a change ends the account's tokens.
pub const KEEP_TOKENS: &str = "keepTokens";
/// A set of recovery codes (Confirm2FABackupCodes).
pub const VERSION: &str = "version";
/// Events per page (GetEvents).
pub const LIMIT: &str = "limit";
/// Where the next page begins (GetEvents).
pub const AFTER: &str = "after";
/// A token's description.
pub const DESCRIPTION: &str = "description";
/// The methods a token may call.
pub const API_LIST: &str = "apiList";
/// When a token stops working.
pub const EXPIRES_AT: &str = "expiresAt";
/// One token.
pub const ID: &str = "id";
/// Tokens or sessions, by id or `*`.
pub const IDS: &str = "ids";
/// The method Authorize asks about.
pub const METHOD: &str = "method";
/// The security-log event kinds GetEvents keeps.
pub const KINDS: &str = "kinds";
/// A key ceremony's handle.
pub const CEREMONY: &str = "ceremony";
/// A security key's answer (the browser's `credential.toJSON()`).
pub const CREDENTIAL: &str = "credential";
/// A security key's name.
pub const NAME: &str = "name";
/// A security key.
pub const KEY_ID: &str = "keyId";
/// Security key or passkey.
pub const KIND: &str = "kind";
/// The address security notices go to.
pub const EMAIL: &str = "email";
/// The "This wasn't me" link of a security notice.
pub const LINK: &str = "link";
/// An offset from UTC (`+01:00`).
pub const UTC_OFFSET: &str = "utcOffset";

/// What `name` takes, in words, for the parameters whose forms are not
/// plain text: an error naming the parameter says it.
pub fn forms(name: &str) -> Option<&'static str> {
    match name {
        EXPIRES_AT => Some(crate::instant::FORMS),
        IDS | KEEP_TOKENS => Some("`*`, an array of ids, or one string of ids separated by , or ;"),
        API_LIST => Some("an array of method names, or one string of names separated by , or ;"),
        KINDS => Some("an array of event kinds, or one string of them separated by , or ;"),
        CREDENTIAL => Some("the browser's credential.toJSON(), as a JSON object or as its text"),
        KIND => Some("securityKey or passkey"),
        ID | KEY_ID | VERSION | LIMIT => Some("a whole number, as a JSON number or digits"),
        _ => None,
    }
}

/// Every parameter name.
pub const ALL: &[&str] = &[
    SESSION,
    LOGIN,
    PASSWORD,
    CODE,
    OLD_PASSWORD,
    NEW_PASSWORD,
    KEEP_TOKENS,
    VERSION,
    LIMIT,
    AFTER,
    DESCRIPTION,
    API_LIST,
    EXPIRES_AT,
    ID,
    IDS,
    METHOD,
    KINDS,
    CEREMONY,
    CREDENTIAL,
    NAME,
    KEY_ID,
    KIND,
    EMAIL,
    LINK,
    UTC_OFFSET,
];
