//! The app in headless Chromium against `twofold-local` serving the release
//! build: every section of the seed, step by step, with a screenshot of each
//! step in `target/screenshots/<test>/`.
//!
//! Needs what `make test` prepares before the tests: Chromium and
//! chromedriver (`make tools`), the app's release build in `dist/`
//! (`make app`; `TWOFOLD_DIST` points at another) and twofold-local
//! (`make local`), which `TestApp` starts.

use anyhow::{anyhow, ensure, Context, Result};
use fantoccini::Locator;
use tokio::sync::Mutex;
use twofold_api::account::{EventsResponse, GetEventsRequest};
use twofold_api::{Method, ResultCode};
use twofold_e2e::browser::{action, axe, check, dist_dir, find, keys, Browser};
use twofold_e2e::{Authenticator, Enrolled, Proof, ServerOptions, TestApp, PASSWORD};

/// One browser at a time: the machine has two cores, and a test that
/// starves makes its neighbours time out.
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// Runs `scenario` with a fresh server and browser; on failure, takes a
/// last screenshot before reporting.
async fn with_browser(
    test: &str,
    scenario: impl AsyncFnOnce(&Browser) -> Result<()>,
) -> Result<()> {
    with_app_and_browser(test, async |_app, browser| scenario(browser).await).await
}

/// [`with_browser`] for scenarios that also call the server over HTTP, as
/// a script or another device would.
async fn with_app_and_browser(
    test: &str,
    scenario: impl AsyncFnOnce(&TestApp, &Browser) -> Result<()>,
) -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    let app = serving_the_app()?;
    in_browser(&app, test, scenario).await
}

/// A fresh server that serves the app's release build.
fn serving_the_app() -> Result<TestApp> {
    Ok(TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..Default::default()
    }))
}

