//! Personal access tokens in the app: generated, shown once (and not lost
//! to one key), used over HTTP, edited, regenerated with a new expiry and
//! removed, with focus and the words of each step where the person is.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_api::account::{EventsResponse, GetEventsRequest};
use twofold_api::tokens::AccessToken;
use twofold_api::{Method, ResultCode};
use twofold_e2e::api::unix_now;
use twofold_e2e::browser::{action, check, find, keys, Browser};
use twofold_e2e::{TestApp, PASSWORD};

use crate::support::{new_login, with_app_and_browser};

const DAY: u64 = 86_400;

/// The account's tokens, read over HTTP by a script's own session.
async fn tokens_of(app: &TestApp, login: &str) -> Result<Vec<AccessToken>> {
    let session = app
        .sign_in(login, PASSWORD)
        .await
        .map_err(|e| anyhow!("signing in as a script: {e}"))?
        .session
        .context("the script's session")?;
    Ok(app
        .get_tokens(&session)
        .await
        .map_err(|e| anyhow!("GetTokens: {e}"))?
        .tokens)
}

/// The `id` of the first row's button with `data-testid="testid"`.
async fn row_button_id(b: &Browser, testid: &str) -> Result<String> {
    find::testid(b, testid)
        .await?
        .attr("id")
        .await?
        .with_context(|| format!("[data-testid={testid}] has no id"))
}

/// Generate New Token → the form, filled with `description` and "Read your
/// account", sent; the password pop-up when `password`; ends on the value.
async fn generate(b: &Browser, description: &str, password: bool) -> Result<String> {
    action::generate_token(b, description).await?;
    if password {
        action::confirm_password(b, PASSWORD).await?;
    }
    find::dialog(b, "New Access Token").await?;
    Ok(find::testid(b, "token-value").await?.text().await?)
}

