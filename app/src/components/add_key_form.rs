//! The add dialog's form: the key's name, and Continue.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::add_key_flow::AddKeyFlow;
use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::next_id;
use super::token_keep_list::TokenKeepList;
use crate::logic::messages;

/// How adding goes, "Name" (a name offered), and, for a first key, that it turns two-factor authentication on
/// with the access tokens to keep; what to do while the browser asks;
/// Cancel and Continue (which asks the browser for the key).
#[component]
pub fn AddKeyForm(
    /// The dialog's signals.
    flow: AddKeyFlow,
) -> impl IntoView {
    let (field_id, hint_id) = (next_id("key-name"), next_id("key-name-hint"));
    let error_id = next_id("add-key-error");
    let described_by = format!("{hint_id} {error_id}");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        flow.send();
    };
    let first = flow.first.then(|| {
        view! {
            <p class="callout" data-testid="first-key-note">{messages::FIRST_KEY_TURNS_ON}</p>
            <TokenKeepList keep=flow.keep />
        }
    });
    view! {
        <form on:submit=submit novalidate>
            <p>{messages::add_key_how(flow.kind)}</p>
            <label for=field_id.clone()>"Name"</label>
            <input
                id=field_id
                type="text"
                autocomplete="off"
                data-autofocus=""
                aria-describedby=described_by
                aria-invalid=move || flow.error.with(Option::is_some).to_string()
                data-testid="key-name"
                prop:value=move || flow.name.get()
                on:input=move |ev| flow.name.set(event_target_value(&ev))
            />
            <p class="hint" id=hint_id>{messages::KEY_NAME_HINT}</p>
            {first}
            <p class="hint" role="status" data-testid="key-waiting">
                {move || flow.busy.get().then_some(messages::WAITING_FOR_KEY)}
            </p>
            <FormError message=flow.error id=error_id />
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| flow.close()>
                    "Cancel"
                </button>
                <BusyButton busy=flow.busy submit=true class="primary" testid="add-key-continue">
                    "Continue"
                </BusyButton>
            </div>
        </form>
    }
}
