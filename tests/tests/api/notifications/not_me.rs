//! "This wasn't me": the link in each notice ends every session and token
//! of the account, and for a change that took a credential away it puts
//! the account back, but only with a code from before the change. Stories
//! of a thief with the password and relayed codes, of an owner who had no
//! second factor, of a used, expired, forged and moved link, and of
//! guesses racing one link.

use std::sync::Arc;

use twofold_api::{
    events::EventKind,
    lists::Selection,
    not_me::{ReportNotMeRequest, ReportNotMeResponse, UndoChangeRequest, UndoChangeResponse},
    ApiError, Method, ResultCode,
};
use twofold_e2e::{
    api::unix_now, smtp_sink::SmtpSink, Authenticator, Proof, Refused, TestApp, PASSWORD,
};

use super::mail::{mails_to, subject, text};
use super::support::{confirmed, mailing_to, two_factor_on, WITH_PASSWORD};

pub(super) const ADA: &str = "ada@example.com";
const BOB: &str = "bob@example.com";
const THIEFS_PASSWORD: &str = "the thief's own passphrase";

/// ReportNotMe.
pub(super) async fn report(app: &TestApp, link: &str) -> Result<ReportNotMeResponse, ApiError> {
    let body = ReportNotMeRequest {
        link: link.to_owned(),
    };
    app.call(Method::ReportNotMe, None, &body).await
}

/// UndoChange.
pub(super) async fn undo(
    app: &TestApp,
    link: &str,
    code: &str,
) -> Result<UndoChangeResponse, ApiError> {
    let body = UndoChangeRequest {
        link: link.to_owned(),
        code: Some(code.to_owned()),
        ceremony: None,
        credential: None,
    };
    app.call(Method::UndoChange, None, &body).await
}

/// The link in the notice of `kind` mailed to `address` (waiting for it).
pub(super) async fn link_of(sink: &SmtpSink, address: &str, kind: EventKind) -> String {
    let what = format!("the notice of {kind:?} to {address}");
    let names = |mail: &twofold_e2e::smtp_sink::Mail| {
        mail.to.iter().any(|to| to == address) && subject(mail).contains(kind.describe())
    };
    let mails = sink.wait_for(&what, |mails| mails.iter().any(names)).await;
    let mail = mails.iter().find(|mail| names(mail)).expect("the notice");
    let body = text(mail);
    let start = body
        .find("/not-me#")
        .unwrap_or_else(|| panic!("a link in {body}"));
    body[start + "/not-me#".len()..]
        .lines()
        .next()
        .expect("the link's line")
        .trim()
        .to_owned()
}

/// Ada with 2FA on and a confirmed address: her session, her app and her
/// recovery codes.
pub(super) async fn ada_with_2fa(
    app: &TestApp,
    sink: &SmtpSink,
) -> (String, Authenticator, Vec<String>) {
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(app, sink, &session, ADA, WITH_PASSWORD).await;
    let (phone, _, codes) = two_factor_on(app, &session).await;
    (session, phone, codes)
}

/// A thief who phished the password and relays two codes from Ada's app
/// (one to sign in, one for the step-up): their full session.
pub(super) async fn thief_signs_in(app: &TestApp, phone: &mut Authenticator) -> String {
    let pending = app.pending("ada", PASSWORD).await;
    let code = phone.next_code().await;
    app.verify_2fa_code(&pending, &code)
        .await
        .expect("Verify2FACode")
        .session
        .session
        .expect("a full session")
}

