//! The typed client: one async function per API method, over the browser's
//! `fetch`, with the request and response types of `twofold-api`.
//!
//! Every call is a `POST` of a JSON body with the [`CLIENT_HEADER`], so the
//! server keeps the session in an HttpOnly cookie that this code never sees.
//! The only token the app holds is the five-minute pending session between
//! SignIn and Verify2FACode (or Verify2FAKey), and only in memory.
//!
//! Sensitive methods are called without `password` or `code`: the app
//! steps up first with CheckPassword (the password pop-up), and the session
//! carries that proof for a few minutes. ChangePassword alone takes the
//! current password (and, when needed, the code) on the call itself.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::Serialize;
use twofold_api::account::{
    AccountResponse, ChangePasswordRequest, ChangePasswordResponse, Confirm2FABackupCodesRequest,
    Confirm2FABackupCodesResponse, Disable2FARequest, Disable2FAResponse, Enable2FARequest,
    EventsResponse, Get2FABackupCodesRequest, GetAccountRequest, GetEventsRequest,
    RecoveryCodesResponse, Regenerate2FABackupCodesRequest, Setup2FARequest, Setup2FAResponse,
};
use twofold_api::authentication::{
    CheckPasswordRequest, CheckPasswordResponse, SessionResponse, SignInRequest, SignInResponse,
    SignOutRequest, SignOutResponse, SignUpRequest, Verify2FACodeRequest, Verify2FACodeResponse,
};
use twofold_api::not_me::{
    ReportNotMeRequest, ReportNotMeResponse, StartUndoKeyCheckRequest, UndoChangeRequest,
    UndoChangeResponse,
};
use twofold_api::notifications::{
    ConfirmNotificationEmailRequest, NotificationEmailResponse, SendTestNoticeRequest,
    SendTestNoticeResponse, SetNotificationEmailRequest,
};
use twofold_api::security_keys::{
    Enable2FAKeyRequest, Enable2FAKeyResponse, KeyCeremony, KeyChangedResponse, KeyKind,
    Remove2FAKeyRequest, Rename2FAKeyRequest, Setup2FAKeyRequest, SignInWithPasskeyRequest,
    Start2FAKeyCheckRequest, StartPasskeySignInRequest, Verify2FAKeyRequest,
};
use twofold_api::tokens::{
    CreateTokenRequest, DeleteTokensRequest, DeleteTokensResponse, EditTokenRequest,
    GetSessionsRequest, GetTokensRequest, RegenerateTokenRequest, Selection, SessionsResponse,
    SignOutSessionsRequest, SignOutSessionsResponse, TokenResponse, TokensResponse,
};
use twofold_api::{ApiError, Method, ResultCode, CLIENT_HEADER, CLIENT_WEB};

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with a failure.
    Api(ApiError),
    /// The server could not be reached.
    Network,
    /// The answer was not the JSON the contract describes.
    Unreadable,
    /// A failure with a result number this app does not know (a server
    /// newer than the page).
    UnknownResult,
}

impl Failure {
    /// The result code, when the server sent a known one.
    pub fn result(&self) -> Option<ResultCode> {
        match self {
            Failure::Api(error) => Some(error.result),
            _ => None,
        }
    }

    /// True when the server sent `code`.
    pub fn is(&self, code: ResultCode) -> bool {
        self.result() == Some(code)
    }

    /// The wait the server asked for, in seconds, when it named one.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Failure::Api(error) => error.retry_after,
            _ => None,
        }
    }
}

/// Reads a response body: the method's fields on `result: 0`, an
/// [`ApiError`] otherwise. The HTTP status is not needed: `result` decides.
///
/// The body is read twice, for `result` and then as the method's own type
/// (which passes over `result` as a field it does not know), rather than
/// once into a `serde_json::Value` and then through
/// [`Envelope`](twofold_api::Envelope)'s flattening: that path copies every
/// answer into serde's buffered form and costs the sign-in page kilobytes of
/// code for each response type.
pub fn parse_response<T: DeserializeOwned>(body: &str) -> Result<T, Failure> {
    /// The one field every answer has.
    #[derive(serde::Deserialize)]
    struct Outcome {
        result: u64,
    }
    let outcome: Outcome = serde_json::from_str(body).map_err(|_| Failure::Unreadable)?;
    match outcome.result {
        0 => serde_json::from_str(body).map_err(|_| Failure::Unreadable),
        number if !is_known_result(number) => Err(Failure::UnknownResult),
        _ => Err(serde_json::from_str::<ApiError>(body).map_or(Failure::Unreadable, Failure::Api)),
    }
}

