//! Signing in with a key: SignIn offers the key's ceremony after the
//! password, Verify2FAKey takes the key's answer with the pending session,
//! and the session, the key's last use and the log say how it began.

use serde_json::Value;
use twofold_api::{events::EventKind, security_keys::KeyKind, tokens::SignedInWith, ResultCode};
use twofold_e2e::{api::unix_now, Proof, Refused, TestApp, PASSWORD};

use super::logged;

/// The owner signs in with the password and the key: a full session that
/// says so, the key's last use set, the sign-in in the log.
#[tokio::test]
async fn the_password_and_the_key_sign_in() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;

    // Act
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let pending = offered.session.clone().expect("the pending session");
    let check = offered.security_key.clone().expect("the key is offered");
    let before = unix_now();
    let credential = ada.key.get(&check.options).await;
    let signed_in = app
        .verify_2fa_key(&pending, &check.ceremony, &credential)
        .await
        .expect("Verify2FAKey");

    // Assert
    assert!(offered.two_factor_required);
    assert!(!offered.authenticator_app, "no app: no code is taken");
    assert_eq!(signed_in.login, "ada");
    let session = signed_in.session.expect("token in body");
    let account = app.get_account(&session).await.expect("a full session");
    let key = &account.two_factor.security_keys[0];
    let used = key.last_used_at.expect("the key's last use");
    assert!((before..=unix_now()).contains(&used), "{used}");
    let sessions = app.get_sessions(&session).await.expect("GetSessions");
    let this = sessions
        .sessions
        .iter()
        .find(|listed| listed.current)
        .expect("this session is listed");
    assert_eq!(this.signed_in_with, Some(SignedInWith::SecurityKey));
    assert_eq!(
        logged(&app, &session, EventKind::SignedInWithSecurityKey)
            .await
            .as_deref(),
        Some("Blue key")
    );
    app.verify_2fa_key(&pending, &check.ceremony, &credential)
        .await
        .refused(ResultCode::NotSignedIn);
}

/// A browser that lost SignIn's ceremony (a reload) asks for a new one with
/// the pending session; the answer may come as its JSON text, as a form
/// field carries it.
#[tokio::test]
async fn a_new_check_for_the_pending_session_and_an_answer_as_text_sign_in() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;

    // Act
    let check = app
        .start_2fa_key_check(&pending)
        .await
        .expect("Start2FAKeyCheck with the pending session");
    let credential = ada.key.get(&check.options).await;
    let as_text = Value::String(credential.to_string());
    let signed_in = app
        .verify_2fa_key(&pending, &check.ceremony, &as_text)
        .await;

    // Assert
    let session = signed_in
        .expect("Verify2FAKey")
        .session
        .expect("token in body");
    app.get_account(&session).await.expect("a full session");
}

/// An account with a security key and a passkey: the owner may have either
/// at hand, and either answers SignIn's check.
#[tokio::test]
async fn with_a_security_key_and_a_passkey_either_signs_in() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    app.stepped_up_with_key(&ada.session, PASSWORD, &mut ada.key)
        .await;
    let mut passkey = app.soft_key();
    app.add_key(
        &ada.session,
        &mut passkey,
        KeyKind::Passkey,
        Proof::default(),
        "Laptop",
    )
    .await
    .expect("a passkey beside the key");

    // Act
    let with_the_key = app.signed_in_with_key("ada", PASSWORD, &mut ada.key).await;
    let with_the_passkey = app.signed_in_with_key("ada", PASSWORD, &mut passkey).await;

    // Assert
    app.get_account(&with_the_key)
        .await
        .expect("a full session");
    app.get_account(&with_the_passkey)
        .await
        .expect("a full session");
}

/// Start2FAKeyCheck for an account without keys says so: a code it is.
#[tokio::test]
async fn an_account_without_keys_is_told_to_use_a_code() {
    // Arrange
    let app = TestApp::spawn();
    app.enrolled("ada", PASSWORD).await;
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let pending = offered.session.clone().expect("the pending session");

    // Act
    let refused = app.start_2fa_key_check(&pending).await;

    // Assert
    assert!(offered.security_key.is_none(), "no key to offer");
    assert!(offered.authenticator_app);
    refused.refused(ResultCode::NoSecurityKeys);
}
