//! GetSessions and SignOutSessions: the signed-in sessions of an account,
//! newest first with this one marked; ending one, or all but this one; and
//! who may not (a token, another account, an ended session).

use serde_json::json;
use twofold_api::{
    events::EventKind,
    tokens::{Selection, SessionInfo, SignedInWith},
    Method, ResultCode,
};
use twofold_e2e::{Refused, ServerOptions, TestApp, PASSWORD};

/// A browser's User-Agent, short enough to be kept whole.
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A new full session of `login`, which has no 2FA.
async fn signed_in(app: &TestApp, login: &str) -> String {
    app.sign_in(login, PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session")
}

/// The sessions `session` sees.
async fn sessions(app: &TestApp, session: &str) -> Vec<SessionInfo> {
    app.get_sessions(session)
        .await
        .expect("GetSessions")
        .sessions
}

/// The id of `session` itself, as GetSessions marks it.
async fn own_id(app: &TestApp, session: &str) -> String {
    let listed = sessions(app, session).await;
    let current: Vec<&SessionInfo> = listed.iter().filter(|s| s.current).collect();
    assert_eq!(current.len(), 1, "exactly one is current: {listed:?}");
    current.first().map(|s| s.id.clone()).unwrap_or_default()
}

/// A full session opened with a recovery code, from a browser that sends
/// `user_agent`.
async fn signed_in_from_browser(
    app: &TestApp,
    login: &str,
    code: &str,
    user_agent: &str,
) -> String {
    let headers = [("user-agent", user_agent)];
    let pending = app
        .raw(
            &Method::SignIn.path(),
            Some("application/json"),
            json!({"login": login, "password": PASSWORD})
                .to_string()
                .into_bytes(),
            &headers,
        )
        .await;
    pending.assert_ok();
    let pending = pending.body["session"]
        .as_str()
        .expect("pending")
        .to_owned();
    let full = app
        .raw(
            &Method::Verify2FACode.path(),
            Some("application/json"),
            json!({"session": pending, "code": code})
                .to_string()
                .into_bytes(),
            &headers,
        )
        .await;
    full.assert_ok();
    full.body["session"].as_str().expect("full").to_owned()
}

// ---------------------------------------------------------------------------
// Attacker stories.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn another_account_cannot_end_my_sessions_even_knowing_their_ids() {
    // Arrange: bob has learnt the id of ada's session.
    let app = TestApp::spawn();
    let ada = app.signed_up("ada", PASSWORD).await;
    let adas_id = own_id(&app, &ada).await;
    let bob = app.signed_up("bob", PASSWORD).await;

    // Act
    let answer = app
        .sign_out_sessions(&bob, Selection::Only(vec![adas_id.clone()]))
        .await
        .expect("SignOutSessions");

    // Assert
    assert_eq!(answer.ended, 0);
    app.get_account(&ada).await.expect("ada is still signed in");
    let bobs_view = sessions(&app, &bob).await;
    assert_eq!(bobs_view.len(), 1, "bob sees only his own: {bobs_view:?}");
    assert!(bobs_view.iter().all(|s| s.id != adas_id));
    app.get_account(&bob).await.expect("bob too");
}

#[tokio::test]
async fn a_stolen_token_can_neither_list_nor_end_sessions() {
    // Arrange
    let app = TestApp::spawn();
    let owner = app.signed_up("ada", PASSWORD).await;
    let other = signed_in(&app, "ada").await;
    let token = app
        .token(&owner, "ci", &["GetAccount", "GetEvents"])
        .await
        .key
        .expect("key");
    let before = sessions(&app, &owner).await;
    let ids: Vec<String> = before.iter().map(|s| s.id.clone()).collect();

    // Act + Assert
    app.get_sessions(&token).await.refused_method("GetSessions");
    app.sign_out_sessions(&token, Selection::All)
        .await
        .refused_method("SignOutSessions");
    app.sign_out_sessions(&token, Selection::Only(ids.clone()))
        .await
        .refused_method("SignOutSessions");

    // Assert
    app.get_account(&owner).await.expect("owner signed in");
    app.get_account(&other).await.expect("other signed in");
    let after: Vec<String> = sessions(&app, &owner)
        .await
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(after, ids);
    let kinds: Vec<EventKind> = app
        .state(&owner)
        .await
        .events
        .iter()
        .map(|e| e.kind)
        .collect();
    assert!(!kinds.contains(&EventKind::SessionsSignedOut), "{kinds:?}");
}

