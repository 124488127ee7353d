//! The browser's session: an HttpOnly, SameSite=Strict cookie instead of a
//! token in the body, and cookie-authenticated calls that must prove they
//! are not a cross-site form (JSON or the client header). Beside it, the
//! signed-in hint (`twofold_signed_in=1`), which page scripts may read.

use twofold_api::{tokens::Selection, Method, ResultCode, CLIENT_HEADER, CLIENT_WEB};
use twofold_e2e::{Raw, ServerOptions, TestApp, PASSWORD};

const JSON: Option<&str> = Some("application/json");
const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

/// The `name=value` pair of the session cookie a response set.
fn session_cookie(answer: &Raw) -> String {
    let header = answer.set_cookie().expect("a Set-Cookie header");
    let pair = header.split(';').next().unwrap_or_default().trim();
    assert!(pair.starts_with("twofold_session="), "{header}");
    pair.to_owned()
}

/// Every `Set-Cookie` header of an answer.
fn set_cookies(answer: &Raw) -> Vec<String> {
    answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_owned)
        .collect()
}

/// The `Set-Cookie` header for cookie `name`, its attributes lower-cased
/// and trimmed (the first is `name=value`).
fn cookie_named(answer: &Raw, name: &str) -> Option<Vec<String>> {
    set_cookies(answer)
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(|c| {
            c.split(';')
                .map(|a| a.trim().to_ascii_lowercase())
                .collect()
        })
}

/// The value of attribute `name` (e.g. `max-age`) among `attributes`.
fn attribute<'a>(attributes: &'a [String], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find_map(|a| a.strip_prefix(&format!("{name}=")))
}

/// Signs in as the web app does and returns the cookie.
async fn web_sign_in(app: &TestApp) -> (Raw, String) {
    let body = serde_json::json!({"login": "ada", "password": PASSWORD})
        .to_string()
        .into_bytes();
    let answer = app
        .raw(
            &Method::SignIn.path(),
            JSON,
            body,
            &[(CLIENT_HEADER, CLIENT_WEB)],
        )
        .await;
    let cookie = session_cookie(&answer);
    (answer, cookie)
}

#[tokio::test]
async fn a_web_sign_in_sets_an_http_only_strict_cookie_and_keeps_the_token_out_of_the_body() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;

    // Act
    let (answer, cookie) = web_sign_in(&app).await;

    // Assert
    answer.assert_ok();
    assert!(
        answer.body.get("session").is_none(),
        "no token for page scripts: {}",
        answer.body
    );
    assert_eq!(answer.body["login"], "ada");
    let attributes: Vec<String> = answer
        .set_cookie()
        .unwrap_or_default()
        .split(';')
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(
        attributes.contains(&"httponly".to_owned()),
        "{attributes:?}"
    );
    assert!(
        attributes.contains(&"samesite=strict".to_owned()),
        "{attributes:?}"
    );
    assert!(attributes.contains(&"path=/".to_owned()), "{attributes:?}");
    assert!(
        cookie.len() > "twofold_session=".len() + 20,
        "the cookie holds the token"
    );
    let cache = answer
        .headers
        .get("cache-control")
        .and_then(|v| v.to_str().ok());
    assert_eq!(
        cache,
        Some("no-store"),
        "answers with sessions are never cached"
    );
}

#[tokio::test]
async fn a_cookie_call_with_form_fields_and_no_client_header_is_refused_as_cross_site() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;
    let (_, cookie) = web_sign_in(&app).await;
    let path = Method::GetAccount.path();
    let before = app
        .raw(&path, JSON, b"{}".to_vec(), &[("cookie", &cookie)])
        .await;

    // Act
    let form = app
        .raw(&path, FORM, b"x=1".to_vec(), &[("cookie", &cookie)])
        .await;
    let empty = app
        .raw(&path, None, Vec::new(), &[("cookie", &cookie)])
        .await;
    let sign_out = app
        .raw(
            &Method::SignOut.path(),
            FORM,
            Vec::new(),
            &[("cookie", &cookie)],
        )
        .await;

    // Assert
    form.assert_refused(ResultCode::CsrfRejected);
    empty.assert_refused(ResultCode::CsrfRejected);
    sign_out.assert_refused(ResultCode::CsrfRejected);
    let after = app
        .raw(&path, JSON, b"{}".to_vec(), &[("cookie", &cookie)])
        .await;
    before.assert_ok();
    after.assert_ok();
    assert_eq!(
        after.body, before.body,
        "the refused sign-out ended nothing"
    );
}

