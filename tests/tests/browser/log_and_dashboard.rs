//! Times, the Security Log and the dashboard: one clock everywhere (the
//! person's own, with its zone, UTC on hover), the log's severity in
//! words, one details control, filter and export, "Since Your Last
//! Visit", and the dashboard's two-factor card.

use anyhow::{anyhow, ensure, Result};
use fantoccini::Locator;
use twofold_api::events::EventKind::*;
use twofold_api::Method;
use twofold_e2e::browser::{action, check, dist_dir, find, Browser, Turn};
use twofold_e2e::{Authenticator, Proof, ServerOptions, TestApp, TestClock, PASSWORD};

use crate::support::{lock_app_codes, new_login};

/// Seconds in a day.
const DAY: u64 = 86_400;

/// Runs `scenario` with a fresh server (reading its time from `clock`,
/// when given) and a browser in the time zone `zone`; on failure, takes a
/// last screenshot before reporting.
async fn in_zone(
    test: &str,
    zone: &str,
    clock: Option<&TestClock>,
    scenario: impl AsyncFnOnce(&TestApp, &Browser) -> Result<()>,
) -> Result<()> {
    let _turn = Turn::take().await;
    let mut options = ServerOptions {
        dist: Some(dist_dir()?),
        ..Default::default()
    };
    if let Some(clock) = clock {
        options = options.with_clock(clock);
    }
    let app = TestApp::spawn_with(options);
    let browser = Browser::start_in_zone(app.url(), test, Some(zone)).await?;
    let outcome = scenario(&app, &browser).await;
    if outcome.is_err() {
        let _ = browser.screenshot("failure").await;
    }
    let closed = browser.finish().await;
    outcome.and(closed)
}

/// `6 Dec 2026`, `2026-12-06`: the day `days` after 1 January 1970
/// (Howard Hinnant's `civil_from_days`), worded as the app words days.
fn day(days: u64) -> (String, String) {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (
        format!("{d} {} {y}", MONTHS[(m - 1) as usize]),
        format!("{y:04}-{m:02}-{d:02}"),
    )
}

/// The zone names New York goes by in Chromium, whatever its language.
const NEW_YORK_NAMES: [&str; 4] = [" EST", " EDT", " GMT-5", " GMT-4"];

#[tokio::test]
async fn in_new_york_an_event_just_after_midnight_utc_reads_the_same_day_everywhere() -> Result<()>
{
    let clock = TestClock::new();
    // The server's clock five minutes after the next midnight UTC: the
    // day before in New York (UTC-5 in winter, UTC-4 in summer).
    let now = clock.now();
    clock.set(DAY - now % DAY + 300);
    in_zone(
        "one-clock",
        "America/New_York",
        Some(&clock),
        async |app, b| {
            let login = new_login("clock");
            // A token, then 2FA turned on, by a script (codes at the
            // server's clock); the browser signs in with the next code.
            let script = app.signed_up(&login, PASSWORD).await;
            app.token(&script, "nightly backup", &["GetAccount"]).await;
            app.check_password(&script, PASSWORD)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let setup = app.setup_2fa(&script).await.map_err(|e| anyhow!("{e}"))?;
            let phone = Authenticator::from_uri(&setup.otpauth_uri);
            app.enable_2fa(&script, &phone.code_at(clock.now()))
                .await
                .map_err(|e| anyhow!("{e}"))?;
            action::sign_in_with_password(b, &login, PASSWORD).await?;
            action::type_code(b, &phone.code_at(clock.now() + 30)).await?;
            find::heading(b, "Dashboard").await?;
            let since_midnight = clock.now() % DAY;
            ensure!(
                (300..3 * 3600).contains(&since_midnight),
                "the server's clock is {since_midnight} s past midnight UTC"
            );
            let utc_day = clock.now() / DAY;
            let (new_york, _) = day(utc_day - 1);
            let (utc, utc_iso) = day(utc_day);

            // The dashboard: the account's day, and the log's newest entry.
            b.open("/").await?;
            check::testid_contains(b, "account-created", &new_york).await?;
            check::testid_contains(b, "event-list", &new_york).await?;
            b.screenshot("dashboard").await?;

            // The log: the person's day and zone; UTC in the title, the
            // instant in `datetime`, and among the details.
            action::open_settings_tab(b, "Security Log", "Security Log").await?;
            check::testid_contains(b, "event", &new_york).await?;
            let time = find::testid(b, "event")
                .await?
                .find(Locator::Css("time"))
                .await?;
            // The words alone (the UTC reading after them is for screen
            // readers).
            let words = b
                .script(
                    "return document.querySelector('[data-testid=event] time')\
                     .firstChild.textContent;",
                )
                .await?;
            let words = words.as_str().unwrap_or_default();
            ensure!(
                words.starts_with(&format!("{new_york}, "))
                    && NEW_YORK_NAMES.iter().any(|name| words.ends_with(name)),
                "the log shows New York's day and zone: {words:?}"
            );
            let title = time.attr("title").await?.unwrap_or_default();
            ensure!(
                title.starts_with(&format!("{utc}, 00:")) && title.ends_with(" UTC"),
                "the title is the time in UTC: {title:?}"
            );
            let datetime = time.attr("datetime").await?.unwrap_or_default();
            ensure!(
                datetime.starts_with(&format!("{utc_iso}T00:")) && datetime.ends_with('Z'),
                "datetime is the instant: {datetime:?}"
            );
            find::checkbox(b, "Show details (full browser strings, times in UTC)")
                .await?
                .click()
                .await?;
            check::testid_contains(b, "event-details", &format!("UTC: {utc}, 00:")).await?;
            b.screenshot("log").await?;

            // The two-factor status: on since the same day.
            action::open_account_settings(b).await?;
            check::testid_contains(b, "tfa-status", &new_york).await?;
            let since = find::testid(b, "tfa-status")
                .await?
                .find(Locator::Css("time"))
                .await?
                .attr("title")
                .await?
                .unwrap_or_default();
            ensure!(
                since.starts_with(&format!("{utc}, 00:")) && since.ends_with(" UTC"),
                "the 2FA status's title is the time in UTC: {since:?}"
            );

            // Sessions and tokens: the same day.
            action::open_settings_tab(b, "Sessions", "Sessions").await?;
            check::testid_contains(b, "session", &new_york).await?;
            b.screenshot("sessions").await?;
            action::open_settings_tab(b, "Access Tokens", "Access Tokens").await?;
            check::testid_contains(b, "token", &new_york).await?;
            b.screenshot("tokens").await?;
            Ok(())
        },
    )
    .await
}

