//! The Two-Factor Authentication part of Settings > Account: its state,
//! what the last change did, the ways to confirm it's you (the app, the
//! security keys and passkeys), and the Set Up, Add a Security Key, View
//! Recovery Codes, Change Authenticator App and Turn Off flows with their
//! pop-ups (the flows are [`super::two_factor_flows`] and
//! [`super::key_flows`]).

use leptos::prelude::*;

use super::key_dialogs::KeyDialogs;
use super::key_flows::KeyFlows;
use super::list_status::ListStatus;
use super::two_factor_dialogs::TwoFactorDialogs;
use super::two_factor_flows::{SaidIn, TwoFactorFlows};
use super::two_factor_off::TwoFactorOff;
use super::two_factor_on::TwoFactorOn;
use crate::state::use_app_state;

/// The state of 2FA and its buttons, and every pop-up they open. What the
/// last change did (turned on, new recovery codes, a new app, turned off)
/// is said under the heading, above the recovery-code count, on or off:
/// the status line outlives the switch between the two.
#[component]
pub fn TwoFactorPanel() -> impl IntoView {
    let state = use_app_state();
    let flows = TwoFactorFlows::new(state, SaidIn::Section);
    let keys = KeyFlows::new(state, flows);
    let two_factor = Memo::new(move |_| {
        state
            .account
            .with(|a| a.as_ref().map(|a| a.two_factor.clone()))
    });
    let enabled = Memo::new(move |_| two_factor.with(|t| t.as_ref().is_some_and(|t| t.enabled)));

    view! {
        <section class="card" aria-labelledby="tfa-title" data-testid="two-factor">
            <h2 id="tfa-title">"Two-Factor Authentication"</h2>
            <ListStatus status=flows.status testid="two-factor-status" />
            {move || {
                if enabled.get() {
                    view! { <TwoFactorOn flows=flows keys=keys two_factor=two_factor /> }
                        .into_any()
                } else {
                    view! { <TwoFactorOff flows=flows keys=keys /> }.into_any()
                }
            }}
        </section>
        <TwoFactorDialogs flows=flows />
        <KeyDialogs keys=keys />
    }
}
