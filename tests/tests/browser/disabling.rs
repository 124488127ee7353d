//! Turning two-factor authentication off: a confirmation that says what
//! it does to the access tokens, then the password and a code; after, the
//! section says it is off.

use anyhow::{ensure, Context, Result};
use twofold_e2e::browser::{action, check, find, keys};
use twofold_e2e::PASSWORD;

use crate::support::{
    enable_two_factor, new_login, script_token, token_works, with_app_and_browser, with_browser,
};

#[tokio::test]
async fn turning_two_factor_off_asks_for_confirmation_then_the_password() -> Result<()> {
    with_browser("disable", async |b| {
        let login = new_login("disable");
        action::sign_up(b, &login, PASSWORD).await?;
        let (mut phone, _codes) = enable_two_factor(b, true).await?;

        // 1. Settings > Account > Turn Off Two-Factor Authentication; the
        // tip beside it sends a new phone to Change Authenticator App and a
        // lost one to the recovery codes.
        let tip = check::testid_contains(b, "device-loss-tip", "recovery code").await?;
        ensure!(
            tip.contains("Change Authenticator App"),
            "the tip reads {tip:?}"
        );
        b.screenshot("turn-off-button-and-tip").await?;
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        b.screenshot("disable-confirmation").await?;

        // Escape closes the pop-up and focus returns to the button.
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "Turn Off Two-Factor Authentication").await?;

        // 2. Confirm, then (in a new sign-in, which no step-up covers yet)
        // the password and, 2FA being on, a code from the app.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &phone.next_code().await).await?;
        action::open_account_settings(b).await?;
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        action::click(b, "Turn Off").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        b.screenshot("disable-password").await?;
        action::confirm_password_and_code(b, PASSWORD, &phone.next_code().await).await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "tfa-status", "off").await?;
        check::testid_contains(b, "two-factor-status", "just the login and password").await?;
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
async fn the_turn_off_confirmation_counts_the_tokens_that_keep_working_and_links_to_them(
) -> Result<()> {
    with_app_and_browser("disable-tokens", async |app, b| {
        // Arrange: 2FA on, two tokens made by a script.
        let login = new_login("offtokens");
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();
        let (_, nightly) = script_token(app, &account, "nightly backup", &codes[0]).await?;
        let (_, weekly) = script_token(app, &account, "weekly report", &codes[1]).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        action::open_account_settings(b).await?;

        // Act: Turn Off.
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;

        // Assert: the confirmation says the two tokens keep working, with a
        // link to the Access Tokens list in a new tab.
        check::testid_contains(
            b,
            "tokens-kept-note",
            "Turning off two-factor authentication leaves your 2 access tokens working",
        )
        .await?;
        let link = find::testid(b, "tokens-kept-link").await?;
        let href = link.attr("href").await?.context("the link has no href")?;
        ensure!(href == "/settings/tokens", "the link goes to {href:?}");
        let target = link.attr("target").await?;
        ensure!(
            target.as_deref() == Some("_blank"),
            "the link opens in {target:?}"
        );
        b.screenshot("disable-confirmation-tokens").await?;

        // And it is true: once 2FA is off, both tokens still answer.
        action::click(b, "Turn Off").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;
        check::testid_contains(b, "tfa-status", "off").await?;
        token_works(app, &nightly, &login, true).await?;
        token_works(app, &weekly, &login, true).await?;
        Ok(())
    })
    .await
}
