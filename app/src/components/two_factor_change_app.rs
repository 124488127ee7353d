//! Change Authenticator App: a new app for a new phone, without turning
//! two-factor authentication off; for an account with security keys
//! alone, Add an Authenticator App.

use leptos::prelude::*;

use super::dialog::Dialog;
use super::register_app_step::RegisterAppStep;
use super::setup_code_flow::Confirmed;
use super::two_factor_flows::{Sensitive, TwoFactorFlows};
use crate::logic::app_setup::AppSetup;
use crate::logic::{messages, security_keys};
use crate::state::use_app_state;

/// The dialog, while the flows hold Setup2FA's answer (after the step-up
/// with the password and a code from the current app, or a recovery
/// code): the set-up wizard's register step for the new app, whose first
/// code replaces the old app (Change2FAApp). Until then the old app keeps
/// working; after, the section's status line says what ended and what
/// stayed.
#[component]
pub fn ChangeAppDialog(
    /// The panel's flows: the pending set-up, and Start Again.
    flows: TwoFactorFlows,
) -> impl IntoView {
    let state = use_app_state();
    // An account that confirms with keys alone adds its first app here.
    let (purpose, title, done) = match state.account.with_untracked(|a| {
        a.as_ref()
            .is_none_or(|a| security_keys::has_app(&a.two_factor))
    }) {
        true => (
            AppSetup::Replace,
            messages::CHANGE_APP,
            messages::APP_CHANGED,
        ),
        false => (AppSetup::Add, messages::ADD_APP, messages::APP_ADDED),
    };
    let close = move |()| flows.new_app.set(None);
    let changed = move |confirmed: Confirmed| {
        if confirmed == Confirmed::Replaced {
            flows.new_app.set(None);
            flows.say(done, None);
            state.refresh();
        }
    };
    move || {
        flows.new_app.get().map(|setup| {
            view! {
                <Dialog
                    title=title
                    on_close=close
                    class="wide"
                    testid="change-app-dialog"
                    return_focus="tfa-title"
                >
                    <RegisterAppStep
                        setup=setup
                        purpose=purpose
                        on_confirmed=changed
                        on_cancel=close
                        on_restart=move |()| flows.start(Sensitive::ChangeApp)
                    />
                </Dialog>
            }
        })
    }
}
