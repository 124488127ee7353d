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

mod support;

use std::sync::Arc;

use axum::{body::Body, http::Request};
use serde_json::Value;
use tower::ServiceExt;
use twofold_api::{
    account::{
        Enable2FARequest, Get2FABackupCodesRequest, GetAccountRequest, Setup2FARequest,
        Setup2FAResponse,
    },
    authentication::{SessionResponse, SignInResponse},
    Method, ResultCode,
};
use twofold_auth::{totp, SealingKey, TotpSecret};
use twofold_functions::{http::router, Config, Service};

use support::{
    check_password, json, request, secret, sign_in, sign_up, verify, Harness, TestClock, CLIENT,
    PASSWORD, START,
};

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
        &verify(&pending, &code),
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
    h.ok(Method::Verify2FACode, None, &verify(&pending, &code))
        .await;
}

#[tokio::test]
async fn a_confirmation_lapses_after_its_idle_time() {
    let h = Harness::new().await;
    let (session, _) = h.enrolled().await;
    h.ok(
        Method::Get2FABackupCodes,
        Some(&session),
        &Get2FABackupCodesRequest::default(),
    )
    .await;
    h.advance(twofold_auth::session::DEFAULT_ELEVATION_SECONDS);
    h.fails(
        Method::Get2FABackupCodes,
        Some(&session),
        &Get2FABackupCodesRequest::default(),
        ResultCode::PasswordConfirmationRequired,
    )
    .await;
    let account = h
        .ok(Method::GetAccount, Some(&session), &GetAccountRequest {})
        .await;
    assert!(account.get("elevatedUntil").is_none(), "{account}");
}

#[tokio::test]
async fn a_full_session_ends_at_its_expiry() {
    // Idle longer than the session lives: the expiry alone is at work.
    let mut config = Config::defaults(SealingKey::generate(&mut rand::rngs::OsRng));
    config.sessions.idle_seconds = config.sessions.full_seconds + 1;
    let h = Harness::with_config(config).await;
    let signed_up: SessionResponse = h.ok_as(Method::SignUp, None, &sign_up("bob")).await;
    let session = signed_up.session.unwrap();
    let expires_at = signed_up.expires_at;
    h.advance(expires_at - h.now() - 1);
    h.ok(Method::GetAccount, Some(&session), &GetAccountRequest {})
        .await;
    h.advance(1);
    h.fails(
        Method::GetAccount,
        Some(&session),
        &GetAccountRequest {},
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
                &verify(&pending, wrong),
                ResultCode::InvalidCode,
            )
            .await;
        assert_eq!(error["attemptsLeft"], left);
    }
    let locked = h
        .fails(
            Method::Verify2FACode,
            None,
            &verify(&pending, wrong),
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
            &verify(&pending, &right),
            ResultCode::SecondFactorLocked,
        )
        .await;
    assert_eq!(still["retryAfter"], 840);
    // Signing in again does not reset the lock.
    h.advance(120);
    let again: SignInResponse = h
        .ok_as(Method::SignIn, None, &sign_in("ada", PASSWORD))
        .await;
    assert_eq!(
        (again.attempts_left, again.retry_after),
        (Some(0), Some(720))
    );
    h.advance(720);
    let pending = h.pending().await;
    let right = secret.code_at(h.now());
    h.ok(Method::Verify2FACode, None, &verify(&pending, &right))
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
            &verify(&pending, &too_old),
            ResultCode::InvalidCode,
        )
        .await;
    assert_eq!(error["attemptsLeft"], 2);
    let previous = secret.code_at(now - totp::PERIOD);
    h.ok(Method::Verify2FACode, None, &verify(&pending, &previous))
        .await;
    let pending = h.pending().await;
    let next = secret.code_at(now + totp::PERIOD);
    h.ok(Method::Verify2FACode, None, &verify(&pending, &next))
        .await;
}

#[tokio::test]
async fn a_pending_setup_expires_after_fifteen_minutes() {
    let h = Harness::new().await;
    let signed_up: SessionResponse = h.ok_as(Method::SignUp, None, &sign_up("ada")).await;
    let session = signed_up.session.unwrap();
    h.ok(Method::CheckPassword, Some(&session), &check_password())
        .await;
    let setup: Setup2FAResponse = h
        .ok_as(
            Method::Setup2FA,
            Some(&session),
            &Setup2FARequest::default(),
        )
        .await;
    let secret = secret(&setup.secret);
    h.advance(15 * 60);
    let code = secret.code_at(h.now());
    h.fails(
        Method::Enable2FA,
        Some(&session),
        &Enable2FARequest {
            code,
            keep_tokens: None,
        },
        ResultCode::NoPendingSetup,
    )
    .await;
}

