//! Personal access tokens over HTTP: what a stolen token can and cannot do,
//! when a token stops working (deleted, regenerated, expired), what
//! CreateToken and EditToken accept, the password they take, GetTokens
//! without keys, `lastUsed`, Authorize, and the security log.

use serde_json::{json, Value};
use twofold_api::{
    account::GetAccountRequest,
    events::{Event, EventKind},
    tokens::{AccessToken, Selection, Via, DEFAULT_TOKEN_DAYS, MAX_API_LIST, MAX_TOKEN_DAYS},
    Method, ResultCode,
};
use twofold_e2e::{api::unix_now, Proof, Refused, ServerOptions, TestApp, TokenChanges, PASSWORD};

const DAY: u64 = 86_400;

/// The value CreateToken or RegenerateToken showed.
fn key(token: &AccessToken) -> String {
    token.key.clone().expect("the key is shown by this answer")
}

/// The one token `session`'s account has with `id`, as GetTokens lists it.
async fn listed(app: &TestApp, session: &str, id: u32) -> AccessToken {
    app.get_tokens(session)
        .await
        .expect("GetTokens")
        .tokens
        .into_iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("token {id} is listed"))
}

/// Every event of the account, newest first.
async fn events(app: &TestApp, session: &str) -> Vec<Event> {
    app.state(session).await.events
}

/// The ids of the account's sessions, as `session` sees them.
async fn session_ids(app: &TestApp, session: &str) -> Vec<String> {
    app.get_sessions(session)
        .await
        .expect("GetSessions")
        .sessions
        .into_iter()
        .map(|s| s.id)
        .collect()
}

/// A full session of `login`, which has no 2FA.
async fn signed_in(app: &TestApp, login: &str, password: &str) -> String {
    app.sign_in(login, password)
        .await
        .expect("sign in")
        .session
        .expect("a full session")
}

// ---------------------------------------------------------------------------
// Attacker stories.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_stolen_token_cannot_mint_widen_or_renew_tokens_turn_off_2fa_or_touch_sessions() {
    // Arrange: a thief holds a token that may read the account, and knows
    // the password too (the worst case: the methods below take it).
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let stolen = app.token(&ada.session, "ci", &["GetAccount"]).await;
    let thief = key(&stolen);
    let before = app.state(&ada.session).await;
    let sessions_before = session_ids(&app, &ada.session).await;
    let far = unix_now() + 300 * DAY;

    // Act + Assert: each is refused as a method the token may not call.
    app.create_token(&thief, PASSWORD, "mine", &["GetAccount", "GetEvents"], None)
        .await
        .refused_method("CreateToken");
    app.edit_token(
        &thief,
        PASSWORD,
        stolen.id,
        TokenChanges::api_list(&["GetAccount", "GetEvents"]),
    )
    .await
    .refused_method("EditToken");
    app.edit_token(&thief, PASSWORD, stolen.id, TokenChanges::expires_at(far))
        .await
        .refused_method("EditToken");
    app.regenerate_token(&thief, PASSWORD, stolen.id)
        .await
        .refused_method("RegenerateToken");
    app.get_tokens(&thief).await.refused_method("GetTokens");
    app.delete_tokens(&thief, PASSWORD, Selection::All)
        .await
        .refused_method("DeleteTokens");
    app.check_password(&thief, PASSWORD)
        .await
        .refused_method("CheckPassword");
    app.disable_2fa(&thief).await.refused_method("Disable2FA");
    app.setup_2fa(&thief).await.refused_method("Setup2FA");
    app.enable_2fa(&thief, "123456")
        .await
        .refused_method("Enable2FA");
    app.get_backup_codes(&thief)
        .await
        .refused_method("Get2FABackupCodes");
    app.regenerate_backup_codes(&thief)
        .await
        .refused_method("Regenerate2FABackupCodes");
    app.change_password(&thief, PASSWORD, "a brand new password", Some("123456"))
        .await
        .refused_method("ChangePassword");
    app.get_sessions(&thief).await.refused_method("GetSessions");
    app.sign_out_sessions(&thief, Selection::All)
        .await
        .refused_method("SignOutSessions");
    app.sign_out(&thief).await.refused_method("SignOut");
    // The same through the `session` parameter instead of the header.
    let as_parameter: Result<Value, _> = app
        .call_with_session_parameter(
            Method::CreateToken,
            &thief,
            &json!({"password": PASSWORD, "description": "mine", "apiList": ["GetAccount"]}),
        )
        .await;
    as_parameter.refused_method("CreateToken");
    let as_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::Disable2FA, &thief, &json!({}))
        .await;
    as_parameter.refused_method("Disable2FA");

    // Assert: nothing changed, and the token is no wider than before.
    assert_eq!(app.state(&ada.session).await, before);
    assert!(before.account.two_factor.enabled);
    assert_eq!(session_ids(&app, &ada.session).await, sessions_before);
    let tokens = app
        .get_tokens(&ada.session)
        .await
        .expect("GetTokens")
        .tokens;
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    let kept = tokens.first().expect("one token");
    assert_eq!(kept.api_list, ["GetAccount"]);
    assert_eq!(kept.expires_at, stolen.expires_at);
    app.get_events(&thief, None, None)
        .await
        .refused_method("GetEvents");
    app.get_account(&thief)
        .await
        .expect("still only what it had");
}

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
async fn a_token_of_one_account_is_nothing_to_another_and_ids_are_per_account() {
    // Arrange: ada and bob each have a token 1.
    let app = TestApp::spawn();
    let ada = app.signed_up("ada", PASSWORD).await;
    let bob = app.signed_up("bob", PASSWORD).await;
    let adas = app.token(&ada, "ada's", &["GetAccount"]).await;
    let bobs = app.token(&bob, "bob's", &["GetAccount"]).await;
    assert_eq!((adas.id, bobs.id), (1, 1));

    // Act: bob edits and deletes "token 1".
    app.edit_token(
        &bob,
        PASSWORD,
        1,
        TokenChanges::description("bob's, edited"),
    )
    .await
    .expect("EditToken");
    let deleted = app
        .delete_tokens(&bob, PASSWORD, Selection::Only(vec![1]))
        .await
        .expect("DeleteTokens");

    // Assert: only bob's own token went.
    assert_eq!(deleted.deleted, 1);
    app.get_account(&key(&bobs))
        .await
        .refused(ResultCode::NotSignedIn);
    let account = app.get_account(&key(&adas)).await.expect("ada's works");
    assert_eq!(account.login, "ada");
    let listed = listed(&app, &ada, 1).await;
    assert_eq!(listed.description, "ada's");
    let authorized = app
        .authorize(&key(&adas), "GetAccount")
        .await
        .expect("Authorize");
    assert_eq!(authorized.login, "ada");
}

