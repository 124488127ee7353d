//! Security notices by mail, against a real twofold-local delivering to an
//! SMTP sink in the test: the owner's address is set behind a step-up and
//! confirmed by a code mailed to it; every mailed change sends exactly one
//! notice there, saying what, when and from where, and holding no secret;
//! a refused change sends nothing; a guesser's 100 codes send two mails; a
//! notice written before a crash arrives once after it; and a new address
//! is told to the old one.

mod bounces;
mod mail;
mod new_browser;
mod not_me;
mod support;
mod time_zone;
mod token_expiry;
mod undo_with_key;

use std::time::Duration;

use mail::{leak, mailed_code, mails_to, nth_mail_to, subject, subjects, text, utc, Secret};
use support::{
    assert_names, confirm_address, confirmed, is_test_notice, mailing_to, mails_since, other_than,
    send_test_notice, set_address, smtp_url, two_factor_on, wrong_code_at, SETTLE, WITH_PASSWORD,
};
use twofold_api::{events::EventKind, ResultCode};
use twofold_e2e::{
    api::unix_now, smtp_sink::SmtpSink, Proof, Refused, ServerOptions, TestApp, PASSWORD,
};

/// Ada's address for notices.
const ADA: &str = "ada@example.com";
/// Another address of Ada's.
const ADA_AT_WORK: &str = "ada@work.example";
const NEW_PASSWORD: &str = "a brand new passphrase";

/// Story: Ada gives an address for security notices. Without a fresh
/// password the server refuses; with it, a six-digit code is mailed to
/// that address (and only there), a mistyped code says how many tries
/// are left, and the right one makes the address the verified one, as
/// GetAccount shows. Setting and confirming mail nothing else.
#[tokio::test]
async fn an_address_is_confirmed_by_the_code_mailed_to_it() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let without_step_up = set_address(&app, &session, ADA, Proof::default()).await;
    let malformed = set_address(&app, &session, "ada at example.com", WITH_PASSWORD).await;
    let asked_at = unix_now();
    let set = set_address(&app, &session, ADA, WITH_PASSWORD)
        .await
        .expect("SetNotificationEmail with the password");
    let answered_at = unix_now();
    let code_mail = nth_mail_to(&sink, ADA, 0).await;
    let code = mailed_code(&code_mail);
    let mistyped = confirm_address(&app, &session, &other_than(&code)).await;
    let confirmed = confirm_address(&app, &session, &code)
        .await
        .expect("ConfirmNotificationEmail");
    let account = app.get_account(&session).await.expect("GetAccount");
    let mails = mails_since(&app, &sink, &session, ADA, 0, SETTLE).await;

    // Assert
    without_step_up.refused(ResultCode::PasswordConfirmationRequired);
    let malformed = malformed.refused(ResultCode::InvalidParameter);
    assert_eq!(malformed.parameter.as_deref(), Some("email"));
    let pending = &set.notification_email;
    assert_eq!(pending.pending.as_deref(), Some(ADA));
    assert_eq!(pending.address, None, "nothing is verified yet");
    let expires_at = pending.pending_expires_at.expect("pendingExpiresAt");
    assert!(
        (asked_at + 15 * 60..=answered_at + 15 * 60).contains(&expires_at),
        "the code is taken for 15 minutes: {expires_at} (asked at {asked_at})"
    );
    assert_eq!(code_mail.to, [ADA], "the code goes to the new address only");
    assert_eq!(code_mail.from, "security@localhost");
    let from = code_mail.header("From").unwrap_or_default();
    assert!(from.contains("security@localhost"), "From: {from}");
    assert_eq!(
        mistyped.refused(ResultCode::InvalidCode).attempts_left,
        Some(4)
    );
    let state = &confirmed.notification_email;
    assert_eq!(state.address.as_deref(), Some(ADA));
    assert!(state.verified_at.is_some_and(|at| at >= asked_at));
    assert_eq!(
        (state.pending.as_deref(), state.pending_expires_at),
        (None, None)
    );
    assert_eq!(&account.notification_email, state, "GetAccount shows it");
    assert_eq!(mails, [code_mail], "only the code was mailed");
    assert_eq!(
        sink.mails().iter().filter(|m| !is_test_notice(m)).count(),
        1
    );
}

