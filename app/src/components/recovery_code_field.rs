//! The field for a recovery code at sign-in.

use leptos::html;
use leptos::prelude::*;

/// The field's `id`, for its `<label for>`.
pub const FIELD_ID: &str = "recovery-code";

/// Free text (case, spaces and dashes do not matter), focused when it
/// appears; its label points at [`FIELD_ID`].
#[component]
pub fn RecoveryCodeField(
    /// What was typed.
    value: RwSignal<String>,
    /// True while the code is checked.
    #[prop(into)]
    busy: Signal<bool>,
    /// True when the last code was refused (`aria-invalid`).
    #[prop(optional, into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    Effect::new(move || {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    view! {
        <input
            id=FIELD_ID
            node_ref=input
            type="text"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            placeholder="xxxxx-xxxxx"
            aria-describedby="code-hint code-error"
            aria-invalid=move || invalid.get().to_string()
            readonly=move || busy.get()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}
