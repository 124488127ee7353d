//! Routes and bundles: a load of /signin fetches only the sign-in bundle,
//! every route has its title and focus, and signed-out loads ask nothing.

use anyhow::{ensure, Context, Result};
use twofold_e2e::browser::{action, check, find, keys, Browser};
use twofold_e2e::PASSWORD;

use crate::support::{new_login, with_app_and_browser, with_browser};

/// The same-origin scripts and wasm this page has fetched, by name without
/// the content hash (`/twofold-sign-in.js`), sorted: the order in which
/// the browser records them varies.
async fn bundles_fetched(b: &Browser) -> Result<Vec<String>> {
    let names = b
        .script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)\
             .filter(p => p.endsWith('.js') || p.endsWith('.wasm'));",
        )
        .await?;
    let mut names: Vec<String> = names
        .as_array()
        .context("a list of names")?
        .iter()
        .filter_map(|name| name.as_str())
        .map(|name| {
            let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
            let stem = stem.strip_suffix("_bg").unwrap_or(stem);
            let stem = stem.rsplit_once('-').map_or(stem, |(base, _hash)| base);
            format!("{stem}.{ext}")
        })
        .collect();
    names.sort();
    Ok(names)
}

#[tokio::test]
async fn a_load_of_sign_in_fetches_only_the_sign_in_bundle_which_hands_over_to_the_app(
) -> Result<()> {
    with_app_and_browser("sign-in-bundle", async |app, b| {
        let login = new_login("bundle");
        app.sign_up(&login, PASSWORD)
            .await
            .map_err(anyhow::Error::msg)?;
        b.open("/signin").await?;
        find::heading(b, "Sign In").await?;
        // The order of the entries varies (the wasm is preloaded): the
        // property is "only these", so they are compared sorted.
        let fetched = bundles_fetched(b).await?;
        ensure!(
            fetched == ["/twofold-sign-in.js", "/twofold-sign-in.wasm"],
            "a load of /signin fetches the sign-in bundle alone: {fetched:?}"
        );
        action::sign_in_with_password(b, &login, PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        ensure!(b.path().await? == "/", "signed in, the app is at /");
        let fetched = bundles_fetched(b).await?;
        ensure!(
            fetched == ["/twofold-app.js", "/twofold-app.wasm"],
            "the dashboard is the app, loaded afresh: {fetched:?}"
        );
        // The sign-in page left the history: Back does not show it again.
        let back = b.script("return history.length;").await?;
        ensure!(
            back.as_u64() == Some(2),
            "the history holds the start page and the dashboard, not the sign-in page: {back}"
        );
        // Someone signed in who opens /signin goes to the app.
        b.open("/signin").await?;
        find::heading(b, "Dashboard").await?;
        ensure!(
            b.path().await? == "/",
            "a signed-in load of /signin ends at /"
        );
        b.screenshot("signed-in-load-of-signin").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn every_route_has_its_title_and_focus_starts_at_its_heading() -> Result<()> {
    with_browser("routes", async |b| {
        // A load of /signin is the sign-in bundle, which has its own title.
        b.open("/signin").await?;
        find::heading(b, "Sign In").await?;
        check::title_becomes(b, "Sign in — Twofold").await?;
        // Its link loads the app (a new page: focus starts at the top);
        // from there on the app routes in the browser and moves focus.
        find::link(b, "Create an account").await?.click().await?;
        check::title_becomes(b, "Create account — Twofold").await?;
        find::heading(b, "Create Account").await?;
        find::link(b, "Sign in").await?.click().await?;
        check::title_becomes(b, "Sign in — Twofold").await?;
        check::focus_is_on_heading(b, "Sign In").await?;
        find::link(b, "Create an account").await?.click().await?;
        check::title_becomes(b, "Create account — Twofold").await?;
        check::focus_is_on_heading(b, "Create Account").await?;
        let login = new_login("routes");
        action::type_into(b, "Login", &login).await?;
        action::type_into(b, "Password", PASSWORD).await?;
        action::click(b, "Sign Up").await?;
        check::title_becomes(b, "Dashboard — Twofold").await?;
        check::focus_is_on_heading(b, "Dashboard").await?;
        find::testid(b, "settings-button").await?.click().await?;
        check::title_becomes(b, "Settings — Twofold").await?;
        check::focus_is_on_heading(b, "Account").await?;
        for (tab, title, heading) in [
            (
                "Access Tokens",
                "Access Tokens — Settings — Twofold",
                "Access Tokens",
            ),
            ("Sessions", "Sessions — Settings — Twofold", "Sessions"),
            (
                "Security Log",
                "Security Log — Settings — Twofold",
                "Security Log",
            ),
        ] {
            find::link(b, tab).await?.click().await?;
            check::title_becomes(b, title).await?;
            check::focus_is_on_heading(b, heading).await?;
        }
        find::link(b, "Twofold").await?.click().await?;
        check::focus_is_on_heading(b, "Dashboard").await?;
        b.open("/no/such/page").await?;
        check::title_becomes(b, "Page not found — Twofold").await?;
        Ok(())
    })
    .await
}

/// The focused element's tag, text and computed outline style.
async fn focused_outline(b: &Browser) -> Result<(String, String, String)> {
    let focused = b
        .script(
            "const a = document.activeElement; \
             return [a.tagName, a.textContent.trim(), getComputedStyle(a).outlineStyle];",
        )
        .await?;
    let part = |i: usize| focused[i].as_str().unwrap_or_default().to_owned();
    Ok((part(0), part(1), part(2)))
}

#[tokio::test]
async fn a_heading_focused_by_the_app_draws_no_ring_and_a_control_reached_by_keyboard_does(
) -> Result<()> {
    with_browser("focus-rings", async |b| {
        action::sign_up(b, &new_login("rings"), PASSWORD).await?;
        find::heading(b, "Dashboard").await?;
        // By keyboard: Enter on Settings. The new page's heading gets focus
        // by script, after a key press: where a browser draws
        // `:focus-visible` rings.
        find::testid(b, "settings-button")
            .await?
            .send_keys(keys::ENTER)
            .await?;
        check::focus_is_on_heading(b, "Account").await?;
        let (tag, text, outline) = focused_outline(b).await?;
        ensure!(
            tag == "H2" && text == "Account" && outline == "none",
            "the focused heading {tag} {text:?} draws a ring: outline-style {outline}"
        );
        b.screenshot("heading-focused-without-ring").await?;

        // Tab: the next control, Change Password, shows its ring.
        action::press(b, keys::TAB).await?;
        check::focus_is_on(b, "Change Password").await?;
        let (tag, _, outline) = focused_outline(b).await?;
        ensure!(
            tag == "BUTTON" && outline == "solid",
            "a {tag} reached by Tab has outline-style {outline}"
        );
        b.screenshot("button-focused-with-ring").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_signed_out_load_asks_nothing_and_logs_no_console_error() -> Result<()> {
    with_browser("signed-out-console", async |b| {
        // A first visit, then a visit after signing out.
        for round in ["first visit", "after signing out"] {
            for path in ["/", "/signin", "/signup", "/settings/account"] {
                b.open(path).await?;
                find::xpath(b, "the sign-in or sign-up heading", "//h1").await?;
                b.settled().await?;
                let errors = b.console_errors().await?;
                ensure!(errors.is_empty(), "{round}, {path} logged {errors:?}");
            }
            if round == "first visit" {
                action::sign_up(b, &new_login("console"), PASSWORD).await?;
                action::sign_out(b).await?;
                b.console_errors().await?;
            }
        }
        Ok(())
    })
    .await
}
