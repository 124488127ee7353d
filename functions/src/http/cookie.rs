//! The web app's session cookie: its one name (`__Host-` prefixed and
//! `Secure` over HTTPS), read from requests, set and cleared on responses.
//! HttpOnly and SameSite=Strict keep it from page scripts and other sites.
//!
//! Beside it travels the signed-in hint (`twofold_signed_in=1`), set and
//! cleared with it and with the same lifetime and attributes except
//! HttpOnly: the app reads it to skip GetAccount on a signed-out load (a
//! call that would fail and log an error in the console). It carries
//! nothing: anyone may set it, and it opens nothing.

use std::collections::HashMap;

use axum::http::{header, HeaderMap, HeaderValue};
use twofold_api::{SESSION_COOKIE_INSECURE, SESSION_COOKIE_SECURE, SIGNED_IN_HINT_COOKIE};

/// The session cookie as this deployment names and marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SessionCookie {
    /// Served over HTTPS: the `__Host-` name and the `Secure` attribute.
    secure: bool,
}

impl SessionCookie {
    /// The cookie for a deployment served over HTTPS (`secure`) or plain
    /// HTTP on loopback.
    pub fn new(secure: bool) -> Self {
        SessionCookie { secure }
    }

    fn name(self) -> &'static str {
        if self.secure {
            SESSION_COOKIE_SECURE
        } else {
            SESSION_COOKIE_INSECURE
        }
    }

    /// The session token the request's cookie carries, if any.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        let cookies: HashMap<&str, &str> = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .collect();
        cookies
            .get(self.name())
            .map(|v| (*v).to_owned())
            .filter(|v| !v.is_empty())
    }

    /// The `Set-Cookie` headers for a session `token` that lives `max_age`
    /// seconds more: the session, and the signed-in hint for as long.
    pub fn set(self, token: &str, max_age: u64) -> [HeaderValue; 2] {
        [
            self.header(self.name(), token, max_age, true),
            self.header(SIGNED_IN_HINT_COOKIE, "1", max_age, false),
        ]
    }

    /// The `Set-Cookie` headers that make the browser forget the session
    /// and the hint.
    pub fn clear(self) -> [HeaderValue; 2] {
        [
            self.header(self.name(), "", 0, true),
            self.header(SIGNED_IN_HINT_COOKIE, "", 0, false),
        ]
    }

    fn header(self, name: &str, value: &str, max_age: u64, http_only: bool) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let http_only = if http_only { "; HttpOnly" } else { "" };
        let cookie = format!(
            "{name}={value}; Path=/{http_only}; SameSite=Strict; Max-Age={max_age}{secure}"
        );
        HeaderValue::from_str(&cookie)
            .unwrap_or_else(|_| HeaderValue::from_static("twofold_session=; Max-Age=0"))
    }
}