#[tokio::test]
async fn a_forged_token_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app.token(&session, "ci", &["GetAccount"]).await);
    let mut chars: Vec<char> = value.chars().collect();
    let last = chars.len() - 3;
    chars[last] = if chars[last] == 'A' { 'B' } else { 'A' };
    let forged: String = chars.into_iter().collect();

    // Act + Assert
    app.get_account(&forged)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account("tft_")
        .await
        .refused(ResultCode::NotSignedIn);
    app.authorize(&forged, "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&value).await.expect("the real one works");
}

#[tokio::test]
async fn a_stolen_token_is_no_password_oracle_and_does_not_touch_the_throttle() {
    // Arrange: three failed sign-ins per login would throttle ada.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    let session = app.signed_up("ada", PASSWORD).await;
    let thief = key(&app.token(&session, "ci", &["GetAccount"]).await);

    // Act: the thief guesses passwords through the token methods.
    let mut answers = Vec::new();
    for guess in [
        "guess one",
        "guess two",
        "guess three",
        "guess four",
        PASSWORD,
    ] {
        answers.push(
            app.create_token(&thief, guess, "mine", &["GetAccount"], None)
                .await
                .refused_method("CreateToken"),
        );
        app.delete_tokens(&thief, guess, Selection::All)
            .await
            .refused_method("DeleteTokens");
    }

    // Assert: the same answer whatever the guess, and the owner is not
    // throttled.
    assert!(
        answers.windows(2).all(|pair| pair.first() == pair.get(1)),
        "{answers:?}"
    );
    app.sign_in("ada", PASSWORD)
        .await
        .expect("no failed sign-in was counted");
    app.token(&session, "owner's", &["GetAccount"]).await;
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
async fn concurrent_create_token_calls_never_pass_the_token_limit() {
    use std::sync::Arc;

    // Arrange: five places left, fifteen callers at once (the throttle
    // roomy enough that only the limit refuses them).
    const RACERS: usize = 15;
    let app = Arc::new(TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "50"),
        ("TWOFOLD_SIGN_IN_MAX_PER_ADDRESS", "1000"),
        ("TWOFOLD_SIGN_IN_MAX_SUCCESSES_PER_LOGIN", "1000"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ])));
    let session = app.signed_up("ada", PASSWORD).await;
    for i in 0..MAX_TOKENS - 5 {
        app.token(&session, &format!("t{i}"), &["GetAccount"]).await;
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(RACERS));

    // Act
    let racers: Vec<_> = (0..RACERS)
        .map(|i| {
            let (app, session, barrier) = (app.clone(), session.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                app.create_token(
                    &session,
                    PASSWORD,
                    &format!("racer {i}"),
                    &["GetAccount"],
                    None,
                )
                .await
                .map(|_| ())
                .map_err(|e| e.result)
            })
        })
        .collect();
    let mut made = 0;
    for racer in racers {
        match racer.await.expect("racer") {
            Ok(()) => made += 1,
            Err(code) => assert!(
                matches!(code, ResultCode::TooManyTokens | ResultCode::Busy),
                "{code:?}"
            ),
        }
    }

    // Assert
    let held = app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .len();
    assert!(made <= 5, "{made} made with 5 places left");
    assert!(held <= MAX_TOKENS, "{held} tokens held");
    assert_eq!(held, MAX_TOKENS - 5 + made);
}

