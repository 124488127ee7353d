//! What a person sees: texts, errors, notices, states of buttons and
//! checkboxes, recovery codes, dialogs, focus and the page's width. Checks
//! of what changes after an action (`*_contains`, `*_becomes`, `no_dialog`,
//! `focus_is_on`) wait until they hold.

use anyhow::{bail, Result};
use fantoccini::elements::Element;
use fantoccini::Locator;

use super::{eventually, find, Browser};

/// Waits until the element with `data-testid="id"` contains `needle`, and
/// returns its whole text.
pub async fn testid_contains(browser: &Browser, id: &str, needle: &str) -> Result<String> {
    eventually(
        &format!("[data-testid={id}] to contain {needle:?}"),
        || async move {
            for element in find::all_testid(browser, id).await? {
                let text = element.text().await?;
                if text.contains(needle) {
                    return Ok(Some(text));
                }
            }
            Ok(None)
        },
    )
    .await
}

/// Waits for an error message next to a form that is not `previous`
/// (the answer to the latest try), and returns it.
pub async fn error_other_than(browser: &Browser, previous: &str) -> Result<String> {
    eventually("a new error message", || async move {
        for element in find::all_testid(browser, "form-error").await? {
            let text = element.text().await?;
            if !text.is_empty() && text != previous {
                return Ok(Some(text));
            }
        }
        Ok(None)
    })
    .await
}

/// Waits for an error message next to a form containing `needle`.
pub async fn error_contains(browser: &Browser, needle: &str) -> Result<String> {
    testid_contains(browser, "form-error", needle).await
}

/// Waits for the notice at the top of the page containing `needle`.
pub async fn notice_contains(browser: &Browser, needle: &str) -> Result<String> {
    testid_contains(browser, "notice", needle).await
}

/// Waits until `element`'s enabled state is `enabled`.
pub async fn enabled_becomes(element: &Element, what: &str, enabled: bool) -> Result<()> {
    eventually(&format!("{what} enabled = {enabled}"), || async move {
        Ok((element.is_enabled().await? == enabled).then_some(()))
    })
    .await
}

/// Waits until the checkbox `element` is ticked (or not).
pub async fn ticked_becomes(element: &Element, what: &str, ticked: bool) -> Result<()> {
    eventually(&format!("{what} ticked = {ticked}"), || async move {
        Ok((element.is_selected().await? == ticked).then_some(()))
    })
    .await
}

/// The recovery codes on screen, with whether each is marked used.
pub async fn recovery_codes(browser: &Browser) -> Result<Vec<(String, bool)>> {
    find::testid(browser, "recovery-codes").await?;
    let mut codes = Vec::new();
    for item in find::all_testid(browser, "recovery-code").await? {
        let code = item.find(Locator::Css("code")).await?.text().await?;
        let used = item.attr("data-used").await?.as_deref() == Some("true");
        codes.push((code, used));
    }
    Ok(codes)
}

/// Waits until exactly `count` displayed elements have
/// `data-testid="id"`, and returns them.
pub async fn count_becomes(browser: &Browser, id: &str, count: usize) -> Result<Vec<Element>> {
    eventually(&format!("{count} of [data-testid={id}]"), || async move {
        let mut shown = Vec::new();
        for element in find::all_testid(browser, id).await? {
            if element.is_displayed().await? {
                shown.push(element);
            }
        }
        Ok((shown.len() == count).then_some(shown))
    })
    .await
}

/// Fails when `text` is anywhere in the page's markup (a secret that must
/// not outlive the screen that showed it).
pub async fn page_lacks(browser: &Browser, what: &str, text: &str) -> Result<()> {
    let source = browser.client().source().await?;
    if source.contains(text) {
        bail!("{what} is still in the page");
    }
    Ok(())
}

/// Waits until no modal dialog is open.
pub async fn no_dialog(browser: &Browser) -> Result<()> {
    eventually("every dialog to close", || async move {
        let open = browser
            .client()
            .find_all(Locator::Css("[aria-modal='true']"))
            .await?;
        Ok(open.is_empty().then_some(()))
    })
    .await
}

