//! Every screen state audited by axe-core, at 1280 and 360 pixels.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_e2e::browser::{action, axe, check, find, keys};
use twofold_e2e::{Authenticator, PASSWORD};

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
