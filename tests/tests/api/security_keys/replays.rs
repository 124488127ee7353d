//! Answers refused for when they come: replayed, to a ceremony already
//! answered, after the ceremony's five minutes, or from a copy of a key
//! whose signature counter fell behind the original's.

use twofold_api::{events::EventKind, security_keys::KeyKind, ResultCode};
use twofold_e2e::{Proof, Refused, ServerOptions, TestApp, PASSWORD};

use super::{events_of, logged};

/// A ceremony's lifetime, in seconds.
const CEREMONY_SECONDS: u64 = 300;

/// An eavesdropper captured the answer the owner's key gave a step-up.
/// Sent again with the same ceremony it finds the ceremony spent (305);
/// sent to a new ceremony, its challenge is not that one's (304). Replayed
/// to a sign-in's ceremony, it is refused the same way.
#[tokio::test]
async fn a_replayed_answer_is_refused() {
    // Arrange: the owner steps up with the key; the answer is captured.
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let check = app
        .start_2fa_key_check(&ada.session)
        .await
        .expect("Start2FAKeyCheck");
    let captured = ada.key.get(&check.options).await;
    app.step_up_with_key(&ada.session, PASSWORD, &check.ceremony, &captured)
        .await
        .expect("the owner's step-up");

    // Act
    let same_ceremony = app
        .step_up_with_key(&ada.session, PASSWORD, &check.ceremony, &captured)
        .await;
    let new_check = app
        .start_2fa_key_check(&ada.session)
        .await
        .expect("a new check");
    let new_ceremony = app
        .step_up_with_key(&ada.session, PASSWORD, &new_check.ceremony, &captured)
        .await;
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let pending = offered.session.expect("a pending session");
    let sign_in_check = offered.security_key.expect("a key check");
    let at_sign_in = app
        .verify_2fa_key(&pending, &sign_in_check.ceremony, &captured)
        .await;

    // Assert
    same_ceremony.refused(ResultCode::KeyCheckGone);
    new_ceremony.refused(ResultCode::KeyRefused);
    at_sign_in.refused(ResultCode::KeyRefused);
    assert!(
        events_of(&app, &ada.session, EventKind::SignedInWithSecurityKey)
            .await
            .is_empty(),
        "no sign-in"
    );
}

/// A ceremony takes one answer: a second, fresh one from the key (a
/// double-click, or a race with a relayed answer) finds it spent, for a
/// step-up and for adding a key alike.
#[tokio::test]
async fn a_ceremony_is_answered_once() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let check = app
        .start_2fa_key_check(&ada.session)
        .await
        .expect("Start2FAKeyCheck");
    let first = ada.key.get(&check.options).await;
    app.step_up_with_key(&ada.session, PASSWORD, &check.ceremony, &first)
        .await
        .expect("the first answer");
    let setup = app
        .setup_2fa_key(&ada.session, KeyKind::SecurityKey, Proof::default())
        .await
        .expect("Setup2FAKey on the step-up");
    let mut spare = app.soft_key();
    let added = spare.create(&setup.options).await;
    app.enable_2fa_key(&ada.session, &setup.ceremony, &added, "Spare key")
        .await
        .expect("the spare key added");

    // Act
    let second = ada.key.get(&check.options).await;
    let step_up_again = app
        .step_up_with_key(&ada.session, PASSWORD, &check.ceremony, &second)
        .await;
    let mut third_key = app.soft_key();
    let another = third_key.create(&setup.options).await;
    let setup_again = app
        .enable_2fa_key(&ada.session, &setup.ceremony, &another, "Third key")
        .await;

    // Assert
    step_up_again.refused(ResultCode::KeyCheckGone);
    setup_again.refused(ResultCode::KeyCheckGone);
    let account = app.get_account(&ada.session).await.expect("GetAccount");
    assert_eq!(account.two_factor.security_keys.len(), 2);
}

/// An answer given after the ceremony's five minutes is refused (a key
/// left waiting, or an answer held back to be used later), at a step-up
/// and at a passkey sign-in.
#[tokio::test]
async fn an_answer_after_the_ceremony_expired_is_refused() {
    // Arrange
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::default());
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let mut passkey = app.soft_key();
    app.stepped_up_with_key(&ada.session, PASSWORD, &mut ada.key)
        .await;
    app.add_key(
        &ada.session,
        &mut passkey,
        KeyKind::Passkey,
        Proof::default(),
        "Laptop",
    )
    .await
    .expect("a passkey");
    let check = app
        .start_2fa_key_check(&ada.session)
        .await
        .expect("Start2FAKeyCheck");
    let sign_in = app
        .start_passkey_sign_in()
        .await
        .expect("StartPasskeySignIn");

    // Act
    clock.advance(CEREMONY_SECONDS + 1);
    let late_step_up = passkey.get(&check.options).await;
    let late_sign_in = passkey.get(&sign_in.options).await;
    let step_up = app
        .step_up_with_key(&ada.session, PASSWORD, &check.ceremony, &late_step_up)
        .await;
    let signed_in = app
        .sign_in_with_passkey(&sign_in.ceremony, &late_sign_in)
        .await;

    // Assert
    step_up.refused(ResultCode::KeyCheckGone);
    signed_in.refused(ResultCode::KeyCheckGone);
    assert!(check.expires_at < clock.now(), "the check had expired");
}

/// Someone copied the owner's key and the owner kept using the original:
/// the copy's signature counter is behind the account's. Its answer is
/// refused, and the log says the key may have been copied, naming it.
#[tokio::test]
async fn a_copied_key_whose_counter_fell_behind_is_refused_and_logged() {
    // Arrange: the copy is taken now; the original signs in twice more.
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let mut copy = ada.key.clone();
    for _ in 0..2 {
        app.signed_in_with_key("ada", PASSWORD, &mut ada.key).await;
    }
    let id = ada.key.credential_ids().remove(0);
    assert!(copy.counter(&id) < ada.key.counter(&id), "the copy lags");

    // Act
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let pending = offered.session.expect("a pending session");
    let check = offered.security_key.expect("a key check");
    let credential = copy.get(&check.options).await;
    let refused = app
        .verify_2fa_key(&pending, &check.ceremony, &credential)
        .await;

    // Assert
    refused.refused(ResultCode::KeyCloneSuspected);
    assert_eq!(
        logged(&app, &ada.session, EventKind::SecurityKeyCloneSuspected)
            .await
            .as_deref(),
        Some("Blue key")
    );
    assert_eq!(
        events_of(&app, &ada.session, EventKind::SignedInWithSecurityKey)
            .await
            .len(),
        2,
        "only the original's sign-ins"
    );
}
