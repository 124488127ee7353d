//! Every screen state audited by axe-core, at 1280 and 360 pixels.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_e2e::browser::{action, axe, check, find, keys, Browser};
use twofold_e2e::{Authenticator, PASSWORD};

use crate::step_up::{hold_long_timers, release_long_timers};
use crate::support::{new_login, with_app_and_browser};

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
        find::button(b, "Show password").await?.click().await?;
        axe::audit_at_both_sizes(b, "sign-up-password-shown").await?;
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
        // Confirmed: how long it lasts, held until Continue for the audit.
        hold_long_timers(b).await?;
        action::confirm_password(b, PASSWORD).await?;
        find::testid(b, "step-up-confirmed").await?;
        axe::audit_at_both_sizes(b, "password-pop-up-confirmed").await?;
        release_long_timers(b).await?;
        action::click(b, "Continue").await?;
        find::dialog(b, "Set Up Two-Factor Authentication").await?;
        find::testid(b, "token-keep-list").await?;
        axe::audit_at_both_sizes(b, "setup-step-1").await?;
        find::testid(b, "app-help-toggle").await?.click().await?;
        check::testid_contains(b, "app-help", "TOTP").await?;
        axe::audit_at_both_sizes(b, "setup-step-1-app-help").await?;
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
        b.open("/").await?;
        find::testid(b, "codes-unconfirmed").await?;
        axe::audit_at_both_sizes(b, "dashboard-codes-unconfirmed").await?;
        b.open("/settings/account").await?;
        find::testid(b, "codes-unconfirmed").await?;
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
        // What the last change did, under the section's heading.
        check::testid_contains(b, "two-factor-status", "New recovery codes saved").await?;
        axe::audit_at_both_sizes(b, "settings-account-codes-saved").await?;
        // Change Authenticator App (the step-up above still holds): the new
        // app's QR code, then its set-up ended by wrong codes.
        action::click(b, "Change Authenticator App").await?;
        find::dialog(b, "Change Authenticator App").await?;
        axe::audit_at_both_sizes(b, "change-app").await?;
        let new_key = find::testid(b, "setup-key").await?.text().await?;
        crate::change_app::discard_with_wrong_codes(b, &Authenticator::from_base32(&new_key))
            .await?;
        axe::audit_at_both_sizes(b, "change-app-set-up-gone").await?;
        action::click(b, "Cancel").await?;
        check::no_dialog(b).await?;
        // A new sign-in, whose first sensitive change asks for the step-up.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &phone.next_code().await).await?;
        action::open_account_settings(b).await?;
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        axe::audit_at_both_sizes(b, "disable-confirmation").await?;
        // The step-up with a code (asked: this session signed in again, so
        // no confirmation covers the change): plain, then after a wrong
        // code; Escape leaves it, then the confirmation.
        action::click(b, "Turn Off").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::testid(b, "step-up-code").await?;
        axe::audit_at_both_sizes(b, "password-pop-up-with-code").await?;
        action::confirm_password_and_code(b, PASSWORD, &phone.wrong_code()).await?;
        check::error_contains(b, "attempts left").await?;
        axe::audit_at_both_sizes(b, "password-pop-up-wrong-code").await?;
        action::press(b, keys::ESCAPE).await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        check::count_becomes(b, "password-dialog", 0).await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // The other tabs.
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
        axe::audit_at_both_sizes(b, "tokens").await?;
        action::click(b, "Generate New Token").await?;
        find::dialog(b, "Generate Access Token").await?;
        axe::audit_at_both_sizes(b, "token-form").await?;
        token_states(b, &mut phone).await?;
        // Turn Off with a token: how many keep working, and the link.
        action::open_account_settings(b).await?;
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        check::testid_contains(b, "tokens-kept-note", "access token working").await?;
        find::testid(b, "tokens-kept-link").await?;
        axe::audit_at_both_sizes(b, "disable-confirmation-tokens").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        check::count_becomes(b, "session", 1).await?;
        axe::audit_at_both_sizes(b, "sessions").await?;
        session_states(app, b, &login, &mut phone).await?;
        action::open_settings_tab(b, "Security Log", "Security Log").await?;
        check::testid_contains(b, "event-list", "Two-factor").await?;
        axe::audit_at_both_sizes(b, "security-log").await?;
        find::testid(b, "log-details").await?.click().await?;
        find::testid(b, "event-details").await?;
        axe::audit_at_both_sizes(b, "security-log-details").await?;
        // Filtered to kinds with no entry yet, then exported.
        find::testid(b, "log-filter")
            .await?
            .select_by_value("operator")
            .await?;
        find::testid(b, "log-empty").await?;
        axe::audit_at_both_sizes(b, "security-log-filtered-empty").await?;
        b.clear_downloads()?;
        find::testid(b, "export-csv").await?.click().await?;
        check::notice_contains(b, "security-log").await?;
        axe::audit_at_both_sizes(b, "security-log-exported").await?;
        b.open("/").await?;
        find::heading(b, "Dashboard").await?;
        // Signed in again since the first visit: what happened meanwhile.
        find::testid(b, "away-summary").await?;
        axe::audit_at_both_sizes(b, "dashboard-2fa-on").await?;

        // The code step: plain, a wrong code, just used, a recovery code,
        // locked.
        action::sign_out(b).await?;
        axe::audit_at_both_sizes(b, "signed-out").await?;
        let other = new_login("axecode");
        let mut account = app.enrolled(&other, PASSWORD).await;
        action::sign_in_with_password(b, &other, PASSWORD).await?;
        find::code_field(b).await?;
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
        action::click(b, "Use a code from your authenticator app instead").await?;
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
        // Locked: the explanation stays on the recovery code; once the
        // sign-in's five minutes are over, back at the password step.
        action::click(b, "Use a recovery code instead").await?;
        check::testid_contains(b, "app-lock", "locked until").await?;
        axe::audit_at_both_sizes(b, "recovery-code-step-locked").await?;
        b.advance_clock(301).await?;
        check::error_contains(b, "This sign-in has ended").await?;
        axe::audit_at_both_sizes(b, "sign-in-ended").await?;
        // Signed out from another device: the sign-in page says why.
        let away = new_login("axeaway");
        action::sign_up(b, &away, PASSWORD).await?;
        let elsewhere = app
            .sign_in(&away, PASSWORD)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .session
            .context("the other device's session")?;
        app.sign_out_sessions(&elsewhere, twofold_api::lists::Selection::All)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        b.open("/").await?;
        check::notice_contains(b, "You were signed out").await?;
        axe::audit_at_both_sizes(b, "signed-out-elsewhere").await?;
        // Security Notices, for a new account without an address.
        action::sign_up(b, &new_login("axenotice"), PASSWORD).await?;
        action::open_account_settings(b).await?;
        crate::notifications::notice_states(b).await?;
        action::sign_out(b).await?;
        // Out of recovery codes after signing in with the last: why, and
        // the two ways on, before any pop-up.
        let last = new_login("axelast");
        let out = app.enrolled(&last, PASSWORD).await;
        for code in &out.recovery_codes[..9] {
            app.signed_in_with_recovery_code(&last, PASSWORD, code)
                .await;
        }
        action::sign_in_with_recovery_code(b, &last, PASSWORD, &out.recovery_codes[9]).await?;
        check::testid_contains(b, "regeneration-reason", "your last recovery code").await?;
        axe::audit_at_both_sizes(b, "regeneration-why").await?;
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        axe::audit_at_both_sizes(b, "regeneration-turn-off-confirmation").await?;
        Ok(())
    })
    .await
}

