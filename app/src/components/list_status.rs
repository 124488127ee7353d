//! What the last change to a list did, said beside the list.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// A link after the words: `href`, and its words.
pub type Link = (&'static str, &'static str);

/// Words, and a link after them.
pub type Said = (String, Option<Link>);

/// The words (a `role="status"`, always in the page so that each one is
/// read out), with a link after them when there is one. A new message is
/// scrolled into sight if it is not (on a phone the list's top may be
/// above the window); focus, moved after it, wins if both cannot be seen.
#[component]
pub fn ListStatus(
    /// The words, and a link after them (`href`, words).
    #[prop(into)]
    status: Signal<Option<Said>>,
    /// `data-testid`, for browser tests.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let node = NodeRef::<html::P>::new();
    Effect::new(move || {
        if status.with(Option::is_some) {
            if let Some(p) = node.get_untracked() {
                bring_into_sight(&p);
            }
        }
    });
    view! {
        <p class="list-status" role="status" data-testid=testid node_ref=node>
            {move || {
                status
                    .get()
                    .map(|(words, link)| {
                        let link = link
                            .map(|(href, words)| view! { " " <a href=href>{words}</a> });
                        view! { {words} {link} }
                    })
            }}
        </p>
    }
}

/// `element.scrollIntoView({ block: "nearest" })`: no move when it is in
/// sight already.
fn bring_into_sight(element: &web_sys::HtmlElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    let scroll = js_sys::Reflect::get(element, &JsValue::from_str("scrollIntoView"));
    if let Ok(scroll) = scroll.and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = scroll.call1(element, &options);
    }
}