// ---------------------------------------------------------------------------
// Using a token.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_token_calls_a_method_in_its_list_via_the_session_parameter_and_via_bearer() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app
        .token(&session, "ci", &["GetAccount", "GetEvents"])
        .await);

    // Act
    let by_header = app.get_account(&value).await;
    let by_parameter: Result<twofold_api::account::AccountResponse, _> = app
        .call_with_session_parameter(Method::GetAccount, &value, &GetAccountRequest {})
        .await;
    let by_form = app
        .post_form(Method::GetAccount, &[("session", value.as_str())])
        .await;
    let events = app.get_events(&value, Some(5), None).await;
    let events_by_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::GetEvents, &value, &json!({"limit": 5}))
        .await;

    // Assert
    assert_eq!(by_header.expect("by header").login, "ada");
    assert_eq!(by_parameter.expect("by parameter").login, "ada");
    by_form.assert_ok();
    assert_eq!(by_form.body["login"], "ada");
    assert!(!events.expect("GetEvents").events.is_empty());
    events_by_parameter.expect("GetEvents by parameter");
}

#[tokio::test]
async fn a_token_is_refused_outside_its_list_with_207_naming_the_method() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app.token(&session, "ci", &["GetAccount"]).await);

    // Act
    let by_header = app.get_events(&value, None, None).await;
    let by_parameter: Result<Value, _> = app
        .call_with_session_parameter(Method::GetEvents, &value, &json!({}))
        .await;
    let raw = app
        .post_json(Method::GetEvents, Some(&value), &json!({}))
        .await;

    // Assert
    by_header.refused_method("GetEvents");
    by_parameter.refused_method("GetEvents");
    raw.assert_refused(ResultCode::TokenMethodRefused);
    assert_eq!(raw.status.as_u16(), 403);
    assert_eq!(raw.body["method"], "GetEvents");
    app.get_account(&value).await.expect("its own method works");
}

#[tokio::test]
async fn last_used_is_null_until_used_then_moves_at_most_once_a_minute() {
    // Arrange
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let value = key(&token);
    assert_eq!(token.last_used, None);
    let raw = app
        .post_json(Method::GetTokens, Some(&session), &json!({}))
        .await;
    raw.assert_ok();
    assert_eq!(
        raw.body["tokens"][0].get("lastUsed"),
        Some(&Value::Null),
        "lastUsed is sent, as null: {}",
        raw.body
    );
    assert_eq!(listed(&app, &session, token.id).await.last_used, None);

    // Act + Assert: the first use sets it.
    let before = clock.now();
    app.get_account(&value).await.expect("first use");
    let after = clock.now();
    let first = listed(&app, &session, token.id).await;
    let first_used = first.last_used.expect("set on use");
    assert!(
        (before..=after).contains(&first_used),
        "{before} <= {first_used} <= {after}"
    );
    assert_eq!(first.last_used_ip.as_deref(), Some("127.0.0.1"));

    // Act + Assert: 30 s later it does not move.
    clock.set(30);
    app.get_account(&value).await.expect("use 30 s later");
    assert_eq!(
        listed(&app, &session, token.id).await.last_used,
        Some(first_used),
        "no write within the minute"
    );

    // Act + Assert: 61 s later it moves.
    clock.set(61);
    let before = clock.now();
    app.get_account(&value).await.expect("use 61 s later");
    let after = clock.now();
    let moved = listed(&app, &session, token.id)
        .await
        .last_used
        .expect("still set");
    assert!(
        (before..=after).contains(&moved) && moved >= first_used + 61,
        "{first_used} then {before} <= {moved} <= {after}"
    );
}

// ---------------------------------------------------------------------------
// Expiry, with the server's clock moved instead of sleeping.
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// CreateToken and what it accepts.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_token_shows_the_key_once_with_the_token_s_fields() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let before = unix_now();
    let first = app
        .create_token(
            &session,
            PASSWORD,
            "  deploy bot  ",
            &["GetAccount", "env.control.CreateEnvironment", "GetAccount"],
            None,
        )
        .await
        .expect("CreateToken")
        .token;
    let after = unix_now();
    let second = app.token(&session, "backup", &["GetEvents"]).await;

    // Assert
    let value = key(&first);
    let random = value.strip_prefix("tft_").expect("tft_ prefix");
    assert!(
        random.len() >= 43,
        "at least 256 bits in base64url: {value}"
    );
    assert!(
        random
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "base64url: {value}"
    );
    assert_ne!(key(&second), value);
    assert_eq!((first.id, second.id), (1, 2));
    assert_eq!(first.description, "deploy bot");
    assert!((before..=after).contains(&first.created_at));
    assert_eq!(
        first.expires_at,
        first.created_at + DEFAULT_TOKEN_DAYS * DAY
    );
    assert_eq!(
        first.api_list,
        ["GetAccount", "env.control.CreateEnvironment"],
        "duplicates are kept once"
    );
    assert_eq!(first.last_used, None);
    assert_eq!(
        app.authorize(&value, "env.control.CreateEnvironment")
            .await
            .expect("a platform method in its list")
            .token_id,
        Some(1)
    );
}

#[tokio::test]
async fn token_ids_are_never_reused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.token(&session, "one", &["GetAccount"]).await;
    app.token(&session, "two", &["GetAccount"]).await;
    app.delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens");

    // Act
    let third = app.token(&session, "three", &["GetAccount"]).await;

    // Assert
    assert_eq!(third.id, 3);
}

