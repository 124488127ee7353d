//! What a person does: typing, clicking, pressing keys, and the steps many
//! tests share (signing up, signing in, confirming the password).

use anyhow::{Context, Result};
use fantoccini::Locator;

use super::{eventually, find, keys, Browser};

/// Clears the field labelled `label` and types `text` into it.
pub async fn type_into(browser: &Browser, label: &str, text: &str) -> Result<()> {
    let field = find::field(browser, label).await?;
    field.clear().await?;
    field
        .send_keys(text)
        .await
        .with_context(|| format!("typing into {label}"))
}

/// Clicks the button labelled `label` once it is enabled (neither
/// `disabled` nor, as a busy button is, `aria-disabled`).
pub async fn click(browser: &Browser, label: &str) -> Result<()> {
    let button = find::button(browser, label).await?;
    eventually(&format!("{label} to be enabled"), || {
        let button = button.clone();
        async move {
            let busy = button.attr("aria-disabled").await?.as_deref() == Some("true");
            Ok((button.is_enabled().await? && !busy).then_some(()))
        }
    })
    .await?;
    scroll_to_middle(browser, &button, label).await?;
    button
        .click()
        .await
        .with_context(|| format!("clicking {label}"))
}

/// Scrolls `element` to the middle of its scrolling box, as a person would
/// bring it into sight first: a dialog's sticky action bar may cover what
/// is merely inside the window, and WebDriver scrolls only what is outside.
async fn scroll_to_middle(
    browser: &Browser,
    element: &fantoccini::elements::Element,
    what: &str,
) -> Result<()> {
    browser
        .client()
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' }); return true;",
            vec![serde_json::to_value(element)?],
        )
        .await
        .with_context(|| format!("scrolling to {what}"))?;
    Ok(())
}

/// Presses a key (see [`keys`](super::keys)) in whatever has focus.
pub async fn press(browser: &Browser, key: &str) -> Result<()> {
    browser
        .client()
        .active_element()
        .await?
        .send_keys(key)
        .await
        .context("pressing a key")
}

/// Opens the app and creates an account from the sign-in screen's link;
/// ends on the dashboard.
pub async fn sign_up(browser: &Browser, login: &str, password: &str) -> Result<()> {
    browser.open("/").await?;
    find::link(browser, "Create an account")
        .await?
        .click()
        .await?;
    type_into(browser, "Login", login).await?;
    type_into(browser, "Password", password).await?;
    click(browser, "Sign Up").await?;
    find::heading(browser, "Dashboard").await?;
    Ok(())
}

/// Types the login and password on the sign-in screen and presses Sign In.
pub async fn sign_in_with_password(browser: &Browser, login: &str, password: &str) -> Result<()> {
    if find::all_testid(browser, "sign-in").await?.is_empty() {
        browser.open("/signin").await?;
    }
    type_into(browser, "Login", login).await?;
    type_into(browser, "Password", password).await?;
    click(browser, "Sign In").await
}

/// Types `code` into the field for a code from the authenticator app
/// (which submits itself at six digits).
pub async fn type_code(browser: &Browser, code: &str) -> Result<()> {
    let field = find::code_field(browser).await?;
    // The field is read-only while the previous code is checked.
    eventually("the code field to accept typing", || {
        let field = field.clone();
        async move { Ok(field.attr("readonly").await?.is_none().then_some(())) }
    })
    .await?;
    field.send_keys(code).await.context("typing the code")
}