/// The entries shown, each as its text.
async fn entries(b: &Browser) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    for entry in find::all_testid(b, "event").await? {
        texts.push(entry.text().await?);
    }
    Ok(texts)
}

#[tokio::test]
async fn the_log_says_severity_in_words_has_one_details_control_filters_and_exports_every_page(
) -> Result<()> {
    in_zone("log", "UTC", None, async |app, b| {
        // 30 tokens by a script (one step-up for them all: a password on
        // every call would reach the ceiling of right passwords), the
        // browser's sign-in, then 2 wrong passwords (before it, they would
        // hold the sign-in back): more than a page.
        let login = new_login("log");
        let script = app.signed_up(&login, PASSWORD).await;
        app.check_password(&script, PASSWORD)
            .await
            .map_err(|e| anyhow!("CheckPassword: {e}"))?;
        for n in 0..30 {
            app.create_token_with(
                &script,
                Proof::default(),
                &format!("job {n}"),
                &["GetAccount"],
                None,
            )
            .await
            .map_err(|e| anyhow!("CreateToken {n}: {e}"))?;
        }
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        for _ in 0..2 {
            let refused = app.sign_in(&login, "not the password").await;
            ensure!(refused.is_err(), "a wrong password signed in");
        }
        action::open_settings_tab(b, "Security Log", "Security Log").await?;
        check::count_becomes(b, "event", 25).await?;
        find::testid(b, "show-older").await?;

        // Severity in words; no control inside the list, one above it.
        let shown = entries(b).await?;
        ensure!(
            shown
                .iter()
                .any(|e| e.starts_with(&format!("Alert: {}", SignInFailed.describe()))),
            "a wrong password is an alert in words: {shown:?}"
        );
        ensure!(
            shown
                .iter()
                .any(|e| e.starts_with(&format!("Warning: {}", TokenCreated.describe()))),
            "a new token is a warning in words: {shown:?}"
        );
        let stops = b
            .script(
                "return document.querySelectorAll('[data-testid=event-list] :is(a, button, \
                 input, select, summary, details, [tabindex])').length;",
            )
            .await?;
        ensure!(stops.as_u64() == Some(0), "the list holds {stops} controls");
        check::count_becomes(b, "event-details", 0).await?;
        find::checkbox(b, "Show details (full browser strings, times in UTC)")
            .await?
            .click()
            .await?;
        check::count_becomes(b, "event-details", 25).await?;
        b.screenshot("details").await?;

        // Export CSV reads the pages not read yet; every entry is in it.
        let total = app
            .get_events(&script, Some(100), None)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .events
            .len();
        ensure!(
            total > 33,
            "30 tokens, 2 wrong passwords and 2 sign-ins: {total}"
        );
        b.clear_downloads()?;
        find::testid(b, "export-csv").await?.click().await?;
        check::count_becomes(b, "event", total).await?;
        check::count_becomes(b, "show-older", 0).await?;
        let today = day(twofold_e2e::api::unix_now() / DAY).1;
        let csv = b
            .downloaded(&format!("twofold-security-log-{login}-{today}.csv"))
            .await?;
        let lines: Vec<&str> = csv.lines().collect();
        ensure!(
            lines.len() == total + 1,
            "a header and {total} lines: {csv}"
        );
        ensure!(lines[0].starts_with("time_utc,kind,what,"), "{}", lines[0]);
        ensure!(
            lines[1].contains(",signInFailed,"),
            "newest first: {}",
            lines[1]
        );
        ensure!(
            csv.matches(",tokenCreated,").count() == 30,
            "30 tokens in {csv}"
        );
        check::notice_contains(b, ".csv").await?;
        find::testid(b, "export-json").await?.click().await?;
        let json = b
            .downloaded(&format!("twofold-security-log-{login}-{today}.json"))
            .await?;
        let events: Vec<serde_json::Value> = serde_json::from_str(&json)?;
        ensure!(events.len() == total, "{total} entries in the JSON");
        ensure!(
            events[total - 1]["kind"] == "signedUp",
            "oldest last: {}",
            events[total - 1]
        );

        // The filter asks the server for the kinds it names.
        find::testid(b, "log-filter")
            .await?
            .select_by_value("failures")
            .await?;
        check::count_becomes(b, "event", 2).await?;
        let shown = entries(b).await?;
        ensure!(
            shown.iter().all(|e| e.contains("Failed sign-in")),
            "only wrong passwords: {shown:?}"
        );
        b.screenshot("filtered").await?;
        b.clear_downloads()?;
        find::testid(b, "export-csv").await?.click().await?;
        let filtered = b
            .downloaded(&format!("twofold-security-log-{login}-{today}.csv"))
            .await?;
        ensure!(
            filtered.lines().count() == 3,
            "the filtered export: {filtered}"
        );
        find::testid(b, "log-filter")
            .await?
            .select_by_value("all")
            .await?;
        check::count_becomes(b, "event", 25).await?;
        Ok(())
    })
    .await
}

