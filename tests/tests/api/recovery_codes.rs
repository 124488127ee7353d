//! Recovery codes over HTTP: single use, normalised input, viewing them
//! again with the used ones marked, regenerating them, and GetAccount
//! saying when they run low.

use std::collections::HashSet;

use serde_json::{json, Value};
use twofold_api::ResultCode;
use twofold_e2e::{Refused, ServerOptions, TestApp, PASSWORD};

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_is_refused_the_next_time() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let code = &ada.recovery_codes[0];

    // Act
    let first = app
        .verify_2fa_code(&app.pending("ada", PASSWORD).await, code)
        .await
        .expect("first use");
    let second = app
        .verify_2fa_code(&app.pending("ada", PASSWORD).await, code)
        .await;

    // Assert
    assert!(first.recovery_code_used);
    assert_eq!(first.recovery_codes_left, 9);
    let session = first.session.session.expect("a full session");
    assert_eq!(
        app.get_account(&session)
            .await
            .expect("GetAccount")
            .two_factor
            .recovery_codes_left,
        9
    );
    second.refused(ResultCode::InvalidCode);
}

#[tokio::test]
async fn a_recovery_code_is_accepted_in_any_case_with_or_without_the_dash_or_with_spaces() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let codes = &ada.recovery_codes;
    let typed = [
        codes[0].to_uppercase(),
        codes[1].replace('-', ""),
        format!(" {} ", codes[2].replace('-', " ")),
    ];

    // Act
    let mut left = Vec::new();
    for code in &typed {
        let answer = app
            .verify_2fa_code(&app.pending("ada", PASSWORD).await, code)
            .await
            .expect(code);
        left.push(answer.recovery_codes_left);
    }

    // Assert
    assert_eq!(left, [9, 8, 7]);
    let spent = app
        .verify_2fa_code(&app.pending("ada", PASSWORD).await, &codes[1])
        .await;
    spent.refused(ResultCode::InvalidCode);
}

#[tokio::test]
async fn viewing_the_codes_shows_the_same_ten_with_the_used_one_marked() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    app.signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[3])
        .await;

    // Act
    let view = app
        .get_backup_codes(&ada.session)
        .await
        .expect("Get2FABackupCodes");

    // Assert
    assert!(view.viewable);
    assert_eq!(view.left, 9);
    let shown: Vec<&str> = view.codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        shown,
        ada.recovery_codes
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    for (index, code) in view.codes.iter().enumerate() {
        assert_eq!(code.used_at.is_some(), index == 3, "code {index}");
    }
}

#[tokio::test]
async fn regenerating_replaces_every_old_code_and_ends_the_other_sessions() {
    // Arrange: enough attempts to try all ten old codes without the lock.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_RECOVERY_MAX_FAILURES",
        "12",
    )]));
    let ada = app.enrolled("ada", PASSWORD).await;
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    let started_before = app.pending("ada", PASSWORD).await;

    // Act
    let fresh = app
        .regenerate_backup_codes(&ada.session)
        .await
        .expect("Regenerate2FABackupCodes")
        .unused_codes();

    // Assert
    assert_eq!(fresh.len(), 10);
    let old: HashSet<&String> = ada.recovery_codes.iter().collect();
    assert!(fresh.iter().all(|code| !old.contains(code)));
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    app.verify_2fa_code(&started_before, &fresh[1])
        .await
        .refused(ResultCode::NotSignedIn);
    assert_eq!(
        app.get_account(&ada.session)
            .await
            .expect("this session stays")
            .two_factor
            .recovery_codes_left,
        10
    );
    let pending = app.pending("ada", PASSWORD).await;
    for (tried, code) in ada.recovery_codes.iter().enumerate() {
        let error = app
            .verify_2fa_code(&pending, code)
            .await
            .refused(ResultCode::InvalidCode);
        assert_eq!(
            error.attempts_left,
            Some(11 - tried as u32),
            "old code {tried}"
        );
    }
    let answer = app
        .verify_2fa_code(&pending, &fresh[0])
        .await
        .expect("a new code works");
    assert_eq!(answer.recovery_codes_left, 9);
    let view = app
        .get_backup_codes(&ada.session)
        .await
        .expect("Get2FABackupCodes");
    assert_eq!(
        view.codes.iter().map(|c| &c.code).collect::<Vec<_>>(),
        fresh.iter().collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn in_hash_only_mode_the_codes_are_shown_once_and_viewing_counts_the_ones_left() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_RECOVERY_STORAGE",
        "hash-only",
    )]));
    let ada = app.enrolled("ada", PASSWORD).await;
    app.signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[4])
        .await;

    // Act
    let view = app
        .get_backup_codes(&ada.session)
        .await
        .expect("Get2FABackupCodes");

    // Assert
    assert_eq!(ada.recovery_codes.len(), 10);
    assert!(!view.viewable);
    assert!(view.codes.is_empty());
    assert_eq!(view.left, 9);
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert!(!account.two_factor.recovery_codes_viewable);
    let again = app
        .verify_2fa_code(&app.pending("ada", PASSWORD).await, &ada.recovery_codes[4])
        .await;
    again.refused(ResultCode::InvalidCode);
}

/// GetAccount's `twoFactor.recoveryCodesLow` as sent (not defaulted by a
/// client), with the count beside it.
async fn codes_low(app: &TestApp, session: &str) -> (u64, Value) {
    let raw = app
        .post_json(twofold_api::Method::GetAccount, Some(session), &json!({}))
        .await;
    raw.assert_ok();
    let two_factor = &raw.body["twoFactor"];
    (
        two_factor["recoveryCodesLeft"]
            .as_u64()
            .expect("recoveryCodesLeft"),
        two_factor
            .get("recoveryCodesLow")
            .cloned()
            .unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn get_account_says_recovery_codes_are_low_at_three_left_and_not_before() {
    // Arrange
    let app = TestApp::spawn();
    let plain = app.signed_up("bob", PASSWORD).await;
    let ada = app.enrolled("ada", PASSWORD).await;
    assert_eq!(codes_low(&app, &plain).await, (0, json!(false)), "2FA off");
    assert_eq!(codes_low(&app, &ada.session).await, (10, json!(false)));

    // Act + Assert: one sign-in per code, down to none.
    let mut seen = Vec::new();
    for code in &ada.recovery_codes {
        app.signed_in_with_recovery_code("ada", PASSWORD, code)
            .await;
        seen.push(codes_low(&app, &ada.session).await);
    }
    let expected: Vec<(u64, Value)> = (0..10u64)
        .rev()
        .map(|left| (left, json!(left <= 3)))
        .collect();
    assert_eq!(seen, expected);

    // Regenerating puts it right.
    app.check_password(&ada.session, PASSWORD)
        .await
        .expect("confirm");
    app.regenerate_backup_codes(&ada.session)
        .await
        .expect("Regenerate2FABackupCodes");
    assert_eq!(codes_low(&app, &ada.session).await, (10, json!(false)));
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert!(!account.two_factor.recovery_codes_low);
}

#[tokio::test]
async fn recovery_codes_low_is_false_once_2fa_is_off() {
    // Arrange: three codes left.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    for code in ada.recovery_codes.iter().take(7) {
        app.signed_in_with_recovery_code("ada", PASSWORD, code)
            .await;
    }
    assert_eq!(codes_low(&app, &ada.session).await, (3, json!(true)));
    app.check_password(&ada.session, PASSWORD)
        .await
        .expect("confirm");

    // Act
    app.disable_2fa(&ada.session).await.expect("Disable2FA");

    // Assert
    assert_eq!(codes_low(&app, &ada.session).await, (0, json!(false)));
}
