//! The app in headless Chromium against `twofold-local` serving the release
//! build: every section of the seed, step by step, with a screenshot of each
//! step in `target/screenshots/<test>/`.
//!
//! Needs what `make test` prepares before the tests: Chromium and
//! chromedriver (`make tools`), the app's release build in `dist/`
//! (`make app`; `TWOFOLD_DIST` points at another) and twofold-local
//! (`make local`), which `TestApp` starts.

use anyhow::{ensure, Context, Result};
use tokio::sync::Mutex;
use twofold_e2e::browser::{action, check, dist_dir, find, keys, Browser};
use twofold_e2e::{Authenticator, ServerOptions, TestApp, PASSWORD};

/// One browser at a time: the machine has two cores, and a test that
/// starves makes its neighbours time out.
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// Runs `scenario` with a fresh server and browser; on failure, takes a
/// last screenshot before reporting.
async fn with_browser(
    test: &str,
    scenario: impl AsyncFnOnce(&Browser) -> Result<()>,
) -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..Default::default()
    });
    let browser = Browser::start(app.url(), test).await?;
    let outcome = scenario(&browser).await;
    if outcome.is_err() {
        let _ = browser.screenshot("failure").await;
    }
    let closed = browser.finish().await;
    outcome.and(closed)
}

/// A login nobody has used in this server yet.
fn new_login(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}{nanos}")
}

/// Setup wizard, step 1 to Done, with as few screenshots as the test wants;
/// returns the authenticator and the recovery codes.
async fn enable_two_factor(
    b: &Browser,
    password_needed: bool,
) -> Result<(Authenticator, Vec<String>)> {
    action::open_account_settings(b).await?;
    action::click(b, "Set Up Two-Factor Authentication").await?;
    if password_needed {
        action::confirm_password(b, PASSWORD).await?;
    }
    find::dialog(b, "Set Up Two-Factor Authentication").await?;
    let key = find::testid(b, "setup-key").await?.text().await?;
    let mut phone = Authenticator::from_base32(&key);
    action::type_code(b, &phone.next_code().await).await?;
    let codes: Vec<String> = check::recovery_codes(b)
        .await?
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    action::click(b, "Download").await?;
    action::click(b, "Done").await?;
    check::testid_contains(b, "tfa-status", "on").await?;
    Ok((phone, codes))
}