#[tokio::test]
async fn a_cookie_call_with_json_or_the_client_header_is_accepted() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;
    let (_, cookie) = web_sign_in(&app).await;
    let path = Method::GetAccount.path();

    // Act
    let json = app
        .raw(&path, JSON, b"{}".to_vec(), &[("cookie", &cookie)])
        .await;
    let header = app
        .raw(
            &path,
            FORM,
            Vec::new(),
            &[("cookie", &cookie), (CLIENT_HEADER, CLIENT_WEB)],
        )
        .await;

    // Assert
    json.assert_ok();
    assert_eq!(json.body["login"], "ada");
    header.assert_ok();
}

#[tokio::test]
async fn with_2fa_on_the_pending_token_stays_in_the_body_and_the_full_session_becomes_a_cookie() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let web = [(CLIENT_HEADER, CLIENT_WEB)];
    let sign_in = serde_json::json!({"login": "ada", "password": PASSWORD})
        .to_string()
        .into_bytes();

    // Act
    let signed_in = app.raw(&Method::SignIn.path(), JSON, sign_in, &web).await;
    let pending = signed_in.body["session"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let verify = serde_json::json!({"session": pending, "code": ada.recovery_codes[0]})
        .to_string()
        .into_bytes();
    let verified = app
        .raw(&Method::Verify2FACode.path(), JSON, verify, &web)
        .await;

    // Assert
    signed_in.assert_ok();
    assert_eq!(signed_in.body["twoFactorRequired"], true);
    assert!(
        pending.starts_with("tfp_"),
        "the pending token is in the body"
    );
    assert!(
        signed_in.set_cookie().is_none(),
        "no cookie for a pending session"
    );
    verified.assert_ok();
    assert!(verified.body.get("session").is_none(), "{}", verified.body);
    let cookie = session_cookie(&verified);
    let account = app
        .raw(
            &Method::GetAccount.path(),
            JSON,
            b"{}".to_vec(),
            &[("cookie", &cookie)],
        )
        .await;
    account.assert_ok();
    assert_eq!(account.body["twoFactor"]["recoveryCodesLeft"], 9);
}

#[tokio::test]
async fn a_web_sign_out_clears_the_cookie_and_ends_the_session() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;
    let (_, cookie) = web_sign_in(&app).await;
    let headers = [("cookie", cookie.as_str()), (CLIENT_HEADER, CLIENT_WEB)];

    // Act
    let signed_out = app
        .raw(&Method::SignOut.path(), JSON, b"{}".to_vec(), &headers)
        .await;

    // Assert
    signed_out.assert_ok();
    let cleared = signed_out
        .set_cookie()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        cleared.starts_with("twofold_session=;") && cleared.contains("max-age=0"),
        "{cleared}"
    );
    let after = app
        .raw(&Method::GetAccount.path(), JSON, b"{}".to_vec(), &headers)
        .await;
    after.assert_refused(ResultCode::NotSignedIn);
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_host_prefixed() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_SECURE_COOKIES",
        "true",
    )]));
    app.signed_up("ada", PASSWORD).await;
    let body = serde_json::json!({"login": "ada", "password": PASSWORD})
        .to_string()
        .into_bytes();

    // Act
    let answer = app
        .raw(
            &Method::SignIn.path(),
            JSON,
            body,
            &[(CLIENT_HEADER, CLIENT_WEB)],
        )
        .await;

    // Assert
    answer.assert_ok();
    let cookie = answer.set_cookie().unwrap_or_default();
    assert!(cookie.starts_with("__Host-twofold_session="), "{cookie}");
    // The hint is host-only too: a sibling subdomain cannot plant one.
    let hint = cookie_named(&answer, "__Host-twofold_signed_in").expect("the signed-in hint");
    assert!(hint.contains(&"secure".to_owned()), "{hint:?}");
    let attributes: Vec<&str> = cookie.split(';').map(str::trim).collect();
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(
            attributes.iter().any(|a| a.eq_ignore_ascii_case(attribute)),
            "{attribute} in {cookie}"
        );
    }
    assert!(
        !attributes
            .iter()
            .any(|a| a.to_ascii_lowercase().starts_with("domain=")),
        "host-only: {cookie}"
    );
}

