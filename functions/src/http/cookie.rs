//! The web app's session cookie: its one name (`__Host-` prefixed and
//! `Secure` over HTTPS), read from requests, set and cleared on responses.
//! HttpOnly and SameSite=Strict keep it from page scripts and other sites.
//!
//! Beside it travels the signed-in hint (`twofold_signed_in=1`, over HTTPS
//! `__Host-twofold_signed_in`), set and cleared with it and with the same
//! lifetime and attributes except HttpOnly: the app reads it to skip
//! GetAccount on a signed-out load (a call that would fail and log an error
//! in the console). It carries nothing: anyone may set it, and it opens
//! nothing. And the device cookie, set at each full sign-in and kept across
//! sessions, which the sign-in throttle reads (`twofold_auth::device`).

use std::collections::HashMap;

use axum::http::{header, HeaderMap, HeaderValue};
use twofold_api::{
    DEVICE_COOKIE_INSECURE, DEVICE_COOKIE_SECURE, SESSION_COOKIE_INSECURE, SESSION_COOKIE_SECURE,
    SIGNED_IN_HINT_COOKIE, SIGNED_IN_HINT_COOKIE_SECURE,
};

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

    fn hint_name(self) -> &'static str {
        if self.secure {
            SIGNED_IN_HINT_COOKIE_SECURE
        } else {
            SIGNED_IN_HINT_COOKIE
        }
    }

    fn device_name(self) -> &'static str {
        if self.secure {
            DEVICE_COOKIE_SECURE
        } else {
            DEVICE_COOKIE_INSECURE
        }
    }

    /// The session token the request's cookie carries, if any.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        cookie(headers, self.name())
    }

    /// The device cookie the request carries, if any.
    pub fn read_device(self, headers: &HeaderMap) -> Option<String> {
        cookie(headers, self.device_name())
    }

    /// The `Set-Cookie` headers for a session `token` that lives `max_age`
    /// seconds more: the session, and the signed-in hint for as long.
    pub fn set(self, token: &str, max_age: u64) -> [HeaderValue; 2] {
        [
            self.header(self.name(), token, max_age, true),
            self.header(self.hint_name(), "1", max_age, false),
        ]
    }

    /// The `Set-Cookie` header for the device cookie after a full sign-in.
    pub fn set_device(self, value: &str) -> HeaderValue {
        let max_age = twofold_auth::DeviceCookie::max_age();
        self.header(self.device_name(), value, max_age, true)
    }

    /// The `Set-Cookie` headers that make the browser forget the session
    /// and the hint (the device cookie stays: it outlives sessions).
    pub fn clear(self) -> [HeaderValue; 2] {
        [
            self.header(self.name(), "", 0, true),
            self.header(self.hint_name(), "", 0, false),
        ]
    }

    fn header(self, name: &str, value: &str, max_age: u64, http_only: bool) -> HeaderValue {
        // Cookie values here are tokens, base64url, hex and `.~-`: nothing
        // a header cannot hold.
        let secure = if self.secure { "; Secure" } else { "" };
        let http_only = if http_only { "; HttpOnly" } else { "" };
        let cookie = format!(
            "{name}={value}; Path=/{http_only}; SameSite=Strict; Max-Age={max_age}{secure}"
        );
        HeaderValue::from_str(&cookie)
            .unwrap_or_else(|_| HeaderValue::from_static("twofold_session=; Max-Age=0"))
    }
}

/// The non-empty value of the cookie `name` in the request, if any.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let cookies: HashMap<&str, &str> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .collect();
    cookies
        .get(name)
        .map(|v| (*v).to_owned())
        .filter(|v| !v.is_empty())
}