/// Story: a thief with Ada's password and codes relayed by a phishing page
/// signs in, turns 2FA off, changes the password and mints a token. Ada
/// follows the link in the mail about 2FA: every session and token of the
/// thief is dead; with one of her recovery codes her old password and her
/// authenticator app are back; the thief's password no longer works; the
/// link then does nothing more, and the log and her mail say what happened.
#[tokio::test]
async fn the_owner_undoes_a_takeover_with_a_recovery_code_from_the_mail() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let (ada, mut phone, codes) = ada_with_2fa(&app, &sink).await;
    let thief = thief_signs_in(&app, &mut phone).await;
    let relayed = phone.next_code().await;
    app.disable_2fa_with(&thief, Proof::with_code(PASSWORD, &relayed))
        .await
        .expect("the thief turns 2FA off");
    let token = app
        .token(&thief, "thief's script", &["GetAccount"])
        .await
        .key
        .expect("the token's value");
    app.change_password(&thief, PASSWORD, THIEFS_PASSWORD, None)
        .await
        .expect("the thief changes the password");
    let link = link_of(&sink, ADA, EventKind::TwoFactorDisabled).await;

    // Act
    let reported = report(&app, &link).await.expect("ReportNotMe");
    let thief_after_report = app.get_account(&thief).await;
    let token_after_report = app.get_account(&token).await;
    let wrong = undo(&app, &link, &phone.wrong_code()).await;
    let undone = undo(&app, &link, &codes[0]).await.expect("UndoChange");
    let thiefs_password = app.sign_in("ada", THIEFS_PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let code = phone.next_code().await;
    let back_in = app
        .verify_2fa_code(&pending, &code)
        .await
        .expect("the authenticator app again")
        .session
        .session
        .expect("a full session");
    let spent_code = app.pending("ada", PASSWORD).await;
    let spent = app.verify_2fa_code(&spent_code, &codes[0]).await;
    let again = undo(&app, &link, &codes[1]).await;
    let reported_again = report(&app, &link).await;
    let events = app
        .get_events(&back_in, Some(100), None)
        .await
        .expect("GetEvents");

    // Assert
    assert_eq!(reported.change, EventKind::TwoFactorDisabled);
    assert!(!reported.already_reported);
    assert_eq!(reported.tokens_deleted, 1, "the thief's token");
    let offer = reported.undo.expect("the change can be undone");
    assert!(offer.authenticator_app);
    assert_eq!(offer.tries_left, 5);
    thief_after_report.refused(ResultCode::NotSignedIn);
    app.get_account(&ada).await.refused(ResultCode::NotSignedIn);
    assert!(token_after_report.is_err(), "the thief's token is dead");
    assert_eq!(
        wrong.refused(ResultCode::InvalidCode).attempts_left,
        Some(4)
    );
    assert_eq!(undone.change, EventKind::TwoFactorDisabled);
    assert_eq!(undone.recovery_codes_left, 9);
    thiefs_password.refused(ResultCode::InvalidCredentials);
    assert!(
        app.get_account(&back_in)
            .await
            .expect("GetAccount")
            .two_factor
            .enabled,
        "2FA is on again"
    );
    spent.refused(ResultCode::InvalidCode);
    again.refused(ResultCode::NotMeLinkUsed);
    reported_again.refused(ResultCode::NotMeLinkUsed);
    let kinds: Vec<EventKind> = events.events.iter().map(|e| e.kind).collect();
    for kind in [EventKind::ReportedNotMe, EventKind::ChangeUndone] {
        assert!(kinds.contains(&kind), "{kind:?} is logged: {kinds:?}");
    }
    for kind in [EventKind::ReportedNotMe, EventKind::ChangeUndone] {
        link_of(&sink, ADA, kind).await;
    }
    for mail in mails_to(&sink, ADA) {
        let body = text(&mail);
        for secret in [PASSWORD, THIEFS_PASSWORD, codes[0].as_str(), token.as_str()] {
            assert!(!body.contains(secret), "{} holds a secret", subject(&mail));
        }
    }
}

/// Story: Ada never turned 2FA on. A thief with her password changes it.
/// The link in the mail ends the thief's session, but nothing can be put
/// back: no code from before the change could prove it is Ada.
#[tokio::test]
async fn without_an_earlier_factor_the_link_only_ends_sessions() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let ada = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &ada, ADA, WITH_PASSWORD).await;
    let thief = app
        .sign_in("ada", PASSWORD)
        .await
        .expect("SignIn")
        .session
        .expect("a full session");
    app.change_password(&thief, PASSWORD, THIEFS_PASSWORD, None)
        .await
        .expect("ChangePassword");
    let link = link_of(&sink, ADA, EventKind::PasswordChanged).await;

    // Act
    let reported = report(&app, &link).await.expect("ReportNotMe");
    let thief_after = app.get_account(&thief).await;
    let undone = undo(&app, &link, "aaaaa-bbbbb").await;

    // Assert
    assert_eq!(reported.change, EventKind::PasswordChanged);
    assert_eq!(reported.undo, None, "nothing to put back");
    thief_after.refused(ResultCode::NotSignedIn);
    undone.refused(ResultCode::NothingToRestore);
}