/// Types `code` like [`type_code`] and waits for the server's answer: the
/// field turns read-only when the code is sent and editable again when the
/// answer is in. A watcher set up before typing records the field turning
/// read-only, so an answer quicker than one poll is not missed.
pub async fn type_code_and_wait_for_answer(browser: &Browser, code: &str) -> Result<()> {
    browser
        .script(
            "window.twofoldCodeSent = false; \
             new MutationObserver((records, observer) => { \
                 if (records.some(r => r.target.tagName === 'INPUT' && r.oldValue === null)) { \
                     window.twofoldCodeSent = true; \
                     observer.disconnect(); \
                 } \
             }).observe(document.body, { \
                 subtree: true, attributes: true, \
                 attributeFilter: ['readonly'], attributeOldValue: true, \
             });",
        )
        .await?;
    type_code(browser, code).await?;
    eventually("the code to be sent", || async move {
        let sent = browser
            .script("return window.twofoldCodeSent === true;")
            .await?;
        Ok(sent.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    let field = find::code_field(browser).await?;
    eventually("the answer to the code", || {
        let field = field.clone();
        async move { Ok(field.attr("readonly").await?.is_none().then_some(())) }
    })
    .await
}

/// Switches the code step to recovery codes, types `code`, presses Verify.
pub async fn use_recovery_code(browser: &Browser, code: &str) -> Result<()> {
    click(browser, "Use a recovery code instead").await?;
    type_into(browser, "Recovery code", code).await?;
    click(browser, "Verify").await
}

/// Settings at the top right, then the Account tab.
pub async fn open_account_settings(browser: &Browser) -> Result<()> {
    find::testid(browser, "settings-button")
        .await?
        .click()
        .await?;
    find::link(browser, "Account").await?.click().await?;
    find::heading(browser, "Two-Factor Authentication").await?;
    Ok(())
}

/// Settings at the top right, then the tab named `tab`; waits for the
/// tab's `heading`.
pub async fn open_settings_tab(browser: &Browser, tab: &str, heading: &str) -> Result<()> {
    find::testid(browser, "settings-button")
        .await?
        .click()
        .await?;
    find::link(browser, tab).await?.click().await?;
    find::heading(browser, heading).await?;
    Ok(())
}

/// Signs in with the password, then with the recovery code `code`.
pub async fn sign_in_with_recovery_code(
    browser: &Browser,
    login: &str,
    password: &str,
    code: &str,
) -> Result<()> {
    sign_in_with_password(browser, login, password).await?;
    find::heading(browser, "Two-Factor Authentication").await?;
    use_recovery_code(browser, code).await
}

/// What the clipboard holds, found as a person would: pasting it (Ctrl+V)
/// into a text area added to the page for the purpose, then removed.
pub async fn paste_clipboard(browser: &Browser) -> Result<String> {
    browser
        .script(
            "const area = document.createElement('textarea'); \
             area.id = 'twofold-paste'; \
             document.body.appendChild(area); \
             area.focus(); \
             return true;",
        )
        .await?;
    let area = browser
        .client()
        .find(Locator::Id("twofold-paste"))
        .await
        .context("the paste area")?;
    area.send_keys(&format!("{}v", keys::CONTROL))
        .await
        .context("pasting")?;
    let pasted = eventually("the clipboard's text to be pasted", || {
        let area = area.clone();
        async move { Ok(area.prop("value").await?.filter(|text| !text.is_empty())) }
    })
    .await;
    browser
        .script("document.getElementById('twofold-paste')?.remove(); return true;")
        .await?;
    pasted
}

/// Types the password into the "Confirm Your Password" pop-up and confirms.
pub async fn confirm_password(browser: &Browser, password: &str) -> Result<()> {
    find::dialog(browser, "Confirm Your Password").await?;
    type_into(browser, "Password", password).await?;
    click(browser, "Confirm").await
}

/// Types the password and a code from the app into the "Confirm Your
/// Password" pop-up (the step-up of a change that needs a second factor);
/// six digits send it, as at sign-in.
pub async fn confirm_password_and_code(
    browser: &Browser,
    password: &str,
    code: &str,
) -> Result<()> {
    find::dialog(browser, "Confirm Your Password").await?;
    type_into(browser, "Password", password).await?;
    type_into(browser, "Code from your authenticator app", code).await
}

/// Types the password and a recovery code into the "Confirm Your Password"
/// pop-up (after "Use a recovery code instead") and confirms.
pub async fn confirm_password_and_recovery_code(
    browser: &Browser,
    password: &str,
    code: &str,
) -> Result<()> {
    find::dialog(browser, "Confirm Your Password").await?;
    type_into(browser, "Password", password).await?;
    find::testid(browser, "step-up-use-recovery")
        .await?
        .click()
        .await?;
    type_into(browser, "Recovery code", code).await?;
    click(browser, "Confirm").await
}

/// Sign Out in the top bar; ends on the sign-in screen.
pub async fn sign_out(browser: &Browser) -> Result<()> {
    click(browser, "Sign Out").await?;
    find::heading(browser, "Sign In").await?;
    Ok(())
}

/// Sets the date picker `element` to `day` (`2025-05-01`) as a person
/// picking it would (an `input` event): typing into a date input depends
/// on the browser's language.
pub async fn pick_date(
    browser: &Browser,
    element: &fantoccini::elements::Element,
    day: &str,
) -> Result<()> {
    browser
        .client()
        .execute(
            "arguments[0].value = arguments[1]; \
             arguments[0].dispatchEvent(new Event('input', { bubbles: true })); return true;",
            vec![serde_json::to_value(element)?, serde_json::Value::from(day)],
        )
        .await
        .context("picking a date")?;
    Ok(())
}

/// Opens (or closes) the disclosure whose `<summary>` reads `label`.
pub async fn click_summary(browser: &Browser, label: &str) -> Result<()> {
    find::xpath(
        browser,
        &format!("the disclosure {label:?}"),
        &format!("//summary[normalize-space(.)='{label}']"),
    )
    .await?
    .click()
    .await
    .with_context(|| format!("opening {label}"))
}

/// Clicks the element with `data-testid="id"` once scrolled to the middle
/// of its scrolling box, as a person would scroll it into sight first: a
/// dialog's sticky action bar may cover what is merely inside the window.
pub async fn click_testid(browser: &Browser, id: &str) -> Result<()> {
    let element = find::testid(browser, id).await?;
    scroll_to_middle(browser, &element, &format!("[data-testid={id}]")).await?;
    element
        .click()
        .await
        .with_context(|| format!("clicking [data-testid={id}]"))
}

/// Generate New Token → the form, filled with `description` and "Read your
/// account" (GetAccount), sent with Generate.
pub async fn generate_token(browser: &Browser, description: &str) -> Result<()> {
    click(browser, "Generate New Token").await?;
    find::dialog(browser, "Generate Access Token").await?;
    type_into(browser, "Description", description).await?;
    find::checkbox(browser, "Read your account")
        .await?
        .click()
        .await?;
    click(browser, "Generate").await
}
