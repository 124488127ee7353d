//! The limits of the contract, in one place: the server's checks, the app's
//! forms and the OpenAPI description all read them from here.
//!
//! Lengths are counted in characters (Unicode scalar values), as JSON Schema
//! counts `minLength` and `maxLength`.

/// Shortest login, in characters.
pub const MIN_LOGIN_CHARS: usize = 3;
/// Longest login, in characters.
pub const MAX_LOGIN_CHARS: usize = 64;

/// Shortest password a person may choose (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password a person may choose.
pub const MAX_NEW_PASSWORD_CHARS: usize = 256;
/// Longest password the server reads at all (to sign in or confirm): what
/// older rules allowed stays usable, and nobody makes the server hash
/// megabytes.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Digits of a code from the authenticator app.
pub const TOTP_DIGITS: usize = 6;
/// Letters and digits of a recovery code, not counting the dash.
pub const RECOVERY_CODE_CHARS: usize = 10;
/// Longest code the server reads, spaces and dashes included.
pub const MAX_CODE_CHARS: usize = 64;

/// Longest token description, in characters, once the white space around
/// it is dropped.
pub const MAX_DESCRIPTION_CHARS: usize = 100;
/// Most methods one token's `apiList` may name.
pub const MAX_API_LIST: usize = 200;
/// Longest method name a token's `apiList` or Authorize may hold.
pub const MAX_METHOD_NAME_CHARS: usize = 128;
/// Most personal access tokens one account may hold (live or expired,
/// until deleted); all of them fit one DeleteTokens transaction with its
/// event.
pub const MAX_TOKENS_PER_ACCOUNT: usize = 50;
/// Days a token lasts when CreateToken names no `expiresAt`.
pub const DEFAULT_TOKEN_DAYS: u64 = 90;
/// Furthest ahead a token's `expiresAt` may be, in days.
pub const MAX_TOKEN_DAYS: u64 = 366;

/// Most sessions one SignOutSessions call may name (`*` names them all).
pub const MAX_SESSION_IDS: usize = 50;
/// Characters of a session's id (lower-case hexadecimal).
pub const SESSION_ID_CHARS: usize = 16;

/// Most security-log events on one page of GetEvents.
pub const MAX_EVENTS_PER_PAGE: u32 = 100;
/// Events on a page of GetEvents that names no `limit`.
pub const DEFAULT_EVENTS_PER_PAGE: u32 = 50;
/// Longest `after` cursor of GetEvents.
pub const MAX_EVENT_CURSOR_CHARS: usize = 64;

/// At or below this many unused recovery codes, GetAccount says they are
/// running low (`recoveryCodesLow`).
pub const RECOVERY_CODES_LOW: u32 = 3;

/// Largest whole number a parameter takes where the type allows more: the
/// largest integer every JSON reader holds exactly (2^53 − 1).
pub const MAX_WHOLE_NUMBER: u64 = (1 << 53) - 1;

/// Largest request body the server reads, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The longest e-mail address, in characters (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// The longest local part of an e-mail address, in characters.
pub const MAX_EMAIL_LOCAL_CHARS: usize = 64;
/// Wrong codes ConfirmNotificationEmail takes before the address is
/// discarded.
pub const EMAIL_CODE_TRIES: u32 = 5;
/// How long a mailed code is taken, in seconds.
pub const EMAIL_CODE_SECONDS: u64 = 15 * 60;

/// How long the "This wasn't me" link of a security notice works, in
/// seconds; the credentials before a change it can undo are kept as long.
pub const NOT_ME_LINK_SECONDS: u64 = 72 * 3600;
/// Wrong codes one link takes when it puts an account back; then it only
/// ends sessions.
pub const UNDO_TRIES: u32 = 5;

/// Security keys and passkeys an account may have.
pub const MAX_SECURITY_KEYS: usize = 10;
/// The longest name of a security key, in characters.
pub const MAX_KEY_NAME_CHARS: usize = 64;
/// The longest key answer sent as text (a form field), in characters.
pub const MAX_KEY_ANSWER_CHARS: usize = 8 * 1024;
