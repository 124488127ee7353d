//! Personal access tokens in the app: generated, shown once, used over
//! HTTP, edited, regenerated and removed.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_api::account::{EventsResponse, GetEventsRequest};
use twofold_api::{Method, ResultCode};
use twofold_e2e::browser::{action, check, find, keys};
use twofold_e2e::PASSWORD;

use crate::support::{new_login, with_app_and_browser};

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