/// Runs `scenario` in a fresh browser on `app` (hold [`ONE_AT_A_TIME`]);
/// on failure, takes a last screenshot before reporting.
async fn in_browser(
    app: &TestApp,
    test: &str,
    scenario: impl AsyncFnOnce(&TestApp, &Browser) -> Result<()>,
) -> Result<()> {
    let browser = Browser::start(app.url(), test).await?;
    let outcome = scenario(app, &browser).await;
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

/// Opens the setup wizard from Settings > Account (through the password
/// pop-up when it is needed); returns the authenticator of step 1's key.
async fn start_two_factor_setup(b: &Browser, password_needed: bool) -> Result<Authenticator> {
    action::open_account_settings(b).await?;
    action::click(b, "Set Up Two-Factor Authentication").await?;
    if password_needed {
        action::confirm_password(b, PASSWORD).await?;
    }
    find::dialog(b, "Set Up Two-Factor Authentication").await?;
    let key = find::testid(b, "setup-key").await?.text().await?;
    Ok(Authenticator::from_base32(&key))
}

/// Setup wizard, step 1 to Done, with as few screenshots as the test wants;
/// returns the authenticator and the recovery codes.
async fn enable_two_factor(
    b: &Browser,
    password_needed: bool,
) -> Result<(Authenticator, Vec<String>)> {
    let mut phone = start_two_factor_setup(b, password_needed).await?;
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
        let saved = find::checkbox(b, "I've saved my recovery codes").await?;
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
        check::ticked_becomes(&saved, "I've saved my recovery codes", true).await?;
        check::enabled_becomes(&done, "Done", true).await?;
        saved.click().await?;
        check::enabled_becomes(&done, "Done", false).await?;
        // Download ticks it.
        action::click(b, "Download").await?;
        check::ticked_becomes(&saved, "I've saved my recovery codes", true).await?;
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
        let (mut phone, old_codes) = enable_two_factor(b, true).await?;

        // Sign in with a recovery code, typed in capitals with a space.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Two-Factor Authentication").await?;
        let spent = old_codes[0].clone();
        action::use_recovery_code(b, &spent.to_uppercase().replace('-', " ")).await?;
        find::heading(b, "Dashboard").await?;
        check::testid_contains(b, "recovery-banner", "9 recovery codes left").await?;
        b.screenshot("signed-in-with-recovery-code").await?;

        // 1. Settings > Account > View Recovery Codes, after the password
        // and, 2FA being on, a code from the app (the step-up).
        action::open_account_settings(b).await?;
        check::testid_contains(b, "codes-left-summary", "9 recovery codes left").await?;
        action::click(b, "View Recovery Codes").await?;
        action::confirm_password_and_code(b, PASSWORD, &phone.next_code().await).await?;
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
        let (mut phone, _codes) = enable_two_factor(b, true).await?;

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
        // confirmed it minutes ago, as the seed describes) and, 2FA being
        // on, a code from the app: the step-up of a change that needs a
        // second factor.
        action::click(b, "Disable Two-Factor Authentication").await?;
        action::click(b, "Disable").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        b.screenshot("disable-password").await?;
        action::confirm_password_and_code(b, PASSWORD, &phone.next_code().await).await?;
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

        // 1. Change Password opens the form at once: it asks for the
        // current password itself, so (unlike before the step-up work) no
        // "Confirm Your Password" pop-up comes first. With 2FA off it asks
        // for no code, and with no access token it lists none to keep.
        // Escape closes it.
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        find::testid(b, "change-password-form").await?;
        find::field(b, "Current password").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password pop-up came before the form"
        );
        for absent in ["step-up-second-factor", "token-keep-list"] {
            ensure!(
                find::all_testid(b, absent).await?.is_empty(),
                "[data-testid={absent}] is in the form of an account without 2FA or tokens"
            );
        }
        check::fits_width(b).await?;
        b.screenshot("change-password-dialog").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // 2. Again at once, and Escape gives focus back to the button.
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password pop-up came before the form"
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
async fn too_many_wrong_codes_lock_the_second_step_with_a_live_countdown() -> Result<()> {
    with_app_and_browser("lockout", async |app, b| {
        let login = new_login("lock");
        let account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_password(b, &login, PASSWORD).await?;

        // Wrong codes count down the attempts, then the step locks.
        let mut last = String::new();
        let mut locked = None;
        for _ in 0..10 {
            action::type_code(b, &account.phone.wrong_code()).await?;
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

        // The time left counts down, and the code form is disabled.
        let first = check::testid_contains(b, "wait-countdown", "Locked: ").await?;
        let start = lock_time_left(&first).with_context(|| format!("no time left in {first:?}"))?;
        ensure!(start > 60, "the lock ends in {start} s only");
        eventually_fewer(b, "wait-countdown", start, lock_time_left).await?;
        let field = find::field(b, "Authentication code").await?;
        ensure!(
            !field.is_enabled().await?,
            "the code field is usable while locked"
        );
        ensure!(
            !find::button(b, "Verify").await?.is_enabled().await?,
            "Verify is usable while locked"
        );
        b.screenshot("locked").await?;

        // A recovery code is still taken: its form is usable.
        action::click(b, "Use a recovery code instead").await?;
        let recovery = find::field(b, "Recovery code").await?;
        ensure!(
            recovery.is_enabled().await?,
            "the recovery code field is disabled"
        );
        ensure!(
            find::button(b, "Verify").await?.is_enabled().await?,
            "Verify is disabled for recovery codes"
        );
        b.screenshot("locked-recovery-code-usable").await?;

        // Starting over arrives at the same lock, disabled at once.
        action::click(b, "Back to login and password").await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::testid_contains(b, "wait-countdown", "Locked: ").await?;
        let field = find::field(b, "Authentication code").await?;
        ensure!(
            !field.is_enabled().await?,
            "the code field is usable after starting over"
        );
        ensure!(
            find::all_testid(b, "sign-out").await?.is_empty(),
            "signed in while locked"
        );
        Ok(())
    })
    .await
}

/// The seconds left in a lock's countdown, "Locked: 14:05 left".
fn lock_time_left(text: &str) -> Option<u64> {
    let clock = text.split("Locked: ").nth(1)?.split(' ').next()?;
    let (minutes, seconds) = clock.split_once(':')?;
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

/// Waits until the number read by `read` from `[data-testid=id]` is below
/// `start` (a countdown that moves).
async fn eventually_fewer(
    b: &Browser,
    id: &str,
    start: u64,
    read: impl Fn(&str) -> Option<u64>,
) -> Result<u64> {
    let read = &read;
    twofold_e2e::browser::eventually(
        &format!("[data-testid={id}] to count down from {start}"),
        || async move {
            for element in find::all_testid(b, id).await? {
                if let Some(now) = read(&element.text().await?) {
                    if now < start {
                        return Ok(Some(now));
                    }
                }
            }
            Ok(None)
        },
    )
    .await
}

#[tokio::test]
async fn a_code_used_a_moment_ago_asks_to_wait_for_the_next_one_and_costs_no_attempt() -> Result<()>
{
    with_app_and_browser("just-used", async |app, b| {
        let login = new_login("replay");
        let mut account = app.enrolled(&login, PASSWORD).await;
        // The code signs in somewhere else first (another tab, a script).
        let code = account.phone.next_code().await;
        let pending = app.pending(&login, PASSWORD).await;
        app.verify_2fa_code(&pending, &code)
            .await
            .map_err(|e| anyhow!("the first use of the code: {e}"))?;

        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &code).await?;
        let error = check::error_contains(b, "This code was just used.").await?;
        ensure!(
            error.contains("Wait for the next one (") && check::seconds_in(&error).is_some(),
            "the message reads {error:?}"
        );
        ensure!(
            !error.contains("attempts"),
            "an attempt was counted: {error:?}"
        );
        // The wait counts down (or has already run out, in words).
        let countdown = find::testid(b, "wait-countdown").await?.text().await?;
        match check::seconds_in(&countdown) {
            Some(start) if start > 1 => {
                eventually_fewer(b, "wait-countdown", start, check::seconds_in).await?;
            }
            _ => {
                check::error_contains(b, "shows a new code now").await?;
            }
        }
        b.screenshot("code-just-used").await?;

        // Nothing was counted: a wrong code now leaves four of five.
        action::type_code_and_wait_for_answer(b, &account.phone.wrong_code()).await?;
        check::error_contains(b, "That code is not valid. 4 attempts left.").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_two_factor_status_is_fresh_after_step_one_after_back_and_after_reload() -> Result<()> {
    with_browser("fresh-status", async |b| {
        let login = new_login("fresh");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;
        action::click(b, "Set Up Two-Factor Authentication").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Set Up Two-Factor Authentication").await?;
        check::page_behind_is_inert(b).await?;
        // A phone cannot scan its own screen: the same key as a link.
        let href = find::testid(b, "open-in-app")
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        ensure!(
            href.starts_with("otpauth://totp/") && href.contains("secret="),
            "the link is {href:?}"
        );
        let key = find::testid(b, "setup-key").await?.text().await?;
        let mut phone = Authenticator::from_base32(&key);

        // The sixth digit sends the code: focus moves to step 2's heading,
        // and the page behind stays out of reach.
        action::type_code(b, &phone.next_code().await).await?;
        check::focus_is_on_heading(b, "Save your recovery codes").await?;
        check::page_behind_is_inert(b).await?;
        // 2FA is on from here, and the card behind says so.
        check::testid_contains(b, "tfa-status", "Two-factor authentication is on").await?;
        b.screenshot("step-2-focused").await?;

        // Browser Back leaves the codes unconfirmed: the dashboard says On.
        b.client().back().await.context("browser Back")?;
        check::testid_contains(b, "security-summary", "protects your account").await?;
        check::focus_is_on_heading(b, "Dashboard").await?;
        find::testid(b, "settings-button").await?.click().await?;
        check::testid_contains(b, "tfa-status", "Two-factor authentication is on").await?;
        check::testid_contains(b, "codes-unconfirmed", "haven't confirmed").await?;

        // After a reload too, until the codes are saved.
        b.client().refresh().await.context("reloading")?;
        check::testid_contains(b, "tfa-status", "Two-factor authentication is on").await?;
        check::testid_contains(b, "codes-unconfirmed", "haven't confirmed").await?;
        b.screenshot("codes-unconfirmed").await?;
        action::click(b, "View and Save Recovery Codes").await?;
        // The codes need a step-up with a second factor now that 2FA is
        // on; Enable2FA's code proved one for this session a moment ago
        // (docs/SECURITY.md, "Enable2FA counts as a second-factor step-up
        // for its own session"), so they open without the pop-up.
        find::dialog(b, "Recovery Codes").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the pop-up opened although Enable2FA proved a second factor"
        );
        let done = find::button(b, "Done").await?;
        ensure!(
            !done.is_enabled().await?,
            "Done before the codes were saved"
        );
        action::click(b, "Download").await?;
        check::enabled_becomes(&done, "Done", true).await?;
        done.click().await?;
        check::no_dialog(b).await?;
        check::count_becomes(b, "codes-unconfirmed", 0).await?;
        // The button that opened the codes is gone: focus on the section.
        check::focus_is_on_heading(b, "Two-Factor Authentication").await?;
        b.client().refresh().await.context("reloading")?;
        check::testid_contains(b, "tfa-status", "Two-factor authentication is on").await?;
        ensure!(
            find::all_testid(b, "codes-unconfirmed").await?.is_empty(),
            "the notice came back after the codes were saved"
        );

        // Disable (the password and a code, asked every time): focus lands
        // on the section, which now says Off.
        action::click(b, "Disable Two-Factor Authentication").await?;
        find::dialog(b, "Disable Two-Factor Authentication?").await?;
        action::click(b, "Disable").await?;
        action::confirm_password_and_code(b, PASSWORD, &phone.next_code().await).await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "tfa-status", "off").await?;
        check::focus_is_on_heading(b, "Two-Factor Authentication").await?;
        Ok(())
    })
    .await
}

/// The same-origin scripts and wasm this page has fetched, by name without
/// the content hash (`/twofold-sign-in.js`), sorted: the order in which
/// the browser records them varies.
async fn bundles_fetched(b: &Browser) -> Result<Vec<String>> {
    let names = b
        .script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)\
             .filter(p => p.endsWith('.js') || p.endsWith('.wasm'));",
        )
        .await?;
    let mut names: Vec<String> = names
        .as_array()
        .context("a list of names")?
        .iter()
        .filter_map(|name| name.as_str())
        .map(|name| {
            let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
            let stem = stem.strip_suffix("_bg").unwrap_or(stem);
            let stem = stem.rsplit_once('-').map_or(stem, |(base, _hash)| base);
            format!("{stem}.{ext}")
        })
        .collect();
    names.sort();
    Ok(names)
}

#[tokio::test]
async fn a_load_of_sign_in_fetches_only_the_sign_in_bundle_which_hands_over_to_the_app(
) -> Result<()> {
    with_app_and_browser("sign-in-bundle", async |app, b| {
        let login = new_login("bundle");
        app.sign_up(&login, PASSWORD)
            .await
            .map_err(anyhow::Error::msg)?;
        b.open("/signin").await?;
        find::heading(b, "Sign In").await?;
        // The order of the entries varies (the wasm is preloaded): the
        // property is "only these", so they are compared sorted.
        let fetched = bundles_fetched(b).await?;
        ensure!(
            fetched == ["/twofold-sign-in.js", "/twofold-sign-in.wasm"],
            "a load of /signin fetches the sign-in bundle alone: {fetched:?}"
        );
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        ensure!(b.path().await? == "/", "signed in, the app is at /");
        let fetched = bundles_fetched(b).await?;
        ensure!(
            fetched == ["/twofold-app.js", "/twofold-app.wasm"],
            "the dashboard is the app, loaded afresh: {fetched:?}"
        );
        // The sign-in page left the history: Back does not show it again.
        let back = b.script("return history.length;").await?;
        ensure!(
            back.as_u64() == Some(2),
            "the history holds the start page and the dashboard, not the sign-in page: {back}"
        );
        // Someone signed in who opens /signin goes to the app.
        b.open("/signin").await?;
        find::heading(b, "Dashboard").await?;
        ensure!(
            b.path().await? == "/",
            "a signed-in load of /signin ends at /"
        );
        b.screenshot("signed-in-load-of-signin").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn every_route_has_its_title_and_focus_starts_at_its_heading() -> Result<()> {
    with_browser("routes", async |b| {
        // A load of /signin is the sign-in bundle, which has its own title.
        b.open("/signin").await?;
        find::heading(b, "Sign In").await?;
        check::title_becomes(b, "Sign in — Twofold").await?;
        // Its link loads the app (a new page: focus starts at the top);
        // from there on the app routes in the browser and moves focus.
        find::link(b, "Create an account").await?.click().await?;
        check::title_becomes(b, "Create account — Twofold").await?;
        find::heading(b, "Create Account").await?;
        find::link(b, "Sign in").await?.click().await?;
        check::title_becomes(b, "Sign in — Twofold").await?;
        check::focus_is_on_heading(b, "Sign In").await?;
        find::link(b, "Create an account").await?.click().await?;
        check::title_becomes(b, "Create account — Twofold").await?;
        check::focus_is_on_heading(b, "Create Account").await?;
        let login = new_login("routes");
        action::type_into(b, "Login", &login).await?;
        action::type_into(b, "Password", PASSWORD).await?;
        action::click(b, "Sign Up").await?;
        check::title_becomes(b, "Dashboard — Twofold").await?;
        check::focus_is_on_heading(b, "Dashboard").await?;
        find::testid(b, "settings-button").await?.click().await?;
        check::title_becomes(b, "Settings — Twofold").await?;
        check::focus_is_on_heading(b, "Account").await?;
        for (tab, title, heading) in [
            (
                "Access Tokens",
                "Access Tokens — Settings — Twofold",
                "Personal Access Tokens",
            ),
            ("Sessions", "Sessions — Settings — Twofold", "Sessions"),
            (
                "Security Log",
                "Security Log — Settings — Twofold",
                "Security Log",
            ),
        ] {
            find::link(b, tab).await?.click().await?;
            check::title_becomes(b, title).await?;
            check::focus_is_on_heading(b, heading).await?;
        }
        find::link(b, "Twofold").await?.click().await?;
        check::focus_is_on_heading(b, "Dashboard").await?;
        b.open("/no/such/page").await?;
        check::title_becomes(b, "Page not found — Twofold").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_64_character_login_and_long_labels_fit_320_and_360_pixel_phones() -> Result<()> {
    with_browser("long-login", async |b| {
        let base = new_login("long");
        let login = format!("{base}{}", "x".repeat(64 - base.len()));
        action::sign_up(b, &login, PASSWORD).await?;
        check::testid_contains(b, "security-summary", "Add an extra security layer").await?;
        for width in [1280, 360, 320] {
            b.resize(width, 800).await?;
            b.open("/").await?;
            find::heading(b, "Dashboard").await?;
            check::fits_width(b)
                .await
                .with_context(|| format!("dashboard at {width}"))?;
            b.screenshot(&format!("dashboard-{width}")).await?;
            b.open("/settings/account").await?;
            check::testid_contains(b, "account-login", &login).await?;
            check::fits_width(b)
                .await
                .with_context(|| format!("settings at {width}"))?;
            check::inside_its_card(b, "set-up").await?;
            b.screenshot(&format!("settings-{width}")).await?;
        }
        // On a phone, step 1 starts at its heading, not in the code field
        // (the keyboard would cover the QR code and the instructions).
        b.resize(360, 740).await?;
        action::click(b, "Set Up Two-Factor Authentication").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Set Up Two-Factor Authentication").await?;
        check::focus_is_on_heading(b, "Register your authentication application").await?;
        find::testid(b, "open-in-app").await?;
        check::fits_width(b).await?;
        b.screenshot("setup-step-1-phone").await?;
        let key = find::testid(b, "setup-key").await?.text().await?;
        let mut phone = Authenticator::from_base32(&key);
        action::type_code(b, &phone.next_code().await).await?;
        check::recovery_codes(b).await?;
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        for width in [360, 320] {
            b.resize(width, 740).await?;
            check::testid_contains(b, "tfa-status", "on").await?;
            check::fits_width(b)
                .await
                .with_context(|| format!("2FA on at {width}"))?;
            check::inside_its_card(b, "disable").await?;
            b.screenshot(&format!("settings-on-{width}")).await?;
        }
        Ok(())
    })
    .await
}

/// Signs `login` in over HTTP as `user_agent` would, and returns the
/// session: another device or a script.
async fn signed_in_elsewhere(app: &TestApp, login: &str, user_agent: &str) -> Result<String> {
    let body = serde_json::json!({ "login": login, "password": PASSWORD });
    let answer = app
        .raw(
            Method::SignIn.path().as_str(),
            Some("application/json"),
            serde_json::to_vec(&body)?,
            &[("user-agent", user_agent)],
        )
        .await;
    answer.assert_ok();
    answer
        .body
        .get("session")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("SignIn answered without a session: {}", answer.body))
}

#[tokio::test]
async fn a_token_made_in_the_app_works_over_http_until_it_is_removed_in_the_app() -> Result<()> {
    with_app_and_browser("tokens", async |app, b| {
        let login = new_login("tokens");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_settings_tab(b, "Access Tokens", "Personal Access Tokens").await?;
        check::testid_contains(b, "no-tokens", "no access tokens").await?;
        b.screenshot("tokens-empty").await?;

        // Generate: the checklist offers only what a token may call.
        action::click(b, "Generate New Token").await?;
        find::dialog(b, "Generate Access Token").await?;
        let offered = find::testid(b, "token-methods").await?.text().await?;
        for method in ["GetAccount", "GetEvents"] {
            ensure!(
                offered.contains(method),
                "{method} is not offered: {offered:?}"
            );
        }
        for never in [
            "SignIn",
            "CheckPassword",
            "Disable2FA",
            "CreateToken",
            "GetSessions",
        ] {
            ensure!(!offered.contains(never), "{never} is offered: {offered:?}");
        }
        action::type_into(b, "Description", "deploy from CI").await?;
        find::checkbox(b, "GetAccount").await?.click().await?;
        // A method tokens may never call is named before the password.
        action::type_into(b, "Other platform methods", "Disable2FA").await?;
        action::click(b, "Generate").await?;
        check::error_contains(b, "Tokens may never call Disable2FA").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password was asked for a form that cannot work"
        );
        action::type_into(b, "Other platform methods", "env.control.CreateEnvironment").await?;
        find::testid(b, "expiry-7").await?.click().await?;
        check::testid_contains(b, "token-expires", "The token will stop working on").await?;
        b.screenshot("generate-form").await?;
        action::click(b, "Generate").await?;

        // The password pop-up carries the password with the call: a wrong
        // one is said there, and nothing is made.
        action::confirm_password(b, "not the password").await?;
        check::error_contains(b, "not correct").await?;
        b.screenshot("generate-wrong-password").await?;
        action::confirm_password(b, PASSWORD).await?;

        // The value, once, with the warning, Copy and Download.
        find::dialog(b, "New Access Token").await?;
        check::testid_contains(b, "token-warning", "will not be shown again").await?;
        let key = find::testid(b, "token-value").await?.text().await?;
        ensure!(
            key.starts_with("tft_") && key.len() > 30,
            "the token reads {key:?}"
        );
        action::click(b, "Copy").await?;
        check::testid_contains(b, "token-status", "Token copied").await?;
        let pasted = action::paste_clipboard(b).await?;
        ensure!(
            pasted == key,
            "the clipboard holds {pasted:?}, not the token"
        );
        b.clear_downloads()?;
        action::click(b, "Download").await?;
        let file = b.downloaded("twofold-token-1.txt").await?;
        ensure!(file.trim() == key, "the downloaded file holds {file:?}");
        b.screenshot("token-shown-once").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;

        // Listed, without its value: soon to expire, never used yet.
        check::count_becomes(b, "token", 1).await?;
        check::testid_contains(b, "token-description", "deploy from CI").await?;
        check::testid_contains(b, "token-expires-at", "(in 7 days)").await?;
        check::testid_contains(b, "token-api-list", "env.control.CreateEnvironment").await?;
        check::testid_contains(b, "token-last-used", "Never").await?;
        check::page_lacks(b, "the token's value", &key).await?;
        b.screenshot("token-listed").await?;

        // A script uses it: a method in its list works, one outside is
        // refused with its own code.
        let account = app
            .get_account(&key)
            .await
            .map_err(|e| anyhow!("GetAccount with the token: {e}"))?;
        ensure!(
            account.login == login,
            "the token acts as {}",
            account.login
        );
        let outside = app
            .call::<_, EventsResponse>(
                Method::GetEvents,
                Some(&key),
                &GetEventsRequest {
                    limit: None,
                    after: None,
                },
            )
            .await;
        ensure!(
            matches!(&outside, Err(e) if e.result == ResultCode::TokenMethodRefused),
            "GetEvents outside the list answered {outside:?}"
        );

        // The list shows the use once reloaded.
        b.open("/settings/tokens").await?;
        check::testid_contains(b, "token-last-used", "from ").await?;

        // Remove, after a confirmation. The password confirmed for
        // Generate minutes ago covers it: one confirmation for a run of
        // token changes, so (unlike before) no pop-up comes again.
        action::click(b, "Remove").await?;
        find::dialog(b, "Remove This Token?").await?;
        b.screenshot("remove-confirmation").await?;
        action::click(b, "Remove").await?;
        // A pop-up would keep the confirmation open.
        check::no_dialog(b).await?;
        check::notice_contains(b, "was removed").await?;
        check::testid_contains(b, "no-tokens", "no access tokens").await?;
        b.screenshot("token-removed").await?;

        // From the very next call, the token is refused.
        let after = app.get_account(&key).await;
        ensure!(
            matches!(&after, Err(e) if e.result == ResultCode::NotSignedIn),
            "GetAccount with the removed token answered {after:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_regenerated_token_shows_its_new_value_once_and_the_old_one_stops() -> Result<()> {
    with_app_and_browser("token-regenerate", async |app, b| {
        // On a 360 px phone, where the form and the value are tightest.
        b.resize(360, 780).await.context("a 360 px window")?;
        let login = new_login("regen");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_settings_tab(b, "Access Tokens", "Personal Access Tokens").await?;
        check::fits_width(b).await?;
        // By keyboard: Enter in the description sends the form.
        action::click(b, "Generate New Token").await?;
        find::dialog(b, "Generate Access Token").await?;
        check::fits_width(b).await?;
        b.screenshot("generate-form-phone").await?;
        find::checkbox(b, "GetAccount").await?.click().await?;
        action::type_into(b, "Description", "nightly report").await?;
        action::press(b, keys::ENTER).await?;
        action::confirm_password(b, PASSWORD).await?;
        let old = find::testid(b, "token-value").await?.text().await?;
        check::fits_width(b).await?;
        b.screenshot("token-value-phone").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        check::fits_width(b).await?;
        b.screenshot("token-list-phone").await?;

        // Edit: a new description, saved at once: the password confirmed
        // for Generate minutes ago covers the token changes that follow
        // (one confirmation; before the step-up work each change asked).
        action::click(b, "Edit").await?;
        find::dialog(b, "Edit Access Token").await?;
        action::type_into(b, "Description", "nightly usage report").await?;
        action::click(b, "Save").await?;
        check::notice_contains(b, "“nightly usage report” was saved").await?;
        check::testid_contains(b, "token-description", "nightly usage report").await?;
        check::no_dialog(b).await?;

        // Regenerate: a confirmation, then the new value once, still
        // without the password.
        action::click(b, "Regenerate").await?;
        find::dialog(b, "Regenerate This Token?").await?;
        action::click(b, "Regenerate").await?;
        find::dialog(b, "Token Regenerated").await?;
        let new = find::testid(b, "token-value").await?.text().await?;
        ensure!(
            new.starts_with("tft_") && new != old,
            "the new value is {new:?}"
        );
        b.screenshot("token-regenerated").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        check::page_lacks(b, "the new value", &new).await?;

        let refused = app.get_account(&old).await;
        ensure!(
            matches!(&refused, Err(e) if e.result == ResultCode::NotSignedIn),
            "the old value answered {refused:?}"
        );
        app.get_account(&new)
            .await
            .map_err(|e| anyhow!("the new value was refused: {e}"))?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn other_sessions_are_listed_and_signed_out_from_the_sessions_tab() -> Result<()> {
    with_app_and_browser("sessions", async |app, b| {
        // On a 360 px phone, where the list is tightest.
        b.resize(360, 780).await.context("a 360 px window")?;
        let login = new_login("sessions");
        action::sign_up(b, &login, PASSWORD).await?;
        let script = signed_in_elsewhere(app, &login, "curl/8.5.0").await?;

        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        check::count_becomes(b, "session", 2).await?;
        let this = find::testid_with(b, "session", "data-current", "true").await?;
        let this_text = this.text().await?;
        ensure!(
            // The badge is drawn in capitals.
            this_text.to_lowercase().contains("this session")
                && this_text.contains("Chrome on Linux"),
            "this session reads {this_text:?}"
        );
        let other = find::testid_with(b, "session", "data-current", "false").await?;
        let other_text = other.text().await?;
        ensure!(
            other_text.contains("curl") && other_text.contains("127.0.0.1"),
            "the other session reads {other_text:?}"
        );
        ensure!(
            !other_text.to_lowercase().contains("this session"),
            "both are this session"
        );
        check::fits_width(b).await?;
        b.screenshot("two-sessions").await?;

        // Sign out the other one. It signed in after this session, so the
        // server asks for the step-up first (new: a stolen session cannot
        // keep its owner out): the password pop-up, then the sign-out is
        // sent again.
        other
            .find(Locator::Css("[data-testid='sign-out-session']"))
            .await?
            .click()
            .await?;
        find::dialog(b, "Confirm Your Password").await?;
        ensure!(
            find::all_testid(b, "step-up-second-factor")
                .await?
                .is_empty(),
            "a code was asked for with 2FA off"
        );
        check::fits_width(b).await?;
        b.screenshot("newer-session-password").await?;
        action::confirm_password(b, PASSWORD).await?;
        check::no_dialog(b).await?;
        check::notice_contains(b, "1 session was signed out.").await?;
        check::count_becomes(b, "session", 1).await?;
        find::testid(b, "no-other-sessions").await?;
        b.screenshot("other-signed-out").await?;
        let ended = app.get_account(&script).await;
        ensure!(
            matches!(&ended, Err(e) if e.result == ResultCode::NotSignedIn),
            "the signed-out session answered {ended:?}"
        );

        // Sign out all other sessions, after a confirmation (the password
        // confirmed above still covers it: no pop-up).
        let phone = signed_in_elsewhere(
            app,
            &login,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
             (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        )
        .await?;
        let laptop = signed_in_elsewhere(app, &login, "").await?;
        b.open("/settings/sessions").await?;
        check::count_becomes(b, "session", 3).await?;
        check::testid_contains(b, "session-browser", "Safari on iPhone").await?;
        check::testid_contains(b, "session-browser", "Unknown browser").await?;
        check::fits_width(b).await?;
        b.screenshot("three-sessions").await?;
        action::click(b, "Sign Out All Other Sessions").await?;
        find::dialog(b, "Sign Out All Other Sessions?").await?;
        action::click(b, "Sign Out All").await?;
        check::no_dialog(b).await?;
        check::notice_contains(b, "2 sessions were signed out.").await?;
        check::count_becomes(b, "session", 1).await?;
        for (name, session) in [("the phone", &phone), ("the laptop", &laptop)] {
            let ended = app.get_account(session).await;
            ensure!(
                matches!(&ended, Err(e) if e.result == ResultCode::NotSignedIn),
                "{name} answered {ended:?}"
            );
        }
        // This session is still signed in, and listed.
        b.open("/settings/sessions").await?;
        find::testid_with(b, "session", "data-current", "true").await?;
        ensure!(
            b.path().await? == "/settings/sessions",
            "left the Sessions tab"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_recovery_code_sign_in_shows_the_codes_left_and_few_left_lead_to_new_ones() -> Result<()>
{
    with_app_and_browser("recovery-banner", async |app, b| {
        let login = new_login("banner");
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();

        // A sign-in with a recovery code: the banner with the count.
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &codes[0]).await?;
        find::heading(b, "Dashboard").await?;
        let banner = check::testid_contains(b, "recovery-banner", "9 recovery codes left").await?;
        ensure!(
            banner.contains("You signed in with a recovery code"),
            "the banner reads {banner:?}"
        );
        ensure!(
            find::all_testid(b, "banner-regenerate").await?.is_empty(),
            "nine codes left do not urge new ones"
        );
        b.screenshot("recovery-sign-in-banner").await?;
        find::testid(b, "recovery-banner")
            .await?
            .find(Locator::Css("button[aria-label='Dismiss']"))
            .await?
            .click()
            .await?;
        check::count_becomes(b, "recovery-banner", 0).await?;

        // Three left (spent elsewhere): the dashboard urges new codes.
        for code in &codes[1..7] {
            app.signed_in_with_recovery_code(&login, PASSWORD, code)
                .await;
        }
        b.open("/").await?;
        check::testid_contains(b, "recovery-banner", "Only 3 recovery codes left").await?;
        b.screenshot("few-codes-left").await?;

        // One click, the password and a code from the app (the step-up),
        // the new codes behind the save gate.
        action::click(b, "Generate New Recovery Codes").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;
        check::testid_contains(b, "regenerated-warning", "no longer work").await?;
        let new_codes = check::recovery_codes(b).await?;
        ensure!(new_codes.len() == 10, "{} new codes", new_codes.len());
        let done = find::button(b, "Done").await?;
        ensure!(
            !done.is_enabled().await?,
            "Done before the codes were saved"
        );
        action::click(b, "Download").await?;
        check::enabled_becomes(&done, "Done", true).await?;
        done.click().await?;
        check::no_dialog(b).await?;
        check::count_becomes(b, "recovery-banner", 0).await?;
        action::open_account_settings(b).await?;
        check::testid_contains(b, "codes-left-summary", "10 recovery codes left").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn signing_in_with_the_last_recovery_code_leads_straight_to_new_codes() -> Result<()> {
    with_app_and_browser("last-recovery-code", async |app, b| {
        let login = new_login("last");
        let mut account = app.enrolled(&login, PASSWORD).await;
        let (spent, last) = account.recovery_codes.split_at(9);
        for code in spent {
            app.signed_in_with_recovery_code(&login, PASSWORD, code)
                .await;
        }

        action::sign_in_with_recovery_code(b, &login, PASSWORD, &last[0]).await?;
        // Regeneration before anything else: the password pop-up at once,
        // with the code from the app (no recovery code is left to offer).
        find::heading(b, "New Recovery Codes").await?;
        check::testid_contains(b, "regeneration-reason", "your last recovery code").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        ensure!(
            b.path().await? == "/recovery-codes",
            "not on the regeneration screen"
        );
        b.screenshot("last-code-regeneration").await?;

        // Settings (or anything else) sends back here until there are codes,
        // with the password pop-up again.
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        b.open("/settings/tokens").await?;
        find::heading(b, "New Recovery Codes").await?;
        find::dialog(b, "Confirm Your Password").await?;
        ensure!(
            b.path().await? == "/recovery-codes",
            "Settings opened without codes"
        );
        check::testid_contains(b, "regeneration-reason", "no recovery codes left").await?;

        // Cancelled, the button starts it again.
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        action::click(b, "Generate New Recovery Codes").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;
        let new_codes = check::recovery_codes(b).await?;
        ensure!(new_codes.len() == 10, "{} new codes", new_codes.len());
        b.screenshot("last-code-new-codes").await?;
        let done = find::button(b, "Done").await?;
        ensure!(
            !done.is_enabled().await?,
            "Done before the codes were saved"
        );
        action::click(b, "Copy").await?;
        check::enabled_becomes(&done, "Done", true).await?;
        done.click().await?;
        find::heading(b, "Dashboard").await?;
        ensure!(
            find::all_testid(b, "recovery-banner").await?.is_empty(),
            "the banner outlived the new codes"
        );

        // A new code signs in.
        action::sign_out(b).await?;
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &new_codes[0].0).await?;
        find::heading(b, "Dashboard").await?;
        check::testid_contains(b, "recovery-banner", "9 recovery codes left").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn every_screen_state_passes_axe_core_at_1280_and_360_pixels() -> Result<()> {
    with_app_and_browser("axe", async |app, b| {
        b.resize(1280, 800).await?;
        // Signed out.
        b.open("/signin").await?;
        find::heading(b, "Sign In").await?;
        // The control: an image without a text alternative is reported.
        b.script(
            "const image = document.createElement('img'); image.id = 'axe-control'; \
             image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; \
             document.querySelector('main').appendChild(image); return true;",
        )
        .await?;
        let control = axe::audit(b, "the control").await;
        ensure!(
            control
                .as_ref()
                .is_err_and(|e| e.to_string().contains("image-alt")),
            "axe-core did not report an image without alt: {control:?}"
        );
        b.script("document.getElementById('axe-control').remove(); return true;")
            .await?;
        axe::audit_at_both_sizes(b, "sign-in").await?;
        action::click(b, "Sign In").await?;
        check::error_contains(b, "Enter your login").await?;
        axe::audit_at_both_sizes(b, "sign-in-error").await?;
        b.open("/signup").await?;
        find::heading(b, "Create Account").await?;
        axe::audit_at_both_sizes(b, "sign-up").await?;
        action::click(b, "Sign Up").await?;
        check::error_contains(b, "Choose a login").await?;
        axe::audit_at_both_sizes(b, "sign-up-error").await?;
        b.open("/no/such/page").await?;
        find::heading(b, "Page not found").await?;
        axe::audit_at_both_sizes(b, "not-found").await?;

        // Signed in, 2FA off.
        let login = new_login("axe");
        action::sign_up(b, &login, PASSWORD).await?;
        axe::audit_at_both_sizes(b, "dashboard-new-account").await?;
        action::open_account_settings(b).await?;
        axe::audit_at_both_sizes(b, "settings-account-off").await?;
        // Change Password (no pop-up before it), without tokens and with
        // the list of tokens to keep (made by a script's session).
        action::click(b, "Change Password").await?;
        find::testid(b, "change-password-form").await?;
        axe::audit_at_both_sizes(b, "change-password").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        let script = app
            .sign_in(&login, PASSWORD)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .session
            .context("the script's session")?;
        app.token(&script, "nightly backup", &["GetAccount"]).await;
        action::click(b, "Change Password").await?;
        find::testid(b, "token-keep-list").await?;
        axe::audit_at_both_sizes(b, "change-password-keep-list").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // The set-up wizard (after the password pop-up; the keep list under
        // the code), the unconfirmed codes, 2FA on.
        action::click(b, "Set Up Two-Factor Authentication").await?;
        find::dialog(b, "Confirm Your Password").await?;
        axe::audit_at_both_sizes(b, "password-pop-up").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Set Up Two-Factor Authentication").await?;
        find::testid(b, "token-keep-list").await?;
        axe::audit_at_both_sizes(b, "setup-step-1").await?;
        let key = find::testid(b, "setup-key").await?.text().await?;
        let mut phone = Authenticator::from_base32(&key);
        action::type_code(b, &phone.wrong_code()).await?;
        check::error_contains(b, "not valid").await?;
        axe::audit_at_both_sizes(b, "setup-step-1-wrong-code").await?;
        action::type_code(b, &phone.next_code().await).await?;
        check::recovery_codes(b).await?;
        axe::audit_at_both_sizes(b, "setup-step-2").await?;
        b.open("/settings/account").await?;
        find::testid(b, "codes-unconfirmed").await?;
        axe::audit_at_both_sizes(b, "settings-codes-unconfirmed").await?;
        action::click(b, "View and Save Recovery Codes").await?;
        find::dialog(b, "Recovery Codes").await?;
        axe::audit_at_both_sizes(b, "confirm-codes").await?;
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        check::count_becomes(b, "codes-unconfirmed", 0).await?;
        axe::audit_at_both_sizes(b, "settings-account-on").await?;
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Recovery Codes").await?;
        axe::audit_at_both_sizes(b, "view-codes").await?;
        action::click(b, "Generate new recovery codes").await?;
        find::dialog(b, "Generate New Recovery Codes?").await?;
        axe::audit_at_both_sizes(b, "regenerate-confirmation").await?;
        action::click(b, "Generate").await?;
        check::testid_contains(b, "regenerated-warning", "no longer work").await?;
        axe::audit_at_both_sizes(b, "regenerated-codes").await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        action::click(b, "Disable Two-Factor Authentication").await?;
        find::dialog(b, "Disable Two-Factor Authentication?").await?;
        axe::audit_at_both_sizes(b, "disable-confirmation").await?;
        // The step-up with a code (Disable always asks): plain, then after
        // a wrong code; Escape leaves it, then the confirmation.
        action::click(b, "Disable").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::testid(b, "step-up-code").await?;
        axe::audit_at_both_sizes(b, "password-pop-up-with-code").await?;
        action::confirm_password_and_code(b, PASSWORD, &phone.wrong_code()).await?;
        check::error_contains(b, "attempts left").await?;
        axe::audit_at_both_sizes(b, "password-pop-up-wrong-code").await?;
        action::press(b, keys::ESCAPE).await?;
        find::dialog(b, "Disable Two-Factor Authentication?").await?;
        check::count_becomes(b, "password-dialog", 0).await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // The other tabs.
        action::open_settings_tab(b, "Access Tokens", "Personal Access Tokens").await?;
        axe::audit_at_both_sizes(b, "tokens").await?;
        action::click(b, "Generate New Token").await?;
        find::dialog(b, "Generate Access Token").await?;
        axe::audit_at_both_sizes(b, "token-form").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        check::count_becomes(b, "session", 1).await?;
        axe::audit_at_both_sizes(b, "sessions").await?;
        action::open_settings_tab(b, "Security Log", "Security Log").await?;
        check::testid_contains(b, "event-list", "Two-factor").await?;
        axe::audit_at_both_sizes(b, "security-log").await?;
        b.open("/").await?;
        find::heading(b, "Dashboard").await?;
        axe::audit_at_both_sizes(b, "dashboard-2fa-on").await?;

        // The code step: plain, a wrong code, just used, a recovery code,
        // locked.
        action::sign_out(b).await?;
        axe::audit_at_both_sizes(b, "signed-out").await?;
        let other = new_login("axecode");
        let mut account = app.enrolled(&other, PASSWORD).await;
        action::sign_in_with_password(b, &other, PASSWORD).await?;
        find::field(b, "Authentication code").await?;
        axe::audit_at_both_sizes(b, "code-step").await?;
        action::type_code_and_wait_for_answer(b, &account.phone.wrong_code()).await?;
        check::error_contains(b, "attempts left").await?;
        axe::audit_at_both_sizes(b, "code-step-wrong-code").await?;
        let code = account.phone.next_code().await;
        let pending = app.pending(&other, PASSWORD).await;
        app.verify_2fa_code(&pending, &code)
            .await
            .map_err(|e| anyhow!("the first use of the code: {e}"))?;
        action::type_code_and_wait_for_answer(b, &code).await?;
        check::error_contains(b, "just used").await?;
        axe::audit_at_both_sizes(b, "code-step-just-used").await?;
        action::click(b, "Use a recovery code instead").await?;
        find::field(b, "Recovery code").await?;
        axe::audit_at_both_sizes(b, "recovery-code-step").await?;
        action::click(b, "Use an authentication code instead").await?;
        for _ in 0..10 {
            let locked = b
                .script(
                    "const t = document.querySelector('[data-testid=wait-countdown]'); \
                     return !!t && t.textContent.includes('Locked');",
                )
                .await?;
            if locked.as_bool().unwrap_or(false) {
                break;
            }
            action::type_code_and_wait_for_answer(b, &account.phone.wrong_code()).await?;
        }
        check::testid_contains(b, "wait-countdown", "Locked").await?;
        axe::audit_at_both_sizes(b, "code-step-locked").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_signed_out_load_asks_nothing_and_logs_no_console_error() -> Result<()> {
    with_browser("signed-out-console", async |b| {
        // A first visit, then a visit after signing out.
        for round in ["first visit", "after signing out"] {
            for path in ["/", "/signin", "/signup", "/settings/account"] {
                b.open(path).await?;
                find::xpath(b, "the sign-in or sign-up heading", "//h1").await?;
                b.settled().await?;
                let errors = b.console_errors().await?;
                ensure!(errors.is_empty(), "{round}, {path} logged {errors:?}");
            }
            if round == "first visit" {
                action::sign_up(b, &new_login("console"), PASSWORD).await?;
                action::sign_out(b).await?;
                b.console_errors().await?;
            }
        }
        Ok(())
    })
    .await
}

/// Opens a second tab of the same browser (the same cookies) and returns
/// the handles of the first and the second.
async fn second_tab(
    b: &Browser,
) -> Result<(fantoccini::wd::WindowHandle, fantoccini::wd::WindowHandle)> {
    let first = b.client().window().await?;
    let second = b.client().new_window(true).await?.handle;
    b.client().switch_to_window(second.clone()).await?;
    Ok((first, second))
}

/// Clicks `button` in a tab whose session is over: the app must say so and
/// go to sign-in, without the password pop-up first.
async fn stale_click_says_the_session_ended(b: &Browser, button: &str) -> Result<()> {
    action::click(b, button).await?;
    let notice = check::notice_contains(b, "session has ended").await?;
    find::heading(b, "Sign In").await?;
    ensure!(
        find::all_testid(b, "password-dialog").await?.is_empty(),
        "the password pop-up opened under {notice:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_stale_tab_says_the_session_ended_before_asking_for_the_password() -> Result<()> {
    with_app_and_browser("stale-tab", async |app, b| {
        let login = new_login("stale");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;

        // Signed out in a second tab; the first still shows Settings.
        let (first, _second) = second_tab(b).await?;
        b.open("/").await?;
        find::heading(b, "Dashboard").await?;
        action::sign_out(b).await?;
        b.client().switch_to_window(first.clone()).await?;
        find::heading(b, "Two-Factor Authentication").await?;
        stale_click_says_the_session_ended(b, "Change Password").await?;
        b.screenshot("signed-out-in-another-tab").await?;

        // Signed in again here, then every other session ended by a script.
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        let script = app
            .sign_in(&login, PASSWORD)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .session
            .context("the script's session")?;
        app.sign_out_sessions(&script, twofold_api::tokens::Selection::All)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        stale_click_says_the_session_ended(b, "Set Up Two-Factor Authentication").await?;
        b.screenshot("signed-out-by-a-script").await?;
        Ok(())
    })
    .await
}

/// GetAccount's `recoveryCodesConfirmed`, asked by the page with its own
/// cookie (the session a regeneration keeps).
async fn codes_confirmed(b: &Browser) -> Result<bool> {
    let answer = b
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/1.0/users/account/rest/getaccount', {method: 'POST', \
               headers: {'content-type': 'application/json', 'x-twofold-client': 'web'}, \
               body: '{}'}) \
             .then(r => r.json()).then(done, e => done({error: String(e)}));",
            Vec::new(),
        )
        .await?;
    answer["twoFactor"]["recoveryCodesConfirmed"]
        .as_bool()
        .with_context(|| format!("GetAccount answered {answer}"))
}

#[tokio::test]
async fn the_server_says_whether_the_codes_were_saved_in_every_browser() -> Result<()> {
    with_app_and_browser("codes-confirmed", async |app, b| {
        // 2FA switched on elsewhere (a script), its codes never confirmed:
        // this browser never saw them, and still says so.
        let login = new_login("confirm");
        let mut account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &account.recovery_codes[0]).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        check::testid_contains(b, "codes-unconfirmed", "haven't confirmed").await?;
        action::click(b, "View and Save Recovery Codes").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;
        find::dialog(b, "Recovery Codes").await?;
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        check::count_becomes(b, "codes-unconfirmed", 0).await?;
        eventually_confirmed(b).await?;

        // New codes are unconfirmed on the server until their Done.
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Recovery Codes").await?;
        find::testid(b, "regenerate-link").await?.click().await?;
        find::dialog(b, "Generate New Recovery Codes?").await?;
        action::click(b, "Generate").await?;
        find::testid(b, "regenerated-warning").await?;
        ensure!(
            !codes_confirmed(b).await?,
            "new codes counted as saved before Done"
        );
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        eventually_confirmed(b).await?;
        ensure!(
            find::all_testid(b, "codes-unconfirmed").await?.is_empty(),
            "the notice is back after saving the new codes"
        );
        Ok(())
    })
    .await
}

/// Waits until the server counts the codes as saved.
async fn eventually_confirmed(b: &Browser) -> Result<()> {
    twofold_e2e::browser::eventually("the codes confirmed on the server", || async move {
        Ok(codes_confirmed(b).await?.then_some(()))
    })
    .await
}

#[tokio::test]
async fn printed_codes_fit_one_page_with_the_login_and_date_of_the_downloaded_file() -> Result<()> {
    with_browser("print", async |b| {
        let login = new_login("print");
        action::sign_up(b, &login, PASSWORD).await?;
        let mut phone = start_two_factor_setup(b, true).await?;
        action::type_code(b, &phone.next_code().await).await?;
        check::testid_contains(b, "step-heading", "Save your recovery codes").await?;
        b.clear_downloads()?;
        action::click(b, "Download").await?;
        let file = b.downloaded("twofold-recovery-codes.txt").await?;
        let saved_on = file
            .lines()
            .find_map(|line| line.strip_prefix("Saved on "))
            .context("the file's date")?
            .to_owned();
        ensure!(file.contains(&login), "the file names the login");

        // One page, the second blank one gone.
        let pdf = b.print_pdf().await?;
        let pages = check::pdf_pages(&pdf);
        ensure!(pages == 1, "printing makes {pages} pages");

        // On paper: the login and the file's date, and the codes.
        b.devtools(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"media": "print"}),
        )
        .await?;
        let printed = b
            .script(
                "return Array.from(document.querySelectorAll('.print-area, .print-area *')) \
                 .filter(el => el.checkVisibility({checkVisibilityCSS: true})) \
                 .map(el => el.innerText).join('\\n');",
            )
            .await?;
        let printed = printed.as_str().unwrap_or_default();
        for needle in [login.as_str(), saved_on.as_str()] {
            ensure!(
                printed.contains(needle),
                "{needle:?} is not on paper: {printed:?}"
            );
        }
        b.screenshot("print-media").await?;
        b.devtools(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"media": ""}),
        )
        .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_step_up_pop_up_asks_for_a_code_with_2fa_on_and_takes_a_recovery_code_instead(
) -> Result<()> {
    with_browser("step-up-code", async |b| {
        // Arrange: 2FA switched on in the app, then a new sign-in with a
        // code from the app.
        let login = new_login("stepup");
        action::sign_up(b, &login, PASSWORD).await?;
        let (mut phone, codes) = enable_two_factor(b, true).await?;
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        let signed_in_with = phone.next_code().await;
        action::type_code(b, &signed_in_with).await?;
        find::heading(b, "Dashboard").await?;

        // Act: View Recovery Codes; Escape leaves the pop-up, focus back
        // on the button, and the button opens it again.
        action::open_account_settings(b).await?;
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Confirm Your Password").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "View Recovery Codes").await?;
        action::click(b, "View Recovery Codes").await?;

        // The pop-up asks for the password and a code from the app.
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Password").await?;
        let code = find::field(b, "Code from your authenticator app").await?;
        ensure!(
            code.attr("data-testid").await?.as_deref() == Some("step-up-code"),
            "the code field is not [data-testid=step-up-code]"
        );
        ensure!(
            code.attr("inputmode").await?.as_deref() == Some("numeric")
                && code.attr("autocomplete").await?.as_deref() == Some("one-time-code"),
            "the code field is not a one-time code's numeric field"
        );
        find::testid(b, "step-up-use-recovery").await?;
        b.screenshot("password-and-code").await?;

        // The code that signed in does not count, and costs no attempt.
        action::confirm_password_and_code(b, PASSWORD, &signed_in_with).await?;
        let error = check::error_contains(b, "Wait for the next one").await?;
        ensure!(
            error.contains("the code you signed in with does not count")
                && !error.contains("attempts"),
            "the code that signed in is refused as {error:?}"
        );
        b.screenshot("code-just-used").await?;

        // A wrong code: the error in words with the attempts left, the
        // field marked and focused for the next try.
        action::confirm_password_and_code(b, PASSWORD, &phone.wrong_code()).await?;
        let error = check::error_contains(b, "attempts left").await?;
        ensure!(
            error.starts_with("That code is not valid. 4 attempts left."),
            "a wrong code reads {error:?}"
        );
        let code = find::testid(b, "step-up-code").await?;
        ensure!(
            code.attr("aria-invalid").await?.as_deref() == Some("true"),
            "the refused code field is not aria-invalid"
        );
        check::focus_is_on_testid(b, "step-up-code").await?;
        b.screenshot("wrong-code").await?;

        // "Use a recovery code instead": the recovery-code field in place
        // of the six digits, and the switch leads back.
        find::testid(b, "step-up-use-recovery")
            .await?
            .click()
            .await?;
        find::field(b, "Recovery code").await?;
        check::count_becomes(b, "step-up-code", 0).await?;
        find::testid(b, "step-up-use-app-code").await?;
        b.screenshot("recovery-code-field").await?;

        // A recovery code confirms, and is spent: the codes are shown.
        action::type_into(b, "Recovery code", &codes[0]).await?;
        action::click(b, "Confirm").await?;
        find::dialog(b, "Recovery Codes").await?;
        let shown = check::recovery_codes(b).await?;
        ensure!(shown.len() == 10, "{} codes shown", shown.len());
        for (code, used) in &shown {
            ensure!(
                *used == (*code == codes[0]),
                "{code} shown as used = {used}"
            );
        }
        check::testid_contains(b, "codes-left", "9 of 10 codes left").await?;
        b.screenshot("codes-shown").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_locked_step_up_counts_down_as_at_sign_in() -> Result<()> {
    with_app_and_browser("step-up-lock", async |app, b| {
        // Arrange: 2FA on, signed in with a code, the pop-up open.
        let login = new_login("steplock");
        let mut account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Confirm Your Password").await?;

        // Act: wrong codes count down the attempts; the fifth locks.
        let mut last = String::new();
        let mut wrong = 0;
        let locked = loop {
            action::confirm_password_and_code(b, PASSWORD, &account.phone.wrong_code()).await?;
            wrong += 1;
            last = check::error_other_than(b, &last).await?;
            if last.contains("locked") {
                break last.clone();
            }
            ensure!(last.contains("not valid"), "unexpected error {last:?}");
            ensure!(wrong < 5, "five wrong codes did not lock: {last:?}");
        };
        ensure!(wrong == 5, "{wrong} wrong codes locked the step-up");
        ensure!(
            locked.contains("Try again in"),
            "the lock does not say how long: {locked:?}"
        );

        // Assert: the code field and Confirm are disabled, focus is on the
        // switch to a recovery code, and the time left counts down.
        let field = find::testid(b, "step-up-code").await?;
        ensure!(
            !field.is_enabled().await?,
            "the code field is usable while locked"
        );
        ensure!(
            !find::button(b, "Confirm").await?.is_enabled().await?,
            "Confirm is usable while locked"
        );
        check::focus_is_on_testid(b, "step-up-use-recovery").await?;
        let first = check::testid_contains(b, "step-up-wait", "Locked: ").await?;
        let start = lock_time_left(&first).with_context(|| format!("no time left in {first:?}"))?;
        ensure!(start > 60, "the lock ends in {start} s only");
        eventually_fewer(b, "step-up-wait", start, lock_time_left).await?;
        b.screenshot("locked").await?;

        // The same lock as at sign-in: a right code is refused there too.
        let pending = app.pending(&login, PASSWORD).await;
        let refused = app
            .verify_2fa_code(&pending, &account.phone.next_code().await)
            .await;
        ensure!(
            matches!(&refused, Err(e) if e.result == ResultCode::SecondFactorLocked),
            "a sign-in during the step-up's lock answered {refused:?}"
        );

        // A recovery code still confirms.
        action::confirm_password_and_recovery_code(b, PASSWORD, &account.recovery_codes[0]).await?;
        find::dialog(b, "Recovery Codes").await?;
        check::testid_contains(b, "codes-left", "9 of 10 codes left").await?;
        b.screenshot("recovery-code-confirmed").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn enabling_2fa_lists_the_tokens_to_keep_and_ends_the_unticked_ones() -> Result<()> {
    with_app_and_browser("keep-tokens", async |app, b| {
        // Arrange: two tokens made by a script's session of the same login,
        // so neither is "made by this session".
        let login = new_login("keep");
        action::sign_up(b, &login, PASSWORD).await?;
        let script = app
            .sign_in(&login, PASSWORD)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .session
            .context("the script's session")?;
        let kept = app.token(&script, "nightly backup", &["GetAccount"]).await;
        let ended = app
            .token(&script, "old deploy script", &["GetAccount"])
            .await;
        let kept_key = kept.key.clone().context("the kept token's value")?;
        let ended_key = ended.key.clone().context("the other token's value")?;

        // Act: the wizard's code step lists both, none ticked; one is
        // ticked, then the code and Done.
        let mut phone = start_two_factor_setup(b, true).await?;
        let listed = check::testid_contains(b, "token-keep-list", "nightly backup").await?;
        ensure!(
            listed.contains("old deploy script"),
            "the keep list reads {listed:?}"
        );
        let keep_box = find::testid(b, &format!("keep-token-{}", kept.id)).await?;
        let end_box = find::testid(b, &format!("keep-token-{}", ended.id)).await?;
        ensure!(
            !keep_box.is_selected().await? && !end_box.is_selected().await?,
            "a token starts ticked"
        );
        keep_box.click().await?;
        check::ticked_becomes(&keep_box, "keep “nightly backup”", true).await?;
        b.screenshot("one-token-ticked").await?;
        action::type_code(b, &phone.next_code().await).await?;
        check::recovery_codes(b).await?;
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;

        // Assert: the notice counts the ended token; over HTTP the ticked
        // one still answers and the other is refused (201).
        check::notice_contains(b, "1 access token stopped working.").await?;
        b.screenshot("two-factor-on-one-token-ended").await?;
        let account = app
            .get_account(&kept_key)
            .await
            .map_err(|e| anyhow!("the ticked token was refused: {e}"))?;
        ensure!(
            account.login == login,
            "the token acts as {}",
            account.login
        );
        let refused = app.get_account(&ended_key).await;
        ensure!(
            matches!(&refused, Err(e) if e.result == ResultCode::NotSignedIn),
            "the unticked token answered {refused:?}"
        );
        action::open_settings_tab(b, "Access Tokens", "Personal Access Tokens").await?;
        check::count_becomes(b, "token", 1).await?;
        check::testid_contains(b, "token-description", "nightly backup").await?;
        Ok(())
    })
    .await
}

/// Runs the operator's tool, `twofold-admin ARGS`, on `app`'s data folder
/// while its twofold-local is stopped (the tool needs that), then starts
/// the server again; returns what the tool printed.
fn operator_tool(app: &mut TestApp, args: &[&str]) -> Result<String> {
    let mut ran = None;
    app.restart_after(|data| ran = Some(twofold_e2e::server::operator_tool(data, args)));
    let output = ran
        .context("the operator's tool did not run")?
        .context("starting twofold-admin")?;
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    ensure!(
        output.status.success(),
        "twofold-admin {args:?} failed: {printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(printed)
}

#[tokio::test]
async fn an_account_reset_by_an_operator_must_choose_a_new_password_first() -> Result<()> {
    let _turn = ONE_AT_A_TIME.lock().await;
    // Arrange: an account with 2FA on whose owner lost the phone and the
    // codes; the operator resets it.
    let mut app = serving_the_app()?;
    let login = new_login("reset");
    app.enrolled(&login, PASSWORD).await;
    let printed = operator_tool(
        &mut app,
        &[
            "reset-2fa",
            &login,
            "--reason",
            "ticket 4711: identity checked by video call",
        ],
    )?;
    ensure!(
        printed.contains(&format!("Two-factor authentication is off for {login}")),
        "the operator's tool printed {printed:?}"
    );
    let new_password = "a brand new passphrase";

    in_browser(&app, "operator-reset", async |_app, b| {
        // Act: signing in with the password (2FA is off now).
        action::sign_in_with_password(b, &login, PASSWORD).await?;

        // Assert: the Choose a New Password screen, saying why, with the
        // form alone (no code with 2FA off, no tokens to keep: they all
        // end) and no way to Settings.
        find::testid(b, "choose-password").await?;
        find::heading(b, "Choose a New Password").await?;
        check::testid_contains(
            b,
            "choose-password-reason",
            "An operator reset your two-factor authentication",
        )
        .await?;
        find::testid(b, "change-password-form").await?;
        for absent in [
            "step-up-second-factor",
            "token-keep-list",
            "settings-button",
        ] {
            ensure!(
                find::all_testid(b, absent).await?.is_empty(),
                "[data-testid={absent}] is on the Choose a New Password screen"
            );
        }
        b.screenshot("choose-password").await?;
        axe::audit_at_both_sizes(b, "choose-password").await?;
        b.resize(1280, 900).await?;

        // Nothing else opens first.
        b.open("/settings/tokens").await?;
        find::testid(b, "choose-password").await?;
        ensure!(
            find::all_testid(b, "access-tokens").await?.is_empty(),
            "the Access Tokens tab opened before a new password"
        );

        // The new password: then the dashboard, 2FA off.
        action::type_into(b, "Current password", PASSWORD).await?;
        action::type_into(b, "New password", new_password).await?;
        action::type_into(b, "Confirm new password", new_password).await?;
        action::click(b, "Change Password").await?;
        check::notice_contains(b, "Your new password is set.").await?;
        check::count_becomes(b, "choose-password", 0).await?;
        b.open("/").await?;
        find::heading(b, "Dashboard").await?;
        check::testid_contains(b, "security-summary", "Add an extra security layer").await?;
        b.screenshot("after-new-password").await?;

        // Only the new password signs in.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::error_contains(b, "wrong").await?;
        action::sign_in_with_password(b, &login, new_password).await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

/// A token that may call GetAccount, made over HTTP by `account`'s own
/// session (a script's, not the browser's) with a recovery code as the
/// second factor; returns its id and value.
async fn script_token(
    app: &TestApp,
    account: &Enrolled,
    description: &str,
    recovery_code: &str,
) -> Result<(u32, String)> {
    let token = app
        .create_token_with(
            &account.session,
            Proof::with_code(PASSWORD, recovery_code),
            description,
            &["GetAccount"],
            None,
        )
        .await
        .map_err(|e| anyhow!("CreateToken {description:?}: {e}"))?
        .token;
    Ok((token.id, token.key.context("the new token's value")?))
}

/// Fails unless `key` still answers GetAccount for `login` (`keep`) or is
/// refused as signed out (201).
async fn token_works(app: &TestApp, key: &str, login: &str, keep: bool) -> Result<()> {
    let answer = app.get_account(key).await;
    match (&answer, keep) {
        (Ok(account), true) if account.login == login => Ok(()),
        (Err(e), false) if e.result == ResultCode::NotSignedIn => Ok(()),
        _ => Err(anyhow!(
            "a token that should {} answered {answer:?}",
            if keep { "work" } else { "be refused" }
        )),
    }
}

#[tokio::test]
async fn changing_the_password_with_2fa_on_asks_for_a_code_and_keeps_only_the_ticked_tokens(
) -> Result<()> {
    with_app_and_browser("change-password-2fa", async |app, b| {
        // Arrange: 2FA on, two tokens made by a script, this browser
        // signed in with a code.
        let login = new_login("pw2fa");
        let new_password = "a brand new passphrase";
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();
        let (kept_id, kept) = script_token(app, &account, "nightly backup", &codes[9]).await?;
        let (_, ended) = script_token(app, &account, "old deploy script", &codes[8]).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;

        // Act: Change Password opens the form at once; it asks for a code
        // (this session has proved none) and lists both tokens, unticked.
        action::open_account_settings(b).await?;
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        check::testid_contains(b, "token-keep-list", "old deploy script").await?;
        let keep_box = find::testid(b, &format!("keep-token-{kept_id}")).await?;
        ensure!(!keep_box.is_selected().await?, "a token starts ticked");
        action::type_into(b, "Current password", PASSWORD).await?;
        action::type_into(b, "New password", new_password).await?;
        action::type_into(b, "Confirm new password", new_password).await?;
        keep_box.click().await?;
        check::ticked_becomes(&keep_box, "keep “nightly backup”", true).await?;
        // Without the code, nothing is sent: the form says what is missing.
        action::click(b, "Change Password").await?;
        check::error_contains(b, "six digits").await?;
        b.screenshot("code-missing").await?;
        // A recovery code instead of the app's.
        find::testid(b, "step-up-use-recovery")
            .await?
            .click()
            .await?;
        action::type_into(b, "Recovery code", &codes[7]).await?;
        b.screenshot("form-filled").await?;
        action::click(b, "Change Password").await?;

        // Assert: changed; the ticked token works, the other is refused.
        check::no_dialog(b).await?;
        check::notice_contains(
            b,
            "Your password was changed. Other sessions were signed out. 1 access token stopped working.",
        )
        .await?;
        b.screenshot("password-changed").await?;
        token_works(app, &kept, &login, true).await?;
        token_works(app, &ended, &login, false).await?;
        // The recovery code was spent by the change (the tokens took two).
        check::testid_contains(b, "codes-left-summary", "7 recovery codes left").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn signing_out_all_other_sessions_with_2fa_on_asks_for_a_code_and_keeps_the_ticked_tokens(
) -> Result<()> {
    with_app_and_browser("sign-out-all-2fa", async |app, b| {
        // Arrange: 2FA on, two tokens made by a script's session (older
        // than this browser's), this browser signed in with a code, then a
        // newer session elsewhere.
        let login = new_login("outall");
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();
        let (kept_id, kept) = script_token(app, &account, "nightly backup", &codes[9]).await?;
        let (_, ended) = script_token(app, &account, "old deploy script", &codes[8]).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        let newer = app
            .signed_in_with_recovery_code(&login, PASSWORD, &codes[7])
            .await;
        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        check::count_becomes(b, "session", 3).await?;

        // Act: the confirmation lists the tokens to keep, unticked; one is
        // ticked; then the pop-up asks for the password and a code.
        action::click(b, "Sign Out All Other Sessions").await?;
        find::dialog(b, "Sign Out All Other Sessions?").await?;
        check::testid_contains(b, "token-keep-list", "old deploy script").await?;
        let keep_box = find::testid(b, &format!("keep-token-{kept_id}")).await?;
        ensure!(!keep_box.is_selected().await?, "a token starts ticked");
        keep_box.click().await?;
        check::ticked_becomes(&keep_box, "keep “nightly backup”", true).await?;
        b.screenshot("confirmation-keep-list").await?;
        action::click(b, "Sign Out All").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        b.screenshot("password-and-code").await?;
        action::confirm_password_and_recovery_code(b, PASSWORD, &codes[6]).await?;

        // Assert: both other sessions end, newer one included; the ticked
        // token works and the other is refused.
        check::no_dialog(b).await?;
        check::notice_contains(
            b,
            "2 sessions were signed out. 1 access token stopped working.",
        )
        .await?;
        check::count_becomes(b, "session", 1).await?;
        b.screenshot("signed-out-everywhere-else").await?;
        for (name, session) in [("the script", &account.session), ("the newer", &newer)] {
            let answer = app.get_account(session).await;
            ensure!(
                matches!(&answer, Err(e) if e.result == ResultCode::NotSignedIn),
                "{name} session answered {answer:?}"
            );
        }
        token_works(app, &kept, &login, true).await?;
        token_works(app, &ended, &login, false).await?;
        Ok(())
    })
    .await
}