#[tokio::test]
async fn a_web_sign_in_sets_a_readable_signed_in_hint_that_lives_as_long_as_the_session() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;

    // Act
    let (answer, _) = web_sign_in(&app).await;

    // Assert
    answer.assert_ok();
    let session = cookie_named(&answer, "twofold_session").expect("the session cookie");
    let hint = cookie_named(&answer, "twofold_signed_in").expect("the signed-in hint");
    assert_eq!(hint[0], "twofold_signed_in=1", "{hint:?}");
    assert!(
        !hint.contains(&"httponly".to_owned()),
        "page scripts read it: {hint:?}"
    );
    assert!(hint.contains(&"path=/".to_owned()), "{hint:?}");
    assert!(hint.contains(&"samesite=strict".to_owned()), "{hint:?}");
    assert!(!hint.contains(&"secure".to_owned()), "plain HTTP: {hint:?}");
    let session_age = attribute(&session, "max-age").expect("the session's Max-Age");
    assert_eq!(attribute(&hint, "max-age"), Some(session_age));
    assert_ne!(session_age, "0");
}

#[tokio::test]
async fn the_hint_comes_with_every_full_session_a_browser_gets_and_never_with_a_pending_one() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let web = [(CLIENT_HEADER, CLIENT_WEB)];
    let credentials = |login: &str| {
        serde_json::json!({"login": login, "password": PASSWORD})
            .to_string()
            .into_bytes()
    };

    // Act
    let signed_up = app
        .raw(&Method::SignUp.path(), JSON, credentials("bob"), &web)
        .await;
    let pending = app
        .raw(&Method::SignIn.path(), JSON, credentials("ada"), &web)
        .await;
    let verify = serde_json::json!({
        "session": pending.body["session"],
        "code": ada.recovery_codes[0],
    })
    .to_string()
    .into_bytes();
    let verified = app
        .raw(&Method::Verify2FACode.path(), JSON, verify, &web)
        .await;

    // Assert
    signed_up.assert_ok();
    pending.assert_ok();
    verified.assert_ok();
    for (step, answer) in [("SignUp", &signed_up), ("Verify2FACode", &verified)] {
        let hint = cookie_named(answer, "twofold_signed_in");
        assert_eq!(
            hint.as_ref().map(|h| h[0].as_str()),
            Some("twofold_signed_in=1"),
            "{step}: {:?}",
            set_cookies(answer)
        );
    }
    assert!(
        set_cookies(&pending).is_empty(),
        "a pending session is not signed in: {:?}",
        set_cookies(&pending)
    );
}

#[tokio::test]
async fn a_web_sign_out_clears_the_hint_with_the_session() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;
    let (_, cookie) = web_sign_in(&app).await;
    let headers = [("cookie", cookie.as_str()), (CLIENT_HEADER, CLIENT_WEB)];

    // Act
    let signed_out = app
        .raw(&Method::SignOut.path(), JSON, b"{}".to_vec(), &headers)
        .await;

    // Assert
    signed_out.assert_ok();
    let hint = cookie_named(&signed_out, "twofold_signed_in").expect("the hint cleared");
    assert_eq!(hint[0], "twofold_signed_in=", "{hint:?}");
    assert_eq!(attribute(&hint, "max-age"), Some("0"));
}

#[tokio::test]
async fn a_browser_whose_session_ended_elsewhere_is_told_to_forget_the_cookie_and_the_hint() {
    // Arrange: signed in twice; the first session, with the password,
    // ends every other one.
    let app = TestApp::spawn();
    let script = app.signed_up("ada", PASSWORD).await;
    let (_, cookie) = web_sign_in(&app).await;
    app.check_password(&script, PASSWORD)
        .await
        .expect("confirm");
    app.sign_out_sessions(&script, Selection::All)
        .await
        .expect("SignOutSessions *");
    let headers = [("cookie", cookie.as_str()), (CLIENT_HEADER, CLIENT_WEB)];

    // Act
    let stale = app
        .raw(&Method::GetAccount.path(), JSON, b"{}".to_vec(), &headers)
        .await;
    let no_cookie = app
        .raw(
            &Method::GetAccount.path(),
            JSON,
            b"{}".to_vec(),
            &[(CLIENT_HEADER, CLIENT_WEB)],
        )
        .await;
    let script_call = app
        .post_json(Method::GetAccount, Some("tfs_x"), &serde_json::json!({}))
        .await;

    // Assert
    stale.assert_refused(ResultCode::NotSignedIn);
    no_cookie.assert_refused(ResultCode::NotSignedIn);
    for answer in [&stale, &no_cookie] {
        for name in ["twofold_session", "twofold_signed_in"] {
            let cleared = cookie_named(answer, name)
                .unwrap_or_else(|| panic!("{name} cleared: {:?}", set_cookies(answer)));
            assert_eq!(attribute(&cleared, "max-age"), Some("0"), "{cleared:?}");
        }
    }
    script_call.assert_refused(ResultCode::NotSignedIn);
    assert!(
        set_cookies(&script_call).is_empty(),
        "scripts get no cookies: {:?}",
        set_cookies(&script_call)
    );
}