#[tokio::test]
async fn create_token_refuses_every_method_tokens_may_never_call_naming_api_list() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let never: Vec<Method> = Method::ALL
        .iter()
        .copied()
        .filter(|m| !m.token_may_call())
        .collect();
    for name in [
        "SignUp",
        "SignIn",
        "Verify2FACode",
        "CheckPassword",
        "Setup2FA",
        "Enable2FA",
        "Get2FABackupCodes",
        "Regenerate2FABackupCodes",
        "Disable2FA",
        "CreateToken",
        "GetTokens",
        "EditToken",
        "RegenerateToken",
        "DeleteTokens",
        "GetSessions",
        "SignOutSessions",
    ] {
        assert!(
            never.iter().any(|m| m.name() == name),
            "the issue forbids {name}"
        );
    }

    // Act + Assert
    for method in &never {
        let name = method.name();
        let error = app
            .create_token(&session, PASSWORD, "wide", &["GetAccount", name], None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{name}");
        assert!(error.error.contains(name), "{name} named in: {error}");
    }
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
    assert!(!events(&app, &session)
        .await
        .iter()
        .any(|e| e.kind == EventKind::TokenCreated));
}

#[tokio::test]
async fn create_token_refuses_unknown_names_empty_and_overlong_lists_naming_api_list() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let unknown = [
        "GetEverything",
        "getaccount",
        "GETACCOUNT",
        "Get Account",
        "env.CreateEnvironment",
        "Env.Control.CreateEnvironment",
        "env.control.",
        "env..control.CreateEnvironment",
        "env.control.createEnvironment",
        "../../admin",
    ];
    let too_many: Vec<String> = (0..=MAX_API_LIST)
        .map(|i| format!("env.control.Method{i}"))
        .collect();
    let just_enough: Vec<&str> = too_many
        .iter()
        .take(MAX_API_LIST)
        .map(String::as_str)
        .collect();
    let too_many: Vec<&str> = too_many.iter().map(String::as_str).collect();

    // Act + Assert
    for name in unknown {
        let error = app
            .create_token(&session, PASSWORD, "odd", &["GetAccount", name], None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{name:?}");
        assert!(
            error.error.contains(name.trim()),
            "{name:?} named in: {error}"
        );
    }
    for list in [&[][..], &["", " "][..], &too_many[..]] {
        let error = app
            .create_token(&session, PASSWORD, "odd", list, None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{list:?}");
    }
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
    let full = app
        .create_token(&session, PASSWORD, "all of them", &just_enough, None)
        .await
        .expect("200 names are allowed")
        .token;
    assert_eq!(full.api_list.len(), MAX_API_LIST);
}

#[tokio::test]
async fn create_token_refuses_a_bad_description_or_expiry_naming_it() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let now = unix_now();
    let long = "d".repeat(101);

    // Act + Assert: descriptions.
    for description in ["", "   ", long.as_str(), "two\nlines"] {
        let error = app
            .create_token(&session, PASSWORD, description, &["GetAccount"], None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(
            error.parameter.as_deref(),
            Some("description"),
            "{description:?}"
        );
    }
    // Expiries: past, now, beyond 366 days.
    for expires_at in [now - 1, now - DAY, now + MAX_TOKEN_DAYS * DAY + 3600] {
        let error = app
            .create_token(&session, PASSWORD, "ci", &["GetAccount"], Some(expires_at))
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(
            error.parameter.as_deref(),
            Some("expiresAt"),
            "{expires_at}"
        );
    }
    let raw = app
        .post_json(
            Method::CreateToken,
            Some(&session),
            &json!({"password": PASSWORD, "description": "ci", "apiList": ["GetAccount"], "expiresAt": "soon"}),
        )
        .await;
    assert_eq!(
        raw.assert_refused(ResultCode::InvalidParameter).as_deref(),
        Some("expiresAt")
    );
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());

    // The limits themselves are allowed: 100 characters (not bytes), 366 days.
    let hundred = "é".repeat(100);
    let at_the_limit = unix_now() + MAX_TOKEN_DAYS * DAY - 60;
    let token = app
        .create_token(
            &session,
            PASSWORD,
            &hundred,
            &["GetAccount"],
            Some(at_the_limit),
        )
        .await
        .expect("100 characters, 366 days")
        .token;
    assert_eq!(token.description, hundred);
    assert_eq!(token.expires_at, at_the_limit);
}

#[tokio::test]
async fn create_token_refuses_a_wrong_password_and_counts_it_in_the_session_s_budget() {
    // Arrange: three failures per login (and per session) per hour.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[
        ("TWOFOLD_SIGN_IN_MAX_PER_LOGIN", "3"),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
    ]));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let mut wrong = Vec::new();
    for _ in 0..3 {
        wrong.push(
            app.create_token(&session, "not the password", "ci", &["GetAccount"], None)
                .await
                .refused(ResultCode::InvalidCredentials),
        );
    }
    let right = app
        .create_token(&session, PASSWORD, "ci", &["GetAccount"], None)
        .await;

    // Assert
    assert!(wrong
        .iter()
        .all(|e| e.error.to_lowercase().contains("password")));
    right.refused(ResultCode::TooManySignInAttempts);
    app.sign_in("ada", PASSWORD)
        .await
        .expect("a session's guesses never lock the login");
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
    assert!(!events(&app, &session)
        .await
        .iter()
        .any(|e| e.kind == EventKind::TokenCreated));
}

