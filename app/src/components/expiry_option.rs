//! One option of the token form's expiry.

use leptos::prelude::*;

use crate::logic::tokens::ExpiryChoice;

/// A radio button and its label; checked while `chosen` is `choice`.
#[component]
pub fn ExpiryOption(
    /// The radio group's `name`.
    #[prop(into)]
    name: String,
    /// What this option chooses.
    choice: ExpiryChoice,
    /// The option chosen; set to `choice` when this one is picked.
    chosen: RwSignal<ExpiryChoice>,
    /// The label.
    #[prop(into)]
    label: String,
    /// `data-testid`, for browser tests.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    view! {
        <label class="check radio">
            <input
                type="radio"
                name=name
                data-testid=testid
                prop:checked=move || chosen.get() == choice
                on:change=move |_| chosen.set(choice)
            />
            <span>{label}</span>
        </label>
    }
}
