//! The Two-Factor Authentication part of Settings while 2FA is off.

use leptos::prelude::*;

use super::add_key_buttons::AddKeyButtons;
use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::key_flows::KeyFlows;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::logic::messages;

/// Off, what 2FA adds, Set Up Two-Factor Authentication (with the app),
/// and, instead of the app, a security key or a passkey.
#[component]
pub fn TwoFactorOff(
    /// The panel's flows, which Set Up starts.
    flows: TwoFactorFlows,
    /// The keys' flows, which the add buttons start.
    keys: KeyFlows,
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
        <p class="keys-instead">{messages::KEYS_INSTEAD}</p>
        <AddKeyButtons keys=keys />
    }
}