/// Story: a new address whose code is mistyped five times is dropped
/// (the fifth says so, and the right code no longer works), and the
/// address confirmed before stays the one notices go to.
#[tokio::test]
async fn five_wrong_codes_drop_the_new_address_and_the_confirmed_one_stays() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    set_address(&app, &session, ADA_AT_WORK, WITH_PASSWORD)
        .await
        .expect("SetNotificationEmail");
    let code = mailed_code(&nth_mail_to(&sink, ADA_AT_WORK, 0).await);

    // Act
    let mut wrong = Vec::new();
    for _ in 0..5 {
        wrong.push(confirm_address(&app, &session, &other_than(&code)).await);
    }
    let right_too_late = confirm_address(&app, &session, &code).await;
    let account = app.get_account(&session).await.expect("GetAccount");

    // Assert
    let fifth = wrong.pop().expect("five answers");
    let left: Vec<Option<u32>> = wrong
        .into_iter()
        .map(|answer| answer.refused(ResultCode::InvalidCode).attempts_left)
        .collect();
    assert_eq!(left, [Some(4), Some(3), Some(2), Some(1)]);
    fifth.refused(ResultCode::NoPendingEmail);
    right_too_late.refused(ResultCode::NoPendingEmail);
    let state = account.notification_email;
    assert_eq!(state.address.as_deref(), Some(ADA));
    assert_eq!((state.pending, state.pending_expires_at), (None, None));
}

/// Story: a mailed code is taken for 15 minutes: a wrong one is still
/// counted near the end, and after them even the right one is refused.
#[tokio::test]
async fn a_mailed_code_expires_after_fifteen_minutes() {
    // Arrange
    let sink = SmtpSink::start().await;
    let (app, clock) = TestApp::spawn_with_clock(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    set_address(&app, &session, ADA, WITH_PASSWORD)
        .await
        .expect("SetNotificationEmail");
    let code = mailed_code(&nth_mail_to(&sink, ADA, 0).await);

    // Act
    clock.advance(15 * 60 - 30);
    let near_the_end = confirm_address(&app, &session, &other_than(&code)).await;
    clock.advance(60);
    let expired = confirm_address(&app, &session, &code).await;

    // Assert
    assert_eq!(
        near_the_end.refused(ResultCode::InvalidCode).attempts_left,
        Some(4)
    );
    expired.refused(ResultCode::NoPendingEmail);
    let account = app.get_account(&session).await.expect("GetAccount");
    assert_eq!(account.notification_email.address, None);
}

/// Story: with 2FA on, the address is where Ada learns of a thief. A
/// session that signed in with the password and one code (a thief who
/// relayed a code, or Ada on a new browser) cannot change it with the
/// password alone: the call also wants a second factor of its own.
#[tokio::test]
async fn with_two_factor_on_setting_an_address_also_takes_a_second_factor() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let signed_in = app
        .verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .expect("Verify2FACode")
        .session
        .session
        .expect("a full session");

    // Act
    let password_alone = set_address(&app, &signed_in, ADA, WITH_PASSWORD).await;
    let code = ada.phone.next_code().await;
    let with_a_code = set_address(&app, &signed_in, ADA, Proof::with_code(PASSWORD, &code)).await;

    // Assert
    password_alone.refused(ResultCode::SecondFactorConfirmationRequired);
    let state = with_a_code
        .expect("the password and a code")
        .notification_email;
    assert_eq!(state.pending.as_deref(), Some(ADA));
    mailed_code(&nth_mail_to(&sink, ADA, 0).await);
}

