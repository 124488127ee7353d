//! The token form's methods: a checklist of this API's methods a token may
//! call, and a field for the platform's others.

use leptos::prelude::*;

use super::method_option::MethodOption;
use super::next_id;
use super::token_fields::TokenFields;
use crate::logic::tokens;

/// **Methods it may call**: a checkbox per method of the checklist, then
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
            <legend>"Methods it may call"</legend>
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
                "Methods of the platform's other services, written like \
                 env.control.CreateEnvironment, separated by commas or spaces. Signing \
                 in, passwords, two-factor authentication, tokens and sessions are never \
                 allowed."
            </p>
        </fieldset>
    }
}
