//! Signing in and up: the code step's lock (until when, what works now,
//! and the sign-in's own five minutes), a code used a moment ago, a browser
//! signed out from elsewhere, showing the password, sign-up's errors all
//! at once, and what to do after losing access.

use anyhow::{anyhow, ensure, Context, Result};
use serde_json::json;
use twofold_api::lists::Selection;
use twofold_e2e::browser::{action, check, dist_dir, find, keys, Browser, Turn};
use twofold_e2e::{ServerOptions, TestApp, TestClock, PASSWORD};

use crate::support::{
    eventually_fewer, in_browser, lock_app_codes, lock_time_left, new_login, with_app_and_browser,
    with_browser,
};

/// The six-digit field's label at sign-in.
const CODE_LABEL: &str = "Code from your authenticator app";

/// Seconds a sign-in waits for its code (the server's pending sessions).
const PENDING_SECS: u64 = 300;

/// Words a person signing in should never have to read.
const JARGON: &[&str] = &[
    "TOTP",
    "second factor",
    "second step",
    "authentication application",
];

/// Kathmandu's offset from UTC in seconds (+05:45, no summer time): the
/// time zone the lock's clock time is checked in.
const KATHMANDU_OFFSET: u64 = 5 * 3600 + 45 * 60;

/// [`with_app_and_browser`] on a server whose clock the test moves.
async fn with_clock_app_and_browser(
    test: &str,
    scenario: impl AsyncFnOnce(&TestApp, &TestClock, &Browser) -> Result<()>,
) -> Result<()> {
    let _turn = Turn::take().await;
    let clock = TestClock::new();
    let options = ServerOptions {
        dist: Some(dist_dir()?),
        ..Default::default()
    };
    let app = TestApp::spawn_with(options.with_clock(&clock));
    in_browser(&app, test, async |app, b| scenario(app, &clock, b).await).await
}

/// The lock's explanation on the code step ("" when there is none, or no
/// code step).
async fn lock_note(b: &Browser) -> Result<String> {
    match find::all_testid(b, "app-lock").await?.first() {
        Some(note) => Ok(note.text().await?),
        None => Ok(String::new()),
    }
}

/// Waits for the answer to a wrong code: `Some(explanation)` once it
/// locked app codes, `None` when it was refused as not valid.
async fn answer_to_wrong_code(b: &Browser) -> Result<Option<String>> {
    twofold_e2e::browser::eventually("the answer to a wrong code", || async move {
        let lock = lock_note(b).await?;
        if !lock.is_empty() {
            return Ok(Some(Some(lock)));
        }
        for error in find::all_testid(b, "form-error").await? {
            if error.text().await?.contains("not valid") {
                return Ok(Some(None));
            }
        }
        Ok(None)
    })
    .await
}

/// Minutes since midnight of `14:33` read after `until ` in `text`.
fn clock_after_until(text: &str) -> Option<u64> {
    let time = text.split("until ").nth(1)?.get(..5)?;
    let (hours, minutes) = time.split_once(':')?;
    Some(hours.parse::<u64>().ok()? * 60 + minutes.parse::<u64>().ok()?)
}

/// Fails unless the code step, locked, shows it: the field disabled and
/// looking it, described by the lock; Verify disabled; no countdown to the
/// app's next code.
async fn shows_app_codes_locked(b: &Browser, lock: &str) -> Result<()> {
    let field = find::field(b, CODE_LABEL).await?;
    check::enabled_becomes(&field, "the code field", false).await?;
    let cursor = b
        .client()
        .execute(
            "return getComputedStyle(arguments[0]).cursor;",
            vec![serde_json::to_value(&field)?],
        )
        .await?;
    ensure!(
        cursor.as_str() == Some("not-allowed"),
        "the disabled field looks usable (cursor {cursor})"
    );
    let description = check::description_of(b, &field).await?;
    ensure!(
        description.contains(lock),
        "the field's description lacks the lock: {description:?}"
    );
    ensure!(
        !find::button(b, "Verify").await?.is_enabled().await?,
        "Verify is usable while locked"
    );
    ensure!(
        find::all_testid(b, "countdown").await?.is_empty(),
        "the countdown to the app's next code runs while no code is taken"
    );
    Ok(())
}