/// Story: with a confirmed address, Ada makes a token, turns 2FA on and
/// off, and changes her password. Each change mails exactly one notice
/// to her address, whose subject names it and whose text says when (in
/// UTC, to the minute of the log's entry) and from which network address.
/// No mail the sink received holds the password (old or new), the
/// session, the token, the TOTP secret, a TOTP code or a recovery code.
#[tokio::test]
async fn each_change_mails_one_notice_saying_what_when_and_from_where_and_no_secret() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    let confirmation = confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;

    // Act: one change at a time, each notice awaited before the next.
    let token = app
        .create_token(&session, PASSWORD, "deploy script", &["GetAccount"], None)
        .await
        .expect("CreateToken")
        .token;
    nth_mail_to(&sink, ADA, 1).await;
    let (mut phone, totp_secret, recovery_codes) = two_factor_on(&app, &session).await;
    nth_mail_to(&sink, ADA, 2).await;
    let disable_code = phone.next_code().await;
    app.disable_2fa_with(&session, Proof::with_code(PASSWORD, &disable_code))
        .await
        .expect("Disable2FA");
    nth_mail_to(&sink, ADA, 3).await;
    app.change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .expect("ChangePassword");
    let notices = mails_since(&app, &sink, &session, ADA, 1, SETTLE).await;
    let events = app.state(&session).await.events;

    // Assert
    let kinds = [
        EventKind::TokenCreated,
        EventKind::TwoFactorEnabled,
        EventKind::TwoFactorDisabled,
        EventKind::PasswordChanged,
    ];
    assert_eq!(notices.len(), kinds.len(), "{:#?}", subjects(&notices));
    for (notice, kind) in notices.iter().zip(kinds) {
        assert_names(notice, kind);
        assert_eq!(notice.to, [ADA]);
        let event = events
            .iter()
            .find(|event| event.kind == kind)
            .unwrap_or_else(|| panic!("{kind:?} is in the log"));
        let words = text(notice);
        assert!(words.contains(&utc(event.at)), "when, in UTC: {words}");
        let ip = event.ip.as_deref().expect("the log has the address");
        assert!(words.contains(ip), "from {ip}: {words}");
    }
    assert!(text(&notices[0]).contains("deploy script"), "which token");
    let token_key = token.key.expect("CreateToken shows the key");
    let mut secrets = vec![
        Secret::Text(PASSWORD.to_owned()),
        Secret::Text(NEW_PASSWORD.to_owned()),
        Secret::Text(session.clone()),
        Secret::Text(token_key),
        Secret::Text(totp_secret),
        Secret::Digits(disable_code),
    ];
    secrets.extend(recovery_codes.into_iter().map(Secret::Text));
    let all = sink.mails();
    assert_eq!(all.len(), 6, "the code, four notices, the test notice");
    for mail in &all {
        for secret in &secrets {
            if let Some(place) = leak(mail, secret) {
                panic!("{secret:?} is in {place} of {:?}", subject(mail));
            }
        }
    }
    let confirmation = Secret::Digits(confirmation);
    assert!(
        leak(&all[0], &confirmation).is_some(),
        "the search finds the code where it belongs"
    );
    for mail in &all[1..] {
        assert_eq!(leak(mail, &confirmation), None, "{:?}", subject(mail));
    }
}

/// Story: a change that is refused (Disable2FA or ChangePassword with a
/// wrong code) changes nothing, and mails nothing: the wrong codes it logs
/// are not mailed on their own.
#[tokio::test]
async fn a_refused_change_mails_nothing() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    let (phone, _, _) = two_factor_on(&app, &session).await;
    nth_mail_to(&sink, ADA, 1).await;
    let before = app.state(&session).await;
    let since = mails_to(&sink, ADA).len();

    // Act
    let disabling = app
        .disable_2fa_with(&session, Proof::with_code(PASSWORD, &phone.wrong_code()))
        .await;
    let changing = app
        .change_password(&session, PASSWORD, NEW_PASSWORD, Some(&phone.wrong_code()))
        .await;
    let mails = mails_since(&app, &sink, &session, ADA, since, SETTLE).await;
    let after = app.state(&session).await;

    // Assert
    disabling.refused(ResultCode::InvalidCode);
    changing.refused(ResultCode::InvalidCode);
    assert!(mails.is_empty(), "no notice: {:#?}", subjects(&mails));
    assert!(after.account.two_factor.enabled, "2FA stays on");
    let logged: Vec<EventKind> = after.events[..after.events.len() - before.events.len()]
        .iter()
        .map(|event| event.kind)
        .collect();
    assert_eq!(
        logged,
        [EventKind::SecondFactorFailed, EventKind::SecondFactorFailed],
        "what the refusals logged"
    );
    app.sign_in("ada", PASSWORD)
        .await
        .expect("the password did not change");
}