#[tokio::test]
async fn edit_regenerate_and_delete_refuse_a_wrong_password_and_change_nothing() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let value = key(&token);
    let before = app.get_tokens(&session).await.expect("GetTokens");
    let wrong = "not the password";

    // Act + Assert
    app.edit_token(&session, wrong, token.id, TokenChanges::description("x"))
        .await
        .refused(ResultCode::InvalidCredentials);
    app.regenerate_token(&session, wrong, token.id)
        .await
        .refused(ResultCode::InvalidCredentials);
    app.delete_tokens(&session, wrong, Selection::All)
        .await
        .refused(ResultCode::InvalidCredentials);

    // Assert
    assert_eq!(app.get_tokens(&session).await.expect("GetTokens"), before);
    app.get_account(&value)
        .await
        .expect("the token still works");
    let kinds: Vec<EventKind> = events(&app, &session)
        .await
        .iter()
        .map(|e| e.kind)
        .collect();
    for kind in [
        EventKind::TokenEdited,
        EventKind::TokenRegenerated,
        EventKind::TokensDeleted,
    ] {
        assert!(!kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
}

#[tokio::test]
async fn the_token_methods_refuse_a_pending_session_and_no_credential() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let token = app.token(&ada.session, "ci", &["GetAccount"]).await;
    let pending = app.pending("ada", PASSWORD).await;
    let pending_code = ResultCode::SecondFactorRequired;

    // Act + Assert: a pending session.
    app.create_token(&pending, PASSWORD, "ci", &["GetAccount"], None)
        .await
        .refused(pending_code);
    app.get_tokens(&pending).await.refused(pending_code);
    app.edit_token(&pending, PASSWORD, token.id, TokenChanges::description("x"))
        .await
        .refused(pending_code);
    app.regenerate_token(&pending, PASSWORD, token.id)
        .await
        .refused(pending_code);
    app.delete_tokens(&pending, PASSWORD, Selection::All)
        .await
        .refused(pending_code);
    app.authorize(&pending, "GetAccount")
        .await
        .refused(pending_code);
    app.get_sessions(&pending).await.refused(pending_code);
    app.sign_out_sessions(&pending, Selection::All)
        .await
        .refused(pending_code);

    // No credential at all.
    for (method, body) in [
        (
            Method::CreateToken,
            json!({"password": PASSWORD, "description": "ci", "apiList": ["GetAccount"]}),
        ),
        (Method::GetTokens, json!({})),
        (
            Method::DeleteTokens,
            json!({"password": PASSWORD, "ids": "*"}),
        ),
        (Method::Authorize, json!({"method": "GetAccount"})),
        (Method::GetSessions, json!({})),
        (Method::SignOutSessions, json!({"ids": "*"})),
    ] {
        app.post_json(method, None, &body)
            .await
            .assert_refused(ResultCode::NotSignedIn);
    }

    // Assert
    let tokens = app
        .get_tokens(&ada.session)
        .await
        .expect("GetTokens")
        .tokens;
    assert_eq!(tokens.len(), 1);
    app.get_account(&key(&token)).await.expect("untouched");
}

#[tokio::test]
async fn create_token_refuses_a_token_as_the_caller() {
    // Arrange: a token allowed everything a token may call.
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let value = key(&app
        .token(&session, "ci", &["GetAccount", "GetEvents", "Authorize"])
        .await);

    // Act
    let answer = app
        .create_token(&value, PASSWORD, "child", &["GetAccount"], None)
        .await;

    // Assert
    answer.refused_method("CreateToken");
    assert_eq!(
        app.get_tokens(&session)
            .await
            .expect("GetTokens")
            .tokens
            .len(),
        1
    );
}

// ---------------------------------------------------------------------------
// GetTokens, EditToken, DeleteTokens.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_tokens_never_returns_a_key_and_lists_the_newest_first() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let first = app.token(&session, "first", &["GetAccount"]).await;
    let second = app.token(&session, "second", &["GetEvents"]).await;
    let keys = [key(&first), key(&second)];
    app.get_account(&keys[0]).await.expect("used once");

    // Act
    let raw = app
        .post_json(Method::GetTokens, Some(&session), &json!({}))
        .await;
    let typed = app.get_tokens(&session).await.expect("GetTokens");

    // Assert
    raw.assert_ok();
    let listed = raw.body["tokens"].as_array().expect("tokens");
    assert_eq!(listed.len(), 2);
    for token in listed {
        assert!(token.get("key").is_none(), "no key: {token}");
    }
    let text = raw.body.to_string();
    for value in &keys {
        let random = value.trim_start_matches("tft_");
        assert!(!text.contains(random), "a key in GetTokens: {text}");
    }
    assert_eq!(
        typed.tokens.iter().map(|t| t.id).collect::<Vec<_>>(),
        [2, 1],
        "newest first"
    );
    assert!(typed.tokens.iter().all(|t| t.key.is_none()));
    let newest = typed.tokens.first().expect("two");
    assert_eq!(newest.description, "second");
    assert_eq!(newest.api_list, ["GetEvents"]);
    assert_eq!(newest.expires_at, second.expires_at);
    assert_eq!(newest.created_at, second.created_at);
    assert_eq!(newest.last_used, None);
    assert!(typed.tokens.get(1).and_then(|t| t.last_used).is_some());
}

