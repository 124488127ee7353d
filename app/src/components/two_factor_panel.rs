//! The Two-Factor Authentication part of Settings > Account: its state and
//! the Set Up, View Recovery Codes and Disable flows with their pop-ups
//! (the flows are [`super::two_factor_flows`]).

use leptos::prelude::*;

use super::two_factor_dialogs::TwoFactorDialogs;
use super::two_factor_flows::TwoFactorFlows;
use super::two_factor_off::TwoFactorOff;
use super::two_factor_on::TwoFactorOn;
use crate::state::use_app_state;

/// The state of 2FA and its buttons, and every pop-up they open.
#[component]
pub fn TwoFactorPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = TwoFactorFlows::new(state);
    let two_factor = Memo::new(move |_| {
        state
            .account
            .with(|a| a.as_ref().map(|a| a.two_factor.clone()))
    });
    let enabled = Memo::new(move |_| two_factor.with(|t| t.as_ref().is_some_and(|t| t.enabled)));

    view! {
        <section class="card" aria-labelledby="tfa-title" data-testid="two-factor">
            <h2 id="tfa-title">"Two-Factor Authentication"</h2>
            {move || {
                if enabled.get() {
                    view! { <TwoFactorOn flows=flows two_factor=two_factor /> }.into_any()
                } else {
                    view! { <TwoFactorOff flows=flows /> }.into_any()
                }
            }}
        </section>
        <TwoFactorDialogs flows=flows />
    }
}