/// Story: a guesser holding Ada's password signs in ten times and sends
/// 100 wrong codes within one sign-in window. Ada gets exactly two mails:
/// "someone has your password" (once per window, however often it
/// happens: the log counts the ten) and the lock (once; the refusals
/// while locked are not mailed). Exact, not a bound: the burst starts a
/// second into an hour-long window (the server's clock is moved there),
/// so it never straddles two, and the lock (5 codes, 15 minutes) never
/// ends during it.
#[tokio::test]
async fn a_hundred_wrong_codes_send_exactly_two_mails() {
    // Arrange
    let sink = SmtpSink::start().await;
    let url = smtp_url(&sink);
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::with_env(&[
        ("TWOFOLD_SMTP_URL", &url),
        ("TWOFOLD_SIGN_IN_WINDOW_SECONDS", "3600"),
        // The clock moves up to an hour: Ada's session must outlive it.
        ("TWOFOLD_SESSION_IDLE_SECONDS", "86400"),
    ]));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    let (phone, _, _) = two_factor_on(&app, &session).await;
    nth_mail_to(&sink, ADA, 1).await;
    clock.set(3600 - unix_now() % 3600 + 1);
    let since = mails_to(&sink, ADA).len();

    // Act
    let mut answers = Vec::new();
    let mut pending = String::new();
    for attempt in 0..100u32 {
        if attempt % 10 == 0 {
            pending = app.pending("ada", PASSWORD).await;
        }
        let wrong = wrong_code_at(&phone, clock.now(), 100_000 + attempt);
        let answer = app.verify_2fa_code(&pending, &wrong).await;
        answers.push(answer.map(|_| ()).map_err(|error| error.result));
    }
    let mails = mails_since(&app, &sink, &session, ADA, since, SETTLE).await;
    let events = app.state(&session).await.events;

    // Assert
    let mut expected = vec![Err(ResultCode::InvalidCode); 4];
    expected.extend(vec![Err(ResultCode::SecondFactorLocked); 96]);
    assert_eq!(answers, expected, "five wrong codes lock");
    let accepted = events
        .iter()
        .find(|event| event.kind == EventKind::PasswordAccepted)
        .expect("passwordAccepted is logged");
    assert_eq!(accepted.count, Some(10), "the log counts every sign-in");
    let mut kinds = [EventKind::PasswordAccepted, EventKind::SecondFactorLocked];
    assert_eq!(mails.len(), 2, "{:#?}", subjects(&mails));
    // Both may wait in the outbox in the same second: either order.
    if !subject(&mails[0]).contains(kinds[0].describe()) {
        kinds.reverse();
    }
    for (mail, kind) in mails.iter().zip(kinds) {
        assert_names(mail, kind);
    }
}

/// Story: twofold-local runs without a mail server, Ada changes her
/// password, and the process is killed (SIGKILL) before any mail could
/// leave. Started again on the same data with a mail server, it sends the
/// notice, once: a few seconds later there is still one.
#[tokio::test]
async fn a_notice_written_before_a_crash_arrives_once_after_the_restart() {
    // Arrange
    let sink = SmtpSink::start().await;
    let mut app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    app.kill_hard_and_restart_with(ServerOptions::default());
    app.change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .expect("ChangePassword");
    tokio::time::sleep(SETTLE).await;
    let unsent = mails_to(&sink, ADA).len();

    // Act
    app.kill_hard_and_restart_with(mailing_to(&sink));
    let notice = nth_mail_to(&sink, ADA, 1).await;
    let mails = mails_since(&app, &sink, &session, ADA, 1, Duration::from_secs(3)).await;

    // Assert
    assert_eq!(unsent, 1, "without a mail server only the code had left");
    assert_names(&notice, EventKind::PasswordChanged);
    assert_eq!(mails, [notice], "the notice arrived once");
    // The log says the entry was mailed; entries that are not mailed say
    // nothing of it.
    let log = app
        .get_events(&session, None, None)
        .await
        .expect("GetEvents");
    let changed = log
        .events
        .iter()
        .find(|event| event.kind == EventKind::PasswordChanged)
        .expect("the password change in the log");
    assert!(changed.mailed_at.is_some(), "{changed:?}");
    let signed_up = log
        .events
        .iter()
        .find(|event| event.kind == EventKind::SignedUp)
        .expect("the sign-up in the log");
    assert_eq!(signed_up.mailed_at, None);
}

