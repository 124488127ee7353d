//! The dashboard's Account Security card.

use leptos::prelude::*;
use leptos_router::components::A;

use super::busy_button::BusyButton;
use super::codes_unconfirmed::CodesUnconfirmed;
use super::form_error::FormError;
use super::list_status::ListStatus;
use super::two_factor_dialogs::TwoFactorDialogs;
use super::two_factor_flows::{SaidIn, Sensitive, TwoFactorFlows};
use crate::logic::messages;
use crate::state::use_app_state;

/// On or off. On: whether it protects the account, or, while the
/// recovery codes were never confirmed as saved, the same warning and
/// button as Settings > Account. Off: what it adds, and the button that
/// opens the set-up here. Under the heading, what the set-up opened here
/// did.
#[component]
pub fn SecurityCard() -> impl IntoView {
    let state = use_app_state();
    let flows = TwoFactorFlows::new(state, SaidIn::Section);
    let viewable = Signal::derive(move || {
        state.account.with(|a| {
            a.as_ref()
                .is_some_and(|a| a.two_factor.recovery_codes_viewable)
        })
    });
    let status = move || {
        if !state.two_factor_on() {
            return view! {
                <p data-testid="security-status">
                    <span class="badge off">"Off"</span>
                    {messages::TWO_FACTOR_EXPLAINED}
                </p>
                <div class="actions">
                    <BusyButton
                        busy=flows.is_busy(Sensitive::SetUp)
                        class="primary"
                        on_click=move |()| flows.start(Sensitive::SetUp)
                        testid="dashboard-set-up"
                    >
                        {messages::SET_UP_TWO_FACTOR}
                    </BusyButton>
                </div>
                <FormError message=flows.error_of(Sensitive::SetUp) />
            }
            .into_any();
        }
        let words = if state.codes_unconfirmed() {
            messages::DASHBOARD_CODES_UNCONFIRMED
        } else {
            messages::DASHBOARD_TWO_FACTOR_ON
        };
        view! {
            <p data-testid="security-status">
                <span class="badge on">"On"</span>
                {words}
            </p>
            <CodesUnconfirmed flows=flows viewable=viewable />
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="security-title" data-testid="security-summary">
            <h2 id="security-title">"Account Security"</h2>
            <ListStatus status=flows.status testid="account-security-status" />
            {status}
            <A href="/settings/account">"Open Settings"</A>
        </section>
        <TwoFactorDialogs flows=flows />
    }
}
