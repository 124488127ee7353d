//! What a script author tripped over, each fixed and held here: a session
//! parameter beside a different Bearer header, the pending session as
//! Bearer, parameters in the query string, dates for `expiresAt`, the
//! `Allow` header of a 405, the numbers a form sends, and twofold-local's
//! own account of its defaults.

use reqwest::StatusCode;
use serde_json::json;
use twofold_api::{tokens::TokenResponse, Envelope, Method, ResultCode};
use twofold_e2e::{api::unix_now, local_binary, Raw, TestApp, PASSWORD};

const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn a_session_parameter_and_a_different_bearer_header_are_refused_and_the_same_one_twice_is_taken(
) {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.signed_up("ada", PASSWORD).await;
    let bob = app.signed_up("bob", PASSWORD).await;
    let bearer = |token: &str| ("authorization", format!("Bearer {token}"));

    // Act
    let (name, value) = bearer(&bob);
    let both = app
        .raw(
            &Method::GetAccount.path(),
            JSON,
            json!({ "session": ada }).to_string().into_bytes(),
            &[(name, value.as_str())],
        )
        .await;
    let (name, value) = bearer(&ada);
    let same = app
        .raw(
            &Method::GetAccount.path(),
            JSON,
            json!({ "session": ada }).to_string().into_bytes(),
            &[(name, value.as_str())],
        )
        .await;

    // Assert
    let parameter = both.assert_refused(ResultCode::InvalidParameter);
    assert_eq!(parameter.as_deref(), Some("session"));
    assert!(
        !both.body.to_string().contains(&ada),
        "no token in the error"
    );
    same.assert_ok();
    assert_eq!(same.body["login"], "ada");
}

#[tokio::test]
async fn verify_2fa_code_takes_the_pending_session_as_bearer_like_every_other_method() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;
    let full = app.signed_up("bob", PASSWORD).await;

    // Act
    let verified = app
        .post_json(
            Method::Verify2FACode,
            Some(&pending),
            &json!({ "code": ada.recovery_codes[0] }),
        )
        .await;
    let with_a_full_session = app
        .post_json(
            Method::Verify2FACode,
            Some(&full),
            &json!({ "code": ada.recovery_codes[1] }),
        )
        .await;
    let with_none = app
        .post_json(
            Method::Verify2FACode,
            None,
            &json!({ "code": ada.recovery_codes[1] }),
        )
        .await;

    // Assert
    verified.assert_ok();
    let session = verified.body["session"].as_str().expect("a full session");
    app.get_account(session).await.expect("it signs in");
    with_a_full_session.assert_refused(ResultCode::NotAPendingSession);
    assert_eq!(with_a_full_session.status, StatusCode::UNAUTHORIZED);
    with_none.assert_refused(ResultCode::NotSignedIn);
    assert_eq!(
        app.get_account(&ada.session)
            .await
            .expect("account")
            .two_factor
            .recovery_codes_left,
        9,
        "only the first code was spent"
    );
}

#[tokio::test]
async fn parameters_in_the_query_string_are_refused_naming_the_first_and_never_its_value() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let before = app.state(&session).await;

    // Act
    let sign_in = app
        .raw(
            &format!(
                "{}?login=ada&password=hunter2-in-a-url",
                Method::SignIn.path()
            ),
            JSON,
            b"{}".to_vec(),
            &[],
        )
        .await;
    let with_body = app
        .raw(
            &format!("{}?session={session}", Method::SignOut.path()),
            JSON,
            json!({ "session": session }).to_string().into_bytes(),
            &[],
        )
        .await;

    // Assert
    assert_eq!(
        sign_in
            .assert_refused(ResultCode::InvalidParameter)
            .as_deref(),
        Some("login")
    );
    assert!(!sign_in.body.to_string().contains("hunter2"));
    assert!(sign_in.body["error"]
        .as_str()
        .unwrap_or_default()
        .contains("body"));
    with_body.assert_refused(ResultCode::InvalidParameter);
    assert!(!with_body.body.to_string().contains(&session));
    assert_eq!(app.state(&session).await, before, "not signed out");
}

