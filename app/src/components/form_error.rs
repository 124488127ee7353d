//! An error in words, announced by screen readers when it appears.

use leptos::prelude::*;

/// The place for a failure message next to what caused it. Always in the
/// page (empty when there is nothing to say), so that `role="alert"`
/// announces each new message.
#[component]
pub fn FormError(
    /// The message, if any.
    #[prop(into)]
    message: Signal<Option<String>>,
    /// An `id`, for `aria-describedby` on the field at fault.
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    view! {
        <p class="form-error" role="alert" id=id data-testid="form-error">
            {move || message.get()}
        </p>
    }
}
