//! The Two-Factor Authentication part of Settings while 2FA is off.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};

/// Off, what 2FA adds, and Set Up Two-Factor Authentication.
#[component]
pub fn TwoFactorOff(
    /// The panel's flows, which Set Up starts.
    flows: TwoFactorFlows,
) -> impl IntoView {
    view! {
        <p class="status" data-testid="tfa-status">
            <span class="badge off">"Off"</span>
            "Two-factor authentication is off."
        </p>
        <p>
            "Add an extra security layer to your account: besides your login and password, \
             signing in will ask for the code that the authentication application on your \
             phone (Google Authenticator or any other) generates every 30 seconds."
        </p>
        <div class="actions">
            <BusyButton
                busy=flows.is_busy(Sensitive::SetUp)
                class="primary"
                on_click=move |()| flows.start(Sensitive::SetUp)
                testid="set-up"
            >
                "Set Up Two-Factor Authentication"
            </BusyButton>
        </div>
        <FormError message=flows.error_of(Sensitive::SetUp) />
    }
}
