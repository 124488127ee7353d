//! A modal dialog: labelled by its heading, keeps keyboard focus inside,
//! makes everything behind it `inert`, closes on Escape, and gives focus
//! back to what had it before.

use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::next_id;
use crate::browser;

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
    /// The `id` of the text that says what the dialog is about
    /// (`aria-describedby`), e.g. a confirmation's consequences.
    #[prop(optional, into)]
    described_by: Option<String>,
    /// The `id` of what takes focus on closing when the opener is gone
    /// (e.g. the section heading after Done); the page's heading otherwise.
    #[prop(optional, into)]
    return_focus: Option<String>,
    /// The dialog's content.
    children: Children,
) -> impl IntoView {
    let title_id = next_id("dialog-title");
    let labelled_by = title_id.clone();
    let panel = NodeRef::<html::Div>::new();
    let backdrop = NodeRef::<html::Div>::new();
    let made_inert = StoredValue::new_local(Vec::<Element>::new());

    let opener = SendWrapper::new(active_element());
    on_cleanup(move || {
        // Only what this dialog made inert: a dialog under it keeps its own.
        for element in made_inert.try_get_value().unwrap_or_default() {
            element.remove_attribute("inert").ok();
        }
        let opener = opener
            .take()
            .and_then(|el| el.dyn_into::<HtmlElement>().ok());
        give_focus_back(opener, return_focus.clone());
    });
    Effect::new(move || {
        if let Some(panel) = panel.get() {
            focus_initial(&panel);
        }
        if let Some(backdrop) = backdrop.get() {
            made_inert.set_value(make_rest_inert(&backdrop));
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
        <div class="backdrop" node_ref=backdrop>
            <div
                class=format!("dialog {class}")
                role=if alert { "alertdialog" } else { "dialog" }
                aria-modal="true"
                aria-labelledby=labelled_by
                aria-describedby=described_by
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

/// Gives focus back once a dialog has closed: to `opener`, the element
/// that had it when the dialog opened, or, when that is gone, to the
/// element of id `return_focus` or the page's heading.
fn give_focus_back(opener: Option<HtmlElement>, return_focus: Option<String>) {
    // After the owner's other changes have rendered: closing often
    // removes the opener too (Done, Disable), and a dialog opened
    // meanwhile keeps the focus it took.
    set_timeout(
        move || {
            if focus_is_in_open_dialog() {
                return;
            }
            // An opener that lost focus to <body> (a control disabled
            // meanwhile) is no place to return to. Busy buttons keep it:
            // they are only aria-disabled while their call runs.
            let usable = |opener: &HtmlElement| {
                opener.is_connected() && opener.tag_name() != "BODY" && !is_inside_inert(opener)
            };
            match opener.filter(usable) {
                Some(opener) => {
                    let _ = opener.focus();
                }
                None => {
                    let mut fallback: Vec<String> = return_focus
                        .iter()
                        .filter(|id| !id.is_empty())
                        .map(|id| format!("#{id}"))
                        .collect();
                    fallback.push("main h1".into());
                    browser::focus_when_ready(fallback, true);
                }
            }
        },
        std::time::Duration::from_millis(0),
    );
}

/// Sets `inert` on everything in the page but `dialog` and its ancestors
/// (the dialog is drawn where its owner is, not at the end of the body), so
/// that neither Tab nor a screen reader's reading reaches the page behind.
/// Returns what it changed.
fn make_rest_inert(dialog: &HtmlElement) -> Vec<Element> {
    let mut changed = Vec::new();
    let mut node: Element = dialog.clone().into();
    while let Some(parent) = node.parent_element() {
        let children = parent.children();
        for i in 0..children.length() {
            let Some(sibling) = children.item(i) else {
                continue;
            };
            if sibling != node && !sibling.has_attribute("inert") && sibling.tag_name() != "SCRIPT"
            {
                let _ = sibling.set_attribute("inert", "");
                changed.push(sibling);
            }
        }
        if parent.tag_name() == "BODY" {
            break;
        }
        node = parent;
    }
    changed
}

fn focus_is_in_open_dialog() -> bool {
    active_element().is_some_and(|active| {
        active
            .closest("[aria-modal='true']")
            .ok()
            .flatten()
            .is_some_and(|dialog| dialog.closest("[inert]").ok().flatten().is_none())
    })
}

fn is_inside_inert(element: &HtmlElement) -> bool {
    element.closest("[inert]").ok().flatten().is_some()
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
