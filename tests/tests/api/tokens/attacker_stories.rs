//! Attacker stories: a stolen token can call what its list names and
//! nothing else (not even with the password), is no password oracle and
//! does not touch the throttle; a forged token, or another account's, is
//! nothing.

use serde_json::{json, Value};
use twofold_api::{tokens::Selection, Method, ResultCode};
use twofold_e2e::{api::unix_now, Refused, ServerOptions, TestApp, TokenChanges, PASSWORD};

use super::{key, listed, session_ids, DAY};

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
