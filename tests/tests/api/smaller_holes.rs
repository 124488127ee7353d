//! The smaller holes a review found, each as the attack that showed it:
//! this API's methods spelled as another service's, a token change that
//! outlives its session, a log a password holder could bury, a forged
//! log line through the CSP report, another site's forms, a signed-in hint
//! a sibling domain could plant, and Authorize recording the calling
//! service's address as the token's.

use std::sync::Arc;

use twofold_api::{
    events::EventKind, tokens::Selection, Method, ResultCode, CLIENT_HEADER, CLIENT_WEB,
};
use twofold_e2e::{Proof, Refused, ServerOptions, TestApp, TokenChanges, PASSWORD};

const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn this_api_s_methods_spelled_as_another_service_s_are_refused_in_lists_and_by_authorize() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let key = token.key.clone().expect("key");

    // Act + Assert
    for name in [
        "users.account.Disable2FA",
        "users.authentication.CreateToken",
        "users.account.GetAccount",
        "env.control.SignOutSessions",
    ] {
        let refused = app
            .create_token(&session, PASSWORD, "x", &["GetEvents", name], None)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(refused.parameter.as_deref(), Some("apiList"), "{name}");
        let edited = app
            .edit_token(
                &session,
                PASSWORD,
                token.id,
                TokenChanges::api_list(&[name]),
            )
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(edited.parameter.as_deref(), Some("apiList"), "{name}");
        let asked = app
            .authorize(&key, name)
            .await
            .refused(ResultCode::InvalidParameter);
        assert_eq!(asked.parameter.as_deref(), Some("method"), "{name}");
    }
    app.authorize(&key, "GetAccount")
        .await
        .expect("the bare name is the one that works");
}

#[tokio::test]
async fn a_token_change_started_before_the_owner_signs_out_everywhere_never_lands_after_it() {
    // Arrange: a thief's session, a token it may edit, and the owner's
    // stepped-up session.
    let app = Arc::new(TestApp::spawn());
    let owner = app.signed_up("ada", PASSWORD).await;
    app.check_password(&owner, PASSWORD).await.expect("confirm");
    for round in 0..5 {
        let thief = app
            .sign_in("ada", PASSWORD)
            .await
            .expect("thief")
            .session
            .expect("session");
        let token = app
            .token(&thief, &format!("round {round}"), &["GetAccount"])
            .await;

        // Act: the widening edit (which checks the password first) and the
        // owner's sign-out everywhere, sent together.
        let edit = {
            let (app, thief) = (app.clone(), thief.clone());
            tokio::spawn(async move {
                app.edit_token(
                    &thief,
                    PASSWORD,
                    token.id,
                    TokenChanges::api_list(&["GetAccount", "GetEvents"]),
                )
                .await
            })
        };
        app.sign_out_sessions_with(
            &owner,
            Selection::All,
            Proof::default(),
            Some(Selection::All),
        )
        .await
        .expect("sign out everywhere, keeping tokens");
        let edited = edit.await.expect("edit task");

        // Assert: either the edit landed first, or it was refused; never
        // after the sign-out, from a session that had ended.
        let events = app.state(&owner).await.events;
        let position = |kind: EventKind| events.iter().position(|e| e.kind == kind);
        match edited {
            Ok(_) => assert!(
                position(EventKind::TokenEdited) > position(EventKind::SessionsSignedOut),
                "round {round}: the edit was logged after the sign-out"
            ),
            Err(error) => assert_eq!(error.result, ResultCode::NotSignedIn, "round {round}"),
        }
        app.delete_tokens(&owner, PASSWORD, Selection::All)
            .await
            .expect("clean up");
    }
}

#[tokio::test]
async fn codes_sent_to_a_locked_account_are_logged_once_per_lock() {
    // Arrange: app codes locked.
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    for _ in 0..5 {
        let _ = app.verify_2fa_code(&pending, &ada.phone.wrong_code()).await;
    }

    // Act: a password holder keeps sending codes.
    for _ in 0..20 {
        app.verify_2fa_code(&pending, &ada.phone.wrong_code())
            .await
            .refused(ResultCode::SecondFactorLocked);
    }

    // Assert
    let events = app.state(&ada.session).await.events;
    let refused = events
        .iter()
        .filter(|e| e.kind == EventKind::SecondFactorRefusedWhileLocked)
        .count();
    assert_eq!(refused, 1);
    let right = ada.phone.next_code().await;
    app.verify_2fa_code(&pending, &right)
        .await
        .refused(ResultCode::SecondFactorLocked);
}

#[tokio::test]
async fn the_right_password_given_again_and_again_is_one_log_entry_with_a_count() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;

    // Act
    for _ in 0..20 {
        app.pending("ada", PASSWORD).await;
    }

    // Assert: one entry, saying twenty, and the rest of the log in view.
    let events = app.state(&ada.session).await.events;
    let accepted: Vec<_> = events
        .iter()
        .filter(|e| e.kind == EventKind::PasswordAccepted)
        .collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].count, Some(20));
    assert!(events.iter().any(|e| e.kind == EventKind::TwoFactorEnabled));
    let first_page = app
        .get_events(&ada.session, Some(5), None)
        .await
        .expect("GetEvents");
    assert!(first_page
        .events
        .iter()
        .any(|e| e.kind == EventKind::TwoFactorEnabled));
}

