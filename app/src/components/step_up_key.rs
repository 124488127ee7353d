//! "Use your security key" in the password pop-up.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::step_up_flow::StepUpFlow;
use crate::logic::messages;

/// The button that confirms with the password typed above and a security
/// key (instead of a code), and the word that sets the code apart.
#[component]
pub fn StepUpKey(
    /// The pop-up's signals.
    form: StepUpFlow,
) -> impl IntoView {
    view! {
        <div class="step-up-key">
            <BusyButton
                busy=form.busy
                class="wide"
                on_click=move |()| form.send_with_key()
                testid="step-up-use-key"
            >
                {messages::USE_YOUR_KEY}
            </BusyButton>
            <p class="or" aria-hidden="true">"or"</p>
        </div>
    }
}
