//! An address whose mail server refuses notices for good is marked
//! bouncing (GetAccount shows since when) and its refused notices are
//! dropped, not retried nor marked mailed; the next mail that gets
//! through clears the mark.

use std::time::Duration;

use twofold_api::{events::EventKind, lists::Selection};
use twofold_e2e::{smtp_sink::SmtpSink, TestApp, PASSWORD};

use super::support::{confirmed, is_test_notice, mailing_to, send_test_notice, WITH_PASSWORD};

const ADA: &str = "ada@example.com";

/// GetAccount's `bouncingSince`, once `done` holds of it (the deliverer
/// works beside the calls), within 10 s.
async fn bouncing_since(
    app: &TestApp,
    session: &str,
    done: impl Fn(Option<u64>) -> bool,
) -> Option<u64> {
    for _ in 0..200 {
        let state = app
            .get_account(session)
            .await
            .expect("GetAccount")
            .notification_email
            .bouncing_since;
        if done(state) {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("bouncingSince never settled");
}

/// Story: Ada's mailbox is closed: her server refuses mail for good. The
/// next notice (her sessions signed out) bounces: GetAccount says the
/// address bounces since then, and the log does not claim it was mailed.
/// Her mailbox reopens; a test notice gets through and the mark goes.
#[tokio::test]
async fn a_refused_notice_marks_the_address_bouncing_until_mail_gets_through() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    let before = sink.mails().len();
    sink.refuse(ADA);

    // Act
    app.sign_out_sessions(&session, Selection::All)
        .await
        .expect("SignOutSessions");
    let bouncing = bouncing_since(&app, &session, |since| since.is_some()).await;
    let events = app
        .get_events(&session, Some(100), None)
        .await
        .expect("GetEvents");
    let refused_meanwhile = sink.mails().len() - before;
    sink.accept(ADA);
    let tests_before = sink.mails().iter().filter(|m| is_test_notice(m)).count();
    send_test_notice(&app, &session)
        .await
        .expect("SendTestNotice");
    sink.wait_for("the test notice", |mails| {
        mails.iter().filter(|m| is_test_notice(m)).count() > tests_before
    })
    .await;
    let cleared = bouncing_since(&app, &session, |since| since.is_none()).await;

    // Assert
    assert!(bouncing.is_some(), "the address is marked bouncing");
    assert_eq!(refused_meanwhile, 0, "nothing reached the sink");
    let signed_out = events
        .events
        .iter()
        .find(|e| e.kind == EventKind::SessionsSignedOut)
        .expect("the sign-out is logged");
    assert_eq!(signed_out.mailed_at, None, "a bounced notice is not mailed");
    assert_eq!(cleared, None, "a delivered mail clears the mark");
}