/// Waits until the focused element's text (or value) is `label`.
pub async fn focus_is_on(browser: &Browser, label: &str) -> Result<()> {
    eventually(&format!("focus on {label:?}"), || async move {
        let active = browser.client().active_element().await?;
        Ok((active.text().await?.trim() == label).then_some(()))
    })
    .await
}

/// Waits until focus is on the field labelled `label`.
pub async fn focus_is_on_field(browser: &Browser, label: &str) -> Result<()> {
    let field = find::field(browser, label).await?;
    let field = serde_json::to_value(&field)?;
    eventually(&format!("focus on the field {label:?}"), || {
        let field = field.clone();
        async move {
            let focused = browser
                .client()
                .execute(
                    "return arguments[0] === document.activeElement;",
                    vec![field],
                )
                .await?;
            Ok(focused.as_bool().unwrap_or(false).then_some(()))
        }
    })
    .await
}

/// What a screen reader reads as `element`'s description: the texts its
/// `aria-describedby` points at, joined by spaces.
pub async fn description_of(browser: &Browser, element: &Element) -> Result<String> {
    let text = browser
        .client()
        .execute(
            "return (arguments[0].getAttribute('aria-describedby') || '').split(' ') \
             .map(id => document.getElementById(id)?.textContent.trim() || '') \
             .filter(text => text).join(' ');",
            vec![serde_json::to_value(element)?],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// Fails when the page's visible text holds one of `terms` (words a person
/// should not have to read).
pub async fn text_lacks(browser: &Browser, terms: &[&str]) -> Result<()> {
    let text = browser.script("return document.body.innerText;").await?;
    let text = text.as_str().unwrap_or_default();
    if let Some(term) = terms.iter().find(|term| text.contains(*term)) {
        bail!("the page reads {term:?}: {text:?}");
    }
    Ok(())
}

/// Waits until the focused element is the one with `data-testid="id"`.
pub async fn focus_is_on_testid(browser: &Browser, id: &str) -> Result<()> {
    eventually(&format!("focus on [data-testid={id}]"), || async move {
        let focused = browser
            .script("return document.activeElement?.getAttribute('data-testid') ?? null;")
            .await?;
        Ok((focused.as_str() == Some(id)).then_some(()))
    })
    .await
}

/// True when the focused element is inside the dialog `dialog`.
pub async fn focus_is_inside(browser: &Browser, dialog: &Element) -> Result<bool> {
    let inside = browser
        .client()
        .execute(
            "return arguments[0].contains(document.activeElement) \
             && arguments[0] !== document.activeElement;",
            vec![serde_json::to_value(dialog)?],
        )
        .await?;
    Ok(inside.as_bool().unwrap_or(false))
}

/// Fails when the page is wider than the window (sideways scrolling).
pub async fn fits_width(browser: &Browser) -> Result<()> {
    let widths = browser
        .script("return [document.documentElement.scrollWidth, window.innerWidth];")
        .await?;
    let scroll = widths[0].as_u64().unwrap_or(u64::MAX);
    let inner = widths[1].as_u64().unwrap_or(0);
    if scroll > inner {
        bail!("the page is {scroll} px wide in a {inner} px window");
    }
    Ok(())
}

/// Waits until `document.title` is `title`.
pub async fn title_becomes(browser: &Browser, title: &str) -> Result<()> {
    eventually(&format!("the title {title:?}"), || async move {
        let now = browser.script("return document.title;").await?;
        Ok((now.as_str() == Some(title)).then_some(()))
    })
    .await
}

/// Waits until focus is on the heading (h1, h2 or h3) reading `text`.
pub async fn focus_is_on_heading(browser: &Browser, text: &str) -> Result<()> {
    eventually(&format!("focus on the heading {text:?}"), || async move {
        let focused = browser
            .script(
                "const a = document.activeElement; \
                 return a && /^H[1-3]$/.test(a.tagName) ? a.textContent.trim() : null;",
            )
            .await?;
        Ok((focused.as_str() == Some(text)).then_some(()))
    })
    .await
}

/// Fails unless the page behind the open dialog (the top bar) is `inert`.
pub async fn page_behind_is_inert(browser: &Browser) -> Result<()> {
    let inert = browser
        .script(
            "const bar = document.querySelector('.topbar'); \
             return !!bar && bar.closest('[inert]') !== null \
                 && document.querySelector('[aria-modal=\"true\"]').closest('[inert]') === null;",
        )
        .await?;
    if !inert.as_bool().unwrap_or(false) {
        bail!("the page behind the dialog is not inert");
    }
    Ok(())
}

/// The digits in the first `(N s)` or `N s` of `text`, e.g. 27 in "Wait
/// for the next one (27 s).".
pub fn seconds_in(text: &str) -> Option<u64> {
    let at = text.find(" s")?;
    let digits: String = text[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// Fails when the element with `data-testid="id"` sticks out of the card
/// (`.card`) around it.
pub async fn inside_its_card(browser: &Browser, id: &str) -> Result<()> {
    let element = find::testid(browser, id).await?;
    let inside = browser
        .client()
        .execute(
            "const el = arguments[0], card = el.closest('.card'); \
             if (!card) return 'no card'; \
             const e = el.getBoundingClientRect(), c = card.getBoundingClientRect(); \
             return e.left >= c.left - 0.5 && e.right <= c.right + 0.5 \
                 && el.scrollWidth <= el.clientWidth + 1 ? 'inside' : \
                 `[${e.left}, ${e.right}] in [${c.left}, ${c.right}], scrollWidth ${el.scrollWidth}`;",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    if inside.as_str() != Some("inside") {
        bail!("[data-testid={id}] sticks out of its card: {inside}");
    }
    Ok(())
}

/// Waits until the focused element is the one with `id`.
pub async fn focus_is_on_id(browser: &Browser, id: &str) -> Result<()> {
    eventually(&format!("focus on #{id}"), || async move {
        let focused = browser
            .script("return document.activeElement?.id ?? null;")
            .await?;
        Ok((focused.as_str() == Some(id)).then_some(()))
    })
    .await
}

/// Fails unless the element with `data-testid="id"` is wholly inside the
/// window (in sight without scrolling) and not covered at its middle.
pub async fn in_sight(browser: &Browser, id: &str) -> Result<()> {
    let element = find::testid(browser, id).await?;
    let seen = browser
        .client()
        .execute(
            "const el = arguments[0], r = el.getBoundingClientRect(); \
             const inside = r.top >= -1 && r.left >= -1 && r.bottom <= window.innerHeight + 1 \
                 && r.right <= window.innerWidth + 1; \
             const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
             return inside && (top === el || el.contains(top)) ? 'seen' : \
                 `[${r.top}, ${r.bottom}] in a ${window.innerHeight} px window, \
                  ${top && top.outerHTML.slice(0, 80)} on top`;",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    if seen.as_str() != Some("seen") {
        bail!("[data-testid={id}] is out of sight: {seen}");
    }
    Ok(())
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`, the tree
/// that holds them), with or without the space.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    const TYPE: &[u8] = b"/Type";
    const PAGE: &[u8] = b"/Page";
    (0..pdf.len())
        .filter(|&at| pdf[at..].starts_with(TYPE))
        .filter(|&at| {
            let rest = &pdf[at + TYPE.len()..];
            let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
            rest.starts_with(PAGE) && rest.get(PAGE.len()) != Some(&b's')
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::pdf_pages;

    #[test]
    fn pages_are_counted_and_the_page_tree_is_not() {
        let pdf = b"<< /Type /Pages /Count 2 >> << /Type /Page >> <</Type/Page>>";
        assert_eq!(pdf_pages(pdf), 2);
    }
}