#[tokio::test]
async fn too_many_wrong_codes_lock_app_codes_until_a_local_time_and_leave_recovery_codes_open(
) -> Result<()> {
    with_app_and_browser("lockout", async |app, b| {
        let login = new_login("lock");
        let account = app.enrolled(&login, PASSWORD).await;
        // The person's own time zone: Kathmandu.
        b.devtools(
            "Emulation.setTimezoneOverride",
            json!({"timezoneId": "Asia/Kathmandu"}),
        )
        .await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::testid_contains(b, "countdown", "New code in").await?;

        // Wrong codes count down the attempts, then app codes lock.
        let mut lock = None;
        for _ in 0..10 {
            action::type_code_and_wait_for_answer(b, &account.phone.wrong_code()).await?;
            lock = answer_to_wrong_code(b).await?;
            if lock.is_some() {
                break;
            }
        }
        let lock = lock.context("ten wrong codes did not lock app codes")?;
        ensure!(
            lock.contains("A recovery code works now."),
            "the lock does not say what works: {lock:?}"
        );

        // Until when, in the person's own time, and the time left.
        let countdown = check::testid_contains(b, "wait-countdown", "Locked: ").await?;
        let left = lock_time_left(&countdown).with_context(|| format!("in {countdown:?}"))?;
        ensure!(left > 60, "the lock ends in {left} s only");
        let shown = clock_after_until(&lock).with_context(|| format!("no time in {lock:?}"))?;
        let expected = (twofold_e2e::api::unix_now() + left + KATHMANDU_OFFSET).div_ceil(60) % 1440;
        let apart = shown
            .abs_diff(expected)
            .min(1440 - shown.abs_diff(expected));
        ensure!(
            apart <= 1,
            "unlocks at minute {shown} of the day in Kathmandu, expected {expected}: {lock:?}"
        );
        // With the zone's name, as every time in the app ("GMT+5:45" or
        // "UTC+5:45": Kathmandu has no short name in English).
        let zone = lock
            .split("until ")
            .nth(1)
            .and_then(|after| after.get(5..))
            .unwrap_or_default();
        ensure!(
            zone.starts_with(" GMT+5:45") || zone.starts_with(" UTC+5:45"),
            "the unlock time names its zone: {lock:?}"
        );
        eventually_fewer(b, "wait-countdown", left, lock_time_left).await?;
        shows_app_codes_locked(b, &lock).await?;
        check::focus_is_on_testid(b, "switch-code-kind").await?;
        check::text_lacks(b, JARGON).await?;
        b.screenshot("locked").await?;

        // A recovery code is still taken, and the lock stays explained.
        action::click(b, "Use a recovery code instead").await?;
        let recovery = find::field(b, "Recovery code").await?;
        check::enabled_becomes(&recovery, "the recovery code field", true).await?;
        ensure!(
            find::button(b, "Verify").await?.is_enabled().await?,
            "Verify is disabled for recovery codes"
        );
        ensure!(lock_note(b).await? == lock, "the explanation left");
        b.screenshot("locked-recovery-code-usable").await?;
        action::click(b, "Use a code from your authenticator app instead").await?;
        ensure!(lock_note(b).await? == lock, "the explanation left");
        shows_app_codes_locked(b, &lock).await?;

        // Starting over arrives at the same lock, with focus on the way on
        // that works (not lost on the page).
        action::click(b, "Back to login and password").await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::testid_contains(b, "app-lock", "locked until").await?;
        check::focus_is_on_testid(b, "switch-code-kind").await?;
        shows_app_codes_locked(b, &lock_note(b).await?).await?;
        ensure!(
            find::all_testid(b, "sign-out").await?.is_empty(),
            "signed in while locked"
        );
        b.screenshot("arrived-locked").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_sign_in_that_ends_under_a_lock_returns_to_the_password_step_saying_why() -> Result<()> {
    with_clock_app_and_browser("sign-in-ended", async |app, clock, b| {
        let login = new_login("ended");
        let account = app.enrolled(&login, PASSWORD).await;
        lock_app_codes(app, &account).await?;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::testid_contains(b, "app-lock", "locked until").await?;
        check::focus_is_on_testid(b, "switch-code-kind").await?;

        // The server's five minutes pass: the next code is answered "no
        // such sign-in", and the page goes back to the password, saying why
        // and that app codes stay locked.
        clock.advance(PENDING_SECS + 1);
        action::use_recovery_code(b, &account.recovery_codes[0]).await?;
        find::heading(b, "Sign In").await?;
        let said = check::error_contains(b, "This sign-in has ended").await?;
        ensure!(
            said.contains("stay locked until") && said.contains("a recovery code works now"),
            "{said:?}"
        );
        check::focus_is_on_field(b, "Password").await?;
        b.screenshot("ended-by-the-server").await?;

        // The page's own five minutes pass: it goes back by itself, and no
        // lock counts down to a dead end.
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        check::testid_contains(b, "wait-countdown", "Locked: ").await?;
        clock.advance(PENDING_SECS + 1);
        b.advance_clock(PENDING_SECS + 1).await?;
        find::heading(b, "Sign In").await?;
        let said = check::error_contains(b, "This sign-in has ended").await?;
        ensure!(said.contains("stay locked until"), "{said:?}");
        ensure!(
            find::all_testid(b, "wait-countdown").await?.is_empty(),
            "a countdown is left on the page"
        );
        check::focus_is_on_field(b, "Password").await?;
        check::text_lacks(b, JARGON).await?;
        b.screenshot("ended-by-the-page").await?;
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

/// Ends every session of `login` but a new one, as "sign out everywhere"
/// on another device does.
async fn signed_out_from_elsewhere(app: &TestApp, login: &str) -> Result<()> {
    let elsewhere = app
        .sign_in(login, PASSWORD)
        .await
        .map_err(|e| anyhow!("signing in elsewhere: {e}"))?
        .session
        .context("the other device's session")?;
    app.sign_out_sessions(&elsewhere, Selection::All)
        .await
        .map_err(|e| anyhow!("signing out everywhere: {e}"))?;
    Ok(())
}

/// Fails if a notice shows once the page has settled.
async fn no_notice(b: &Browser) -> Result<()> {
    b.settled().await?;
    let notices = find::all_testid(b, "notice").await?;
    ensure!(notices.is_empty(), "a notice shows on a plain visit");
    Ok(())
}

#[tokio::test]
async fn a_browser_signed_out_from_elsewhere_is_told_why_and_a_first_visit_is_not() -> Result<()> {
    with_app_and_browser("signed-out-elsewhere", async |app, b| {
        // A first visit: a bare form.
        b.open("/signin").await?;
        find::heading(b, "Sign In").await?;
        no_notice(b).await?;

        // Signed in here, then signed out from another device: the next
        // load of the app says why it is at sign-in.
        let login = new_login("away");
        action::sign_up(b, &login, PASSWORD).await?;
        signed_out_from_elsewhere(app, &login).await?;
        b.open("/settings/account").await?;
        let notice = check::notice_contains(b, "You were signed out").await?;
        ensure!(notice.contains("Sign Out All Other Sessions"), "{notice:?}");
        find::heading(b, "Sign In").await?;
        b.screenshot("signed-out-elsewhere").await?;

        // Loading the sign-in page itself says it too.
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        signed_out_from_elsewhere(app, &login).await?;
        b.open("/signin").await?;
        check::notice_contains(b, "You were signed out").await?;

        // Said once: the next load is a plain visit again.
        b.open("/signin").await?;
        find::heading(b, "Sign In").await?;
        no_notice(b).await?;
        Ok(())
    })
    .await
}

/// `[type, aria-pressed of Show password, selectionStart, selectionEnd,
/// the field has focus]` of the password field.
async fn password_state(b: &Browser) -> Result<serde_json::Value> {
    let field = find::field(b, "Password").await?;
    Ok(b.client()
        .execute(
            "const f = arguments[0]; \
             const toggle = document.querySelector('[data-testid=show-password]'); \
             return [f.type, toggle.getAttribute('aria-pressed'), f.selectionStart, \
                     f.selectionEnd, document.activeElement === f];",
            vec![serde_json::to_value(&field)?],
        )
        .await?)
}

#[tokio::test]
async fn show_password_reveals_it_and_keeps_focus_and_caret() -> Result<()> {
    with_browser("show-password", async |b| {
        b.open("/signin").await?;
        let field = find::field(b, "Password").await?;
        field.send_keys("correct horse").await?;
        b.client()
            .execute(
                "arguments[0].setSelectionRange(3, 7); return true;",
                vec![serde_json::to_value(&field)?],
            )
            .await?;
        ensure!(
            password_state(b).await? == json!(["password", "false", 3, 7, true]),
            "before: {}",
            password_state(b).await?
        );

        // A click shows it; focus and the selection stay in the field.
        find::button(b, "Show password").await?.click().await?;
        let shown = password_state(b).await?;
        ensure!(
            shown == json!(["text", "true", 3, 7, true]),
            "shown: {shown}"
        );
        ensure!(
            field.prop("value").await?.as_deref() == Some("correct horse"),
            "the password changed"
        );
        b.screenshot("password-shown").await?;

        // From the keyboard: Tab to the button, Space hides it again, and
        // focus stays on the button.
        action::press(b, keys::TAB).await?;
        check::focus_is_on_testid(b, "show-password").await?;
        action::press(b, " ").await?;
        let hidden = password_state(b).await?;
        ensure!(hidden[0] == "password" && hidden[1] == "false", "{hidden}");
        check::focus_is_on_testid(b, "show-password").await?;

        // Sign-up has it too.
        b.open("/signup").await?;
        find::heading(b, "Create Account").await?;
        find::button(b, "Show password").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn sign_up_names_every_problem_at_once_each_under_its_field() -> Result<()> {
    with_app_and_browser("sign-up-errors", async |app, b| {
        b.open("/signup").await?;
        action::type_into(b, "Login", "a b").await?;
        action::type_into(b, "Password", "short").await?;
        action::click(b, "Sign Up").await?;

        let login = find::field(b, "Login").await?;
        let password = find::field(b, "Password").await?;
        check::error_contains(b, "A login has 3 to 64").await?;
        check::error_contains(b, "at least 8").await?;
        let login_said = check::description_of(b, &login).await?;
        let password_said = check::description_of(b, &password).await?;
        ensure!(
            login_said.contains("A login has 3 to 64") && !login_said.contains("at least 8"),
            "the login is described by {login_said:?}"
        );
        ensure!(
            password_said.contains("at least 8") && !password_said.contains("A login has"),
            "the password is described by {password_said:?}"
        );
        for (field, name) in [(&login, "login"), (&password, "password")] {
            ensure!(
                field.attr("aria-invalid").await?.as_deref() == Some("true"),
                "the {name} is not marked invalid"
            );
        }
        b.screenshot("sign-up-errors").await?;

        // A login someone has: the server's refusal is under the login.
        let taken = new_login("taken");
        app.signed_up(&taken, PASSWORD).await;
        action::type_into(b, "Login", &taken).await?;
        action::type_into(b, "Password", PASSWORD).await?;
        action::click(b, "Sign Up").await?;
        check::error_contains(b, "That login is taken").await?;
        let login_said = check::description_of(b, &login).await?;
        ensure!(login_said.contains("taken"), "{login_said:?}");
        ensure!(
            password.attr("aria-invalid").await?.as_deref() == Some("false"),
            "the password is marked invalid"
        );

        action::type_into(b, "Login", &new_login("fresh")).await?;
        action::click(b, "Sign Up").await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn the_sign_in_page_says_what_to_do_after_losing_access() -> Result<()> {
    with_browser("lost-access", async |b| {
        b.open("/signin").await?;
        let line = check::testid_contains(b, "lost-access", "Lost access?").await?;
        ensure!(
            line.contains("Use a recovery code instead") && line.contains("operator"),
            "{line:?}"
        );
        check::text_lacks(b, JARGON).await?;
        b.screenshot("sign-in").await?;
        Ok(())
    })
    .await
}
