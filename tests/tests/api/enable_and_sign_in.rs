//! The seed's main flow over HTTP: sign up, sign in, set up and enable 2FA,
//! sign out, and the two-step sign-in with a TOTP code.

use twofold_api::{Method, ResultCode};
use twofold_e2e::{api::unix_now, Authenticator, Refused, ServerOptions, TestApp, PASSWORD};

#[tokio::test]
async fn a_new_account_signs_in_with_its_password_alone() {
    // Arrange
    let app = TestApp::spawn();
    let first = app.sign_up("ada", PASSWORD).await.expect("sign up");

    // Act
    let signed_in = app.sign_in("Ada", PASSWORD).await.expect("sign in");

    // Assert
    assert!(first.session.is_some());
    assert_eq!(signed_in.login, "ada", "logins are case-insensitive");
    assert!(!signed_in.two_factor_required);
    assert_eq!(signed_in.attempts_left, None);
    let session = signed_in.session.expect("a full session in the body");
    let account = app.get_account(&session).await.expect("GetAccount");
    assert_eq!(account.login, "ada");
    assert!(!account.two_factor.enabled);
    assert_eq!(account.two_factor.recovery_codes_left, 0);
}

#[tokio::test]
async fn a_login_can_be_taken_only_once() {
    // Arrange
    let app = TestApp::spawn();
    app.signed_up("ada", PASSWORD).await;

    // Act
    let again = app.sign_up("ADA", "another password entirely").await;

    // Assert
    again.refused(ResultCode::LoginTaken);
    app.sign_in("ada", PASSWORD)
        .await
        .expect("the first account is untouched");
}

#[tokio::test]
async fn setup_gives_an_otpauth_uri_a_qr_code_and_the_same_key_for_manual_entry() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("confirm password");

    // Act
    let setup = app.setup_2fa(&session).await.expect("Setup2FA");

    // Assert
    let secret = setup
        .otpauth_uri
        .strip_prefix("otpauth://totp/Twofold:ada?secret=")
        .and_then(|rest| rest.strip_suffix("&issuer=Twofold"))
        .unwrap_or_else(|| panic!("unexpected URI {}", setup.otpauth_uri));
    assert_eq!(secret.len(), 32, "160 bits in base32");
    assert!(
        secret
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)),
        "{secret}"
    );
    let svg = setup.qr_svg.trim();
    assert!(
        svg.contains("<svg") && svg.ends_with("</svg>"),
        "an SVG document"
    );
    let typed: String = setup.secret.split_whitespace().collect();
    assert_eq!(
        typed.to_uppercase(),
        secret,
        "the manual key is the URI's secret"
    );
    assert_eq!(
        Authenticator::from_base32(&setup.secret).code_at(1_000_000),
        Authenticator::from_uri(&setup.otpauth_uri).code_at(1_000_000)
    );
    assert_eq!(
        (setup.issuer.as_str(), setup.account_name.as_str()),
        ("Twofold", "ada")
    );
    assert_eq!((setup.digits, setup.period), (6, 30));
    let account = app.get_account(&session).await.expect("GetAccount");
    assert!(
        !account.two_factor.enabled,
        "2FA stays off until a code confirms the secret"
    );
}

