//! The Sessions tab: other sessions listed and signed out (with 2FA on, the
//! tokens to keep), and a tab whose session ended elsewhere.

use anyhow::{anyhow, ensure, Context, Result};
use fantoccini::Locator;
use twofold_api::{Method, ResultCode};
use twofold_e2e::browser::{action, check, find, Browser};
use twofold_e2e::{TestApp, PASSWORD};

use crate::support::{new_login, script_token, token_works, with_app_and_browser};

/// Signs `login` in over HTTP as `user_agent` would, and returns the
/// session: another device or a script.
async fn signed_in_elsewhere(app: &TestApp, login: &str, user_agent: &str) -> Result<String> {
    let body = serde_json::json!({ "login": login, "password": PASSWORD });
    let answer = app
        .raw(
            Method::SignIn.path().as_str(),
            Some("application/json"),
            serde_json::to_vec(&body)?,
            &[("user-agent", user_agent)],
        )
        .await;
    answer.assert_ok();
    answer
        .body
        .get("session")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("SignIn answered without a session: {}", answer.body))
}

#[tokio::test]
async fn other_sessions_are_listed_and_signed_out_from_the_sessions_tab() -> Result<()> {
    with_app_and_browser("sessions", async |app, b| {
        // On a 360 px phone, where the list is tightest.
        b.resize(360, 780).await.context("a 360 px window")?;
        let login = new_login("sessions");
        action::sign_up(b, &login, PASSWORD).await?;
        let script = signed_in_elsewhere(app, &login, "curl/8.5.0").await?;

        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        // This session first, told apart from the other by its device,
        // how it signed in, when, and from where.
        let rows = check::count_becomes(b, "session", 2).await?;
        ensure!(
            rows[0].attr("data-current").await?.as_deref() == Some("true"),
            "this session is not listed first"
        );
        let this = find::testid_with(b, "session", "data-current", "true").await?;
        let this_text = this.text().await?;
        ensure!(
            // The badge is drawn in capitals.
            this_text.to_lowercase().contains("this session")
                && this_text.contains("Chrome on Linux")
                && this_text.contains("Signed in")
                && this_text.contains("Last seen")
                && this_text.contains("Password"),
            "this session reads {this_text:?}"
        );
        let other = find::testid_with(b, "session", "data-current", "false").await?;
        let other_text = other.text().await?;
        ensure!(
            other_text.contains("curl") && other_text.contains("127.0.0.1"),
            "the other session reads {other_text:?}"
        );
        ensure!(
            !other_text.to_lowercase().contains("this session"),
            "both are this session"
        );
        check::fits_width(b).await?;
        b.screenshot("two-sessions").await?;

        // Sign out the other one. It signed in after this session, so the
        // server asks for the step-up first (a stolen session cannot keep
        // its owner out): the password pop-up, then the sign-out is sent
        // again. Said beside the list, in sight on the phone; the list has
        // no other session left, so focus goes to its heading.
        other
            .find(Locator::Css("[data-testid='sign-out-session']"))
            .await?
            .click()
            .await?;
        find::dialog(b, "Confirm Your Password").await?;
        ensure!(
            find::all_testid(b, "step-up-second-factor")
                .await?
                .is_empty(),
            "a code was asked for with 2FA off"
        );
        check::fits_width(b).await?;
        b.screenshot("newer-session-password").await?;
        action::confirm_password(b, PASSWORD).await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "sessions-status", "1 session was signed out.").await?;
        check::in_sight(b, "sessions-status").await?;
        check::count_becomes(b, "session", 1).await?;
        find::testid(b, "no-other-sessions").await?;
        check::focus_is_on_heading(b, "Sessions").await?;
        b.screenshot("other-signed-out").await?;
        let ended = app.get_account(&script).await;
        ensure!(
            matches!(&ended, Err(e) if e.result == ResultCode::NotSignedIn),
            "the signed-out session answered {ended:?}"
        );

        // Two more: the newest (no User-Agent) is signed out alone, and
        // focus goes to the Sign Out of the row that takes its place.
        let phone = signed_in_elsewhere(
            app,
            &login,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
             (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        )
        .await?;
        // A second later, so that "newest" is not a tie.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let laptop = signed_in_elsewhere(app, &login, "").await?;
        b.open("/settings/sessions").await?;
        let rows = check::count_becomes(b, "session", 3).await?;
        ensure!(
            rows[1].text().await?.contains("Unknown browser")
                && rows[2].text().await?.contains("Safari on iPhone"),
            "the others are not newest first"
        );
        check::fits_width(b).await?;
        b.screenshot("three-sessions").await?;
        rows[1]
            .find(Locator::Css("[data-testid='sign-out-session']"))
            .await?
            .click()
            .await?;
        check::testid_contains(b, "sessions-status", "1 session was signed out.").await?;
        check::count_becomes(b, "session", 2).await?;
        focus_is_in_row_of(b, "Safari on iPhone").await?;

        // Sign out all other sessions, after a confirmation (the password
        // confirmed above still covers it: no pop-up); focus to the heading.
        action::click(b, "Sign Out All Other Sessions").await?;
        find::dialog(b, "Sign Out All Other Sessions?").await?;
        action::click(b, "Sign Out All").await?;
        check::no_dialog(b).await?;
        check::testid_contains(b, "sessions-status", "1 session was signed out.").await?;
        check::count_becomes(b, "session", 1).await?;
        check::focus_is_on_heading(b, "Sessions").await?;
        for (name, session) in [("the phone", &phone), ("the laptop", &laptop)] {
            let ended = app.get_account(session).await;
            ensure!(
                matches!(&ended, Err(e) if e.result == ResultCode::NotSignedIn),
                "{name} answered {ended:?}"
            );
        }
        // This session is still signed in, and listed.
        b.open("/settings/sessions").await?;
        find::testid_with(b, "session", "data-current", "true").await?;
        ensure!(
            b.path().await? == "/settings/sessions",
            "left the Sessions tab"
        );
        Ok(())
    })
    .await
}

