//! The few browser services the app uses beyond the DOM: the clock, the
//! clipboard, file download, printing, the page title, focus that follows
//! the person, the signed-in hint cookie, what kind of screen this is,
//! loading a page and what one bundle hands the next. Only ever called in
//! the browser, but for what the sign-in page reads while it is rendered at
//! build time (natively, [`crate::prerender`]): the clock, the document
//! (none then) and the ticking clock (it does not tick).

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::prerender::AT_BUILD_TIME;

/// Milliseconds since the epoch, by the browser's clock: the same clock the
/// phone's authentication application is expected to agree with.
pub fn now_ms() -> u64 {
    if AT_BUILD_TIME {
        return std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_millis() as u64);
    }
    // Date.now() is a whole, non-negative number of milliseconds.
    js_sys::Date::now().max(0.0) as u64
}

/// Seconds since the epoch.
pub fn now_secs() -> u64 {
    now_ms() / 1000
}

/// This browser's offset from UTC now, as SetNotificationEmail takes it.
pub fn utc_offset() -> Option<String> {
    let behind = js_sys::Date::new_0().get_timezone_offset().round() as i64;
    crate::logic::dates::wire_offset(behind)
}

/// [`now_secs`] as a signal that a countdown reads, set four times a
/// second for as long as the calling component lives; `on_tick` runs with
/// each new reading, after the signal is set.
pub fn ticking_clock(on_tick: impl Fn(u64) + 'static) -> leptos::prelude::RwSignal<u64> {
    use leptos::prelude::{on_cleanup, set_interval_with_handle, RwSignal, Set};
    let now = RwSignal::new(now_secs());
    if AT_BUILD_TIME {
        return now;
    }
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let secs = now_secs();
            now.set(secs);
            on_tick(secs);
        },
        std::time::Duration::from_millis(250),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
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

/// Sets `document.title`.
pub fn set_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}

/// Moves focus to `element`; headings and other elements that take no
/// focus by themselves get `tabindex="-1"` first (focusable by script, not
/// by Tab).
pub fn focus_element(element: &web_sys::HtmlElement) {
    if element.tab_index() < 0 && !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let _ = element.focus();
}

/// The page's document; none at build time.
fn document() -> Option<web_sys::Document> {
    if AT_BUILD_TIME {
        return None;
    }
    web_sys::window().and_then(|w| w.document())
}

/// The first element matching `selector` in the page.
pub fn query(selector: &str) -> Option<web_sys::HtmlElement> {
    document()?
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}

/// True when the element that has keyboard focus is inside the first
/// element matching `selector`.
pub fn focus_is_within(selector: &str) -> bool {
    let active = document().and_then(|d| d.active_element());
    match (query(selector), active) {
        (Some(container), Some(active)) => container.contains(Some(&active)),
        _ => false,
    }
}

/// True while a modal dialog is open: it owns focus then.
pub fn dialog_open() -> bool {
    query("[aria-modal='true']").is_some()
}

/// Focuses the first element found by one of `selectors` (tried in order)
/// once it is in the page: Leptos renders after the change that called
/// this, so it looks again every 50 ms for up to two seconds. Nothing moves
/// when a dialog opened meanwhile (it holds focus) and `unless_dialog` is set.
pub fn focus_when_ready(selectors: Vec<String>, unless_dialog: bool) {
    fn attempt(selectors: Vec<String>, unless_dialog: bool, tries: u32) {
        if unless_dialog && dialog_open() {
            return;
        }
        if let Some(target) = selectors.iter().find_map(|selector| query(selector)) {
            focus_element(&target);
            return;
        }
        if tries > 0 {
            leptos::prelude::set_timeout(
                move || attempt(selectors, unless_dialog, tries - 1),
                std::time::Duration::from_millis(50),
            );
        }
    }
    leptos::prelude::set_timeout(
        move || attempt(selectors, unless_dialog, 40),
        std::time::Duration::from_millis(0),
    );
}

/// True when the page's cookies hold the signed-in hint (see
/// [`crate::logic::session_hint`]).
pub fn signed_in_hint() -> bool {
    document()
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .is_some_and(|cookies| crate::logic::session_hint::signed_in(&cookies))
}

/// True on a wide screen with a precise pointer (a computer), where
/// focusing a field at once helps; false on phones and touch screens, where
/// it would open the keyboard over what the person has to read first.
pub fn autofocus_helps() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(min-width: 40rem) and (hover: hover) and (pointer: fine)")
                .ok()
                .flatten()
        })
        .is_some_and(|query| query.matches())
}

#[wasm_bindgen]
extern "C" {
    /// `performance.mark`: a User Timing entry.
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
}

/// The User Timing mark set once the first page is on screen with its
/// handlers attached, read by `make bench`.
const INTERACTIVE_MARK: &str = "twofold-interactive";

/// Marks the first page as usable (a User Timing mark).
pub fn mark_interactive() {
    performance_mark(INTERACTIVE_MARK);
}

/// Loads `path` in place of this page, which leaves the history (Back does
/// not return to it): how the sign-in bundle hands over to the app.
pub fn load(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(path);
    }
}

/// The address's fragment (`location.hash`, with its `#`), taken out of
/// the address bar and of this history entry (`history.replaceState`), so
/// that what it carries (a security notice's link) does not stay in the
/// history. Empty when there is none.
pub fn take_fragment() -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let hash = location.hash().unwrap_or_default();
    if !hash.is_empty() {
        let path = location.pathname().unwrap_or_default();
        let query = location.search().unwrap_or_default();
        if let Ok(history) = window.history() {
            // The router's own state of this entry stays.
            let state = history.state().unwrap_or(JsValue::NULL);
            let _ = history.replace_state_with_url(&state, "", Some(&format!("{path}{query}")));
        }
    }
    hash
}

/// Where the sign-in bundle leaves, for the app it loads, the recovery
/// codes left after a recovery code signed in: this tab's session storage.
const RECOVERY_SIGN_IN_KEY: &str = "twofold.recoveryCodesLeft";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Hands the app the recovery codes left when a recovery code signed in
/// (nothing after a sign-in with a code from the application).
pub fn hand_over_recovery_sign_in(recovery_codes_left: Option<u32>) {
    if let (Some(storage), Some(left)) = (session_storage(), recovery_codes_left) {
        let _ = storage.set_item(RECOVERY_SIGN_IN_KEY, &left.to_string());
    }
}

/// What [`hand_over_recovery_sign_in`] left, once: it is removed as it is
/// read, so a reload does not show the banner again.
pub fn take_recovery_sign_in() -> Option<u32> {
    let storage = session_storage()?;
    let left = storage.get_item(RECOVERY_SIGN_IN_KEY).ok().flatten()?;
    let _ = storage.remove_item(RECOVERY_SIGN_IN_KEY);
    left.parse().ok()
}
