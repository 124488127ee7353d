//! The sign-in form before the code (issue 22): in `/signin`'s first HTML
//! for password managers to read, typeable while the wasm is held back,
//! never sent natively, and what was typed still there, and signed in
//! with, once the code has taken over.

use anyhow::{ensure, Context, Result};
use twofold_e2e::browser::{action, check, find, keys, Browser};
use twofold_e2e::PASSWORD;

use crate::support::{new_login, serving_the_app, with_app_and_browser};

/// The opening tag of the first element in `html` whose tag contains
/// every one of `parts` (`id="login"`, ...).
fn tag_with<'a>(html: &'a str, parts: &[&str]) -> Option<&'a str> {
    html.split('<')
        .map(|rest| rest.split('>').next().unwrap_or_default())
        .find(|tag| parts.iter().all(|part| tag.contains(part)))
}

#[tokio::test]
async fn the_sign_in_form_is_in_the_first_html_with_what_password_managers_read() -> Result<()> {
    let app = serving_the_app()?;

    let html = reqwest::get(format!("{}/signin", app.url()))
        .await?
        .error_for_status()?
        .text()
        .await?;

    let login = tag_with(&html, &["input", r#"id="login""#]).context("the login field")?;
    ensure!(
        login.contains(r#"type="text""#) && login.contains(r#"autocomplete="username webauthn""#),
        "the login field: {login}"
    );
    let password = tag_with(&html, &["input", r#"id="password""#]).context("the password")?;
    ensure!(
        password.contains(r#"type="password""#)
            && password.contains(r#"autocomplete="current-password""#),
        "the password field: {password}"
    );
    for label in [
        r#"<label for="login">Login"#,
        r#"<label for="password">Password"#,
    ] {
        ensure!(html.contains(label), "{label} in the first HTML");
    }
    let submit = tag_with(&html, &["button", r#"type="submit""#]).context("the submit button")?;
    ensure!(
        submit.contains(" disabled"),
        "the submit button waits for the code: {submit}"
    );
    Ok(())
}

/// The static page is there and the code has not run.
async fn before_the_code(b: &Browser) -> Result<()> {
    let state = b
        .script(
            "return [!!document.querySelector('[data-prerendered] form'), \
                     performance.getEntriesByName('twofold-interactive').length];",
        )
        .await?;
    ensure!(
        state == serde_json::json!([true, 0]),
        "the static page without the code: {state}"
    );
    Ok(())
}

/// Where the page is and what its static fields hold.
async fn address_and_fields(b: &Browser) -> Result<serde_json::Value> {
    b.script(
        "return [location.pathname + location.search, \
                 document.getElementById('login').value, \
                 document.getElementById('password').value];",
    )
    .await
}

#[tokio::test]
async fn what_is_typed_before_the_code_runs_is_kept_and_signs_in() -> Result<()> {
    with_app_and_browser("prerendered-takeover", async |app, b| {
        let login = new_login("early");
        app.sign_up(&login, PASSWORD)
            .await
            .map_err(anyhow::Error::msg)?;
        b.hold_wasm().await?;
        b.open_as_served("/signin").await?;
        find::heading(b, "Sign In").await?;
        before_the_code(b).await?;
        b.screenshot("static-form").await?;

        action::type_into(b, "Login", &login).await?;
        action::type_into(b, "Password", PASSWORD).await?;
        // Neither Enter nor the button sends the form natively: the page
        // stays, with what was typed.
        action::press(b, keys::ENTER).await?;
        let button = find::button(b, "Sign In").await?;
        ensure!(!button.is_enabled().await?, "Sign In waits for the code");
        button.click().await?;
        let typed = serde_json::json!(["/signin", login, PASSWORD]);
        ensure!(
            address_and_fields(b).await? == typed,
            "not sent: {}",
            address_and_fields(b).await?
        );
        before_the_code(b).await?;
        // Back in the login field, a few characters selected.
        b.script(
            "const login = document.getElementById('login'); login.focus(); \
             login.setSelectionRange(2, 5); return true;",
        )
        .await?;
        b.screenshot("typed-before-the-code").await?;

        b.release_wasm().await?;
        b.code_started().await?;

        let holders = b
            .script("return document.querySelectorAll('[data-prerendered]').length;")
            .await?;
        ensure!(holders == 0, "the static page is gone: {holders}");
        ensure!(
            address_and_fields(b).await? == typed,
            "the live fields hold what was typed: {}",
            address_and_fields(b).await?
        );
        check::focus_is_on_field(b, "Login").await?;
        let selection = b
            .script(
                "const field = document.activeElement; \
                 return [field.selectionStart, field.selectionEnd];",
            )
            .await?;
        ensure!(
            selection == serde_json::json!([2, 5]),
            "the selection kept: {selection}"
        );
        b.screenshot("taken-over").await?;
        // The live form's signals hold it too: Sign In sends it.
        action::click(b, "Sign In").await?;
        find::heading(b, "Dashboard").await?;
        Ok(())
    })
    .await
}