#[tokio::test]
async fn a_session_that_was_signed_out_cannot_sign_out_the_others() {
    // Arrange
    let app = TestApp::spawn();
    let owner = app.signed_up("ada", PASSWORD).await;
    let thief = signed_in(&app, "ada").await;
    let thiefs_id = own_id(&app, &thief).await;
    // A newer session is ended with the password (stolen_session.rs).
    app.check_password(&owner, PASSWORD).await.expect("confirm");
    app.sign_out_sessions(&owner, Selection::Only(vec![thiefs_id]))
        .await
        .expect("SignOutSessions");

    // Act
    let answer = app.sign_out_sessions(&thief, Selection::All).await;

    // Assert
    answer.refused(ResultCode::NotSignedIn);
    app.get_sessions(&thief)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&owner).await.expect("the owner stays");
}

// ---------------------------------------------------------------------------
// GetSessions.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_sessions_lists_full_sessions_newest_first_marks_this_one_and_hides_pending_ones() {
    // Arrange: A at 0 s, B 10 s later from a browser, a pending sign-in 10 s
    // after that.
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let ada = app.enrolled("ada", PASSWORD).await;
    let a = ada.session.clone();
    clock.advance(10);
    let b = signed_in_from_browser(&app, "ada", &ada.recovery_codes[0], FIREFOX).await;
    clock.advance(10);
    let pending = app.pending("ada", PASSWORD).await;

    // Act
    let seen_by_a = sessions(&app, &a).await;
    let seen_by_b = sessions(&app, &b).await;

    // Assert
    assert_eq!(
        seen_by_a.len(),
        2,
        "pending sessions are not listed: {seen_by_a:?}"
    );
    let (newest, oldest) = match seen_by_a.as_slice() {
        [newest, oldest] => (newest.clone(), oldest.clone()),
        other => panic!("two sessions: {other:?}"),
    };
    assert!(
        newest.created_at >= oldest.created_at + 10,
        "newest first: {seen_by_a:?}"
    );
    assert!(
        oldest.current && !newest.current,
        "A is current: {seen_by_a:?}"
    );
    assert_eq!(
        seen_by_b
            .iter()
            .map(|s| (&s.id, s.current))
            .collect::<Vec<_>>(),
        [(&newest.id, true), (&oldest.id, false)],
        "B sees the same list with itself marked"
    );
    assert_ne!(newest.id, oldest.id);
    for info in &seen_by_a {
        assert_eq!(info.id.len(), 16, "{info:?}");
        assert!(info.id.chars().all(|c| c.is_ascii_hexdigit()), "{info:?}");
        for token in [&a, &b, &pending] {
            assert!(!token.contains(&info.id), "the id is not the token");
        }
        assert!(info.last_seen >= info.created_at);
        assert_eq!(info.ip.as_deref(), Some("127.0.0.1"));
    }
    assert_eq!(newest.user_agent.as_deref(), Some(FIREFOX));
    // How each signed in: A at sign-up with the password, B with a
    // recovery code.
    assert_eq!(oldest.signed_in_with, Some(SignedInWith::Password));
    assert_eq!(newest.signed_in_with, Some(SignedInWith::RecoveryCode));
    // Nothing in the answer signs anyone in.
    let raw = app
        .post_json(Method::GetSessions, Some(&a), &json!({}))
        .await;
    raw.assert_ok();
    let text = raw.body.to_string();
    for token in [&a, &b, &pending] {
        assert!(!text.contains(token.as_str()), "a token in GetSessions");
    }
}

#[tokio::test]
async fn last_seen_starts_at_created_at_and_moves_at_most_once_a_minute() {
    // Arrange
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let a = app.signed_up("ada", PASSWORD).await;
    let b = signed_in(&app, "ada").await;
    let b_id = own_id(&app, &b).await;
    let find = |list: Vec<SessionInfo>| {
        list.into_iter()
            .find(|s| s.id == b_id)
            .expect("B is listed")
    };
    let start = find(sessions(&app, &a).await);
    assert_eq!(start.last_seen, start.created_at);

    // Act + Assert: 30 s on, B's call does not move it.
    clock.set(30);
    app.get_account(&b).await.expect("B 30 s later");
    assert_eq!(find(sessions(&app, &a).await).last_seen, start.last_seen);

    // 61 s on, it does.
    clock.set(61);
    let before = clock.now();
    app.get_account(&b).await.expect("B 61 s later");
    let after = clock.now();
    let moved = find(sessions(&app, &a).await).last_seen;
    assert!(
        (before..=after).contains(&moved),
        "{before} <= {moved} <= {after}"
    );
    assert_eq!(find(sessions(&app, &a).await).created_at, start.created_at);
}

