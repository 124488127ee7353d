//! `TestApp`: one running twofold-local and a typed client of its HTTP API
//! with one helper per method; and `Authenticator`, a phone app in a test.

use reqwest::{header::HeaderMap, StatusCode};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use twofold_api::{
    account::*,
    authentication::*,
    tokens::{
        AccessToken, AuthorizeRequest, AuthorizeResponse, CreateTokenRequest, DeleteTokensRequest,
        DeleteTokensResponse, EditTokenRequest, GetSessionsRequest, GetTokensRequest, MethodList,
        RegenerateTokenRequest, Selection, SessionsResponse, SignOutSessionsRequest,
        SignOutSessionsResponse, TokenResponse, TokensResponse,
    },
    ApiError, Envelope, Method, ResultCode,
};

use crate::{ServerOptions, TestClock, TestServer};

/// A server of its own, and a client of it. Dropping it stops the server.
#[derive(Debug)]
pub struct TestApp {
    server: TestServer,
    http: reqwest::Client,
}

/// A raw answer: status, headers and JSON body.
#[derive(Debug, Clone)]
pub struct Raw {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body as JSON (Null when it is not JSON).
    pub body: Value,
}

impl Raw {
    async fn read(response: reqwest::Response) -> Raw {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("body read");
        Raw {
            status,
            headers,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    /// The `result` code.
    pub fn result(&self) -> Option<ResultCode> {
        self.body
            .get("result")
            .and_then(Value::as_u64)
            .and_then(|c| ResultCode::from_code(c as u16))
    }

    /// The `Set-Cookie` header, if the server sent one.
    pub fn set_cookie(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
    }

    /// The `name=value` of the cookie `name` the answer set, if it did.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
    }

    /// Asserts a failure with `code`, its HTTP status and an `error` text,
    /// and returns the parameter the server named, if any.
    #[track_caller]
    pub fn assert_refused(&self, code: ResultCode) -> Option<String> {
        assert_eq!(self.result(), Some(code), "body: {}", self.body);
        assert_eq!(
            self.status.as_u16(),
            code.http_status(),
            "status of {code:?}"
        );
        let error = self
            .body
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or_default();
        assert!(
            !error.is_empty(),
            "{code:?} comes with words: {}",
            self.body
        );
        self.body
            .get("parameter")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }

    /// Asserts a success (result 0, HTTP 200).
    #[track_caller]
    pub fn assert_ok(&self) {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.body);
        assert_eq!(self.result(), Some(ResultCode::Ok), "body: {}", self.body);
    }
}

/// Unwrapping a refused call: `app.get_account(&t).await.refused(ResultCode::NotSignedIn)`.
pub trait Refused {
    /// The error, asserting the call failed with `code`.
    fn refused(self, code: ResultCode) -> ApiError;

    /// The error, asserting a token was refused the method `name`
    /// (`TokenMethodRefused`, 207) and the error names it.
    fn refused_method(self, name: &str) -> ApiError;
}

impl<T: std::fmt::Debug> Refused for Result<T, ApiError> {
    #[track_caller]
    fn refused(self, code: ResultCode) -> ApiError {
        match self {
            Ok(answer) => panic!(
                "expected result {} ({code:?}), got success: {answer:?}",
                code.code()
            ),
            Err(error) => {
                assert_eq!(error.result, code, "{error}");
                error
            }
        }
    }

    #[track_caller]
    fn refused_method(self, name: &str) -> ApiError {
        let error = self.refused(ResultCode::TokenMethodRefused);
        assert_eq!(
            error.method.as_deref(),
            Some(name),
            "the refusal names the method: {error:?}"
        );
        error
    }
}

impl TestApp {
    /// A fresh server (empty data folder, default settings) and a client.
    pub fn spawn() -> TestApp {
        TestApp::spawn_with(ServerOptions::default())
    }

    /// A fresh server started with `options`, and a client.
    pub fn spawn_with(options: ServerOptions) -> TestApp {
        TestApp {
            server: TestServer::start_with(options),
            // No connection reuse: a server that answers an oversized body
            // early closes that connection, and a pooled client could pick it
            // up again for the next request (a broken pipe, not a server bug).
            http: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .expect("HTTP client"),
        }
    }

    /// `http://127.0.0.1:PORT` (it changes when the server restarts).
    pub fn url(&self) -> &str {
        &self.server.url
    }

    /// The server: its output and data folder.
    pub fn server(&self) -> &TestServer {
        &self.server
    }

