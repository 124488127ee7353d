//! Rules tested through the real router in-process, where the test controls
//! what a running server cannot: the clock (pending sessions expire after
//! five minutes, password confirmation after a few, locks after their
//! cool-down and growing, sessions at their expiry), the runtime in front (a
//! call without a client address), the store (one that cannot be reached),
//! and the configuration (a sealing key rotated in the middle of a flow,
//! with the operator's commands run beside it).

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
use twofold_store::{embedded::EmbeddedDynamo, DynamoStore};

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
    service: Arc<Service>,
    store: DynamoStore,
    clock: Arc<TestClock>,
    _engine: EmbeddedDynamo,
}

impl Harness {
    async fn new() -> Harness {
        let mut config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
        config.second_factor.totp.max_failures = 3;
        Harness::with_config(config).await
    }

    async fn with_config(config: Config) -> Harness {
        let (engine, store) = EmbeddedDynamo::in_memory_store("twofold").await.unwrap();
        let clock = Arc::new(TestClock(AtomicU64::new(START)));
        let service = Arc::new(Service::new(config, store.clone(), clock.clone()));
        Harness {
            app: router(service.clone()),
            service,
            store,
            clock,
            _engine: engine,
        }
    }

    /// The server restarted with `config`, over the same data and clock.
    fn restart_with(&mut self, config: Config) {
        self.service = Arc::new(Service::new(config, self.store.clone(), self.clock.clone()));
        self.app = router(self.service.clone());
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
    // Idle longer than the session lives: the expiry alone is at work.
    let mut config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
    config.sessions.idle_seconds = config.sessions.full_seconds + 1;
    let h = Harness::with_config(config).await;
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

#[tokio::test]
async fn the_openapi_description_is_served_by_the_local_router_and_the_authentication_function() {
    let h = Harness::new().await;
    let only_authentication = twofold_functions::http::authentication_router(h.service.clone());
    for app in [h.app.clone(), only_authentication] {
        let response = app
            .oneshot(
                Request::get(twofold_functions::http::OPENAPI_PATH)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/json");
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
            .await
            .unwrap();
        let doc: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"][Method::CreateToken.path()].is_object());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_sign_ins_queue_for_two_hashes_and_all_succeed() {
    let mut config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
    config.password_hash_concurrency = 2;
    // Sixty-four right passwords of one login: more than its ceiling.
    config.sign_in_throttle.max_successes_per_login = 100;
    let h = Harness::with_config(config).await;
    h.ok(
        Method::SignUp,
        None,
        json!({"login": "ada", "password": "correct horse"}),
    )
    .await;
    let sign_ins: Vec<_> = (0..64)
        .map(|_| {
            let app = h.app.clone();
            tokio::spawn(async move {
                let request = Request::post(Method::SignIn.path())
                    .header("content-type", "application/json")
                    .extension(client_addr(CLIENT))
                    .body(Body::from(
                        json!({"login": "ada", "password": "correct horse"}).to_string(),
                    ))
                    .unwrap();
                app.oneshot(request).await.unwrap().status().as_u16()
            })
        })
        .collect();
    for sign_in in sign_ins {
        assert_eq!(sign_in.await.unwrap(), 200, "queued, not refused");
    }
    assert_eq!(h.service.peak_password_work(), 2);
}

/// A whole sign-in with the password and `code`.
async fn sign_in(h: &Harness, code: String) -> Value {
    let pending = h.pending().await;
    h.ok(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": code}),
    )
    .await
}

/// A configuration with the current sealing key `current` (id, seed) and
/// the old keys `old`.
fn keyed(current: (u32, u64), old: &[(u32, u64)]) -> Config {
    let key = |seed: u64| {
        SealingKey::generate(&mut <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(seed))
    };
    let mut config = Config::defaults(key(current.1));
    config.sealing_key_id = current.0;
    config.old_sealing_keys = old.iter().map(|&(id, seed)| (id, key(seed))).collect();
    config.check().unwrap();
    config
}

#[tokio::test]
async fn a_sealing_key_rotated_mid_flow_locks_nobody_out_before_during_or_after() {
    let mut h = Harness::with_config(keyed((1, 100), &[])).await;
    let (_, secret) = h.enrolled().await;
    h.advance(30);
    sign_in(&h, secret.code_at(h.now())).await;
    // A sign-in starts under the old key and finishes under the new one.
    let pending = h.pending().await;
    h.restart_with(keyed((2, 200), &[(1, 100)]));
    h.advance(30);
    h.ok(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": secret.code_at(h.now())}),
    )
    .await;
    // During: values sealed under key 1 still open; the operator reseals.
    let report = h.service.operator_reseal().await.unwrap();
    assert_eq!((report.accounts, report.resealed), (1, 1));
    assert_eq!(h.service.operator_reseal().await.unwrap().resealed, 0);
    h.advance(30);
    sign_in(&h, secret.code_at(h.now())).await;
    // After: key 1 is gone and nobody needs it.
    h.restart_with(keyed((2, 200), &[]));
    h.advance(30);
    sign_in(&h, secret.code_at(h.now())).await;
}

#[tokio::test]
async fn dropping_a_key_before_resealing_is_refused_at_sign_in_not_silently_accepted() {
    let mut h = Harness::with_config(keyed((1, 100), &[])).await;
    let (_, secret) = h.enrolled().await;
    h.restart_with(keyed((2, 200), &[]));
    h.advance(30);
    let pending = h.pending().await;
    h.fails(
        Method::Verify2FACode,
        None,
        json!({"session": pending, "code": secret.code_at(h.now())}),
        ResultCode::Internal,
    )
    .await;
}

#[cfg(feature = "local")]
mod operator {
    use twofold_functions::admin::{execute, Command};

    use super::*;

    /// Who the tests say runs the commands.
    const OPERATOR: &str = "arn:aws:iam::123456789012:user/ops-alice";

    async fn run(h: &Harness, command: Command) -> anyhow::Result<String> {
        execute(&h.service, command, OPERATOR).await
    }

    fn kinds(log: &str) -> Vec<String> {
        log.lines()
            .map(|line| line.split_whitespace().nth(1).unwrap().to_owned())
            .collect()
    }

    #[tokio::test]
    async fn reset_2fa_switches_it_off_ends_sessions_and_tokens_and_requires_a_new_password() {
        let h = Harness::new().await;
        let (session, _) = h.enrolled().await;
        let token = h
            .ok(
                Method::CreateToken,
                Some(&session),
                json!({"password": "correct horse", "description": "ci", "apiList": ["GetAccount"]}),
            )
            .await;
        let key = token["token"]["key"].as_str().unwrap().to_owned();
        let said = run(
            &h,
            Command::Reset2fa {
                login: "ADA".into(),
                reason: "ticket 4711: passport checked".into(),
                keep_tokens: None,
            },
        )
        .await
        .unwrap();
        assert!(said.contains("off for ADA"), "{said}");
        for credential in [&session, &key] {
            h.fails(
                Method::GetAccount,
                Some(credential),
                json!({}),
                ResultCode::NotSignedIn,
            )
            .await;
        }
        // The password may be how 2FA was lost: it signs in, but only to
        // choose a new one.
        let signed_in = h
            .ok(
                Method::SignIn,
                None,
                json!({"login": "ada", "password": "correct horse"}),
            )
            .await;
        assert_eq!(signed_in["twoFactorRequired"], false);
        assert_eq!(signed_in["passwordChangeRequired"], true);
        let fresh = signed_in["session"].as_str().unwrap().to_owned();
        for (method, body) in [
            (Method::CheckPassword, json!({"password": "correct horse"})),
            (Method::GetTokens, json!({})),
            (Method::Setup2FA, json!({"password": "correct horse"})),
        ] {
            h.fails(
                method,
                Some(&fresh),
                body,
                ResultCode::PasswordChangeRequired,
            )
            .await;
        }
        let account = h.ok(Method::GetAccount, Some(&fresh), json!({})).await;
        assert_eq!(account["passwordChangeRequired"], true);
        h.ok(
            Method::ChangePassword,
            Some(&fresh),
            json!({"oldPassword": "correct horse", "newPassword": "a brand new password"}),
        )
        .await;
        h.ok(Method::GetTokens, Some(&fresh), json!({})).await;
        let log = run(
            &h,
            Command::Events {
                login: "ada".into(),
                limit: 10,
            },
        )
        .await
        .unwrap();
        assert!(log.contains("twoFactorResetByOperator"), "{log}");
        assert!(log.contains("ticket 4711: passport checked"), "{log}");
        assert!(log.contains(OPERATOR), "who ran it is logged: {log}");
        assert!(kinds(&log).contains(&"tokensEnded".to_owned()), "{log}");
        // Twice is an error in words, and changes nothing.
        let again = run(
            &h,
            Command::Reset2fa {
                login: "ada".into(),
                reason: "again".into(),
                keep_tokens: None,
            },
        )
        .await
        .unwrap_err();
        assert!(again.to_string().contains("not on"), "{again}");
        let empty_reason = run(
            &h,
            Command::Reset2fa {
                login: "ada".into(),
                reason: " ".into(),
                keep_tokens: None,
            },
        )
        .await
        .unwrap_err();
        assert!(
            empty_reason.to_string().contains("reason"),
            "{empty_reason}"
        );
    }

    #[tokio::test]
    async fn an_unknown_login_is_refused_in_words_by_every_command() {
        let h = Harness::new().await;
        for command in [
            Command::Reset2fa {
                login: "nobody".into(),
                reason: "x".into(),
                keep_tokens: None,
            },
            Command::Unlock {
                login: "nobody".into(),
            },
            Command::Events {
                login: "nobody".into(),
                limit: 5,
            },
            Command::RevokeSessions {
                login: "nobody".into(),
                keep_tokens: None,
            },
        ] {
            let error = run(&h, command).await.unwrap_err().to_string();
            assert!(error.contains("no account has this login"), "{error}");
        }
    }

    #[tokio::test]
    async fn unlock_lifts_the_code_lock_and_the_sign_in_throttle() {
        let h = Harness::new().await;
        let (_, secret) = h.enrolled().await;
        let pending = h.pending().await;
        for _ in 0..3 {
            h.call(
                Method::Verify2FACode,
                None,
                json!({"session": pending, "code": "000000"}),
            )
            .await;
        }
        for _ in 0..10 {
            h.call(
                Method::SignIn,
                None,
                json!({"login": "ada", "password": "wrong password"}),
            )
            .await;
        }
        h.fails(
            Method::SignIn,
            None,
            json!({"login": "ada", "password": "correct horse"}),
            ResultCode::TooManySignInAttempts,
        )
        .await;
        run(
            &h,
            Command::Unlock {
                login: "ada".into(),
            },
        )
        .await
        .unwrap();
        h.advance(30);
        let pending = h.pending().await;
        h.ok(
            Method::Verify2FACode,
            None,
            json!({"session": pending, "code": secret.code_at(h.now())}),
        )
        .await;
        let log = run(
            &h,
            Command::Events {
                login: "ada".into(),
                limit: 10,
            },
        )
        .await
        .unwrap();
        assert!(
            kinds(&log).contains(&"unlockedByOperator".to_owned()),
            "{log}"
        );
    }

    #[tokio::test]
    async fn revoke_sessions_ends_every_session_and_every_token_but_the_kept_ones() {
        let h = Harness::new().await;
        let (session, _) = h.enrolled().await;
        let mut keys = Vec::new();
        for description in ["ci", "backdoor"] {
            let token = h
                .ok(
                    Method::CreateToken,
                    Some(&session),
                    json!({"password": "correct horse", "description": description, "apiList": ["GetAccount"]}),
                )
                .await;
            keys.push(token["token"]["key"].as_str().unwrap().to_owned());
        }
        run(
            &h,
            Command::RevokeSessions {
                login: "ada".into(),
                keep_tokens: Some(twofold_api::tokens::Selection::Only(vec![1])),
            },
        )
        .await
        .unwrap();
        h.fails(
            Method::GetAccount,
            Some(&session),
            json!({}),
            ResultCode::NotSignedIn,
        )
        .await;
        h.ok(Method::GetAccount, Some(&keys[0]), json!({})).await;
        h.fails(
            Method::GetAccount,
            Some(&keys[1]),
            json!({}),
            ResultCode::NotSignedIn,
        )
        .await;
        let log = run(
            &h,
            Command::Events {
                login: "ada".into(),
                limit: 3,
            },
        )
        .await
        .unwrap();
        assert!(
            kinds(&log)[..2].contains(&"sessionsRevokedByOperator".to_owned()),
            "{log}"
        );
        assert!(log.contains(OPERATOR), "{log}");
    }

    #[tokio::test]
    async fn another_store_is_never_opened_with_the_local_key_and_limits_are_checked() {
        use clap::Parser;
        use twofold_functions::admin::{run, Args};
        // Reseal against another store needs that store's key (this test
        // runs with TWOFOLD_SEALING_KEY unset).
        let args = Args::try_parse_from([
            "twofold-admin",
            "--dynamodb-endpoint",
            "http://127.0.0.1:9",
            "reseal",
        ])
        .unwrap();
        let error = run(args).await.unwrap_err().to_string();
        assert!(error.contains("TWOFOLD_SEALING_KEY"), "{error}");
        assert!(Args::try_parse_from(["twofold-admin", "events", "ada", "--limit", "0"]).is_err());
        // No key is ever taken on the command line, where `ps` shows it.
        assert!(Args::try_parse_from(["twofold-admin", "--sealing-key", "00", "reseal"]).is_err());
    }

    #[tokio::test]
    async fn reseal_with_a_wrong_key_under_the_right_id_fails_and_says_which_account() {
        let mut h = Harness::with_config(keyed((1, 100), &[])).await;
        h.enrolled().await;
        h.restart_with(keyed((1, 999), &[]));
        let error = format!("{:#}", run(&h, Command::Reseal).await.unwrap_err());
        assert!(
            error.contains("not configured") || error.contains("account"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn the_help_lists_every_command() {
        use clap::CommandFactory;
        let help = twofold_functions::admin::Args::command()
            .render_long_help()
            .to_string();
        for command in ["reset-2fa", "unlock", "events", "revoke-sessions", "reseal"] {
            assert!(help.contains(command), "{command} missing from\n{help}");
        }
    }
}
