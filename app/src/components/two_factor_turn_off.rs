//! The button that turns two-factor authentication off.

use leptos::prelude::*;

use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::logic::messages;

/// "Turn Off Two-Factor Authentication": the confirmation, then the
/// step-up (always asked). In Settings, and on the regeneration screen,
/// where someone who signed in with the last recovery code may have come
/// to do just this.
#[component]
pub fn TurnOffButton(
    /// The flows that turn it off (the panel's, or the screen's own).
    flows: TwoFactorFlows,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button danger-outline"
            data-testid="disable"
            on:click=move |_| flows.ask_to_confirm(Sensitive::Disable)
        >
            {messages::TURN_OFF_TWO_FACTOR}
        </button>
    }
}