#[tokio::test]
async fn enabling_two_factor_follows_the_seed_step_by_step() -> Result<()> {
    with_browser("enable", async |b| {
        let login = new_login("enable");
        action::sign_up(b, &login, PASSWORD).await?;
        b.screenshot("dashboard").await?;

        // 1. Settings at the top right of the dashboard.
        find::testid(b, "settings-button").await?.click().await?;
        // 2. The Account tab, then Set Up Two-Factor Authentication.
        find::link(b, "Account").await?.click().await?;
        check::testid_contains(b, "tfa-status", "off").await?;
        b.screenshot("settings-account-off").await?;
        action::click(b, "Set Up Two-Factor Authentication").await?;

        // The password pop-up: labelled, focus inside, Tab stays inside.
        let dialog = find::dialog(b, "Confirm Your Password").await?;
        ensure!(
            check::focus_is_inside(b, &dialog).await?,
            "focus did not move into the pop-up"
        );
        for _ in 0..6 {
            action::press(b, keys::TAB).await?;
            ensure!(
                check::focus_is_inside(b, &dialog).await?,
                "Tab left the pop-up"
            );
        }
        action::press(b, &format!("{}{}", keys::SHIFT, keys::TAB)).await?;
        ensure!(
            check::focus_is_inside(b, &dialog).await?,
            "Shift+Tab left the pop-up"
        );
        action::type_into(b, "Password", "not the password").await?;
        action::click(b, "Confirm").await?;
        check::error_contains(b, "not correct").await?;
        b.screenshot("password-popup-wrong").await?;
        action::confirm_password(b, PASSWORD).await?;

        // 3. The QR code, the key for typing by hand, the code field.
        find::dialog(b, "Set Up Two-Factor Authentication").await?;
        let qr = find::testid(b, "qr-code").await?;
        let qr_width = b
            .client()
            .execute(
                "return arguments[0].naturalWidth;",
                vec![serde_json::to_value(&qr)?],
            )
            .await?;
        ensure!(
            qr_width.as_u64().unwrap_or(0) > 0,
            "the QR code image did not load"
        );
        let key = find::testid(b, "setup-key").await?.text().await?;
        let groups: Vec<&str> = key.split(' ').collect();
        ensure!(
            groups.len() >= 2 && groups.iter().all(|g| g.len() <= 4) && groups[0].len() == 4,
            "the key {key:?} is not grouped in fours"
        );
        check::testid_contains(b, "setup-account", &login).await?;
        ensure!(
            !find::testid(b, "setup-issuer")
                .await?
                .text()
                .await?
                .is_empty(),
            "no issuer"
        );
        check::testid_contains(b, "countdown", "New code in").await?;
        let field = find::field(b, "Authentication code").await?;
        ensure!(
            field.attr("inputmode").await?.as_deref() == Some("numeric"),
            "inputmode"
        );
        ensure!(
            field.attr("autocomplete").await?.as_deref() == Some("one-time-code"),
            "autocomplete"
        );
        b.screenshot("setup-step-1").await?;

        // A code pasted as "123 456" works: the field keeps the digits
        // and submits itself at six.
        let mut phone = Authenticator::from_base32(&key);
        let code = phone.next_code().await;
        action::type_code(b, &format!("{} {}", &code[..3], &code[3..])).await?;

        // 4. The recovery codes; Done waits for the checkbox.
        let codes = check::recovery_codes(b).await?;
        ensure!(codes.len() == 10, "{} recovery codes shown", codes.len());
        ensure!(
            codes.iter().all(|(_, used)| !used),
            "fresh codes marked used"
        );
        let done = find::button(b, "Done").await?;
        let saved = find::checkbox(b, "I've saved the data").await?;
        ensure!(
            !done.is_enabled().await?,
            "Done is enabled before the codes were saved"
        );
        ensure!(!saved.is_selected().await?, "the checkbox starts ticked");
        b.screenshot("setup-step-2-unsaved").await?;

        // Escape does not lose unsaved codes.
        action::press(b, keys::ESCAPE).await?;
        find::dialog(b, "Set Up Two-Factor Authentication").await?;

        // The checkbox by hand enables Done, and unticking disables it.
        saved.click().await?;
        check::enabled_becomes(&done, "Done", true).await?;
        saved.click().await?;
        check::enabled_becomes(&done, "Done", false).await?;
        // Copy ticks it.
        action::click(b, "Copy").await?;
        check::ticked_becomes(&saved, "I've saved the data", true).await?;
        check::enabled_becomes(&done, "Done", true).await?;
        saved.click().await?;
        check::enabled_becomes(&done, "Done", false).await?;
        // Download ticks it.
        action::click(b, "Download").await?;
        check::ticked_becomes(&saved, "I've saved the data", true).await?;
        check::enabled_becomes(&done, "Done", true).await?;
        b.screenshot("setup-step-2-saved").await?;
        done.click().await?;
        check::no_dialog(b).await?;

        check::testid_contains(b, "tfa-status", "Two-factor authentication is on").await?;
        check::testid_contains(b, "codes-left-summary", "10 recovery codes left").await?;
        find::testid(b, "device-loss-tip").await?;
        b.screenshot("settings-account-on").await?;

        // 5. Signing in now asks for a code: a wrong one says how many
        // attempts are left; the phone's code lets the person in.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Two-Factor Authentication").await?;
        find::testid(b, "device-loss-tip").await?;
        b.screenshot("sign-in-code-step").await?;
        action::type_code(b, &phone.wrong_code()).await?;
        let error = check::error_contains(b, "attempts left").await?;
        ensure!(error.contains("not valid"), "unexpected error {error:?}");
        b.screenshot("sign-in-wrong-code").await?;
        action::type_code(b, &phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        b.screenshot("signed-in-with-code").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn recovery_codes_can_be_viewed_downloaded_and_regenerated() -> Result<()> {
    with_browser("recovery-codes", async |b| {
        let login = new_login("codes");
        action::sign_up(b, &login, PASSWORD).await?;
        let (_phone, old_codes) = enable_two_factor(b, true).await?;

        // Sign in with a recovery code, typed in capitals with a space.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Two-Factor Authentication").await?;
        let spent = old_codes[0].clone();
        action::use_recovery_code(b, &spent.to_uppercase().replace('-', " ")).await?;
        find::heading(b, "Dashboard").await?;
        check::notice_contains(b, "9 recovery codes").await?;
        b.screenshot("signed-in-with-recovery-code").await?;

        // 1. Settings > Account > View Recovery Codes, after the password.
        action::open_account_settings(b).await?;
        check::testid_contains(b, "codes-left-summary", "9 recovery codes left").await?;
        action::click(b, "View Recovery Codes").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Recovery Codes").await?;
        // 2. The codes, the spent one struck through.
        let shown = check::recovery_codes(b).await?;
        ensure!(shown.len() == 10, "{} codes shown", shown.len());
        for (code, used) in &shown {
            ensure!(*used == (*code == spent), "{code} shown as used = {used}");
        }
        check::testid_contains(b, "codes-left", "9 of 10 codes left").await?;
        b.screenshot("view-recovery-codes").await?;

        // Download: the file holds every unused code and not the spent one.
        b.clear_downloads()?;
        action::click(b, "Download").await?;
        let file = b.downloaded("twofold-recovery-codes.txt").await?;
        ensure!(file.contains(&login), "the file does not name the account");
        for code in &old_codes[1..] {
            ensure!(file.contains(code.as_str()), "the file lacks {code}");
        }
        ensure!(
            !file.contains(spent.as_str()),
            "the file lists the spent code"
        );

        // 3. The link at the bottom, the confirmation, the new codes.
        action::click(b, "Generate new recovery codes").await?;
        find::dialog(b, "Generate New Recovery Codes?").await?;
        b.screenshot("regenerate-confirmation").await?;
        action::click(b, "Generate").await?;
        check::testid_contains(b, "regenerated-warning", "no longer work").await?;
        let new_codes: Vec<String> = check::recovery_codes(b)
            .await?
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        ensure!(new_codes.len() == 10, "{} new codes", new_codes.len());
        ensure!(
            new_codes.iter().all(|c| !old_codes.contains(c)),
            "an old code came back"
        );
        let done = find::button(b, "Done").await?;
        ensure!(
            !done.is_enabled().await?,
            "Done is enabled before the new codes were saved"
        );
        b.screenshot("regenerated-codes").await?;
        action::click(b, "Copy").await?;
        check::enabled_becomes(&done, "Done", true).await?;
        done.click().await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "codes-left-summary", "10 recovery codes left").await?;

        // An old code is refused at sign-in; a new one works.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::use_recovery_code(b, &old_codes[1]).await?;
        check::error_contains(b, "not valid").await?;
        b.screenshot("old-recovery-code-refused").await?;
        action::type_into(b, "Recovery code", &new_codes[0]).await?;
        action::click(b, "Verify").await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn disabling_two_factor_asks_for_confirmation_then_the_password() -> Result<()> {
    with_browser("disable", async |b| {
        let login = new_login("disable");
        action::sign_up(b, &login, PASSWORD).await?;
        enable_two_factor(b, true).await?;

        // 1. Settings > Account > Disable Two-Factor Authentication; the
        // tip on device loss is next to it.
        check::testid_contains(b, "device-loss-tip", "recovery codes").await?;
        b.screenshot("disable-button-and-tip").await?;
        action::click(b, "Disable Two-Factor Authentication").await?;
        find::dialog(b, "Disable Two-Factor Authentication?").await?;
        b.screenshot("disable-confirmation").await?;

        // Escape closes the pop-up and focus returns to the button.
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "Disable Two-Factor Authentication").await?;

        // 2. Confirm, then the password (asked even though this session
        // confirmed it minutes ago, as the seed describes).
        action::click(b, "Disable Two-Factor Authentication").await?;
        action::click(b, "Disable").await?;
        find::dialog(b, "Confirm Your Password").await?;
        b.screenshot("disable-password").await?;
        action::confirm_password(b, PASSWORD).await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "tfa-status", "off").await?;
        check::notice_contains(b, "just the login and password").await?;
        b.screenshot("disabled").await?;

        // The account is accessible with just the login and password.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn changing_the_password_in_the_app_lets_only_the_new_one_sign_in() -> Result<()> {
    with_browser("change-password", async |b| {
        // On a 360 px phone, where the form is tightest.
        b.resize(360, 780).await.context("a 360 px window")?;
        let login = new_login("password");
        let new_password = "a brand new passphrase";
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;
        find::heading(b, "Change Password").await?;
        check::fits_width(b).await?;
        b.screenshot("change-password-section").await?;

        // 1. Change Password asks for the password first, then opens the
        // form; Escape closes it.
        action::click(b, "Change Password").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Change Password").await?;
        check::fits_width(b).await?;
        b.screenshot("change-password-dialog").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // 2. Confirmed minutes ago: the form opens at once, and Escape
        // gives focus back to the button.
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password was asked for again"
        );
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "Change Password").await?;

        // 3. A mismatched confirmation is named before anything is sent.
        action::click(b, "Change Password").await?;
        action::type_into(b, "Current password", PASSWORD).await?;
        action::type_into(b, "New password", new_password).await?;
        action::type_into(b, "Confirm new password", "a brand new passphrasE").await?;
        action::click(b, "Change Password").await?;
        check::error_contains(b, "do not match").await?;
        b.screenshot("confirmation-mismatch").await?;

        // 4. Typed again and sent with Enter: the password changes.
        action::type_into(b, "Confirm new password", new_password).await?;
        action::press(b, keys::ENTER).await?;
        check::no_dialog(b).await?;
        check::notice_contains(
            b,
            "Your password was changed. Other sessions were signed out.",
        )
        .await?;
        b.screenshot("password-changed").await?;

        // The old password no longer signs in; the new one does.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::error_contains(b, "wrong").await?;
        action::sign_in_with_password(b, &login, new_password).await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn every_screen_fits_a_360_pixel_phone() -> Result<()> {
    with_browser("phone", async |b| {
        b.resize(360, 780).await.context("a 360 px window")?;
        b.open("/").await?;
        find::heading(b, "Sign In").await?;
        check::fits_width(b).await?;
        b.screenshot("sign-in").await?;

        let login = new_login("phone");
        action::sign_up(b, &login, PASSWORD).await?;
        check::fits_width(b).await?;
        b.screenshot("dashboard").await?;
        action::open_account_settings(b).await?;
        check::fits_width(b).await?;
        b.screenshot("settings-account").await?;

        action::click(b, "Set Up Two-Factor Authentication").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Set Up Two-Factor Authentication").await?;
        let key = find::testid(b, "setup-key").await?.text().await?;
        check::fits_width(b).await?;
        b.screenshot("setup-step-1").await?;
        let mut phone = Authenticator::from_base32(&key);
        action::type_code(b, &phone.next_code().await).await?;
        check::recovery_codes(b).await?;
        check::fits_width(b).await?;
        b.screenshot("setup-step-2").await?;
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;

        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::field(b, "Authentication code").await?;
        check::fits_width(b).await?;
        b.screenshot("sign-in-code-step").await?;
        action::type_code(b, &phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        find::link(b, "See the whole security log")
            .await?
            .click()
            .await?;
        check::testid_contains(b, "event-list", "Signed in with an authentication code").await?;
        check::fits_width(b).await?;
        b.screenshot("security-log").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn too_many_wrong_codes_lock_the_second_step_with_a_clear_message() -> Result<()> {
    with_browser("lockout", async |b| {
        let login = new_login("lock");
        action::sign_up(b, &login, PASSWORD).await?;
        let (mut phone, _) = enable_two_factor(b, true).await?;
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;

        // Wrong codes count down the attempts, then the step locks.
        let mut last = String::new();
        let mut locked = None;
        for _ in 0..10 {
            action::type_code(b, &phone.wrong_code()).await?;
            last = check::error_other_than(b, &last).await?;
            if last.contains("locked") {
                locked = Some(last.clone());
                break;
            }
            ensure!(last.contains("not valid"), "unexpected error {last:?}");
        }
        let locked = locked.context("ten wrong codes did not lock the second step")?;
        ensure!(
            locked.contains("Try again in"),
            "the lock does not say how long: {locked:?}"
        );
        b.screenshot("locked").await?;

        // Even the right code is refused while locked, in words.
        action::type_code_and_wait_for_answer(b, &phone.next_code().await).await?;
        check::error_contains(b, "locked").await?;
        ensure!(
            find::all_testid(b, "sign-out").await?.is_empty(),
            "signed in while locked"
        );
        Ok(())
    })
    .await
}