#[tokio::test]
async fn a_password_check_without_a_client_address_is_refused_not_throttled_with_everyone() {
    // Arrange
    let h = Harness::new().await;
    h.ok(Method::SignUp, None, &sign_up("ada")).await;

    // Act
    let (status, answer) = h
        .call_from(None, Method::SignIn, None, &sign_in("ada", PASSWORD))
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
    let service = Service::new(config, store, Arc::new(TestClock::at(START)));
    let app = router(Arc::new(service));
    let request = request(
        Some(CLIENT),
        Method::SignIn,
        None,
        &sign_in("ada", PASSWORD),
    );

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
    let answer = json(response, 1 << 16).await;
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
                    &verify(&pending, &wrong(&secret, h.now())),
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
        let doc = json(response, 1 << 22).await;
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
    h.ok(Method::SignUp, None, &sign_up("ada")).await;
    let sign_ins: Vec<_> = (0..64)
        .map(|_| {
            let app = h.app.clone();
            tokio::spawn(async move {
                let request = request(
                    Some(CLIENT),
                    Method::SignIn,
                    None,
                    &sign_in("ada", PASSWORD),
                );
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
async fn full_sign_in(h: &Harness, code: String) -> Value {
    let pending = h.pending().await;
    h.ok(Method::Verify2FACode, None, &verify(&pending, &code))
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
    full_sign_in(&h, secret.code_at(h.now())).await;
    // A sign-in starts under the old key and finishes under the new one.
    let pending = h.pending().await;
    h.restart_with(keyed((2, 200), &[(1, 100)]));
    h.advance(30);
    h.ok(
        Method::Verify2FACode,
        None,
        &verify(&pending, &secret.code_at(h.now())),
    )
    .await;
    // During: values sealed under key 1 still open; the operator reseals.
    let report = h.service.operator_reseal().await.unwrap();
    assert_eq!((report.accounts, report.resealed), (1, 1));
    assert_eq!(h.service.operator_reseal().await.unwrap().resealed, 0);
    h.advance(30);
    full_sign_in(&h, secret.code_at(h.now())).await;
    // After: key 1 is gone and nobody needs it.
    h.restart_with(keyed((2, 200), &[]));
    h.advance(30);
    full_sign_in(&h, secret.code_at(h.now())).await;
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
        &verify(&pending, &secret.code_at(h.now())),
        ResultCode::Internal,
    )
    .await;
}

#[cfg(feature = "local")]
mod operator {
    use twofold_api::{
        account::ChangePasswordRequest,
        tokens::{GetTokensRequest, TokenResponse},
    };
    use twofold_functions::admin::{execute, Command};

    use super::{support::create_token, *};

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
        let token: TokenResponse = h
            .ok_as(Method::CreateToken, Some(&session), &create_token("ci"))
            .await;
        let key = token.token.key.unwrap();
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
                &GetAccountRequest {},
                ResultCode::NotSignedIn,
            )
            .await;
        }
        // The password may be how 2FA was lost: it signs in, but only to
        // choose a new one.
        let signed_in: SignInResponse = h
            .ok_as(Method::SignIn, None, &sign_in("ada", PASSWORD))
            .await;
        assert!(!signed_in.two_factor_required);
        assert!(signed_in.password_change_required);
        let fresh = signed_in.session.unwrap();
        let refused = ResultCode::PasswordChangeRequired;
        h.fails(
            Method::CheckPassword,
            Some(&fresh),
            &check_password(),
            refused,
        )
        .await;
        h.fails(
            Method::GetTokens,
            Some(&fresh),
            &GetTokensRequest {},
            refused,
        )
        .await;
        let setup = Setup2FARequest {
            password: Some(PASSWORD.into()),
            code: None,
        };
        h.fails(Method::Setup2FA, Some(&fresh), &setup, refused)
            .await;
        let account = h
            .ok(Method::GetAccount, Some(&fresh), &GetAccountRequest {})
            .await;
        assert_eq!(account["passwordChangeRequired"], true);
        h.ok(
            Method::ChangePassword,
            Some(&fresh),
            &ChangePasswordRequest {
                old_password: PASSWORD.into(),
                new_password: "a brand new password".into(),
                code: None,
                keep_tokens: None,
            },
        )
        .await;
        h.ok(Method::GetTokens, Some(&fresh), &GetTokensRequest {})
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
            h.call(Method::Verify2FACode, None, &verify(&pending, "000000"))
                .await;
        }
        for _ in 0..10 {
            h.call(Method::SignIn, None, &sign_in("ada", "wrong password"))
                .await;
        }
        h.fails(
            Method::SignIn,
            None,
            &sign_in("ada", PASSWORD),
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
            &verify(&pending, &secret.code_at(h.now())),
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
            let token: TokenResponse = h
                .ok_as(
                    Method::CreateToken,
                    Some(&session),
                    &create_token(description),
                )
                .await;
            keys.push(token.token.key.unwrap());
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
            &GetAccountRequest {},
            ResultCode::NotSignedIn,
        )
        .await;
        h.ok(Method::GetAccount, Some(&keys[0]), &GetAccountRequest {})
            .await;
        h.fails(
            Method::GetAccount,
            Some(&keys[1]),
            &GetAccountRequest {},
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
