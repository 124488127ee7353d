//! Answers refused for where they come from: a page of another origin, a
//! ceremony of another account or session, a full session where a pending
//! one belongs, an answer that is not one. Each leaves the account as it
//! was.

use serde_json::{json, Value};
use twofold_api::{events::EventKind, security_keys::KeyKind, ResultCode};
use twofold_e2e::{Refused, TestApp, PASSWORD};

use super::{events_of, password};

/// Pages under the site's RP ID (`localhost`) that are not the site: a
/// server on another port, and a subdomain. A look-alike domain gets less:
/// the browser will not ask the key for `localhost` at all.
fn other_pages(app: &TestApp) -> [String; 2] {
    let port = app.url().rsplit(':').next().expect("a port").to_owned();
    let other_port = if port == "9" { "10" } else { "9" };
    [
        format!("http://localhost:{other_port}"),
        format!("http://evil.localhost:{port}"),
    ]
}

/// A phishing page relays the password and asks the owner's key to answer
/// the ceremony SignIn gave it: the key signs the page's own origin, and
/// the answer is refused. The owner, on the real site, still signs in.
#[tokio::test]
async fn an_answer_made_on_another_page_does_not_sign_in() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;

    for page in other_pages(&app) {
        let pending = app.pending("ada", PASSWORD).await;
        let check = app
            .start_2fa_key_check(&pending)
            .await
            .expect("Start2FAKeyCheck");

        // Act
        let relayed = ada.key.get_on(&page, &check.options).await;
        let refused = app
            .verify_2fa_key(&pending, &check.ceremony, &relayed)
            .await;

        // Assert
        refused.refused(ResultCode::KeyRefused);
        let again = app
            .start_2fa_key_check(&pending)
            .await
            .expect("the pending session is still pending");
        let credential = ada.key.get(&again.options).await;
        app.verify_2fa_key(&pending, &again.ceremony, &credential)
            .await
            .unwrap_or_else(|e| panic!("on the real site the key signs in ({page}): {e}"));
    }
}

/// A phishing page that got hold of a session tries to add a key the
/// attacker holds through its own page: the registration is refused and 2FA
/// stays off.
#[tokio::test]
async fn a_key_added_from_another_page_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let setup = app
        .setup_2fa_key(&session, KeyKind::SecurityKey, password())
        .await
        .expect("Setup2FAKey");
    let mut key = app.soft_key();
    let [page, _] = other_pages(&app);

    // Act
    let credential = key.create_on(&page, &setup.options).await;
    let refused = app
        .enable_2fa_key(&session, &setup.ceremony, &credential, "Attacker's key")
        .await;

    // Assert
    refused.refused(ResultCode::KeyRefused);
    let account = app.get_account(&session).await.expect("GetAccount");
    assert!(!account.two_factor.enabled);
    assert!(account.two_factor.security_keys.is_empty());
}

/// Mallory knows Ada's password is no use without her key, so he signs in
/// as himself and gets Ada's key to sign his ceremony's challenge (a page
/// that names her credential, as a script could). His pending session with
/// that answer is refused: the key is not one of his account's.
#[tokio::test]
async fn an_answer_for_another_accounts_ceremony_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let mallory = app.key_owner("mallory", PASSWORD).await;
    let offered = app.sign_in("mallory", PASSWORD).await.expect("sign in");
    let mallorys = offered.session.expect("Mallory's pending session");
    let mut check = offered.security_key.expect("Mallory's key check");
    check.options["allowCredentials"] = allow(&ada.key.credential_ids());

    // Act
    let adas_answer = ada.key.get(&check.options).await;
    let refused = app
        .verify_2fa_key(&mallorys, &check.ceremony, &adas_answer)
        .await;

    // Assert: 304, not 305: the ceremony is Mallory's and alive, and the
    // answer is to its very challenge, on the right site; what is wrong is
    // whose key signed it.
    refused.refused(ResultCode::KeyRefused);
    assert_no_key_sign_in(&app, &[&ada.session, &mallory.session]).await;
}

