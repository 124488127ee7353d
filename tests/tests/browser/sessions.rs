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
        check::count_becomes(b, "session", 2).await?;
        let this = find::testid_with(b, "session", "data-current", "true").await?;
        let this_text = this.text().await?;
        ensure!(
            // The badge is drawn in capitals.
            this_text.to_lowercase().contains("this session")
                && this_text.contains("Chrome on Linux"),
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
        // server asks for the step-up first (new: a stolen session cannot
        // keep its owner out): the password pop-up, then the sign-out is
        // sent again.
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
        check::notice_contains(b, "1 session was signed out.").await?;
        check::count_becomes(b, "session", 1).await?;
        find::testid(b, "no-other-sessions").await?;
        b.screenshot("other-signed-out").await?;
        let ended = app.get_account(&script).await;
        ensure!(
            matches!(&ended, Err(e) if e.result == ResultCode::NotSignedIn),
            "the signed-out session answered {ended:?}"
        );

        // Sign out all other sessions, after a confirmation (the password
        // confirmed above still covers it: no pop-up).
        let phone = signed_in_elsewhere(
            app,
            &login,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
             (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        )
        .await?;
        let laptop = signed_in_elsewhere(app, &login, "").await?;
        b.open("/settings/sessions").await?;
        check::count_becomes(b, "session", 3).await?;
        check::testid_contains(b, "session-browser", "Safari on iPhone").await?;
        check::testid_contains(b, "session-browser", "Unknown browser").await?;
        check::fits_width(b).await?;
        b.screenshot("three-sessions").await?;
        action::click(b, "Sign Out All Other Sessions").await?;
        find::dialog(b, "Sign Out All Other Sessions?").await?;
        action::click(b, "Sign Out All").await?;
        check::no_dialog(b).await?;
        check::notice_contains(b, "2 sessions were signed out.").await?;
        check::count_becomes(b, "session", 1).await?;
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

        // Act: the confirmation lists the tokens to keep, unticked; one is
        // ticked; then the pop-up asks for the password and a code.
        action::click(b, "Sign Out All Other Sessions").await?;
        find::dialog(b, "Sign Out All Other Sessions?").await?;
        check::testid_contains(b, "token-keep-list", "old deploy script").await?;
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
        check::notice_contains(
            b,
            "2 sessions were signed out. 1 access token stopped working.",
        )
        .await?;
        check::count_becomes(b, "session", 1).await?;
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
