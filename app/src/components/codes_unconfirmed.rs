//! The callout of Settings > Account while the recovery codes were never
//! confirmed as saved.

use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::form_error::FormError;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::browser;
use crate::logic::messages;
use crate::state::use_app_state;

/// "Recovery codes not confirmed", shown while the server says so: why it
/// matters, and the way to confirm (View and Save Recovery Codes while the
/// codes can still be shown, else Generate New Recovery Codes).
#[component]
pub fn CodesUnconfirmed(
    /// The panel's flows, which the button starts.
    flows: TwoFactorFlows,
    /// True while the server can still show the codes.
    #[prop(into)]
    viewable: Signal<bool>,
) -> impl IntoView {
    let state = use_app_state();
    move || {
        state.codes_unconfirmed().then(|| {
            // Once the codes are confirmed the callout goes, and with it
            // the button that opened them: focus goes to the section.
            on_cleanup(|| {
                if browser::focus_is_within("[data-testid='codes-unconfirmed']") {
                    browser::focus_when_ready(vec!["#tfa-title".into()], true);
                }
            });
            let action = if viewable.get() {
                view! {
                    <BusyButton
                        busy=flows.is_busy(Sensitive::ConfirmCodes)
                        class="primary"
                        on_click=move |()| flows.start(Sensitive::ConfirmCodes)
                        testid="confirm-codes"
                    >
                        {messages::VIEW_AND_SAVE_CODES}
                    </BusyButton>
                }
                .into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="button primary"
                        data-testid="confirm-codes"
                        on:click=move |_| flows.ask_to_confirm(Sensitive::Regenerate)
                    >
                        {messages::GENERATE_NEW_CODES}
                    </button>
                }
                .into_any()
            };
            view! {
                <div class="callout warning" role="note" data-testid="codes-unconfirmed">
                    <strong class="callout-title">{messages::CODES_UNCONFIRMED_TITLE}</strong>
                    <p>{messages::CODES_NOT_CONFIRMED}</p>
                    <div class="actions">{action}</div>
                    <FormError message=flows.error_of(Sensitive::ConfirmCodes) />
                </div>
            }
        })
    }
}
