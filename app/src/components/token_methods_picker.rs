//! The token form's permissions: a checklist of what this API lets a token
//! do, and a field for the platform's other methods.

use leptos::prelude::*;

use super::method_option::MethodOption;
use super::next_id;
use super::token_fields::TokenFields;
use crate::logic::{messages, tokens};

/// **What it may do**: a checkbox per permission of the checklist, then
/// "Other platform methods" with its hint.
#[component]
pub fn TokenMethodsPicker(
    /// The form's fields: the ticked methods and the others as typed.
    fields: TokenFields,
    /// The `id` of the form's error text, which describes the field too.
    #[prop(into)]
    error_id: String,
    /// True when the methods are at fault (`aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let other_id = next_id("token-other-methods");
    let other_hint_id = next_id("token-other-hint");
    let other_described_by = format!("{other_hint_id} {error_id}");
    let other = fields.other;
    view! {
        <fieldset class="group">
            <legend>{messages::PERMISSIONS_LEGEND}</legend>
            <ul class="method-options" data-testid="token-methods">
                {tokens::checklist()
                    .map(|method| view! { <MethodOption method=method checked=fields.checked /> })
                    .collect_view()}
            </ul>
            <label for=other_id.clone()>"Other platform methods"</label>
            <input
                id=other_id
                node_ref=fields.other_node
                type="text"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                placeholder="env.control.CreateEnvironment"
                aria-describedby=other_described_by
                aria-invalid=move || invalid.get().to_string()
                prop:value=move || other.get()
                on:input=move |ev| other.set(event_target_value(&ev))
            />
            <p class="hint" id=other_hint_id>
                {messages::OTHER_METHODS_HINT}
            </p>
        </fieldset>
    }
}
