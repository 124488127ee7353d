//! When a token stops working: from the very next request after
//! DeleteTokens or RegenerateToken, and at its expiry (the server's clock
//! moved instead of sleeping). And when it does not: a session's own tokens
//! outlive its remediation (remediation.rs: the others' do not).

use serde_json::Value;
use twofold_api::{
    account::GetAccountRequest,
    tokens::{Selection, DEFAULT_TOKEN_DAYS},
    Method, ResultCode,
};
use twofold_e2e::{api::unix_now, Refused, ServerOptions, TestApp, TokenChanges, PASSWORD};

use super::{key, signed_in, DAY};

#[tokio::test]
async fn a_deleted_token_replayed_is_refused_from_the_very_next_request() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let value = key(&token);
    app.get_account(&value).await.expect("works before");

    // Act
    let deleted = app
        .delete_tokens(&session, PASSWORD, Selection::Only(vec![token.id]))
        .await
        .expect("DeleteTokens");

    // Assert
    assert_eq!(deleted.deleted, 1);
    app.get_account(&value)
        .await
        .refused(ResultCode::NotSignedIn);
    let as_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::GetAccount, &value, &GetAccountRequest {})
        .await;
    as_parameter.refused(ResultCode::NotSignedIn);
    app.authorize(&value, "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
}

#[tokio::test]
async fn a_regenerated_token_s_old_value_is_refused_and_the_new_one_works() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app
        .token(&session, "ci", &["GetAccount", "GetEvents"])
        .await;
    let old = key(&token);
    app.get_account(&old).await.expect("works before");

    // Act
    let regenerated = app
        .regenerate_token(&session, PASSWORD, token.id)
        .await
        .expect("RegenerateToken")
        .token;

    // Assert
    let new = key(&regenerated);
    assert_ne!(new, old);
    assert!(new.starts_with("tft_"), "{new}");
    assert_eq!(regenerated.id, token.id);
    assert_eq!(regenerated.description, token.description);
    assert_eq!(regenerated.api_list, token.api_list);
    app.get_account(&old).await.refused(ResultCode::NotSignedIn);
    let as_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::GetAccount, &old, &GetAccountRequest {})
        .await;
    as_parameter.refused(ResultCode::NotSignedIn);
    app.authorize(&old, "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
    assert_eq!(app.get_account(&new).await.expect("new value").login, "ada");
    app.get_events(&new, None, None)
        .await
        .expect("the same methods");
    let tokens = app.get_tokens(&session).await.expect("GetTokens").tokens;
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens.first().map(|t| t.id), Some(token.id));
}

#[tokio::test]
async fn no_call_with_a_token_succeeds_once_delete_tokens_has_answered() {
    use std::{
        sync::{
            atomic::{AtomicBool, AtomicUsize, Ordering},
            Arc, Mutex,
        },
        time::{Duration, Instant},
    };

    // Arrange: 20 callers hammer the account with one token.
    const CALLERS: usize = 20;
    let app = Arc::new(TestApp::spawn());
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app.token(&session, "ci", &["GetAccount"]).await);
    let stop = Arc::new(AtomicBool::new(false));
    let successes = Arc::new(AtomicUsize::new(0));
    let late = Arc::new(AtomicUsize::new(0));
    let answered_at: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(None));
    let callers: Vec<_> = (0..CALLERS)
        .map(|_| {
            let (app, value, stop, successes, late, answered_at) = (
                app.clone(),
                value.clone(),
                stop.clone(),
                successes.clone(),
                late.clone(),
                answered_at.clone(),
            );
            tokio::spawn(async move {
                let mut calls_after_the_answer = Vec::new();
                while !stop.load(Ordering::SeqCst) {
                    let answered = answered_at.lock().map(|at| *at).unwrap_or_default();
                    let answer = app.get_account(&value).await;
                    if answer.is_ok() {
                        successes.fetch_add(1, Ordering::SeqCst);
                    }
                    if answered.is_some() {
                        late.fetch_add(1, Ordering::SeqCst);
                        calls_after_the_answer.push(answer.map(|_| ()).map_err(|e| e.result));
                    }
                }
                calls_after_the_answer
            })
        })
        .collect();
    while successes.load(Ordering::SeqCst) < CALLERS {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Act
    let deleted = app
        .delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens");
    if let Ok(mut at) = answered_at.lock() {
        *at = Some(Instant::now());
    }
    while late.load(Ordering::SeqCst) < 3 * CALLERS {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::SeqCst);

    // Assert: every call begun after the answer was refused.
    assert_eq!(deleted.deleted, 1);
    for caller in callers {
        for answer in caller.await.expect("caller") {
            assert_eq!(
                answer,
                Err(ResultCode::NotSignedIn),
                "a call begun after DeleteTokens answered"
            );
        }
    }
}

