//! Nothing secret reaches the logs: with every log level on, the whole flow
//! runs and the server's output holds no password, TOTP secret, code,
//! recovery code or session token.

use twofold_api::{Method, ResultCode, CLIENT_HEADER, CLIENT_WEB};
use twofold_e2e::{Refused, ServerOptions, TestApp, PASSWORD};

const WRONG_PASSWORD: &str = "wrong horse battery staple";

/// Every level on, and the crates that print stored items, HTTP bodies and
/// raw events named by their own, more specific directives: the cap holds
/// whatever `RUST_LOG` says.
const EVERYTHING: &str = "trace,lambda_runtime=trace,lambda_runtime::layers=trace,\
lambda_http=trace,dynoxide=trace,aws_smithy_runtime=trace,aws_sdk_dynamodb=trace,\
aws_smithy_http_client=trace,hyper=trace,hyper_util=trace";

/// What every stored password hash starts with: none may be logged.
const ARGON2_HASH: &str = "$argon2id$";
const NEW_PASSWORD: &str = "new horse battery staple";

/// Where `needle` occurs in `haystack` as a token of its own (six-digit
/// codes also occur inside longer numbers, which is no leak).
fn occurrences<'a>(haystack: &'a str, needle: &str) -> Vec<&'a str> {
    let standalone = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    haystack
        .match_indices(needle)
        .filter(|(at, _)| {
            standalone(haystack[..*at].chars().next_back())
                && standalone(haystack[at + needle.len()..].chars().next())
        })
        .map(|(at, _)| {
            let line_start = haystack[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = haystack[at..].find('\n').map_or(haystack.len(), |i| at + i);
            &haystack[line_start..line_end]
        })
        .collect()
}