#[tokio::test]
async fn edit_token_changes_description_methods_and_expiry_from_the_next_request() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app
        .token(&session, "ci", &["GetAccount", "GetEvents"])
        .await;
    let value = key(&token);
    let later = unix_now() + 30 * DAY;

    // Act
    let raw = app
        .post_json(
            Method::EditToken,
            Some(&session),
            &json!({
                "password": PASSWORD,
                "id": token.id,
                "description": "ci, read only",
                "apiList": ["GetAccount"],
                "expiresAt": later,
            }),
        )
        .await;

    // Assert
    raw.assert_ok();
    assert!(raw.body["token"].get("key").is_none(), "{}", raw.body);
    assert_eq!(raw.body["token"]["description"], "ci, read only");
    assert_eq!(raw.body["token"]["apiList"], json!(["GetAccount"]));
    assert_eq!(raw.body["token"]["expiresAt"], later);
    app.get_events(&value, None, None)
        .await
        .refused_method("GetEvents");
    app.get_account(&value)
        .await
        .expect("the same value still works");
    let edited = listed(&app, &session, token.id).await;
    assert_eq!(edited.description, "ci, read only");
    assert_eq!(edited.api_list, ["GetAccount"]);
    assert_eq!(edited.expires_at, later);

    // Only what is sent changes; the owner may widen a list again.
    let widened = app
        .edit_token(
            &session,
            PASSWORD,
            token.id,
            TokenChanges::api_list(&["GetAccount", "GetEvents"]),
        )
        .await
        .expect("EditToken")
        .token;
    assert_eq!(widened.description, "ci, read only");
    assert_eq!(widened.expires_at, later);
    app.get_events(&value, None, None)
        .await
        .expect("widened by its owner");
}

#[tokio::test]
async fn edit_token_refuses_forbidden_and_unknown_names_and_bad_values_and_changes_nothing() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let before = listed(&app, &session, token.id).await;

    // Act + Assert
    for name in [
        "Disable2FA",
        "CreateToken",
        "GetSessions",
        "SignOutSessions",
        "Nope",
    ] {
        let error = app
            .edit_token(
                &session,
                PASSWORD,
                token.id,
                TokenChanges::api_list(&["GetAccount", name]),
            )
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("apiList"), "{name}");
        assert!(error.error.contains(name), "{name} named in: {error}");
    }
    let error = app
        .edit_token(&session, PASSWORD, token.id, TokenChanges::description(" "))
        .await
        .refused(ResultCode::InvalidParameter);
    assert_eq!(error.parameter.as_deref(), Some("description"));
    let error = app
        .edit_token(
            &session,
            PASSWORD,
            token.id,
            TokenChanges::expires_at(unix_now() - 1),
        )
        .await
        .refused(ResultCode::InvalidParameter);
    assert_eq!(error.parameter.as_deref(), Some("expiresAt"));

    // Assert
    assert_eq!(listed(&app, &session, token.id).await, before);
    app.get_sessions(&key(&token))
        .await
        .refused_method("GetSessions");
}

#[tokio::test]
async fn delete_tokens_takes_ids_skips_unknown_ones_star_deletes_all_and_empty_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let tokens: Vec<AccessToken> = {
        let mut made = Vec::new();
        for name in ["one", "two", "three", "four"] {
            made.push(app.token(&session, name, &["GetAccount"]).await);
        }
        made
    };
    let values: Vec<String> = tokens.iter().map(key).collect();

    // Act + Assert: ids 1 and 99 (unknown).
    let deleted = app
        .delete_tokens(&session, PASSWORD, Selection::Only(vec![1, 99]))
        .await
        .expect("DeleteTokens");
    assert_eq!(deleted.deleted, 1);
    // An empty selection.
    let raw = app
        .post_json(
            Method::DeleteTokens,
            Some(&session),
            &json!({"password": PASSWORD, "ids": ""}),
        )
        .await;
    assert_eq!(
        raw.assert_refused(ResultCode::InvalidParameter).as_deref(),
        Some("ids")
    );
    let raw = app
        .post_json(
            Method::DeleteTokens,
            Some(&session),
            &json!({"password": PASSWORD, "ids": []}),
        )
        .await;
    assert_eq!(
        raw.assert_refused(ResultCode::InvalidParameter).as_deref(),
        Some("ids")
    );
    // A JSON array of ids.
    let raw = app
        .post_json(
            Method::DeleteTokens,
            Some(&session),
            &json!({"password": PASSWORD, "ids": [2]}),
        )
        .await;
    raw.assert_ok();
    assert_eq!(raw.body["deleted"], 1);
    // The rest with "*".
    let all = app
        .delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens *");
    assert_eq!(all.deleted, 2);

    // Assert
    for value in &values {
        app.get_account(value)
            .await
            .refused(ResultCode::NotSignedIn);
    }
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
    let none = app
        .delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("nothing left to delete");
    assert_eq!(none.deleted, 0);
}

