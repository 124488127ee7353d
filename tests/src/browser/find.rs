//! Where things are: elements found by role, label or `data-testid`, never
//! by position, each waited for until it is displayed.

use anyhow::Result;
use fantoccini::elements::Element;
use fantoccini::Locator;

use super::{eventually, Browser};

/// The element matched by `xpath`, once it is displayed.
pub async fn xpath(browser: &Browser, what: &str, xpath: &str) -> Result<Element> {
    eventually(what, || async move {
        for element in browser.client().find_all(Locator::XPath(xpath)).await? {
            if element.is_displayed().await.unwrap_or(false) {
                return Ok(Some(element));
            }
        }
        Ok(None)
    })
    .await
}

/// The displayed element with `data-testid="id"`.
pub async fn testid(browser: &Browser, id: &str) -> Result<Element> {
    xpath(
        browser,
        &format!("[data-testid={id}]"),
        &format!("//*[@data-testid={}]", xpath_literal(id)),
    )
    .await
}

/// The displayed element with `data-testid="id"` whose `attribute` is
/// `value` (e.g. the session row with `data-current="false"`).
pub async fn testid_with(
    browser: &Browser,
    id: &str,
    attribute: &str,
    value: &str,
) -> Result<Element> {
    xpath(
        browser,
        &format!("[data-testid={id}][{attribute}={value}]"),
        &format!(
            "//*[@data-testid={} and @{attribute}={}]",
            xpath_literal(id),
            xpath_literal(value)
        ),
    )
    .await
}

/// Every element with `data-testid="id"`, displayed or not, without
/// waiting.
pub async fn all_testid(browser: &Browser, id: &str) -> Result<Vec<Element>> {
    Ok(browser
        .client()
        .find_all(Locator::Css(&format!("[data-testid='{id}']")))
        .await?)
}

/// The button whose text is `label` (inside the topmost dialog when one
/// is open, as a person would see it).
pub async fn button(browser: &Browser, label: &str) -> Result<Element> {
    let label = xpath_literal(label);
    xpath(
        browser,
        &format!("the button {label}"),
        &format!(
            "(//*[@role='dialog' or @role='alertdialog'])[last()]//button[normalize-space(.)={label}] \
             | //body[not(.//*[@role='dialog' or @role='alertdialog'])]//button[normalize-space(.)={label}]"
        ),
    )
    .await
}

/// The button whose text is `label`, anywhere in the page.
pub async fn any_button(browser: &Browser, label: &str) -> Result<Element> {
    let label = xpath_literal(label);
    xpath(
        browser,
        &format!("the button {label}"),
        &format!("//button[normalize-space(.)={label}]"),
    )
    .await
}

/// The link whose text is `label`.
pub async fn link(browser: &Browser, label: &str) -> Result<Element> {
    let label = xpath_literal(label);
    xpath(
        browser,
        &format!("the link {label}"),
        &format!("//a[normalize-space(.)={label}]"),
    )
    .await
}

/// The input labelled `label` (`<label for>`).
pub async fn field(browser: &Browser, label: &str) -> Result<Element> {
    let label = xpath_literal(label);
    xpath(
        browser,
        &format!("the field {label}"),
        &format!("//input[@id=//label[normalize-space(.)={label}]/@for]"),
    )
    .await
}

/// The six-digit field for a code from the authenticator app, by its
/// label, the same at sign-in, in a step-up and in the setup wizard.
pub async fn code_field(browser: &Browser) -> Result<Element> {
    xpath(
        browser,
        "the field for a code from the authenticator app",
        "//input[@id=//label[normalize-space(.)='Code from your authenticator app']/@for]",
    )
    .await
}

/// The checkbox whose label reads `label`.
pub async fn checkbox(browser: &Browser, label: &str) -> Result<Element> {
    let label = xpath_literal(label);
    xpath(
        browser,
        &format!("the checkbox {label}"),
        &format!("//label[normalize-space(.)={label}]//input[@type='checkbox']"),
    )
    .await
}

/// The modal dialog named by the heading `title` (`aria-labelledby`).
pub async fn dialog(browser: &Browser, title: &str) -> Result<Element> {
    let title = xpath_literal(title);
    xpath(
        browser,
        &format!("the dialog {title}"),
        &format!(
            "//*[(@role='dialog' or @role='alertdialog') and @aria-modal='true' \
             and @aria-labelledby=//h2[normalize-space(.)={title}]/@id]"
        ),
    )
    .await
}

/// The heading (h1 or h2) reading `text`.
pub async fn heading(browser: &Browser, text: &str) -> Result<Element> {
    let text = xpath_literal(text);
    xpath(
        browser,
        &format!("the heading {text}"),
        &format!("//*[self::h1 or self::h2][normalize-space(.)={text}]"),
    )
    .await
}

/// An XPath string literal for `text`, whichever quotes it contains.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
