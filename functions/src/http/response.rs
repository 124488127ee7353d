//! Writing responses: the JSON envelope, the status, and the session cookie.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use twofold_api::{
    authentication::{SessionResponse, SignInResponse, Verify2FACodeResponse},
    Envelope, ResultCode, SESSION_COOKIE_INSECURE, SESSION_COOKIE_SECURE,
};

use crate::service::ServiceError;

/// A JSON response with the headers every API answer carries.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| {
        br#"{"result":501,"error":"Something went wrong on our side."}"#.to_vec()
    });
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    // Answers hold sessions, secrets and codes: never cache them.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A success.
pub(crate) fn ok<T: Serialize>(body: T) -> Response {
    json(StatusCode::OK, &Envelope::ok(body))
}

/// A failure, as its result code and words.
pub(crate) fn error(error: &ServiceError) -> Response {
    let api = error.to_api();
    let status =
        StatusCode::from_u16(api.result.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = json(status, &api);
    if let Some(seconds) = api.retry_after {
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

/// The result code a response carries, for the request log.
pub(crate) fn code_of(result: &Result<Response, ServiceError>) -> ResultCode {
    match result {
        Ok(_) => ResultCode::Ok,
        Err(error) => error.to_api().result,
    }
}

/// Responses that may open a full session: for the web app the token moves
/// from the body into an HttpOnly cookie, out of reach of page scripts.
pub(crate) trait OpensSession {
    /// Takes the full session's token and expiry out of the body, if the
    /// response opened one.
    fn take_full_session(&mut self) -> Option<(String, u64)>;
}

impl OpensSession for SessionResponse {
    fn take_full_session(&mut self) -> Option<(String, u64)> {
        self.session.take().map(|token| (token, self.expires_at))
    }
}

impl OpensSession for SignInResponse {
    fn take_full_session(&mut self) -> Option<(String, u64)> {
        if self.two_factor_required {
            return None; // a pending token stays in the body for Verify2FACode
        }
        self.session.take().map(|token| (token, self.expires_at))
    }
}

impl OpensSession for Verify2FACodeResponse {
    fn take_full_session(&mut self) -> Option<(String, u64)> {
        self.session.take_full_session()
    }
}

/// The `Set-Cookie` value for a session, or for clearing it (`None`).
pub(crate) fn session_cookie(session: Option<(&str, u64)>, now: u64, secure: bool) -> HeaderValue {
    let name = if secure {
        SESSION_COOKIE_SECURE
    } else {
        SESSION_COOKIE_INSECURE
    };
    let secure_attribute = if secure { "; Secure" } else { "" };
    let (value, max_age) = match session {
        Some((token, expires_at)) => (token, expires_at.saturating_sub(now)),
        None => ("", 0),
    };
    let cookie = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure_attribute}"
    );
    HeaderValue::from_str(&cookie)
        .unwrap_or_else(|_| HeaderValue::from_static("twofold_session=; Max-Age=0"))
}
