//! What the flows that open a full session (SignUp, SignIn without 2FA,
//! Verify2FACode) answer: the body, and beside it the session they opened.
//! The HTTP layer hands the session over as a cookie to the web app and in
//! the body to everyone else; the flows do not know which.

use secrecy::SecretString;

/// A full session just opened.
#[derive(Debug)]
pub struct OpenedSession {
    /// The session token, shown to the caller once.
    pub token: SecretString,
    /// Seconds from now until the session ends (a cookie's `Max-Age`).
    pub lifetime: u64,
    /// The browser's device cookie after this sign-in: it now vouches for
    /// the login (see `twofold_auth::device`).
    pub device: String,
}

/// A flow's answer, and the full session it opened, if it opened one.
#[derive(Debug)]
pub struct Opened<T> {
    /// The method's answer, without the session token.
    pub body: T,
    /// The session it opened.
    pub session: Option<OpenedSession>,
}
