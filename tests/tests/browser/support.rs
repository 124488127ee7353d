//! What the browser tests share: a turn to work, on a fresh server
//! serving the app, new logins, the setup wizard, lock countdowns, and
//! tokens made by a script.

use anyhow::{anyhow, bail, Context, Result};
use twofold_api::ResultCode;
use twofold_e2e::browser::{action, check, dist_dir, find, Browser, Turn};
use twofold_e2e::{Authenticator, Enrolled, Proof, ServerOptions, TestApp, PASSWORD};

/// Runs `scenario` with a fresh server and browser; on failure, takes a
/// last screenshot before reporting.
pub async fn with_browser(
    test: &str,
    scenario: impl AsyncFnOnce(&Browser) -> Result<()>,
) -> Result<()> {
    with_app_and_browser(test, async |_app, browser| scenario(browser).await).await
}

/// [`with_browser`] for scenarios that also call the server over HTTP, as
/// a script or another device would.
pub async fn with_app_and_browser(
    test: &str,
    scenario: impl AsyncFnOnce(&TestApp, &Browser) -> Result<()>,
) -> Result<()> {
    let _turn = Turn::take().await;
    let app = serving_the_app()?;
    in_browser(&app, test, scenario).await
}

/// A fresh server that serves the app's release build.
pub fn serving_the_app() -> Result<TestApp> {
    Ok(TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..Default::default()
    }))
}

/// Runs `scenario` in a fresh browser on `app` (holding a [`Turn`]);
/// on failure, takes a last screenshot before reporting.
pub async fn in_browser(
    app: &TestApp,
    test: &str,
    scenario: impl AsyncFnOnce(&TestApp, &Browser) -> Result<()>,
) -> Result<()> {
    in_browser_at(app, app.url(), test, scenario).await
}

/// [`in_browser`] with the app opened at `url` (the server's
/// `localhost_url`, where security keys work).
pub async fn in_browser_at(
    app: &TestApp,
    url: &str,
    test: &str,
    scenario: impl AsyncFnOnce(&TestApp, &Browser) -> Result<()>,
) -> Result<()> {
    let browser = Browser::start(url, test).await?;
    let outcome = scenario(app, &browser).await;
    if outcome.is_err() {
        let _ = browser.screenshot("failure").await;
    }
    let closed = browser.finish().await;
    outcome.and(closed)
}

/// A login nobody has used in this server yet.
pub fn new_login(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{prefix}{nanos}")
}

/// Opens the setup wizard from Settings > Account (through the password
/// pop-up when it is needed); returns the authenticator of step 1's key.
pub async fn start_two_factor_setup(b: &Browser, password_needed: bool) -> Result<Authenticator> {
    action::open_account_settings(b).await?;
    action::click(b, "Set Up Two-Factor Authentication").await?;
    if password_needed {
        action::confirm_password(b, PASSWORD).await?;
    }
    find::dialog(b, "Set Up Two-Factor Authentication").await?;
    let key = find::testid(b, "setup-key").await?.text().await?;
    Ok(Authenticator::from_base32(&key))
}

/// Setup wizard, step 1 to Done, with as few screenshots as the test wants;
/// returns the authenticator and the recovery codes.
pub async fn enable_two_factor(
    b: &Browser,
    password_needed: bool,
) -> Result<(Authenticator, Vec<String>)> {
    let mut phone = start_two_factor_setup(b, password_needed).await?;
    action::type_code(b, &phone.next_code().await).await?;
    let codes: Vec<String> = check::recovery_codes(b)
        .await?
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    action::click(b, "Download").await?;
    action::click(b, "Done").await?;
    check::testid_contains(b, "tfa-status", "on").await?;
    Ok((phone, codes))
}

/// The seconds left in a lock's countdown, "Locked: 14:05 left".
pub fn lock_time_left(text: &str) -> Option<u64> {
    let clock = text.split("Locked: ").nth(1)?.split(' ').next()?;
    let (minutes, seconds) = clock.split_once(':')?;
    Some(minutes.parse::<u64>().ok()? * 60 + seconds.parse::<u64>().ok()?)
}

/// Waits until the number read by `read` from `[data-testid=id]` is below
/// `start` (a countdown that moves).
pub async fn eventually_fewer(
    b: &Browser,
    id: &str,
    start: u64,
    read: impl Fn(&str) -> Option<u64>,
) -> Result<u64> {
    let read = &read;
    twofold_e2e::browser::eventually(
        &format!("[data-testid={id}] to count down from {start}"),
        || async move {
            for element in find::all_testid(b, id).await? {
                if let Some(now) = read(&element.text().await?) {
                    if now < start {
                        return Ok(Some(now));
                    }
                }
            }
            Ok(None)
        },
    )
    .await
}

/// A token that may call GetAccount, made over HTTP by `account`'s own
/// session (a script's, not the browser's) with a recovery code as the
/// second factor; returns its id and value.
pub async fn script_token(
    app: &TestApp,
    account: &Enrolled,
    description: &str,
    recovery_code: &str,
) -> Result<(u32, String)> {
    let token = app
        .create_token_with(
            &account.session,
            Proof::with_code(PASSWORD, recovery_code),
            description,
            &["GetAccount"],
            None,
        )
        .await
        .map_err(|e| anyhow!("CreateToken {description:?}: {e}"))?
        .token;
    Ok((token.id, token.key.context("the new token's value")?))
}

/// Fails unless `key` still answers GetAccount for `login` (`keep`) or is
/// refused as signed out (201).
pub async fn token_works(app: &TestApp, key: &str, login: &str, keep: bool) -> Result<()> {
    let answer = app.get_account(key).await;
    match (&answer, keep) {
        (Ok(account), true) if account.login == login => Ok(()),
        (Err(e), false) if e.result == ResultCode::NotSignedIn => Ok(()),
        _ => Err(anyhow!(
            "a token that should {} answered {answer:?}",
            if keep { "work" } else { "be refused" }
        )),
    }
}

/// Wrong codes over HTTP (another device, a script) until the account's
/// app codes are locked.
pub async fn lock_app_codes(app: &TestApp, account: &Enrolled) -> Result<()> {
    let pending = app.pending(&account.login, PASSWORD).await;
    for _ in 0..10 {
        match app
            .verify_2fa_code(&pending, &account.phone.wrong_code())
            .await
        {
            Err(e) if e.result == ResultCode::SecondFactorLocked => return Ok(()),
            Err(e) if e.result == ResultCode::InvalidCode => {}
            other => bail!("a wrong code answered {other:?}"),
        }
    }
    bail!("ten wrong codes did not lock app codes")
}