/// Mallory, signed in as himself with a pending session, sends the
/// ceremony Ada's sign-in was given and her key's answer to it (captured on
/// the way): refused, as a ceremony belongs to the session it was started
/// for. It is 305: that ceremony does not exist for his session (and it is
/// spent, so it is gone for Ada's too).
#[tokio::test]
async fn another_sessions_ceremony_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let mallory = app.key_owner("mallory", PASSWORD).await;
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let adas_check = offered.security_key.expect("Ada's key check");
    let adas_answer = ada.key.get(&adas_check.options).await;
    let mallorys = app.pending("mallory", PASSWORD).await;

    // Act
    let refused = app
        .verify_2fa_key(&mallorys, &adas_check.ceremony, &adas_answer)
        .await;

    // Assert
    refused.refused(ResultCode::KeyCheckGone);
    assert_no_key_sign_in(&app, &[&ada.session, &mallory.session]).await;
}

/// A full session cannot open a second one with a key's answer:
/// Verify2FAKey takes the pending session of a sign-in only.
#[tokio::test]
async fn a_full_session_is_refused_at_verify_2fa_key() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let check = app
        .start_2fa_key_check(&ada.session)
        .await
        .expect("Start2FAKeyCheck with the full session");
    let credential = ada.key.get(&check.options).await;

    // Act
    let refused = app
        .verify_2fa_key(&ada.session, &check.ceremony, &credential)
        .await;

    // Assert
    refused.refused(ResultCode::NotAPendingSession);
    let sessions = app.get_sessions(&ada.session).await.expect("GetSessions");
    assert_eq!(sessions.sessions.len(), 1, "no session opened");
}

/// A client that sends something other than the browser's answer is told
/// which parameter is wrong when its shape says so (not an object, nor
/// text); text that is no answer is the key's refusal, and spends the
/// ceremony like any answer.
#[tokio::test]
async fn an_answer_that_is_not_a_credential_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.key_owner("ada", PASSWORD).await;
    let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let pending = offered.session.expect("the pending session");
    let check = offered.security_key.expect("the key check");

    for malformed in [
        json!(42),
        json!([1, 2]),
        json!(true),
        json!("x".repeat(8193)),
    ] {
        // Act
        let refused = app
            .verify_2fa_key(&pending, &check.ceremony, &malformed)
            .await;

        // Assert
        let error = refused.refused(ResultCode::InvalidParameter);
        assert_eq!(
            error.parameter.as_deref(),
            Some("credential"),
            "{malformed}: {error:?}"
        );
    }
    // A request the server could not read changed nothing: the ceremony
    // still takes the key's answer.
    let credential = ada.key.get(&check.options).await;
    app.verify_2fa_key(&pending, &check.ceremony, &credential)
        .await
        .expect("the key's answer signs in");

    for text in ["not json", "[]", "{\"id\":\"AAAA\"}"] {
        let offered = app.sign_in("ada", PASSWORD).await.expect("sign in");
        let pending = offered.session.expect("the pending session");
        let check = offered.security_key.expect("the key check");
        let refused = app
            .verify_2fa_key(&pending, &check.ceremony, &json!(text))
            .await;
        refused.refused(ResultCode::KeyRefused);
        let again = app
            .verify_2fa_key(&pending, &check.ceremony, &json!(text))
            .await;
        again.refused(ResultCode::KeyCheckGone);
    }
}

/// No sign-in with a key in the logs `sessions` read.
async fn assert_no_key_sign_in(app: &TestApp, sessions: &[&str]) {
    for session in sessions {
        let signed_in = events_of(app, session, EventKind::SignedInWithSecurityKey).await;
        assert!(signed_in.is_empty(), "{signed_in:?}");
    }
}

/// `allowCredentials` naming `ids` (base64url), as a page's script could
/// set it.
fn allow(ids: &[String]) -> Value {
    ids.iter()
        .map(|id| json!({ "type": "public-key", "id": id }))
        .collect()
}
