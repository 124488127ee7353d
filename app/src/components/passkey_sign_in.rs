//! "Sign in with a passkey" under the password form.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::passkey_flow::PasskeyFlow;
use crate::logic::messages;

/// The passkey button, what it does, and why the last try failed; the
/// login field's autofill offers the same passkeys from the moment this is
/// shown until it goes (or the password form is sent).
#[component]
pub fn PasskeySignIn(
    /// The passkey's signals.
    flow: PasskeyFlow,
) -> impl IntoView {
    flow.start_autofill();
    on_cleanup(move || flow.stop_autofill());
    view! {
        <div class="passkey-sign-in" data-testid="passkey-sign-in">
            <p class="or" aria-hidden="true">"or"</p>
            <BusyButton
                busy=flow.busy
                class="wide"
                on_click=move |()| flow.try_button()
                testid="sign-in-with-passkey"
            >
                {messages::SIGN_IN_WITH_PASSKEY}
            </BusyButton>
            <p class="hint">{messages::PASSKEY_SIGN_IN_HINT}</p>
            <FormError message=flow.error id="passkey-error" />
        </div>
    }
}
