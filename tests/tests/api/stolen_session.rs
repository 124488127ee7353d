//! A stolen session cannot keep the owner out: a session ends only sessions
//! that began before it unless it proves the password (and with 2FA on a
//! second factor), so the owner's fresh sign-in always ends the thief's
//! older one; and a session unused for the idle time ends by itself.

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};

use twofold_api::{tokens::Selection, ResultCode};
use twofold_e2e::{Proof, Refused, ServerOptions, TestApp, PASSWORD};

/// A full session of `login`, which has no 2FA.
async fn signed_in(app: &TestApp, login: &str) -> String {
    app.sign_in(login, PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session")
}

#[tokio::test]
async fn a_stolen_session_looping_sign_out_everywhere_cannot_end_the_owner_s_newer_session() {
    // Arrange: the thief holds a cookie of the account (no password) and
    // calls SignOutSessions * in a loop.
    let app = Arc::new(TestApp::spawn());
    let stolen = app.signed_up("ada", PASSWORD).await;
    let stop = Arc::new(AtomicBool::new(false));
    let looping = {
        let (app, stolen, stop) = (app.clone(), stolen.clone(), stop.clone());
        tokio::spawn(async move {
            let mut calls = 0u32;
            while !stop.load(Ordering::SeqCst) {
                match app.sign_out_sessions(&stolen, Selection::All).await {
                    Ok(_) => calls += 1,
                    // Its own session ended: the loop is over.
                    Err(error) if error.result == ResultCode::NotSignedIn => break,
                    Err(error) => panic!("unexpected {error}"),
                }
            }
            calls
        })
    };

    // Act: the owner signs in while the loop runs, and works a little.
    let owner = signed_in(&app, "ada").await;
    for _ in 0..5 {
        app.get_account(&owner)
            .await
            .expect("the owner's newer session survives the loop");
        app.sign_out_sessions(&stolen, Selection::All)
            .await
            .expect("the thief's own call, after the owner's sign-in");
    }
    let ended = app
        .sign_out_sessions(&owner, Selection::All)
        .await
        .expect("the owner signs out everywhere else");
    stop.store(true, Ordering::SeqCst);
    let calls = looping.await.expect("the loop");

    // Assert
    assert!(calls > 0, "the loop ran");
    assert_eq!(ended.ended, 1, "the thief's older session");
    app.get_account(&stolen)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&owner)
        .await
        .expect("the owner is still in");
}

#[tokio::test]
async fn ending_a_newer_session_by_id_needs_the_password_and_older_ones_do_not() {
    // Arrange
    let app = TestApp::spawn();
    let older = app.signed_up("ada", PASSWORD).await;
    let middle = signed_in(&app, "ada").await;
    let newer = signed_in(&app, "ada").await;
    let ids = app
        .get_sessions(&middle)
        .await
        .expect("GetSessions")
        .sessions;
    let id_of = |position: usize| ids[position].id.clone();
    // Newest first: newer, middle, older.

    // Act + Assert: the middle session names the newer one: refused unless
    // it proves the password; the older one goes without.
    let refused = app
        .sign_out_sessions(&middle, Selection::Only(vec![id_of(0)]))
        .await
        .refused(ResultCode::PasswordConfirmationRequired);
    assert_eq!(refused.parameter.as_deref(), Some("password"));
    app.get_account(&newer).await.expect("still signed in");
    let ended = app
        .sign_out_sessions(&middle, Selection::Only(vec![id_of(2)]))
        .await
        .expect("an older session");
    assert_eq!(ended.ended, 1);
    app.get_account(&older)
        .await
        .refused(ResultCode::NotSignedIn);
    let with_password = app
        .sign_out_sessions_with(
            &middle,
            Selection::Only(vec![id_of(0)]),
            Proof {
                password: Some(PASSWORD),
                code: None,
            },
            None,
        )
        .await
        .expect("with the password");
    assert_eq!(with_password.ended, 1);
    app.get_account(&newer)
        .await
        .refused(ResultCode::NotSignedIn);
}

#[tokio::test]
async fn sign_out_everywhere_without_the_password_ends_older_sessions_and_counts_the_newer() {
    // Arrange
    let app = TestApp::spawn();
    let older = app.signed_up("ada", PASSWORD).await;
    let caller = signed_in(&app, "ada").await;
    let newer = signed_in(&app, "ada").await;

    // Act
    let answer = app
        .sign_out_sessions(&caller, Selection::All)
        .await
        .expect("SignOutSessions *");

    // Assert
    assert_eq!((answer.ended, answer.newer_kept), (1, 1));
    app.get_account(&older)
        .await
        .refused(ResultCode::NotSignedIn);
    app.get_account(&newer)
        .await
        .expect("the newer session stays");
}

#[tokio::test]
async fn a_session_unused_for_the_idle_time_ends_and_one_in_use_does_not() {
    // Arrange: an idle time of ten minutes, and a clock the test moves.
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::with_env(&[(
        "TWOFOLD_SESSION_IDLE_SECONDS",
        "600",
    )]));
    let idle = app.signed_up("ada", PASSWORD).await;
    let busy = signed_in(&app, "ada").await;

    // Act: the busy session is used every five minutes for half an hour.
    for _ in 0..6 {
        clock.advance(300);
        app.get_account(&busy).await.expect("in use, never idle");
    }

    // Assert
    app.get_account(&idle)
        .await
        .refused(ResultCode::NotSignedIn);
    let listed = app.get_sessions(&busy).await.expect("GetSessions").sessions;
    assert_eq!(listed.len(), 1, "an idle session is not listed");
    clock.advance(600);
    app.get_account(&busy)
        .await
        .refused(ResultCode::NotSignedIn);
}
