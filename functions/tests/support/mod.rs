//! The in-process harness of the router tests (`router_rules.rs`,
//! `round_trips.rs`): the real router over an embedded store and a clock
//! that moves only when the test moves it, called through
//! `tower::ServiceExt::oneshot` as the runtime hands calls over (a client
//! address, a Bearer token), with the wire types of `twofold-api` as bodies.

#![allow(dead_code, reason = "each test binary uses a part of the harness")]

use std::{
    net::IpAddr,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};

use axum::{
    body::Body,
    http::{Request, Response},
    Router,
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use tower::ServiceExt;
use twofold_api::{
    account::{Enable2FARequest, Setup2FARequest, Setup2FAResponse},
    authentication::{
        CheckPasswordRequest, SessionResponse, SignInRequest, SignInResponse, SignUpRequest,
        Verify2FACodeRequest,
    },
    tokens::{CreateTokenRequest, MethodList},
    Method, ResultCode,
};
use twofold_auth::{SealingKey, TotpSecret};
use twofold_functions::{
    http::{client_addr, router},
    Clock, Config, Service,
};
use twofold_store::{embedded::EmbeddedDynamo, DynamoStore};

/// Where the test clock starts.
pub const START: u64 = 1_800_000_000;
/// The client address the runtime reports for every call.
pub const CLIENT: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 10));
/// The password of the accounts the harness makes.
pub const PASSWORD: &str = "correct horse";

/// A clock that moves only when the test moves it.
#[derive(Debug)]
pub struct TestClock(AtomicU64);

impl TestClock {
    /// A clock standing at `now`.
    pub fn at(now: u64) -> TestClock {
        TestClock(AtomicU64::new(now))
    }
}

impl Clock for TestClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The router of a service over an embedded store, with the test's clock.
pub struct Harness {
    pub app: Router,
    pub service: Arc<Service>,
    store: DynamoStore,
    clock: Arc<TestClock>,
    engine: EmbeddedDynamo,
}

impl Harness {
    /// The default configuration, but three wrong codes lock.
    pub async fn new() -> Harness {
        let mut config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
        config.second_factor.totp.max_failures = 3;
        Harness::with_config(config).await
    }

    pub async fn with_config(config: Config) -> Harness {
        let (engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
        Harness::over(engine, store, config)
    }

    /// The service with `config` over `store`, which `engine` serves (a
    /// store whose SDK client the test built itself).
    pub fn over(engine: EmbeddedDynamo, store: DynamoStore, config: Config) -> Harness {
        let clock = Arc::new(TestClock::at(START));
        let service = Arc::new(Service::new(config, store.clone(), clock.clone()));
        Harness {
            app: router(service.clone()),
            service,
            store,
            clock,
            engine,
        }
    }

    /// The server restarted with `config`, over the same data and clock.
    pub fn restart_with(&mut self, config: Config) {
        self.service = Arc::new(Service::new(config, self.store.clone(), self.clock.clone()));
        self.app = router(self.service.clone());
    }

    /// The store the service writes to.
    pub fn store(&self) -> &DynamoStore {
        &self.store
    }

    /// The embedded store's endpoint, for a test's own SDK client.
    pub fn store_endpoint(&self) -> &str {
        self.engine.endpoint()
    }

    pub fn advance(&self, seconds: u64) {
        self.clock.0.fetch_add(seconds, Ordering::SeqCst);
    }

    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    pub async fn call(
        &self,
        method: Method,
        session: Option<&str>,
        body: &impl Serialize,
    ) -> (u16, Value) {
        self.call_from(Some(CLIENT), method, session, body).await
    }

    /// A call whose runtime saw the client at `address` (`None`: no address).
    pub async fn call_from(
        &self,
        address: Option<IpAddr>,
        method: Method,
        session: Option<&str>,
        body: &impl Serialize,
    ) -> (u16, Value) {
        let response = self
            .app
            .clone()
            .oneshot(request(address, method, session, body))
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, json(response, 1 << 20).await)
    }

    pub async fn ok(&self, method: Method, session: Option<&str>, body: &impl Serialize) -> Value {
        let (status, value) = self.call(method, session, body).await;
        assert_eq!(
            (status, value["result"].as_u64()),
            (200, Some(0)),
            "{method}: {value}"
        );
        value
    }

