//! The step-up: a password and one code relayed by a real-time phishing page
//! sign in, but every sensitive change needs a second factor of its own,
//! proven for that step-up and never the one that signed in. The owner, with
//! a recovery code, can still do each of them.

use twofold_api::{events::EventKind, tokens::Selection, ResultCode};
use twofold_e2e::{Proof, Refused, TestApp, TokenChanges, PASSWORD};

/// The name the step-up refusals give the missing proof.
const CODE: &str = "code";

/// A full session of an account with 2FA on, opened with the password and
/// `code`.
async fn signed_in_with(app: &TestApp, code: &str) -> String {
    let pending = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&pending, code)
        .await
        .expect("the code signs in")
        .session
        .session
        .expect("token in body")
}

#[tokio::test]
async fn a_password_and_one_relayed_code_sign_in_but_cannot_take_the_account_over() {
    // Arrange: the owner has 2FA on and a token; a phishing page relays the
    // password and one code from the owner's app as they are typed.
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let owners_token = app.token(&ada.session, "ci", &["GetAccount"]).await;
    let relayed = ada.phone.next_code().await;
    let thief = signed_in_with(&app, &relayed).await;

    // Act: the sequence that was a takeover. The password alone confirms
    // the password...
    let confirmed = app
        .check_password(&thief, PASSWORD)
        .await
        .expect("the password is the password");
    assert!(!confirmed.second_factor_confirmed);

    // ...but nothing that needs a second factor goes through on it.
    let refusals = [
        app.disable_2fa(&thief).await.map(|_| ()),
        app.get_backup_codes(&thief).await.map(|_| ()),
        app.regenerate_backup_codes(&thief).await.map(|_| ()),
        app.change_password(&thief, PASSWORD, "the thief's own password", None)
            .await
            .map(|_| ()),
        app.create_token(&thief, PASSWORD, "backdoor", &["GetAccount"], None)
            .await
            .map(|_| ()),
        app.regenerate_token(&thief, PASSWORD, owners_token.id)
            .await
            .map(|_| ()),
        app.edit_token(
            &thief,
            PASSWORD,
            owners_token.id,
            TokenChanges::api_list(&["GetAccount", "GetEvents"]),
        )
        .await
        .map(|_| ()),
    ];
    for refused in refusals {
        let error = refused.refused(ResultCode::SecondFactorConfirmationRequired);
        assert_eq!(error.parameter.as_deref(), Some(CODE), "{error:?}");
    }
    // The code it relayed is spent: refused as just used, and not counted.
    let replayed = app
        .step_up(&thief, PASSWORD, Some(&relayed))
        .await
        .refused(ResultCode::CodeJustUsed);
    assert!(replayed.retry_after.is_some());
    // Narrowing a token widens nothing: the password is enough for that.
    app.edit_token(
        &thief,
        PASSWORD,
        owners_token.id,
        TokenChanges::description("ci (renamed)"),
    )
    .await
    .expect("a description needs no second factor");

    // Assert: 2FA on, the codes never shown, the password unchanged, the
    // owner's token as it was.
    let state = app.state(&ada.session).await;
    assert!(state.account.two_factor.enabled);
    assert_eq!(state.account.two_factor.recovery_codes_left, 10);
    assert!(!state
        .events
        .iter()
        .any(|e| e.kind == EventKind::RecoveryCodesViewed));
    assert!(
        !state
            .events
            .iter()
            .any(|e| e.kind == EventKind::TokenCreated
                && e.description.as_deref() == Some("backdoor"))
    );
    app.pending("ada", PASSWORD).await;
    let tokens = app
        .get_tokens(&ada.session)
        .await
        .expect("GetTokens")
        .tokens;
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].api_list, ["GetAccount"]);
}

#[tokio::test]
async fn the_owner_does_each_sensitive_change_with_a_recovery_code_on_the_call() {
    // Arrange: the owner signs in on a new device with the app, then has
    // only recovery codes at hand.
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let code = ada.phone.next_code().await;
    let owner = signed_in_with(&app, &code).await;
    let codes = ada.recovery_codes.clone();
    let with = |i: usize| Proof::with_code(PASSWORD, &codes[i]);

    // Act + Assert: each change, a recovery code each.
    let token = app
        .create_token_with(&owner, with(0), "deploy", &["GetAccount"], None)
        .await
        .expect("CreateToken with a recovery code")
        .token;
    app.edit_token_with(
        &owner,
        with(1),
        token.id,
        TokenChanges::api_list(&["GetAccount", "GetEvents"]),
    )
    .await
    .expect("EditToken widening with a recovery code");
    app.regenerate_token_with(&owner, with(2), token.id)
        .await
        .expect("RegenerateToken with a recovery code");
    let shown = app
        .get_backup_codes_with(&owner, with(3))
        .await
        .expect("Get2FABackupCodes with a recovery code");
    assert_eq!(shown.left, 6, "each recovery code is spent once");
    let renewed = app
        .regenerate_backup_codes_with(&owner, with(4))
        .await
        .expect("Regenerate2FABackupCodes with a recovery code");
    let fresh = renewed.unused_codes();
    app.change_password(&owner, PASSWORD, "a new password entirely", Some(&fresh[0]))
        .await
        .expect("ChangePassword with a recovery code");
    app.disable_2fa_with(
        &owner,
        Proof::with_code("a new password entirely", &fresh[1]),
    )
    .await
    .expect("Disable2FA with a recovery code");
    let account = app.get_account(&owner).await.expect("GetAccount");
    assert!(!account.two_factor.enabled);
    // With 2FA off a code is neither asked for nor looked at.
    app.step_up(&owner, "a new password entirely", Some(&codes[0]))
        .await
        .expect("the password alone");
}

