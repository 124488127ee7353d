//! Rules tested through the real router in-process, where the test controls
//! what a running server cannot: the clock (pending sessions expire after
//! five minutes, password confirmation after a few, locks after their
//! cool-down and growing, sessions at their expiry), the runtime in front (a
//! call without a client address), and the store (one that cannot be
//! reached).

// Test helpers outside #[test] functions may fail loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::{
    net::IpAddr,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};

use axum::{body::Body, http::Request, Router};
use serde_json::{json, Value};
use tower::ServiceExt;
use twofold_api::{Method, ResultCode};
use twofold_auth::{totp, SealingKey, TotpSecret};
use twofold_functions::{
    http::{client_addr, router},
    Clock, Config, Service,
};
use twofold_store::embedded::EmbeddedDynamo;

const START: u64 = 1_800_000_000;
/// The client address the runtime reports for every call.
const CLIENT: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 10));

#[derive(Debug)]
struct TestClock(AtomicU64);

impl Clock for TestClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

struct Harness {
    app: Router,
    clock: Arc<TestClock>,
    _engine: EmbeddedDynamo,
}

impl Harness {
    async fn new() -> Harness {
        let (engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
        let mut config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
        config.second_factor.totp.max_failures = 3;
        let clock = Arc::new(TestClock(AtomicU64::new(START)));
        let service = Service::new(config, store, clock.clone());
        Harness {
            app: router(Arc::new(service)),
            clock,
            _engine: engine,
        }
    }

    fn advance(&self, seconds: u64) {
        self.clock.0.fetch_add(seconds, Ordering::SeqCst);
    }

    fn now(&self) -> u64 {
        self.clock.now()
    }

    async fn call(&self, method: Method, session: Option<&str>, body: Value) -> (u16, Value) {
        self.call_from(Some(CLIENT), method, session, body).await
    }

    /// A call whose runtime saw the client at `address` (`None`: no address).
    async fn call_from(
        &self,
        address: Option<IpAddr>,
        method: Method,
        session: Option<&str>,
        body: Value,
    ) -> (u16, Value) {
        let mut request = Request::post(method.path()).header("content-type", "application/json");
        if let Some(address) = address {
            request = request.extension(client_addr(address));
        }
        if let Some(token) = session {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    async fn ok(&self, method: Method, session: Option<&str>, body: Value) -> Value {
        let (status, value) = self.call(method, session, body).await;
        assert_eq!(
            (status, value["result"].as_u64()),
            (200, Some(0)),
            "{method}: {value}"
        );
        value
    }

    async fn fails(
        &self,
        method: Method,
        session: Option<&str>,
        body: Value,
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
    async fn enrolled(&self) -> (String, TotpSecret) {
        let session = self
            .ok(
                Method::SignUp,
                None,
                json!({"login": "ada", "password": "correct horse"}),
            )
            .await;
        let session = session["session"].as_str().unwrap().to_owned();
        self.ok(
            Method::CheckPassword,
            Some(&session),
            json!({"password": "correct horse"}),
        )
        .await;
        let setup = self.ok(Method::Setup2FA, Some(&session), json!({})).await;
        let key = setup["secret"].as_str().unwrap();
        let secret =
            TotpSecret::from_bytes(&data_encoding::BASE32_NOPAD.decode(key.as_bytes()).unwrap())
                .unwrap();
        let code = secret.code_at(self.now());
        self.ok(Method::Enable2FA, Some(&session), json!({ "code": code }))
            .await;
        (session, secret)
    }

    async fn pending(&self) -> String {
        let signed_in = self
            .ok(
                Method::SignIn,
                None,
                json!({"login": "ada", "password": "correct horse"}),
            )
            .await;
        assert_eq!(signed_in["twoFactorRequired"], true);
        signed_in["session"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn a_pending_session_expires_after_five_minutes() {
    let h = Harness::new().await;
    let (_, secret) = h.enrolled().await;
    let pending = h.pending().await;
    h.advance(300);
    let code = secret.code_at(h.now());
    h.fails(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": code}),
        ResultCode::NotSignedIn,
    )
    .await;
}

#[tokio::test]
async fn a_pending_session_just_before_expiry_still_works() {
    let h = Harness::new().await;
    let (_, secret) = h.enrolled().await;
    let pending = h.pending().await;
    h.advance(299);
    let code = secret.code_at(h.now());
    h.ok(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": code}),
    )
    .await;
}

#[tokio::test]
async fn password_confirmation_lapses_after_five_minutes() {
    let h = Harness::new().await;
    let (session, _) = h.enrolled().await;
    h.ok(Method::Get2FABackupCodes, Some(&session), json!({}))
        .await;
    h.advance(300);
    h.fails(
        Method::Get2FABackupCodes,
        Some(&session),
        json!({}),
        ResultCode::PasswordConfirmationRequired,
    )
    .await;
    let account = h.ok(Method::GetAccount, Some(&session), json!({})).await;
    assert!(account.get("elevatedUntil").is_none(), "{account}");
}

#[tokio::test]
async fn a_full_session_ends_at_its_expiry() {
    let h = Harness::new().await;
    let signed_up = h
        .ok(
            Method::SignUp,
            None,
            json!({"login": "bob", "password": "correct horse"}),
        )
        .await;
    let session = signed_up["session"].as_str().unwrap().to_owned();
    let expires_at = signed_up["expiresAt"].as_u64().unwrap();
    h.advance(expires_at - h.now() - 1);
    h.ok(Method::GetAccount, Some(&session), json!({})).await;
    h.advance(1);
    h.fails(
        Method::GetAccount,
        Some(&session),
        json!({}),
        ResultCode::NotSignedIn,
    )
    .await;
}

#[tokio::test]
async fn the_lock_refuses_a_right_code_until_the_cool_down_ends_then_accepts_it() {
    let h = Harness::new().await;
    let (_, secret) = h.enrolled().await;
    let pending = h.pending().await;
    let wrong = if secret.code_at(h.now()) == "000000" {
        "111111"
    } else {
        "000000"
    };
    for left in [2, 1] {
        let error = h
            .fails(
                Method::Verify2FACode,
                None,
                json!({"session": pending, "code": wrong}),
                ResultCode::InvalidCode,
            )
            .await;
        assert_eq!(error["attemptsLeft"], left);
    }
    let locked = h
        .fails(
            Method::Verify2FACode,
            None,
            json!({"session": pending, "code": wrong}),
            ResultCode::SecondFactorLocked,
        )
        .await;
    assert_eq!(locked["retryAfter"], 900);
    h.advance(60);
    let right = secret.code_at(h.now());
    let still = h
        .fails(
            Method::Verify2FACode,
            None,
            json!({"session": pending, "code": right}),
            ResultCode::SecondFactorLocked,
        )
        .await;
    assert_eq!(still["retryAfter"], 840);
    // Signing in again does not reset the lock.
    h.advance(120);
    let again = h
        .ok(
            Method::SignIn,
            None,
            json!({"login": "ada", "password": "correct horse"}),
        )
        .await;
    assert_eq!(
        (again["attemptsLeft"].as_u64(), again["retryAfter"].as_u64()),
        (Some(0), Some(720))
    );
    h.advance(720);
    let pending = h.pending().await;
    let right = secret.code_at(h.now());
    h.ok(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": right}),
    )
    .await;
}

#[tokio::test]
async fn codes_from_two_steps_away_are_refused_and_neighbours_accepted() {
    let h = Harness::new().await;
    let (_, secret) = h.enrolled().await;
    h.advance(90);
    let now = h.now();
    let pending = h.pending().await;
    let too_old = secret.code_at(now - 60);
    let error = h
        .fails(
            Method::Verify2FACode,
            None,
            json!({"session": pending, "code": too_old}),
            ResultCode::InvalidCode,
        )
        .await;
    assert_eq!(error["attemptsLeft"], 2);
    let previous = secret.code_at(now - totp::PERIOD);
    h.ok(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": previous}),
    )
    .await;
    let pending = h.pending().await;
    let next = secret.code_at(now + totp::PERIOD);
    h.ok(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": next}),
    )
    .await;
}

#[tokio::test]
async fn a_pending_setup_expires_after_fifteen_minutes() {
    let h = Harness::new().await;
    let signed_up = h
        .ok(
            Method::SignUp,
            None,
            json!({"login": "ada", "password": "correct horse"}),
        )
        .await;
    let session = signed_up["session"].as_str().unwrap().to_owned();
    h.ok(
        Method::CheckPassword,
        Some(&session),
        json!({"password": "correct horse"}),
    )
    .await;
    let setup = h.ok(Method::Setup2FA, Some(&session), json!({})).await;
    let key = setup["secret"].as_str().unwrap();
    let secret =
        TotpSecret::from_bytes(&data_encoding::BASE32_NOPAD.decode(key.as_bytes()).unwrap())
            .unwrap();
    h.advance(15 * 60);
    let code = secret.code_at(h.now());
    h.fails(
        Method::Enable2FA,
        Some(&session),
        json!({ "code": code }),
        ResultCode::NoPendingSetup,
    )
    .await;
}

#[tokio::test]
async fn a_password_check_without_a_client_address_is_refused_not_throttled_with_everyone() {
    // Arrange
    let h = Harness::new().await;
    h.ok(
        Method::SignUp,
        None,
        json!({"login": "ada", "password": "correct horse"}),
    )
    .await;

    // Act
    let (status, answer) = h
        .call_from(
            None,
            Method::SignIn,
            None,
            json!({"login": "ada", "password": "correct horse"}),
        )
        .await;

    // Assert
    assert_eq!(
        (status, answer["result"].as_u64()),
        (500, Some(u64::from(ResultCode::NoClientAddress.code()))),
        "{answer}"
    );
    assert!(answer["error"].as_str().unwrap().contains("address"));
}

#[tokio::test]
async fn a_store_that_cannot_be_reached_answers_503_with_retry_after_not_500() {
    // Arrange: a store at a loopback port nothing listens on.
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let store = twofold_store::DynamoStore::connect(&twofold_store::StoreConfig {
        table: "twofold".into(),
        endpoint: Some(endpoint),
    })
    .await;
    let config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
    let service = Service::new(config, store, Arc::new(TestClock(AtomicU64::new(START))));
    let app = router(Arc::new(service));
    let request = Request::post(Method::SignIn.path())
        .header("content-type", "application/json")
        .extension(client_addr(CLIENT))
        .body(Body::from(
            json!({"login": "ada", "password": "correct horse"}).to_string(),
        ))
        .unwrap();

    // Act
    let response = app.oneshot(request).await.unwrap();

    // Assert
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap(),
        "2"
    );
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    let answer: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        answer["result"].as_u64(),
        Some(u64::from(ResultCode::Unavailable.code())),
        "{answer}"
    );
}

#[tokio::test]
async fn each_lock_of_app_codes_lasts_twice_the_one_before() {
    // Arrange: three wrong codes lock (this harness's policy).
    let h = Harness::new().await;
    let (_, secret) = h.enrolled().await;
    let wrong = |secret: &TotpSecret, at: u64| {
        let right = totp::TotpCode::parse(&secret.code_at(at)).unwrap();
        format!(
            "{:06}",
            (right.as_str().parse::<u32>().unwrap() + 500_000) % 1_000_000
        )
    };

    // Act: the first lock, waited out, then a second.
    let mut locks = Vec::new();
    for _ in 0..2 {
        // A pending sign-in lasts five minutes: a new one after each wait.
        let pending = h.pending().await;
        let mut locked = Value::Null;
        for _ in 0..3 {
            let (_, answer) = h
                .call(
                    Method::Verify2FACode,
                    None,
                    json!({"session": pending, "code": wrong(&secret, h.now())}),
                )
                .await;
            locked = answer;
        }
        let retry_after = locked["retryAfter"].as_u64().unwrap();
        locks.push(retry_after);
        h.advance(retry_after);
    }

    // Assert
    assert_eq!(locks, [900, 1800]);
}
