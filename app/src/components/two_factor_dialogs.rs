//! The pop-ups of the Two-Factor Authentication part of Settings: the
//! setup wizard, Change Authenticator App, the recovery codes, the
//! confirmations and the password pop-up before each change.

use leptos::prelude::*;

use super::password_dialog::PasswordDialog;
use super::recovery_codes_dialog::RecoveryCodesDialog;
use super::setup_wizard::SetupWizard;
use super::two_factor_change_app::ChangeAppDialog;
use super::two_factor_confirm_dialog::TwoFactorConfirmDialog;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::logic::messages;
use crate::state::use_app_state;

/// Whichever pop-up the flows have open. Done in the wizard says 2FA is on
/// and confirms the codes; closing the codes records new ones (and says
/// so), confirms saved ones, or fetches the account again.
#[component]
pub fn TwoFactorDialogs(
    /// The panel's flows: what is open, and what the pop-ups start.
    flows: TwoFactorFlows,
) -> impl IntoView {
    let state = use_app_state();
    view! {
        {move || {
            flows
                .setup
                .get()
                .map(|setup| {
                    view! {
                        <SetupWizard
                            setup=setup
                            on_cancel=move |()| flows.setup.set(None)
                            on_done=move |(version, tokens_ended): (u64, u32)| {
                                flows.setup.set(None);
                                let link = (tokens_ended > 0)
                                    .then_some(("/settings/tokens", messages::REVIEW_TOKENS));
                                flows.say(messages::two_factor_turned_on(tokens_ended), link);
                                state.confirm_recovery_codes(version);
                            }
                            on_restart=move |()| flows.start(Sensitive::SetUp)
                        />
                    }
                })
        }}
        <ChangeAppDialog flows=flows />
        {move || {
            flows
                .codes
                .get()
                .map(|codes| {
                    let version = codes.codes.version;
                    let new_codes_left = codes.regenerated.then_some(codes.codes.left);
                    let confirming = codes.confirming;
                    view! {
                        <RecoveryCodesDialog
                            view=codes
                            on_close=move |saved: bool| {
                                flows.codes.set(None);
                                match new_codes_left {
                                    Some(left) => {
                                        state.record_new_recovery_codes(left, version);
                                        flows.say(messages::NEW_RECOVERY_CODES_SAVED, None);
                                    }
                                    None if confirming && saved => {
                                        state.confirm_recovery_codes(version);
                                    }
                                    None => state.refresh(),
                                }
                            }
                            on_regenerate=move |()| flows.ask_to_confirm(Sensitive::Regenerate)
                        />
                    }
                })
        }}
        {move || match flows.confirming.get() {
            Some(change @ (Sensitive::Regenerate | Sensitive::Disable)) => {
                Some(view! { <TwoFactorConfirmDialog change=change flows=flows /> })
            }
            _ => None,
        }}
        {move || {
            flows
                .asking
                .get()
                .map(|(change, need)| {
                    view! {
                        <PasswordDialog
                            need=need
                            on_confirmed=move |()| {
                                flows.asking.set(None);
                                flows.perform(change);
                            }
                            on_cancel=move |()| flows.asking.set(None)
                        />
                    }
                })
        }}
    }
}
