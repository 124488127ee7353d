//! Passkeys: a key added as one (discoverable, verifying its user) signs
//! in alone, as both factors, with no login typed; a key added as a second
//! factor never does, even one that keeps its credential discoverable.

use twofold_api::{events::EventKind, security_keys::KeyKind, tokens::SignedInWith, ResultCode};
use twofold_e2e::{Refused, SoftKey, TestApp, PASSWORD};

use super::{events_of, logged, password};

/// The owner adds a passkey, then signs in with it alone: no login, no
/// password. The account keeps its password (for the API) and its
/// recovery codes, and the passkey also answers as a second factor.
#[tokio::test]
async fn a_passkey_signs_in_alone() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let mut passkey = app.soft_key();
    let added = app
        .add_key(
            &session,
            &mut passkey,
            KeyKind::Passkey,
            password(),
            "Laptop",
        )
        .await
        .expect("a passkey added");

    // Act
    let started = app
        .start_passkey_sign_in()
        .await
        .expect("StartPasskeySignIn");
    let credential = passkey.get(&started.options).await;
    let signed_in = app
        .sign_in_with_passkey(&started.ceremony, &credential)
        .await
        .expect("SignInWithPasskey");

    // Assert
    assert_eq!(added.key.kind, KeyKind::Passkey);
    assert!(added.recovery_codes.is_some(), "recovery codes, as ever");
    assert_eq!(
        started.options["userVerification"], "required",
        "a passkey stands for both factors only when it verified its user"
    );
    assert_eq!(signed_in.login, "ada");
    let session = signed_in.session.expect("token in body");
    let account = app.get_account(&session).await.expect("a full session");
    assert!(account.two_factor.enabled);
    let sessions = app.get_sessions(&session).await.expect("GetSessions");
    let this = sessions
        .sessions
        .iter()
        .find(|listed| listed.current)
        .expect("this session is listed");
    assert_eq!(this.signed_in_with, Some(SignedInWith::Passkey));
    assert_eq!(
        logged(&app, &session, EventKind::SignedInWithPasskey)
            .await
            .as_deref(),
        Some("Laptop")
    );
    app.signed_in_with_key("ada", PASSWORD, &mut passkey).await;
}

/// A key added as a second factor sits in a phone that keeps every
/// credential discoverable. A thief with the phone but not the password
/// tries it as a passkey: it is refused, as it stands for one factor only.
#[tokio::test]
async fn a_key_added_as_a_second_factor_does_not_sign_in_alone() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let mut phone = SoftKey::keeping_every_credential(&app.origin());
    app.add_key(
        &session,
        &mut phone,
        KeyKind::SecurityKey,
        password(),
        "Phone",
    )
    .await
    .expect("a security key added");
    let started = app
        .start_passkey_sign_in()
        .await
        .expect("StartPasskeySignIn");

    // Act
    let credential = phone.get(&started.options).await;
    let refused = app
        .sign_in_with_passkey(&started.ceremony, &credential)
        .await;

    // Assert
    refused.refused(ResultCode::KeyRefused);
    assert!(
        events_of(&app, &session, EventKind::SignedInWithPasskey)
            .await
            .is_empty(),
        "no sign-in"
    );
}
