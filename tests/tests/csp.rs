//! The app under its Content-Security-Policy, in headless Chromium: the
//! header twofold-local sends is exactly the one deploy/template.yaml's
//! CloudFront policy sets (with the loader hashes `make app` wrote), and the
//! app runs under it through sign-in (the sign-in bundle), the 2FA set-up (QR code, countdown)
//! and the token and session tabs without one violation reported.
//!
//! Needs what `make test` prepares: Chromium and chromedriver, the app's
//! release build in `dist/` and twofold-local.

use anyhow::{ensure, Context, Result};
use twofold_api::Method;
use twofold_e2e::browser::{action, dist_dir, eventually, find, Browser};
use twofold_e2e::{ServerOptions, TestApp, PASSWORD};

/// What twofold-local logs for each violation a browser reports.
const VIOLATION: &str = "content security policy violation";

/// The policy as the template writes it, with `make app`'s loader hashes
/// (the app's page and the sign-in bundle's).
fn template_policy() -> Result<String> {
    let root = twofold_e2e::server::workspace_root();
    let template = std::fs::read_to_string(root.join("deploy/template.yaml"))?;
    let line = template
        .lines()
        .find(|l| l.trim_start().starts_with("ContentSecurityPolicy: !Sub"))
        .context("the template sets a ContentSecurityPolicy")?;
    let policy = line
        .split_once('"')
        .and_then(|(_, rest)| rest.rsplit_once('"'))
        .map(|(policy, _)| policy)
        .context("a quoted policy")?;
    let hash = |file: &str| {
        std::fs::read_to_string(dist_dir()?.join(file))
            .with_context(|| format!("dist/{file} (run `make app`)"))
    };
    Ok(policy
        .replace("${LoaderScriptHash}", hash("csp-script-hash.txt")?.trim())
        .replace(
            "${SignInLoaderScriptHash}",
            hash("csp-sign-in-script-hash.txt")?.trim(),
        ))
}

fn violations(app: &TestApp) -> Vec<String> {
    app.server()
        .output()
        .lines()
        .filter(|line| line.contains(VIOLATION))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_app_runs_under_exactly_the_template_s_policy_without_a_violation() -> Result<()> {
    let app = TestApp::spawn_with(ServerOptions {
        dist: Some(dist_dir()?),
        ..Default::default()
    });
    let expected = template_policy()?;
    for path in [
        "/",
        "/signin",
        "/settings/account",
        Method::GetAccount.path().as_str(),
    ] {
        let answer = app.get(path).await;
        let sent = answer
            .headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        ensure!(
            sent == expected,
            "{path}: sent {sent:?}, template {expected:?}"
        );
        ensure!(answer.headers.get("strict-transport-security").is_none());
    }

    let browser = Browser::start(app.url(), "csp").await?;
    let outcome = exercise(&app, &browser).await;
    if outcome.is_err() {
        let _ = browser.screenshot("failure").await;
    }
    browser.finish().await?;
    outcome
}

async fn exercise(app: &TestApp, b: &Browser) -> Result<()> {
    app.sign_up("ada", PASSWORD)
        .await
        .map_err(anyhow::Error::msg)?;
    action::sign_in_with_password(b, "ada", PASSWORD).await?;
    action::open_account_settings(b).await?;
    action::click(b, "Set Up Two-Factor Authentication").await?;
    action::confirm_password(b, PASSWORD).await?;
    find::dialog(b, "Set Up Two-Factor Authentication").await?;
    // The QR code is a data: image; the countdown is styled through the CSSOM.
    eventually("the QR code to load", || async {
        let width = b
            .script("return document.querySelector('[data-testid=qr-code]').naturalWidth;")
            .await?;
        Ok((width.as_u64().unwrap_or(0) > 0).then_some(()))
    })
    .await?;
    find::testid(b, "countdown").await?;
    b.screenshot("setup-under-csp").await?;
    b.open("/settings/tokens").await?;
    find::heading(b, "Access Tokens").await?;
    b.open("/settings/sessions").await?;
    find::heading(b, "Sessions").await?;
    b.settled().await?;
    ensure!(
        violations(app).is_empty(),
        "the app broke its policy:\n{}",
        violations(app).join("\n")
    );

    // A control: an inline script added now is blocked and reported, so
    // the silence above was not a reporting that never worked.
    b.script(
        "const s = document.createElement('script'); s.textContent = 'window.injected = 1'; \
         document.head.appendChild(s); return window.injected === undefined;",
    )
    .await?;
    let reported = eventually("the control violation's report", || async {
        let found = violations(app);
        Ok((!found.is_empty()).then_some(found))
    })
    .await?;
    ensure!(
        reported.len() == 1 && reported[0].contains("script-src"),
        "exactly the control violation: {reported:?}"
    );
    Ok(())
}