#[tokio::test]
async fn a_token_with_the_default_expiry_works_for_90_days_and_not_a_second_more() {
    // Arrange
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let value = key(&token);
    assert_eq!(
        token.expires_at,
        token.created_at + DEFAULT_TOKEN_DAYS * DAY
    );

    // Act + Assert: a minute before the end it still works...
    clock.set(token.expires_at - 60 - unix_now());
    app.get_account(&value)
        .await
        .expect("a minute before expiry");

    // ...and once past it, it is refused, however it is presented.
    clock.set(DEFAULT_TOKEN_DAYS * DAY + 1);
    app.get_account(&value)
        .await
        .refused(ResultCode::NotSignedIn);
    let as_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::GetAccount, &value, &GetAccountRequest {})
        .await;
    as_parameter.refused(ResultCode::NotSignedIn);
    app.authorize(&value, "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
}

#[tokio::test]
async fn a_token_expires_at_the_expiry_it_was_given_or_edited_to() {
    // Arrange: one token for an hour, one edited down to a minute.
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let session = app.signed_up("ada", PASSWORD).await;
    let hour = clock.now() + 3600;
    let hourly = app
        .create_token(&session, PASSWORD, "an hour", &["GetAccount"], Some(hour))
        .await
        .expect("CreateToken")
        .token;
    assert_eq!(hourly.expires_at, hour);
    let edited = app.token(&session, "edited", &["GetAccount"]).await;
    let minute = clock.now() + 60;
    let answer = app
        .edit_token(
            &session,
            PASSWORD,
            edited.id,
            TokenChanges::expires_at(minute),
        )
        .await
        .expect("EditToken")
        .token;
    assert_eq!(answer.expires_at, minute);

    // Act + Assert
    clock.set(61);
    app.get_account(&key(&edited))
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&key(&hourly))
        .await
        .expect("the hour is not up");
    clock.set(3601);
    app.get_account(&key(&hourly))
        .await
        .refused(ResultCode::NotSignedIn);
}

#[tokio::test]
async fn a_session_s_own_token_survives_its_sign_out_everywhere_disable_2fa_new_password_and_sign_out(
) {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let token = app.token(&ada.session, "ci", &["GetAccount"]).await;
    let value = key(&token);
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    let new_password = "an entirely new password";

    // Act + Assert: SignOutSessions "*".
    let ended = app
        .sign_out_sessions(&ada.session, Selection::All)
        .await
        .expect("SignOutSessions");
    assert_eq!(ended.ended, 1);
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&value)
        .await
        .expect("after SignOutSessions");

    // Disable2FA.
    app.check_password(&ada.session, PASSWORD)
        .await
        .expect("confirm");
    app.disable_2fa(&ada.session).await.expect("Disable2FA");
    app.get_account(&value).await.expect("after Disable2FA");

    // ChangePassword.
    app.check_password(&ada.session, PASSWORD)
        .await
        .expect("confirm");
    app.change_password(&ada.session, PASSWORD, new_password, None)
        .await
        .expect("ChangePassword");
    app.get_account(&value).await.expect("after ChangePassword");

    // SignOut of the session that made it.
    app.sign_out(&ada.session).await.expect("SignOut");
    let account = app.get_account(&value).await.expect("after SignOut");
    assert_eq!(account.login, "ada");
    assert!(!account.two_factor.enabled);
    let fresh = signed_in(&app, "ada", new_password).await;
    let tokens = app.get_tokens(&fresh).await.expect("GetTokens").tokens;
    assert_eq!(tokens.len(), 1);
    assert_eq!(
        app.authorize(&value, "GetAccount")
            .await
            .expect("Authorize")
            .token_id,
        Some(token.id)
    );
}

#[tokio::test]
async fn regenerating_may_set_a_new_expiry_in_any_form_create_takes() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let later = unix_now() + 200 * DAY;

    // Act
    let kept = app
        .post_json(
            Method::RegenerateToken,
            Some(&session),
            &serde_json::json!({ "id": token.id, "password": PASSWORD }),
        )
        .await;
    let moved = app
        .post_json(
            Method::RegenerateToken,
            Some(&session),
            &serde_json::json!({ "id": token.id, "expiresAt": later.to_string() }),
        )
        .await;
    let too_far = app
        .post_json(
            Method::RegenerateToken,
            Some(&session),
            &serde_json::json!({ "id": token.id, "expiresAt": unix_now() + 400 * DAY }),
        )
        .await;

    // Assert
    kept.assert_ok();
    assert_eq!(kept.body["token"]["expiresAt"], token.expires_at);
    moved.assert_ok();
    assert_eq!(moved.body["token"]["expiresAt"], later);
    assert_eq!(
        too_far
            .assert_refused(ResultCode::InvalidParameter)
            .as_deref(),
        Some("expiresAt")
    );
    let listed = app.get_tokens(&session).await.expect("tokens").tokens;
    assert_eq!(
        listed[0].expires_at, later,
        "a refused change changed nothing"
    );
}
