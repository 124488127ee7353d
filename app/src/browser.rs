//! The few browser services the app uses beyond the DOM: the clock, the
//! clipboard, file download and printing. Only ever called in the browser.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Milliseconds since the epoch, by the browser's clock: the same clock the
/// phone's authentication application is expected to agree with.
pub fn now_ms() -> u64 {
    // Date.now() is a whole, non-negative number of milliseconds.
    js_sys::Date::now().max(0.0) as u64
}

/// Seconds since the epoch.
pub fn now_secs() -> u64 {
    now_ms() / 1000
}

/// Puts `text` on the clipboard; true when it worked.
///
/// Uses the asynchronous Clipboard API where the page may (secure context,
/// focused document) and falls back to the older `execCommand("copy")` on a
/// hidden text area, which works in more embedded and headless browsers.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|clipboard| !clipboard.is_undefined() && !clipboard.is_null());
    if has_clipboard
        && JsFuture::from(navigator.clipboard().write_text(text))
            .await
            .is_ok()
    {
        return true;
    }
    copy_with_exec_command(text)
}

fn copy_with_exec_command(text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(body) = document.body() else {
        return false;
    };
    let Ok(area) = document.create_element("textarea") else {
        return false;
    };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("aria-hidden", "true");
    let _ = area.style().set_property("position", "fixed");
    let _ = area.style().set_property("opacity", "0");
    let previous = document.active_element();
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let copied = document
        .dyn_ref::<web_sys::HtmlDocument>()
        .is_some_and(|html| html.exec_command("copy").unwrap_or(false));
    area.remove();
    // Selecting the text area moved focus; give it back (a dialog traps it).
    if let Some(previous) = previous.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = previous.focus();
    }
    copied
}

/// Focuses the input with `id` and selects its text, so that typing
/// replaces a refused code.
pub fn focus_and_select(id: &str) {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
        input.select();
    }
}

/// Offers `text` as a download named `file_name`; true when the browser
/// accepted it.
pub fn download_text(file_name: &str, text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let clicked = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|anchor| {
            anchor.set_href(&url);
            anchor.set_download(file_name);
            anchor.click();
        })
        .is_some();
    // The click has started the download synchronously; the URL can go.
    let _ = web_sys::Url::revoke_object_url(&url);
    clicked
}

/// Opens the browser's print dialog; the print style sheet shows only the
/// recovery codes.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
