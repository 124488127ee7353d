//! "Use your security key" on the form that puts the account back.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::not_me_flow::NotMeCalls;
use crate::logic::messages;

/// The `data-testid` of "Use your security key".
pub const UNDO_KEY_TESTID: &str = "not-me-use-key";

/// "Use your security key" (the browser's own window then asks for a key
/// the account had before the change), what to do while it waits, why the
/// last try failed, and the word that sets the codes below apart. The form's main action when it
/// `leads` (keys without the app); a plain button above the app's codes.
#[component]
pub fn NotMeUndoKey(
    /// The page's state and calls.
    calls: NotMeCalls,
    /// True when the key is the form's main way.
    leads: bool,
) -> impl IntoView {
    let waiting =
        move || (calls.busy.get() && calls.key_waiting.get()).then_some(messages::WAITING_FOR_KEY);
    view! {
        <div class="not-me-key" data-testid="not-me-key">
            <BusyButton
                busy=calls.busy
                class=if leads { "primary wide" } else { "wide" }
                on_click=move |()| calls.undo_with_key()
                testid=UNDO_KEY_TESTID
            >
                {messages::USE_YOUR_KEY}
            </BusyButton>
            <p class="hint" role="status" data-testid="not-me-key-waiting">
                {waiting}
            </p>
            <FormError message=calls.key_error id="not-me-key-error" />
            <p class="or" aria-hidden="true">"or"</p>
        </div>
    }
}