/// From the open Generate form (2FA on): a token's value, the question
/// before it is lost, the list with a token and the news beside it, the
/// Regenerate confirmation with its expiry, the scripts help opened.
async fn token_states(b: &Browser, phone: &mut Authenticator) -> Result<()> {
    action::type_into(b, "Description", "axe").await?;
    find::checkbox(b, "Read your account")
        .await?
        .click()
        .await?;
    action::click(b, "Generate").await?;
    step_up_if_asked(b, phone, "token-value").await?;
    find::dialog(b, "New Access Token").await?;
    axe::audit_at_both_sizes(b, "token-value").await?;
    action::press(b, keys::ESCAPE).await?;
    find::testid(b, "token-leave-check").await?;
    axe::audit_at_both_sizes(b, "token-leave-check").await?;
    action::click(b, "Close Without Saving").await?;
    check::no_dialog(b).await?;
    check::testid_contains(b, "tokens-status", "was generated").await?;
    axe::audit_at_both_sizes(b, "tokens-listed").await?;
    action::click(b, "Regenerate").await?;
    find::dialog(b, "Regenerate This Token?").await?;
    action::click_testid(b, "expiry-30").await?;
    axe::audit_at_both_sizes(b, "token-regenerate-confirmation").await?;
    action::press(b, keys::ESCAPE).await?;
    check::no_dialog(b).await?;
    action::click_summary(b, "Using the API from scripts").await?;
    check::testid_contains(b, "tokens-in-scripts", "curl").await?;
    axe::audit_at_both_sizes(b, "tokens-scripts-help").await?;
    Ok(())
}