/// Waits until the dashboard's summary has been read: its last call
/// (GetTokens) has answered and two frames have been painted since.
async fn summary_read(b: &Browser) -> Result<()> {
    let path = &Method::GetTokens.path();
    twofold_e2e::browser::eventually("the summary's GetTokens", || async move {
        let done = b
            .script(&format!(
                "return performance.getEntriesByType('resource').some(e => \
                 new URL(e.name).pathname === '{path}' && e.responseEnd > 0);"
            ))
            .await?;
        Ok(done.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    b.settled().await
}

#[tokio::test]
async fn since_your_last_visit_lists_a_wrong_code_and_a_sign_in_from_elsewhere_until_dismissed(
) -> Result<()> {
    // The server's clock moves a minute before each thing that happens
    // elsewhere: the log counts whole seconds, and a test is quicker.
    let clock = TestClock::new();
    in_zone("away", "UTC", Some(&clock), async |app, b| {
        let login = new_login("away");
        let mut account = app.enrolled(&login, PASSWORD).await;
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        action::type_code(b, &account.phone.next_code().await).await?;
        find::heading(b, "Dashboard").await?;
        // A browser that remembers no visit: since the sign-in before
        // this one (the sign-up), when 2FA was turned on.
        check::testid_contains(b, "away-summary", TwoFactorEnabled.describe()).await?;
        b.screenshot("first-visit").await?;
        find::testid(b, "away-dismiss").await?.click().await?;
        check::count_becomes(b, "away-summary", 0).await?;

        // From elsewhere: a wrong code, then a sign-in with a recovery code.
        clock.advance(60);
        wrong_code_from_elsewhere(app, &login, &account.phone).await?;
        app.signed_in_with_recovery_code(&login, PASSWORD, &account.recovery_codes[0])
            .await;

        // Back in this browser, signed in with a recovery code too: its
        // own sign-in is not news.
        clock.advance(60);
        action::sign_out(b).await?;
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &account.recovery_codes[1]).await?;
        find::heading(b, "Dashboard").await?;
        let card =
            check::testid_contains(b, "away-summary", SignedInWithRecoveryCode.describe()).await?;
        for (listed, what) in [
            (true, format!("Alert: {}", SecondFactorFailed.describe())),
            (
                true,
                format!("Warning: {}", SignedInWithRecoveryCode.describe()),
            ),
            (false, "2 times".to_owned()),
            (false, TwoFactorEnabled.describe().to_owned()),
            (false, SignedInWithTotp.describe().to_owned()),
        ] {
            ensure!(
                card.contains(&what) == listed,
                "the card {} {what:?}: {card:?}",
                if listed { "lists" } else { "leaves out" }
            );
        }
        b.screenshot("second-visit").await?;
        find::testid(b, "away-dismiss").await?.click().await?;
        check::count_becomes(b, "away-summary", 0).await?;
        check::focus_is_on_heading(b, "Dashboard").await?;

        // Reloaded: still dismissed.
        b.open("/").await?;
        find::heading(b, "Dashboard").await?;
        summary_read(b).await?;
        check::count_becomes(b, "away-summary", 0).await?;
        // A new wrong code from elsewhere shows, alone.
        clock.advance(60);
        wrong_code_from_elsewhere(app, &login, &account.phone).await?;
        b.open("/").await?;
        let card = check::testid_contains(b, "away-summary", SecondFactorFailed.describe()).await?;
        ensure!(
            !card.contains(SignedInWithRecoveryCode.describe()),
            "only what came after the dismissal: {card:?}"
        );
        find::testid(b, "away-dismiss").await?.click().await?;
        check::count_becomes(b, "away-summary", 0).await?;

        // Away for 16 days: a token made for 20 ends within the week, and
        // app codes were locked meanwhile. Back with a recovery code.
        // (The server's clock is minutes ahead of the phone's.)
        let code = account.phone.code_at(clock.now());
        let proof = Proof {
            password: Some(PASSWORD),
            code: Some(&code),
        };
        app.create_token_with(
            &account.session,
            proof,
            "nightly backup",
            &["GetAccount"],
            Some(clock.now() + 20 * DAY),
        )
        .await
        .map_err(|e| anyhow!("{e}"))?;
        clock.advance(16 * DAY);
        lock_app_codes(app, &account).await?;
        b.open("/").await?;
        action::sign_in_with_recovery_code(b, &login, PASSWORD, &account.recovery_codes[2]).await?;
        find::heading(b, "Dashboard").await?;
        let card = check::testid_contains(b, "away-summary", SecondFactorLocked.describe()).await?;
        ensure!(
            card.contains("“nightly backup” stops working") && card.contains("(in 4 days)"),
            "the card names the token ending soon: {card:?}"
        );
        b.screenshot("away-locked-and-expiring").await?;
        Ok(())
    })
    .await
}

/// The password, then a wrong code, over HTTP.
async fn wrong_code_from_elsewhere(
    app: &TestApp,
    login: &str,
    phone: &twofold_e2e::Authenticator,
) -> Result<()> {
    let pending = app.pending(login, PASSWORD).await;
    let wrong = app.verify_2fa_code(&pending, &phone.wrong_code()).await;
    ensure!(wrong.is_err(), "a wrong code signed in");
    Ok(())
}

#[tokio::test]
async fn the_dashboard_opens_the_set_up_and_warns_while_the_recovery_codes_are_unconfirmed(
) -> Result<()> {
    in_zone("dashboard-two-factor", "UTC", None, async |_app, b| {
        action::sign_up(b, &new_login("dash"), PASSWORD).await?;
        check::testid_contains(b, "security-summary", "Add an extra security layer").await?;
        // A button that opens the set-up here, not directions.
        find::testid(b, "dashboard-set-up").await?.click().await?;
        action::confirm_password(b, PASSWORD).await?;
        find::dialog(b, "Set Up Two-Factor Authentication").await?;
        ensure!(b.path().await? == "/", "the set-up opens on the dashboard");
        let key = find::testid(b, "setup-key").await?.text().await?;
        let mut phone = twofold_e2e::Authenticator::from_base32(&key);
        action::type_code(b, &phone.next_code().await).await?;
        check::recovery_codes(b).await?;
        // Left before saving the codes: on, but not "protects".
        b.open("/").await?;
        let status = check::testid_contains(b, "security-status", "never confirmed").await?;
        ensure!(
            !status.contains("protects your account"),
            "the dashboard claims protection: {status:?}"
        );
        find::testid(b, "codes-unconfirmed").await?;
        b.screenshot("codes-unconfirmed").await?;
        // The set-up's step-up still covers it, as in Settings.
        action::click(b, "View and Save Recovery Codes").await?;
        find::dialog(b, "Recovery Codes").await?;
        action::click(b, "Download").await?;
        action::click(b, "Done").await?;
        check::no_dialog(b).await?;
        check::count_becomes(b, "codes-unconfirmed", 0).await?;
        check::testid_contains(b, "security-status", "protects your account").await?;
        b.screenshot("codes-confirmed").await?;
        Ok(())
    })
    .await
}
