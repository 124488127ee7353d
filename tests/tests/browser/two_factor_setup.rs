//! Setting up two-factor authentication: the wizard step by step as the
//! seed describes it, the status fresh after each step, and the tokens to
//! keep when 2FA goes on.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_api::ResultCode;
use twofold_e2e::browser::{action, check, find, keys};
use twofold_e2e::{Authenticator, PASSWORD};

use crate::support::{new_login, start_two_factor_setup, with_app_and_browser, with_browser};

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
