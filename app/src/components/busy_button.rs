//! A button that calls the API: disabled with a spinner while the call runs.

use leptos::prelude::*;

/// A button with a loading state.
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
    /// Disabled for another reason than being busy.
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
            disabled=move || busy.get() || disabled.get()
            aria-busy=move || busy.get().to_string()
            data-testid=testid
            on:click=move |_| {
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
