//! Phones: every screen fits 360 pixels, and a 64-character login with
//! long labels fits 320 and 360.

use anyhow::{ensure, Context, Result};
use twofold_e2e::browser::{action, check, find};
use twofold_e2e::{Authenticator, PASSWORD};

use crate::support::{new_login, with_browser};

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
        find::code_field(b).await?;
        check::fits_width(b).await?;
        b.screenshot("sign-in-code-step").await?;
        action::type_code(b, &phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        find::link(b, "See the whole Security Log")
            .await?
            .click()
            .await?;
        check::testid_contains(
            b,
            "event-list",
            "Signed in with a code from your authenticator app",
        )
        .await?;
        check::fits_width(b).await?;
        b.screenshot("security-log").await?;
        // An entry's time sits under its words, not squeezed beside them.
        let under = b
            .script(
                "const entry = document.querySelector('[data-testid=event]'); \
                 const what = entry.querySelector('[data-testid=event-what]'); \
                 const when = entry.querySelector('[data-testid=event-when]'); \
                 return when.getBoundingClientRect().top \
                   >= what.getBoundingClientRect().bottom - 1;",
            )
            .await?;
        ensure!(
            under.as_bool() == Some(true),
            "on a phone the log's times sit beside its words"
        );
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
        check::focus_is_on_heading(b, "Register your authenticator app").await?;
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