/// The most tokens an account holds (docs/API.md: 50, so that DeleteTokens
/// `*` fits one transaction with its event).
const MAX_TOKENS: usize = 50;

#[tokio::test]
async fn an_account_holds_at_most_50_tokens() {
    // Arrange: one step-up covers every token made after it.
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("confirm");
    for i in 0..MAX_TOKENS {
        app.create_token_with(
            &session,
            Proof::default(),
            &format!("t{i}"),
            &["GetAccount"],
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("token {i}: {e}"));
    }

    // Act
    let answer = app
        .create_token_with(
            &session,
            Proof::default(),
            "one too many",
            &["GetAccount"],
            None,
        )
        .await;

    // Assert
    answer.refused(ResultCode::TooManyTokens);
    let all = app
        .delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens * takes them all at once");
    assert_eq!(all.deleted as usize, MAX_TOKENS);
    let event = events(&app, &session)
        .await
        .into_iter()
        .find(|e| e.kind == EventKind::TokensDeleted)
        .expect("tokensDeleted logged");
    assert_eq!(event.count, Some(MAX_TOKENS as u32));
    app.token(&session, "room again", &["GetAccount"]).await;
}

// ---------------------------------------------------------------------------
// Form fields, as the platform's forms send them.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn form_encoded_calls_take_lists_as_separated_strings() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let expires_at = (unix_now() + 7 * DAY).to_string();

    // Act
    let semicolons = app
        .post_form(
            Method::CreateToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("description", "from a form"),
                ("apiList", "GetAccount;GetEvents"),
                ("expiresAt", expires_at.as_str()),
            ],
        )
        .await;
    let commas = app
        .post_form(
            Method::CreateToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("description", "commas"),
                ("apiList", "GetAccount, env.control.CreateEnvironment"),
            ],
        )
        .await;
    let edited = app
        .post_form(
            Method::EditToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("id", "1"),
                ("apiList", "GetAccount"),
            ],
        )
        .await;
    let regenerated = app
        .post_form(
            Method::RegenerateToken,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("id", "2"),
            ],
        )
        .await;
    let authorized = app
        .post_form(
            Method::Authorize,
            &[("session", session.as_str()), ("method", "GetAccount")],
        )
        .await;
    let deleted = app
        .post_form(
            Method::DeleteTokens,
            &[
                ("session", session.as_str()),
                ("password", PASSWORD),
                ("ids", "1;2"),
            ],
        )
        .await;

    // Assert
    semicolons.assert_ok();
    assert_eq!(
        semicolons.body["token"]["apiList"],
        json!(["GetAccount", "GetEvents"])
    );
    assert_eq!(
        semicolons.body["token"]["expiresAt"]
            .as_u64()
            .map(|n| n.to_string()),
        Some(expires_at)
    );
    commas.assert_ok();
    assert_eq!(
        commas.body["token"]["apiList"],
        json!(["GetAccount", "env.control.CreateEnvironment"])
    );
    edited.assert_ok();
    assert_eq!(edited.body["token"]["apiList"], json!(["GetAccount"]));
    regenerated.assert_ok();
    assert!(regenerated.body["token"]["key"]
        .as_str()
        .is_some_and(|k| k.starts_with("tft_")));
    authorized.assert_ok();
    assert_eq!(authorized.body["via"], "session");
    deleted.assert_ok();
    assert_eq!(deleted.body["deleted"], 2);
    assert!(app
        .get_tokens(&session)
        .await
        .expect("GetTokens")
        .tokens
        .is_empty());
}

// ---------------------------------------------------------------------------
// Authorize.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn authorize_answers_yes_for_a_session_and_any_valid_method_name() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let own_id = app
        .authorize(&session, "GetAccount")
        .await
        .expect("Authorize");

    // Act + Assert
    assert_eq!(own_id.login, "ada");
    assert!(!own_id.user_id.is_empty());
    assert_eq!(own_id.via, Via::Session);
    assert_eq!(own_id.token_id, None);
    for method in ["env.control.CreateEnvironment", "Disable2FA", "CreateToken"] {
        let answer = app.authorize(&session, method).await.expect(method);
        assert_eq!(answer, own_id, "{method}");
    }
    let raw = app
        .post_json(
            Method::Authorize,
            Some(&session),
            &json!({"method": "GetAccount"}),
        )
        .await;
    raw.assert_ok();
    assert!(raw.body.get("tokenId").is_none(), "{}", raw.body);
    for bad in ["Nope", "getaccount", "env.control.", ""] {
        let error = app
            .authorize(&session, bad)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(error.parameter.as_deref(), Some("method"), "{bad:?}");
    }
}

