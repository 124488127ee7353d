//! The six-digit field for codes from the authenticator app.

use leptos::html;
use leptos::prelude::*;

use crate::logic::code::{is_complete_totp, totp_digits};
use crate::logic::messages;

/// A one-time-code input: numeric keyboard on phones, the browser's code
/// autofill, pasting `123 456` works, and it submits itself at six digits.
#[component]
pub fn CodeField(
    /// The `id` its `<label for>` points at.
    #[prop(into)]
    id: String,
    /// The digits so far; set it to `""` to clear the field.
    value: RwSignal<String>,
    /// Called once the field holds six digits.
    #[prop(into)]
    on_complete: Callback<String>,
    /// True while a code is being checked: typing is paused, focus stays.
    #[prop(into)]
    busy: Signal<bool>,
    /// The id of the text that describes the field (hint or error).
    #[prop(optional, into)]
    described_by: Option<String>,
    /// Focus the field when it appears.
    #[prop(optional)]
    autofocus: bool,
    /// Marks the field as the one a dialog focuses first.
    #[prop(optional)]
    dialog_autofocus: bool,
    /// True when the last code was refused (`aria-invalid`).
    #[prop(optional, into)]
    invalid: Signal<bool>,
    /// Set to "digits only" when letters were typed and dropped (spaces and
    /// dashes of a pasted `123 456` are dropped quietly), else `None`.
    #[prop(optional)]
    note: Option<RwSignal<Option<String>>>,
    /// True while no code may be sent (codes are locked): the field is
    /// disabled, and not focused when it appears.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// `data-testid`, for browser tests.
    #[prop(optional, into)]
    testid: Option<String>,
) -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    if autofocus {
        Effect::new(move || {
            if let Some(input) = input.get().filter(|_| !disabled.get_untracked()) {
                let _ = input.focus();
            }
        });
    }
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        let digits = totp_digits(&typed);
        if let Some(note) = note {
            let letters = typed
                .chars()
                .any(|c| !c.is_ascii_digit() && !c.is_whitespace() && c != '-');
            note.set(letters.then(|| messages::DIGITS_ONLY.to_string()));
        }
        if digits != typed {
            if let Some(input) = input.get_untracked() {
                input.set_value(&digits);
            }
        }
        value.set(digits.clone());
        if is_complete_totp(&digits) && !busy.get_untracked() {
            on_complete.run(digits);
        }
    };
    view! {
        <input
            id=id
            node_ref=input
            class="code-input"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            spellcheck="false"
            aria-describedby=described_by
            aria-invalid=move || invalid.get().to_string()
            data-autofocus=dialog_autofocus.then_some("")
            readonly=move || busy.get()
            disabled=move || disabled.get()
            data-testid=testid
            prop:value=move || value.get()
            on:input=on_input
        />
    }
}
