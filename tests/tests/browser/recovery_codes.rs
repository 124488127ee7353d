//! Recovery codes: viewed, downloaded, printed and regenerated; signing in
//! with one (the codes left, the last one); whether the server counts them
//! as saved.

use anyhow::{ensure, Context, Result};
use fantoccini::Locator;
use twofold_e2e::browser::{action, check, find, keys, Browser};
use twofold_e2e::{TestApp, PASSWORD};

use crate::support::{
    enable_two_factor, new_login, start_two_factor_setup, with_app_and_browser, with_browser,
};

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

        // Closed, focus is back on View Recovery Codes (a busy button
        // keeps it while its call runs); the step-up still holds.
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "View Recovery Codes").await?;
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Recovery Codes").await?;

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
async fn signing_in_with_the_last_recovery_code_says_why_then_offers_new_codes() -> Result<()> {
    with_app_and_browser("last-recovery-code", async |app, b| {
        let login = new_login("last");
        let mut account = app.enrolled(&login, PASSWORD).await;
        spend_all_but_the_last(app, &login, &account.recovery_codes).await;

        action::sign_in_with_recovery_code(b, &login, PASSWORD, &account.recovery_codes[9]).await?;
        // Why first: no pop-up before the person has read it, and both
        // ways on (new codes, or turning 2FA off).
        find::heading(b, "New Recovery Codes").await?;
        let why =
            check::testid_contains(b, "regeneration-reason", "your last recovery code").await?;
        ensure!(
            why.contains("turn two-factor authentication off"),
            "the reason reads {why:?}"
        );
        find::button(b, "Turn Off Two-Factor Authentication").await?;
        b.settled().await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password pop-up came before the reason"
        );
        ensure!(
            b.path().await? == "/recovery-codes",
            "not on the regeneration screen"
        );
        b.screenshot("last-code-why").await?;

        // Settings (or anything else) sends back here until there are codes.
        b.open("/settings/tokens").await?;
        find::heading(b, "New Recovery Codes").await?;
        ensure!(
            b.path().await? == "/recovery-codes",
            "Settings opened without codes"
        );
        check::testid_contains(b, "regeneration-reason", "no recovery codes left").await?;

        // New codes: the step-up with the code from the app (no recovery
        // code is left to offer), the codes behind the save gate.
        action::click(b, "Generate New Recovery Codes").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Code from your authenticator app").await?;
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
async fn someone_out_of_recovery_codes_can_turn_two_factor_off_from_the_regeneration_screen(
) -> Result<()> {
    with_app_and_browser("last-code-turn-off", async |app, b| {
        let login = new_login("lastoff");
        let mut account = app.enrolled(&login, PASSWORD).await;
        spend_all_but_the_last(app, &login, &account.recovery_codes).await;
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &account.recovery_codes[9]).await?;
        find::heading(b, "New Recovery Codes").await?;

        // The confirmation, which here too says what happens to the access
        // tokens (there are none), then the step-up with a code from the app.
        action::click(b, "Turn Off Two-Factor Authentication").await?;
        find::dialog(b, "Turn Off Two-Factor Authentication?").await?;
        check::testid_contains(
            b,
            "tokens-kept-note",
            "Turning off two-factor authentication does not affect access tokens, and you have \
             no working ones.",
        )
        .await?;
        ensure!(
            find::all_testid(b, "tokens-kept-link").await?.is_empty(),
            "a link to no tokens"
        );
        b.screenshot("turn-off-instead").await?;
        action::click(b, "Turn Off").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;

        // On to the dashboard, 2FA off, which its notice says (the screen
        // that did it is gone); signing in takes the password alone.
        find::heading(b, "Dashboard").await?;
        check::testid_contains(b, "security-summary", "Add an extra security layer").await?;
        check::notice_contains(b, "Two-factor authentication is off.").await?;
        b.screenshot("turned-off-dashboard").await?;
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

/// Spends all recovery codes but the last over HTTP (other sign-ins).
async fn spend_all_but_the_last(app: &TestApp, login: &str, codes: &[String]) {
    for code in &codes[..codes.len() - 1] {
        app.signed_in_with_recovery_code(login, PASSWORD, code)
            .await;
    }
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

/// The text of the Two-Factor Authentication section's status line, which
/// is there, empty or not, whenever the section is.
async fn two_factor_status(b: &Browser) -> Result<String> {
    let text = b
        .script(
            "const p = document.querySelector('[data-testid=two-factor-status]'); \
             return p && p.textContent;",
        )
        .await?;
    text.as_str()
        .map(str::to_owned)
        .context("the section has no status line")
}

#[tokio::test]
async fn new_recovery_codes_are_said_saved_beside_the_count_in_sight_on_a_phone() -> Result<()> {
    with_browser("codes-saved-phone", async |b| {
        // Arrange: a 360 × 740 phone, 2FA on, its codes saved.
        b.resize(360, 740).await.context("a 360 px window")?;
        let login = new_login("saved");
        action::sign_up(b, &login, PASSWORD).await?;
        enable_two_factor(b, true).await?;
        check::testid_contains(b, "two-factor-status", "Two-factor authentication is on.").await?;
        check::in_sight(b, "two-factor-status").await?;
        ensure!(
            find::all_testid(b, "notice").await?.is_empty(),
            "the notice at the top says it too"
        );

        // Act: View Recovery Codes (Enable2FA's code covers the step-up),
        // Generate new recovery codes, saved, Done.
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Recovery Codes").await?;
        action::click(b, "Generate new recovery codes").await?;
        find::dialog(b, "Generate New Recovery Codes?").await?;
        check::testid_contains(b, "tokens-kept-note", "Generating new recovery codes").await?;
        action::click(b, "Generate").await?;
        check::testid_contains(b, "regenerated-warning", "no longer work").await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;

        // Assert: the section says so beside the count, in sight, once.
        check::testid_contains(
            b,
            "two-factor-status",
            "New recovery codes saved; the old ones no longer work.",
        )
        .await?;
        check::testid_contains(b, "codes-left-summary", "10 recovery codes left").await?;
        check::in_sight(b, "two-factor-status").await?;
        ensure!(
            find::all_testid(b, "notice").await?.is_empty(),
            "the notice at the top says it too"
        );
        b.screenshot("codes-saved-phone").await?;

        // Another tab and back: the news is gone.
        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        action::open_account_settings(b).await?;
        check::testid_contains(b, "codes-left-summary", "10 recovery codes left").await?;
        let status = two_factor_status(b).await?;
        ensure!(status.is_empty(), "the section still says {status:?}");
        Ok(())
    })
    .await
}
