//! From a request to a service call and back.

use std::{sync::Arc, time::Instant};

use axum::{
    extract::{Request, State},
    http::{header, Method as HttpMethod},
    response::Response,
};
use secrecy::ExposeSecret;
use serde::Serialize;
use twofold_api::{Method, ResultCode, ServiceGroup};

use super::{cookie::SessionCookie, request::Call, response};
use crate::{
    service::{Credential, Opened, ServiceError},
    Service,
};

/// Handles `POST <prefix><method>` for one service group.
pub(crate) async fn call(
    group: ServiceGroup,
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
    let cookie = SessionCookie::new(service.config().secure_cookies);
    // Whether a NotSignedIn answer means the browser's cookie is over.
    let mut forgets_cookie = false;
    let result = match method {
        None => Err(ServiceError::refused(ResultCode::UnknownMethod)),
        Some(_) if request.method() != HttpMethod::POST => {
            Err(ServiceError::refused(ResultCode::MethodNotAllowed))
        }
        Some(method) => {
            let (parts, body) = request.into_parts();
            match Call::read(&parts, body, cookie).await {
                Ok(call) => {
                    forgets_cookie = call.web
                        && matches!(call.caller.credential, None | Some(Credential::Cookie(_)));
                    dispatch(&service, method, call, cookie).await
                }
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
    if code == ResultCode::MethodNotAllowed {
        // RFC 9110: a 405 says which methods the resource takes.
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
    }
    // The browser's session cookie (or its absence) did not sign in: the
    // browser forgets it and the hint, so its next load asks nothing.
    if forgets_cookie && code == ResultCode::NotSignedIn {
        for value in cookie.clear() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
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

async fn dispatch(
    service: &Service,
    method: Method,
    call: Call,
    cookie: SessionCookie,
) -> Result<Response, ServiceError> {
    let Call {
        params,
        caller,
        web,
    } = call;
    let caller = &caller;
    let opening = OpeningAnswer { web, cookie };
    match method {
        Method::SignUp => opening.answer(service.sign_up(params.read()?, caller).await),
        Method::SignIn => opening.answer(service.sign_in(params.read()?, caller).await),
        Method::Verify2FACode => {
            opening.answer(service.verify_2fa_code(params.read()?, caller).await)
        }
        Method::SignOut => {
            let mut response = answer(service.sign_out(caller).await)?;
            if web {
                for value in cookie.clear() {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            Ok(response)
        }
        Method::CheckPassword => answer(service.confirm_password(params.read()?, caller).await),
        Method::Start2FAKeyCheck => {
            answer(service.start_2fa_key_check(params.read()?, caller).await)
        }
        Method::Verify2FAKey => {
            opening.answer(service.verify_2fa_key(params.read()?, caller).await)
        }
        Method::StartPasskeySignIn => {
            answer(service.start_passkey_sign_in(params.read()?, caller).await)
        }
        Method::SignInWithPasskey => {
            opening.answer(service.sign_in_with_passkey(params.read()?, caller).await)
        }
        Method::Setup2FAKey => answer(service.setup_2fa_key(params.read()?, caller).await),
        Method::Enable2FAKey => answer(service.enable_2fa_key(params.read()?, caller).await),
        Method::Rename2FAKey => answer(service.rename_2fa_key(params.read()?, caller).await),
        Method::Remove2FAKey => answer(service.remove_2fa_key(params.read()?, caller).await),
        Method::GetAccount => answer(service.get_account(caller).await),
        Method::Setup2FA => answer(service.setup_2fa(params.read()?, caller).await),
        Method::Enable2FA => answer(service.enable_2fa(params.read()?, caller).await),
        Method::Change2FAApp => answer(service.change_2fa_app(params.read()?, caller).await),
        Method::Get2FABackupCodes => {
            answer(service.view_recovery_codes(params.read()?, caller).await)
        }
        Method::Regenerate2FABackupCodes => answer(
            service
                .regenerate_recovery_codes(params.read()?, caller)
                .await,
        ),
        Method::Confirm2FABackupCodes => {
            answer(service.confirm_recovery_codes(params.read()?, caller).await)
        }
        Method::Disable2FA => answer(service.disable_2fa(params.read()?, caller).await),
        Method::ChangePassword => answer(service.change_password(params.read()?, caller).await),
        Method::GetEvents => answer(service.get_events(params.read()?, caller).await),
        Method::SetNotificationEmail => {
            answer(service.set_notification_email(params.read()?, caller).await)
        }
        Method::ConfirmNotificationEmail => answer(
            service
                .confirm_notification_email(params.read()?, caller)
                .await,
        ),
        Method::SendTestNotice => answer(service.send_test_notice(params.read()?, caller).await),
        Method::ReportNotMe => answer(service.report_not_me(params.read()?, caller).await),
        Method::StartUndoKeyCheck => answer(service.start_undo_key_check(params.read()?).await),
        Method::UndoChange => answer(service.undo_change(params.read()?, caller).await),
        Method::CreateToken => answer(service.create_token(params.read()?, caller).await),
        Method::GetTokens => answer(service.get_tokens(caller).await),
        Method::EditToken => answer(service.edit_token(params.read()?, caller).await),
        Method::RegenerateToken => answer(service.regenerate_token(params.read()?, caller).await),
        Method::DeleteTokens => answer(service.delete_tokens(params.read()?, caller).await),
        Method::Authorize => answer(service.authorize(params.read()?, caller).await),
        Method::GetSessions => answer(service.get_sessions(caller).await),
        Method::SignOutSessions => answer(service.sign_out_sessions(params.read()?, caller).await),
    }
}

/// A method's answer as a JSON success.
fn answer<T: Serialize>(result: Result<T, ServiceError>) -> Result<Response, ServiceError> {
    result.map(response::ok)
}

/// How to hand over a session that a method opened: the web app gets it as
/// a cookie, out of reach of page scripts; everyone else in the body.
struct OpeningAnswer {
    web: bool,
    cookie: SessionCookie,
}

impl OpeningAnswer {
    fn answer<T: Serialize>(
        &self,
        result: Result<Opened<T>, ServiceError>,
    ) -> Result<Response, ServiceError> {
        let Opened { body, session } = result?;
        let Some(session) = session else {
            return Ok(response::ok(body));
        };
        let token = session.token.expose_secret();
        if !self.web {
            return Ok(response::ok_with_session(body, token));
        }
        let mut response = response::ok(body);
        let headers = response.headers_mut();
        for value in self.cookie.set(token, session.lifetime) {
            headers.append(header::SET_COOKIE, value);
        }
        // The browser signed in: from now on the sign-in throttle knows it.
        headers.append(header::SET_COOKIE, self.cookie.set_device(&session.device));
        Ok(response)
    }
}
