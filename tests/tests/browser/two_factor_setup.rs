//! Setting up two-factor authentication: the wizard step by step as the
//! seed describes it, the status fresh after each step, the tokens to keep
//! when 2FA goes on, the link for phones, a set-up ended by wrong codes,
//! and Done in sight on a short screen.

use anyhow::{anyhow, ensure, Context, Result};
use fantoccini::elements::Element;
use fantoccini::Locator;
use twofold_api::ResultCode;
use twofold_e2e::browser::{action, check, find, keys, Browser};
use twofold_e2e::{Authenticator, PASSWORD};

use crate::change_app::{discard_with_wrong_codes, eventually_new_key};
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
        let field = find::field(b, "Code from your authenticator app").await?;
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
        check::testid_contains(b, "security-summary", "Two-factor authentication is on").await?;
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

        // Turn off (the step-up Enable2FA proved still covers it): focus
        // lands on the section, which now says Off.
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        action::click(b, "Turn Off").await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "tfa-status", "off").await?;
        check::focus_is_on_heading(b, "Two-Factor Authentication").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn open_in_authenticator_app_is_offered_on_touch_screens_only() -> Result<()> {
    with_browser("open-in-app", async |b| {
        let login = new_login("touch");
        action::sign_up(b, &login, PASSWORD).await?;
        start_two_factor_setup(b, true).await?;
        // A computer: the QR code is the way; no link to an app it lacks.
        find::testid(b, "qr-code").await?;
        let link = find::all_testid(b, "open-in-app")
            .await?
            .into_iter()
            .next()
            .context("no open-in-app link in the page")?;
        ensure!(
            !link.is_displayed().await?,
            "the otpauth link shows with a mouse"
        );
        // A phone (touch, coarse pointer): the phone cannot scan its own
        // screen, so the same key opens the app.
        b.resize(360, 740).await?;
        b.devtools(
            "Emulation.setTouchEmulationEnabled",
            serde_json::json!({"enabled": true, "maxTouchPoints": 5}),
        )
        .await?;
        let href = find::testid(b, "open-in-app")
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        ensure!(
            href.starts_with("otpauth://totp/") && href.contains("secret="),
            "the link is {href:?}"
        );
        check::fits_width(b).await?;
        b.screenshot("open-in-app-on-a-phone").await?;
        b.devtools(
            "Emulation.setTouchEmulationEnabled",
            serde_json::json!({"enabled": false}),
        )
        .await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn five_wrong_codes_end_the_set_up_with_the_way_on_and_focus_returns_to_set_up() -> Result<()>
{
    with_browser("setup-discarded", async |b| {
        let login = new_login("discard");
        action::sign_up(b, &login, PASSWORD).await?;
        start_two_factor_setup(b, true).await?;

        // Help getting an app: what to look for, no vendor named.
        let help = find::testid(b, "app-help").await?;
        help.find(Locator::Css("summary")).await?.click().await?;
        let words = check::testid_contains(b, "app-help", "TOTP").await?;
        ensure!(
            words.contains("encrypted backup") && !words.to_lowercase().contains("google"),
            "the help reads {words:?}"
        );
        b.screenshot("app-help").await?;

        // Cancel: focus is back on the button that opened the wizard (a
        // busy button keeps it while its call runs).
        action::click(b, "Cancel").await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "Set Up Two-Factor Authentication").await?;

        // Five wrong codes: the QR code and key give way to what to do.
        let phone = start_two_factor_setup(b, false).await?;
        let first_key = find::testid(b, "setup-key").await?.text().await?;
        discard_with_wrong_codes(b, &phone).await?;
        let gone = check::testid_contains(b, "setup-gone", "no longer works").await?;
        ensure!(
            gone.contains("Delete the entry") && gone.contains("Start Again"),
            "the set-up's end reads {gone:?}"
        );
        ensure!(
            find::all_testid(b, "qr-code").await?.is_empty()
                && find::all_testid(b, "setup-key").await?.is_empty(),
            "the dead QR code or key is still shown"
        );
        ensure!(
            find::all_testid(b, "next").await?.is_empty(),
            "Next is still offered"
        );
        check::focus_is_on(b, "Start Again").await?;
        b.screenshot("setup-discarded").await?;

        // Start Again: the password again (the discard ended the step-up),
        // then a new key that works.
        action::click(b, "Start Again").await?;
        action::confirm_password(b, PASSWORD).await?;
        let key = eventually_new_key(b, &first_key).await?;
        find::testid(b, "qr-code").await?;
        let mut phone = Authenticator::from_base32(&key);
        action::type_code(b, &phone.next_code().await).await?;
        check::recovery_codes(b).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn done_stays_in_sight_on_a_short_laptop_screen_and_the_note_reads_as_one_sentence(
) -> Result<()> {
    with_browser("done-in-sight", async |b| {
        let login = new_login("short");
        action::sign_up(b, &login, PASSWORD).await?;
        b.resize(1366, 650).await?;
        let mut phone = start_two_factor_setup(b, true).await?;
        action::type_code(b, &phone.next_code().await).await?;
        check::recovery_codes(b).await?;
        action::click(b, "Download").await?;
        let done = find::button(b, "Done").await?;
        check::enabled_becomes(&done, "Done", true).await?;
        ensure!(
            in_sight(b, &done).await?,
            "Done is not in the 1366×650 window"
        );
        b.screenshot("done-in-sight").await?;

        // The note's stressed words stay in its sentence; its title alone
        // stands on a line of its own.
        let displays = b
            .script(
                "const note = document.querySelector('[data-testid=save-codes-note]'); \
                 const stressed = note.querySelector('strong'); \
                 const title = note.parentElement.querySelector('.callout-title'); \
                 return [getComputedStyle(stressed).display, getComputedStyle(title).display, \
                         note.textContent];",
            )
            .await?;
        ensure!(
            displays[0] == "inline" && displays[1] == "block",
            "the note's stressed words and title display as {displays}"
        );
        ensure!(
            displays[2]
                .as_str()
                .is_some_and(|t| t.contains("They are also the only way to get back")),
            "the note reads {}",
            displays[2]
        );
        done.click().await?;
        check::no_dialog(b).await?;
        Ok(())
    })
    .await
}

/// True when `element` is wholly inside the window and nothing covers its
/// middle.
async fn in_sight(b: &Browser, element: &Element) -> Result<bool> {
    let answer = b
        .client()
        .execute(
            "const el = arguments[0]; const r = el.getBoundingClientRect(); \
             const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight \
                 && r.right <= innerWidth; \
             const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
             return inside && !!top && el.contains(top);",
            vec![serde_json::to_value(element)?],
        )
        .await?;
    Ok(answer.as_bool().unwrap_or(false))
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

        // Assert: the section counts the ended token, with a link to the
        // rest, and the notice at the top of the page does not say it
        // again; over HTTP the ticked one still answers and the other is
        // refused (201).
        check::testid_contains(b, "two-factor-status", "1 access token stopped working.").await?;
        find::link(b, "Review your access tokens").await?;
        ensure!(
            find::all_testid(b, "notice").await?.is_empty(),
            "the notice says it too"
        );
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
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
        check::count_becomes(b, "token", 1).await?;
        check::testid_contains(b, "token-description", "nightly backup").await?;
        Ok(())
    })
    .await
}
