//! A button that calls the API: marked unavailable, with a spinner, while
//! the call runs.

use leptos::prelude::*;

use crate::prerender::AT_BUILD_TIME;

/// A button with a loading state.
///
/// While busy it is `aria-disabled`, not `disabled`, and ignores clicks
/// (and the form submission a click or Enter would start): a disabled
/// button drops keyboard focus to the page, so the dialog the call opens
/// could not give focus back to it on closing.
///
/// Rendered at build time (the sign-in page's first HTML,
/// [`crate::prerender`]), it is truly `disabled` until the code takes
/// over: nothing would answer its click, and a form whose submit button is
/// disabled is not sent natively by Enter in a field (HTML's implicit
/// submission), which would load the page again and lose what was typed.
#[component]
pub fn BusyButton(
    /// True while its call is in flight.
    #[prop(into)]
    busy: Signal<bool>,
    /// A form's submit button (Enter in a field presses it).
    #[prop(optional)]
    submit: bool,
    /// Look: `primary`, `danger` or empty for a plain button.
    #[prop(optional, into)]
    class: String,
    /// Disabled for another reason than being busy (a lock): truly
    /// `disabled`, out of the tab order.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Called on click (leave out for submit buttons: the form handles it).
    #[prop(optional, into)]
    on_click: Option<Callback<()>>,
    /// `data-testid`, for browser tests.
    #[prop(optional, into)]
    testid: Option<String>,
    /// The label.
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            class=format!("button {class}")
            class:busy=move || busy.get()
            disabled=move || AT_BUILD_TIME || disabled.get()
            aria-disabled=move || busy.get().then_some("true")
            aria-busy=move || busy.get().to_string()
            data-testid=testid
            on:click=move |ev| {
                if busy.get_untracked() {
                    // Neither a second call nor the form's submission.
                    ev.prevent_default();
                    return;
                }
                if let Some(on_click) = on_click {
                    on_click.run(());
                }
            }
        >
            <span class="spinner" aria-hidden="true"></span>
            <span class="button-label">{children()}</span>
        </button>
    }
}