#[tokio::test]
async fn enabling_with_a_code_computed_from_the_uri_returns_ten_recovery_codes() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("confirm password");
    let setup = app.setup_2fa(&session).await.expect("Setup2FA");
    let mut phone = Authenticator::from_uri(&setup.otpauth_uri);

    // Act
    let wrong = app.enable_2fa(&session, &phone.wrong_code()).await;
    let enabled = app
        .enable_2fa(&session, &phone.next_code().await)
        .await
        .expect("Enable2FA");

    // Assert
    wrong.refused(ResultCode::InvalidCode);
    // New codes come in the shape Get2FABackupCodes has: all shown, none used.
    assert!(enabled.viewable);
    assert_eq!(enabled.left, 10);
    assert!(enabled.codes.iter().all(|entry| entry.used_at.is_none()));
    let codes = enabled.unused_codes();
    assert_eq!(codes.len(), 10);
    for code in &codes {
        let (left, right) = code
            .split_once('-')
            .unwrap_or_else(|| panic!("{code} has a dash"));
        assert_eq!((left.len(), right.len()), (5, 5), "{code}");
        let unambiguous =
            |c: char| (c.is_ascii_lowercase() || c.is_ascii_digit()) && !"01ilou".contains(c);
        assert!(left.chars().chain(right.chars()).all(unambiguous), "{code}");
    }
    let distinct: std::collections::HashSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 10);
    let account = app.get_account(&session).await.expect("GetAccount");
    assert!(account.two_factor.enabled);
    assert!(account.two_factor.enabled_at.is_some());
    assert_eq!(account.two_factor.recovery_codes_left, 10);
    assert!(account.two_factor.recovery_codes_viewable);
    // With 2FA on, Enable2FA is done: a second one is refused, and a new
    // set-up is for a new authenticator app (Change2FAApp).
    let again = app
        .setup_2fa(&session)
        .await
        .expect("a set-up for a new app");
    app.enable_2fa(
        &session,
        &Authenticator::from_uri(&again.otpauth_uri).code_at(unix_now()),
    )
    .await
    .refused(ResultCode::TwoFactorAlreadyEnabled);
}

#[tokio::test]
async fn a_signed_out_session_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    app.sign_out(&session).await.expect("SignOut");

    // Assert
    app.get_account(&session)
        .await
        .refused(ResultCode::NotSignedIn);
    app.sign_out(&session)
        .await
        .expect("signing out twice is harmless");
}

#[tokio::test]
async fn with_2fa_on_sign_in_is_pending_until_verify_2fa_code_takes_a_totp_code() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    app.sign_out(&ada.session).await.expect("SignOut");

    // Act
    let signed_in = app.sign_in("ada", PASSWORD).await.expect("sign in");
    let pending = signed_in.session.clone().expect("pending token");
    let verified = app
        .verify_2fa_code(&pending, &ada.phone.next_code().await)
        .await
        .expect("Verify2FACode");

    // Assert
    assert!(signed_in.two_factor_required);
    assert_eq!(signed_in.attempts_left, Some(5));
    assert_eq!(signed_in.retry_after, None);
    assert!(!verified.recovery_code_used);
    assert_eq!(verified.recovery_codes_left, 10);
    let session = verified.session.session.expect("a full session");
    assert_ne!(session, pending);
    assert_eq!(
        app.get_account(&session).await.expect("GetAccount").login,
        "ada"
    );
    let spent = app.verify_2fa_code(&pending, &ada.recovery_codes[0]).await;
    spent.refused(ResultCode::NotSignedIn);
    assert_eq!(
        app.get_account(&session)
            .await
            .expect("GetAccount")
            .two_factor
            .recovery_codes_left,
        10
    );
}

#[tokio::test]
async fn a_code_used_a_moment_ago_is_refused_as_just_used_and_not_counted() {
    // Arrange
    let app = TestApp::spawn();
    let mut ada = app.enrolled("ada", PASSWORD).await;
    let code = ada.phone.next_code().await;
    let first = app.pending("ada", PASSWORD).await;
    app.verify_2fa_code(&first, &code)
        .await
        .expect("the first use of the code");
    let second = app.pending("ada", PASSWORD).await;

    // Act
    let replay = app.verify_2fa_code(&second, &code).await;

    // Assert: refused, and not counted (only the secret's holder can
    // compute the code), with the wait for the next one.
    let error = replay.refused(ResultCode::CodeJustUsed);
    assert_eq!(error.attempts_left, Some(5));
    assert!(
        error.retry_after.is_some_and(|s| (1..=60).contains(&s)),
        "{error:?}"
    );
    assert!(error.error.contains("just used"), "{error}");
    let fresh = ada.phone.next_code().await;
    app.verify_2fa_code(&second, &fresh)
        .await
        .expect("the next code signs in");
}