/// True when `number` is a result code of this app's `twofold-api`.
fn is_known_result(number: u64) -> bool {
    u16::try_from(number)
        .ok()
        .and_then(ResultCode::from_code)
        .is_some()
}

/// What a method's function returns: its answer, once it is in.
pub trait Answer<T>: Future<Output = Result<T, Failure>> {}

impl<T, F: Future<Output = Result<T, Failure>>> Answer<T> for F {}

/// Sends `request` to `method` and reads the answer. The request is
/// written at once and the exchange is one boxed future for every method
/// (only reading the answer differs by its type), so the methods below
/// are plain functions and the pages' futures that await them stay small:
/// the sign-in page's weight.
fn call<Req: Serialize, Res: DeserializeOwned>(method: Method, request: &Req) -> impl Answer<Res> {
    let text = post(method.path(), serde_json::to_string(request));
    async move { parse_response(&text.await?) }
}

/// POSTs `body` to `path`: the answer's text.
fn post(
    path: String,
    body: serde_json::Result<String>,
) -> Pin<Box<dyn Future<Output = Result<String, Failure>>>> {
    Box::pin(async move {
        let body = body.map_err(|_| Failure::Unreadable)?;
        fetch::post_json(&path, &body).await
    })
}

/// `SignUp`: a new account, signed in at once.
pub fn sign_up(request: SignUpRequest) -> impl Answer<SessionResponse> {
    call(Method::SignUp, &request)
}

/// `SignIn`: the password step.
pub fn sign_in(request: SignInRequest) -> impl Answer<SignInResponse> {
    call(Method::SignIn, &request)
}

/// `Verify2FACode`: the code step, with the pending session from SignIn.
pub fn verify_code(request: Verify2FACodeRequest) -> impl Answer<Verify2FACodeResponse> {
    call(Method::Verify2FACode, &request)
}

/// `Start2FAKeyCheck`: a new check of the account's security keys, for
/// the pending sign-in named in `request` (Verify2FAKey) or, without one,
/// for this session's step-up (CheckPassword).
pub fn start_key_check(request: Start2FAKeyCheckRequest) -> impl Answer<KeyCeremony> {
    call(Method::Start2FAKeyCheck, &request)
}

/// `Verify2FAKey`: the code step answered by a security key.
pub fn verify_key(request: Verify2FAKeyRequest) -> impl Answer<SessionResponse> {
    call(Method::Verify2FAKey, &request)
}

/// `StartPasskeySignIn`: a check any passkey of this site may answer.
pub fn start_passkey_sign_in() -> impl Answer<KeyCeremony> {
    call(Method::StartPasskeySignIn, &StartPasskeySignInRequest {})
}

/// `SignInWithPasskey`: a passkey's answer signs in on its own.
pub fn sign_in_with_passkey(request: SignInWithPasskeyRequest) -> impl Answer<SessionResponse> {
    call(Method::SignInWithPasskey, &request)
}

/// `ReportNotMe`: the link of a security notice ends every session and
/// access token of its account. No session: the link is the proof.
pub fn report_not_me(link: String) -> impl Answer<ReportNotMeResponse> {
    call(Method::ReportNotMe, &ReportNotMeRequest { link })
}

/// `UndoChange`: the link and a code from before the change put the
/// account back as it was.
pub fn undo_change(link: String, code: String) -> impl Answer<UndoChangeResponse> {
    let request = UndoChangeRequest {
        link,
        code: Some(code),
        ceremony: None,
        credential: None,
    };
    call(Method::UndoChange, &request)
}

/// `StartUndoKeyCheck`: a check of the security keys the account had
/// before the link's change, bound to the link (no session).
pub fn start_undo_key_check(link: String) -> impl Answer<KeyCeremony> {
    call(
        Method::StartUndoKeyCheck,
        &StartUndoKeyCheckRequest { link },
    )
}

/// `UndoChange` with a key's answer (`credential`) to StartUndoKeyCheck's
/// `ceremony` instead of a code.
pub fn undo_change_with_key(
    link: String,
    ceremony: String,
    credential: serde_json::Value,
) -> impl Answer<UndoChangeResponse> {
    let request = UndoChangeRequest {
        link,
        code: None,
        ceremony: Some(ceremony),
        credential: Some(credential),
    };
    call(Method::UndoChange, &request)
}

/// `SignOut`: ends this session and clears the cookie.
pub fn sign_out() -> impl Answer<SignOutResponse> {
    call(Method::SignOut, &SignOutRequest {})
}

