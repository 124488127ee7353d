//! Set Up Two-Factor Authentication: register the authentication application, then
//! save the recovery codes.

use leptos::html;
use leptos::prelude::*;
use twofold_api::account::{RecoveryCodeEntry, Setup2FAResponse};

use super::dialog::Dialog;
use super::new_codes::NewCodes;
use super::register_app_step::RegisterAppStep;
use super::wizard_steps::WizardSteps;
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
    /// Called on Done in step 2 (2FA is on, the codes saved).
    #[prop(into)]
    on_done: Callback<()>,
    /// Called on "Start Again" when the pending key has expired.
    #[prop(into)]
    on_restart: Callback<()>,
) -> impl IntoView {
    let state = use_app_state();
    let codes = RwSignal::new(None::<Vec<RecoveryCodeEntry>>);
    let gate = RwSignal::new(SaveGate::new());
    let hint = RwSignal::new(None::<String>);

    let close = move |()| match codes.get_untracked() {
        None => on_cancel.run(()),
        Some(_) if gate.get_untracked().can_finish() => on_done.run(()),
        Some(_) => hint.set(Some(messages::SAVE_RECOVERY_CODES_FIRST.into())),
    };
    // 2FA is on from here: the card behind the wizard says so at once, and
    // this browser remembers the codes are unconfirmed until Done.
    let enabled = move |list: Vec<RecoveryCodeEntry>| {
        state.record_codes_unconfirmed();
        state.refresh();
        codes.set(Some(list));
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
            title="Set Up Two-Factor Authentication"
            on_close=close
            class="wide"
            testid="setup-dialog"
            return_focus="tfa-title"
        >
            {move || match codes.get() {
                None => {
                    view! {
                        <RegisterAppStep
                            setup=setup.clone()
                            on_enabled=enabled
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
                            "Save your recovery codes"
                        </h3>
                        <NewCodes
                            codes=Signal::stored(list)
                            login=login.clone()
                            gate=gate
                            on_done=on_done
                            hint=hint
                        />
                    }
                        .into_any()
                }
            }}
        </Dialog>
    }
}