#[tokio::test]
async fn expires_at_takes_seconds_a_day_or_a_date_and_time_and_says_which_forms_it_wants() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    let now = unix_now();
    let in_days = |days: u64| now + days * 24 * 3600;
    let day = |seconds: u64| {
        // The civil date of `seconds` (UTC), as `YYYY-MM-DD`.
        let days = i64::try_from(seconds / 86_400).expect("days");
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        format!("{y:04}-{m:02}-{d:02}")
    };
    let create = |expires_at: serde_json::Value| {
        json!({
            "password": PASSWORD,
            "description": "ci",
            "apiList": ["GetAccount"],
            "expiresAt": expires_at,
        })
    };
    let midnight = |seconds: u64| seconds - seconds % 86_400;

    // Act
    let as_day = app
        .post_json(
            Method::CreateToken,
            Some(&session),
            &create(json!(day(in_days(30)))),
        )
        .await;
    let as_date_time = app
        .post_json(
            Method::CreateToken,
            Some(&session),
            &create(json!(format!("{}T12:00:00+02:00", day(in_days(31))))),
        )
        .await;
    let digits = in_days(32).to_string();
    let as_digits = app
        .post_form(
            Method::CreateToken,
            &[
                ("session", &session),
                ("password", PASSWORD),
                ("description", "ci"),
                ("apiList", "GetAccount"),
                ("expiresAt", &digits),
            ],
        )
        .await;
    let as_float = app
        .post_json(
            Method::CreateToken,
            Some(&session),
            &create(json!(in_days(33) as f64)),
        )
        .await;
    let malformed = app
        .post_json(
            Method::CreateToken,
            Some(&session),
            &create(json!("next tuesday")),
        )
        .await;
    let impossible = app
        .post_json(
            Method::CreateToken,
            Some(&session),
            &create(json!("2027-02-30")),
        )
        .await;

    // Assert
    let expiry = |raw: &Raw| {
        raw.assert_ok();
        serde_json::from_value::<Envelope<TokenResponse>>(raw.body.clone())
            .expect("a token")
            .body
            .token
            .expires_at
    };
    assert_eq!(expiry(&as_day), midnight(in_days(30)));
    assert_eq!(expiry(&as_date_time), midnight(in_days(31)) + 10 * 3600);
    assert_eq!(expiry(&as_digits), in_days(32));
    assert_eq!(expiry(&as_float), in_days(33));
    for refused in [&malformed, &impossible] {
        let parameter = refused.assert_refused(ResultCode::InvalidParameter);
        assert_eq!(parameter.as_deref(), Some("expiresAt"));
        let words = refused.body["error"].as_str().unwrap_or_default();
        assert!(words.contains("2027-01-01T12:00:00Z"), "{words}");
    }
    assert_eq!(
        app.get_tokens(&session).await.expect("tokens").tokens.len(),
        4
    );
}

#[tokio::test]
async fn a_method_called_with_another_http_method_says_it_takes_post() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let got = app.get(&Method::GetAccount.path()).await;

    // Assert
    got.assert_refused(ResultCode::MethodNotAllowed);
    assert_eq!(
        got.headers.get("allow").and_then(|v| v.to_str().ok()),
        Some("POST")
    );
}

#[tokio::test]
async fn twofold_local_help_tells_its_own_defaults_and_takes_no_key_on_the_command_line() {
    // Arrange
    let binary = local_binary();

    // Act
    let help = std::process::Command::new(&binary)
        .arg("--help")
        .output()
        .expect("twofold-local runs");

    // Assert
    let text = String::from_utf8_lossy(&help.stdout);
    let line = |name: &str| {
        text.lines()
            .find(|line| line.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name} in --help:\n{text}"))
            .to_owned()
    };
    assert!(line("TWOFOLD_SECURE_COOKIES").contains("default off here"));
    assert!(line("TWOFOLD_SEALING_KEY ").contains("sealing.key"));
    assert!(!line("TWOFOLD_SEALING_KEY ").contains("required"));
    assert!(line("TWOFOLD_SIGN_IN_MAX_PER_LOGIN").contains("1 to 100 (default 10)"));
    assert!(
        !text.contains("--sealing-key"),
        "no key on the command line"
    );
}