    /// A fresh server whose clock the test moves (`TWOFOLD_CLOCK_FILE`), and
    /// that clock, at no shift yet.
    pub fn spawn_with_clock(options: ServerOptions) -> (TestApp, TestClock) {
        let clock = TestClock::new();
        let app = TestApp::spawn_with(options.with_clock(&clock));
        (app, clock)
    }

    /// Stops the server and starts it again on the same data folder, as
    /// after a reboot; the client follows it to its new port.
    pub fn restart(&mut self) {
        self.server.restart();
    }

    /// Stops the server, hands its data folder to `offline` (the operator's
    /// tool, which needs twofold-local stopped), then starts it again; the
    /// client follows it to its new port.
    pub fn restart_after(&mut self, offline: impl FnOnce(&std::path::Path)) {
        self.server.restart_after(offline);
    }

    /// Kills the server with SIGKILL (as a crash) and starts it again on
    /// the same data folder with `options`; the client follows it.
    pub fn kill_hard_and_restart_with(&mut self, options: ServerOptions) {
        self.server.kill_hard_and_restart_with(options);
    }

    /// POSTs `body` as JSON to `method`, with `session` as a Bearer token.
    pub async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        method: Method,
        session: Option<&str>,
        body: &Req,
    ) -> Result<Resp, ApiError> {
        let mut request = self
            .http
            .post(format!("{}{}", self.url(), method.path()))
            .json(body);
        if let Some(token) = session {
            request = request.bearer_auth(token);
        }
        Self::typed_answer(method, request).await
    }

    /// POSTs `body` as JSON to `method` with `session` as the `session`
    /// parameter in the body (as the platform's scripts send it), and no
    /// `Authorization` header.
    pub async fn call_with_session_parameter<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        method: Method,
        session: &str,
        body: &Req,
    ) -> Result<Resp, ApiError> {
        let mut fields = match serde_json::to_value(body).expect("body as JSON") {
            Value::Object(fields) => fields,
            other => panic!("{method}: the body must be a JSON object, not {other}"),
        };
        fields.insert("session".into(), Value::String(session.to_owned()));
        let request = self
            .http
            .post(format!("{}{}", self.url(), method.path()))
            .json(&Value::Object(fields));
        Self::typed_answer(method, request).await
    }

    async fn typed_answer<Resp: DeserializeOwned>(
        method: Method,
        request: reqwest::RequestBuilder,
    ) -> Result<Resp, ApiError> {
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let retry_after_header = response.headers().get("retry-after").cloned();
        let text = response.text().await.expect("body read");
        if status.is_success() {
            let envelope: Envelope<Resp> = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{method}: bad success body {text}: {e}"));
            assert_eq!(envelope.result, ResultCode::Ok);
            Ok(envelope.body)
        } else {
            let error: ApiError = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{method}: bad error body {text}: {e}"));
            assert_eq!(
                status.as_u16(),
                error.result.http_status(),
                "{method}: status matches the code"
            );
            // The description lists each method's failures: every one a
            // test meets must be there.
            assert!(
                method.failures().contains(&error.result),
                "{method} answered {:?}, which Method::failures does not list",
                error.result
            );
            assert_eq!(
                error.retry_after.is_some() && retry_after_header.is_some(),
                error.result.asks_to_wait(),
                "{method} {:?}: retryAfter and the Retry-After header",
                error.result
            );
            Err(error)
        }
    }

    /// POSTs `body` as JSON to `method`, with `bearer` as a Bearer token; the
    /// raw answer, to look at the JSON as sent.
    pub async fn post_json(&self, method: Method, bearer: Option<&str>, body: &Value) -> Raw {
        let headers: Vec<(&str, String)> = bearer
            .map(|token| ("authorization", format!("Bearer {token}")))
            .into_iter()
            .collect();
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.raw(
            &method.path(),
            Some("application/json"),
            body.to_string().into_bytes(),
            &headers,
        )
        .await
    }

    /// POSTs `fields` form-encoded to `method` (every value a string, lists
    /// as `a;b`, as the platform's forms send them); the raw answer.
    pub async fn post_form(&self, method: Method, fields: &[(&str, &str)]) -> Raw {
        let body = fields
            .iter()
            .map(|(name, value)| format!("{}={}", form_encode(name), form_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        self.raw(
            &method.path(),
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
            &[],
        )
        .await
    }

    /// POSTs anything to any path, for malformed-input tests.
    pub async fn raw(
        &self,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Raw {
        let mut request = self.http.post(format!("{}{}", self.url(), path)).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Raw::read(request.send().await.expect("request sent")).await
    }

    /// GETs `path` (methods only answer POST).
    pub async fn get(&self, path: &str) -> Raw {
        Raw::read(
            self.http
                .get(format!("{}{}", self.url(), path))
                .send()
                .await
                .expect("request sent"),
        )
        .await
    }

    /// SignUp.
    pub async fn sign_up(&self, login: &str, password: &str) -> Result<SessionResponse, ApiError> {
        let body = SignUpRequest {
            login: login.into(),
            password: password.into(),
        };
        self.call(Method::SignUp, None, &body).await
    }

    /// SignIn.
    pub async fn sign_in(&self, login: &str, password: &str) -> Result<SignInResponse, ApiError> {
        let body = SignInRequest {
            login: login.into(),
            password: password.into(),
        };
        self.call(Method::SignIn, None, &body).await
    }

    /// Verify2FACode.
    pub async fn verify_2fa_code(
        &self,
        pending: &str,
        code: &str,
    ) -> Result<Verify2FACodeResponse, ApiError> {
        let body = Verify2FACodeRequest {
            session: Some(pending.into()),
            code: code.into(),
        };
        self.call(Method::Verify2FACode, None, &body).await
    }

    /// SignOut.
    pub async fn sign_out(&self, session: &str) -> Result<SignOutResponse, ApiError> {
        self.call(Method::SignOut, Some(session), &SignOutRequest {})
            .await
    }

    /// CheckPassword with the password alone.
    pub async fn check_password(
        &self,
        session: &str,
        password: &str,
    ) -> Result<CheckPasswordResponse, ApiError> {
        self.step_up(session, password, None).await
    }

    /// CheckPassword with the password and, with 2FA on, a second factor:
    /// the step-up sensitive methods need.
    pub async fn step_up(
        &self,
        session: &str,
        password: &str,
        code: Option<&str>,
    ) -> Result<CheckPasswordResponse, ApiError> {
        self.call(
            Method::CheckPassword,
            Some(session),
            &CheckPasswordRequest {
                password: password.into(),
                code: code.map(str::to_owned),
                ceremony: None,
                credential: None,
            },
        )
        .await
    }

    /// GetAccount.
    pub async fn get_account(&self, session: &str) -> Result<AccountResponse, ApiError> {
        self.call(Method::GetAccount, Some(session), &GetAccountRequest {})
            .await
    }

    /// Setup2FA, on the session's step-up.
    pub async fn setup_2fa(&self, session: &str) -> Result<Setup2FAResponse, ApiError> {
        self.call(Method::Setup2FA, Some(session), &Setup2FARequest::default())
            .await
    }

    /// Change2FAApp: a code from the new authenticator app.
    pub async fn change_2fa_app(
        &self,
        session: &str,
        code: &str,
    ) -> Result<Change2FAAppResponse, ApiError> {
        let body = Change2FAAppRequest { code: code.into() };
        self.call(Method::Change2FAApp, Some(session), &body).await
    }

    /// Enable2FA.
    pub async fn enable_2fa(
        &self,
        session: &str,
        code: &str,
    ) -> Result<RecoveryCodesResponse, ApiError> {
        self.enable_2fa_keeping(session, code, None).await
    }

    /// Enable2FA, keeping the tokens `keep` names.
    pub async fn enable_2fa_keeping(
        &self,
        session: &str,
        code: &str,
        keep: Option<Selection<u32>>,
    ) -> Result<RecoveryCodesResponse, ApiError> {
        self.call(
            Method::Enable2FA,
            Some(session),
            &Enable2FARequest {
                code: code.into(),
                keep_tokens: keep,
            },
        )
        .await
    }

    /// Get2FABackupCodes, on the session's step-up.
    pub async fn get_backup_codes(&self, session: &str) -> Result<RecoveryCodesResponse, ApiError> {
        self.get_backup_codes_with(session, Proof::default()).await
    }

    /// Get2FABackupCodes with `proof` on the call.
    pub async fn get_backup_codes_with(
        &self,
        session: &str,
        proof: Proof<'_>,
    ) -> Result<RecoveryCodesResponse, ApiError> {
        let body = Get2FABackupCodesRequest {
            password: proof.owned_password(),
            code: proof.owned_code(),
        };
        self.call(Method::Get2FABackupCodes, Some(session), &body)
            .await
    }

    /// Regenerate2FABackupCodes, on the session's step-up.
    pub async fn regenerate_backup_codes(
        &self,
        session: &str,
    ) -> Result<RecoveryCodesResponse, ApiError> {
        self.regenerate_backup_codes_with(session, Proof::default())
            .await
    }

    /// Regenerate2FABackupCodes with `proof` on the call.
    pub async fn regenerate_backup_codes_with(
        &self,
        session: &str,
        proof: Proof<'_>,
    ) -> Result<RecoveryCodesResponse, ApiError> {
        let body = Regenerate2FABackupCodesRequest {
            password: proof.owned_password(),
            code: proof.owned_code(),
        };
        self.call(Method::Regenerate2FABackupCodes, Some(session), &body)
            .await
    }

    /// Confirm2FABackupCodes: the codes of `version` were saved.
    pub async fn confirm_backup_codes(
        &self,
        session: &str,
        version: u64,
    ) -> Result<Confirm2FABackupCodesResponse, ApiError> {
        self.call(
            Method::Confirm2FABackupCodes,
            Some(session),
            &Confirm2FABackupCodesRequest { version },
        )
        .await
    }

    /// Disable2FA, on the session's step-up.
    pub async fn disable_2fa(&self, session: &str) -> Result<Disable2FAResponse, ApiError> {
        self.disable_2fa_with(session, Proof::default()).await
    }

    /// Disable2FA with `proof` on the call.
    pub async fn disable_2fa_with(
        &self,
        session: &str,
        proof: Proof<'_>,
    ) -> Result<Disable2FAResponse, ApiError> {
        let body = Disable2FARequest {
            password: proof.owned_password(),
            code: proof.owned_code(),
        };
        self.call(Method::Disable2FA, Some(session), &body).await
    }

    /// ChangePassword; `code` only for accounts with 2FA on.
    pub async fn change_password(
        &self,
        session: &str,
        old_password: &str,
        new_password: &str,
        code: Option<&str>,
    ) -> Result<ChangePasswordResponse, ApiError> {
        self.change_password_keeping(session, old_password, new_password, code, None)
            .await
    }

    /// ChangePassword, keeping the tokens `keep` names.
    pub async fn change_password_keeping(
        &self,
        session: &str,
        old_password: &str,
        new_password: &str,
        code: Option<&str>,
        keep: Option<Selection<u32>>,
    ) -> Result<ChangePasswordResponse, ApiError> {
        let body = ChangePasswordRequest {
            old_password: old_password.into(),
            new_password: new_password.into(),
            code: code.map(str::to_owned),
            keep_tokens: keep,
        };
        self.call(Method::ChangePassword, Some(session), &body)
            .await
    }

    /// GetEvents.
    pub async fn get_events(
        &self,
        session: &str,
        limit: Option<u32>,
        after: Option<&str>,
    ) -> Result<EventsResponse, ApiError> {
        let body = GetEventsRequest {
            limit,
            after: after.map(str::to_owned),
            kinds: None,
        };
        self.call(Method::GetEvents, Some(session), &body).await
    }

    /// CreateToken; `expires_at` None for the default (90 days).
    pub async fn create_token(
        &self,
        session: &str,
        password: &str,
        description: &str,
        api_list: &[&str],
        expires_at: Option<u64>,
    ) -> Result<TokenResponse, ApiError> {
        let proof = Proof {
            password: Some(password),
            code: None,
        };
        self.create_token_with(session, proof, description, api_list, expires_at)
            .await
    }

    /// CreateToken with `proof` on the call.
    pub async fn create_token_with(
        &self,
        session: &str,
        proof: Proof<'_>,
        description: &str,
        api_list: &[&str],
        expires_at: Option<u64>,
    ) -> Result<TokenResponse, ApiError> {
        let body = CreateTokenRequest {
            password: proof.owned_password(),
            code: proof.owned_code(),
            description: description.into(),
            api_list: method_list(api_list),
            expires_at,
        };
        self.call(Method::CreateToken, Some(session), &body).await
    }

    /// GetTokens.
    pub async fn get_tokens(&self, session: &str) -> Result<TokensResponse, ApiError> {
        self.call(Method::GetTokens, Some(session), &GetTokensRequest {})
            .await
    }

    /// EditToken.
    pub async fn edit_token(
        &self,
        session: &str,
        password: &str,
        id: u32,
        changes: TokenChanges,
    ) -> Result<TokenResponse, ApiError> {
        let proof = Proof {
            password: Some(password),
            code: None,
        };
        self.edit_token_with(session, proof, id, changes).await
    }

    /// EditToken with `proof` on the call.
    pub async fn edit_token_with(
        &self,
        session: &str,
        proof: Proof<'_>,
        id: u32,
        changes: TokenChanges,
    ) -> Result<TokenResponse, ApiError> {
        let body = EditTokenRequest {
            password: proof.owned_password(),
            code: proof.owned_code(),
            id,
            description: changes.description,
            api_list: changes.api_list.map(MethodList),
            expires_at: changes.expires_at,
        };
        self.call(Method::EditToken, Some(session), &body).await
    }

    /// RegenerateToken.
    pub async fn regenerate_token(
        &self,
        session: &str,
        password: &str,
        id: u32,
    ) -> Result<TokenResponse, ApiError> {
        let proof = Proof {
            password: Some(password),
            code: None,
        };
        self.regenerate_token_with(session, proof, id).await
    }

    /// RegenerateToken with `proof` on the call.
    pub async fn regenerate_token_with(
        &self,
        session: &str,
        proof: Proof<'_>,
        id: u32,
    ) -> Result<TokenResponse, ApiError> {
        let body = RegenerateTokenRequest {
            password: proof.owned_password(),
            code: proof.owned_code(),
            id,
            expires_at: None,
        };
        self.call(Method::RegenerateToken, Some(session), &body)
            .await
    }

    /// DeleteTokens (the ids go as a string `1;4;6`, or `*`).
    pub async fn delete_tokens(
        &self,
        session: &str,
        password: &str,
        ids: Selection<u32>,
    ) -> Result<DeleteTokensResponse, ApiError> {
        let body = DeleteTokensRequest {
            password: Some(password.into()),
            ids,
        };
        self.call(Method::DeleteTokens, Some(session), &body).await
    }

    /// Authorize, with a session or a token as the credential.
    pub async fn authorize(
        &self,
        credential: &str,
        method: &str,
    ) -> Result<AuthorizeResponse, ApiError> {
        let body = AuthorizeRequest {
            method: method.into(),
        };
        self.call(Method::Authorize, Some(credential), &body).await
    }

    /// GetSessions.
    pub async fn get_sessions(&self, session: &str) -> Result<SessionsResponse, ApiError> {
        self.call(Method::GetSessions, Some(session), &GetSessionsRequest {})
            .await
    }

    /// SignOutSessions (the ids go as a string `a;b`, or `*`), on the
    /// session's step-up if it has one.
    pub async fn sign_out_sessions(
        &self,
        session: &str,
        ids: Selection<String>,
    ) -> Result<SignOutSessionsResponse, ApiError> {
        self.sign_out_sessions_with(session, ids, Proof::default(), None)
            .await
    }

    /// SignOutSessions with `proof` on the call, keeping the tokens `keep`
    /// names.
    pub async fn sign_out_sessions_with(
        &self,
        session: &str,
        ids: Selection<String>,
        proof: Proof<'_>,
        keep: Option<Selection<u32>>,
    ) -> Result<SignOutSessionsResponse, ApiError> {
        let body = SignOutSessionsRequest {
            ids,
            password: proof.owned_password(),
            code: proof.owned_code(),
            keep_tokens: keep,
        };
        self.call(Method::SignOutSessions, Some(session), &body)
            .await
    }

    /// A new token of `session`'s account (password [`crate::PASSWORD`],
    /// default expiry) that may call `api_list`; its `key` is set.
    pub async fn token(&self, session: &str, description: &str, api_list: &[&str]) -> AccessToken {
        let token = self
            .create_token(session, crate::PASSWORD, description, api_list, None)
            .await
            .expect("CreateToken")
            .token;
        assert!(token.key.is_some(), "CreateToken shows the key");
        token
    }

    /// Signs up `login` and returns a full session token.
    pub async fn signed_up(&self, login: &str, password: &str) -> String {
        self.sign_up(login, password)
            .await
            .expect("sign up")
            .session
            .expect("token in body")
    }
}

/// The proof a sensitive method takes on the call itself: the password,
/// and with 2FA on a code; none means the session's step-up.
#[derive(Debug, Clone, Copy, Default)]
pub struct Proof<'a> {
    /// The account's password.
    pub password: Option<&'a str>,
    /// A code from the app or a recovery code.
    pub code: Option<&'a str>,
}

impl<'a> Proof<'a> {
    /// The password alone.
    pub fn owned_password(self) -> Option<String> {
        self.password.map(str::to_owned)
    }

    /// The code.
    pub fn owned_code(self) -> Option<String> {
        self.code.map(str::to_owned)
    }

    /// The password and a code.
    pub fn with_code(password: &'a str, code: &'a str) -> Self {
        Proof {
            password: Some(password),
            code: Some(code),
        }
    }
}

/// What EditToken changes; unset fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct TokenChanges {
    /// A new description.
    pub description: Option<String>,
    /// A new list of methods.
    pub api_list: Option<Vec<String>>,
    /// A new expiry.
    pub expires_at: Option<u64>,
}