#[tokio::test]
async fn one_step_up_with_a_code_covers_the_changes_after_it_until_it_ends() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let code = ada.phone.next_code().await;
    let owner = signed_in_with(&app, &code).await;

    // Act: the pop-up, with a fresh code from the app.
    let fresh = ada.phone.next_code().await;
    let confirmed = app
        .step_up(&owner, PASSWORD, Some(&fresh))
        .await
        .expect("password and code");

    // Assert: the changes that need a second factor go through on it,
    // without the password or a code again.
    assert!(confirmed.second_factor_confirmed);
    let account = app.get_account(&owner).await.expect("GetAccount");
    assert!(account.elevated_with_second_factor);
    assert_eq!(account.elevated_until, Some(confirmed.elevated_until));
    app.get_backup_codes(&owner)
        .await
        .expect("the codes, on the step-up");
    let token = app
        .create_token_with(&owner, Proof::default(), "ci", &["GetAccount"], None)
        .await
        .expect("a token, on the step-up");
    assert!(token.token.key.is_some());
    let events = app.state(&owner).await.events;
    let step_up = events
        .iter()
        .find(|e| e.kind == EventKind::PasswordAndCodeConfirmed)
        .expect("the step-up is logged");
    assert_eq!(step_up.ip.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn a_step_up_refuses_what_is_missing_before_checking_anything() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let code = ada.phone.next_code().await;
    let owner = signed_in_with(&app, &code).await;
    let before = app.state(&owner).await.events.len();

    // Act + Assert: no step-up and no password: 203 naming the password;
    // the password without a code: 209 naming the code; neither checked.
    let none = app
        .disable_2fa(&owner)
        .await
        .refused(ResultCode::PasswordConfirmationRequired);
    assert_eq!(none.parameter.as_deref(), Some("password"));
    let wrong_password_alone = app
        .disable_2fa_with(
            &owner,
            Proof {
                password: Some("not the password"),
                code: None,
            },
        )
        .await
        .refused(ResultCode::SecondFactorConfirmationRequired);
    assert_eq!(wrong_password_alone.parameter.as_deref(), Some(CODE));
    assert_eq!(
        app.state(&owner).await.events.len(),
        before,
        "nothing was checked, so nothing was logged or counted"
    );
    // A wrong code with the right password is counted like one at sign-in.
    let wrong = app
        .step_up(&owner, PASSWORD, Some(&ada.phone.wrong_code()))
        .await
        .refused(ResultCode::InvalidCode);
    assert_eq!(wrong.attempts_left, Some(4));
    assert!(
        !app.get_account(&owner)
            .await
            .expect("GetAccount")
            .elevated_with_second_factor
    );
}

#[tokio::test]
async fn step_up_codes_lock_as_at_sign_in_and_a_locked_step_up_says_how_long() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let code = ada.phone.next_code().await;
    let owner = signed_in_with(&app, &code).await;

    // Act: five wrong codes at the step-up.
    for _ in 0..4 {
        app.step_up(&owner, PASSWORD, Some(&ada.phone.wrong_code()))
            .await
            .refused(ResultCode::InvalidCode);
    }
    let locking = app
        .step_up(&owner, PASSWORD, Some(&ada.phone.wrong_code()))
        .await
        .refused(ResultCode::SecondFactorLocked);

    // Assert: the right code is refused while locked, a recovery code is
    // not, and sign-in sees the same lock.
    assert!(locking.retry_after.is_some());
    let right = ada.phone.next_code().await;
    app.step_up(&owner, PASSWORD, Some(&right))
        .await
        .refused(ResultCode::SecondFactorLocked);
    app.step_up(&owner, PASSWORD, Some(&ada.recovery_codes[0]))
        .await
        .expect("a recovery code is not locked by app codes");
    let again = app.sign_in("ada", PASSWORD).await.expect("sign in");
    assert_eq!(again.attempts_left, Some(5), "the recovery code lifted it");
}

#[tokio::test]
async fn with_2fa_off_the_password_alone_is_the_step_up() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;

    // Act + Assert
    app.create_token(&session, PASSWORD, "ci", &["GetAccount"], None)
        .await
        .expect("the password on the call");
    app.check_password(&session, PASSWORD)
        .await
        .expect("CheckPassword");
    app.setup_2fa(&session)
        .await
        .expect("Setup2FA on the step-up");
    app.delete_tokens(&session, PASSWORD, Selection::All)
        .await
        .expect("DeleteTokens");
}
