//! The Two-Factor Authentication part of Settings while 2FA is on.

use leptos::prelude::*;
use twofold_api::account::TwoFactorState;

use super::busy_button::BusyButton;
use super::codes_unconfirmed::CodesUnconfirmed;
use super::dated_text::DatedText;
use super::device_loss_tip::DeviceLossTip;
use super::factor_list::FactorList;
use super::form_error::FormError;
use super::key_flows::KeyFlows;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use super::two_factor_turn_off::TurnOffButton;
use crate::logic::{dates, messages};

/// On since when, the recovery codes left (low ones stand out), the ways
/// to confirm it's you (the app, the keys, adding one), View Recovery
/// Codes, Change Authenticator App (Add an Authenticator App for keys
/// alone) and Turn Off, the tip on a new or lost phone (with an app); above them, the callout while the
/// codes were never confirmed as saved.
#[component]
pub fn TwoFactorOn(
    /// The panel's flows, which the buttons start.
    flows: TwoFactorFlows,
    /// The keys' flows, which the list starts.
    keys: KeyFlows,
    /// The account's two-factor state.
    #[prop(into)]
    two_factor: Signal<Option<TwoFactorState>>,
) -> impl IntoView {
    let since = move || {
        two_factor
            .with(|t| t.as_ref().and_then(|t| t.enabled_at))
            .map(dates::date_time)
    };
    let left = move || two_factor.with(|t| t.as_ref().map_or(0, |t| t.recovery_codes_left));
    let app = move || two_factor.with(|t| t.as_ref().is_some_and(|t| t.authenticator_app));
    let viewable = Signal::derive(move || {
        two_factor.with(|t| t.as_ref().is_some_and(|t| t.recovery_codes_viewable))
    });
    view! {
        <CodesUnconfirmed flows=flows viewable=viewable />
        <p class="status" data-testid="tfa-status">
            <span class="badge on">"On"</span>
            <DatedText
                text=Signal::derive(move || messages::two_factor_on(since().as_deref()))
                at=Signal::derive(move || {
                    two_factor.with(|t| t.iter().filter_map(|t| t.enabled_at).collect())
                })
            />
        </p>
        <p class="codes-summary" class:low=move || left() <= 2 data-testid="codes-left-summary">
            {move || messages::recovery_codes_summary(left())}
        </p>
        <FactorList two_factor=two_factor keys=keys />
        <div class="actions">
            <BusyButton
                busy=flows.is_busy(Sensitive::ViewCodes)
                on_click=move |()| flows.start(Sensitive::ViewCodes)
                testid="view-codes"
            >
                {messages::VIEW_RECOVERY_CODES}
            </BusyButton>
            <BusyButton
                busy=flows.is_busy(Sensitive::ChangeApp)
                on_click=move |()| flows.start(Sensitive::ChangeApp)
                testid="change-app"
            >
                {move || if app() { messages::CHANGE_APP } else { messages::ADD_APP }}
            </BusyButton>
            <TurnOffButton flows=flows />
        </div>
        <FormError message=flows.error_of(Sensitive::ViewCodes) />
        <FormError message=flows.error_of(Sensitive::ChangeApp) />
        <Show when=app>
            <DeviceLossTip />
        </Show>
    }
}
