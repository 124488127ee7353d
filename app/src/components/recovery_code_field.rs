//! The field for a recovery code: at sign-in, and in the step-up forms.

use leptos::html;
use leptos::prelude::*;

/// The field's `id` at sign-in, for its `<label for>`.
pub const FIELD_ID: &str = "recovery-code";

/// What describes the field at sign-in: the hint, why app codes are
/// refused for now (if they are), and the error.
const DESCRIBED_BY: &str = "code-hint code-lock code-error";

/// Free text (case, spaces and dashes do not matter), focused when it
/// appears; its label points at `id` ([`FIELD_ID`] unless given).
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
    /// The `id` its `<label for>` points at; [`FIELD_ID`] when left out.
    #[prop(optional, into)]
    id: Option<String>,
    /// The ids of the text that describes the field (hint, error); the
    /// sign-in step's when left out.
    #[prop(optional, into)]
    described_by: Option<String>,
    /// `data-testid`, for browser tests.
    #[prop(optional, into)]
    testid: Option<String>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    Effect::new(move || {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    view! {
        <input
            id=id.unwrap_or_else(|| FIELD_ID.to_owned())
            node_ref=input
            type="text"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            placeholder="xxxxx-xxxxx"
            aria-describedby=described_by.unwrap_or_else(|| DESCRIBED_BY.to_owned())
            data-testid=testid
            aria-invalid=move || invalid.get().to_string()
            readonly=move || busy.get()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}
