//! Disabling two-factor authentication: a confirmation, then the password
//! and a code.

use anyhow::Result;
use twofold_e2e::browser::{action, check, find, keys};
use twofold_e2e::PASSWORD;

use crate::support::{enable_two_factor, new_login, with_browser};

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
