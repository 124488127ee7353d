//! The buttons under a new authenticator app's code form.

use leptos::html;
use leptos::prelude::*;

use super::busy_button::BusyButton;
use super::setup_code_flow::SetupCodeFlow;
use crate::logic::app_setup::AppSetup;
use crate::logic::messages;

/// Cancel and the form's submit button (Next when recovery codes follow,
/// else Confirm); once the set-up is gone, Start Again in its place, which
/// takes the focus the vanished code field had.
#[component]
pub fn SetupCodeActions(
    /// The form's signals.
    flow: SetupCodeFlow,
    /// Called on Cancel.
    on_cancel: Callback<()>,
    /// Called on "Start Again".
    on_restart: Callback<()>,
) -> impl IntoView {
    let submit_label = if flow.setup.has_codes_step() {
        "Next"
    } else {
        "Confirm"
    };
    let testid = match flow.setup {
        AppSetup::TurnOn => "next",
        AppSetup::Replace | AppSetup::Add => "confirm-new-app",
    };
    let restart = NodeRef::<html::Button>::new();
    Effect::new(move || {
        if let Some(button) = restart.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="dialog-actions">
            <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
            {move || {
                if flow.gone.with(Option::is_some) {
                    view! {
                        <button
                            type="button"
                            class="button primary"
                            data-testid="start-again"
                            node_ref=restart
                            on:click=move |_| on_restart.run(())
                        >
                            {messages::START_AGAIN}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <BusyButton busy=flow.busy submit=true class="primary" testid=testid>
                            {submit_label}
                        </BusyButton>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
