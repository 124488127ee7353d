//! GetEvents: every security change of the seed's flow is in the log,
//! newest first, page by page.

use twofold_api::{events::EventKind, ResultCode};
use twofold_e2e::{Refused, TestApp, PASSWORD};

/// Walks the seed's flow once and returns the account's full session, with
/// the events it should have logged, oldest first.
async fn walk_the_flow(app: &TestApp) -> (String, Vec<EventKind>) {
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, &ada.phone.wrong_code())
        .await
        .refused(ResultCode::InvalidCode);
    let totp = app
        .verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .expect("TOTP sign-in");
    app.sign_out(&totp.session.session.expect("token"))
        .await
        .expect("SignOut");
    app.sign_in("ada", "not the password")
        .await
        .refused(ResultCode::InvalidCredentials);
    app.signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    app.get_backup_codes(&ada.session)
        .await
        .expect("Get2FABackupCodes");
    app.regenerate_backup_codes(&ada.session)
        .await
        .expect("Regenerate2FABackupCodes");
    app.disable_2fa(&ada.session).await.expect("Disable2FA");
    app.sign_in("ada", PASSWORD)
        .await
        .expect("sign in without 2FA");
    let expected = vec![
        EventKind::SignedUp,
        EventKind::PasswordConfirmed,
        EventKind::TwoFactorSetupStarted,
        EventKind::TwoFactorEnabled,
        EventKind::PasswordAccepted,
        EventKind::SecondFactorFailed,
        EventKind::SignedInWithTotp,
        // The test's client keeps no device cookie: each full sign-in is
        // from a browser that never signed in before.
        EventKind::SignedInFromNewBrowser,
        EventKind::SignedOut,
        EventKind::SignInFailed,
        // The second right password of the window is counted in the
        // first's entry, not logged again.
        EventKind::SignedInWithRecoveryCode,
        EventKind::SignedInFromNewBrowser,
        EventKind::RecoveryCodesViewed,
        EventKind::RecoveryCodesRegenerated,
        EventKind::TwoFactorDisabled,
        EventKind::SignedInWithPassword,
        EventKind::SignedInFromNewBrowser,
    ];
    (ada.session, expected)
}

#[tokio::test]
async fn the_security_log_lists_every_event_of_the_flow_newest_first() {
    // Arrange
    let app = TestApp::spawn();
    let (session, mut expected) = walk_the_flow(&app).await;

    // Act
    let page = app
        .get_events(&session, None, None)
        .await
        .expect("GetEvents");

    // Assert
    expected.reverse();
    assert_eq!(
        page.events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(page.next, None);
    assert!(
        page.events.windows(2).all(|pair| pair[0].at >= pair[1].at),
        "newest first"
    );
    assert!(
        page.events
            .iter()
            .all(|e| e.ip.as_deref() == Some("127.0.0.1")),
        "the client's address"
    );
    let codes_left = |kind| {
        page.events
            .iter()
            .find(|e| e.kind == kind)
            .and_then(|e| e.recovery_codes_left)
    };
    assert_eq!(codes_left(EventKind::TwoFactorEnabled), Some(10));
    assert_eq!(codes_left(EventKind::SignedInWithRecoveryCode), Some(9));
    assert_eq!(codes_left(EventKind::RecoveryCodesViewed), Some(9));
    assert_eq!(codes_left(EventKind::RecoveryCodesRegenerated), Some(10));
    let accepted = page
        .events
        .iter()
        .find(|e| e.kind == EventKind::PasswordAccepted)
        .expect("passwordAccepted");
    assert_eq!(
        accepted.count,
        Some(2),
        "both right passwords, in one entry"
    );
}

#[tokio::test]
async fn the_security_log_pages_with_next_and_after() {
    // Arrange
    let app = TestApp::spawn();
    let (session, _) = walk_the_flow(&app).await;
    let whole = app
        .get_events(&session, Some(100), None)
        .await
        .expect("GetEvents")
        .events;

    // Act
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .get_events(&session, Some(4), after.as_deref())
            .await
            .expect("GetEvents");
        pages.push(page.events);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
        assert!(pages.len() <= 10, "paging ends");
    }

    // Assert
    assert!(pages.iter().all(|page| page.len() <= 4));
    let needed = whole.len().div_ceil(4);
    let trailing_empty_page = pages.len() == needed + 1 && pages.last().is_some_and(Vec::is_empty);
    assert!(
        pages.len() == needed || trailing_empty_page,
        "{} pages for {} events",
        pages.len(),
        whole.len()
    );
    assert_eq!(pages.concat(), whole);
}

#[tokio::test]
async fn another_account_sees_none_of_these_events() {
    // Arrange
    let app = TestApp::spawn();
    let (_, _) = walk_the_flow(&app).await;
    let bob = app.signed_up("bob", PASSWORD).await;

    // Act
    let events = app
        .get_events(&bob, None, None)
        .await
        .expect("GetEvents")
        .events;

    // Assert
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::SignedUp]
    );
}

#[tokio::test]
async fn the_log_filters_by_kind_page_by_page_and_refuses_unknown_kinds() {
    // Arrange: the flow, then many events of other kinds.
    let app = TestApp::spawn();
    let (session, _) = walk_the_flow(&app).await;
    for _ in 0..12 {
        app.check_password(&session, PASSWORD)
            .await
            .expect("CheckPassword");
    }
    let all = app
        .get_events(&session, Some(100), None)
        .await
        .expect("the whole log")
        .events;
    let kinds = [EventKind::SignedInWithTotp, EventKind::SecondFactorFailed];
    let expected: Vec<_> = all
        .iter()
        .filter(|e| kinds.contains(&e.kind))
        .cloned()
        .collect();

    // Act: pages of one, as JSON and as a form's string.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .call::<_, twofold_api::account::EventsResponse>(
                twofold_api::Method::GetEvents,
                Some(&session),
                &serde_json::json!({
                    "limit": 1,
                    "after": after,
                    "kinds": ["signedInWithTotp", "secondFactorFailed"],
                }),
            )
            .await
            .expect("a filtered page");
        seen.extend(page.events);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let as_text = app
        .post_form(
            twofold_api::Method::GetEvents,
            &[("session", &session), ("kinds", " signedInWithTotp ; ")],
        )
        .await;
    let unknown = app
        .post_json(
            twofold_api::Method::GetEvents,
            Some(&session),
            &serde_json::json!({ "kinds": ["signedInWithTOTP"] }),
        )
        .await;
    let empty = app
        .post_json(
            twofold_api::Method::GetEvents,
            Some(&session),
            &serde_json::json!({ "kinds": [] }),
        )
        .await;

    // Assert
    assert!(!expected.is_empty());
    assert_eq!(seen, expected, "the same events, in order, page by page");
    as_text.assert_ok();
    let only: Vec<&str> = as_text.body["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(!only.is_empty() && only.iter().all(|k| *k == "signedInWithTotp"));
    assert_eq!(
        unknown
            .assert_refused(ResultCode::InvalidParameter)
            .as_deref(),
        Some("kinds")
    );
    assert_eq!(
        empty
            .assert_refused(ResultCode::InvalidParameter)
            .as_deref(),
        Some("kinds")
    );
}