#[tokio::test]
async fn a_token_made_in_the_app_works_over_http_until_it_is_removed_in_the_app() -> Result<()> {
    with_app_and_browser("tokens", async |app, b| {
        let login = new_login("tokens");
        action::sign_up(b, &login, PASSWORD).await?;
        // How scripts sign in is for developers, under Access Tokens: the
        // Account tab no longer explains it.
        action::open_account_settings(b).await?;
        check::text_lacks(b, &["Using the API", "Verify2FACode", "SignIn"]).await?;
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
        check::testid_contains(b, "no-tokens", "no access tokens").await?;
        // Which account changes stop tokens, and which leave them.
        let changes = check::testid_contains(b, "tokens-and-changes", "changing").await?;
        ensure!(
            changes.contains("Turning two-factor authentication off"),
            "{changes:?}"
        );
        // The developers' card is closed until asked for.
        let help = find::testid(b, "tokens-in-scripts").await?;
        ensure!(
            help.attr("open").await?.is_none(),
            "the scripts help is open"
        );
        ensure!(
            !help.text().await?.contains("curl"),
            "curl shows to everyone"
        );
        action::click_summary(b, "Using the API from scripts").await?;
        let opened = check::testid_contains(b, "tokens-in-scripts", "curl -X POST").await?;
        ensure!(
            opened.contains("Authorization: Bearer") && opened.contains("session parameter"),
            "{opened:?}"
        );
        // Without a token: SignIn, then Verify2FACode with a code.
        ensure!(
            opened.contains("SignIn") && opened.contains("Verify2FACode with the session"),
            "{opened:?}"
        );
        b.screenshot("tokens-empty").await?;

        // Generate: permissions in words, only what a token may do.
        action::click(b, "Generate New Token").await?;
        find::dialog(b, "Generate Access Token").await?;
        let offered = find::testid(b, "token-methods").await?.text().await?;
        for permission in ["Read your account", "Read your Security Log", "GetAccount"] {
            ensure!(
                offered.contains(permission),
                "{permission} is not offered: {offered:?}"
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
        find::checkbox(b, "Read your account")
            .await?
            .click()
            .await?;
        // A method tokens may never call is named before the password.
        action::type_into(b, "Other platform methods", "Disable2FA").await?;
        action::click(b, "Generate").await?;
        check::error_contains(b, "Tokens may never call Disable2FA").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password was asked for a form that cannot work"
        );
        action::type_into(b, "Other platform methods", "env.control.CreateEnvironment").await?;
        action::click_testid(b, "expiry-7").await?;
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
        // Saved: Done closes at once, and focus is back on the button
        // that started it all.
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        check::focus_is_on_id(b, "generate-token-button").await?;
        check::testid_contains(b, "tokens-status", "“deploy from CI” was generated").await?;

        // Listed, without its value: made for 7 days, so not "expiring
        // soon" the moment it is made; never used yet; what it may do in
        // words.
        let rows = check::count_becomes(b, "token", 1).await?;
        ensure!(
            rows[0].attr("data-expiry").await?.as_deref() == Some("later"),
            "a fresh 7-day token stands out as expiring"
        );
        let expires = find::testid(b, "token-expires-at").await?.text().await?;
        ensure!(!expires.contains("(in"), "the expiry reads {expires:?}");
        check::testid_contains(b, "token-description", "deploy from CI").await?;
        let may = check::testid_contains(b, "token-api-list", "Read your account").await?;
        ensure!(
            may.contains("See your login") && may.contains("env.control.CreateEnvironment"),
            "the permissions read {may:?}"
        );
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
                    kinds: None,
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

        // Remove, after a confirmation (the step-up of Generate covers
        // it). Said beside the list, in sight; the list emptied, so focus
        // goes to its heading, not to the page.
        action::click(b, "Remove").await?;
        find::dialog(b, "Remove This Token?").await?;
        b.screenshot("remove-confirmation").await?;
        action::click(b, "Remove").await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "tokens-status", "was removed").await?;
        check::in_sight(b, "tokens-status").await?;
        check::testid_contains(b, "no-tokens", "no access tokens").await?;
        check::focus_is_on_heading(b, "Access Tokens").await?;
        b.screenshot("token-removed").await?;

        // From the very next call, the token is refused.
        let after = app.get_account(&key).await;
        ensure!(
            matches!(&after, Err(e) if e.result == ResultCode::NotSignedIn),
            "GetAccount with the removed token answered {after:?}"
        );

        // What was said stays on its tab.
        action::open_account_settings(b).await?;
        b.settled().await?;
        ensure!(
            find::all_testid(b, "notice").await?.is_empty(),
            "a notice followed to the Account tab"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_new_tokens_value_is_not_lost_to_one_key_and_wraps_only_at_its_hyphens() -> Result<()> {
    with_app_and_browser("token-value", async |_app, b| {
        // On a 360 px phone, where the value wraps.
        b.resize(360, 780).await.context("a 360 px window")?;
        let login = new_login("tokval");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
        let key = generate(b, "nightly report", true).await?;

        // Escape asks first, with the safe choice focused; keeping it
        // open keeps the value, and focus goes to Copy.
        action::press(b, keys::ESCAPE).await?;
        check::testid_contains(b, "token-leave-check", "cannot be shown again").await?;
        check::focus_is_on(b, "Keep It Open").await?;
        check::fits_width(b).await?;
        b.screenshot("leave-check").await?;
        action::click(b, "Keep It Open").await?;
        check::count_becomes(b, "token-leave-check", 0).await?;
        check::focus_is_on_testid(b, "copy-token").await?;
        check::testid_contains(b, "token-value", &key).await?;
        // Done asks too, and Escape then means "keep it open".
        action::click(b, "Done").await?;
        find::testid(b, "token-leave-check").await?;
        action::press(b, keys::ESCAPE).await?;
        check::count_becomes(b, "token-leave-check", 0).await?;
        find::dialog(b, "New Access Token").await?;

        // The value breaks after its own hyphens, never inside the pieces
        // between them while they fit: a value made of 18-letter pieces
        // (what a line can hold twice over at most) ends every line but
        // the last with its hyphen.
        let lines = b
            .script(
                "const el = document.querySelector('[data-testid=token-value]'); \
                 el.textContent = 'tft_' + ['A', 'B', 'C', 'D', 'E', 'F'] \
                     .map(c => c.repeat(18)).join('-'); \
                 const text = el.firstChild, lines = []; let top = null, start = 0; \
                 for (let i = 0; i < text.length; i++) { \
                   const range = document.createRange(); range.setStart(text, i); \
                   range.setEnd(text, i + 1); \
                   const t = Math.round(range.getBoundingClientRect().top); \
                   if (top !== null && t > top) { lines.push(text.data.slice(start, i)); start = i; } \
                   top = t; } \
                 lines.push(text.data.slice(start)); return lines;",
            )
            .await?;
        let lines: Vec<String> = serde_json::from_value(lines)?;
        ensure!(lines.len() > 1, "the value did not wrap: {lines:?}");
        for line in &lines[..lines.len() - 1] {
            ensure!(
                line.ends_with('-'),
                "a line breaks inside a piece: {lines:?}"
            );
        }
        check::fits_width(b).await?;
        b.screenshot("value-wrapped").await?;

        // Close Without Saving closes it, and focus is back on Generate.
        action::press(b, keys::ESCAPE).await?;
        action::click(b, "Close Without Saving").await?;
        check::no_dialog(b).await?;
        check::focus_is_on_id(b, "generate-token-button").await?;
        check::count_becomes(b, "token", 1).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn edit_regenerate_and_remove_keep_focus_and_news_beside_the_list_on_a_phone() -> Result<()> {
    with_app_and_browser("token-regenerate", async |app, b| {
        // On a 360 px phone, where the form and the value are tightest and
        // the notice at the top of the page is out of sight.
        b.resize(360, 780).await.context("a 360 px window")?;
        let login = new_login("regen");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
        check::fits_width(b).await?;
        // By keyboard: Enter in the description sends the form.
        action::click(b, "Generate New Token").await?;
        find::dialog(b, "Generate Access Token").await?;
        check::fits_width(b).await?;
        b.screenshot("generate-form-phone").await?;
        find::checkbox(b, "Read your account")
            .await?
            .click()
            .await?;
        action::type_into(b, "Description", "nightly report").await?;
        action::press(b, keys::ENTER).await?;
        action::confirm_password(b, PASSWORD).await?;
        let old = find::testid(b, "token-value").await?.text().await?;
        check::fits_width(b).await?;
        b.screenshot("token-value-phone").await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        // A second token, listed above it (newest first).
        let _ = generate(b, "weekly backup", false).await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        check::count_becomes(b, "token", 2).await?;
        check::fits_width(b).await?;
        b.screenshot("token-list-phone").await?;
        let edit_id = row_button_id(b, "edit-token").await?;

        // Edit: a new description; the news beside the list, in sight;
        // focus back on Edit.
        find::testid(b, "edit-token").await?.click().await?;
        find::dialog(b, "Edit Access Token").await?;
        action::type_into(b, "Description", "weekly usage backup").await?;
        action::click(b, "Save").await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "tokens-status", "“weekly usage backup” was saved").await?;
        check::in_sight(b, "tokens-status").await?;
        check::testid_contains(b, "token-description", "weekly usage backup").await?;
        check::focus_is_on_id(b, &edit_id).await?;

        // Regenerate "nightly report" with a new expiry, 90 days: the
        // confirmation offers to keep the old one first.
        let regenerate_id = {
            let rows = find::all_testid(b, "regenerate-token").await?;
            rows.get(1)
                .context("the second row's Regenerate")?
                .attr("id")
                .await?
                .context("Regenerate has no id")?
        };
        b.client()
            .find(fantoccini::Locator::Id(&regenerate_id))
            .await?
            .click()
            .await?;
        find::dialog(b, "Regenerate This Token?").await?;
        let keep = find::testid(b, "expiry-keep").await?;
        ensure!(keep.is_selected().await?, "the expiry is not kept at first");
        action::click_testid(b, "expiry-90").await?;
        check::testid_contains(b, "token-expires", "The token will stop working on").await?;
        check::fits_width(b).await?;
        b.screenshot("regenerate-with-expiry").await?;
        action::click(b, "Regenerate").await?;
        find::dialog(b, "Token Regenerated").await?;
        let new = find::testid(b, "token-value").await?.text().await?;
        ensure!(
            new.starts_with("tft_") && new != old,
            "the new value is {new:?}"
        );
        b.screenshot("token-regenerated").await?;
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        check::focus_is_on_id(b, &regenerate_id).await?;
        check::testid_contains(b, "tokens-status", "has a new value").await?;
        check::page_lacks(b, "the new value", &new).await?;
        let regenerated = tokens_of(app, &login)
            .await?
            .into_iter()
            .find(|t| t.description == "nightly report")
            .context("the regenerated token")?;
        let asked = unix_now() + 90 * DAY;
        ensure!(
            regenerated.expires_at.abs_diff(asked) < 600,
            "the new expiry is {} s from 90 days",
            regenerated.expires_at.abs_diff(asked)
        );
        let refused = app.get_account(&old).await;
        ensure!(
            matches!(&refused, Err(e) if e.result == ResultCode::NotSignedIn),
            "the old value answered {refused:?}"
        );
        app.get_account(&new)
            .await
            .map_err(|e| anyhow!("the new value was refused: {e}"))?;

        // Remove the first row: focus goes to the Remove of the row that
        // takes its place.
        let next_remove = {
            let rows = find::all_testid(b, "remove-token").await?;
            rows.get(1)
                .context("the second row's Remove")?
                .attr("id")
                .await?
                .context("Remove has no id")?
        };
        find::testid(b, "remove-token").await?.click().await?;
        find::dialog(b, "Remove This Token?").await?;
        action::click(b, "Remove").await?;
        check::no_dialog(b).await?;
        check::count_becomes(b, "token", 1).await?;
        check::focus_is_on_id(b, &next_remove).await?;
        check::testid_contains(b, "tokens-status", "“weekly usage backup” was removed").await?;
        check::in_sight(b, "tokens-status").await?;
        b.screenshot("removed-phone").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn an_expiry_on_a_day_lasts_to_the_end_of_that_day_where_the_browser_is() -> Result<()> {
    with_app_and_browser("token-expiry-day", async |app, b| {
        // A short laptop screen, in New York, where the end of a day is
        // the next morning in UTC.
        b.resize(1366, 650).await?;
        b.devtools(
            "Emulation.setTimezoneOverride",
            serde_json::json!({ "timezoneId": "America/New_York" }),
        )
        .await?;
        let login = new_login("tokday");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
        action::click(b, "Generate New Token").await?;
        find::dialog(b, "Generate Access Token").await?;
        // The form's actions are in sight without scrolling.
        check::in_sight(b, "token-form-submit").await?;
        b.screenshot("form-on-a-short-screen").await?;
        action::type_into(b, "Description", "until a day").await?;
        find::checkbox(b, "Read your account")
            .await?
            .click()
            .await?;

        // The picker starts today (the day lasts until its end), here.
        let picker = find::xpath(b, "the expiry day", "//input[@type='date']").await?;
        let days = b
            .script(
                "const day = offset => { const d = new Date(); d.setDate(d.getDate() + offset); \
                   return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') \
                     + '-' + String(d.getDate()).padStart(2, '0'); }; \
                 return [day(0), day(-1), day(400), day(10)];",
            )
            .await?;
        let days: Vec<String> = serde_json::from_value(days)?;
        ensure!(
            picker.attr("min").await?.as_deref() == Some(days[0].as_str()),
            "the picker starts on {:?}, not today {}",
            picker.attr("min").await?,
            days[0]
        );
        // No preview for a day that cannot be: yesterday, or too far.
        for day in [&days[1], &days[2]] {
            action::pick_date(b, &picker, day).await?;
            b.settled().await?;
            let preview = find::all_testid(b, "token-expires").await?;
            let said = match preview.first() {
                Some(p) => p.text().await?,
                None => String::new(),
            };
            ensure!(said.is_empty(), "{day} previews {said:?}");
        }
        action::pick_date(b, &picker, &days[3]).await?;
        let preview = check::testid_contains(b, "token-expires", "23:59").await?;
        b.screenshot("expiry-day-preview").await?;
        check::in_sight(b, "token-form-submit").await?;
        action::click(b, "Generate").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "New Access Token").await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;

        // The server has the last second of that day in New York.
        let end_of_day = b
            .script(&format!(
                "const [y, m, d] = '{}'.split('-').map(Number); \
                 return new Date(y, m - 1, d, 23, 59, 59).getTime() / 1000;",
                days[3]
            ))
            .await?
            .as_u64()
            .context("the end of the day")?;
        let token = tokens_of(app, &login)
            .await?
            .into_iter()
            .next()
            .context("the token")?;
        ensure!(
            token.expires_at == end_of_day,
            "the token ends at {}, not {end_of_day} (the preview said {preview:?})",
            token.expires_at
        );
        let listed = find::testid(b, "token-expires-at").await?.text().await?;
        ensure!(listed.contains("23:59"), "the list says {listed:?}");

        // The Edit form, with "Keep" on top, keeps its actions in sight too.
        action::click(b, "Edit").await?;
        find::dialog(b, "Edit Access Token").await?;
        check::in_sight(b, "token-form-submit").await?;
        b.screenshot("edit-on-a-short-screen").await?;
        Ok(())
    })
    .await
}