/// On the Sessions tab (2FA on): another session, signed in with a code,
/// listed, then signed out, with the news beside the list.
async fn session_states(
    app: &twofold_e2e::TestApp,
    b: &Browser,
    login: &str,
    phone: &mut Authenticator,
) -> Result<()> {
    let pending = app.pending(login, PASSWORD).await;
    app.verify_2fa_code(&pending, &phone.next_code().await)
        .await
        .map_err(|e| anyhow!("signing in elsewhere: {e}"))?;
    b.open("/settings/sessions").await?;
    check::count_becomes(b, "session", 2).await?;
    axe::audit_at_both_sizes(b, "sessions-two").await?;
    find::testid(b, "sign-out-session").await?.click().await?;
    step_up_if_asked(b, phone, "sessions-status").await?;
    check::testid_contains(b, "sessions-status", "signed out").await?;
    axe::audit_at_both_sizes(b, "sessions-signed-out").await?;
    Ok(())
}

/// The password pop-up, answered with the password and a code, when it
/// comes before what has `data-testid="then"` with words in it (it does
/// unless the session's step-up with a code still holds).
async fn step_up_if_asked(b: &Browser, phone: &mut Authenticator, then: &str) -> Result<()> {
    let asked = twofold_e2e::browser::eventually("the pop-up or what follows", || async move {
        for element in find::all_testid(b, then).await? {
            if !element.text().await?.is_empty() {
                return Ok(Some(false));
            }
        }
        Ok((!find::all_testid(b, "password-dialog").await?.is_empty()).then_some(true))
    })
    .await?;
    if asked {
        action::confirm_password_and_code(b, PASSWORD, &phone.next_code().await).await?;
    }
    Ok(())
}

/// The "Wasn't you?" page, on a server that mails the notice its link
/// comes from: without a link, before the button, the undo form, a wrong
/// code, the account put back, a made-up link refused, the undo form with
/// "Use your security key" beside the app's codes and leading alone, and
/// the key refused by the browser.
#[tokio::test]
async fn the_not_me_page_passes_axe_core_at_1280_and_360_pixels() -> Result<()> {
    let _turn = twofold_e2e::browser::Turn::take().await;
    let sink = twofold_e2e::smtp_sink::SmtpSink::start().await;
    let app = crate::not_me::mailing_server(&sink)?;
    crate::support::in_browser(&app, "axe-not-me", async |app, b| {
        b.resize(1280, 800).await?;
        crate::not_me::not_me_states(b, app, &sink).await
    })
    .await
}