#[tokio::test]
async fn a_csp_report_cannot_forge_a_log_line() {
    // Arrange
    let app = TestApp::spawn();
    let forged = "ERROR call failed method=SignIn result=501";
    let report = serde_json::json!({
        "csp-report": {
            "effective-directive": "script-src",
            "blocked-uri": format!("https://x.example/\n{forged}\r\n"),
        }
    });

    // Act
    let answer = app
        .raw(
            "/1.0/csp-report",
            Some("application/csp-report"),
            report.to_string().into_bytes(),
            &[],
        )
        .await;

    // Assert: the report is one line, and no line starts with the forgery.
    assert_eq!(answer.status.as_u16(), 204);
    let output = app
        .server()
        .output_with("content security policy violation")
        .await;
    assert!(output.contains("content security policy violation"));
    assert!(
        !output
            .lines()
            .any(|line| line.trim_start().starts_with("ERROR call failed")),
        "{output}"
    );
}

#[tokio::test]
async fn another_site_s_forms_are_refused_and_scripts_are_not() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;
    let form = b"login=eve&password=correct+horse+battery+staple".to_vec();

    // Act + Assert: a cross-site form, a sibling site's, a foreign Origin.
    for headers in [
        &[("sec-fetch-site", "cross-site")][..],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "https://evil.example")],
    ] {
        app.raw(&Method::SignUp.path(), FORM, form.clone(), headers)
            .await
            .assert_refused(ResultCode::CsrfRejected);
        let sign_in = b"login=ada&password=wrong".to_vec();
        app.raw(&Method::SignIn.path(), FORM, sign_in, headers)
            .await
            .assert_refused(ResultCode::CsrfRejected);
    }
    app.sign_in("eve", PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
    // The app itself (same origin) and scripts (no such headers) work.
    let own = app.url().to_owned();
    let body = serde_json::json!({"login": "ada", "password": PASSWORD}).to_string();
    app.raw(
        &Method::SignIn.path(),
        JSON,
        body.clone().into_bytes(),
        &[("sec-fetch-site", "same-origin"), ("origin", own.as_str())],
    )
    .await
    .assert_ok();
    app.raw(&Method::SignIn.path(), JSON, body.into_bytes(), &[])
        .await
        .assert_ok();
}

#[tokio::test]
async fn over_https_the_signed_in_hint_and_the_device_cookie_are_host_only() {
    // Arrange: cookies for an HTTPS deployment.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_SECURE_COOKIES",
        "true",
    )]));
    app.signed_up("ada", PASSWORD).await;
    let body = serde_json::json!({"login": "ada", "password": PASSWORD}).to_string();

    // Act
    let answer = app
        .raw(
            &Method::SignIn.path(),
            JSON,
            body.into_bytes(),
            &[(CLIENT_HEADER, CLIENT_WEB)],
        )
        .await;

    // Assert: every cookie is __Host-, so no sibling subdomain can plant one.
    let cookies: Vec<&str> = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let names: Vec<&str> = cookies.iter().filter_map(|c| c.split('=').next()).collect();
    assert_eq!(
        names,
        [
            "__Host-twofold_session",
            "__Host-twofold_signed_in",
            "__Host-twofold_device"
        ]
    );
    for cookie in cookies {
        assert!(
            cookie.contains("; Secure") && cookie.contains("Path=/"),
            "{cookie}"
        );
    }
}

#[tokio::test]
async fn authorize_records_that_a_token_was_used_not_the_calling_service_s_address() {
    // Arrange: a proxy in front tells the script's address from the
    // platform service's; the clock moves so each use is recorded.
    let (app, clock) = TestApp::spawn_with_clock(ServerOptions::with_env(&[(
        "TWOFOLD_TRUSTED_PROXIES",
        "127.0.0.1",
    )]));
    let session = app.signed_up("ada", PASSWORD).await;
    let token = app.token(&session, "ci", &["GetAccount"]).await;
    let key = token.key.clone().expect("key");
    let bearer = format!("Bearer {key}");
    let call = |method: Method, from: &'static str, body: serde_json::Value| {
        let bearer = bearer.clone();
        let app = &app;
        async move {
            app.raw(
                &method.path(),
                JSON,
                body.to_string().into_bytes(),
                &[
                    ("authorization", bearer.as_str()),
                    ("x-forwarded-for", from),
                ],
            )
            .await
        }
    };

    // Act: the script uses it, then a minute later a platform service asks
    // Authorize about it.
    call(Method::GetAccount, "203.0.113.5", serde_json::json!({}))
        .await
        .assert_ok();
    clock.advance(120);
    let asked_at = clock.now();
    call(
        Method::Authorize,
        "198.51.100.7",
        serde_json::json!({"method": "GetAccount"}),
    )
    .await
    .assert_ok();

    // Assert
    let listed = app.get_tokens(&session).await.expect("GetTokens").tokens;
    let last_used = listed[0].last_used.expect("the use is recorded");
    assert!((asked_at..=clock.now()).contains(&last_used), "{last_used}");
    assert_eq!(listed[0].last_used_ip.as_deref(), Some("203.0.113.5"));
}
