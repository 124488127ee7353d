//! Remediation that sticks: what an owner does after a scare (switching 2FA
//! on, a new password, signing out everywhere) also ends the personal
//! access tokens a thief's session may have made, in the same transaction,
//! keeping the caller's own and those the owner names; and the log says
//! which tokens ended.

use twofold_api::{
    events::EventKind,
    tokens::{AccessToken, Selection},
    ResultCode,
};
use twofold_e2e::{Authenticator, Proof, Refused, TestApp, PASSWORD};

/// The value CreateToken showed.
fn key(token: &AccessToken) -> String {
    token.key.clone().expect("the key is shown")
}

/// A full session of `login`, which has no 2FA.
async fn signed_in(app: &TestApp, login: &str, password: &str) -> String {
    app.sign_in(login, password)
        .await
        .expect("sign in")
        .session
        .expect("a full session")
}

/// The thief's lasting credential, as reproduced: GetAccount, GetEvents and
/// a platform method, for 366 days.
async fn backdoor(app: &TestApp, thief: &str) -> AccessToken {
    let expires = twofold_e2e::api::unix_now() + 366 * 86_400;
    app.create_token(
        thief,
        PASSWORD,
        "backdoor",
        &["GetAccount", "GetEvents", "env.control.CreateEnvironment"],
        Some(expires),
    )
    .await
    .expect("a token from the thief's session")
    .token
}

/// Asserts that `token` no longer opens anything, Authorize included.
async fn assert_dead(app: &TestApp, token: &str) {
    app.get_account(token)
        .await
        .refused(ResultCode::NotSignedIn);
    app.authorize(token, "env.control.CreateEnvironment")
        .await
        .refused(ResultCode::NotSignedIn);
}

#[tokio::test]
async fn a_token_minted_with_a_phished_password_ends_when_the_owner_switches_2fa_on() {
    // Arrange: a thief signed in with a phished password before 2FA was on
    // and made a token; the owner has a token of their own session and one
    // made elsewhere, which they tick to keep.
    let app = TestApp::spawn();
    let owner = app.signed_up("ada", PASSWORD).await;
    let thief = signed_in(&app, "ada", PASSWORD).await;
    let stolen = backdoor(&app, &thief).await;
    let laptop = signed_in(&app, "ada", PASSWORD).await;
    let nightly = app.token(&laptop, "nightly", &["GetEvents"]).await;
    let own = app.token(&owner, "deploy", &["GetAccount"]).await;
    assert!(app
        .authorize(&key(&stolen), "env.control.CreateEnvironment")
        .await
        .is_ok());

    // Act: the owner switches 2FA on, keeping "nightly".
    app.check_password(&owner, PASSWORD).await.expect("confirm");
    let setup = app.setup_2fa(&owner).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);
    let code = phone.next_code().await;
    let enabled = app
        .enable_2fa_keeping(&owner, &code, Some(Selection::Only(vec![nightly.id])))
        .await
        .expect("Enable2FA");

    // Assert: the thief's token is dead from the next request; the owner's
    // own and the kept one work; the log names what ended.
    assert_eq!(enabled.tokens_ended, Some(1));
    assert_dead(&app, &key(&stolen)).await;
    app.get_account(&key(&own))
        .await
        .expect("this session's own token");
    app.get_events(&key(&nightly), None, None)
        .await
        .expect("the token the owner kept");
    let events = app.state(&owner).await.events;
    let ended = events
        .iter()
        .find(|e| e.kind == EventKind::TokensEnded)
        .expect("the ending is logged");
    assert_eq!(ended.description.as_deref(), Some("backdoor"));
    assert_eq!(ended.count, Some(1));
    let tokens = app.get_tokens(&owner).await.expect("GetTokens").tokens;
    assert_eq!(
        tokens
            .iter()
            .map(|t| t.description.as_str())
            .collect::<Vec<_>>(),
        ["deploy", "nightly"]
    );
}

#[tokio::test]
async fn a_new_password_ends_every_token_but_this_session_s_own_and_the_kept_ones() {
    // Arrange
    let app = TestApp::spawn();
    let owner = app.signed_up("ada", PASSWORD).await;
    let thief = signed_in(&app, "ada", PASSWORD).await;
    let stolen = backdoor(&app, &thief).await;
    let other = signed_in(&app, "ada", PASSWORD).await;
    let kept = app.token(&other, "kept", &["GetAccount"]).await;
    let own = app.token(&owner, "own", &["GetAccount"]).await;

    // Act
    let changed = app
        .change_password_keeping(
            &owner,
            PASSWORD,
            "an entirely new password",
            None,
            Some(Selection::Only(vec![kept.id])),
        )
        .await
        .expect("ChangePassword");

    // Assert
    assert_eq!(changed.tokens_ended, 1);
    assert_dead(&app, &key(&stolen)).await;
    app.get_account(&key(&own)).await.expect("own token");
    app.get_account(&key(&kept)).await.expect("kept token");
    app.get_account(&thief)
        .await
        .refused(ResultCode::NotSignedIn);
}

#[tokio::test]
async fn signing_out_everywhere_with_the_password_ends_the_tokens_and_without_it_ends_none() {
    // Arrange
    let app = TestApp::spawn();
    let thief = app.signed_up("ada", PASSWORD).await;
    let stolen = backdoor(&app, &thief).await;
    let owner = signed_in(&app, "ada", PASSWORD).await;

    // Act: first without a step-up (it ends only older sessions and no
    // token), then with the password on the call.
    let plain = app
        .sign_out_sessions(&owner, Selection::All)
        .await
        .expect("SignOutSessions *");
    app.get_account(&key(&stolen))
        .await
        .expect("a plain sign-out leaves tokens alone");
    let thief_again = signed_in(&app, "ada", PASSWORD).await;
    let stepped = app
        .sign_out_sessions_with(
            &owner,
            Selection::All,
            Proof {
                password: Some(PASSWORD),
                code: None,
            },
            None,
        )
        .await
        .expect("SignOutSessions * with the password");

    // Assert
    assert_eq!((plain.ended, plain.tokens_ended), (1, 0));
    assert_eq!((stepped.ended, stepped.tokens_ended), (1, 1));
    assert_dead(&app, &key(&stolen)).await;
    app.get_account(&thief_again)
        .await
        .refused(ResultCode::NotSignedIn);
}

#[tokio::test]
async fn tokens_outlive_signing_out_and_switching_2fa_off() {
    // Arrange: what does not end tokens stays so, for scripts' sake.
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let token = app.token(&ada.session, "ci", &["GetAccount"]).await;
    let value = key(&token);

    // Act + Assert
    app.disable_2fa(&ada.session).await.expect("Disable2FA");
    app.get_account(&value).await.expect("after Disable2FA");
    let other = signed_in(&app, "ada", PASSWORD).await;
    app.sign_out(&other).await.expect("SignOut");
    app.sign_out(&ada.session).await.expect("SignOut");
    app.get_account(&value).await.expect("after SignOut");
}
