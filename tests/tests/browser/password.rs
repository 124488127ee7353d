//! Changing the password in the app, with 2FA off and on (the tokens to
//! keep), with a live step-up (no pop-up, no code), and the new password an
//! account reset by an operator must choose first.

use anyhow::{anyhow, ensure, Context, Result};
use twofold_api::ResultCode;
use twofold_e2e::browser::{action, axe, check, find, keys, Turn};
use twofold_e2e::{TestApp, PASSWORD};

use crate::support::{
    in_browser, new_login, script_token, serving_the_app, token_works, with_app_and_browser,
    with_browser,
};

#[tokio::test]
async fn changing_the_password_in_the_app_lets_only_the_new_one_sign_in() -> Result<()> {
    with_browser("change-password", async |b| {
        // On a 360 px phone, where the form is tightest.
        b.resize(360, 780).await.context("a 360 px window")?;
        let login = new_login("password");
        let new_password = "a brand new passphrase";
        action::sign_up(b, &login, PASSWORD).await?;
        action::open_account_settings(b).await?;
        find::heading(b, "Change Password").await?;
        check::fits_width(b).await?;
        b.screenshot("change-password-section").await?;

        // 1. Change Password opens the form at once: it asks for the
        // current password itself, so (unlike before the step-up work) no
        // "Confirm Your Password" pop-up comes first. With 2FA off it asks
        // for no code, and with no access token it lists none to keep.
        // Escape closes it.
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        find::testid(b, "change-password-form").await?;
        find::field(b, "Current password").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password pop-up came before the form"
        );
        for absent in ["step-up-second-factor", "token-keep-list"] {
            ensure!(
                find::all_testid(b, absent).await?.is_empty(),
                "[data-testid={absent}] is in the form of an account without 2FA or tokens"
            );
        }
        check::fits_width(b).await?;
        b.screenshot("change-password-dialog").await?;
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;

        // 2. Again at once, and Escape gives focus back to the button.
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        ensure!(
            find::all_testid(b, "password-dialog").await?.is_empty(),
            "the password pop-up came before the form"
        );
        action::press(b, keys::ESCAPE).await?;
        check::no_dialog(b).await?;
        check::focus_is_on(b, "Change Password").await?;

        // 3. A mismatched confirmation is named before anything is sent.
        action::click(b, "Change Password").await?;
        action::type_into(b, "Current password", PASSWORD).await?;
        action::type_into(b, "New password", new_password).await?;
        action::type_into(b, "Confirm new password", "a brand new passphrasE").await?;
        action::click(b, "Change Password").await?;
        check::error_contains(b, "do not match").await?;
        b.screenshot("confirmation-mismatch").await?;

        // 4. Typed again and sent with Enter: the password changes.
        action::type_into(b, "Confirm new password", new_password).await?;
        action::press(b, keys::ENTER).await?;
        check::no_dialog(b).await?;
        check::notice_contains(
            b,
            "Your password was changed. Other sessions were signed out.",
        )
        .await?;
        b.screenshot("password-changed").await?;

        // The old password no longer signs in; the new one does.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::error_contains(b, "wrong").await?;
        action::sign_in_with_password(b, &login, new_password).await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

/// Runs the operator's tool, `twofold-admin ARGS`, on `app`'s data folder
/// while its twofold-local is stopped (the tool needs that), then starts
/// the server again; returns what the tool printed.
fn operator_tool(app: &mut TestApp, args: &[&str]) -> Result<String> {
    let mut ran = None;
    app.restart_after(|data| ran = Some(twofold_e2e::server::operator_tool(data, args)));
    let output = ran
        .context("the operator's tool did not run")?
        .context("starting twofold-admin")?;
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    ensure!(
        output.status.success(),
        "twofold-admin {args:?} failed: {printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(printed)
}

#[tokio::test]
async fn an_account_reset_by_an_operator_must_choose_a_new_password_first() -> Result<()> {
    let _turn = Turn::take().await;
    // Arrange: an account with 2FA on whose owner lost the phone and the
    // codes; the operator resets it.
    let mut app = serving_the_app()?;
    let login = new_login("reset");
    app.enrolled(&login, PASSWORD).await;
    let printed = operator_tool(
        &mut app,
        &[
            "reset-2fa",
            &login,
            "--reason",
            "ticket 4711: identity checked by video call",
        ],
    )?;
    ensure!(
        printed.contains(&format!("Two-factor authentication is off for {login}")),
        "the operator's tool printed {printed:?}"
    );
    let new_password = "a brand new passphrase";

    in_browser(&app, "operator-reset", async |_app, b| {
        // Act: signing in with the password (2FA is off now).
        action::sign_in_with_password(b, &login, PASSWORD).await?;

        // Assert: the Choose a New Password screen, saying why, with the
        // form alone (no code with 2FA off, no tokens to keep: they all
        // end) and no way to Settings.
        find::testid(b, "choose-password").await?;
        find::heading(b, "Choose a New Password").await?;
        check::testid_contains(
            b,
            "choose-password-reason",
            "The operator of this dashboard turned off your two-factor authentication",
        )
        .await?;
        find::testid(b, "change-password-form").await?;
        for absent in [
            "step-up-second-factor",
            "token-keep-list",
            "settings-button",
        ] {
            ensure!(
                find::all_testid(b, absent).await?.is_empty(),
                "[data-testid={absent}] is on the Choose a New Password screen"
            );
        }
        b.screenshot("choose-password").await?;
        axe::audit_at_both_sizes(b, "choose-password").await?;
        b.resize(1280, 900).await?;

        // Nothing else opens first.
        b.open("/settings/tokens").await?;
        find::testid(b, "choose-password").await?;
        ensure!(
            find::all_testid(b, "access-tokens").await?.is_empty(),
            "the Access Tokens tab opened before a new password"
        );

        // The new password: then the dashboard, 2FA off.
        action::type_into(b, "Current password", PASSWORD).await?;
        action::type_into(b, "New password", new_password).await?;
        action::type_into(b, "Confirm new password", new_password).await?;
        action::click(b, "Change Password").await?;
        check::notice_contains(b, "Your new password is set.").await?;
        check::count_becomes(b, "choose-password", 0).await?;
        b.open("/").await?;
        find::heading(b, "Dashboard").await?;
        check::testid_contains(b, "security-summary", "Add an extra security layer").await?;
        b.screenshot("after-new-password").await?;

        // Only the new password signs in.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::error_contains(b, "wrong").await?;
        action::sign_in_with_password(b, &login, new_password).await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn changing_the_password_with_2fa_on_asks_for_a_code_and_keeps_only_the_ticked_tokens(
) -> Result<()> {
    with_app_and_browser("change-password-2fa", async |app, b| {
        // Arrange: 2FA on, two tokens made by a script, this browser
        // signed in with a code.
        let login = new_login("pw2fa");
        let new_password = "a brand new passphrase";
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();
        let (kept_id, kept) = script_token(app, &account, "nightly backup", &codes[9]).await?;
        let (_, ended) = script_token(app, &account, "old deploy script", &codes[8]).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;

        // Act: Change Password opens the form at once; it asks for a code
        // (this session has proved none) and lists both tokens, unticked.
        action::open_account_settings(b).await?;
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        find::field(b, "Code from your authenticator app").await?;
        check::testid_contains(b, "token-keep-list", "old deploy script").await?;
        let keep_box = find::testid(b, &format!("keep-token-{kept_id}")).await?;
        ensure!(!keep_box.is_selected().await?, "a token starts ticked");
        action::type_into(b, "Current password", PASSWORD).await?;
        action::type_into(b, "New password", new_password).await?;
        action::type_into(b, "Confirm new password", new_password).await?;
        keep_box.click().await?;
        check::ticked_becomes(&keep_box, "keep “nightly backup”", true).await?;
        // Without the code, nothing is sent: the form says what is missing.
        action::click(b, "Change Password").await?;
        check::error_contains(b, "six digits").await?;
        b.screenshot("code-missing").await?;
        // A recovery code instead of the app's.
        find::testid(b, "step-up-use-recovery")
            .await?
            .click()
            .await?;
        action::type_into(b, "Recovery code", &codes[7]).await?;
        b.screenshot("form-filled").await?;
        action::click(b, "Change Password").await?;

        // Assert: changed; the ticked token works, the other is refused.
        check::no_dialog(b).await?;
        check::notice_contains(
            b,
            "Your password was changed. Other sessions were signed out. 1 access token stopped working.",
        )
        .await?;
        b.screenshot("password-changed").await?;
        token_works(app, &kept, &login, true).await?;
        token_works(app, &ended, &login, false).await?;
        // The recovery code was spent by the change (the tokens took two).
        check::testid_contains(b, "codes-left-summary", "7 recovery codes left").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn with_a_live_step_up_change_password_opens_without_a_pop_up_and_asks_for_no_code(
) -> Result<()> {
    with_app_and_browser("change-password-stepped-up", async |app, b| {
        // Arrange: 2FA on, this browser signed in with a code, then one
        // confirmation with a code (View Recovery Codes).
        let login = new_login("pwsudo");
        let new_password = "a brand new passphrase";
        let mut account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        action::click(b, "View Recovery Codes").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;
        find::dialog(b, "Recovery Codes").await?;
        action::click(b, "Close").await?;
        check::no_dialog(b).await?;

        // Act: Change Password opens its form at once. It asks for the
        // current password (the form's own), never for a code: the
        // step-up proved one a moment ago.
        action::click(b, "Change Password").await?;
        find::dialog(b, "Change Password").await?;
        find::field(b, "Current password").await?;
        for absent in ["password-dialog", "step-up-second-factor"] {
            ensure!(
                find::all_testid(b, absent).await?.is_empty(),
                "[data-testid={absent}] is open with a live step-up"
            );
        }
        b.screenshot("form-without-code").await?;
        action::type_into(b, "Current password", PASSWORD).await?;
        action::type_into(b, "New password", new_password).await?;
        action::type_into(b, "Confirm new password", new_password).await?;
        action::click(b, "Change Password").await?;

        // Assert: changed, with nothing asked in between; only the new
        // password signs in.
        check::no_dialog(b).await?;
        check::notice_contains(b, "Your password was changed.").await?;
        b.screenshot("changed").await?;
        let old = app.sign_in(&login, PASSWORD).await;
        ensure!(
            matches!(&old, Err(e) if e.result == ResultCode::InvalidCredentials),
            "the old password answered {old:?}"
        );
        app.sign_in(&login, new_password)
            .await
            .map_err(|e| anyhow!("the new password was refused: {e}"))?;
        Ok(())
    })
    .await
}
