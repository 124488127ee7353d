//! The step-up pop-up with 2FA on: the password and a code (or a recovery
//! code), and its lock, counted as at sign-in; one confirmation that lasts
//! while it is used, asked only when the server would refuse.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_api::events::EventKind;
use twofold_api::ResultCode;
use twofold_e2e::browser::{action, check, dist_dir, find, keys, Browser, Turn};
use twofold_e2e::{ServerOptions, TestApp, TestClock, PASSWORD};

use crate::support::{
    enable_two_factor, eventually_fewer, in_browser, lock_time_left, new_login,
    with_app_and_browser, with_browser,
};

#[tokio::test]
async fn the_step_up_pop_up_asks_for_a_code_with_2fa_on_and_takes_a_recovery_code_instead(
) -> Result<()> {
    with_browser("step-up-code", async |b| {
        // Arrange: 2FA switched on in the app, then a new sign-in with a
        // code from the app.
        let login = new_login("stepup");
        action::sign_up(b, &login, PASSWORD).await?;
        let (mut phone, codes) = enable_two_factor(b, true).await?;
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        let signed_in_with = phone.next_code().await;
        action::type_code(b, &signed_in_with).await?;
        find::heading(b, "Dashboard").await?;

        // Act: View Recovery Codes; Escape leaves the pop-up, focus back
        // on the button, and the button opens it again.
        action::open_account_settings(b).await?;
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Confirm Your Password").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "View Recovery Codes").await?;
        action::click(b, "View Recovery Codes").await?;

        // The pop-up asks for the password and a code from the app.
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Password").await?;
        let code = find::field(b, "Code from your authenticator app").await?;
        ensure!(
            code.attr("data-testid").await?.as_deref() == Some("step-up-code"),
            "the code field is not [data-testid=step-up-code]"
        );
        ensure!(
            code.attr("inputmode").await?.as_deref() == Some("numeric")
                && code.attr("autocomplete").await?.as_deref() == Some("one-time-code"),
            "the code field is not a one-time code's numeric field"
        );
        find::testid(b, "step-up-use-recovery").await?;
        b.screenshot("password-and-code").await?;

        // The code that signed in does not count, and costs no attempt.
        action::confirm_password_and_code(b, PASSWORD, &signed_in_with).await?;
        let error = check::error_contains(b, "Wait for the next one").await?;
        ensure!(
            error.contains("the code you signed in with does not count")
                && !error.contains("attempts"),
            "the code that signed in is refused as {error:?}"
        );
        b.screenshot("code-just-used").await?;

        // A wrong code: the error in words with the attempts left, the
        // field marked and focused for the next try.
        action::confirm_password_and_code(b, PASSWORD, &phone.wrong_code()).await?;
        let error = check::error_contains(b, "attempts left").await?;
        ensure!(
            error.starts_with("That code is not valid. 4 attempts left."),
            "a wrong code reads {error:?}"
        );
        let code = find::testid(b, "step-up-code").await?;
        ensure!(
            code.attr("aria-invalid").await?.as_deref() == Some("true"),
            "the refused code field is not aria-invalid"
        );
        check::focus_is_on_testid(b, "step-up-code").await?;
        b.screenshot("wrong-code").await?;

        // "Use a recovery code instead": the recovery-code field in place
        // of the six digits, and the switch leads back.
        find::testid(b, "step-up-use-recovery")
            .await?
            .click()
            .await?;
        find::field(b, "Recovery code").await?;
        check::count_becomes(b, "step-up-code", 0).await?;
        find::testid(b, "step-up-use-app-code").await?;
        b.screenshot("recovery-code-field").await?;

        // A recovery code confirms, and is spent: the codes are shown.
        action::type_into(b, "Recovery code", &codes[0]).await?;
        action::click(b, "Confirm").await?;
        find::dialog(b, "Recovery Codes").await?;
        let shown = check::recovery_codes(b).await?;
        ensure!(shown.len() == 10, "{} codes shown", shown.len());
        for (code, used) in &shown {
            ensure!(
                *used == (*code == codes[0]),
                "{code} shown as used = {used}"
            );
        }
        check::testid_contains(b, "codes-left", "9 of 10 codes left").await?;
        b.screenshot("codes-shown").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_locked_step_up_counts_down_as_at_sign_in() -> Result<()> {
    with_app_and_browser("step-up-lock", async |app, b| {
        // Arrange: 2FA on, signed in with a code, the pop-up open.
        let login = new_login("steplock");
        let mut account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Confirm Your Password").await?;

        // Act: wrong codes count down the attempts; the fifth locks.
        let mut last = String::new();
        let mut wrong = 0;
        let locked = loop {
            action::confirm_password_and_code(b, PASSWORD, &account.phone.wrong_code()).await?;
            wrong += 1;
            last = check::error_other_than(b, &last).await?;
            if last.contains("locked") {
                break last.clone();
            }
            ensure!(last.contains("not valid"), "unexpected error {last:?}");
            ensure!(wrong < 5, "five wrong codes did not lock: {last:?}");
        };
        ensure!(wrong == 5, "{wrong} wrong codes locked the step-up");
        ensure!(
            locked.contains("Try again in"),
            "the lock does not say how long: {locked:?}"
        );

        // Assert: the code field and Confirm are disabled, focus is on the
        // switch to a recovery code, and the time left counts down.
        let field = find::testid(b, "step-up-code").await?;
        ensure!(
            !field.is_enabled().await?,
            "the code field is usable while locked"
        );
        ensure!(
            !find::button(b, "Confirm").await?.is_enabled().await?,
            "Confirm is usable while locked"
        );
        check::focus_is_on_testid(b, "step-up-use-recovery").await?;
        let first = check::testid_contains(b, "step-up-wait", "Locked: ").await?;
        let start = lock_time_left(&first).with_context(|| format!("no time left in {first:?}"))?;
        ensure!(start > 60, "the lock ends in {start} s only");
        eventually_fewer(b, "step-up-wait", start, lock_time_left).await?;
        b.screenshot("locked").await?;

        // The same lock as at sign-in: a right code is refused there too.
        let pending = app.pending(&login, PASSWORD).await;
        let refused = app
            .verify_2fa_code(&pending, &account.phone.next_code().await)
            .await;
        ensure!(
            matches!(&refused, Err(e) if e.result == ResultCode::SecondFactorLocked),
            "a sign-in during the step-up's lock answered {refused:?}"
        );

        // A recovery code still confirms.
        action::confirm_password_and_recovery_code(b, PASSWORD, &account.recovery_codes[0]).await?;
        find::dialog(b, "Recovery Codes").await?;
        check::testid_contains(b, "codes-left", "9 of 10 codes left").await?;
        b.screenshot("recovery-code-confirmed").await?;
        Ok(())
    })
    .await
}

/// Holds back the page's timers of a second or more from now on (the
/// browser's side of a test clock): a confirmed pop-up then stays until
/// Continue, so the moment it shows can be audited.
/// [`release_long_timers`] ends the hold.
pub async fn hold_long_timers(b: &Browser) -> Result<()> {
    b.script(
        "if (!window.twofoldSetTimeout) { \
           window.twofoldSetTimeout = window.setTimeout; \
           window.setTimeout = (f, ms, ...rest) => \
             ms >= 1000 ? 0 : window.twofoldSetTimeout(f, ms, ...rest); \
         } return true;",
    )
    .await?;
    Ok(())
}

/// Ends [`hold_long_timers`]: timers set from now on run as scheduled.
pub async fn release_long_timers(b: &Browser) -> Result<()> {
    b.script(
        "if (window.twofoldSetTimeout) { \
           window.setTimeout = window.twofoldSetTimeout; \
           delete window.twofoldSetTimeout; \
         } return true;",
    )
    .await?;
    Ok(())
}

/// How many step-ups (CheckPassword, with or without a code) the account's
/// security log holds, read by `session` (a script's).
async fn confirmations(app: &TestApp, session: &str) -> Result<usize> {
    let log = app
        .get_events(session, Some(100), None)
        .await
        .map_err(|e| anyhow!("GetEvents: {e}"))?;
    Ok(log
        .events
        .iter()
        .filter(|event| {
            matches!(
                event.kind,
                EventKind::PasswordConfirmed | EventKind::PasswordAndCodeConfirmed
            )
        })
        .count())
}

/// Fails while a "Confirm Your Password" pop-up is open.
async fn no_pop_up(b: &Browser, after: &str) -> Result<()> {
    ensure!(
        find::all_testid(b, "password-dialog").await?.is_empty(),
        "the password pop-up came back for {after}"
    );
    Ok(())
}

#[tokio::test]
async fn one_confirmation_covers_every_change_that_follows_and_slides_on_while_they_come(
) -> Result<()> {
    let _turn = Turn::take().await;
    let clock = TestClock::new();
    let app = TestApp::spawn_with(
        ServerOptions {
            dist: Some(dist_dir()?),
            ..Default::default()
        }
        .with_clock(&clock),
    );
    in_browser(&app, "one-confirmation", async |app, b| {
        // Arrange: 2FA on, this browser signed in with a code and not
        // stepped up; a script's session of the same account reads the log.
        let login = new_login("sudo");
        let mut account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        let before = confirmations(app, &account.session).await?;
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;

        // Act: Generate. The pop-up asks for the password and a code (2FA
        // is on), then says how long that lasts, as the server answered.
        action::generate_token(b, "deploy from CI").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;
        let said = check::testid_contains(b, "step-up-confirmed", "asked again").await?;
        ensure!(
            said == "Confirmed. You won't be asked again for 15 minutes while you keep working.",
            "the confirmed pop-up says {said:?}"
        );
        b.screenshot("confirmed").await?;
        // The token comes without another click.
        find::dialog(b, "New Access Token").await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;

        // Every change that follows, ten minutes apart on the server's
        // clock (40 minutes in all, past the 15 a step-up lasts unused),
        // goes through without the pop-up: each one slides it on.
        clock.advance(10 * 60);
        action::click(b, "Edit").await?;
        find::dialog(b, "Edit Access Token").await?;
        // More methods: the change needs the second factor.
        find::checkbox(b, "Read your Security Log")
            .await?
            .click()
            .await?;
        action::click(b, "Save").await?;
        check::testid_contains(b, "tokens-status", "was saved").await?;
        check::no_dialog(b).await?;
        no_pop_up(b, "Edit").await?;

        clock.advance(10 * 60);
        action::click(b, "Regenerate").await?;
        find::dialog(b, "Regenerate This Token?").await?;
        action::click(b, "Regenerate").await?;
        find::dialog(b, "Token Regenerated").await?;
        no_pop_up(b, "Regenerate").await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;

        clock.advance(10 * 60);
        action::click(b, "Remove").await?;
        find::dialog(b, "Remove This Token?").await?;
        action::click(b, "Remove").await?;
        check::testid_contains(b, "tokens-status", "was removed").await?;
        check::no_dialog(b).await?;
        no_pop_up(b, "Remove").await?;

        clock.advance(10 * 60);
        action::open_account_settings(b).await?;
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Recovery Codes").await?;
        no_pop_up(b, "View Recovery Codes").await?;
        b.screenshot("codes-without-pop-up").await?;
        action::click(b, "Close").await?;
        check::no_dialog(b).await?;
        let asked = confirmations(app, &account.session).await? - before;
        ensure!(asked == 1, "{asked} confirmations for five changes");

        // A pause past the idle window (16 minutes without a sensitive
        // change): the next change asks once, then goes on by itself.
        clock.advance(16 * 60);
        action::click(b, "View Recovery Codes").await?;
        find::dialog(b, "Confirm Your Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        b.screenshot("asked-after-a-pause").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.code_at(clock.now())).await?;
        find::dialog(b, "Recovery Codes").await?;
        no_pop_up(b, "View Recovery Codes after the pause").await?;
        action::click(b, "Close").await?;
        check::no_dialog(b).await?;
        let asked = confirmations(app, &account.session).await? - before;
        ensure!(asked == 2, "{asked} confirmations after the pause, not 2");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_confirmation_made_in_another_tab_spares_this_one_the_pop_up() -> Result<()> {
    with_app_and_browser("another-tab", async |app, b| {
        // Arrange: signed in, Access Tokens open in a first tab, which has
        // seen no step-up; a second tab of the same session confirms the
        // password for its own token.
        let login = new_login("tabs");
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
        let first = b.client().window().await?;
        let second = b.client().new_window(true).await?.handle;
        b.client().switch_to_window(second).await?;
        b.open("/settings/tokens").await?;
        find::heading(b, "Access Tokens").await?;
        action::generate_token(b, "made in the second tab").await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "New Access Token").await?;
        action::click(b, "Copy").await?;
        action::click(b, "Done").await?;
        b.client().close_window().await?;
        b.client().switch_to_window(first).await?;

        // Act: Generate in the first tab, whose idea is that this session
        // has no step-up.
        action::generate_token(b, "made in the first tab").await?;

        // Assert: the token at once. The app read GetAccount before
        // asking, and the server's answer covered the change.
        find::dialog(b, "New Access Token").await?;
        no_pop_up(b, "a change the other tab's confirmation covers").await?;
        b.screenshot("token-without-pop-up").await?;
        let script = app
            .sign_in(&login, PASSWORD)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .session
            .context("the script's session")?;
        let asked = confirmations(app, &script).await?;
        ensure!(asked == 1, "{asked} confirmations for two tokens");
        Ok(())
    })
    .await
}
