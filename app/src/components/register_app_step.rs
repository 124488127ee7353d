//! Registering an authenticator app and confirming it with its first code:
//! step 1 of the set-up wizard (Enable2FA), and the whole of Change
//! Authenticator App (Change2FAApp).

use leptos::prelude::*;
use twofold_api::account::Setup2FAResponse;

use super::app_registration::AppRegistration;
use super::setup_code_flow::{Confirmed, SetupCodeFlow};
use super::setup_code_form::SetupCodeForm;
use super::two_factor_app_help::AppHelp;
use super::two_factor_setup_gone::SetupGone;
use super::wizard_steps::WizardSteps;
use crate::browser;
use crate::logic::app_setup::AppSetup;
use crate::logic::messages;
use crate::state::use_app_state;

/// Connect the authenticator app (QR code, key, help getting one) and
/// confirm with a code. Once the set-up is gone (too many wrong codes, or
/// expired), the QR code and key give way to what to do instead.
#[component]
pub fn RegisterAppStep(
    /// What Setup2FA returned.
    setup: Setup2FAResponse,
    /// Turning 2FA on, or replacing the app.
    purpose: AppSetup,
    /// Called once the server accepted the code.
    #[prop(into)]
    on_confirmed: Callback<Confirmed>,
    /// Called on Cancel.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called on "Start Again".
    #[prop(into)]
    on_restart: Callback<()>,
) -> impl IntoView {
    let flow = SetupCodeFlow::new(use_app_state(), purpose, on_confirmed);
    // On a phone the keyboard would cover the QR code and the instructions:
    // focus starts on the step's heading there, on the field elsewhere.
    let field_first = browser::autofocus_helps();
    let period = setup.period;
    let (heading, how) = match purpose {
        AppSetup::TurnOn | AppSetup::Add => (messages::REGISTER_APP, messages::REGISTER_APP_HOW),
        AppSetup::Replace => (messages::REGISTER_NEW_APP, messages::REGISTER_NEW_APP_HOW),
    };

    view! {
        {purpose.has_codes_step().then(|| view! { <WizardSteps current=1 /> })}
        <h3
            class="step-title"
            tabindex="-1"
            data-testid="step-heading"
            data-autofocus=(!field_first).then_some("")
        >
            {heading}
        </h3>
        {move || match flow.gone.get() {
            None => {
                view! {
                    <p>{how}</p>
                    <AppHelp />
                    <AppRegistration setup=setup.clone() />
                }
                    .into_any()
            }
            Some(end) => view! { <SetupGone end=end /> }.into_any(),
        }}
        <SetupCodeForm
            flow=flow
            period=period
            field_first=field_first
            on_cancel=on_cancel
            on_restart=on_restart
        />
    }
}