/// Story: Ada moves her notices from her personal address to her work
/// one. Confirming the new address tells the old one; from then on the
/// notices go to the new address only.
#[tokio::test]
async fn a_new_address_is_told_to_the_old_one_and_takes_the_later_notices() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;

    // Act
    confirmed(&app, &sink, &session, ADA_AT_WORK, WITH_PASSWORD).await;
    let told = nth_mail_to(&sink, ADA, 1).await;
    app.change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .expect("ChangePassword");
    let at_work = mails_since(&app, &sink, &session, ADA_AT_WORK, 1, SETTLE).await;
    let account = app.get_account(&session).await.expect("GetAccount");

    // Assert
    assert_names(&told, EventKind::NotificationEmailChanged);
    assert_eq!(told.to, [ADA]);
    assert_eq!(
        mails_to(&sink, ADA).len(),
        2,
        "the old address: its code and the change"
    );
    assert_eq!(at_work.len(), 1, "{:#?}", subjects(&at_work));
    assert_names(&at_work[0], EventKind::PasswordChanged);
    assert_eq!(
        account.notification_email.address.as_deref(),
        Some(ADA_AT_WORK)
    );
}

/// Story: SendTestNotice lets Ada check that notices reach her: without
/// a confirmed address (none, or one still waiting for its code) it is
/// refused; with one, one mail goes there, from the configured sender,
/// with a Message-ID.
#[tokio::test]
async fn a_test_notice_goes_to_the_confirmed_address_and_needs_one() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let without_address = send_test_notice(&app, &session).await;
    set_address(&app, &session, ADA, WITH_PASSWORD)
        .await
        .expect("SetNotificationEmail");
    let code = mailed_code(&nth_mail_to(&sink, ADA, 0).await);
    let while_pending = send_test_notice(&app, &session).await;
    confirm_address(&app, &session, &code)
        .await
        .expect("ConfirmNotificationEmail");
    send_test_notice(&app, &session)
        .await
        .expect("SendTestNotice");
    let test = nth_mail_to(&sink, ADA, 1).await;
    tokio::time::sleep(SETTLE).await;

    // Assert
    without_address.refused(ResultCode::NoNotificationEmail);
    while_pending.refused(ResultCode::NoNotificationEmail);
    assert!(is_test_notice(&test), "{:?}", subject(&test));
    assert_eq!(test.to, [ADA]);
    assert_eq!(test.from, "security@localhost");
    let message_id = test.header("Message-ID").unwrap_or_default();
    assert!(!message_id.is_empty(), "a Message-ID");
    assert_eq!(sink.mails().len(), 2, "the code and one test notice");
}

/// Story: an account without a confirmed address gets no mail: a change
/// made before any address, or while one waits for its code, is not
/// mailed then, nor later to the address once confirmed.
#[tokio::test]
async fn without_a_confirmed_address_nothing_is_mailed_then_or_later() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    app.change_password(&session, PASSWORD, NEW_PASSWORD, None)
        .await
        .expect("ChangePassword without an address");
    let new_password = Proof {
        password: Some(NEW_PASSWORD),
        code: None,
    };
    set_address(&app, &session, ADA, new_password)
        .await
        .expect("SetNotificationEmail");
    let code_mail = nth_mail_to(&sink, ADA, 0).await;
    app.change_password(&session, NEW_PASSWORD, PASSWORD, None)
        .await
        .expect("ChangePassword while the address waits");
    tokio::time::sleep(SETTLE).await;
    confirm_address(&app, &session, &mailed_code(&code_mail))
        .await
        .expect("ConfirmNotificationEmail");
    let mails = mails_since(&app, &sink, &session, ADA, 0, SETTLE).await;

    // Assert
    assert_eq!(mails, [code_mail], "only the code: {:#?}", subjects(&mails));
    assert!(
        sink.mails().iter().all(|mail| mail.to == [ADA]),
        "nothing went anywhere else"
    );
}
