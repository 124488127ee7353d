//! The HTTP face of the service: `POST /1.0/users/<service>/rest/<method>`.
//!
//! One router per service group ([`authentication_router`],
//! [`account_router`]), each a plain axum `Router`: Lambda runs one each,
//! `twofold-local` merges them, and tests call them in-process.

mod cookie;
mod dispatch;
mod forwarded;
mod request;
mod response;
pub mod security_headers;

use std::{net::IpAddr, sync::Arc};

use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
    routing::{any, get, post},
    Router,
};
use twofold_api::ServiceGroup;

use crate::Service;

pub use forwarded::TrustedProxies;
pub use request::ClientAddr;

/// Where the API's OpenAPI 3.1 description is served.
pub const OPENAPI_PATH: &str = "/1.0/openapi.json";

/// The OpenAPI description, as docs/openapi.json holds it (a test keeps it
/// equal to the wire types).
const OPENAPI: &str = include_str!("../../../docs/openapi.json");

/// The authentication service's methods (SignUp, SignIn, Verify2FACode, ...)
/// and the API's description.
pub fn authentication_router(service: Arc<Service>) -> Router {
    group_routes(ServiceGroup::Authentication, service)
        .route(OPENAPI_PATH, get(openapi))
        .route(
            security_headers::CSP_REPORT_PATH,
            post(security_headers::csp_report),
        )
        .fallback(dispatch::unknown_path)
}

/// The account service's methods (GetAccount, Setup2FA, ...).
pub fn account_router(service: Arc<Service>) -> Router {
    group_routes(ServiceGroup::Account, service).fallback(dispatch::unknown_path)
}

/// Every service group, with a JSON 404 for any other path under `/1.0/`
/// (and, until a caller sets its own fallback, for every other path).
pub fn router(service: Arc<Service>) -> Router {
    group_routes(ServiceGroup::Authentication, service.clone())
        .merge(group_routes(ServiceGroup::Account, service))
        .route(OPENAPI_PATH, get(openapi))
        .route(
            security_headers::CSP_REPORT_PATH,
            post(security_headers::csp_report),
        )
        .route("/1.0/{*rest}", any(dispatch::unknown_path))
        .fallback(dispatch::unknown_path)
}

fn group_routes(group: ServiceGroup, service: Arc<Service>) -> Router {
    let path = format!("{}{{method}}", group.prefix());
    Router::new()
        .route(
            &path,
            any(move |state, request| dispatch::call(group, state, request)),
        )
        .with_state(service)
}

/// `GET /1.0/openapi.json`.
async fn openapi() -> axum::response::Response {
    let mut response = OPENAPI.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// The client's address as a trusted front (API Gateway, the local
/// listener) saw it; never taken from request headers a client controls.
pub fn client_addr(ip: IpAddr) -> ClientAddr {
    ClientAddr(ip)
}