    /// [`Harness::ok`], its answer read as the wire type `R`.
    pub async fn ok_as<R: DeserializeOwned>(
        &self,
        method: Method,
        session: Option<&str>,
        body: &impl Serialize,
    ) -> R {
        let value = self.ok(method, session, body).await;
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{method}: {e}: {value}"))
    }

    pub async fn fails(
        &self,
        method: Method,
        session: Option<&str>,
        body: &impl Serialize,
        code: ResultCode,
    ) -> Value {
        let (status, value) = self.call(method, session, body).await;
        assert_eq!(
            value["result"].as_u64(),
            Some(u64::from(code.code())),
            "{method}: {value}"
        );
        assert_eq!(status, code.http_status());
        value
    }

    /// Signs up, enables 2FA; returns the full session and the secret.
    pub async fn enrolled(&self) -> (String, TotpSecret) {
        let signed_up: SessionResponse = self.ok_as(Method::SignUp, None, &sign_up("ada")).await;
        let session = signed_up.session.unwrap();
        self.ok(Method::CheckPassword, Some(&session), &check_password())
            .await;
        let setup: Setup2FAResponse = self
            .ok_as(
                Method::Setup2FA,
                Some(&session),
                &Setup2FARequest::default(),
            )
            .await;
        let secret = secret(&setup.secret);
        let code = secret.code_at(self.now());
        self.ok(
            Method::Enable2FA,
            Some(&session),
            &Enable2FARequest {
                code,
                keep_tokens: None,
            },
        )
        .await;
        (session, secret)
    }

    /// A pending session of ada, who has 2FA on.
    pub async fn pending(&self) -> String {
        let signed_in: SignInResponse = self
            .ok_as(Method::SignIn, None, &sign_in("ada", PASSWORD))
            .await;
        assert!(signed_in.two_factor_required);
        signed_in.session.unwrap()
    }
}

/// A call of `method` with `body` as the runtime hands it to the router: from
/// `address` (`None`: the runtime saw none), with `session` as a Bearer token.
pub fn request(
    address: Option<IpAddr>,
    method: Method,
    session: Option<&str>,
    body: &impl Serialize,
) -> Request<Body> {
    let mut request = Request::post(method.path()).header("content-type", "application/json");
    if let Some(address) = address {
        request = request.extension(client_addr(address));
    }
    if let Some(token) = session {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    request
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap()
}

/// The JSON body of `response`, at most `limit` bytes.
pub async fn json(response: Response<Body>, limit: usize) -> Value {
    let bytes = axum::body::to_bytes(response.into_body(), limit)
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// SignUp's body: `login` with [`PASSWORD`].
pub fn sign_up(login: &str) -> SignUpRequest {
    SignUpRequest {
        login: login.into(),
        password: PASSWORD.into(),
    }
}

/// SignIn's body.
pub fn sign_in(login: &str, password: &str) -> SignInRequest {
    SignInRequest {
        login: login.into(),
        password: password.into(),
    }
}

/// Verify2FACode's body: `code` for the pending session `pending`.
pub fn verify(pending: &str, code: &str) -> Verify2FACodeRequest {
    Verify2FACodeRequest {
        session: pending.to_owned().into(),
        code: code.into(),
    }
}

/// CheckPassword's body: [`PASSWORD`] without a code.
pub fn check_password() -> CheckPasswordRequest {
    CheckPasswordRequest {
        password: PASSWORD.into(),
        code: None,
        ceremony: None,
        credential: None,
    }
}

/// CreateToken's body: a token for GetAccount, with [`PASSWORD`] on the call.
pub fn create_token(description: &str) -> CreateTokenRequest {
    CreateTokenRequest {
        password: Some(PASSWORD.into()),
        code: None,
        description: description.into(),
        api_list: MethodList(vec!["GetAccount".into()]),
        expires_at: None,
    }
}

/// The authenticator of Setup2FA's base32 `secret`.
pub fn secret(secret: &str) -> TotpSecret {
    TotpSecret::from_bytes(
        &data_encoding::BASE32_NOPAD
            .decode(secret.as_bytes())
            .unwrap(),
    )
    .unwrap()
}
