//! The second step of signing in: wrong codes lock it with a live
//! countdown, and a code used a moment ago asks to wait and costs nothing.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_e2e::browser::{action, check, find};
use twofold_e2e::PASSWORD;

use crate::support::{eventually_fewer, lock_time_left, new_login, with_app_and_browser};

#[tokio::test]
async fn too_many_wrong_codes_lock_the_second_step_with_a_live_countdown() -> Result<()> {
    with_app_and_browser("lockout", async |app, b| {
        let login = new_login("lock");
        let account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_password(b, &login, PASSWORD).await?;

        // Wrong codes count down the attempts, then the step locks.
        let mut last = String::new();
        let mut locked = None;
        for _ in 0..10 {
            action::type_code(b, &account.phone.wrong_code()).await?;
            last = check::error_other_than(b, &last).await?;
            if last.contains("locked") {
                locked = Some(last.clone());
                break;
            }
            ensure!(last.contains("not valid"), "unexpected error {last:?}");
        }
        let locked = locked.context("ten wrong codes did not lock the second step")?;
        ensure!(
            locked.contains("Try again in"),
            "the lock does not say how long: {locked:?}"
        );

        // The time left counts down, and the code form is disabled.
        let first = check::testid_contains(b, "wait-countdown", "Locked: ").await?;
        let start = lock_time_left(&first).with_context(|| format!("no time left in {first:?}"))?;
        ensure!(start > 60, "the lock ends in {start} s only");
        eventually_fewer(b, "wait-countdown", start, lock_time_left).await?;
        let field = find::field(b, "Authentication code").await?;
        ensure!(
            !field.is_enabled().await?,
            "the code field is usable while locked"
        );
        ensure!(
            !find::button(b, "Verify").await?.is_enabled().await?,
            "Verify is usable while locked"
        );
        b.screenshot("locked").await?;

        // A recovery code is still taken: its form is usable.
        action::click(b, "Use a recovery code instead").await?;
        let recovery = find::field(b, "Recovery code").await?;
        ensure!(
            recovery.is_enabled().await?,
            "the recovery code field is disabled"
        );
        ensure!(
            find::button(b, "Verify").await?.is_enabled().await?,
            "Verify is disabled for recovery codes"
        );
        b.screenshot("locked-recovery-code-usable").await?;

        // Starting over arrives at the same lock, disabled at once.
        action::click(b, "Back to login and password").await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::testid_contains(b, "wait-countdown", "Locked: ").await?;
        let field = find::field(b, "Authentication code").await?;
        ensure!(
            !field.is_enabled().await?,
            "the code field is usable after starting over"
        );
        ensure!(
            find::all_testid(b, "sign-out").await?.is_empty(),
            "signed in while locked"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_code_used_a_moment_ago_asks_to_wait_for_the_next_one_and_costs_no_attempt() -> Result<()>
{
    with_app_and_browser("just-used", async |app, b| {
        let login = new_login("replay");
        let mut account = app.enrolled(&login, PASSWORD).await;
        // The code signs in somewhere else first (another tab, a script).
        let code = account.phone.next_code().await;
        let pending = app.pending(&login, PASSWORD).await;
        app.verify_2fa_code(&pending, &code)
            .await
            .map_err(|e| anyhow!("the first use of the code: {e}"))?;

        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &code).await?;
        let error = check::error_contains(b, "This code was just used.").await?;
        ensure!(
            error.contains("Wait for the next one (") && check::seconds_in(&error).is_some(),
            "the message reads {error:?}"
        );
        ensure!(
            !error.contains("attempts"),
            "an attempt was counted: {error:?}"
        );
        // The wait counts down (or has already run out, in words).
        let countdown = find::testid(b, "wait-countdown").await?.text().await?;
        match check::seconds_in(&countdown) {
            Some(start) if start > 1 => {
                eventually_fewer(b, "wait-countdown", start, check::seconds_in).await?;
            }
            _ => {
                check::error_contains(b, "shows a new code now").await?;
            }
        }
        b.screenshot("code-just-used").await?;

        // Nothing was counted: a wrong code now leaves four of five.
        action::type_code_and_wait_for_answer(b, &account.phone.wrong_code()).await?;
        check::error_contains(b, "That code is not valid. 4 attempts left.").await?;
        Ok(())
    })
    .await
}