/// `CheckPassword`: the "confirm your password" pop-up, with a code when
/// the change needs a second factor.
pub fn check_password(request: CheckPasswordRequest) -> impl Answer<CheckPasswordResponse> {
    call(Method::CheckPassword, &request)
}

/// `GetAccount`: who is signed in (NotSignedIn when nobody is).
pub fn get_account() -> impl Answer<AccountResponse> {
    call(Method::GetAccount, &GetAccountRequest {})
}

/// `SetNotificationEmail`: a new address for security notices (after the
/// step-up); a code is mailed to it.
pub fn set_notification_email(email: String) -> impl Answer<NotificationEmailResponse> {
    let request = SetNotificationEmailRequest {
        email,
        password: None,
        code: None,
        utc_offset: crate::browser::utc_offset(),
    };
    call(Method::SetNotificationEmail, &request)
}

/// `ConfirmNotificationEmail`: the code mailed to the pending address.
pub fn confirm_notification_email(code: String) -> impl Answer<NotificationEmailResponse> {
    call(
        Method::ConfirmNotificationEmail,
        &ConfirmNotificationEmailRequest { code },
    )
}

/// `SendTestNotice`: a test notice to the confirmed address.
pub fn send_test_notice() -> impl Answer<SendTestNoticeResponse> {
    call(Method::SendTestNotice, &SendTestNoticeRequest {})
}

/// `Setup2FA`: a new pending key, as QR code and text.
pub fn setup_2fa() -> impl Answer<Setup2FAResponse> {
    call(Method::Setup2FA, &Setup2FARequest::default())
}

/// `Enable2FA`: the first code from the app switches 2FA on; the access
/// tokens not in `keep_tokens` (nor made by this session) stop working.
pub fn enable_2fa(
    code: String,
    keep_tokens: Option<Selection<u32>>,
) -> impl Answer<RecoveryCodesResponse> {
    call(Method::Enable2FA, &Enable2FARequest { code, keep_tokens })
}

/// `Change2FAApp`: with 2FA on, the first code from a new authenticator
/// app (set up by Setup2FA) makes it the account's app; the recovery codes
/// and access tokens stay, the account's other sessions end.
pub fn change_2fa_app(code: String) -> impl Answer<twofold_api::account::Change2FAAppResponse> {
    let request = twofold_api::account::Change2FAAppRequest { code };
    call(Method::Change2FAApp, &request)
}

/// `Setup2FAKey`: the options to add a key of `kind`.
pub fn setup_2fa_key(kind: KeyKind) -> impl Answer<KeyCeremony> {
    let request = Setup2FAKeyRequest {
        kind,
        password: None,
        code: None,
    };
    call(Method::Setup2FAKey, &request)
}

/// `Enable2FAKey`: the key's answer adds it (the first one turns 2FA on
/// and brings the recovery codes).
pub fn enable_2fa_key(request: Enable2FAKeyRequest) -> impl Answer<Enable2FAKeyResponse> {
    call(Method::Enable2FAKey, &request)
}

/// `Rename2FAKey`: a key's new name.
pub fn rename_2fa_key(key_id: u32, name: String) -> impl Answer<KeyChangedResponse> {
    let request = Rename2FAKeyRequest {
        key_id,
        name,
        password: None,
        code: None,
    };
    call(Method::Rename2FAKey, &request)
}

/// `Remove2FAKey`: a key removed (never the account's last second factor).
pub fn remove_2fa_key(key_id: u32) -> impl Answer<KeyChangedResponse> {
    let request = Remove2FAKeyRequest {
        key_id,
        password: None,
        code: None,
    };
    call(Method::Remove2FAKey, &request)
}

/// `Get2FABackupCodes`: the recovery codes, used ones marked.
pub fn view_recovery_codes() -> impl Answer<RecoveryCodesResponse> {
    call(
        Method::Get2FABackupCodes,
        &Get2FABackupCodesRequest::default(),
    )
}

/// `Regenerate2FABackupCodes`: new codes; the old ones stop working.
pub fn regenerate_recovery_codes() -> impl Answer<RecoveryCodesResponse> {
    call(
        Method::Regenerate2FABackupCodes,
        &Regenerate2FABackupCodesRequest::default(),
    )
}

/// `Confirm2FABackupCodes`: the owner saved the recovery codes of `version`.
pub fn confirm_recovery_codes(version: u64) -> impl Answer<Confirm2FABackupCodesResponse> {
    call(
        Method::Confirm2FABackupCodes,
        &Confirm2FABackupCodesRequest { version },
    )
}

