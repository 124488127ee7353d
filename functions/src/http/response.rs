//! Writing responses: the JSON envelope, the status, the headers every
//! answer carries.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use twofold_api::{Envelope, ResultCode};

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

/// A success that opened a full session, for a caller that takes the
/// session in the body (scripts): `session` beside the method's fields.
pub(crate) fn ok_with_session<T: Serialize>(body: T, token: &str) -> Response {
    #[derive(Serialize)]
    struct WithSession<'a, T> {
        session: &'a str,
        #[serde(flatten)]
        body: T,
    }
    ok(WithSession {
        session: token,
        body,
    })
}
