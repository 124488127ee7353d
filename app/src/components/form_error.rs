//! An error in words, announced by screen readers when it appears, and
//! what a form derives from its error: the words, and the field at fault.

use leptos::prelude::*;

/// A form's error: the field it is about (`None`: the form as a whole, or
/// the network) and the words; `None` while there is nothing to say.
pub type FieldError<F> = RwSignal<Option<(Option<F>, String)>>;

/// Tracked: the words of `error`, for [`FormError`].
pub fn words_of<F>(error: FieldError<F>) -> Signal<Option<String>>
where
    F: Clone + Send + Sync + 'static,
{
    Signal::derive(move || error.get().map(|(_, words)| words))
}

/// Tracked: true while `error` is about `field` (its `aria-invalid`).
pub fn is_about<F>(error: FieldError<F>, field: F) -> Signal<bool>
where
    F: Copy + PartialEq + Send + Sync + 'static,
{
    Signal::derive(move || error.with(|e| e.as_ref().is_some_and(|(at, _)| *at == Some(field))))
}

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
