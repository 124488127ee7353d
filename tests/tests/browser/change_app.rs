//! Changing the authenticator app (a new phone) without turning two-factor
//! authentication off: behind the step-up, the new app's QR code and its
//! first code. The old app works until then and not after; the recovery
//! codes and access tokens stay; the other sessions end.

use anyhow::{anyhow, ensure, Result};
use twofold_api::ResultCode;
use twofold_e2e::api::unix_now;
use twofold_e2e::browser::{action, check, find, Browser};
use twofold_e2e::{Authenticator, TestApp, PASSWORD};

use crate::support::{new_login, script_token, token_works, with_app_and_browser};

#[tokio::test]
async fn a_new_phone_replaces_the_old_one_and_recovery_codes_and_tokens_stay() -> Result<()> {
    with_app_and_browser("change-app", async |app, b| {
        // Arrange: 2FA on (set up by a script, whose session stays signed
        // in), a token, and this browser signed in with the old app.
        let login = new_login("change");
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();
        let (_, token) = script_token(app, &account, "nightly backup", &codes[0]).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;
        check::testid_contains(b, "device-loss-tip", "Change Authenticator App").await?;

        // Act: Change Authenticator App, the step-up with a code from the
        // current app, then the new app's QR code.
        action::click(b, "Change Authenticator App").await?;
        find::dialog(b, "Confirm Your Password").await?;
        b.screenshot("step-up").await?;
        action::confirm_password_and_code(b, PASSWORD, &account.phone.next_code().await).await?;
        find::dialog(b, "Change Authenticator App").await?;
        // Before: what ends and what stays; no tokens to tick, no new codes.
        let effects = check::testid_contains(b, "change-app-effects", "other sessions").await?;
        ensure!(
            effects.contains("access tokens and recovery codes keep working"),
            "the dialog says {effects:?}"
        );
        ensure!(
            find::all_testid(b, "token-keep-list").await?.is_empty(),
            "changing the app lists tokens to keep"
        );
        let key = find::testid(b, "setup-key").await?.text().await?;
        let mut new_phone = Authenticator::from_base32(&key);
        b.screenshot("new-app-qr-code").await?;

        // Until the new app's code, the old app still signs in.
        let script = signed_in_with_app(app, &login, &mut account.phone).await?;

        action::type_code(b, &new_phone.next_code().await).await?;
        check::no_dialog(b).await?;

        // Assert: after, the section says the same; focus is back on the
        // button; 2FA is on with the codes as they were.
        let said = check::testid_contains(
            b,
            "two-factor-status",
            "Your new authenticator app is set up",
        )
        .await?;
        ensure!(
            said.contains("Your other sessions were signed out")
                && said.contains("access tokens and recovery codes keep working"),
            "the section says {said:?}"
        );
        check::focus_is_on(b, "Change Authenticator App").await?;
        check::testid_contains(b, "tfa-status", "Two-factor authentication is on").await?;
        check::testid_contains(b, "codes-left-summary", "9 recovery codes left").await?;
        b.screenshot("app-changed").await?;
        for (what, session) in [
            ("the set-up's", &account.session),
            ("the script's", &script),
        ] {
            let answer = app.get_account(session).await;
            ensure!(
                matches!(&answer, Err(e) if e.result == ResultCode::NotSignedIn),
                "{what} session outlived the change: {answer:?}"
            );
        }
        token_works(app, &token, &login, true).await?;

        // Signing in: a code from the old app is refused, the new app's
        // works, and so does a recovery code from before.
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.code_at(unix_now())).await?;
        check::error_contains(b, "not valid").await?;
        b.screenshot("old-app-refused").await?;
        action::type_code(b, &new_phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        action::sign_out(b).await?;
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &codes[1]).await?;
        find::heading(b, "Dashboard").await?;
        check::testid_contains(b, "recovery-banner", "8 recovery codes left").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn with_the_phone_lost_a_recovery_code_confirms_and_a_discarded_change_changes_nothing(
) -> Result<()> {
    with_app_and_browser("change-app-lost", async |app, b| {
        // Arrange: signed in with a recovery code (the phone is gone).
        let login = new_login("lost");
        let mut account = app.enrolled(&login, PASSWORD).await;
        let codes = account.recovery_codes.clone();
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &codes[0]).await?;
        find::heading(b, "Dashboard").await?;
        action::open_account_settings(b).await?;

        // Act: a recovery code at the step-up, then five wrong codes.
        action::click(b, "Change Authenticator App").await?;
        action::confirm_password_and_recovery_code(b, PASSWORD, &codes[1]).await?;
        find::dialog(b, "Change Authenticator App").await?;
        let first_key = find::testid(b, "setup-key").await?.text().await?;
        let new_phone = Authenticator::from_base32(&first_key);
        discard_with_wrong_codes(b, &new_phone).await?;

        // Assert: the dead QR code is gone, the way on is said, and the
        // old app still signs in.
        check::testid_contains(b, "setup-gone", "Delete the entry").await?;
        ensure!(
            find::all_testid(b, "qr-code").await?.is_empty(),
            "the dead QR code is still shown"
        );
        check::focus_is_on(b, "Start Again").await?;
        b.screenshot("change-discarded").await?;
        signed_in_with_app(app, &login, &mut account.phone).await?;

        // Start Again: the step-up again (the discard ended it), a new key.
        action::click(b, "Start Again").await?;
        action::confirm_password_and_recovery_code(b, PASSWORD, &codes[2]).await?;
        let second_key = eventually_new_key(b, &first_key).await?;
        let mut new_phone = Authenticator::from_base32(&second_key);
        action::type_code(b, &new_phone.next_code().await).await?;
        check::testid_contains(
            b,
            "two-factor-status",
            "Your new authenticator app is set up",
        )
        .await?;
        action::sign_out(b).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &new_phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

/// A script signs in with `phone`'s next code; returns its session.
async fn signed_in_with_app(
    app: &TestApp,
    login: &str,
    phone: &mut Authenticator,
) -> Result<String> {
    let pending = app.pending(login, PASSWORD).await;
    let answer = app
        .verify_2fa_code(&pending, &phone.next_code().await)
        .await
        .map_err(|e| anyhow!("the old app's code was refused: {e}"))?;
    answer
        .session
        .session
        .ok_or_else(|| anyhow!("Verify2FACode returned no session"))
}

/// Types wrong codes until the set-up is discarded (five are allowed; the
/// field goes with the last).
pub async fn discard_with_wrong_codes(b: &Browser, phone: &Authenticator) -> Result<()> {
    for _ in 0..4 {
        action::type_code_and_wait_for_answer(b, &phone.wrong_code()).await?;
    }
    check::error_contains(b, "1 attempt left").await?;
    action::type_code(b, &phone.wrong_code()).await?;
    check::testid_contains(b, "setup-gone", "it was the last attempt").await?;
    Ok(())
}

/// The key on screen once it differs from `old` (a new set-up).
pub async fn eventually_new_key(b: &Browser, old: &str) -> Result<String> {
    twofold_e2e::browser::eventually("a new key", || async move {
        for element in find::all_testid(b, "setup-key").await? {
            let key = element.text().await?;
            if !key.is_empty() && key != old {
                return Ok(Some(key));
            }
        }
        Ok(None)
    })
    .await
}