#[tokio::test]
async fn no_password_secret_code_or_token_appears_in_the_logs_at_trace_level() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[("RUST_LOG", EVERYTHING)]));
    let mut secrets: Vec<String> =
        vec![PASSWORD.into(), WRONG_PASSWORD.into(), NEW_PASSWORD.into()];

    // Act: the whole flow, with every kind of secret on the wire.
    let mut ada = app.enrolled("ada", PASSWORD).await;
    secrets.extend([
        ada.session.clone(),
        ada.setup.secret.clone(),
        ada.enable_code.clone(),
    ]);
    secrets.extend(ada.recovery_codes.iter().cloned());
    app.sign_in("ada", WRONG_PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
    app.check_password(&ada.session, WRONG_PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
    let pending = app.pending("ada", PASSWORD).await;
    let wrong = ada.phone.wrong_code();
    app.verify_2fa_code(&pending, &wrong)
        .await
        .refused(ResultCode::InvalidCode);
    let code = ada.phone.next_code().await;
    let totp = app
        .verify_2fa_code(&pending, &code)
        .await
        .expect("TOTP sign-in");
    secrets.extend([
        pending,
        wrong,
        code,
        totp.session.session.clone().expect("token"),
    ]);
    let pending = app.pending("ada", PASSWORD).await;
    let recovery = app
        .verify_2fa_code(&pending, &ada.recovery_codes[0].to_uppercase())
        .await
        .expect("recovery");
    secrets.extend([pending, recovery.session.session.clone().expect("token")]);
    let pending = app.pending("ada", PASSWORD).await;
    let body =
        serde_json::json!({"session": pending, "code": ada.recovery_codes[1].replace('-', "")});
    let web = app
        .raw(
            &Method::Verify2FACode.path(),
            Some("application/json"),
            body.to_string().into_bytes(),
            &[(CLIENT_HEADER, CLIENT_WEB)],
        )
        .await;
    let cookie = web
        .set_cookie()
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_owned();
    let cookie_token = cookie.trim_start_matches("twofold_session=").to_owned();
    assert!(cookie_token.starts_with("tfs_"), "{cookie}");
    secrets.extend([pending, cookie_token]);
    app.raw(
        &Method::GetAccount.path(),
        Some("application/x-www-form-urlencoded"),
        b"x=1".to_vec(),
        &[("cookie", &cookie)],
    )
    .await
    .assert_refused(ResultCode::CsrfRejected);
    app.get_backup_codes(&ada.session)
        .await
        .expect("Get2FABackupCodes");
    let fresh = app
        .regenerate_backup_codes(&ada.session)
        .await
        .expect("Regenerate")
        .unused_codes();
    secrets.extend(fresh.iter().cloned());
    app.change_password(&ada.session, PASSWORD, NEW_PASSWORD, Some(&fresh[0]))
        .await
        .expect("ChangePassword");
    app.disable_2fa(&ada.session).await.expect("Disable2FA");
    let garbage = format!("tfs_{}", "Zm9vYmFy".repeat(8));
    app.get_account(&garbage)
        .await
        .refused(ResultCode::NotSignedIn);
    secrets.push(garbage);
    app.sign_out(&ada.session).await.expect("SignOut");

    // Assert: once the last call's line is in (the output is read on
    // another thread), so no line of the flow is left unchecked.
    let output = app.server().output_with("method=\"SignOut\"").await;
    assert!(
        output.contains("TRACE") || output.contains("trace"),
        "trace logging was on"
    );
    assert!(output.lines().count() > 50, "the server logged the flow");
    assert!(
        output.contains("Verify2FACode") && output.contains("Disable2FA"),
        "each call is logged"
    );
    let mut variants: Vec<String> = Vec::new();
    for secret in &secrets {
        variants.push(secret.clone());
        variants.push(secret.replace('-', ""));
        variants.push(secret.to_uppercase());
        variants.push(secret.to_lowercase());
        variants.push(secret.replace('-', "").to_uppercase());
    }
    variants.sort();
    variants.dedup();
    for secret in variants.iter().filter(|s| !s.is_empty()) {
        let found = occurrences(&output, secret);
        assert!(
            found.is_empty(),
            "a secret is in the logs:\n{}",
            found.join("\n")
        );
    }
    assert!(
        !output.contains(ARGON2_HASH),
        "a password hash is in the logs"
    );
}

#[tokio::test]
async fn nothing_secret_reaches_a_lambda_function_s_log_at_trace_level() {
    // Arrange: the authentication function as in AWS, logging everything;
    // lambda_runtime prints every raw event it receives at debug.
    let mut function =
        twofold_e2e::lambda::LambdaFunction::start("authentication", &[("RUST_LOG", EVERYTHING)])
            .await;
    let recovery_code = "abcde-23456";
    let path = |method: Method| method.path();

    // Act: a password, a session token and a recovery code on the wire.
    let signed_up = function
        .post(
            &path(Method::SignUp),
            &serde_json::json!({"login": "ada", "password": PASSWORD}),
            "192.0.2.80",
        )
        .await;
    let body: serde_json::Value =
        serde_json::from_str(signed_up["body"].as_str().expect("a body")).expect("JSON");
    let session = body["session"].as_str().expect("a session").to_owned();
    function
        .post(
            &path(Method::SignIn),
            &serde_json::json!({"login": "ada", "password": WRONG_PASSWORD}),
            "192.0.2.80",
        )
        .await;
    function
        .post(
            &path(Method::Verify2FACode),
            &serde_json::json!({"session": session, "code": recovery_code}),
            "192.0.2.80",
        )
        .await;
    function
        .post(
            &path(Method::SignOut),
            &serde_json::json!({"session": session}),
            "192.0.2.80",
        )
        .await;

    // Assert: the function did log at trace level, and no secret.
    let output = function.output();
    assert!(output.contains("TRACE"), "trace logging is on:\n{output}");
    for secret in [PASSWORD, WRONG_PASSWORD, session.as_str(), recovery_code] {
        let found = occurrences(&output, secret);
        assert!(found.is_empty(), "{secret:?} in the Lambda log: {found:?}");
    }
    assert!(
        !output.contains(ARGON2_HASH),
        "a password hash in the Lambda log"
    );
}

#[tokio::test]
async fn refusals_the_service_expects_are_not_logged_as_warnings() {
    // Arrange: one sign-up per address per window.
    let app = TestApp::spawn_with(ServerOptions::with_env(&[(
        "TWOFOLD_SIGN_UP_MAX_PER_ADDRESS",
        "1",
    )]));
    app.signed_up("ada", PASSWORD).await;

    // Act: a throttled sign-up, and a taken login, each refused by a
    // condition of the store.
    app.sign_up("bob", PASSWORD)
        .await
        .refused(ResultCode::TooManySignUps);

    // Assert (the output is read on another thread, a moment after the
    // answer it belongs to)
    let output = app.server().output_with("result=208").await;
    assert!(output.contains("result=208"), "{output}");
    let warnings: Vec<&str> = output
        .lines()
        .filter(|line| line.contains("WARN") && !line.contains("no built app"))
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
}
