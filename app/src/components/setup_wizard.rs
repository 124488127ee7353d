//! Set Up Two-Factor Authentication: register the authenticator app, then
//! save the recovery codes.

use leptos::html;
use leptos::prelude::*;
use twofold_api::account::{RecoveryCodesResponse, Setup2FAResponse};

use super::dialog::Dialog;
use super::new_codes::NewCodes;
use super::register_app_step::RegisterAppStep;
use super::setup_code_flow::Confirmed;
use super::wizard_steps::WizardSteps;
use crate::logic::app_setup::AppSetup;
use crate::logic::messages;
use crate::logic::save_gate::SaveGate;
use crate::state::use_app_state;

/// The two-step setup wizard, as in the seed: step 1 shows the QR code, the
/// key for typing by hand and a code field (**Next** sends the code, which
/// switches 2FA on); step 2 shows the new recovery codes, which must be
/// saved before **Done**.
#[component]
pub fn SetupWizard(
    /// What Setup2FA returned.
    setup: Setup2FAResponse,
    /// Called on Cancel in step 1 (2FA stays off).
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called on Done in step 2 (2FA is on, the codes saved), with the
    /// codes' version for Confirm2FABackupCodes and how many access tokens
    /// Enable2FA ended.
    #[prop(into)]
    on_done: Callback<(u64, u32)>,
    /// Called on "Start Again" when the pending key has expired.
    #[prop(into)]
    on_restart: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let codes = RwSignal::new(None::<RecoveryCodesResponse>);
    let gate = RwSignal::new(SaveGate::new());
    let hint = RwSignal::new(None::<String>);

    let done = Callback::new(move |()| {
        let enabled = codes.with_untracked(|c| {
            c.as_ref()
                .map(|c| (c.version, c.tokens_ended.unwrap_or_default()))
        });
        if let Some(enabled) = enabled {
            on_done.run(enabled);
        }
    });
    let close = move |()| match codes.with_untracked(Option::is_some) {
        false => on_cancel.run(()),
        true if gate.get_untracked().can_finish() => done.run(()),
        true => hint.set(Some(messages::SAVE_RECOVERY_CODES_FIRST.into())),
    };
    // 2FA is on from here: the card behind the wizard says so at once, and
    // the server counts the codes as unconfirmed until Done.
    let enabled = move |confirmed: Confirmed| {
        if let Confirmed::TurnedOn(enabled) = confirmed {
            state.refresh();
            codes.set(Some(enabled));
        }
    };
    let step_two = NodeRef::<html::H3>::new();
    // The field that sent the code is gone: focus moves to the new step.
    Effect::new(move || {
        if let Some(heading) = step_two.get() {
            let _ = heading.focus();
        }
    });
    let login = state.login();

    view! {
        <Dialog
            title=messages::SET_UP_TWO_FACTOR
            on_close=close
            class="wide"
            testid="setup-dialog"
            return_focus="tfa-title"
        >
            {move || match codes.get().map(|c| c.codes) {
                None => {
                    view! {
                        <RegisterAppStep
                            setup=setup.clone()
                            purpose=AppSetup::TurnOn
                            on_confirmed=enabled
                            on_cancel=on_cancel
                            on_restart=on_restart
                        />
                    }
                        .into_any()
                }
                Some(list) => {
                    view! {
                        <WizardSteps current=2 />
                        <h3
                            class="step-title"
                            tabindex="-1"
                            data-testid="step-heading"
                            node_ref=step_two
                        >
                            {messages::SAVE_YOUR_CODES}
                        </h3>
                        <NewCodes
                            codes=Signal::stored(list)
                            login=login.clone()
                            gate=gate
                            on_done=done
                            hint=hint
                        />
                    }
                        .into_any()
                }
            }}
        </Dialog>
    }
}
