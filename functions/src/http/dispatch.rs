//! From a request to a service call and back.

use std::{sync::Arc, time::Instant};

use axum::{
    extract::{Request, State},
    http::{header, Method as HttpMethod},
    response::Response,
};
use serde::Serialize;
use twofold_api::{Method, ResultCode, Service as ApiService};

use super::{
    request::Call,
    response::{self, OpensSession},
};
use crate::{service::ServiceError, Service};

/// Handles `POST <prefix><method>` for one service group.
pub(crate) async fn call(
    group: ApiService,
    State(service): State<Arc<Service>>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let segment = request
        .uri()
        .path()
        .strip_prefix(group.prefix())
        .unwrap_or_default()
        .to_owned();
    let method = Method::find(group, &segment);
    let result = match method {
        None => Err(ServiceError::refused(ResultCode::UnknownMethod)),
        Some(_) if request.method() != HttpMethod::POST => {
            Err(ServiceError::refused(ResultCode::MethodNotAllowed))
        }
        Some(method) => {
            let (parts, body) = request.into_parts();
            match Call::read(&parts, body, service.config().secure_cookies).await {
                Ok(call) => dispatch(&service, method, call).await,
                Err(error) => Err(error),
            }
        }
    };
    let code = response::code_of(&result);
    let name = method.map_or("unknown", Method::name);
    let elapsed_ms = started.elapsed().as_millis();
    match &result {
        Err(ServiceError::Internal(cause)) => {
            tracing::error!(
                method = name,
                result = code.code(),
                elapsed_ms,
                "call failed: {cause:#}"
            )
        }
        _ => tracing::info!(method = name, result = code.code(), elapsed_ms, "call"),
    }
    let mut response = result.unwrap_or_else(|error| response::error(&error));
    response
        .headers_mut()
        .entry(header::VARY)
        .or_insert(header::HeaderValue::from_static("Cookie"));
    response
}

/// Anything under `/1.0/` that is not a method.
pub(crate) async fn unknown_path() -> Response {
    response::error(&ServiceError::refused(ResultCode::UnknownMethod))
}

async fn dispatch(service: &Service, method: Method, call: Call) -> Result<Response, ServiceError> {
    let caller = &call.caller;
    match method {
        Method::SignUp => opening(
            service,
            &call,
            service.sign_up(call.params()?, caller).await,
        ),
        Method::SignIn => opening(
            service,
            &call,
            service.sign_in(call.params()?, caller).await,
        ),
        Method::Verify2FACode => opening(
            service,
            &call,
            service.verify_2fa_code(call.params()?, caller).await,
        ),
        Method::SignOut => {
            let mut response = response::ok(service.sign_out(caller).await?);
            if call.web {
                let cookie = response::session_cookie(None, 0, service.config().secure_cookies);
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Method::CheckPassword => plain(service.confirm_password(call.params()?, caller).await),
        Method::GetAccount => plain(service.get_account(caller).await),
        Method::Setup2FA => plain(service.setup_2fa(caller).await),
        Method::Enable2FA => plain(service.enable_2fa(call.params()?, caller).await),
        Method::Get2FABackupCodes => plain(service.get_backup_codes(caller).await),
        Method::Regenerate2FABackupCodes => plain(service.regenerate_backup_codes(caller).await),
        Method::Disable2FA => plain(service.disable_2fa(caller).await),
        Method::GetEvents => plain(service.get_events(call.params()?, caller).await),
    }
}

fn plain<T: Serialize>(result: Result<T, ServiceError>) -> Result<Response, ServiceError> {
    result.map(response::ok)
}

/// A response that may open a full session: the web app gets it as a
/// cookie, everyone else in the body.
fn opening<T: Serialize + OpensSession>(
    service: &Service,
    call: &Call,
    result: Result<T, ServiceError>,
) -> Result<Response, ServiceError> {
    let mut body = result?;
    if !call.web {
        return Ok(response::ok(body));
    }
    let session = body.take_full_session();
    let mut response = response::ok(body);
    if let Some((token, expires_at)) = session {
        let cookie = response::session_cookie(
            Some((&token, expires_at)),
            service.clock.now(),
            service.config().secure_cookies,
        );
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