/// Waits until focus is on a Sign Out in the session row that reads
/// `device`.
async fn focus_is_in_row_of(b: &Browser, device: &str) -> Result<()> {
    twofold_e2e::browser::eventually(&format!("focus on {device}'s Sign Out"), || async move {
        let row = b
            .script(
                "const a = document.activeElement; \
                 return a && a.dataset.testid === 'sign-out-session' \
                     ? a.closest('[data-testid=session]').textContent : null;",
            )
            .await?;
        Ok(row
            .as_str()
            .is_some_and(|row| row.contains(device))
            .then_some(()))
    })
    .await
}

/// Opens a second tab of the same browser (the same cookies) and returns
/// the handles of the first and the second.
async fn second_tab(
    b: &Browser,
) -> Result<(fantoccini::wd::WindowHandle, fantoccini::wd::WindowHandle)> {
    let first = b.client().window().await?;
    let second = b.client().new_window(true).await?.handle;
    b.client().switch_to_window(second.clone()).await?;
    Ok((first, second))
}

/// Clicks `button` in a tab whose session is over: the app must say so and
/// go to sign-in, without the password pop-up first.
async fn stale_click_says_the_session_ended(b: &Browser, button: &str) -> Result<()> {
    action::click(b, button).await?;
    let notice = check::notice_contains(b, "session has ended").await?;
    find::heading(b, "Sign In").await?;
    ensure!(
        find::all_testid(b, "password-dialog").await?.is_empty(),
        "the password pop-up opened under {notice:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_stale_tab_says_the_session_ended_before_asking_for_the_password() -> Result<()> {
    with_app_and_browser("stale-tab", async |app, b| {
        let login = new_login("stale");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;

        // Signed out in a second tab; the first still shows Settings.
        let (first, _second) = second_tab(b).await?;
        b.open("/").await?;
        find::heading(b, "Dashboard").await?;
        action::sign_out(b).await?;
        b.client().switch_to_window(first.clone()).await?;
        find::heading(b, "Two-Factor Authentication").await?;
        stale_click_says_the_session_ended(b, "Change Password").await?;
        b.screenshot("signed-out-in-another-tab").await?;

        // Signed in again here, then every other session ended by a script.
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        let script = app
            .sign_in(&login, PASSWORD)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .session
            .context("the script's session")?;
        app.sign_out_sessions(&script, twofold_api::tokens::Selection::All)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        stale_click_says_the_session_ended(b, "Set Up Two-Factor Authentication").await?;
        b.screenshot("signed-out-by-a-script").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn signing_out_all_other_sessions_with_2fa_on_asks_for_a_code_and_keeps_the_ticked_tokens(
) -> Result<()> {
    with_app_and_browser("sign-out-all-2fa", async |app, b| {
        // Arrange: 2FA on, two tokens made by a script's session (older
        // than this browser's), this browser signed in with a code, then a
        // newer session elsewhere.
        let login = new_login("outall");
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();
        let (kept_id, kept) = script_token(app, &account, "nightly backup", &codes[9]).await?;
        let (_, ended) = script_token(app, &account, "old deploy script", &codes[8]).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        let newer = app
            .signed_in_with_recovery_code(&login, PASSWORD, &codes[7])
            .await;
        action::open_settings_tab(b, "Sessions", "Sessions").await?;
        check::count_becomes(b, "session", 3).await?;
        // How each signed in: this one with the app, the newer one with a
        // recovery code.
        let this = find::testid_with(b, "session", "data-current", "true").await?;
        let this_text = this.text().await?;
        ensure!(
            this_text.contains("Password and authenticator app"),
            "this session reads {this_text:?}"
        );
        check::testid_contains(b, "session-signed-in-with", "Password and recovery code").await?;
        b.screenshot("signed-in-with").await?;

        // Act: the confirmation counts the tokens, says what the change
        // does to them, links to them, and lists them to keep, unticked;
        // one is ticked; then the pop-up asks for the password and a code.
        action::click(b, "Sign Out All Other Sessions").await?;
        find::dialog(b, "Sign Out All Other Sessions?").await?;
        check::testid_contains(b, "token-keep-list", "old deploy script").await?;
        let explained = check::testid_contains(
            b,
            "token-keep-explained",
            "You have 2 access tokens. They all stop working",
        )
        .await?;
        ensure!(
            explained.contains("except those you tick here"),
            "{explained:?}"
        );
        let link = find::testid(b, "token-keep-link").await?;
        ensure!(
            link.attr("href").await?.as_deref() == Some("/settings/tokens")
                && link.attr("target").await?.as_deref() == Some("_blank"),
            "the link to the tokens leaves the confirmation"
        );
        let keep_box = find::testid(b, &format!("keep-token-{kept_id}")).await?;
        ensure!(!keep_box.is_selected().await?, "a token starts ticked");
        keep_box.click().await?;
        check::ticked_becomes(&keep_box, "keep “nightly backup”", true).await?;
        b.screenshot("confirmation-keep-list").await?;
        action::click(b, "Sign Out All").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        b.screenshot("password-and-code").await?;
        action::confirm_password_and_recovery_code(b, PASSWORD, &codes[6]).await?;

        // Assert: both other sessions end, newer one included; the ticked
        // token works and the other is refused.
        check::no_dialog(b).await?;
        check::testid_contains(
            b,
            "sessions-status",
            "2 sessions were signed out. 1 access token stopped working.",
        )
        .await?;
        find::link(b, "Review your access tokens").await?;
        check::count_becomes(b, "session", 1).await?;
        check::focus_is_on_heading(b, "Sessions").await?;
        b.screenshot("signed-out-everywhere-else").await?;
        for (name, session) in [("the script", &account.session), ("the newer", &newer)] {
            let answer = app.get_account(session).await;
            ensure!(
                matches!(&answer, Err(e) if e.result == ResultCode::NotSignedIn),
                "{name} session answered {answer:?}"
            );
        }
        token_works(app, &kept, &login, true).await?;
        token_works(app, &ended, &login, false).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_notice_stays_on_the_page_it_was_shown_on() -> Result<()> {
    with_app_and_browser("notices", async |_app, b| {
        // "Welcome … open Settings > Account" on the dashboard, where it
        // was meant for; gone once the person is in Settings, and not back
        // on the dashboard.
        let login = new_login("notices");
        action::sign_up(b, &login, PASSWORD).await?;
        check::notice_contains(b, "Welcome").await?;
        action::open_account_settings(b).await?;
        check::count_becomes(b, "notice", 0).await?;
        b.screenshot("welcome-gone-in-settings").await?;
        find::link(b, "Twofold").await?.click().await?;
        find::heading(b, "Dashboard").await?;
        b.settled().await?;
        check::count_becomes(b, "notice", 0).await?;

        // A notice for the next page arrives there: signing out is said on
        // the sign-in page it leads to.
        action::sign_out(b).await?;
        check::notice_contains(b, "You have signed out.").await?;
        Ok(())
    })
    .await
}