/// Security Notices with a confirmed address whose mail server refuses
/// notices (bouncing: a warning and Change Address first), on a server
/// that mails through a sink.
#[tokio::test]
async fn the_bouncing_address_passes_axe_core_at_1280_and_360_pixels() -> Result<()> {
    let _turn = twofold_e2e::browser::Turn::take().await;
    let sink = twofold_e2e::smtp_sink::SmtpSink::start().await;
    let app = crate::notifications::mailing_app(&sink)?;
    crate::support::in_browser(&app, "axe-bouncing", async |_app, b| {
        b.resize(1280, 800).await?;
        let address = crate::notifications::new_account_with_address(b, &sink, "axebounce").await?;
        crate::notifications::bouncing(b, &sink, &address).await?;
        axe::audit_at_both_sizes(b, "notice-address-bouncing").await
    })
    .await
}

/// The security-key screens, at localhost with a virtual authenticator:
/// the add dialog (a first key, and one beside the app), the list of ways
/// to confirm it's you, the rename dialog, a removal's confirmation, the
/// password pop-up offering the key, and sign-in's key step.
#[tokio::test]
async fn the_security_key_screens_pass_axe_core_at_1280_and_360_pixels() -> Result<()> {
    use crate::security_keys::{add_key, with_key};
    with_key("axe-keys", async |_app, b| {
        b.resize(1280, 800).await?;
        let login = new_login("axekeys");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;
        action::click(b, "Add a Security Key").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Add a Security Key").await?;
        find::testid(b, "first-key-note").await?;
        axe::audit_at_both_sizes(b, "add-first-key").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // Beside the app: the list of ways, the rename dialog.
        crate::support::enable_two_factor(b, false).await?;
        add_key(b, "Add a Security Key", false, "Blue key").await?;
        check::count_becomes(b, "security-key", 1).await?;
        axe::audit_at_both_sizes(b, "factors-list").await?;
        action::click(b, "Add a Passkey").await?;
        find::dialog(b, "Add a Passkey").await?;
        axe::audit_at_both_sizes(b, "add-key").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        action::click(b, "Rename").await?;
        find::dialog(b, "Rename Key").await?;
        axe::audit_at_both_sizes(b, "rename-key").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // A new session: sign-in's key step, then no step-up yet.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::testid(b, "use-key").await?;
        axe::audit_at_both_sizes(b, "sign-in-key-step").await?;
        action::click(b, "Use a recovery code").await?;
        find::field(b, "Recovery code").await?;
        axe::audit_at_both_sizes(b, "sign-in-key-account-recovery-code").await?;
        action::click(b, "Use your security key instead").await?;
        action::click(b, "Use your security key").await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        action::click(b, "Remove").await?;
        find::dialog(b, "Remove “Blue key”?").await?;
        axe::audit_at_both_sizes(b, "remove-key").await?;
        action::click(b, "Remove").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::testid(b, "step-up-use-key").await?;
        axe::audit_at_both_sizes(b, "password-pop-up-with-key").await?;
        Ok(())
    })
    .await
}

/// The sign-in page as its first HTML draws it, the wasm held back: the
/// static form a person reads and types into before the code runs.
#[tokio::test]
async fn the_sign_in_page_before_its_code_passes_axe_core_at_1280_and_360_pixels() -> Result<()> {
    with_app_and_browser("axe-before-code", async |_app, b| {
        b.hold_wasm().await?;
        b.open_as_served("/signin").await?;
        find::heading(b, "Sign In").await?;
        axe::audit_at_both_sizes(b, "sign-in-before-code").await?;
        let started = b
            .script("return performance.getEntriesByName('twofold-interactive').length;")
            .await?;
        ensure!(started == 0, "audited before the code ran");
        Ok(())
    })
    .await
}
