//! The step-up pop-up with 2FA on: the password and a code (or a recovery
//! code), and its lock, counted as at sign-in.

use anyhow::{ensure, Context, Result};
use twofold_api::ResultCode;
use twofold_e2e::browser::{action, check, find, keys};
use twofold_e2e::PASSWORD;

use crate::support::{
    enable_two_factor, eventually_fewer, lock_time_left, new_login, with_app_and_browser,
    with_browser,
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
