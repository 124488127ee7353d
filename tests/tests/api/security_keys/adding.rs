//! Adding keys: the first second factor turns 2FA on with recovery codes,
//! as Enable2FA does; a key beside the app adds to it; adding wants the
//! step-up every sensitive change wants; a key already added is refused.

use twofold_api::{events::EventKind, security_keys::KeyKind, ResultCode};
use twofold_e2e::{
    api::unix_now, authenticator::resent_registration, Proof, Refused, SoftKey, TestApp, PASSWORD,
};

use super::{logged, password};

/// The owner has no second factor yet and adds a security key: 2FA turns
/// on, the recovery codes come back, other sessions (a thief's, perhaps)
/// end, and the log and the account show the key.
#[tokio::test]
async fn a_first_key_turns_two_factor_on_with_recovery_codes() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let other = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session: 2FA is off");
    let mut key = app.soft_key();

    // Act
    let setup = app
        .setup_2fa_key(&session, KeyKind::SecurityKey, password())
        .await
        .expect("Setup2FAKey with the password");
    let credential = key.create(&setup.options).await;
    let added = app
        .enable_2fa_key(&session, &setup.ceremony, &credential, "Blue key")
        .await
        .expect("Enable2FAKey");

    // Assert
    let now = unix_now();
    assert!(
        (now + 280..=now + 310).contains(&setup.expires_at),
        "a ceremony lasts five minutes: {} at {now}",
        setup.expires_at
    );
    assert_eq!(added.key.name, "Blue key");
    assert_eq!(added.key.kind, KeyKind::SecurityKey);
    assert_eq!(added.key.last_used_at, None);
    let codes = added.recovery_codes.expect("the first factor brings codes");
    assert!(codes.viewable && codes.left > 0, "{codes:?}");
    assert_eq!(codes.unused_codes().len(), codes.left as usize);
    let account = app.get_account(&session).await.expect("GetAccount");
    assert!(account.two_factor.enabled, "a key is a second factor");
    assert!(!account.two_factor.authenticator_app);
    assert_eq!(account.two_factor.security_keys, vec![added.key]);
    app.get_account(&other)
        .await
        .refused(ResultCode::NotSignedIn);
    assert_eq!(
        logged(&app, &session, EventKind::SecurityKeyAdded)
            .await
            .as_deref(),
        Some("Blue key")
    );
}

/// A thief holding a session (and even the password) cannot add a key of
/// their own to an account with 2FA on: that wants a second factor.
#[tokio::test]
async fn adding_a_key_wants_the_password_and_with_two_factor_on_a_second_factor() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("bob", PASSWORD).await;
    let fresh = app
        .sign_in("bob", PASSWORD)
        .await
        .expect("sign in")
        .session
        .expect("a full session that confirmed nothing");
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let stolen = app.signed_in_with_key("ada", PASSWORD, &mut ada.key).await;

    // Act
    let without_password = app
        .setup_2fa_key(&fresh, KeyKind::SecurityKey, Proof::default())
        .await;
    let without_second_factor = app
        .setup_2fa_key(&stolen, KeyKind::SecurityKey, password())
        .await;

    // Assert
    without_password.refused(ResultCode::PasswordConfirmationRequired);
    without_second_factor.refused(ResultCode::SecondFactorConfirmationRequired);
    let account = app.get_account(&stolen).await.expect("GetAccount");
    assert_eq!(account.two_factor.security_keys.len(), 1, "no key added");
}

/// An old security key has no PIN and keeps no passkeys: it is added as a
/// second factor and signs in all the same.
#[tokio::test]
async fn a_plain_key_without_a_pin_is_added_and_signs_in() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let mut key = SoftKey::plain(&app.origin());

    // Act
    let added = app
        .add_key(
            &session,
            &mut key,
            KeyKind::SecurityKey,
            password(),
            "Old key",
        )
        .await;
    let signed_in = app.signed_in_with_key("ada", PASSWORD, &mut key).await;

    // Assert
    assert_eq!(added.expect("Enable2FAKey").key.kind, KeyKind::SecurityKey);
    app.get_account(&signed_in).await.expect("a full session");
}

/// The owner has the app and adds a key: nothing ends (2FA was on), no new
/// recovery codes, and SignIn offers the key and says the app's codes are
/// taken too.
#[tokio::test]
async fn a_key_added_beside_the_app_keeps_sessions_and_both_are_offered() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let other = app
        .signed_in_with_recovery_code("ada", PASSWORD, &ada.recovery_codes[0])
        .await;
    let code = ada.phone.next_code().await;
    app.step_up(&ada.session, PASSWORD, Some(&code))
        .await
        .expect("a step-up with a code");
    let mut key = app.soft_key();

    // Act
    let added = app
        .add_key(
            &ada.session,
            &mut key,
            KeyKind::SecurityKey,
            Proof::default(),
            "Blue key",
        )
        .await
        .expect("a key beside the app");
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");

    // Assert
    assert!(
        added.recovery_codes.is_none(),
        "the codes stay as they were"
    );
    app.get_account(&other).await.expect("other sessions stay");
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert!(account.two_factor.authenticator_app);
    assert_eq!(account.two_factor.security_keys, vec![added.key]);
    assert!(offered.two_factor_required);
    assert!(offered.authenticator_app, "the app's codes are taken");
    assert!(offered.security_key.is_some(), "the key is offered first");
    let pending = offered.session.expect("the pending session");
    app.verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .expect("a code from the app still signs in");
}

/// Two set-ups open at once (two tabs), and the answer that added a key to
/// the first sent again for the second, as a key that ignores
/// `excludeCredentials` would: the key is already there.
#[tokio::test]
async fn the_same_key_added_twice_is_refused() {
    // Arrange: 2FA on with a first key; two set-ups for a second one.
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    app.stepped_up_with_key(&ada.session, PASSWORD, &mut ada.key)
        .await;
    let first = app
        .setup_2fa_key(&ada.session, KeyKind::SecurityKey, Proof::default())
        .await
        .expect("a first set-up");
    let second = app
        .setup_2fa_key(&ada.session, KeyKind::SecurityKey, Proof::default())
        .await
        .expect("a second set-up");
    let mut key = app.soft_key();
    let credential = key.create(&first.options).await;
    app.enable_2fa_key(&ada.session, &first.ceremony, &credential, "Green key")
        .await
        .expect("the second key added");

    // Act
    let again = resent_registration(&credential, &second.options, &app.origin());
    let refused = app
        .enable_2fa_key(&ada.session, &second.ceremony, &again, "Green key again")
        .await;

    // Assert
    refused.refused(ResultCode::KeyAlreadyAdded);
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    let names: Vec<&str> = account
        .two_factor
        .security_keys
        .iter()
        .map(|key| key.name.as_str())
        .collect();
    assert_eq!(names, ["Blue key", "Green key"]);
}