impl TokenChanges {
    /// Only a new description.
    pub fn description(description: &str) -> TokenChanges {
        TokenChanges {
            description: Some(description.to_owned()),
            ..TokenChanges::default()
        }
    }

    /// Only a new list of methods.
    pub fn api_list(api_list: &[&str]) -> TokenChanges {
        TokenChanges {
            api_list: Some(api_list.iter().map(|name| (*name).to_owned()).collect()),
            ..TokenChanges::default()
        }
    }

    /// Only a new expiry.
    pub fn expires_at(expires_at: u64) -> TokenChanges {
        TokenChanges {
            expires_at: Some(expires_at),
            ..TokenChanges::default()
        }
    }
}

fn method_list(names: &[&str]) -> MethodList {
    MethodList(names.iter().map(|name| (*name).to_owned()).collect())
}

/// Percent-encodes a form field name or value.
fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// An authenticator app: reads the otpauth URI and makes codes, never the
/// same step twice (as a server that refuses replays demands).
#[derive(Debug)]
pub struct Authenticator {
    secret: Vec<u8>,
    last_step: Option<u64>,
}

impl Authenticator {
    /// The app after scanning `uri`.
    pub fn from_uri(uri: &str) -> Authenticator {
        let query = uri.split_once('?').expect("query").1;
        let secret = query
            .split('&')
            .find_map(|p| p.strip_prefix("secret="))
            .expect("secret parameter");
        Authenticator::from_base32(secret)
    }

