//! "A browser that never signed in before": a full sign-in whose device
//! cookie does not vouch for the login is logged and mailed, the mail once
//! per throttle window however often it repeats; a browser that signed in
//! before is neither.

use twofold_api::{events::EventKind, Method, CLIENT_HEADER, CLIENT_WEB};
use twofold_e2e::{smtp_sink::SmtpSink, Raw, TestApp, PASSWORD};

use super::mail::{mails_to, subject, text};
use super::support::{assert_names, confirmed, mailing_to, mails_since, SETTLE, WITH_PASSWORD};

const ADA: &str = "ada@example.com";
const JSON: Option<&str> = Some("application/json");
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// SignIn as the web app does, with `cookie` if given: the raw answer.
async fn web_sign_in(app: &TestApp, cookie: Option<&str>) -> Raw {
    let body = serde_json::json!({ "login": "ada", "password": PASSWORD })
        .to_string()
        .into_bytes();
    let mut headers = vec![(CLIENT_HEADER, CLIENT_WEB), ("user-agent", FIREFOX)];
    if let Some(cookie) = cookie {
        headers.push(("cookie", cookie));
    }
    app.raw(&Method::SignIn.path(), JSON, body, &headers).await
}

/// The `name=value` of the device cookie an answer set.
fn device_cookie(answer: &Raw) -> String {
    answer
        .cookie("twofold_device")
        .unwrap_or_else(|| panic!("a device cookie in {:?}", answer.headers))
}

/// Story: Ada signs in from a new Firefox: one mail says so, naming the
/// browser and the address. Signing in again from that Firefox (its
/// device cookie vouches for her) mails nothing; a script signing in
/// twice more without a cookie in the same window mails nothing more
/// either, though the log keeps each of the three new-browser sign-ins.
#[tokio::test]
async fn a_sign_in_from_a_new_browser_is_mailed_once_per_window() {
    // Arrange
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    mails_since(&app, &sink, &session, ADA, 0, SETTLE).await;
    let before = mails_to(&sink, ADA).len();

    // Act
    let first = web_sign_in(&app, None).await;
    first.assert_ok();
    let cookie = device_cookie(&first);
    let after_first = mails_since(&app, &sink, &session, ADA, before, SETTLE).await;
    let fenced = mails_to(&sink, ADA).len();
    web_sign_in(&app, Some(&cookie)).await.assert_ok();
    for _ in 0..2 {
        app.sign_in("ada", PASSWORD)
            .await
            .expect("a script's SignIn");
    }
    let after_rest = mails_since(&app, &sink, &session, ADA, fenced, SETTLE).await;
    let events = app
        .get_events(&session, Some(100), None)
        .await
        .expect("GetEvents");

    // Assert
    assert_eq!(
        after_first.len(),
        1,
        "one notice: {:?}",
        after_first.iter().map(subject).collect::<Vec<_>>()
    );
    assert_names(&after_first[0], EventKind::SignedInFromNewBrowser);
    let body = text(&after_first[0]);
    assert!(body.contains("Browser: Mozilla/5.0"), "{body}");
    assert!(body.contains("From: 127.0.0.1"), "{body}");
    assert!(
        after_rest.is_empty(),
        "nothing more: {:?}",
        after_rest.iter().map(subject).collect::<Vec<_>>()
    );
    let logged = events
        .events
        .iter()
        .filter(|e| e.kind == EventKind::SignedInFromNewBrowser)
        .count();
    assert_eq!(logged, 3, "the first web sign-in and the script's two");
}

/// Story: a script signs in with Ada's password three times in one
/// window: one notice at the first, and when the window ends one digest
/// saying three. In the next window a single sign-in gets its notice and
/// no digest.
#[tokio::test]
async fn a_window_s_repeats_are_told_in_one_digest_at_its_end() {
    // Arrange
    let sink = SmtpSink::start().await;
    let (app, clock) = TestApp::spawn_with_clock(mailing_to(&sink));
    let session = app.signed_up("ada", PASSWORD).await;
    confirmed(&app, &sink, &session, ADA, WITH_PASSWORD).await;
    // Start at a window's beginning, so the three fall in one.
    let window = 15 * 60;
    clock.set(window - clock.now() % window);
    let digests = |sink: &SmtpSink| -> Vec<String> {
        mails_to(sink, ADA)
            .iter()
            .map(subject)
            .filter(|subject| subject.contains(" times in "))
            .collect()
    };

    // Act
    for _ in 0..3 {
        app.sign_in("ada", PASSWORD).await.expect("SignIn");
    }
    tokio::time::sleep(SETTLE).await;
    let before_the_end = digests(&sink);
    clock.advance(window);
    sink.wait_for("the digest", |mails| {
        mails
            .iter()
            .any(|mail| subject(mail).contains(" times in "))
    })
    .await;
    app.sign_in("ada", PASSWORD).await.expect("SignIn");
    clock.advance(window);
    tokio::time::sleep(SETTLE * 2).await;
    let after = digests(&sink);

    // Assert
    assert!(before_the_end.is_empty(), "{before_the_end:?}");
    assert_eq!(
        after,
        ["Twofold: Signed in from a browser not used for your account before (3 times in 15 minutes)"]
    );
}