#[tokio::test]
async fn the_code_that_enabled_2fa_cannot_sign_in() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let pending = app.pending("ada", PASSWORD).await;

    // Act
    let replay = app.verify_2fa_code(&pending, &ada.enable_code).await;

    // Assert: the person who just turned 2FA on and signs in again within
    // the same 30 seconds is told to wait, not charged an attempt.
    let error = replay.refused(ResultCode::CodeJustUsed);
    assert_eq!(error.attempts_left, Some(5));
}

#[tokio::test]
async fn enable_without_a_setup_is_refused() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;

    // Act
    let enabled = app.enable_2fa(&session, "123456").await;

    // Assert
    enabled.refused(ResultCode::NoPendingSetup);
    assert!(
        !app.get_account(&session)
            .await
            .expect("GetAccount")
            .two_factor
            .enabled
    );
}

#[tokio::test]
async fn a_second_setup_replaces_the_first_secret() {
    // Arrange
    let app = TestApp::spawn();
    let session = app.signed_up("ada", PASSWORD).await;
    app.check_password(&session, PASSWORD)
        .await
        .expect("confirm password");
    let first = app.setup_2fa(&session).await.expect("Setup2FA");
    let second = app.setup_2fa(&session).await.expect("Setup2FA again");

    // Act
    let stale = app
        .enable_2fa(
            &session,
            &Authenticator::from_uri(&first.otpauth_uri)
                .next_code()
                .await,
        )
        .await;
    let current = app
        .enable_2fa(
            &session,
            &Authenticator::from_uri(&second.otpauth_uri)
                .next_code()
                .await,
        )
        .await;

    // Assert
    assert_ne!(first.secret, second.secret);
    stale.refused(ResultCode::InvalidCode);
    assert_eq!(
        current
            .expect("the newest secret is the one enabled")
            .unused_codes()
            .len(),
        10
    );
}

#[tokio::test]
async fn the_secret_is_never_shown_again_after_enrollment() {
    // Arrange
    let app = TestApp::spawn();
    let ada = app.enrolled("ada", PASSWORD).await;
    let bearer = format!("Bearer {}", ada.session);
    let json = Some("application/json");

    // Act
    let mut bodies = Vec::new();
    for method in [
        Method::GetAccount,
        Method::Get2FABackupCodes,
        Method::GetEvents,
        Method::Setup2FA,
    ] {
        let answer = app
            .raw(
                &method.path(),
                json,
                b"{}".to_vec(),
                &[("authorization", &bearer)],
            )
            .await;
        bodies.push((method, answer));
    }

    // Assert
    for (method, answer) in &bodies {
        let text = answer.body.to_string();
        assert!(
            !text.contains(&ada.setup.secret),
            "{method} shows the secret"
        );
        assert!(
            !text
                .to_lowercase()
                .contains(&ada.setup.secret.to_lowercase()),
            "{method} shows the secret"
        );
    }
    // Setup2FA with 2FA on (this session's step-up, from Enable2FA's code,
    // has a second factor) makes a new secret, for a new app: never the
    // enrolled one, which the loop above looked for.
    bodies[3].1.assert_ok();
}

#[tokio::test]
async fn sign_up_can_be_switched_off() {
    // Arrange
    let app = TestApp::spawn_with(ServerOptions::with_env(&[("TWOFOLD_SIGN_UP", "off")]));

    // Act
    let answer = app.sign_up("ada", PASSWORD).await;

    // Assert
    answer.refused(ResultCode::SignUpDisabled);
    app.sign_in("ada", PASSWORD)
        .await
        .refused(ResultCode::InvalidCredentials);
}