    /// The app after typing the key by hand (spaces allowed).
    pub fn from_base32(key: &str) -> Authenticator {
        let clean: String = key
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let secret = data_encoding::BASE32_NOPAD
            .decode(clean.as_bytes())
            .expect("base32 secret");
        Authenticator {
            secret,
            last_step: None,
        }
    }

    /// The code for the step containing `time`.
    pub fn code_at(&self, time: u64) -> String {
        totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 0, 30, self.secret.clone())
            .generate(time)
    }

    /// A code the server accepts now: the earliest accepted step after the
    /// last one used (T-1, T or T+1), waiting for the next step when all
    /// three are spent.
    pub async fn next_code(&mut self) -> String {
        loop {
            if let Some(step) = self.usable_step() {
                self.last_step = Some(step);
                return self.code_at(step * 30);
            }
            // Waiting for the clock to reach the next step: nothing to poll
            // but the time itself, and a browser test gives its turn to
            // another meanwhile. The code is made once the turn is back, so
            // however long that took, it is a code of now.
            crate::browser::turn::aside(async {
                while self.usable_step().is_none() {
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                }
            })
            .await;
        }
    }

    /// The step [`Authenticator::next_code`] can use now, if any.
    fn usable_step(&self) -> Option<u64> {
        let now = unix_now();
        let current = now / 30;
        // Keep a margin so the step is still accepted when the request lands.
        let earliest = if now % 30 >= 25 {
            current
        } else {
            current.saturating_sub(1)
        };
        let step = match self.last_step {
            Some(last) if last + 1 > earliest => last + 1,
            _ => earliest,
        };
        (step <= current + 1 && !(step == current + 1 && now % 30 < 3)).then_some(step)
    }

    /// A six-digit code that is certainly wrong now.
    pub fn wrong_code(&self) -> String {
        let now = unix_now();
        let valid: Vec<String> = (0..3).map(|i| self.code_at(now - 30 + i * 30)).collect();
        (0..1_000_000u32)
            .map(|n| format!("{n:06}"))
            .find(|c| !valid.contains(c))
            .expect("a wrong code")
    }
}

/// Seconds since the epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