/// `Disable2FA`: 2FA off.
pub fn disable_2fa() -> impl Answer<Disable2FAResponse> {
    call(Method::Disable2FA, &Disable2FARequest::default())
}

/// `ChangePassword`: a new password; the account's other sessions end, and
/// the access tokens not kept.
pub fn change_password(request: ChangePasswordRequest) -> impl Answer<ChangePasswordResponse> {
    call(Method::ChangePassword, &request)
}

/// `GetEvents`: one page of the security log; of `kinds` only, when given
/// (such a page may hold fewer than `limit` and still have a next one).
pub fn get_events(
    limit: u32,
    after: Option<String>,
    kinds: Option<Vec<twofold_api::events::EventKind>>,
) -> impl Answer<EventsResponse> {
    call(
        Method::GetEvents,
        &GetEventsRequest {
            limit: Some(limit),
            after,
            kinds: kinds.map(twofold_api::lists::KindList),
        },
    )
}

/// `CreateToken`: a new personal access token; the answer holds its value,
/// this once.
pub fn create_token(request: CreateTokenRequest) -> impl Answer<TokenResponse> {
    call(Method::CreateToken, &request)
}

/// `GetTokens`: the account's tokens, newest first, without their values.
pub fn get_tokens() -> impl Answer<TokensResponse> {
    call(Method::GetTokens, &GetTokensRequest {})
}

/// `EditToken`: a token's description, methods or expiry.
pub fn edit_token(request: EditTokenRequest) -> impl Answer<TokenResponse> {
    call(Method::EditToken, &request)
}

/// `RegenerateToken`: a new value for a token (shown this once); the old
/// one stops working.
pub fn regenerate_token(request: RegenerateTokenRequest) -> impl Answer<TokenResponse> {
    call(Method::RegenerateToken, &request)
}

/// `DeleteTokens`: tokens removed; they stop working at once.
pub fn delete_tokens(request: DeleteTokensRequest) -> impl Answer<DeleteTokensResponse> {
    call(Method::DeleteTokens, &request)
}

/// `GetSessions`: where the account is signed in, newest first.
pub fn get_sessions() -> impl Answer<SessionsResponse> {
    call(Method::GetSessions, &GetSessionsRequest {})
}

/// `SignOutSessions`: ends the sessions `ids` names (`*`: every one but
/// this). Stepped up, `*` ends the access tokens not in `keep_tokens` too.
pub fn sign_out_sessions(
    ids: Selection<String>,
    keep_tokens: Option<Selection<u32>>,
) -> impl Answer<SignOutSessionsResponse> {
    let request = SignOutSessionsRequest {
        ids,
        password: None,
        code: None,
        keep_tokens,
    };
    call(Method::SignOutSessions, &request)
}

