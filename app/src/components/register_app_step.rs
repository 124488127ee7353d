//! Step 1 of the setup wizard: connect the authentication application and
//! confirm it with a code (Enable2FA).

use leptos::prelude::*;
use twofold_api::account::{RecoveryCodesResponse, Setup2FAResponse};

use super::app_registration::AppRegistration;
use super::setup_code_form::SetupCodeForm;
use super::wizard_steps::WizardSteps;
use crate::browser;

/// Step 1: connect the authentication application and confirm with a code;
/// the access tokens ticked in the list below the code keep working, the
/// others stop when 2FA goes on.
#[component]
pub fn RegisterAppStep(
    /// What Setup2FA returned.
    setup: Setup2FAResponse,
    /// Called with the recovery codes once Enable2FA accepted the code.
    #[prop(into)]
    on_enabled: Callback<RecoveryCodesResponse>,
    /// Called on Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called on "Start Again".
    #[prop(into)]
    on_restart: Callback<()>,
) -> impl IntoView {
    // On a phone the keyboard would cover the QR code and the instructions:
    // focus starts on the step's heading there, on the field elsewhere.
    let field_first = browser::autofocus_helps();
    let period = setup.period;

    view! {
        <WizardSteps current=1 />
        <h3
            class="step-title"
            tabindex="-1"
            data-testid="step-heading"
            data-autofocus=(!field_first).then_some("")
        >
            "Register your authentication application"
        </h3>
        <p>
            "Open Google Authenticator (or another authentication application) on your phone and \
             add your account by scanning the QR code or by typing the data below."
        </p>
        <AppRegistration setup=setup />
        <SetupCodeForm
            period=period
            field_first=field_first
            on_enabled=on_enabled
            on_cancel=on_cancel
            on_restart=on_restart
        />
    }
}
