//! A personal access token's owner is told 7 days before it expires and
//! when it has: notices scheduled in the transaction that gives the token
//! its expiry, held in the outbox until due, and dropped when the token
//! is deleted or its expiry moved meanwhile.

use std::time::Duration;

use twofold_api::lists::Selection;
use twofold_e2e::{smtp_sink::SmtpSink, TestApp, TokenChanges, PASSWORD};

use super::mail::{mails_to, subject, text};
use super::support::{confirmed, is_test_notice, mailing_to, WITH_PASSWORD};

const ADA: &str = "ada@example.com";
const DAY: u64 = 24 * 3600;

/// The subjects of the token notices Ada has so far, after waiting
/// `settle` for the deliverer.
async fn token_subjects(sink: &SmtpSink, settle: Duration) -> Vec<String> {
    tokio::time::sleep(settle).await;
    mails_to(sink, ADA)
        .iter()
        .filter(|mail| !is_test_notice(mail) && subject(mail).contains("access token \""))
        .map(subject)
        .collect()
}

/// Story: Ada makes three tokens that expire in ten days: "deploy" she
/// keeps, "old" she deletes, "backup" she extends to twenty days. Three
/// days later she is told "deploy" expires in 7 days, and nothing of the
/// others; at its expiry, that it has expired. No mail holds a token's
/// value.
#[tokio::test]
async fn a_token_s_owner_is_told_a_week_before_it_expires_and_when_it_has() {
    // Arrange
    let sink = SmtpSink::start().await;
    let (app, clock) = TestApp::spawn_with_clock(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    let now = clock.now();
    let in_ten_days = now + 10 * DAY;
    let mut values = Vec::new();
    let mut ids = Vec::new();
    for description in ["deploy", "old", "backup"] {
        let token = app
            .create_token(
                &session,
                PASSWORD,
                description,
                &["GetAccount"],
                Some(in_ten_days),
            )
            .await
            .expect("CreateToken")
            .token;
        values.push(token.key.expect("the value"));
        ids.push(token.id);
    }
    app.delete_tokens(&session, PASSWORD, Selection::Only(vec![ids[1]]))
        .await
        .expect("DeleteTokens");
    app.edit_token(
        &session,
        PASSWORD,
        ids[2],
        TokenChanges::expires_at(now + 20 * DAY),
    )
    .await
    .expect("EditToken");
    let settle = Duration::from_secs(1);

    // Act
    let at_first = token_subjects(&sink, settle).await;
    clock.set(3 * DAY);
    sink.wait_for("the week's notice", |mails| {
        mails
            .iter()
            .any(|mail| subject(mail).contains("expires in 7 days"))
    })
    .await;
    let a_week_before = token_subjects(&sink, settle).await;
    clock.set(10 * DAY);
    sink.wait_for("the expiry notice", |mails| {
        mails
            .iter()
            .any(|mail| subject(mail).contains("has expired"))
    })
    .await;
    let at_expiry = token_subjects(&sink, settle).await;

    // Assert
    assert!(at_first.is_empty(), "{at_first:?}");
    assert_eq!(
        a_week_before,
        ["Twofold: access token \"deploy\" expires in 7 days"]
    );
    assert_eq!(
        at_expiry,
        [
            "Twofold: access token \"deploy\" expires in 7 days",
            "Twofold: access token \"deploy\" has expired",
        ]
    );
    for mail in mails_to(&sink, ADA) {
        let body = text(&mail);
        for value in &values {
            assert!(
                !body.contains(value.as_str()),
                "a token's value in {}",
                subject(&mail)
            );
        }
    }
}