/// The one place that touches `fetch`.
mod fetch {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Headers, RequestCredentials, RequestInit, Response};

    use super::{Failure, CLIENT_HEADER, CLIENT_WEB};

    /// POSTs `body` as JSON to `path` on this origin and returns the response
    /// text, whatever the status (failures carry a JSON body too).
    pub(super) async fn post_json(path: &str, body: &str) -> Result<String, Failure> {
        let window = web_sys::window().ok_or(Failure::Network)?;
        let headers = Headers::new().map_err(|_| Failure::Network)?;
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| Failure::Network)?;
        headers
            .set(CLIENT_HEADER, CLIENT_WEB)
            .map_err(|_| Failure::Network)?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers_headers(&headers);
        init.set_body(&body.into());
        // The session cookie is HttpOnly and SameSite=Strict; same-origin
        // sends it here and nowhere else.
        init.set_credentials(RequestCredentials::SameOrigin);
        let response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
            .await
            .map_err(|_| Failure::Network)?;
        let response: Response = response.dyn_into().map_err(|_| Failure::Unreadable)?;
        let text = response.text().map_err(|_| Failure::Unreadable)?;
        let text = JsFuture::from(text).await.map_err(|_| Failure::Network)?;
        text.as_string().ok_or(Failure::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_gives_the_method_fields() {
        let account: CheckPasswordResponse =
            parse_response(r#"{"result":0,"elevatedUntil":1700000300}"#).unwrap();
        assert_eq!(account.elevated_until, 1_700_000_300);
    }

    #[test]
    fn a_flattened_session_reads_with_its_extra_fields() {
        let verified: Verify2FACodeResponse = parse_response(
            r#"{"result":0,"expiresAt":5,"login":"alice","recoveryCodeUsed":true,"recoveryCodesLeft":9}"#,
        )
        .unwrap();
        assert_eq!(verified.session.login, "alice");
        assert_eq!(
            verified.session.session, None,
            "the cookie carries the session"
        );
        assert!(verified.recovery_code_used);
        assert_eq!(verified.recovery_codes_left, 9);
    }

    #[test]
    fn a_wrong_code_carries_the_attempts_left() {
        let failure = parse_response::<Verify2FACodeResponse>(
            r#"{"result":300,"error":"The code is not valid.","attemptsLeft":4}"#,
        )
        .unwrap_err();
        assert!(failure.is(ResultCode::InvalidCode));
        let Failure::Api(error) = failure else {
            panic!("not an API error")
        };
        assert_eq!(error.attempts_left, Some(4));
    }

    #[test]
    fn a_new_token_reads_with_its_value_and_a_listed_one_without() {
        let created: TokenResponse = parse_response(
            r#"{"result":0,"token":{"id":1,"key":"tft_abc","description":"ci","createdAt":1,
                "expiresAt":2,"apiList":["GetAccount"],"lastUsed":null}}"#,
        )
        .unwrap();
        assert_eq!(created.token.key.as_deref(), Some("tft_abc"));
        let listed: TokensResponse = parse_response(
            r#"{"result":0,"tokens":[{"id":1,"description":"ci","createdAt":1,"expiresAt":2,
                "apiList":["GetAccount"],"lastUsed":5,"lastUsedIp":"10.0.0.1"}]}"#,
        )
        .unwrap();
        let token = &listed.tokens[0];
        assert_eq!(token.key, None);
        assert_eq!(token.last_used, Some(5));
        assert_eq!(token.last_used_ip.as_deref(), Some("10.0.0.1"));
    }

    #[test]
    fn a_token_method_refusal_names_the_method() {
        let failure = parse_response::<TokensResponse>(
            r#"{"result":207,"error":"This token may not call GetTokens.","method":"GetTokens"}"#,
        )
        .unwrap_err();
        let Failure::Api(error) = failure else {
            panic!("not an API error")
        };
        assert_eq!(error.result, ResultCode::TokenMethodRefused);
        assert_eq!(error.method.as_deref(), Some("GetTokens"));
    }

    #[test]
    fn signing_out_other_sessions_sends_ids_as_the_platform_does() {
        let request = |ids, keep_tokens| SignOutSessionsRequest {
            ids,
            password: None,
            code: None,
            keep_tokens,
        };
        let all = serde_json::to_value(request(Selection::All, None)).unwrap();
        assert_eq!(all, serde_json::json!({"ids": "*"}));
        let some = serde_json::to_value(request(
            Selection::Only(vec!["a1".into(), "b2".into()]),
            None,
        ))
        .unwrap();
        assert_eq!(some, serde_json::json!({"ids": "a1;b2"}));
        let keeping =
            serde_json::to_value(request(Selection::All, Some(Selection::Only(vec![2, 5]))))
                .unwrap();
        assert_eq!(
            keeping,
            serde_json::json!({"ids": "*", "keepTokens": "2;5"})
        );
        let keeping_none =
            serde_json::to_value(request(Selection::All, Some(Selection::Only(vec![])))).unwrap();
        assert_eq!(
            keeping_none,
            serde_json::json!({"ids": "*", "keepTokens": ""})
        );
    }

    #[test]
    fn a_step_up_answer_says_whether_a_second_factor_was_confirmed() {
        let with_code: CheckPasswordResponse = parse_response(
            r#"{"result":0,"elevatedUntil":1700000300,"secondFactorConfirmed":true}"#,
        )
        .unwrap();
        assert!(with_code.second_factor_confirmed);
        let without: CheckPasswordResponse =
            parse_response(r#"{"result":0,"elevatedUntil":1700000300}"#).unwrap();
        assert!(!without.second_factor_confirmed);
    }

    #[test]
    fn an_unknown_result_number_is_a_failure_of_its_own() {
        for body in [
            r#"{"result":999,"error":"New failure."}"#,
            r#"{"result":70000}"#,
        ] {
            assert_eq!(
                parse_response::<SignOutResponse>(body).unwrap_err(),
                Failure::UnknownResult,
                "{body}"
            );
        }
    }

    #[test]
    fn a_body_that_is_not_the_contract_is_unreadable() {
        for body in [
            "",
            "<html>502</html>",
            "{}",
            r#"{"result":0}"#,
            r#"{"result":"0"}"#,
        ] {
            assert_eq!(
                parse_response::<CheckPasswordResponse>(body).unwrap_err(),
                Failure::Unreadable,
                "{body}"
            );
        }
    }
}
