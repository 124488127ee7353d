//! A password field of a step-up form: its label and input.

use leptos::html;
use leptos::prelude::*;

use super::next_id;

/// What a password field holds and its element (cheap to copy), for the
/// form to read, clear and focus.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordInput {
    /// The password as typed; set it to `""` to clear the field.
    pub value: RwSignal<String>,
    /// The input.
    pub node: NodeRef<html::Input>,
}

impl PasswordInput {
    /// Puts the cursor in the field.
    pub fn focus(self) {
        if let Some(input) = self.node.get_untracked() {
            let _ = input.focus();
        }
    }
}

/// A labelled password input, described by the form's error text and
/// marked `aria-invalid` while that error is about it.
#[component]
pub fn PasswordField(
    /// What the field holds.
    input: PasswordInput,
    /// The label.
    label: &'static str,
    /// The start of the field's document-unique `id`.
    id_prefix: &'static str,
    /// The browser's `autocomplete`: `current-password` or `new-password`.
    autocomplete: &'static str,
    /// The field a dialog focuses first.
    #[prop(optional)]
    autofocus: bool,
    /// The `id` of the form's error text.
    #[prop(into)]
    described_by: String,
    /// True while the form's error is about this field.
    #[prop(into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let id = next_id(id_prefix);
    let value = input.value;
    view! {
        <label for=id.clone()>{label}</label>
        <input
            id=id
            node_ref=input.node
            type="password"
            autocomplete=autocomplete
            data-autofocus=autofocus.then_some("")
            aria-describedby=described_by
            aria-invalid=move || invalid.get().to_string()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}
