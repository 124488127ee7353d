//! The description field of the token form.

use leptos::prelude::*;

use super::next_id;
use super::token_fields::TokenFields;

/// "Description": what the token is for, focused when the form opens.
#[component]
pub fn TokenDescriptionField(
    /// The form's fields.
    fields: TokenFields,
    /// The `id` of the form's error, which describes the field.
    error_id: String,
    /// True while the error is about this field.
    #[prop(into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let id = next_id("token-description");
    let description = fields.description;
    view! {
        <label for=id.clone()>"Description"</label>
        <input
            id=id
            node_ref=fields.description_node
            type="text"
            maxlength="100"
            autocomplete="off"
            placeholder="deploy from CI"
            data-autofocus=""
            aria-describedby=error_id
            aria-invalid=move || invalid.get().to_string()
            prop:value=move || description.get()
            on:input=move |ev| description.set(event_target_value(&ev))
        />
    }
}
