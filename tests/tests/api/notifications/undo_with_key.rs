//! "This wasn't me" with a security key: the undo takes the answer of a
//! key the account had before the change, to a ceremony bound to the
//! notice's link (no session takes part). Stories of an owner whose key
//! puts the account back after a takeover, and of what is refused: a key
//! that was never the account's, a ceremony of another link or of a
//! session, an answer given twice, a link whose account had no key.

use serde_json::{json, Value};
use twofold_api::{
    events::EventKind,
    not_me::{StartUndoKeyCheckRequest, UndoChangeRequest, UndoChangeResponse},
    security_keys::{KeyCeremony, KeyKind, SecurityKeyInfo},
    ApiError, Method, ResultCode,
};
use twofold_e2e::{
    authenticator::SoftKey, smtp_sink::SmtpSink, Authenticator, Proof, Refused, TestApp, PASSWORD,
};

use super::not_me::{ada_with_2fa, link_of, report, thief_signs_in, undo, ADA};
use super::support::mailing_to;

/// StartUndoKeyCheck.
async fn start_check(app: &TestApp, link: &str) -> Result<KeyCeremony, ApiError> {
    let body = StartUndoKeyCheckRequest {
        link: link.to_owned(),
    };
    app.call(Method::StartUndoKeyCheck, None, &body).await
}

/// UndoChange with a key's `credential` answering `ceremony`.
async fn undo_with(
    app: &TestApp,
    link: &str,
    ceremony: &str,
    credential: &Value,
) -> Result<UndoChangeResponse, ApiError> {
    let body = UndoChangeRequest {
        link: link.to_owned(),
        code: None,
        ceremony: Some(ceremony.to_owned()),
        credential: Some(credential.clone()),
    };
    app.call(Method::UndoChange, None, &body).await
}

/// Ada with 2FA on by her app, a confirmed address and a security key
/// added beside the app: her session, app, key and the key's record.
async fn ada_with_app_and_key(
    app: &TestApp,
    sink: &SmtpSink,
) -> (String, Authenticator, SoftKey, SecurityKeyInfo) {
    let (ada, mut phone, _codes) = ada_with_2fa(app, sink).await;
    let mut key = app.soft_key();
    let code = phone.next_code().await;
    let added = app
        .add_key(
            &ada,
            &mut key,
            KeyKind::SecurityKey,
            Proof::with_code(PASSWORD, &code),
            "Blue key",
        )
        .await
        .expect("Ada adds her key")
        .key;
    (ada, phone, key, added)
}

/// Story: Ada has her authenticator app and a security key. A thief with
/// her password and codes relayed by a phishing page signs in and turns
/// 2FA off, which takes the key away too. Ada, without her phone, follows
/// the link in the mail: the page offers her key; its answer puts her
/// password, app and key back, and she signs in with the key again. A key
/// that was never hers, and her own key's answer replayed, are refused.
#[tokio::test]
async fn the_owner_undoes_a_takeover_with_a_key_from_before_the_change() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let (_ada, mut phone, mut key, _) = ada_with_app_and_key(&app, &sink).await;
    let thief = thief_signs_in(&app, &mut phone).await;
    let relayed = phone.next_code().await;
    app.disable_2fa_with(&thief, Proof::with_code(PASSWORD, &relayed))
        .await
        .expect("the thief turns 2FA off");
    let link = link_of(&sink, ADA, EventKind::TwoFactorDisabled).await;
    let mut mallory = app.key_owner("mallory", PASSWORD).await;

    // Act
    let reported = report(&app, &link).await.expect("ReportNotMe");
    let mut strangers_check = start_check(&app, &link).await.expect("StartUndoKeyCheck");
    strangers_check.options["allowCredentials"] = allow(&mallory.key.credential_ids());
    let strangers_answer = mallory.key.get(&strangers_check.options).await;
    let stranger = undo_with(&app, &link, &strangers_check.ceremony, &strangers_answer).await;
    let check = start_check(&app, &link).await.expect("StartUndoKeyCheck");
    let answer = key.get(&check.options).await;
    let undone = undo_with(&app, &link, &check.ceremony, &answer)
        .await
        .expect("UndoChange with the key");
    let replayed = undo_with(&app, &link, &check.ceremony, &answer).await;
    let thief_after = app.get_account(&thief).await;
    let back_in = app.signed_in_with_key("ada", PASSWORD, &mut key).await;
    let account = app.get_account(&back_in).await.expect("GetAccount");

    // Assert
    let offer = reported.undo.expect("the link can undo");
    assert!(offer.security_keys && offer.authenticator_app, "{offer:?}");
    stranger.refused(ResultCode::KeyRefused);
    assert_eq!(undone.change, EventKind::TwoFactorDisabled);
    assert_eq!(undone.recovery_codes_left, 10, "no recovery code was spent");
    replayed.refused(ResultCode::NotMeLinkUsed);
    thief_after.refused(ResultCode::NotSignedIn);
    assert!(account.two_factor.enabled);
    let names: Vec<_> = account
        .two_factor
        .security_keys
        .iter()
        .map(|key| key.name.as_str())
        .collect();
    assert_eq!(names, ["Blue key"]);
}

