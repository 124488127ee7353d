//! The web app's session cookie: its one name (`__Host-` prefixed and
//! `Secure` over HTTPS), read from requests, set and cleared on responses.
//! HttpOnly and SameSite=Strict keep it from page scripts and other sites.

use std::collections::HashMap;

use axum::http::{header, HeaderMap, HeaderValue};
use twofold_api::{SESSION_COOKIE_INSECURE, SESSION_COOKIE_SECURE};

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

    /// `Set-Cookie` for a session `token` that lives `max_age` seconds more.
    pub fn set(self, token: &str, max_age: u64) -> HeaderValue {
        self.header(token, max_age)
    }

    /// `Set-Cookie` that makes the browser forget the session.
    pub fn clear(self) -> HeaderValue {
        self.header("", 0)
    }

    fn header(self, value: &str, max_age: u64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let cookie = format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
            self.name()
        );
        HeaderValue::from_str(&cookie)
            .unwrap_or_else(|_| HeaderValue::from_static("twofold_session=; Max-Age=0"))
    }
}