// ---------------------------------------------------------------------------
// SignOutSessions.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn sign_out_sessions_ends_the_other_and_its_next_call_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let this = app.signed_up("ada", PASSWORD).await;
    let other = signed_in(&app, "ada").await;
    let other_id = own_id(&app, &other).await;
    let this_id = own_id(&app, &this).await;
    app.check_password(&this, PASSWORD).await.expect("confirm");

    // Act
    let answer = app
        .sign_out_sessions(&this, Selection::Only(vec![other_id]))
        .await
        .expect("SignOutSessions");

    // Assert
    assert_eq!(answer.ended, 1);
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&this).await.expect("this one still works");
    let left = sessions(&app, &this).await;
    assert_eq!(
        left.iter().map(|s| (&s.id, s.current)).collect::<Vec<_>>(),
        [(&this_id, true)]
    );
    let events = app.state(&this).await.events;
    let logged = events
        .iter()
        .find(|e| e.kind == EventKind::SessionsSignedOut)
        .expect("sessionsSignedOut logged");
    assert_eq!(logged.count, Some(1));
}

#[tokio::test]
async fn the_caller_s_own_id_and_unknown_ids_are_skipped() {
    // Arrange
    let app = TestApp::spawn();
    let this = app.signed_up("ada", PASSWORD).await;
    let other = signed_in(&app, "ada").await;
    let this_id = own_id(&app, &this).await;

    // Act
    let answer = app
        .sign_out_sessions(
            &this,
            Selection::Only(vec![this_id, "0123456789abcdef".to_owned()]),
        )
        .await
        .expect("SignOutSessions");

    // Assert
    assert_eq!(answer.ended, 0);
    app.get_account(&this).await.expect("this one stays");
    app.get_account(&other).await.expect("the other stays");
    assert_eq!(sessions(&app, &this).await.len(), 2);
}

#[tokio::test]
async fn star_ends_every_other_session_and_keeps_this_one() {
    // Arrange
    let app = TestApp::spawn();
    let this = app.signed_up("ada", PASSWORD).await;
    let others = [signed_in(&app, "ada").await, signed_in(&app, "ada").await];
    let bob = app.signed_up("bob", PASSWORD).await;
    assert_eq!(sessions(&app, &this).await.len(), 3);
    app.check_password(&this, PASSWORD).await.expect("confirm");

    // Act
    let answer = app
        .sign_out_sessions(&this, Selection::All)
        .await
        .expect("SignOutSessions *");

    // Assert
    assert_eq!(answer.ended, 2);
    for other in &others {
        app.get_account(other)
            .await
            .refused(ResultCode::NotSignedIn);
    }
    app.get_account(&this).await.expect("this one stays");
    app.get_account(&bob)
        .await
        .expect("other accounts are untouched");
    let left = sessions(&app, &this).await;
    assert_eq!(left.len(), 1);
    assert!(left.iter().all(|s| s.current));
    let events = app.state(&this).await.events;
    let logged = events
        .iter()
        .find(|e| e.kind == EventKind::SessionsSignedOut)
        .expect("sessionsSignedOut logged");
    assert_eq!(logged.count, Some(2));
}

#[tokio::test]
async fn ids_are_taken_as_a_json_array_or_a_separated_form_field() {
    // Arrange
    let app = TestApp::spawn();
    let this = app.signed_up("ada", PASSWORD).await;
    let mut others = Vec::new();
    for _ in 0..4 {
        let session = signed_in(&app, "ada").await;
        let id = own_id(&app, &session).await;
        others.push((session, id));
    }
    let id = |i: usize| others.get(i).map(|(_, id)| id.clone()).unwrap_or_default();
    app.check_password(&this, PASSWORD).await.expect("confirm");

    // Act
    let as_array = app
        .post_json(
            Method::SignOutSessions,
            Some(&this),
            &json!({"ids": [id(0), id(1)]}),
        )
        .await;
    let as_form = app
        .post_form(
            Method::SignOutSessions,
            &[
                ("session", this.as_str()),
                ("ids", format!("{};{}", id(2), id(3)).as_str()),
            ],
        )
        .await;

    // Assert
    as_array.assert_ok();
    assert_eq!(as_array.body["ended"], 2);
    as_form.assert_ok();
    assert_eq!(as_form.body["ended"], 2);
    for (session, _) in &others {
        app.get_account(session)
            .await
            .refused(ResultCode::NotSignedIn);
    }
    app.get_account(&this).await.expect("this one stays");
}

#[tokio::test]
async fn disable_2fa_still_ends_the_other_sessions() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    assert_eq!(sessions(&app, &ada.session).await.len(), 2);
    app.check_password(&ada.session, PASSWORD)
        .await
        .expect("confirm");

    // Act
    app.disable_2fa(&ada.session).await.expect("Disable2FA");

    // Assert
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    let left = sessions(&app, &ada.session).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left.iter().all(|s| s.current));
}

#[tokio::test]
async fn get_sessions_and_sign_out_sessions_refuse_a_pending_session() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;

    // Act + Assert
    app.get_sessions(&pending)
        .await
        .refused(ResultCode::SecondFactorRequired);
    app.sign_out_sessions(&pending, Selection::All)
        .await
        .refused(ResultCode::SecondFactorRequired);
    app.get_account(&ada.session).await.expect("untouched");
}
