//! The Two-Factor Authentication part of Settings while 2FA is off.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::logic::messages;

/// Off, what 2FA adds, and Set Up Two-Factor Authentication.
#[component]
pub fn TwoFactorOff(
    /// The panel's flows, which Set Up starts.
    flows: TwoFactorFlows,
) -> impl IntoView {
    view! {
        <p class="status" data-testid="tfa-status">
            <span class="badge off">"Off"</span>
            {messages::TWO_FACTOR_OFF}
        </p>
        <p>{messages::TWO_FACTOR_EXPLAINED}</p>
        <div class="actions">
            <BusyButton
                busy=flows.is_busy(Sensitive::SetUp)
                class="primary"
                on_click=move |()| flows.start(Sensitive::SetUp)
                testid="set-up"
            >
                {messages::SET_UP_TWO_FACTOR}
            </BusyButton>
        </div>
        <FormError message=flows.error_of(Sensitive::SetUp) />
    }
}
