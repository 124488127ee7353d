//! A modal dialog: labelled by its heading, keeps keyboard focus inside,
//! closes on Escape, and gives focus back to what had it before.

use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::next_id;

/// What can take focus inside a dialog, in document order.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// A modal dialog over the page.
///
/// On opening, focus moves to the element marked `data-autofocus` (or the
/// first focusable one); Tab and Shift+Tab cycle inside; Escape and the close
/// button call `on_close`; on closing, focus returns to the element that
/// had it when the dialog opened (usually the button that opened it).
#[component]
pub fn Dialog(
    /// The heading that names the dialog; screen readers read it on opening.
    #[prop(into)]
    title: String,
    /// Called on Escape and on the close button. The owner decides whether
    /// closing is allowed (the recovery-codes step refuses until saved).
    #[prop(into)]
    on_close: Callback<()>,
    /// An interrupting confirmation (`role="alertdialog"`).
    #[prop(optional)]
    alert: bool,
    /// Extra classes for the panel, e.g. `wide`.
    #[prop(optional, into)]
    class: String,
    /// `data-testid` of the panel, for browser tests.
    #[prop(optional, into)]
    testid: Option<String>,
    /// The dialog's content.
    children: Children,
) -> impl IntoView {
    let title_id = next_id("dialog-title");
    let labelled_by = title_id.clone();
    let panel = NodeRef::<html::Div>::new();

    let opener = SendWrapper::new(active_element());
    on_cleanup(move || {
        if let Some(opener) = opener
            .take()
            .and_then(|el| el.dyn_into::<HtmlElement>().ok())
        {
            // The opener may be gone (e.g. Disable removed its own button).
            if opener.is_connected() {
                let _ = opener.focus();
            }
        }
    });
    Effect::new(move || {
        if let Some(panel) = panel.get() {
            focus_initial(&panel);
        }
    });

    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_close.run(());
        }
        "Tab" => {
            if let Some(panel) = panel.get_untracked() {
                keep_focus_inside(&ev, &panel);
            }
        }
        _ => {}
    };

    view! {
        <div class="backdrop">
            <div
                class=format!("dialog {class}")
                role=if alert { "alertdialog" } else { "dialog" }
                aria-modal="true"
                aria-labelledby=labelled_by
                tabindex="-1"
                node_ref=panel
                on:keydown=on_keydown
                data-testid=testid
            >
                <header class="dialog-header">
                    <h2 id=title_id>{title}</h2>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Close"
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </header>
                <div class="dialog-body">{children()}</div>
            </div>
        </div>
    }
}

fn active_element() -> Option<Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
}

fn focusable(panel: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        // Hidden elements (display: none) have no layout box and cannot take focus.
        .filter(|el| el.get_client_rects().length() > 0)
        .collect()
}

fn focus_initial(panel: &HtmlElement) {
    let marked = panel
        .query_selector("[data-autofocus]")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    // Skip the close button: the first useful control is better.
    let first = || {
        focusable(panel)
            .into_iter()
            .find(|el| !el.class_list().contains("icon-button"))
    };
    match marked.or_else(first) {
        Some(target) => {
            let _ = target.focus();
        }
        None => {
            let _ = panel.focus();
        }
    }
}

fn keep_focus_inside(ev: &KeyboardEvent, panel: &HtmlElement) {
    let items = focusable(panel);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = active_element();
    let is_active = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    let inside = active
        .as_ref()
        .is_some_and(|a| panel.contains(Some(a)) && !a.is_same_node(Some(panel)));
    if ev.shift_key() {
        if !inside || is_active(first) {
            ev.prevent_default();
            let _ = last.focus();
        }
    } else if !inside || is_active(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
