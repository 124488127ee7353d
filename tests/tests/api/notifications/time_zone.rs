//! Mails give their times in UTC and, when the browser that set the
//! address said its offset, on the owner's wall clock too.

use twofold_api::{events::EventKind, lists::Selection, notifications::*, Method, ResultCode};
use twofold_e2e::{smtp_sink::SmtpSink, Refused, TestApp, PASSWORD};

use super::mail::{mailed_code, mails_to, nth_mail_to, subject, text};
use super::support::{confirm_address, mailing_to};

const ADA: &str = "ada@example.com";

/// SetNotificationEmail with the password and `offset`.
async fn set_with_offset(
    app: &TestApp,
    session: &str,
    offset: &str,
) -> Result<NotificationEmailResponse, twofold_api::ApiError> {
    let body = SetNotificationEmailRequest {
        email: ADA.to_owned(),
        password: Some(PASSWORD.to_owned()),
        code: None,
        utc_offset: Some(offset.to_owned()),
    };
    app.call(Method::SetNotificationEmail, Some(session), &body)
        .await
}

/// Story: Ada's browser is at UTC-05:30 when she sets her address; her
/// next notice says when in UTC and at UTC-05:30, and GetAccount shows
/// the offset. An offset that is not one is refused, naming it.
#[tokio::test]
async fn a_notice_gives_its_time_at_the_owner_s_offset_too() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let wrong = set_with_offset(&app, &session, "+5:30").await;
    set_with_offset(&app, &session, "-05:30")
        .await
        .expect("SetNotificationEmail");
    let code = mailed_code(&nth_mail_to(&sink, ADA, 0).await);
    confirm_address(&app, &session, &code)
        .await
        .expect("ConfirmNotificationEmail");
    app.sign_out_sessions(&session, Selection::All)
        .await
        .expect("SignOutSessions");
    let described = EventKind::SessionsSignedOut.describe();
    let mails = sink
        .wait_for("the notice", |mails| {
            mails.iter().any(|mail| subject(mail).contains(described))
        })
        .await;
    let account = app.get_account(&session).await.expect("GetAccount");

    // Assert
    let wrong = wrong.refused(ResultCode::InvalidParameter);
    assert_eq!(wrong.parameter.as_deref(), Some("utcOffset"));
    assert_eq!(
        account.notification_email.utc_offset.as_deref(),
        Some("-05:30")
    );
    let notice = mails
        .iter()
        .find(|mail| subject(mail).contains(described))
        .expect("the notice");
    let body = text(notice);
    let line = body
        .lines()
        .find(|line| line.starts_with("When: "))
        .expect("a When line");
    assert!(line.ends_with(" UTC-05:30)"), "{line}");
    assert!(line.contains(" UTC ("), "{line}");
    assert_eq!(mails_to(&sink, ADA).len(), 2, "the code and the notice");
}