/// Story: the thief removes Ada's key, then turns 2FA off; the two
/// notices carry two links. Only the first can check the key (when 2FA
/// went off there was none left). A key check started for one link does
/// not finish the other's undo, nor does one started for a session's
/// step-up; the removal's link's own check then puts the account back as
/// it was before the removal. The link of a change that cannot be undone
/// (2FA turned on) starts none.
#[tokio::test]
async fn a_key_check_finishes_only_the_undo_of_its_own_link() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let (_ada, mut phone, mut key, added) = ada_with_app_and_key(&app, &sink).await;
    let thief = thief_signs_in(&app, &mut phone).await;
    let sessions_check = app
        .start_2fa_key_check(&thief)
        .await
        .expect("a step-up check of the thief's session");
    let relayed = phone.next_code().await;
    app.remove_2fa_key(&thief, added.id, Proof::with_code(PASSWORD, &relayed))
        .await
        .expect("the thief removes the key");
    let relayed = phone.next_code().await;
    app.disable_2fa_with(&thief, Proof::with_code(PASSWORD, &relayed))
        .await
        .expect("the thief turns 2FA off");
    let removed = link_of(&sink, ADA, EventKind::SecurityKeyRemoved).await;
    let disabled = link_of(&sink, ADA, EventKind::TwoFactorDisabled).await;
    let enabled = link_of(&sink, ADA, EventKind::TwoFactorEnabled).await;

    // Act
    let keyless = start_check(&app, &enabled).await;
    let keys_gone = start_check(&app, &disabled).await;
    let others = start_check(&app, &removed)
        .await
        .expect("StartUndoKeyCheck");
    let answer = key.get(&others.options).await;
    let with_anothers = undo_with(&app, &disabled, &others.ceremony, &answer).await;
    let answer = key.get(&sessions_check.options).await;
    let with_sessions = undo_with(&app, &removed, &sessions_check.ceremony, &answer).await;
    let own = start_check(&app, &removed)
        .await
        .expect("StartUndoKeyCheck");
    let answer = key.get(&own.options).await;
    let undone = undo_with(&app, &removed, &own.ceremony, &answer).await;
    let back_in = app.signed_in_with_key("ada", PASSWORD, &mut key).await;

    // Assert
    keyless.refused(ResultCode::NothingToRestore);
    keys_gone.refused(ResultCode::NoSecurityKeys);
    with_anothers.refused(ResultCode::KeyCheckGone);
    with_sessions.refused(ResultCode::KeyCheckGone);
    let undone = undone.expect("the link's own check undoes");
    assert_eq!(undone.change, EventKind::SecurityKeyRemoved);
    let account = app.get_account(&back_in).await.expect("GetAccount");
    assert!(account.two_factor.enabled);
}

/// Story: Ada had only her app when the thief turned 2FA off: the link
/// offers no key, and a key check for it is refused (408), so no answer is
/// ever checked against keys that were not there.
#[tokio::test]
async fn a_link_whose_account_had_no_key_starts_no_key_check() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let (_ada, mut phone, codes) = ada_with_2fa(&app, &sink).await;
    let thief = thief_signs_in(&app, &mut phone).await;
    let relayed = phone.next_code().await;
    app.disable_2fa_with(&thief, Proof::with_code(PASSWORD, &relayed))
        .await
        .expect("the thief turns 2FA off");
    let link = link_of(&sink, ADA, EventKind::TwoFactorDisabled).await;

    // Act
    let reported = report(&app, &link).await.expect("ReportNotMe");
    let check = start_check(&app, &link).await;
    let with_code = undo(&app, &link, &codes[2]).await;

    // Assert
    let offer = reported.undo.expect("the link can undo with a code");
    assert!(!offer.security_keys && offer.authenticator_app, "{offer:?}");
    check.refused(ResultCode::NoSecurityKeys);
    with_code.expect("a recovery code from before still undoes");
}

/// `allowCredentials` naming `ids` (base64url), as a page's script could
/// set it.
fn allow(ids: &[String]) -> Value {
    ids.iter()
        .map(|id| json!({ "type": "public-key", "id": id }))
        .collect()
}