#[tokio::test]
async fn authorize_answers_for_a_token_within_its_list_and_refuses_outside_it() {
    // Arrange: Authorize itself need not be in the list.
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let by_session = app
        .authorize(&session, "GetAccount")
        .await
        .expect("Authorize");
    app.token(&session, "first", &["GetEvents"]).await;
    let token = app
        .token(
            &session,
            "deploy",
            &["GetAccount", "env.control.CreateEnvironment"],
        )
        .await;
    let value = key(&token);

    // Act
    let platform = app
        .authorize(&value, "env.control.CreateEnvironment")
        .await
        .expect("in its list");
    let own = app
        .authorize(&value, "GetAccount")
        .await
        .expect("in its list");
    let by_parameter: Result<twofold_api::tokens::AuthorizeResponse, _> = app
        .call_with_session_parameter(
            Method::Authorize,
            &value,
            &json!({"method": "env.control.CreateEnvironment"}),
        )
        .await;

    // Assert
    assert_eq!(platform.login, "ada");
    assert_eq!(platform.user_id, by_session.user_id);
    assert_eq!(platform.via, Via::Token);
    assert_eq!(platform.token_id, Some(token.id));
    assert_eq!(own, platform);
    assert_eq!(by_parameter.expect("by parameter"), platform);
    for outside in [
        "env.control.DeleteEnvironment",
        "GetEvents",
        "Disable2FA",
        "CreateToken",
        "GetSessions",
    ] {
        app.authorize(&value, outside).await.refused_method(outside);
    }
    let raw = app
        .post_json(
            Method::Authorize,
            Some(&value),
            &json!({"method": "env.control.DeleteEnvironment"}),
        )
        .await;
    raw.assert_refused(ResultCode::TokenMethodRefused);
    assert_eq!(raw.status.as_u16(), 403);
}

#[tokio::test]
async fn authorize_refuses_a_pending_session_and_an_ended_one() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let bob = app.signed_up("bob", PASSWORD).await;
    app.sign_out(&bob).await.expect("SignOut");

    // Act + Assert
    app.authorize(&pending, "GetAccount")
        .await
        .refused(ResultCode::SecondFactorRequired);
    app.authorize(&bob, "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
    app.authorize("", "GetAccount")
        .await
        .refused(ResultCode::NotSignedIn);
    assert_eq!(
        app.authorize(&ada.session, "GetAccount")
            .await
            .expect("the full session")
            .via,
        Via::Session
    );
}

// ---------------------------------------------------------------------------
// A session's own tokens outlive its remediation (remediation.rs: the
// others' do not).
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// The security log.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_security_log_records_token_and_session_changes_by_description_never_the_key() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let mut keys = Vec::new();

    // Act
    let ci = app.token(&session, "ci deploy", &["GetAccount"]).await;
    keys.push(key(&ci));
    app.edit_token(
        &session,
        PASSWORD,
        ci.id,
        TokenChanges::description("ci deploy v2"),
    )
    .await
    .expect("EditToken");
    let regenerated = app
        .regenerate_token(&session, PASSWORD, ci.id)
        .await
        .expect("RegenerateToken")
        .token;
    keys.push(key(&regenerated));
    let backup = app.token(&session, "nightly backup", &["GetEvents"]).await;
    keys.push(key(&backup));
    let other = signed_in(&app, "ada", PASSWORD).await;
    app.sign_out_sessions(&session, Selection::All)
        .await
        .expect("SignOutSessions");
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    app.delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens");

    // Assert: the five kinds, in order, with what they concern.
    let ours: Vec<Event> = events(&app, &session)
        .await
        .into_iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::TokenCreated
                    | EventKind::TokenEdited
                    | EventKind::TokenRegenerated
                    | EventKind::TokensDeleted
                    | EventKind::SessionsSignedOut
            )
        })
        .rev()
        .collect();
    let kinds: Vec<EventKind> = ours.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::TokenCreated,
            EventKind::TokenEdited,
            EventKind::TokenRegenerated,
            EventKind::TokenCreated,
            EventKind::SessionsSignedOut,
            EventKind::TokensDeleted,
        ]
    );
    let description = |i: usize| {
        ours.get(i)
            .and_then(|e| e.description.clone())
            .unwrap_or_default()
    };
    assert_eq!(description(0), "ci deploy");
    assert!(description(1).contains("ci deploy"), "{:?}", ours.get(1));
    assert_eq!(description(2), "ci deploy v2");
    assert_eq!(description(3), "nightly backup");
    let deleted = description(5);
    assert!(
        deleted.contains("ci deploy v2") && deleted.contains("nightly backup"),
        "{deleted}"
    );
    assert_eq!(
        ours.get(4).and_then(|e| e.count),
        Some(1),
        "one session ended"
    );
    assert_eq!(
        ours.get(5).and_then(|e| e.count),
        Some(2),
        "two tokens deleted"
    );
    assert!(ours.iter().all(|e| e.ip.as_deref() == Some("127.0.0.1")));

    // Never a key: not in the log as sent, nor in the server's output.
    let raw = app
        .post_json(Method::GetEvents, Some(&session), &json!({"limit": 100}))
        .await;
    raw.assert_ok();
    let log = raw.body.to_string();
    let output = app.server().output();
    for value in &keys {
        let random = value.trim_start_matches("tft_");
        assert!(!log.contains(random), "a key in the log: {log}");
        assert!(!output.contains(random), "a key in the server output");
    }
}