/// Story: links are refused when made up, altered, moved to another
/// account, or expired (72 hours), and none of them touches an account.
#[tokio::test]
async fn a_forged_moved_or_expired_link_does_nothing() {
    // Arrange
    let sink = SmtpSink::start().await;
    let (app, clock) = TestApp::spawn_with_clock(mailing_to(&sink));
    let (ada, _phone, _codes) = ada_with_2fa(&app, &sink).await;
    let bob = app.signed_up("bob", PASSWORD).await;
    confirmed(&app, &sink, &bob, BOB, WITH_PASSWORD).await;
    app.sign_out_sessions(&bob, Selection::All)
        .await
        .expect("SignOutSessions");
    let adas = link_of(&sink, ADA, EventKind::TwoFactorEnabled).await;
    let bobs = link_of(&sink, BOB, EventKind::SessionsSignedOut).await;
    let (bobs_user, _) = bobs.split_once('-').expect("a user part");
    let (_, adas_rest) = adas.split_once('-').expect("a user part");
    let moved = format!("{bobs_user}-{adas_rest}");
    let mut altered = adas.clone();
    let last = altered.pop().expect("a character");
    altered.push(if last == '0' { '1' } else { '0' });

    // Act
    let invented = format!("{}-1-{}-{}", "a".repeat(32), "0".repeat(17), "0".repeat(64));
    let made_up = report(&app, &invented).await;
    let altered = report(&app, &altered).await;
    let moved = report(&app, &moved).await;
    let malformed = report(&app, "not a link").await;
    let ada_after = app.get_account(&ada).await;
    let bob_after = app.get_account(&bob).await;
    let adas_token = app
        .token(&ada, "Ada's script", &["GetAccount"])
        .await
        .key
        .expect("the token's value");
    clock.advance(72 * 3600);
    let expired = report(&app, &adas).await;
    let token_after_expired = app.get_account(&adas_token).await;

    // Assert
    made_up.refused(ResultCode::NotMeLinkInvalid);
    altered.refused(ResultCode::NotMeLinkInvalid);
    moved.refused(ResultCode::NotMeLinkInvalid);
    assert_eq!(
        malformed
            .refused(ResultCode::InvalidParameter)
            .parameter
            .as_deref(),
        Some("link")
    );
    expired.refused(ResultCode::NotMeLinkExpired);
    ada_after.expect("Ada is still signed in");
    bob_after.expect("Bob is still signed in");
    token_after_expired.expect("an expired link deletes no token");
}

/// Story: someone who holds only the mailbox races twenty guesses at the
/// undo: five codes are checked in all, the rest are refused unread, and
/// afterwards even the right code is refused; the account keeps its
/// credentials as the change left them.
#[tokio::test]
async fn racing_guesses_at_an_undo_get_five_checks_in_all() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let (ada, mut phone, codes) = ada_with_2fa(&app, &sink).await;
    let code = phone.next_code().await;
    app.disable_2fa_with(&ada, Proof::with_code(PASSWORD, &code))
        .await
        .expect("Disable2FA");
    let link = link_of(&sink, ADA, EventKind::TwoFactorDisabled).await;
    let now = unix_now();
    let valid: Vec<String> = [now - 30, now, now + 30, now + 60]
        .iter()
        .map(|&at| phone.code_at(at))
        .collect();
    let guesses: Vec<String> = (100_000..)
        .map(|n: u32| n.to_string())
        .filter(|guess| !valid.contains(guess))
        .take(20)
        .collect();
    let app = Arc::new(app);

    // Act
    let mut racing = tokio::task::JoinSet::new();
    for guess in guesses {
        let (app, link) = (app.clone(), link.clone());
        racing.spawn(async move { undo(&app, &link, &guess).await });
    }
    let answers = racing.join_all().await;
    let right_too_late = undo(&app, &link, &codes[0]).await;
    let account = app.get_account(&ada).await;

    // Assert
    let count = |code| {
        answers
            .iter()
            .filter(|answer| answer.as_ref().err().map(|e| e.result) == Some(code))
            .count()
    };
    assert_eq!(count(ResultCode::InvalidCode), 5, "{answers:?}");
    assert_eq!(count(ResultCode::UndoTriesUsed), 15, "{answers:?}");
    right_too_late.refused(ResultCode::UndoTriesUsed);
    let account = account.expect("Ada's own session survives guesses");
    assert!(!account.two_factor.enabled, "nothing was put back");
}
